/* Command mode (--commands): one command per line on stdin, one JSON reply per line on stdout, beside
 * the event lines. Each command makes one socket call, so a person (or the lab session) can drive a
 * connection step by step. The protocol is described in COMMANDS.md. Nothing here ever blocks for
 * long: sockets are non-blocking, and a call that would wait says so after a short poll. */
#ifndef LAB_COMMANDS_H
#define LAB_COMMANDS_H

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include "steps.h"

#define MAX_CONNS 64
#define LINE_MAX_BYTES 65536
/* How long recv and accept wait for something to arrive before saying there is nothing. */
#define SHORT_WAIT_MS 200

enum conn_state { CONN_FREE, CONN_CONNECTING, CONN_OPEN, CONN_CLOSED };

struct conn {
  enum conn_state state;
  int fd;
  unsigned local_port, peer_port;
  long long start; /* connecting: when connect() was called */
  int seq;         /* connecting: the command that called it */
};

/* Connection ids start at 1 (#1); conns[0] is unused. */
static struct conn conns[MAX_CONNS + 1];
static int conn_count = 0;

/* The replies. seq is the number of the command's line (1 for the first); 0 for a result nobody asked for. */
static void write_line(const char *line, int n) {
  if (n > LINE_MAX_BYTES) n = LINE_MAX_BYTES;
  ssize_t w = write(STDOUT_FILENO, line, (size_t)n);
  (void)w;
}

static void reply_result(int seq, const char *cmd, int conn, long ret, int err, const char *extra) {
  static char line[LINE_MAX_BYTES];
  int n = snprintf(line, sizeof line, "{\"reply\":%d,\"cmd\":\"%s\"", seq, cmd);
  if (conn) n += snprintf(line + n, sizeof line - n, ",\"conn\":%d", conn);
  n += snprintf(line + n, sizeof line - n, ",\"ok\":%s,\"ret\":%ld", ret < 0 ? "false" : "true", ret);
  if (ret < 0) n += snprintf(line + n, sizeof line - n, ",\"errno\":\"%s\",\"error\":\"%s\"", strerrorname_np(err), strerror(err));
  if (extra && *extra) n += snprintf(line + n, sizeof line - n, ",%s", extra);
  n += snprintf(line + n, sizeof line - n, "}\n");
  write_line(line, n < (int)sizeof line ? n : (int)sizeof line);
}

/* A command that made no socket call: unknown, or impossible now (send before connect). `code` names the
   problem for a program that words it in the user's language; `problem` says it in English. */
static void reply_problem(int seq, const char *cmd, const char *code, const char *problem) {
  char line[1024], esc[512];
  json_escape(esc, sizeof esc, cmd, strlen(cmd));
  int n = snprintf(line, sizeof line, "{\"reply\":%d,\"cmd\":\"%s\",\"ok\":false,\"code\":\"%s\",\"problem\":\"%s\"}\n", seq, esc, code, problem);
  write_line(line, n < (int)sizeof line ? n : (int)sizeof line);
}

static unsigned port_of(const struct sockaddr_storage *a) {
  return ntohs(a->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)a)->sin6_port : ((const struct sockaddr_in *)a)->sin_port);
}

static int new_conn(int fd, enum conn_state state) {
  if (conn_count == MAX_CONNS) return 0;
  struct conn *c = &conns[++conn_count];
  c->state = state;
  c->fd = fd;
  struct sockaddr_storage a;
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) == 0) c->local_port = port_of(&a);
  len = sizeof a;
  if (getpeername(fd, (struct sockaddr *)&a, &len) == 0) c->peer_port = port_of(&a);
  return conn_count;
}

/* The RFC 9293 name of a socket's state, read from the kernel's table (/proc/net/tcp and tcp6).
 * A socket the kernel no longer has is CLOSED. With match_peer 0, finds the listening socket of
 * local_port, and queue gets its receive queue: the connections waiting in the accept queue. */
static const char *kernel_state(unsigned local_port, unsigned peer_port, int match_peer, long *queue) {
  static const char *names[] = { "CLOSED", "ESTABLISHED", "SYN-SENT", "SYN-RECEIVED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
                                 "CLOSED", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "SYN-RECEIVED" };
  const char *files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  for (int f = 0; f < 2; f++) {
    FILE *fp = fopen(files[f], "r");
    if (!fp) continue;
    char line[512];
    while (fgets(line, sizeof line, fp)) {
      char local[64], remote[64];
      unsigned st;
      unsigned long rx;
      if (sscanf(line, " %*d: %63s %63s %x %*x:%lx", local, remote, &st, &rx) != 4) continue;
      char *lp = strrchr(local, ':'), *rp = strrchr(remote, ':');
      if (!lp || !rp || strtoul(lp + 1, NULL, 16) != local_port) continue;
      if (match_peer ? strtoul(rp + 1, NULL, 16) != peer_port : st != 0x0a) continue;
      fclose(fp);
      if (queue) *queue = (long)rx;
      return st < sizeof names / sizeof *names ? names[st] : "UNKNOWN";
    }
    fclose(fp);
  }
  return "CLOSED";
}

