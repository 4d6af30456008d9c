# The capture container's main process. tcpdump writes the pcap into /capture, a tmpfs (this shell opens
# the file, so tcpdump needs no right to create it), and tail streams the file to stdout, read live through
# the engine's attach API. tcpdump never waits for that stream: when it wrote into the stream's pipe, a slow
# reader (the engine under load) blocked it and the kernel dropped the packets that came meanwhile.
# `lab capture` replays the same file from the first packet.
# tcpdump runs in the background so that this shell, PID 1, can pass it SIGINT/SIGTERM: it then flushes
# its last packets and exits; tail (--pid) reads the file to its end, then ends, and so does the container.
file=/capture/capture.pcap
: >"$file" # before tail opens it
tcpdump "$@" -w - >>"$file" &
tcpdump=$!
echo "$tcpdump" >/capture/tcpdump.pid # for a look inside: its user and capabilities
trap 'kill -TERM "$tcpdump"' INT TERM
# -s: how soon tail notices that tcpdump has exited (it follows the file's growth through inotify).
tail -c +1 -f -s 0.05 --pid="$tcpdump" "$file" &
wait $! # returns early when a signal is trapped…
wait $! # …then waits for tail to stream the rest of the file
