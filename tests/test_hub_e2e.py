"""Issue 29, item 4: a class of 20 through the class hub, end to end, on 127.0.0.1.

The hub of classroom/jupyterhub_config.py (test overrides only: 127.0.0.1, free ports, a temporary state
directory, LocalProcessSpawner; tests/hub_harness.py) with nbgrader's filesystem exchange in a temporary folder.
The test makes 20 student accounts and one instructor (``useradd``; removed at the end, also on failure), then:

1. the instructor, as their Unix user, writes the course (``tools/make_student.py --nbgrader``), generates and
   releases assignment 01-softmax;
2. each student logs in through the hub's REST API (user name and password, PAM, for a token), gets a server,
   fetches the assignment through nbgrader's handlers in that server, edits it there (contents API), runs every
   cell in a kernel of their server (over the kernel's websocket), saves and submits it, and stops the
   server; a few students at a time. 18 solve the three exercises, one leaves them unsolved, one solves the
   first and cheats on the others (an attack of tests/hostile/cheats.py);
3. the instructor collects, grades with tools/grade_class.py (each submission in its own bubblewrap
   sandbox) and exports with classroom/export_grades.py.

Checked: every score (solved: 3 of 3; unsolved: 0; the cheater: the 1 point earned, nothing for the cheat),
both CSVs (grades.csv against ``nbgrader export``'s own, byte for byte; canvas.csv's layout and scores), what
each student's kernel printed, and that a student's server has no formgrader. Needs root, Debian's
python3-venv, nodejs, npm, bubblewrap (``hub_harness.missing()`` names what is absent); the students' venv is
built once into build/hub-venv (a few minutes) and kept. Run by ``make test-hub``.
"""
import asyncio
import csv
import io
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import hub_harness  # noqa: E402
from cheats import CHEATS  # noqa: E402

REASON = hub_harness.missing()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from tornado.httpclient import AsyncHTTPClient, HTTPRequest  # noqa: E402
from tornado.websocket import websocket_connect  # noqa: E402

ASSIGNMENT = "01-softmax"
COURSE_ID = "softmaxlab"
STUDENTS = [f"slhub{n:02d}" for n in range(1, 21)]
INSTRUCTOR = "slhubteacher"
UNSOLVED, CHEATER = STUDENTS[-2], STUDENTS[-1]
ATTACK = "number_shown_first"  # displays 1.0 before every cell and hides every error: nbgrader's partial credit
AT_ONCE = int(os.environ.get("SOFTMAXLAB_HUB_AT_ONCE", "4"))  # students working at the same time
EXERCISES = ["my_softmax", "best_change", "temperature_limits"]  # 01-softmax's three, in order
CELL_TIMEOUT = 120


def log(*args):
    print(*args, flush=True)


# ------------------------------------------------------------------ what each student types


