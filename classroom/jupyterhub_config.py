# JupyterHub 6 configuration for a softmaxlab class on one server (classroom/README.md).
#
#   jupyterhub -f /opt/softmaxlab/course/classroom/jupyterhub_config.py      (setup.sh installs it as a service)
#
# Students are Unix users (PAM logins); each gets a single-user Jupyter server running as that user,
# from the course's venv, with the per-student limits of sizing.json, culled when idle. nbgrader's
# filesystem exchange (/srv/nbgrader/exchange) lets students fetch and submit from their own server;
# the instructor grades from theirs (formgrader). Environment variables (all optional):
#
#   SOFTMAXLAB_HUB_SPAWNER   "systemd" (default: SystemdSpawner enforces the memory and CPU limits with
#                            cgroups) or "local" (LocalProcessSpawner: the limits are only advertised to the
#                            server, NOT enforced; for a test machine without systemd)
#   SOFTMAXLAB_HUB_IP / _PORT   where the proxy listens (default 0.0.0.0:8000; put TLS in front of it)
#   SOFTMAXLAB_HUB_SSL_CERT / _KEY   TLS certificate and key files for the proxy (else put TLS in front of it)
#   SOFTMAXLAB_HUB_STATE     the hub's state directory (sqlite database, cookie secret; default /srv/jupyterhub)
#   SOFTMAXLAB_INSTRUCTORS   file of instructor user names, one a line (default /etc/softmaxlab/instructors.txt)
#   SOFTMAXLAB_STUDENTS      file of student user names, one a line (default /etc/softmaxlab/students.txt)
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZING = json.loads((HERE / "sizing.json").read_text())
VENV_BIN = Path(sys.executable).parent  # the hub runs from the course's venv; so do the servers
STATE = Path(os.environ.get("SOFTMAXLAB_HUB_STATE", "/srv/jupyterhub"))


def _names(variable, default):
    path = Path(os.environ.get(variable, default))
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


c = get_config()  # noqa: F821 (JupyterHub provides it)

# ---- the hub and its proxy (configurable-http-proxy, from npm, started by the hub)
c.JupyterHub.ip = os.environ.get("SOFTMAXLAB_HUB_IP", "0.0.0.0")
c.JupyterHub.port = int(os.environ.get("SOFTMAXLAB_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if os.environ.get("SOFTMAXLAB_HUB_SSL_CERT"):  # TLS on the proxy itself (e.g. certbot's files), no reverse proxy
    c.JupyterHub.ssl_cert = os.environ["SOFTMAXLAB_HUB_SSL_CERT"]
    if not os.environ.get("SOFTMAXLAB_HUB_SSL_KEY"):
        raise ValueError("SOFTMAXLAB_HUB_SSL_CERT is set but SOFTMAXLAB_HUB_SSL_KEY (the key file) is not")
    c.JupyterHub.ssl_key = os.environ["SOFTMAXLAB_HUB_SSL_KEY"]
chp = os.environ.get("SOFTMAXLAB_CHP")
if chp:
    c.ConfigurableHTTPProxy.command = [chp]

# ---- who logs in: Unix users (PAM). instructors.txt are admins; students.txt the class.
# With an LMS, jupyterhub-ltiauthenticator replaces PAM (README.md, "Logging in from the LMS").
instructors = _names("SOFTMAXLAB_INSTRUCTORS", "/etc/softmaxlab/instructors.txt")
students = _names("SOFTMAXLAB_STUDENTS", "/etc/softmaxlab/students.txt")
c.Authenticator.admin_users = instructors
c.Authenticator.allowed_users = instructors | students
c.JupyterHub.authenticator_class = "pam"

# ---- each student's server: JupyterLab as that Unix user, in the course's venv, with the limits
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = SIZING["mem_limit"]
c.Spawner.mem_guarantee = SIZING["mem_guarantee"]
c.Spawner.cpu_limit = SIZING["cpu_limit"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
c.Spawner.environment = {
    # one thread per kernel: the notebooks are small, and 2 cores are shared by the whole class
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
}
spawner = os.environ.get("SOFTMAXLAB_HUB_SPAWNER", "systemd")
if spawner == "systemd":
    # jupyterhub-systemdspawner: each server in its own systemd unit, MemoryMax=mem_limit and
    # CPUQuota=cpu_limit enforced by cgroups; the student's Unix user must exist (setup.sh adds them).
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = False
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.unit_extra_properties = {"TasksMax": "256"}
elif spawner == "local":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    print("classroom/jupyterhub_config.py: LocalProcessSpawner: the memory and CPU limits are NOT enforced",
          file=sys.stderr)
else:
    raise ValueError(f"SOFTMAXLAB_HUB_SPAWNER must be 'systemd' or 'local', not {spawner!r}")

# ---- idle culling (jupyterhub-idle-culler as a hub-managed service)
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [str(VENV_BIN / "python"), "-m", "jupyterhub_idle_culler",
                f"--timeout={SIZING['cull_timeout_seconds']}",
                f"--cull-every={SIZING['cull_every_seconds']}",
                f"--max-age={SIZING['cull_max_age_seconds']}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