/* The connection a verb acts on: "#N", or the latest one. */
static int pick_conn(const char **args, int seq, const char *cmd) {
  int id = conn_count;
  if (**args == '#') {
    char *end;
    id = (int)strtol(*args + 1, &end, 10);
    *args = end;
    while (**args == ' ') (*args)++;
    if (id < 1 || id > conn_count) { reply_problem(seq, cmd, "noSuchConnection", "no connection with that number"); return 0; }
  }
  if (!id) { reply_problem(seq, cmd, "noConnectionYet", "no connection yet"); return 0; }
  if (conns[id].state == CONN_CLOSED) { reply_problem(seq, cmd, "connectionClosed", "that connection was already closed by this program"); return 0; }
  if (conns[id].state == CONN_CONNECTING) { reply_problem(seq, cmd, "stillConnecting", "that connection is still connecting (its connect() has not returned)"); return 0; }
  return id;
}

static void cmd_send(int seq, int id, const char *text) {
  if (!*text) { reply_problem(seq, "send", "sendNeedsText", "send needs the text to send: send TEXT"); return; }
  size_t len = strlen(text);
  long long start = realtime_ns();
  ssize_t n = send(conns[id].fd, text, len, MSG_NOSIGNAL);
  int err = errno;
  event_conn = id;
  emit_event("send", start, (long)n, err, NULL);
  event_conn = 0;
  reply_result(seq, "send", id, (long)n, err, NULL);
}

static void cmd_recv(int seq, int id) {
  struct pollfd p = { conns[id].fd, POLLIN, 0 };
  poll(&p, 1, SHORT_WAIT_MS);
  static char buf[4096], esc[sizeof buf * 6 + 1], extra[sizeof esc + 16];
  long long start = realtime_ns();
  ssize_t n = recv(conns[id].fd, buf, sizeof buf, MSG_DONTWAIT);
  int err = errno;
  const char *data = NULL;
  if (n > 0) {
    json_escape(esc, sizeof esc, buf, utf8_cut(buf, (size_t)n, EVENT_DATA_BYTES));
    data = fmt_extra(extra, sizeof extra, "\"data\":\"%s\"", esc);
  }
  event_conn = id;
  emit_event("recv", start, (long)n, err, data);
  event_conn = 0;
  if (n > 0) { /* the reply shows all of it; the event, like a read event, its start */
    json_escape(esc, sizeof esc, buf, (size_t)n);
    data = fmt_extra(extra, sizeof extra, "\"data\":\"%s\"", esc);
  } else if (n == 0) data = "\"eof\":true";
  else if (err == EAGAIN) data = "\"nothingToRead\":true";
  reply_result(seq, "recv", id, (long)n, err, data);
}

static void cmd_shutdown(int seq, int id) {
  long long start = realtime_ns();
  int rc = shutdown(conns[id].fd, SHUT_WR);
  int err = errno;
  event_conn = id;
  emit_event("shutdown", start, rc, err, "\"how\":\"SHUT_WR\"");
  event_conn = 0;
  reply_result(seq, "shutdown", id, rc, err, NULL);
}

