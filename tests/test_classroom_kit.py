"""The class hub kit (classroom/, issue 29): its configs parse and agree, the grade export, the marked edition.

Fast and offline; JupyterHub, nbgrader and Kubernetes are not needed (the configs are loaded with a stand-in
``get_config``). The gradebook is tests/classroom_kit/gradebook.sql, made with nbgrader 0.9.6's own API
(tests/classroom_kit/make_gradebook.py), and nbgrader_export.csv is what ``nbgrader export`` wrote from it.
"""
import csv
import importlib.util
import json
import re
import runpy
import sqlite3
from pathlib import Path

import nbformat
import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "classroom"
DATA = Path(__file__).resolve().parent / "classroom_kit"
SIZING = json.loads((KIT / "sizing.json").read_text())
BINARY = {"K": 2**10, "M": 2**20, "G": 2**30}  # JupyterHub's and KubeSpawner's byte suffixes are powers of 1024


def _module(name):
    spec = importlib.util.spec_from_file_location(name, KIT / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mib(text):
    match = re.fullmatch(r"(\d+)([KMG])", text)
    assert match, f"{text!r} is not a JupyterHub byte specification"
    return int(match.group(1)) * BINARY[match.group(2)] / 2**20


def _load(path, **env):
    config = Config()
    runpy.run_path(str(path), init_globals={"get_config": lambda: config})
    return config


@pytest.fixture
def hub(monkeypatch, tmp_path):
    (tmp_path / "instructors.txt").write_text("# the course team\nteacher\n")
    (tmp_path / "students.txt").write_text("ada\n\nbo\n")
    monkeypatch.setenv("SOFTMAXLAB_INSTRUCTORS", str(tmp_path / "instructors.txt"))
    monkeypatch.setenv("SOFTMAXLAB_STUDENTS", str(tmp_path / "students.txt"))
    monkeypatch.setenv("SOFTMAXLAB_HUB_STATE", str(tmp_path))
    monkeypatch.delenv("SOFTMAXLAB_HUB_SPAWNER", raising=False)
    return _load(KIT / "jupyterhub_config.py")


# ------------------------------------------------------------------ the configs agree with sizing.json


def _kernel_peaks():
    """Each notebook's kernel peak (MiB) from docs/benchmarks.md, section (m) (benchmarks/bench_memory.py)."""
    text = (ROOT / "docs" / "benchmarks.md").read_text()
    section = text.split("### (m) Kernel memory per notebook after Run All")[1].split("\n### ")[0]
    peaks = {name: int(peak) for name, peak in re.findall(r"^\| (\d\d-[\w-]+\.ipynb) \| (\d+) \|", section, flags=re.M)}
    assert len(peaks) == len(list((ROOT / "notebooks").glob("*.ipynb"))), "a notebook is missing from (m)"
    return peaks


def test_limits_hold_the_measured_memory():
    """Guarantee: the server and the largest kernel peak; limit: the server and the two largest kernels at once.

    Checked against the figures docs/benchmarks.md reports now, so a notebook that grows past the limits
    fails here once `make bench` has measured it."""
    server = SIZING["measured"]["server_rss_mib"]
    largest, second = sorted(_kernel_peaks().values())[-2:][::-1]
    assert _mib(SIZING["mem_guarantee"]) >= server + largest
    assert _mib(SIZING["mem_limit"]) >= server + largest + second
    assert SIZING["measured"]["kernel_peak_mib_largest"] >= largest  # the README's figure is not stale


def test_hub_config_uses_sizing(hub):
    assert hub.Spawner.mem_limit == SIZING["mem_limit"]
    assert hub.Spawner.mem_guarantee == SIZING["mem_guarantee"]
    assert hub.Spawner.cpu_limit == SIZING["cpu_limit"]
    assert hub.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"  # the one that enforces the limits
    (culler,) = hub.JupyterHub.services
    args = culler["command"]
    assert args[1:3] == ["-m", "jupyterhub_idle_culler"]
    assert f"--timeout={SIZING['cull_timeout_seconds']}" in args
    assert f"--cull-every={SIZING['cull_every_seconds']}" in args
    assert f"--max-age={SIZING['cull_max_age_seconds']}" in args
    (role,) = hub.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]


def test_hub_config_reads_the_class_lists(hub):
    assert hub.Authenticator.admin_users == {"teacher"}
    assert hub.Authenticator.allowed_users == {"teacher", "ada", "bo"}


