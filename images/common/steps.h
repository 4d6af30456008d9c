/* The per-connection steps that both programs run, given as "read,echo,close" or "sleep:200".
 * A scenario is data: the orchestrator passes each program its list, the programs only execute it.
 * STEP_TABLE is the programs' own list of what they accept; src/config/steps.ts holds the same table
 * for lab.yaml's schema, and a unit test reads this file to check that the two agree. */
#ifndef LAB_STEPS_H
#define LAB_STEPS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "events.h"

#define MAX_STEPS 30
#define BUF_SIZE 1024
/* The longest --message, in bytes: one read() of BUF_SIZE takes it whole, so the echo is the message. */
#define MAX_MESSAGE_BYTES 1000
/* How much of the data a read event shows. */
#define EVENT_DATA_BYTES 200

enum step_role { FOR_SERVER = 1, FOR_CLIENT = 2 };
/* Where a step may appear: on the open socket (before close), anywhere, or only as the last step. */
enum step_place { ON_OPEN_SOCKET, ANYWHERE, LAST_ONLY };
enum step_id { STEP_READ, STEP_WRITE, STEP_ECHO, STEP_ECHO_FULL, STEP_READ_UNTIL_EOF, STEP_SHUTDOWN, STEP_LINGER0, STEP_CLOSE, STEP_SLEEP, STEP_SETTLE, STEP_COUNT };

struct step_def {
  const char *name;
  int roles;
  enum step_place place;
  long max_ms; /* > 0: the step takes a duration, "name:MS", of at most this many milliseconds */
};

static const struct step_def STEP_TABLE[STEP_COUNT] = {
  [STEP_READ] = { "read", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_WRITE] = { "write", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_ECHO] = { "echo", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_ECHO_FULL] = { "echo-full", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_READ_UNTIL_EOF] = { "read-until-eof", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_SHUTDOWN] = { "shutdown", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_LINGER0] = { "linger0", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_CLOSE] = { "close", FOR_SERVER | FOR_CLIENT, ON_OPEN_SOCKET, 0 },
  [STEP_SLEEP] = { "sleep", FOR_SERVER | FOR_CLIENT, ANYWHERE, 10000 },
  [STEP_SETTLE] = { "settle", FOR_CLIENT, LAST_ONLY, 0 },
};

struct step { enum step_id id; long arg; };
struct steps { struct step list[MAX_STEPS]; int count; };

/* Parses and checks a step list for one role, as lab.yaml's schema does; on error, writes why. */
static int parse_steps(const char *text, int role, struct steps *out, char *why, size_t room) {
  out->count = 0;
  int closed = 0;
  for (const char *p = text; *p;) {
    if (out->count == MAX_STEPS) { snprintf(why, room, "more than %d steps", MAX_STEPS); return -1; }
    size_t n = strcspn(p, ",:");
    int id = 0;
    while (id < STEP_COUNT && !(strlen(STEP_TABLE[id].name) == n && !strncmp(STEP_TABLE[id].name, p, n))) id++;
    if (id == STEP_COUNT) { snprintf(why, room, "unknown step \"%.*s\"", (int)n, p); return -1; }
    const struct step_def *def = &STEP_TABLE[id];
    struct step *s = &out->list[out->count++];
    s->id = (enum step_id)id;
    s->arg = 0;
    p += n;
    if (*p == ':') {
      char *end;
      s->arg = strtol(p + 1, &end, 10);
      if (!def->max_ms || end == p + 1 || s->arg < 0 || s->arg > def->max_ms) { snprintf(why, room, "bad duration for %s (0 to %ld ms)", def->name, def->max_ms); return -1; }
      p = end;
    } else if (def->max_ms) { snprintf(why, room, "%s needs a duration: %s:MS", def->name, def->name); return -1; }
    if (*p == ',') p++;
    else if (*p) { snprintf(why, room, "unexpected \"%c\" after %s", *p, def->name); return -1; }
    if (!(def->roles & role)) { snprintf(why, room, "%s is not a step of this program", def->name); return -1; }
    if (def->place == ON_OPEN_SOCKET && closed) { snprintf(why, room, "%s after close", def->name); return -1; }
    if (def->place == LAST_ONLY && *p) { snprintf(why, room, "%s must be the last step", def->name); return -1; }
    if (id == STEP_CLOSE) closed = 1;
  }
  return 0;
}

static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* read() once; logs the bytes read (as text) so the time line shows what arrived. */
static ssize_t logged_read(int fd, char *buf, size_t room) {
  memset(buf, 0, room);
  ssize_t n;
  long long start;
  do { start = realtime_ns(); n = read(fd, buf, room); } while (n < 0 && errno == EINTR);
  int err = errno;
  char esc[EVENT_DATA_BYTES * 6 + 1], extra[sizeof esc + 16];
  if (n > 0) json_escape(esc, sizeof esc, buf, utf8_cut(buf, (size_t)n, EVENT_DATA_BYTES));
  emit_event("read", start, (long)n, err, n > 0 ? fmt_extra(extra, sizeof extra, "\"data\":\"%s\"", esc) : NULL);
  return n;
}

static ssize_t logged_write(int fd, const char *buf, size_t len) {
  ssize_t n;
  long long start;
  do { start = realtime_ns(); n = write(fd, buf, len); } while (n < 0 && errno == EINTR);
  emit_event("write", start, (long)n, errno, NULL);
  return n;
}

/* Runs the connection steps on fd (the list was checked by parse_steps; settle is the caller's). */
static void run_steps(int fd, const struct steps *steps, const char *message) {
  char buf[BUF_SIZE];
  ssize_t last = 0;
  for (int i = 0; i < steps->count; i++) {
    const struct step *s = &steps->list[i];
    long long start = realtime_ns();
    switch (s->id) {
      case STEP_READ: last = logged_read(fd, buf, sizeof buf); break;
      case STEP_WRITE: logged_write(fd, message, strlen(message)); break;
      case STEP_ECHO: logged_write(fd, buf, last > 0 ? (size_t)last : 0); break;
      case STEP_ECHO_FULL: logged_write(fd, buf, sizeof buf); break; /* as the original did */
      case STEP_READ_UNTIL_EOF: {
        char scratch[BUF_SIZE]; /* keeps buf, the last single read, for a later echo */
        while (logged_read(fd, scratch, sizeof scratch) > 0) {}
        break;
      }
      case STEP_SHUTDOWN: emit_event("shutdown", start, shutdown(fd, SHUT_WR), errno, "\"how\":\"SHUT_WR\""); break;
      case STEP_LINGER0: {
        struct linger lg = { 1, 0 };
        emit_event("setsockopt", start, setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), errno, "\"option\":\"SO_LINGER\",\"linger\":0");
        break;
      }
      case STEP_CLOSE: emit_event("close", start, close(fd), errno, NULL); break;
      case STEP_SLEEP: sleep_ms(s->arg); break;
      case STEP_SETTLE: case STEP_COUNT: break;
    }
  }
}

/* --list-steps: the table above as JSON, for anyone who wants the programs' own word on it. */
static void print_step_table(void) {
  static const char *places[] = { "open-socket", "anywhere", "last" };
  printf("[");
  for (int i = 0; i < STEP_COUNT; i++) {
    const struct step_def *d = &STEP_TABLE[i];
    printf("%s{\"name\":\"%s\",\"server\":%s,\"client\":%s,\"place\":\"%s\",\"maxMs\":%ld}", i ? "," : "", d->name,
           d->roles & FOR_SERVER ? "true" : "false", d->roles & FOR_CLIENT ? "true" : "false", places[d->place], d->max_ms);
  }
  printf("]\n");
}

#endif
