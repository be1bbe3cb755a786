"""How soon headless Chromium has a live figure's PNG decoded: set as a blob URL or as a data: URL.

ipywidgets' Image view makes a blob URL of PNG bytes; for format "url" it sets the value as the <img>'s
src unchanged, which is what softmaxlab's PNGImage sends (a data: URL). This script times, in a blank
page of Debian's chromium, from setting ``img.src`` to ``img.decode()`` resolving, and to the next
animation frame after that, for six pictures of OverflowExplorer (02) at different scales, 60 times
each way, interleaved in rounds. Not part of ``make bench``; run it alone on a quiet machine:

    .venv/bin/python benchmarks/bench_image_src.py
"""
import base64
import statistics

from playwright.sync_api import sync_playwright

from softmaxlab.widgets.overflow import OverflowExplorer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# In the page: set the <img>'s src `n` times (30 ms apart), each time from a new blob URL or a data: URL,
# and note [to decoded, to the next frame] in ms.
TIME_SRC = """async ([pngs, mode, n]) => {
  const img = document.createElement('img');
  document.body.appendChild(img);
  const bytes = pngs.map(b => Uint8Array.from(atob(b), c => c.charCodeAt(0)));
  const times = [];
  for (let i = 0; i < n; i++) {
    await new Promise(resolve => setTimeout(resolve, 30));
    const start = performance.now(), k = i % pngs.length, old = img.src;
    img.src = mode === 'blob' ? URL.createObjectURL(new Blob([bytes[k]], {type: 'image/png'}))
                              : 'data:image/png;base64,' + pngs[k];
    if (mode === 'blob' && old) URL.revokeObjectURL(old);
    await img.decode().catch(() => null);
    const decoded = performance.now() - start;
    await new Promise(resolve => requestAnimationFrame(resolve));
    times.push([decoded, performance.now() - start]);
  }
  return times;
}"""


def pictures():
    widget = OverflowExplorer()
    found = []
    for scale in (1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        widget.scale.value = scale
        found.append(base64.b64encode(bytes(widget.live.image.value)).decode())
    return found


def main(rounds=2, n=60):
    pngs = pictures()
    kb = statistics.median(len(base64.b64decode(p)) for p in pngs) / 1000
    times = {"blob": [], "data": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        for _ in range(rounds):
            for mode in times:
                times[mode] += page.evaluate(TIME_SRC, [pngs, mode, n])
        browser.close()
    print(f"{len(pngs)} PNGs of OverflowExplorer, median {kb:.1f} kB; {rounds} x {n} settings of img.src each way")
    for mode, rows in times.items():
        decoded = sorted(r[0] for r in rows)
        print(f"{mode:>4} URL: decoded after median {statistics.median(decoded):.1f} ms "
              f"(p95 {decoded[int(0.95 * (len(decoded) - 1))]:.1f}); next frame after median "
              f"{statistics.median(r[1] for r in rows):.1f} ms")


if __name__ == "__main__":
    main()