def test_hub_config_local_spawner_and_a_wrong_name(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SOFTMAXLAB_HUB_STATE", str(tmp_path))
    monkeypatch.setenv("SOFTMAXLAB_HUB_SPAWNER", "local")
    assert _load(KIT / "jupyterhub_config.py").JupyterHub.spawner_class.endswith("LocalProcessSpawner")
    assert "NOT enforced" in capsys.readouterr().err
    monkeypatch.setenv("SOFTMAXLAB_HUB_SPAWNER", "docker")
    with pytest.raises(ValueError, match="'systemd' or 'local'"):
        _load(KIT / "jupyterhub_config.py")


def test_z2jh_config_matches_the_one_server_hub():
    values = yaml.safe_load((KIT / "z2jh" / "config.yaml").read_text())
    single = values["singleuser"]
    assert single["memory"] == {"guarantee": SIZING["mem_guarantee"], "limit": SIZING["mem_limit"]}
    assert single["cpu"]["limit"] == SIZING["cpu_limit"]
    assert single["image"]["name"] == SIZING["image"]
    assert values["cull"] == {"enabled": True, "timeout": SIZING["cull_timeout_seconds"],
                              "every": SIZING["cull_every_seconds"], "maxAge": SIZING["cull_max_age_seconds"]}


def test_nbgrader_configs_name_one_course_and_exchange():
    hub_side = _load(KIT / "nbgrader_config.py")
    assert hub_side.CourseDirectory.course_id == SIZING["course_id"]
    assert hub_side.Exchange.root == SIZING["exchange_root"]
    make_student = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
    module = importlib.util.module_from_spec(make_student)
    make_student.loader.exec_module(module)
    assert f'c.CourseDirectory.course_id = "{SIZING["course_id"]}"' in module.NBGRADER_CONFIG
    setup = (KIT / "setup.sh").read_text()
    assert SIZING["exchange_root"] in setup and "chmod 1777" in setup
    assert "/etc/jupyter/nbgrader_config.py" in setup


def test_setup_pins_what_the_readme_says():
    setup = (KIT / "setup.sh").read_text()
    pins = dict(re.findall(r"([\w-]+)==([\w.]+)", setup.split("HUB_PINS=")[1].split("\n")[0]))
    assert set(pins) == {"jupyterhub", "jupyterhub-idle-culler", "jupyterhub-systemdspawner", "nbgrader",
                         "nbgitpuller"}
    readme = (KIT / "README.md").read_text()
    for name, version in pins.items():
        assert f"{name}=={version}" in readme, name
    assert int(pins["jupyterhub"].split(".")[0]) == 6


# ------------------------------------------------------------------ grade export


@pytest.fixture
def gradebook(tmp_path):
    db = sqlite3.connect(tmp_path / "gradebook.db")
    db.executescript((DATA / "gradebook.sql").read_text())
    db.commit()
    db.close()
    return tmp_path


def test_export_writes_nbgrader_csv_exactly(gradebook):
    assert _module("export_grades").main([str(gradebook)]) == 0
    assert (gradebook / "export" / "grades.csv").read_text() == (DATA / "nbgrader_export.csv").read_text()


def test_export_canvas_csv(gradebook):
    _module("export_grades").main([str(gradebook), "--out", str(gradebook / "out")])
    with open(gradebook / "out" / "canvas.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00-welcome", "01-softmax"]
    assert rows[1] == ["Points Possible", "", "", "", "", "1", "3"]
    by_login = {row[3]: row for row in rows[2:]}
    assert sorted(by_login) == ["s01", "s02", "s03", "s04"]
    assert by_login["s01"] == ["Lovelace, Ada", "4711", "", "s01", "", "0", "3"]  # late penalty 2 > raw 1: 0
    assert by_login["s02"][5:] == ["0", "0.5"]  # manual 0.5 over auto 0, plus 1, minus penalty 1
    assert by_login["s03"][0] == "Zhang, Bo" and by_login["s03"][5:] == ["0", "0.25"]  # extra credit
    assert by_login["s04"][:1] == ["s04"] and by_login["s04"][5:] == ["0", "0"]  # never submitted


def test_export_follows_a_changed_grade(gradebook):
    """A manual grade entered after autograding changes both files (the tool reads, it does not cache)."""
    db = sqlite3.connect(gradebook / "gradebook.db")
    db.execute("UPDATE grade SET manual_score = 1.0 WHERE id IN (SELECT g.id FROM grade g JOIN base_cell b ON "
               "b.id = g.cell_id JOIN submitted_notebook s ON s.id = g.notebook_id JOIN submitted_assignment a ON "
               "a.id = s.assignment_id WHERE a.student_id = 's03' AND b.name = 'c2')")
    db.commit()
    db.close()
    export = _module("export_grades")
    rows = export.read_gradebook(gradebook / "gradebook.db", ["01-softmax"])
    s03 = next(row for row in rows if row["student_id"] == "s03")
    assert (s03["raw_score"], s03["score"], s03["max_score"]) == (1.25, 1.25, 3.0)
    assert {row["assignment"] for row in rows} == {"01-softmax"}


def test_export_refuses_bad_input(tmp_path, gradebook):
    export = _module("export_grades")
    with pytest.raises(ValueError, match="no gradebook"):
        export.read_gradebook(tmp_path / "missing.db")
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(ValueError, match="not an nbgrader 0.9 gradebook"):
        export.read_gradebook(tmp_path / "other.db")
    with pytest.raises(ValueError, match="no assignment 99-nothing"):
        export.read_gradebook(gradebook / "gradebook.db", ["99-nothing"])
    db = sqlite3.connect(gradebook / "gradebook.db")
    db.execute("UPDATE student SET last_name = 'Smith, Jr' WHERE id = 's03'")
    db.commit()
    db.close()
    with pytest.raises(ValueError, match="comma"):
        export.write_nbgrader_csv(export.read_gradebook(gradebook / "gradebook.db"), tmp_path / "g.csv")


# ------------------------------------------------------------------ the marked-class edition


def test_marked_edition_has_no_solutions(tmp_path):
    marked = _module("marked_edition")
    source = sorted((ROOT / "notebooks").glob("0[01]-*.ipynb"))
    written = marked.write_marked(tmp_path / "marked", source)
    assert [p.name for p in written] == [p.name for p in source]
    assert not (tmp_path / "marked" / "student").exists() and not (tmp_path / "marked" / "tests").exists()
    assert (tmp_path / "marked" / "src" / "softmaxlab" / "__init__.py").is_file()
    assert (tmp_path / "marked" / "classroom" / "jupyterhub_config.py").is_file()
    for path in written:
        nb = nbformat.read(path, as_version=4)
        assert marked.leaks(nb) == []
        solved = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
        solution_lines = {line.strip() for cell in solved.cells if "exercise" in cell.metadata.get("tags", [])
                          for line in cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
                          .split("\n") if line.strip()}
        text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
        assert solution_lines and not any(line in text.split("\n") for line in solution_lines)
    with pytest.raises(ValueError, match="not empty"):
        marked.write_marked(tmp_path / "marked", source)


def test_marked_edition_catches_a_stuck_link_and_a_solution():
    marked = _module("marked_edition")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Stuck?** See [the complete one](../notebooks/01-softmax.ipynb)."),
        nbformat.v4.new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        nbformat.v4.new_markdown_cell("Next: [02](02-overflow-trick.ipynb)."),
    ])
    assert [problem.split(":")[0] for problem in marked.leaks(nb)] == ["cell 0", "cell 1"]


