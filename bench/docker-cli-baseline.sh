#!/usr/bin/env bash
# The yardstick for `lab up`: the same experiment as a plain docker CLI script, step after step.
# usage: docker-cli-baseline.sh SERVER_IMAGE CLIENT_IMAGE CAPTURE_IMAGE OUT.pcap
set -euo pipefail
server_image=$1 client_image=$2 capture_image=$3 out=$4
id=bench-cli-$$
trap 'docker rm -f "$id-server" "$id-capture" "$id-client" >/dev/null 2>&1; docker network rm "$id" >/dev/null 2>&1 || true' EXIT

docker network create --internal "$id" >/dev/null
docker run -d --name "$id-server" --network "$id" --cap-drop ALL --pids-limit 64 --memory 64m "$server_image" --port 8899 --backlog 14 >/dev/null
# The capture streams its pcap on stdout (as `lab up` reads it through attach): docker run attached writes it out.
docker run --name "$id-capture" --network "container:$id-server" --cap-drop ALL --cap-add NET_RAW --cap-add SETUID --cap-add SETGID --cap-add KILL \
  --tmpfs /capture "$capture_image" --immediate-mode -U -n -p -i eth0 tcp >"$out" 2>"$out.log" &
capture=$!
until grep -q "listening on" "$out.log" 2>/dev/null; do sleep 0.05; done
server_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id-server")
docker run --name "$id-client" --network "$id" --cap-drop ALL "$client_image" --host "$server_ip" --port 8899 >/dev/null
sleep 0.025 # the last segment crosses the veth pair to tcpdump: lab up waits as long (CAPTURE_GRACE_MS)
docker kill -s INT "$id-capture" >/dev/null
wait "$capture"
docker rm -f "$id-server" "$id-capture" "$id-client" >/dev/null
docker network rm "$id" >/dev/null
trap - EXIT