/* close, or abort: SO_LINGER 0 first, so that close() sends an RST instead of a FIN. */
static void cmd_close(int seq, int id, int abort_it) {
  event_conn = id;
  if (abort_it) {
    struct linger lg = { 1, 0 };
    long long start = realtime_ns();
    int rc = setsockopt(conns[id].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    emit_event("setsockopt", start, rc, errno, "\"option\":\"SO_LINGER\",\"linger\":0");
  }
  long long start = realtime_ns();
  int rc = close(conns[id].fd);
  int err = errno;
  emit_event("close", start, rc, err, NULL);
  event_conn = 0;
  conns[id].state = CONN_CLOSED;
  conns[id].fd = -1;
  reply_result(seq, abort_it ? "abort" : "close", id, rc, err, NULL);
}

/* The server's connections that the kernel has but accept() has not returned (in the accept queue, or
 * still in their handshake), as JSON objects appended to out. */
static int append_queued(char *out, int room, unsigned listen_port) {
  static const char *names[] = { "CLOSED", "ESTABLISHED", "SYN-SENT", "SYN-RECEIVED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
                                 "CLOSED", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "SYN-RECEIVED" };
  const char *files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  int n = 0, first = 1;
  for (int f = 0; f < 2; f++) {
    FILE *fp = fopen(files[f], "r");
    if (!fp) continue;
    char line[512];
    while (fgets(line, sizeof line, fp) && n < room - 100) {
      char local[64], remote[64];
      unsigned st;
      if (sscanf(line, " %*d: %63s %63s %x", local, remote, &st) != 3 || st == 0x0a || st >= sizeof names / sizeof *names) continue;
      char *lp = strrchr(local, ':'), *rp = strrchr(remote, ':');
      if (!lp || !rp || strtoul(lp + 1, NULL, 16) != listen_port) continue;
      unsigned peer_port = (unsigned)strtoul(rp + 1, NULL, 16);
      int accepted = 0;
      for (int id = 1; id <= conn_count; id++) accepted |= conns[id].peer_port == peer_port;
      if (accepted) continue;
      n += snprintf(out + n, (size_t)(room - n), "%s{\"peerPort\":%u,\"state\":\"%s\"}", first ? "" : ",", peer_port, names[st]);
      first = 0;
    }
    fclose(fp);
  }
  return n;
}

/* status: each connection's state as the kernel has it; on the server also the listening socket and the
 * connections not accepted yet. */
static void cmd_status(int seq, unsigned listen_port, int backlog) {
  static char extra[LINE_MAX_BYTES / 2];
  int n = snprintf(extra, sizeof extra, "\"connections\":[");
  for (int id = 1; id <= conn_count && n < (int)sizeof extra - 200; id++) {
    const struct conn *c = &conns[id];
    const char *state = c->local_port ? kernel_state(c->local_port, c->peer_port, 1, NULL) : "CLOSED";
    n += snprintf(extra + n, sizeof extra - n, "%s{\"conn\":%d,\"localPort\":%u,\"peerPort\":%u,\"state\":\"%s\",\"closedByProgram\":%s}",
                  id > 1 ? "," : "", id, c->local_port, c->peer_port, state, c->state == CONN_CLOSED ? "true" : "false");
  }
  n += snprintf(extra + n, sizeof extra - n, "]");
  if (listen_port) {
    long queue = 0;
    const char *state = kernel_state(listen_port, 0, 0, &queue);
    n += snprintf(extra + n, sizeof extra - n, ",\"listen\":{\"port\":%u,\"state\":\"%s\",\"acceptQueue\":%ld,\"backlog\":%d,\"notAccepted\":[", listen_port, state, queue, backlog);
    n += append_queued(extra + n, (int)sizeof extra - n - 4, listen_port);
    snprintf(extra + n, sizeof extra - n, "]}");
  }
  reply_result(seq, "status", 0, 0, 0, extra);
}

/* The verbs both programs share (listen_port 0: the client). Returns 0 when cmd is not one of them. */
static int run_connection_verb(int seq, const char *cmd, const char *args, unsigned listen_port, int backlog) {
  int is_send = !strcmp(cmd, "send"), is_recv = !strcmp(cmd, "recv"), is_shutdown = !strcmp(cmd, "shutdown");
  int is_close = !strcmp(cmd, "close"), is_abort = !strcmp(cmd, "abort");
  if (!strcmp(cmd, "status")) { cmd_status(seq, listen_port, backlog); return 1; }
  if (!(is_send || is_recv || is_shutdown || is_close || is_abort)) return 0;
  int id = pick_conn(&args, seq, cmd);
  if (!id) return 1;
  if (!is_send && *args) { reply_problem(seq, cmd, "takesNoText", "takes no text (only a connection, such as #2)"); return 1; }
  if (is_send) cmd_send(seq, id, args);
  else if (is_recv) cmd_recv(seq, id);
  else if (is_shutdown) cmd_shutdown(seq, id);
  else cmd_close(seq, id, is_abort);
  return 1;
}

/* Reads stdin and calls on_line for each complete line; returns 0 at end of input. */
static int read_commands(void (*on_line)(int seq, char *line)) {
  static char buf[LINE_MAX_BYTES];
  static size_t used = 0;
  static int seq = 0, discarding = 0;
  ssize_t n = read(STDIN_FILENO, buf + used, sizeof buf - used);
  if (n < 0 && errno == EINTR) return 1;
  if (n <= 0) return 0;
  used += (size_t)n;
  char *start = buf, *nl;
  while ((nl = memchr(start, '\n', used - (size_t)(start - buf)))) {
    *nl = 0;
    if (nl > start && nl[-1] == '\r') nl[-1] = 0;
    if (!discarding && start[strspn(start, " \t")] == 0) { start = nl + 1; continue; } /* an empty line */
    seq++;
    if (discarding) { reply_problem(seq, "", "lineTooLong", "line too long"); discarding = 0; }
    else on_line(seq, start);
    start = nl + 1;
  }
  used -= (size_t)(start - buf);
  memmove(buf, start, used);
  if (used == sizeof buf) { used = 0; discarding = 1; } /* a line longer than the buffer: drop it to its end */
  return 1;
}

/* Splits "verb rest" in place: returns the verb, and rest (leading spaces skipped) in *args. */
static char *split_verb(char *line, char **args) {
  while (*line == ' ' || *line == '\t') line++;
  char *p = line;
  while (*p && *p != ' ' && *p != '\t') p++;
  if (*p) *p++ = 0;
  while (*p == ' ' || *p == '\t') p++;
  *args = p;
  return line;
}

#endif
