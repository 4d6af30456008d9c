/* The experiment's server: a fork-per-connection echo server (bind INADDR_ANY:8899, listen(fd, 14),
 * SIGCHLD reaping, accept -> fork). Each child runs the connection steps it was given; the default,
 * "read,echo,close", is the original: read once, echo, close first.
 * --no-accept listens and never accepts (the accept queue fills up); --fastopen lets clients send data
 * in their SYN (TCP_FASTOPEN). With --commands it listens and then reads commands on stdin (accept,
 * send TEXT, recv, ...), one socket call each (see ../common/COMMANDS.md); --auto-accept then accepts
 * every connection as it arrives.
 * usage: labserver [--port N] [--backlog N] [--ipv6] [--steps LIST] [--message TEXT] [--no-accept]
 *                  [--fastopen] [--commands [--auto-accept]] | --list-steps */
#define _GNU_SOURCE /* accept4, MSG_FASTOPEN, strerrorname_np */
#include <signal.h>
#include <sys/wait.h>
#include "../common/commands.h"

#define USAGE "usage: labserver [--port N] [--backlog N] [--ipv6] [--steps LIST] [--message TEXT] [--no-accept]\n" \
              "                 [--fastopen] [--commands [--auto-accept]] | --list-steps\n"
/* The queue of connections that are still in their Fast Open handshake (TCP_FASTOPEN's value). */
#define FASTOPEN_QUEUE 16

static int listen_port, listen_backlog;

static void reap_children(int sig) {
  (void)sig;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {}
  errno = saved;
}

static void usage_exit(const char *why) {
  fprintf(stderr, "labserver: %s\n" USAGE, why);
  exit(2);
}

/* socket(), bind(), listen(): from then on the kernel answers SYNs. Returns the listening socket. */
static int listen_on(int port, int backlog, int ipv6, int fastopen) {
  int family = ipv6 ? AF_INET6 : AF_INET;
  long long start = realtime_ns();
  int lfd = socket(family, SOCK_STREAM, 0);
  emit_event("socket", start, lfd, errno, ipv6 ? "\"family\":\"AF_INET6\"" : "\"family\":\"AF_INET\"");
  if (lfd < 0) exit(1);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fastopen) {
    int queue = FASTOPEN_QUEUE;
    start = realtime_ns();
    emit_event("setsockopt", start, setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN, &queue, sizeof queue), errno,
               "\"option\":\"TCP_FASTOPEN\",\"queue\":16");
  }

  struct sockaddr_storage addr = { 0 };
  socklen_t alen;
  if (ipv6) {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
    a6->sin6_family = AF_INET6; a6->sin6_addr = in6addr_any; a6->sin6_port = htons(port);
    alen = sizeof *a6;
  } else {
    struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
    a4->sin_family = AF_INET; a4->sin_addr.s_addr = htonl(INADDR_ANY); a4->sin_port = htons(port);
    alen = sizeof *a4;
  }
  char extra[128];
  start = realtime_ns();
  emit_event("bind", start, bind(lfd, (struct sockaddr *)&addr, alen), errno, fmt_extra(extra, sizeof extra, "\"port\":%d", port));
  start = realtime_ns();
  int rc = listen(lfd, backlog);
  emit_event("listen", start, rc, errno, fmt_extra(extra, sizeof extra, "\"backlog\":%d", backlog));
  if (rc < 0) exit(1);
  return lfd;
}

static const char *peer_extra(char *buf, size_t room, const struct sockaddr_storage *peer) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (peer->ss_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)peer)->sin6_addr, host, sizeof host);
  else inet_ntop(AF_INET, &((const struct sockaddr_in *)peer)->sin_addr, host, sizeof host);
  return fmt_extra(buf, room, "\"peer\":\"%s\",\"peerPort\":%u", host, port_of(peer));
}

static void serve_forever(int lfd, const struct steps *steps, const char *message) {
  struct sigaction sa = { 0 };
  sa.sa_handler = reap_children;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);
  for (;;) {
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    long long start = realtime_ns();
    int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);
    if (cfd < 0) { emit_event("accept", start, cfd, errno, NULL); if (errno == EINTR) continue; sleep_ms(10); continue; }
    char extra[128];
    emit_event("accept", start, cfd, 0, peer_extra(extra, sizeof extra, &peer));
    start = realtime_ns();
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      emit_event("fork", start, 0, 0, peer_extra(extra, sizeof extra, &peer));
      run_steps(cfd, steps, message);
      exit(0);
    }
    if (pid < 0) emit_event("fork", start, -1, errno, NULL);
    close(cfd);
  }
}

