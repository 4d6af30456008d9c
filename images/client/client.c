/* The experiment's client, in place of the GUI "TCP tool": connect, then the connection steps it was
 * given. The default is the experiment's: send the message, read the echo, wait for the server's FIN,
 * pause 200 ms (so the teardown shows four separate segments), close, then wait until the kernel has
 * finished the teardown ("settle"), so that no packet of it is lost when the container exits.
 * With --wait-signal it starts, prints a "ready" line and waits for SIGUSR1 before connecting, so that
 * its container can start while the server and the capture are still getting ready.
 * With --settle-at-end MS it settles after its steps (at most MS) whatever its last step: a container's
 * network goes with its last process, and a server that closes later still needs the client's kernel
 * to acknowledge its FIN.
 * With --commands it runs no steps: it reads commands (connect, send TEXT, recv, ...) on stdin, one
 * socket call each (see ../common/COMMANDS.md).
 * usage: labclient --host IP [--port N] [--message TEXT] [--steps LIST] [--clients N] [--stagger MS]
 *                  [--connect-timeout MS] [--fastopen] [--wait-signal] [--settle-at-end MS]
 *                  | --commands | --list-steps */
#define _GNU_SOURCE /* accept4, MSG_FASTOPEN, strerrorname_np */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include "../common/commands.h"

#define USAGE "usage: labclient --host IP [--port N] [--message TEXT] [--steps LIST] [--clients N] [--stagger MS]\n" \
              "                 [--connect-timeout MS] [--fastopen] [--wait-signal] [--settle-at-end MS]\n" \
              "                 [--commands] | --list-steps\n"
/* How long the connect command waits for the handshake before giving the prompt back. */
#define CONNECT_WAIT_MS 1000

static struct sockaddr_storage server_addr;
static socklen_t server_alen;
static int server_family;
static const char *server_host;
static int server_port;

static int resolve_server(const char *host, int port) {
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&server_addr;
  struct sockaddr_in *a4 = (struct sockaddr_in *)&server_addr;
  server_host = host;
  server_port = port;
  if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    server_family = a6->sin6_family = AF_INET6; a6->sin6_port = htons(port); server_alen = sizeof *a6;
  } else if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    server_family = a4->sin_family = AF_INET; a4->sin_port = htons(port); server_alen = sizeof *a4;
  } else return -1;
  return 0;
}

static unsigned local_port_of(int fd) {
  struct sockaddr_storage local;
  socklen_t llen = sizeof local;
  if (getsockname(fd, (struct sockaddr *)&local, &llen) < 0) return 0;
  return port_of(&local);
}

static const char *peer_extra(char *buf, size_t room, unsigned local_port) {
  return fmt_extra(buf, room, "\"peer\":\"%s\",\"peerPort\":%d,\"localPort\":%u", server_host, server_port, local_port);
}

/* How long settle waits at most (--settle-at-end changes it). */
static long settle_limit_ms = 5000;

/* Waits (at most settle_limit_ms) until the connection is in TIME-WAIT or gone: the teardown is over. */
static void settle(unsigned local_port, unsigned remote_port) {
  long long start = realtime_ns();
  const char *st;
  while (strcmp(st = kernel_state(local_port, remote_port, 1, NULL), "CLOSED") && strcmp(st, "TIME-WAIT") && realtime_ns() - start < settle_limit_ms * 1000000LL)
    sleep_ms(5);
  char extra[64];
  int done = !strcmp(st, "CLOSED") || !strcmp(st, "TIME-WAIT");
  emit_event("settled", start, 0, 0, fmt_extra(extra, sizeof extra, "\"state\":\"%s\"", done ? st : "timeout"));
}

/* connect(); with a timeout, the client gives up after timeout_ms (a dropped SYN is retried by the
 * kernel for about two minutes otherwise) and reports ETIMEDOUT. */
static int timed_connect(int fd, long timeout_ms, long long *start) {
  *start = realtime_ns();
  if (timeout_ms <= 0) return connect(fd, (struct sockaddr *)&server_addr, server_alen);
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = connect(fd, (struct sockaddr *)&server_addr, server_alen);
  if (rc < 0 && errno == EINPROGRESS) {
    struct pollfd p = { fd, POLLOUT, 0 };
    if (poll(&p, 1, (int)timeout_ms) == 1) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      rc = err ? -1 : 0;
      errno = err;
    } else errno = ETIMEDOUT;
  }
  int err = errno;
  fcntl(fd, F_SETFL, flags);
  errno = err;
  return rc;
}

/* --settle-at-end: settle after the steps even when the last one is not "settle". */
static int settle_always;

static int has_step(const struct steps *steps, enum step_id id) {
  for (int i = 0; i < steps->count; i++)
    if (steps->list[i].id == id) return 1;
  return 0;
}

