# The capture container's main process. tcpdump streams the pcap to stdout (read live through the engine's
# attach API); tee keeps a copy in /capture, a tmpfs, that `lab capture` replays from the first packet.
# tcpdump runs in the background so that this shell, PID 1, can pass it SIGINT/SIGTERM: it then flushes
# its last packets, the pipeline ends, and so does the container.
{ tcpdump "$@" -w - & echo $! > /capture/tcpdump.pid; wait; } | tee /capture/capture.pcap &
trap 'kill -TERM "$(cat /capture/tcpdump.pid)"' INT TERM
wait $! # returns early when a signal is trapped…
wait $! # …then waits for the pipeline to finish writing
