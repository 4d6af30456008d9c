#!/bin/sh
# The CLI image's entrypoint. It runs `lab` as the owner of the working folder (the user's folder, mounted
# at /lab), so that out/ and every file lab writes belong to that user, not to root. The process also
# keeps the group of the engine's socket, so the user it becomes can still reach the engine.
set -eu
lab() { exec node /opt/tcp-lab/dist/cli/bin.js "$@"; }

uid=$(stat -c %u .)
gid=$(stat -c %g .)
if [ "$(id -u)" != 0 ] || [ "$uid" = 0 ]; then lab "$@"; fi

groups=$gid
case "${DOCKER_HOST:-}" in
  unix://*) sockets=${DOCKER_HOST#unix://} ;;
  '') sockets='/var/run/docker.sock /run/podman/podman.sock' ;;
  *) sockets='' ;;
esac
for socket in $sockets; do
  if [ -S "$socket" ]; then groups="$groups,$(stat -c %g "$socket")"; fi
done
# The folder's owner has no account in this image: a HOME that exists, for anything that looks there.
export HOME=/tmp
exec setpriv --reuid="$uid" --regid="$gid" --groups="$groups" --inh-caps=-all \
  node /opt/tcp-lab/dist/cli/bin.js "$@"