/* Command mode: accept one connection from the accept queue, without waiting more than a moment. */
static int lfd_for_commands;

static void cmd_accept(int seq) {
  struct pollfd p = { lfd_for_commands, POLLIN, 0 };
  if (seq) poll(&p, 1, SHORT_WAIT_MS);
  struct sockaddr_storage peer;
  socklen_t plen = sizeof peer;
  long long start = realtime_ns();
  int cfd = accept4(lfd_for_commands, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK);
  int err = errno;
  int id = cfd < 0 ? 0 : new_conn(cfd, CONN_OPEN);
  if (cfd >= 0 && !id) { close(cfd); reply_problem(seq, "accept", "tooManyConnections", "too many connections"); return; }
  char extra[160];
  event_conn = id;
  emit_event("accept", start, cfd, err, cfd < 0 ? NULL : peer_extra(extra, sizeof extra, &peer));
  event_conn = 0;
  if (cfd < 0) reply_result(seq, "accept", 0, -1, err, err == EAGAIN ? "\"nothingQueued\":true" : NULL);
  else {
    char more[200];
    snprintf(more, sizeof more, "%s,\"localPort\":%d%s", extra, listen_port, seq ? "" : ",\"auto\":true");
    reply_result(seq, "accept", id, cfd, 0, more);
  }
}

static void on_command(int seq, char *line) {
  char *args;
  char *verb = split_verb(line, &args);
  if (!strcmp(verb, "accept")) {
    if (*args) reply_problem(seq, verb, "takesNoArguments", "takes no arguments");
    else cmd_accept(seq);
  } else if (!strcmp(verb, "quit")) {
    reply_result(seq, "quit", 0, 0, 0, NULL);
    exit(0);
  } else if (!run_connection_verb(seq, verb, args, (unsigned)listen_port, listen_backlog))
    reply_problem(seq, verb, "unknownCommand", "unknown command; the server's are: accept, send [#N] TEXT, recv [#N], shutdown [#N], close [#N], abort [#N], status, quit");
}

static int run_commands(int lfd, int auto_accept) {
  lfd_for_commands = lfd;
  fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
  for (;;) {
    struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { lfd, POLLIN, 0 } };
    if (poll(fds, auto_accept ? 2 : 1, -1) < 0) continue;
    if (auto_accept && fds[1].revents) cmd_accept(0);
    if (fds[0].revents && !read_commands(on_command)) return 0;
  }
}

int main(int argc, char **argv) {
  int port = 8899, backlog = 14, ipv6 = 0, no_accept = 0, fastopen = 0, commands = 0, auto_accept = 0;
  const char *steps_text = "read,echo,close", *message = "hello";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--list-steps")) { print_step_table(); return 0; }
    else if (!strcmp(argv[i], "--ipv6")) ipv6 = 1;
    else if (!strcmp(argv[i], "--no-accept")) no_accept = 1;
    else if (!strcmp(argv[i], "--fastopen")) fastopen = 1;
    else if (!strcmp(argv[i], "--commands")) commands = 1;
    else if (!strcmp(argv[i], "--auto-accept")) auto_accept = 1;
    else if (i + 1 >= argc) usage_exit("missing value");
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--backlog")) backlog = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--steps")) steps_text = argv[++i];
    else if (!strcmp(argv[i], "--message")) message = argv[++i];
    else usage_exit("unknown option");
  }
  if (strlen(message) > MAX_MESSAGE_BYTES) usage_exit("--message is longer than 1000 bytes");
  if (auto_accept && !commands) usage_exit("--auto-accept belongs to --commands");
  struct steps steps;
  char why[128];
  if (parse_steps(steps_text, FOR_SERVER, &steps, why, sizeof why) < 0) usage_exit(why);
  signal(SIGPIPE, SIG_IGN); /* a write to a reset connection is a result (EPIPE), not the end of the program */
  event_role = "server";
  listen_port = port;
  listen_backlog = backlog;

  int lfd = listen_on(port, backlog, ipv6, fastopen);
  if (commands) return run_commands(lfd, auto_accept);
  if (no_accept) for (;;) pause(); /* the kernel completes handshakes into the accept queue; nobody takes them */
  serve_forever(lfd, &steps, message);
}
