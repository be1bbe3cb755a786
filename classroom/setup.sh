#!/usr/bin/env bash
# Bring up the softmaxlab class hub on a fresh Debian 12 / Ubuntu 24.04 server, as root, from a clone of
# the course at /opt/softmaxlab/course (README.md, "One server"):
#
#   sudo git clone <course repository> /opt/softmaxlab/course
#   sudo bash /opt/softmaxlab/course/classroom/setup.sh
#
# NOT RUN on the machine this kit was written on (no systemd there); read it before you run it.
# Installs: Debian's python3-venv, nodejs, npm, bubblewrap; a venv /opt/softmaxlab/venv with the course's
# requirements.txt and the hub's pins (HUB_PINS below); configurable-http-proxy from npm into
# /opt/softmaxlab/proxy; /etc/jupyter/nbgrader_config.py; the exchange /srv/nbgrader/exchange; and a
# systemd service "softmaxlab-hub". Then add the users (README.md) and open https://<server>/.
set -euo pipefail
COURSE=/opt/softmaxlab/course
VENV=/opt/softmaxlab/venv
PROXY=/opt/softmaxlab/proxy
HUB_PINS="jupyterhub==6.1.1 jupyterhub-idle-culler==2.0.0 jupyterhub-systemdspawner==1.0.2 nbgrader==0.9.6 nbgitpuller==1.3.0"
CHP_PIN="configurable-http-proxy@5.3.0"

[ "$(id -u)" = 0 ] || { echo "run as root (sudo)"; exit 1; }
[ -f "$COURSE/requirements.txt" ] || { echo "clone the course into $COURSE first"; exit 1; }
apt-get update
apt-get install -y python3-venv python3-dev nodejs npm bubblewrap util-linux git
python3 -m venv "$VENV"
# from the course folder: requirements.txt's "-e ." (the course package) is relative to the working directory
(cd "$COURSE" && "$VENV/bin/pip" install --disable-pip-version-check -r requirements.txt $HUB_PINS)
mkdir -p "$PROXY" && (cd "$PROXY" && npm install --no-audit --no-fund "$CHP_PIN")
# the course is read-only for the students: root owns the clone and the venv
chmod -R go-w "$COURSE" "$VENV"
# nbgrader: the exchange (every user writes; the sticky bit keeps their files their own) and the global config
mkdir -p /srv/nbgrader/exchange && chmod 1777 /srv/nbgrader/exchange
mkdir -p /etc/jupyter && cp "$COURSE/classroom/nbgrader_config.py" /etc/jupyter/nbgrader_config.py
# students see only "Assignments" (fetch, validate, submit); the instructor turns formgrader on for
# themself (README.md). Disabled for the whole venv and locked, so that the UI cannot turn them back on.
for plugin in @jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list; do
  "$VENV/bin/jupyter" labextension disable --level=sys_prefix "$plugin"
  "$VENV/bin/jupyter" labextension lock --level=sys_prefix "$plugin"
done
"$VENV/bin/jupyter" server extension disable --sys-prefix nbgrader.server_extensions.formgrader
"$VENV/bin/jupyter" server extension disable --sys-prefix nbgrader.server_extensions.course_list
mkdir -p /srv/jupyterhub /etc/softmaxlab && chmod 700 /srv/jupyterhub
touch /etc/softmaxlab/instructors.txt /etc/softmaxlab/students.txt
cat > /etc/systemd/system/softmaxlab-hub.service <<UNIT
[Unit]
Description=softmaxlab class hub (JupyterHub)
After=network.target

[Service]
Environment=PATH=$VENV/bin:$PROXY/node_modules/.bin:/usr/bin:/bin
Environment=SOFTMAXLAB_CHP=$PROXY/node_modules/.bin/configurable-http-proxy
WorkingDirectory=/srv/jupyterhub
ExecStart=$VENV/bin/jupyterhub -f $COURSE/classroom/jupyterhub_config.py
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now softmaxlab-hub
echo "hub up on port 8000: put TLS in front of it (README.md), then add users with classroom/add_users.sh"
