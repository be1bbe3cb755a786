"""A real class hub on 127.0.0.1, for tests/test_hub_e2e.py and benchmarks/bench_hub_load.py (issue 29).

What ``classroom/setup.sh`` installs on a server, rebuilt here without touching the machine's configuration:

- the students' environment: a venv of Debian's ``/usr/bin/python3`` (``python3-venv``) with requirements.txt's
  pins (not the course package: the hub's copy of ``src/`` goes on PYTHONPATH), setup.sh's ``HUB_PINS`` and the
  nbgrader pins of requirements-test.txt; nbgrader's instructor extensions disabled as setup.sh does. It is built
  once and kept (``build/hub-venv``, or ``/var/tmp/softmaxlab-hub-cache/`` when ``build/`` is not readable by
  other users: the students' servers run from it as their own Unix users);
- configurable-http-proxy from npm, setup.sh's ``CHP_PIN``, kept beside it;
- Unix accounts (``useradd``) with random passwords, marked by their GECOS field and removed by
  :class:`Accounts` (also those a killed run left behind);
- the hub (:class:`Hub`): ``classroom/jupyterhub_config.py`` loaded by an overlay that changes only what a test
  must (127.0.0.1, free ports, a temporary state directory, LocalProcessSpawner, the class lists, the nbgrader
  exchange in a temporary folder, PYTHONPATH to the hub's copy of the package).

Needs root (users, PAM logins, servers spawned as other users), /usr/bin/python3 with venv, node and npm,
bubblewrap and prlimit: :func:`missing` says which is absent.
"""
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "classroom"
SYSTEM_PYTHON = Path("/usr/bin/python3")
MARK = "softmaxlab hub test account (temporary)"  # GECOS of the accounts made here: only those are removed
NBGRADER_DEPS = {"nbgrader", "notebook", "sqlalchemy", "alembic", "mako", "rapidfuzz"}  # requirements-test.txt
DISABLED_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list"]
DISABLED_SERVER = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]


def setup_pins():
    """(HUB_PINS, CHP_PIN) as classroom/setup.sh installs them."""
    text = (KIT / "setup.sh").read_text()
    hub = re.search(r'^HUB_PINS="([^"]+)"', text, flags=re.M)
    chp = re.search(r'^CHP_PIN="([^"]+)"', text, flags=re.M)
    if not (hub and chp):
        raise ValueError("classroom/setup.sh must set HUB_PINS=\"...\" and CHP_PIN=\"...\"")
    return hub.group(1).split(), chp.group(1)


def _pins(path):
    return [line.split("#")[0].strip() for line in path.read_text().splitlines()
            if "==" in line and not line.lstrip().startswith(("#", "-"))]


def venv_requirements():
    """What the students' venv installs: requirements.txt's pins, setup.sh's HUB_PINS, nbgrader's pins."""
    hub, _ = setup_pins()
    test_pins = [p for p in _pins(ROOT / "requirements-test.txt") if p.split("==")[0].lower() in NBGRADER_DEPS]
    return _pins(ROOT / "requirements.txt") + hub + [p for p in test_pins if p.split("==")[0] != "nbgrader"]


def missing():
    """Why the hub cannot run here ("" when it can), naming what to install."""
    if os.geteuid() != 0:
        return "the class hub test makes Unix users and spawns servers as them: run it as root"
    needs = {"useradd": "passwd", "userdel": "passwd", "chpasswd": "passwd", "runuser": "util-linux",
             "prlimit": "util-linux", "bwrap": "bubblewrap", "node": "nodejs", "npm": "npm"}
    absent = sorted({package for tool, package in needs.items() if shutil.which(tool) is None})
    if not SYSTEM_PYTHON.exists():
        absent.append("python3")
    elif subprocess.run([str(SYSTEM_PYTHON), "-c", "import venv, ensurepip"], capture_output=True).returncode:
        absent.append("python3-venv")
    if not Path("/etc/pam.d/login").exists():
        absent.append("login (PAM's 'login' service, used by the hub's PAM logins)")
    if absent:
        return f"the class hub test needs Debian's {', '.join(absent)} (apt-get install -y {' '.join(absent)})"
    return ""


def reachable(path):
    """True if every other user can reach and read `path` (each parent o+x, the folder itself o+rx)."""
    path = Path(path).resolve()
    if not path.exists() or path.stat().st_mode & 0o005 != 0o005:
        return False
    return all(parent.stat().st_mode & 0o001 for parent in path.parents)