def solutions(source_nb):
    """{grade_id: the solved source, markers removed} of every answer cell of the instructor's notebook."""
    found = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            found[meta["grade_id"]] = "\n".join(line for line in cell.source.split("\n")
                                                if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
    return found


def edit(nb, name, answers):
    """The student's notebook: answers filled in (all, none, or the first plus the attack's cells)."""
    nb = nbformat.from_dict(nb)
    first = f"{ASSIGNMENT}-{EXERCISES[0]}"
    solve = {} if name == UNSOLVED else {first: answers[first]} if name == CHEATER else answers
    cells = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solve:
            cell.source = solve[grade_id]
        cells.append(cell)
        if name == CHEATER and cell.cell_type == "code" and "import numpy" in cell.source:
            cells += [nbformat.v4.new_code_cell(source) for source in CHEATS[ATTACK]["top"]]
    nb.cells = cells
    return nb


# ------------------------------------------------------------------ a student, through the hub


def binary_json(data):
    """The JSON part of a binary websocket frame (a message with buffers: a widget's picture), as jupyter_server
    frames it: the number of parts n, n offsets (big-endian uint32), then the parts, the JSON first."""
    (parts,) = struct.unpack("!I", data[:4])
    offsets = struct.unpack(f"!{parts}I", data[4:4 + 4 * parts])
    return data[offsets[0]:offsets[1] if parts > 1 else None]


class Student:
    def __init__(self, hub, name, password):
        self.hub, self.name, self.password = hub, name, password
        self.client = AsyncHTTPClient(force_instance=True, max_clients=4)
        self.token = None
        self.base = f"{hub.url}/user/{name}"
        self.times = {}

    async def call(self, method, url, body=None, expect=(200,), timeout=120):
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = HTTPRequest(url, method=method, headers=headers, request_timeout=timeout,
                              body=None if body is None else json.dumps(body),
                              allow_nonstandard_methods=True)
        response = await self.client.fetch(request, raise_error=False)
        text = response.body.decode(errors="replace") if response.body else ""
        if response.code not in expect:
            raise AssertionError(f"{self.name}: {method} {url} answered {response.code}: {text[:2000]}\n"
                                 f"hub log:\n{self.hub.log_tail()}")
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError:  # a page (an error page: the caller expected its code)
            return text

    async def login(self):
        """Log in with the user name and password (PAM), as the REST API allows, for a token."""
        self.token = None
        got = await self.call("POST", f"{self.hub.url}/hub/api/users/{self.name}/tokens",
                              {"auth": {"username": self.name, "password": self.password}, "note": "class test",
                               "expires_in": 3600}, expect=(200, 201))
        self.token = got["token"]

    async def start_server(self):
        await self.call("POST", f"{self.hub.url}/hub/api/users/{self.name}/server", expect=(201, 202))
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            user = await self.call("GET", f"{self.hub.url}/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            await asyncio.sleep(0.5)
        raise AssertionError(f"{self.name}'s server was not ready within 240 s:\n{self.hub.log_tail()}")

    async def stop_server(self):
        await self.call("DELETE", f"{self.hub.url}/hub/api/users/{self.name}/server", expect=(202, 204))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            user = await self.call("GET", f"{self.hub.url}/hub/api/users/{self.name}")
            if not user.get("servers"):
                return
            await asyncio.sleep(0.5)
        raise AssertionError(f"{self.name}'s server did not stop within 60 s")

    async def assignments(self, action=None):
        query = f"course_id={COURSE_ID}&assignment_id={ASSIGNMENT}"
        if action:
            got = await self.call("POST", f"{self.base}/assignments/{action}?{query}", body={})
        else:
            got = await self.call("GET", f"{self.base}/assignments?course_id={COURSE_ID}")
        assert got.get("success"), f"{self.name}: nbgrader's {action or 'list'} failed: {got}"
        return got["value"]

    async def run(self, nb, path):
        """Every code cell of `nb`, in order, in a kernel of the student's server (a notebook session);
        returns the notebook with its outputs."""
        session = await self.call("POST", f"{self.base}/api/sessions",
                                  {"path": path, "type": "notebook", "name": Path(path).name,
                                   "kernel": {"name": "python3"}}, expect=(200, 201))
        kernel = session["kernel"]["id"]
        url = f"{self.base.replace('http', 'ws', 1)}/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
        socket = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                                     connect_timeout=180, request_timeout=180))
        try:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = await self.execute(socket, cell.source)
        finally:
            socket.close()
            await self.call("DELETE", f"{self.base}/api/sessions/{session['id']}", expect=(204,))
        return nb

    async def execute(self, socket, code):
        msg_id = uuid.uuid4().hex
        await socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": uuid.uuid4().hex, "version": "5.3",
                       "msg_type": "execute_request", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": False}}))
        outputs, count, replied, idle = [], None, False, False
        deadline = time.monotonic() + CELL_TIMEOUT
        while not (replied and idle):
            text = await asyncio.wait_for(socket.read_message(), max(1.0, deadline - time.monotonic()))
            if text is None:
                raise AssertionError(f"{self.name}: the kernel's websocket closed while running:\n{code[:300]}")
            msg = json.loads(text if isinstance(text, str) else binary_json(text))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if msg["channel"] == "shell" and kind == "execute_reply":
                replied, count = True, msg["content"].get("execution_count")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(msg))
            elif kind == "clear_output":
                outputs = []
        return outputs, count

    async def term(self, nb_for):
        """The whole session: log in, server, fetch, edit, run, save, submit, stop. Returns the run notebook."""
        started = time.monotonic()
        await self.login()
        await self.start_server()
        self.times["login + server"] = time.monotonic() - started
        await self.call("GET", f"{self.base}/formgrader", expect=(404,))  # students have no formgrader
        listing = await self.assignments("fetch")
        (fetched,) = [a for a in listing if a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched"]
        (notebook,) = fetched["notebooks"]
        path = notebook["path"]
        model = await self.call("GET", f"{self.base}/api/contents/{path}?type=notebook&content=1")
        nb = nb_for(nbformat.from_dict(model["content"]))
        body = {"type": "notebook", "format": "json", "content": nb}
        await self.call("PUT", f"{self.base}/api/contents/{path}", body, expect=(200, 201))
        ran = time.monotonic()
        nb = await self.run(nb, path)
        self.times["run"] = time.monotonic() - ran
        await self.call("PUT", f"{self.base}/api/contents/{path}", {**body, "content": nb}, expect=(200, 201))
        listing = await self.assignments("submit")
        assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "submitted" for a in listing), listing
        await self.stop_server()
        self.times["total"] = time.monotonic() - started
        self.client.close()
        return path, nb