static int run_client(const char *message, const struct steps *steps, long connect_timeout_ms, int fastopen) {
  long long start = realtime_ns();
  int fd = socket(server_family, SOCK_STREAM, 0);
  emit_event("socket", start, fd, errno, server_family == AF_INET6 ? "\"family\":\"AF_INET6\"" : "\"family\":\"AF_INET\"");
  if (fd < 0) return 1;
  char extra[200], more[260];
  struct steps rest = *steps;
  int settle_at_end = rest.count && rest.list[rest.count - 1].id == STEP_SETTLE;
  if (settle_at_end) rest.count--;
  int rc, err;
  if (fastopen) {
    /* TCP Fast Open: connect and the first write in one call; with a cookie from an earlier
     * connection to this server, the message rides in the SYN (the first step is "write"). */
    start = realtime_ns();
    ssize_t n = sendto(fd, message, strlen(message), MSG_FASTOPEN | MSG_NOSIGNAL, (struct sockaddr *)&server_addr, server_alen);
    err = errno;
    rc = n < 0 ? -1 : 0;
    snprintf(more, sizeof more, "%s,\"flags\":\"MSG_FASTOPEN\"", peer_extra(extra, sizeof extra, local_port_of(fd)));
    emit_event("sendto", start, (long)n, err, more);
    memmove(rest.list, rest.list + 1, sizeof *rest.list * (size_t)--rest.count);
  } else {
    rc = timed_connect(fd, connect_timeout_ms, &start);
    err = errno;
    const char *what = peer_extra(extra, sizeof extra, local_port_of(fd));
    if (rc < 0 && err == ETIMEDOUT && connect_timeout_ms > 0) what = fmt_extra(more, sizeof more, "%s,\"gaveUpAfterMs\":%ld", extra, connect_timeout_ms);
    emit_event("connect", start, rc, err, what);
  }
  unsigned local_port = local_port_of(fd);
  if (rc < 0) { /* a refused or abandoned connection is a result, not a failure */
    start = realtime_ns();
    emit_event("close", start, close(fd), errno, NULL);
    return 0;
  }
  run_steps(fd, &rest, message);
  if (settle_at_end) settle(local_port, (unsigned)server_port);
  else if (settle_always) {
    /* The socket is closed as the process's exit would close it, but the process, and with it the
     * container's network, stays until the teardown is over: its kernel still has the last ACK to send. */
    if (!has_step(&rest, STEP_CLOSE)) close(fd);
    settle(local_port, (unsigned)server_port);
  }
  return 0;
}

static void usage_exit(const char *why) {
  fprintf(stderr, "labclient: %s\n" USAGE, why);
  exit(2);
}

/* Blocks SIGUSR1 first (a signal sent early stays pending), says so, then waits for it. */
static void wait_for_go(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  emit_event("ready", realtime_ns(), 0, 0, NULL);
  int sig;
  sigwait(&set, &sig);
}

/* Command mode. A connect whose handshake takes longer than CONNECT_WAIT_MS (a dropped SYN) is
 * answered "pending" at once, and again, marked late, when the kernel finishes or gives up. */
static void finish_connect(int id, int late) {
  struct conn *c = &conns[id];
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
  char extra[200];
  event_conn = id;
  emit_event("connect", c->start, err ? -1 : 0, err, peer_extra(extra, sizeof extra, c->local_port));
  event_conn = 0;
  if (err) { close(c->fd); c->fd = -1; c->state = CONN_CLOSED; }
  else c->state = CONN_OPEN;
  snprintf(extra, sizeof extra, "\"localPort\":%u%s", c->local_port, late ? ",\"late\":true" : "");
  reply_result(c->seq, "connect", id, err ? -1 : 0, err, extra);
}