def test_hub_config_tls_needs_both_files(monkeypatch, tmp_path):
    monkeypatch.setenv("SOFTMAXLAB_HUB_STATE", str(tmp_path))
    monkeypatch.setenv("SOFTMAXLAB_HUB_SSL_CERT", str(tmp_path / "cert.pem"))
    monkeypatch.delenv("SOFTMAXLAB_HUB_SSL_KEY", raising=False)
    with pytest.raises(ValueError, match="SOFTMAXLAB_HUB_SSL_KEY"):
        _load(KIT / "jupyterhub_config.py")
    monkeypatch.setenv("SOFTMAXLAB_HUB_SSL_KEY", str(tmp_path / "key.pem"))
    hub = _load(KIT / "jupyterhub_config.py")
    assert (hub.JupyterHub.ssl_cert, hub.JupyterHub.ssl_key) == (str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"))


# ------------------------------------------------------------------ the end-to-end test's hub (tests/hub_harness.py)


def test_hub_test_installs_what_setup_sh_installs():
    """make test-hub's students' venv has setup.sh's pins, requirements.txt's and nbgrader's of requirements-test.txt."""
    import hub_harness

    hub_pins, chp = hub_harness.setup_pins()
    assert chp.startswith("configurable-http-proxy@")
    wanted = hub_harness.venv_requirements()
    assert set(hub_pins) <= set(wanted)
    assert set(hub_harness._pins(ROOT / "requirements.txt")) <= set(wanted)
    assert not [p for p in wanted if p.startswith("-e") or "==" not in p], wanted
    test_pins = dict(p.split("==") for p in hub_harness._pins(ROOT / "requirements-test.txt"))
    setup = dict(p.split("==") for p in hub_pins)
    assert setup["nbgrader"] == test_pins["nbgrader"], "setup.sh and requirements-test.txt pin different nbgraders"
    names = [p.split("==")[0].lower() for p in wanted]
    assert len(names) == len(set(names)), f"a package pinned twice: {wanted}"


def test_hub_overlay_changes_only_what_a_test_machine_needs(tmp_path):
    """The overlay the end-to-end test loads keeps every setting of jupyterhub_config.py it does not name."""
    import hub_harness

    text = hub_harness.OVERLAY.format(config=str(KIT / "jupyterhub_config.py"), hub_port=1, proxy_api_port=2,
                                      environment={"PYTHONPATH": "/x"})
    assert re.findall(r"^c\.(\w+\.\w+)", text, flags=re.M) == [
        "JupyterHub.hub_port", "ConfigurableHTTPProxy.api_url", "Spawner.environment", "JupyterHub.log_level"]


def test_teaching_chapter_quotes_the_sizing():
    """docs/teaching.md's "Running it for a class" quotes sizing.json's limits and figures, not other numbers."""
    text = (ROOT / "docs" / "teaching.md").read_text()
    chapter = text.split("## 7. Running it for a class")[1].split("\n## ")[0]
    measured = SIZING["measured"]
    for figure in (SIZING["mem_guarantee"], SIZING["mem_limit"], f"{SIZING['cpu_limit']:.1f}",
                   f"{SIZING['cull_timeout_seconds']} s", f"{SIZING['cull_every_seconds']} s",
                   f"{SIZING['cull_max_age_seconds']} s", f"{measured['server_rss_mib']} MiB",
                   f"{measured['kernel_peak_mib_largest']} MiB", *(f"{v} MiB" for v in measured["hub_rss_mib"].values()),
                   f"{sum(measured['hub_rss_mib'].values())} MiB"):
        assert figure in chapter, f"the chapter does not quote {figure} from classroom/sizing.json"
    peaks = _kernel_peaks()
    assert f"{min(peaks.values())} MiB" in chapter and f"{sorted(peaks.values())[-2]} MiB" in chapter
    run = measured["class_test"]  # the class of 20 of make test-hub
    for key in ("student_login_to_server_ready_s", "student_runs_01_s", "student_login_to_submitted_s"):
        assert "{} to {} s".format(*run[key]) in chapter.replace("\n", " "), key
    for key in ("class_of_20_s", "collect_and_grade_20_s"):
        assert f"{run[key]} s" in chapter, key
    load = measured["slider_load"]  # benchmarks/bench_hub_load.py
    flat = chapter.replace("\n", " ")
    for row in load["rows"]:
        assert f"{row['p95_ms']} ms with {row['students']}" in flat, row
    assert f"about {load['largest_class_within_250_ms']} students can move sliders" in flat


def test_teaching_chapter_quotes_the_grading_benchmark():
    """Section 7's grading times are docs/benchmarks.md's part (g) as it stands (re-measured: update section 7)."""
    text = (ROOT / "docs" / "benchmarks.md").read_text()
    part = text.split("### (g) Grading throughput in the sandbox")[1].split("\n### ")[0].split("\n## ")[0]
    single = re.search(r"graded alone \| median ([\d.]+) s over (\d+)", part)
    whole = re.search(r"a class of (\d+), 2 at a time \(2 cores\) \| (\d+) s wall", part)
    extrapolated = re.search(r"200 submissions on 2 cores \| ([\d.]+) min", part)
    load = re.search(r"load average was ([\d.]+) on 2 cores", part)
    assert single and whole and extrapolated, "docs/benchmarks.md's part (g) changed its layout: update this test"
    chapter = (ROOT / "docs" / "teaching.md").read_text().split("## 7. Running it for a class")[1].split("\n## ")[0]
    flat = " ".join(chapter.split())
    assert f"{single.group(1)} s per submission graded alone (median of {single.group(2)})" in flat
    assert f"a class of {whole.group(1)} in {whole.group(2)} s two at a time" in flat
    assert f"{extrapolated.group(1)} min for 200 submissions" in flat
    if load:  # a noisy run is said to be one
        assert f"load average of {load.group(1)} on 2 cores" in flat
    else:
        assert "noisy" not in flat.split("**Grading time.**")[1].split("###")[0]