async def whole_class(hub, passwords, answers):
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(name):
        async with gate:
            student = Student(hub, name, passwords[name])
            path, nb = await student.term(lambda nb: edit(nb, name, answers))
            log(f"  {name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in student.times.items()))
            return name, (path, nb, student.times)

    return dict(await asyncio.gather(*(one(name) for name in STUDENTS)))


# ------------------------------------------------------------------ the instructor


def instructor_step(hub, home, *cmd, timeout=900):
    done = hub_harness.runas(INSTRUCTOR, cmd, {**hub.env(), "HOME": str(home), "USER": INSTRUCTOR},
                             cwd=home / "course" if (home / "course").exists() else home, timeout=timeout)
    if done.returncode:
        raise AssertionError(f"{' '.join(map(str, cmd))} as {INSTRUCTOR} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def clone_for_instructor(home):
    """What `git clone <course> ~/softmaxlab` gives the instructor (the parts the week's commands use)."""
    clone = home / "softmaxlab"
    for part in ("tools", "classroom"):
        shutil.copytree(ROOT / part, clone / part, ignore=shutil.ignore_patterns("__pycache__"))
    (clone / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb", clone / "notebooks")
    subprocess.run(["chown", "-R", f"{INSTRUCTOR}:{INSTRUCTOR}", str(clone)], check=True)
    return clone


def _cpu_seconds():
    """CPU seconds (user + system) of this process and of the processes it started and reaped."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture(scope="module")
def term():
    """The whole term, run once: {"runs", "collect", "report", "grades", "canvas", "nbgrader_export", "times"}."""
    times, out = {}, {}
    started = time.monotonic()
    cpu_before = _cpu_seconds()

    def mark(what):
        times[what] = time.monotonic() - started
    venv, chp = hub_harness.students_venv(log), hub_harness.proxy(log)
    mark("venv + proxy ready")
    workdir = Path(tempfile.mkdtemp(prefix="softmaxlab-hub-"))
    try:
        with hub_harness.Accounts([*STUDENTS, INSTRUCTOR], log) as accounts, \
                hub_harness.Hub(venv, chp, STUDENTS, [INSTRUCTOR], workdir, log) as hub:
            mark("accounts + hub up")
            home = accounts.home(INSTRUCTOR)
            clone = clone_for_instructor(home)
            python = str(venv / "bin" / "python")
            instructor_step(hub, home, python, clone / "tools" / "make_student.py", "--nbgrader", home / "course",
                            clone / "notebooks" / f"{ASSIGNMENT}.ipynb")
            instructor_step(hub, home, "nbgrader", "generate_assignment", ASSIGNMENT, "--log-level=WARN")
            instructor_step(hub, home, "nbgrader", "release_assignment", ASSIGNMENT, "--log-level=WARN")
            source = nbformat.read(home / "course" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
            mark("released")

            out["runs"] = asyncio.run(whole_class(hub, accounts.passwords, solutions(source)))
            mark("20 students done")

            collect = instructor_step(hub, home, "nbgrader", "collect", ASSIGNMENT)
            out["collect"] = collect.stdout + collect.stderr
            graded = instructor_step(hub, home, python, clone / "tools" / "grade_class.py", home / "course",
                                     ASSIGNMENT, "--jobs", "2", "--wall", "300", "--json")
            out["report"] = json.loads(graded.stdout.strip().splitlines()[-1])
            mark("graded")
            instructor_step(hub, home, python, clone / "classroom" / "export_grades.py", home / "course")
            instructor_step(hub, home, "nbgrader", "export", "--to", "nbgrader-export.csv", "--log-level=WARN")
            out["grades"] = (home / "course" / "export" / "grades.csv").read_text()
            out["canvas"] = (home / "course" / "export" / "canvas.csv").read_text()
            out["nbgrader_export"] = (home / "course" / "nbgrader-export.csv").read_text()
            out["inbound"] = {p.name: p.owner() for p in (hub.exchange / COURSE_ID / "inbound").iterdir()}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    mark("everything, users removed")
    cpu = _cpu_seconds() - cpu_before
    log("hub end-to-end, cumulative: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()))
    log(f"CPU time (user + system) of the test and of every process it started and reaped (hub, proxy, servers, "
        f"kernels, grading): {cpu:.0f} s; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out["times"] = times
    return out


# ------------------------------------------------------------------ the checks


def _check_outputs(nb):
    """{exercise: the text its check cell printed} and the error outputs of the run."""
    texts, errors = {}, []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors += [o for o in cell.outputs if o.output_type == "error"]
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if "-check-" in grade_id:
            texts[grade_id.split("-check-")[1]] = "".join(
                o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "")
                for o in cell.outputs)
    return texts, errors


def test_every_student_ran_the_assignment_in_their_own_server(term):
    assert sorted(term["runs"]) == STUDENTS
    for name, (path, nb, _) in term["runs"].items():
        assert path == f"{COURSE_ID}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", path  # ~/softmaxlab/01-softmax/
        texts, errors = _check_outputs(nb)
        assert sorted(texts) == sorted(EXERCISES), f"{name}: check cells {sorted(texts)}"
        if name == CHEATER:  # the attack hides errors and shows "1.0" before each cell
            assert texts[EXERCISES[0]].count("Correct!") == 1, texts
            continue
        assert not errors, f"{name}: error outputs {[e.ename for e in errors]}"
        for exercise, text in texts.items():
            if name == UNSOLVED:
                assert "Not yet: this exercise is not solved yet" in text, (name, exercise, text)
            else:
                assert text.startswith("Correct!"), (name, exercise, text)


def test_collect_took_every_submission_from_its_own_student(term):
    """Each submission in the exchange belongs to the student its name claims (collect warns otherwise)."""
    assert "cheating attempt" not in term["collect"], term["collect"]
    owners = {name.split("+")[0]: owner for name, owner in term["inbound"].items()}
    assert len(term["inbound"]) == len(STUDENTS) and owners == {name: name for name in STUDENTS}, term["inbound"]


def test_every_score(term):
    report = term["report"]
    assert sorted(report) == STUDENTS
    full = {f"{ASSIGNMENT}-check-{e}": 1.0 for e in EXERCISES}
    for name, got in report.items():
        assert got["status"] == "graded", (name, got["status"], got.get("log"))
        if name == UNSOLVED:
            assert got["scores"] == dict.fromkeys(full, 0.0) and got["total"] == 0, got
        elif name == CHEATER:  # the first exercise solved honestly: that point, and nothing for the attack
            assert got["scores"] == {**dict.fromkeys(full, 0.0), f"{ASSIGNMENT}-check-{EXERCISES[0]}": 1.0}, got
            assert got["total"] == 1, got
        else:
            assert got["scores"] == full and got["total"] == 3, (name, got)


def test_grades_csv_is_nbgrader_exports_own(term):
    assert term["grades"] == term["nbgrader_export"]
    rows = list(csv.DictReader(io.StringIO(term["grades"])))
    assert sorted(r["student_id"] for r in rows) == STUDENTS
    expected = {name: 0.0 if name == UNSOLVED else 1.0 if name == CHEATER else 3.0 for name in STUDENTS}
    for row in rows:
        assert row["assignment"] == ASSIGNMENT and float(row["max_score"]) == 3.0, row
        assert float(row["score"]) == float(row["raw_score"]) == expected[row["student_id"]], row


def test_canvas_csv(term):
    rows = list(csv.reader(io.StringIO(term["canvas"])))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1][0].strip() == "Points Possible" and float(rows[1][5]) == 3.0, rows[1]
    scores = {row[3]: float(row[5]) for row in rows[2:]}
    assert scores == {name: 0.0 if name == UNSOLVED else 1.0 if name == CHEATER else 3.0 for name in STUDENTS}


def test_no_account_is_left_behind(term):
    import pwd
    left = [name for name in [*STUDENTS, INSTRUCTOR] if name in {p.pw_name for p in pwd.getpwall()}]
    assert not left, f"accounts not removed: {left}"
