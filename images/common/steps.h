/* The per-connection steps that both programs run, given as "read,echo,close" or "sleep:200".
 * A scenario is data: the orchestrator passes each program its list, the programs only execute it. */
#ifndef LAB_STEPS_H
#define LAB_STEPS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "events.h"

#define MAX_STEPS 32
#define BUF_SIZE 1024

struct step { char name[24]; long arg; };
struct steps { struct step list[MAX_STEPS]; int count; };

static int parse_steps(const char *text, struct steps *out) {
  out->count = 0;
  const char *p = text;
  while (*p) {
    if (out->count == MAX_STEPS) return -1;
    struct step *s = &out->list[out->count++];
    size_t n = strcspn(p, ",:");
    if (n == 0 || n >= sizeof s->name) return -1;
    memcpy(s->name, p, n);
    s->name[n] = 0;
    s->arg = 0;
    p += n;
    if (*p == ':') { s->arg = strtol(p + 1, (char **)&p, 10); }
    if (*p == ',') p++;
    else if (*p) return -1;
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
  do { n = read(fd, buf, room); } while (n < 0 && errno == EINTR);
  char esc[BUF_SIZE * 2], extra[BUF_SIZE * 2 + 16];
  if (n > 0) json_escape(esc, sizeof esc, buf, n > 200 ? 200 : (size_t)n);
  emit_event("read", (long)n, errno, n > 0 ? fmt_extra(extra, sizeof extra, "\"data\":\"%s\"", esc) : NULL);
  return n;
}

static ssize_t logged_write(int fd, const char *buf, size_t len) {
  ssize_t n;
  do { n = write(fd, buf, len); } while (n < 0 && errno == EINTR);
  emit_event("write", (long)n, errno, NULL);
  return n;
}

/* Runs the connection steps on fd. Returns 0, or -1 for an unknown step (already reported). */
static int run_steps(int fd, const struct steps *steps, const char *message) {
  char buf[BUF_SIZE];
  ssize_t last = 0;
  for (int i = 0; i < steps->count; i++) {
    const struct step *s = &steps->list[i];
    if (!strcmp(s->name, "read")) last = logged_read(fd, buf, sizeof buf);
    else if (!strcmp(s->name, "write")) logged_write(fd, message, strlen(message));
    else if (!strcmp(s->name, "echo")) logged_write(fd, buf, last > 0 ? (size_t)last : 0);
    else if (!strcmp(s->name, "echo-full")) logged_write(fd, buf, sizeof buf); /* as the original did */
    else if (!strcmp(s->name, "read-until-eof")) {
      char scratch[BUF_SIZE]; /* keeps buf, the last single read, for a later echo */
      while (logged_read(fd, scratch, sizeof scratch) > 0) {}
    }
    else if (!strcmp(s->name, "sleep")) sleep_ms(s->arg);
    else if (!strcmp(s->name, "shutdown")) emit_event("shutdown", shutdown(fd, SHUT_WR), errno, "\"how\":\"SHUT_WR\"");
    else if (!strcmp(s->name, "linger0")) {
      struct linger lg = { 1, 0 };
      emit_event("setsockopt", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), errno,
                 "\"option\":\"SO_LINGER\",\"linger\":0");
    }
    else if (!strcmp(s->name, "close")) emit_event("close", close(fd), errno, NULL);
    else { fprintf(stderr, "unknown step: %s\n", s->name); return -1; }
  }
  return 0;
}

#endif