def cache_dir():
    """Where the students' venv and the proxy are kept between runs: readable by every user."""
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    if reachable(build):
        return build
    cache = Path("/var/tmp/softmaxlab-hub-cache")
    cache.mkdir(mode=0o755, exist_ok=True)
    cache.chmod(0o755)
    return cache


def _run(cmd, log, **kwargs):
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                           f"{done.stderr[-3000:]}")
    log(f"  {Path(str(cmd[0])).name} {' '.join(map(str, cmd[1:4]))} ...: {time.monotonic() - started:.0f} s")
    return done


def students_venv(log=print):
    """The students' venv (built when missing or when its requirements changed); returns its folder."""
    spec = "\n".join(["python=" + os.path.realpath(SYSTEM_PYTHON), *venv_requirements(),
                      "disabled:", *DISABLED_LAB, *DISABLED_SERVER])
    venv = cache_dir() / "hub-venv"
    stamp = venv / ".softmaxlab-spec"
    if stamp.exists() and stamp.read_text() == spec and (venv / "bin" / "jupyterhub-singleuser").exists():
        return venv
    log(f"building the students' venv in {venv} (kept for the next runs)")
    shutil.rmtree(venv, ignore_errors=True)
    _run([str(SYSTEM_PYTHON), "-m", "venv", str(venv)], log)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          *venv_requirements()], log)
    jupyter = str(venv / "bin" / "jupyter")
    # as setup.sh: students see only nbgrader's Assignments panel (one command for several names: faster)
    _run([jupyter, "labextension", "disable", "--level=sys_prefix", *DISABLED_LAB], log)
    _run([jupyter, "labextension", "lock", "--level=sys_prefix", *DISABLED_LAB], log)
    _run([jupyter, "server", "extension", "disable", "--sys-prefix", *DISABLED_SERVER], log)
    subprocess.run(["chmod", "-R", "go-w,go+rX", str(venv)], check=True)
    stamp.write_text(spec)
    return venv


