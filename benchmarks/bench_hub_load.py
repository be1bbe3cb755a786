"""How many students the class hub holds with a live widget each: a protocol-level load test (issue 29, item 5).

    sudo .venv/bin/python benchmarks/bench_hub_load.py --students 2 4 8 --seconds 30

For each class size N: the hub of classroom/ on 127.0.0.1 (tests/hub_harness.py: LocalProcessSpawner, test
accounts made and removed), N students logged in through the REST API, each with a server and a kernel showing
notebook 01's ``SoftmaxExplorer``. Then, for ``--seconds``, every student moves the first slider twice a second
by a comm message (what the browser sends: ``{"method": "update", "state": {"value": ...}}``) and times each
move from the message sent to the widget's picture update (the image model's ``update`` comm message)
received. A move whose picture has not come back by the next move is counted as late and timed when it
comes. Prints, per N, the median and p95 of the move-to-picture times and the load average; the largest N with
p95 <= 250 ms (issue 29's criterion) is what this machine holds. Not part of ``make test``; nothing timed is
asserted. Root only (it makes Unix users); Debian's python3-venv, nodejs, npm, bubblewrap (hub_harness.missing()).
No browser: the page's own decoding and layout are not counted (docs/benchmarks.md, part (w), times those).
"""
import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import hub_harness  # noqa: E402

BUDGET_MS = 250.0
WIDGET = '''import json, ipywidgets
from softmaxlab.widgets.softmax import SoftmaxExplorer
_w = SoftmaxExplorer([2.0, 1.0, 0.1, -1.0, 0.5])
def _walk(w):
    yield w
    for c in getattr(w, "children", ()):
        yield from _walk(c)
_slider = next(x for x in _walk(_w) if type(x) is ipywidgets.FloatSlider)
_image = next(x for x in _walk(_w) if isinstance(x, ipywidgets.Image))
print(json.dumps({"slider": _slider.model_id, "image": _image.model_id}))
'''


def _message(channel, msg_type, content, username):
    return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "username": username, "session": uuid.uuid4().hex,
                                  "version": "5.3", "msg_type": msg_type, "date": ""},
                       "parent_header": {}, "metadata": {}, "channel": channel, "buffers": [], "content": content})


async def one_student(hub, name, password, seconds, start, log):
    """Log in, start a server and a kernel with the widget, then move its slider twice a second from `start`."""
    from test_hub_e2e import Student, binary_json
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    student = Student(hub, name, password)
    await student.login()
    await student.start_server()
    kernel = await student.call("POST", f"{student.base}/api/kernels", {"name": "python3"}, expect=(200, 201))
    url = f"{student.base.replace('http', 'ws', 1)}/api/kernels/{kernel['id']}/channels?session_id={uuid.uuid4().hex}"
    socket = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {student.token}"},
                                                 connect_timeout=300, request_timeout=300))  # set-up: not timed
    outputs, _ = await student.execute(socket, WIDGET)
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    if "slider" not in text:
        raise RuntimeError(f"{name}: the widget did not start: {outputs}")
    ids = json.loads(text.strip().splitlines()[-1])
    start, ready, everyone = start
    ready.append(name)
    log(f"  {name} ready ({len(ready)} of {everyone})")
    if len(ready) == everyone:
        start.set()
    await start.wait()
    sent, times, late = {}, [], 0

    async def reader():  # until the socket is closed (read_message then gives None): no timeout, no lost frame
        while True:
            frame = await socket.read_message()
            if frame is None:
                return
            msg = json.loads(frame if isinstance(frame, str) else binary_json(frame))
            content = msg.get("content", {})
            if msg.get("msg_type") == "comm_msg" and content.get("comm_id") == ids["image"] and sent:
                data = content.get("data", {})
                if data.get("method") == "update" and ("value" in data.get("state", {}) or data.get("buffer_paths")):
                    first = min(sent)
                    times.append((time.perf_counter() - sent.pop(first)) * 1000)

    task = asyncio.create_task(reader())
    values = [1.5, 2.5]
    end = time.monotonic() + seconds
    move = 0
    while time.monotonic() < end:
        if sent:
            late += 1
        sent[move] = time.perf_counter()
        await socket.write_message(_message("shell", "comm_msg", {
            "comm_id": ids["slider"], "data": {"method": "update", "state": {"value": values[move % 2]},
                                               "buffer_paths": []}}, name))
        move += 1
        await asyncio.sleep(0.5)
    await asyncio.sleep(2.0)  # the last pictures
    socket.close()
    try:
        await asyncio.wait_for(task, 30)
    except asyncio.TimeoutError:
        log(f"  {name}: the kernel's websocket did not close within 30 s")
    await student.call("DELETE", f"{student.base}/api/kernels/{kernel['id']}", expect=(204,))
    await student.stop_server()
    student.client.close()
    return {"moves": move, "timed": len(times), "late": late, "ms": times}


async def run_class(hub, passwords, seconds, log):
    """Every student set up (server, kernel, widget) before anyone moves; then all move at once."""
    start, ready = asyncio.Event(), []

    async def student(name, password):
        return await one_student(hub, name, password, seconds, (start, ready, len(passwords)), log)

    return await asyncio.gather(*(student(name, pw) for name, pw in passwords.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[2, 4, 8], help="class sizes to try, in order")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long every student moves the slider")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    reason = hub_harness.missing()
    if reason:
        print(f"bench_hub_load: {reason}", file=sys.stderr)
        return 2
    venv, chp = hub_harness.students_venv(), hub_harness.proxy()
    results = []
    for n in args.students:
        names = [f"slload{i:02d}" for i in range(1, n + 1)]
        workdir = Path(tempfile.mkdtemp(prefix="softmaxlab-hubload-"))
        try:
            with hub_harness.Accounts(names, print) as accounts, \
                    hub_harness.Hub(venv, chp, names, [], workdir, print) as hub:
                load_before = os.getloadavg()
                got = asyncio.run(run_class(hub, accounts.passwords, args.seconds, print))
                load_after = os.getloadavg()
        except Exception as exc:  # a class that could not even be set up: say so, try the next size
            print(f"{n:3d} students: NOT MEASURED, the set-up failed: {type(exc).__name__}: {str(exc)[:300]}")
            results.append({"students": n, "failed": f"{type(exc).__name__}: {str(exc)[:300]}", "p95_ms": None})
            continue
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        ms = sorted(t for r in got for t in r["ms"])
        moves = sum(r["moves"] for r in got)
        row = {"students": n, "moves": moves, "timed": len(ms), "late": sum(r["late"] for r in got),
               "median_ms": statistics.median(ms) if ms else None,
               "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else None,
               "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after]}
        results.append(row)
        print(f"{n:3d} students: {moves} moves, {len(ms)} pictures timed, {row['late']} sent before the previous "
              f"picture came, median {row['median_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms; load average "
              f"{load_before[0]:.2f} before, {load_after[0]:.2f} after" if ms else f"{n} students: nothing timed")
    held = [r["students"] for r in results if r["p95_ms"] is not None and r["p95_ms"] <= BUDGET_MS]
    print(f"largest class with p95 <= {BUDGET_MS:.0f} ms on this machine: {max(held) if held else 'none tried'} "
          f"(of {', '.join(str(n) for n in args.students)}; {os.cpu_count()} cores)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
