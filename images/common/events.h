/* One JSON line per socket call on stdout: the time line the report puts beside the capture.
 * Each line is written with a single write(2) so that lines of forked processes never interleave. */
#ifndef LAB_EVENTS_H
#define LAB_EVENTS_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *event_role = "?";

static long long realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Appends s to out as a JSON string body (quotes and control bytes escaped). */
static size_t json_escape(char *out, size_t room, const char *s, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 7 < room; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') { out[o++] = '\\'; out[o++] = (char)c; }
    else if (c < 0x20 || c >= 0x7f) o += (size_t)snprintf(out + o, room - o, "\\u%04x", c);
    else out[o++] = (char)c;
  }
  out[o] = 0;
  return o;
}

/* ret < 0 means the call failed with errno err. extra is preformatted JSON members or NULL. */
static void emit_event(const char *call, long ret, int err, const char *extra) {
  char line[3072];
  int n = snprintf(line, sizeof line, "{\"t\":%lld,\"pid\":%d,\"role\":\"%s\",\"call\":\"%s\",\"ret\":%ld",
                   realtime_ns(), (int)getpid(), event_role, call, ret);
  if (ret < 0) n += snprintf(line + n, sizeof line - n, ",\"error\":\"%s\"", strerror(err));
  if (extra && *extra) n += snprintf(line + n, sizeof line - n, ",%s", extra);
  n += snprintf(line + n, sizeof line - n, "}\n");
  if (n > (int)sizeof line) n = sizeof line;
  ssize_t w = write(STDOUT_FILENO, line, (size_t)n);
  (void)w;
}

/* Formats extra members for emit_event. */
static const char *fmt_extra(char *buf, size_t room, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, room, fmt, ap);
  va_end(ap);
  return buf;
}

#endif