def proxy(log=print):
    """configurable-http-proxy, setup.sh's pin, from npm (installed when missing); returns its executable."""
    _, pin = setup_pins()
    folder = cache_dir() / "hub-proxy"
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    stamp = folder / ".softmaxlab-spec"
    if stamp.exists() and stamp.read_text() == pin and command.exists():
        return command
    log(f"installing {pin} in {folder}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", pin], log, cwd=folder)
    subprocess.run(["chmod", "-R", "go-w,go+rX", str(folder)], check=True)
    stamp.write_text(pin)
    return command


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pids_of(uid):
    """Process ids owned by `uid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


class Accounts:
    """Unix users made for a test run (``useradd``, home mode 700, a random password each), removed on exit.

    A name already taken by an account this class did not make (its GECOS field is not :data:`MARK`) stops the
    run: nothing of anyone else's is touched. Accounts a killed run left behind (with the mark) are removed first.
    """

    def __init__(self, names, log=print):
        self.names, self.log, self.passwords, self.made = list(names), log, {}, []

    def __enter__(self):
        for name in self.names:
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            if entry.pw_gecos != MARK:
                raise RuntimeError(f"user {name!r} exists and was not made by this test: not touched; stopping")
            self.log(f"removing {name}, left behind by an earlier run")
            self._remove(name)
        try:
            for name in self.names:
                subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", MARK, name],
                               check=True, capture_output=True)
                self.made.append(name)
                os.chmod(pwd.getpwnam(name).pw_dir, 0o700)  # as add_users.sh: no student reads another's work
                self.passwords[name] = secrets.token_urlsafe(12)
            lines = "".join(f"{name}:{password}\n" for name, password in self.passwords.items())
            subprocess.run(["chpasswd"], input=lines, text=True, check=True, capture_output=True)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def home(self, name):
        return Path(pwd.getpwnam(name).pw_dir)

    def _remove(self, name):
        uid = pwd.getpwnam(name).pw_uid
        for _ in range(3):  # a process of the user (a kernel the hub did not stop) keeps userdel from working
            for pid in pids_of(uid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if not pids_of(uid):
                break
            time.sleep(0.5)
        subprocess.run(["userdel", "--remove", name], capture_output=True)
        if name in self.made:
            self.made.remove(name)

    def __exit__(self, *exc):
        for name in list(self.made):
            try:
                self._remove(name)
            except KeyError:
                self.made.remove(name)
        return False


OVERLAY = '''# Test overlay of classroom/jupyterhub_config.py (tests/hub_harness.py): only what a test machine needs.
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.Spawner.environment.update({environment!r})
c.JupyterHub.log_level = "WARN"
'''

NBGRADER_OVERLAY = '''# Test overlay of classroom/nbgrader_config.py: the exchange in a temporary folder.
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821
c.Exchange.root = {exchange!r}
'''


class Hub:
    """The class hub of classroom/jupyterhub_config.py on 127.0.0.1, running until the block ends.

    Parameters
    ----------
    venv, chp : Path
        The students' venv (:func:`students_venv`) and configurable-http-proxy (:func:`proxy`).
    students, instructors : list of str
        The class lists (Unix users that exist).
    workdir : Path
        A folder for the hub's state, the exchange and the hub's copy of the course package (made readable
        by every user).
    """

    def __init__(self, venv, chp, students, instructors, workdir, log=print):
        self.venv, self.chp, self.log = Path(venv), Path(chp), log
        self.workdir = Path(workdir)
        self.state = self.workdir / "state"
        self.exchange = self.workdir / "exchange"
        self.course = self.workdir / "course"  # what /opt/softmaxlab/course is on a server: the package
        self.config_dir = self.workdir / "jupyter-config"  # what /etc/jupyter is on a server
        self.students, self.instructors = list(students), list(instructors)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    @property
    def pythonpath(self):
        return str(self.course / "src")

    def env(self):
        """The environment of the instructor's commands (what a login shell on the hub would have)."""
        return {"PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "PYTHONPATH": self.pythonpath,
                "JUPYTER_CONFIG_PATH": str(self.config_dir), "LANG": "C.UTF-8",
                "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

    def _prepare(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o755)
        self.state.mkdir(mode=0o700)
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)  # as setup.sh: everyone writes, the sticky bit keeps files their own
        shutil.copytree(ROOT / "src" / "softmaxlab", self.course / "src" / "softmaxlab",
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.config_dir.mkdir()
        shutil.copy(KIT / "nbgrader_config.py", self.config_dir / "classroom_nbgrader_config.py")
        (self.config_dir / "nbgrader_config.py").write_text(NBGRADER_OVERLAY.format(
            config="classroom_nbgrader_config.py", exchange=str(self.exchange)))
        subprocess.run(["chmod", "-R", "go-w,go+rX", str(self.course), str(self.config_dir)], check=True)
        (self.state / "students.txt").write_text("\n".join(self.students) + "\n")
        (self.state / "instructors.txt").write_text("\n".join(self.instructors) + "\n")
        environment = {"PYTHONPATH": self.pythonpath, "JUPYTER_CONFIG_PATH": str(self.config_dir),
                       "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
        (self.state / "test_config.py").write_text(OVERLAY.format(
            config=str(KIT / "jupyterhub_config.py"), hub_port=free_port(), proxy_api_port=free_port(),
            environment=environment))

    def __enter__(self):
        self._prepare()
        env = {"PATH": f"{self.venv / 'bin'}:{self.chp.parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
               "SOFTMAXLAB_HUB_IP": "127.0.0.1", "SOFTMAXLAB_HUB_PORT": str(self.port),
               "SOFTMAXLAB_HUB_STATE": str(self.state), "SOFTMAXLAB_HUB_SPAWNER": "local",
               "SOFTMAXLAB_CHP": str(self.chp),
               "SOFTMAXLAB_STUDENTS": str(self.state / "students.txt"),
               "SOFTMAXLAB_INSTRUCTORS": str(self.state / "instructors.txt")}
        self.logfile = open(self.state / "hub.log", "wb")
        self.proc = subprocess.Popen([str(self.venv / "bin" / "jupyterhub"), "-f", str(self.state / "test_config.py")],
                                     cwd=self.state, env=env, stdout=self.logfile, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            self._wait_up(120)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def log_tail(self, chars=4000):
        try:
            return (self.state / "hub.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def _wait_up(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer within {seconds} s:\n{self.log_tail()}")

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops every server it started, then its proxy
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        pidfile = self.state / "jupyterhub-proxy.pid"  # a proxy the hub could not stop
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass
        if getattr(self, "logfile", None):
            self.logfile.close()
        return False


def api(url, method="GET", token=None, body=None, timeout=60):
    """(status, parsed JSON or text) of an HTTP request; `token` goes in the Authorization header."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    try:
        return status, json.loads(text) if text else None
    except json.JSONDecodeError:
        return status, text


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def runas(user, cmd, env, cwd, timeout=600):
    """Run `cmd` as Unix user `user` (runuser), with exactly `env`; the CompletedProcess (text)."""
    full = ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *map(str, cmd)]
    return subprocess.run(full, cwd=cwd, capture_output=True, text=True, timeout=timeout)


if __name__ == "__main__":  # build the venv and the proxy ahead of a test run
    print(missing() or "this machine can run the class hub")
    print(students_venv(), proxy())
    sys.exit(0)