static void cmd_connect(int seq) {
  long long start = realtime_ns();
  int fd = socket(server_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int err = errno;
  if (fd < 0) { emit_event("socket", start, fd, err, NULL); reply_result(seq, "connect", 0, -1, err, NULL); return; }
  int id = new_conn(fd, CONN_CONNECTING);
  if (!id) { close(fd); reply_problem(seq, "connect", "tooManyConnections", "too many connections"); return; }
  event_conn = id;
  emit_event("socket", start, fd, 0, server_family == AF_INET6 ? "\"family\":\"AF_INET6\"" : "\"family\":\"AF_INET\"");
  event_conn = 0;
  struct conn *c = &conns[id];
  c->seq = seq;
  c->peer_port = (unsigned)server_port;
  c->start = realtime_ns();
  int rc = connect(fd, (struct sockaddr *)&server_addr, server_alen);
  err = errno;
  c->local_port = local_port_of(fd);
  if (rc < 0 && err == EINPROGRESS) {
    struct pollfd p = { fd, POLLOUT, 0 };
    if (poll(&p, 1, CONNECT_WAIT_MS) == 0) {
      char extra[64];
      reply_result(seq, "connect", id, -1, EINPROGRESS, fmt_extra(extra, sizeof extra, "\"localPort\":%u,\"pending\":true", c->local_port));
      return;
    }
  } else if (rc < 0) {
    /* failed at once: SO_ERROR is not set, so report connect()'s own errno */
    char extra[200];
    event_conn = id;
    emit_event("connect", c->start, -1, err, peer_extra(extra, sizeof extra, c->local_port));
    event_conn = 0;
    close(fd);
    c->fd = -1;
    c->state = CONN_CLOSED;
    reply_result(seq, "connect", id, -1, err, NULL);
    return;
  }
  finish_connect(id, 0);
}

static void on_command(int seq, char *line) {
  char *args;
  char *verb = split_verb(line, &args);
  if (!strcmp(verb, "connect")) {
    if (*args) reply_problem(seq, verb, "takesNoArguments", "takes no arguments");
    else cmd_connect(seq);
  } else if (!strcmp(verb, "quit")) {
    reply_result(seq, "quit", 0, 0, 0, NULL);
    exit(0);
  } else if (!run_connection_verb(seq, verb, args, 0, 0))
    reply_problem(seq, verb, "unknownCommand", "unknown command; the client's are: connect, send [#N] TEXT, recv [#N], shutdown [#N], close [#N], abort [#N], status, quit");
}

static int run_commands(void) {
  emit_event("ready", realtime_ns(), 0, 0, NULL);
  for (;;) {
    struct pollfd fds[1 + MAX_CONNS];
    int ids[1 + MAX_CONNS], n = 1;
    fds[0] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
    for (int id = 1; id <= conn_count; id++)
      if (conns[id].state == CONN_CONNECTING) { ids[n] = id; fds[n++] = (struct pollfd){ conns[id].fd, POLLOUT, 0 }; }
    if (poll(fds, (nfds_t)n, -1) < 0) continue;
    for (int i = 1; i < n; i++)
      if (fds[i].revents) finish_connect(ids[i], 1);
    if (fds[0].revents && !read_commands(on_command)) return 0;
  }
}

int main(int argc, char **argv) {
  const char *host = NULL, *message = "hello";
  const char *steps_text = "write,read,read-until-eof,sleep:200,close,settle";
  int port = 8899, clients = 1, wait_signal = 0, commands = 0, fastopen = 0;
  long stagger_ms = 0, connect_timeout_ms = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--list-steps")) { print_step_table(); return 0; }
    else if (!strcmp(argv[i], "--wait-signal")) wait_signal = 1;
    else if (!strcmp(argv[i], "--commands")) commands = 1;
    else if (!strcmp(argv[i], "--fastopen")) fastopen = 1;
    else if (i + 1 >= argc) usage_exit("missing value");
    else if (!strcmp(argv[i], "--host")) host = argv[++i];
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--message")) message = argv[++i];
    else if (!strcmp(argv[i], "--steps")) steps_text = argv[++i];
    else if (!strcmp(argv[i], "--clients")) clients = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--stagger")) stagger_ms = atol(argv[++i]);
    else if (!strcmp(argv[i], "--connect-timeout")) connect_timeout_ms = atol(argv[++i]);
    else if (!strcmp(argv[i], "--settle-at-end")) { settle_always = 1; settle_limit_ms = atol(argv[++i]); }
    else usage_exit("unknown option");
  }
  if (!host) usage_exit("--host is required");
  if (resolve_server(host, port) < 0) usage_exit("--host is not an IP address");
  if (strlen(message) > MAX_MESSAGE_BYTES) usage_exit("--message is longer than 1000 bytes");
  struct steps steps;
  char why[128];
  if (parse_steps(steps_text, FOR_CLIENT, &steps, why, sizeof why) < 0) usage_exit(why);
  if (fastopen && (!steps.count || steps.list[0].id != STEP_WRITE)) usage_exit("--fastopen needs \"write\" as the first step");
  signal(SIGPIPE, SIG_IGN); /* a write to a reset connection is a result (EPIPE), not the end of the program */
  event_role = "client";
  if (commands) return run_commands();
  if (wait_signal) wait_for_go();
  if (clients <= 1) return run_client(message, &steps, connect_timeout_ms, fastopen);

  /* Several clients: one process each, all at once or --stagger MS apart. */
  for (int c = 0; c < clients; c++) {
    if (c && stagger_ms) sleep_ms(stagger_ms);
    if (fork() == 0) exit(run_client(message, &steps, connect_timeout_ms, fastopen));
  }
  int status, worst = 0;
  while (wait(&status) > 0)
    if (WIFEXITED(status) && WEXITSTATUS(status) > worst) worst = WEXITSTATUS(status);
  return worst;
}
