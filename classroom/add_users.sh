#!/usr/bin/env bash
# Add the class as Unix users and allow them on the hub (README.md). NOT RUN on the machine this kit was
# written on. Usage, as root:  bash add_users.sh students.txt [instructor]
# students.txt: one user name a line. Each student gets a random password, printed once as "name,password"
# (hand them out, or log in through the LMS instead: README.md). The instructor (optional) is made an admin.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)"; exit 1; }
LIST="$1"; INSTRUCTOR="${2:-}"
while read -r name; do
  [ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
  id "$name" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$name"
  chmod 700 "$(getent passwd "$name" | cut -d: -f6)"   # no student reads another's work
  password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
  echo "$name:$password" | chpasswd
  grep -qx "$name" /etc/softmaxlab/students.txt || echo "$name" >> /etc/softmaxlab/students.txt
  echo "$name,$password"
done < "$LIST"
if [ -n "$INSTRUCTOR" ]; then
  id "$INSTRUCTOR" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$INSTRUCTOR"
  chmod 700 "$(getent passwd "$INSTRUCTOR" | cut -d: -f6)"   # the course directory (solutions) lives there
  grep -qx "$INSTRUCTOR" /etc/softmaxlab/instructors.txt || echo "$INSTRUCTOR" >> /etc/softmaxlab/instructors.txt
fi
systemctl restart softmaxlab-hub   # the hub reads the two lists when it starts
