/* One JSON line per socket call on stdout: the time line the report puts beside the capture.
 * "start" is when the call was made and "t" when it returned (CLOCK_REALTIME, nanoseconds), so a
 * blocking call such as connect() or accept() shows as a span around the packets it waited for.
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
/* Command mode: the id (#N) of the connection the call acts on; 0 when there is none. */
static int event_conn = 0;

static long long realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The length of the valid UTF-8 sequence at s (at most n bytes long), or 0 if none starts there. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  unsigned char lo = 0x80, hi = 0xbf; /* the allowed range of the second byte */
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) { len = 3; if (c == 0xe0) lo = 0xa0; if (c == 0xed) hi = 0x9f; }
  else if (c >= 0xf0 && c <= 0xf4) { len = 4; if (c == 0xf0) lo = 0x90; if (c == 0xf4) hi = 0x8f; }
  else return 0;
  if (n < len || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if ((s[i] & 0xc0) != 0x80) return 0;
  return len;
}

/* The largest length <= limit that does not cut a UTF-8 character of s (n bytes) in two. */
static size_t utf8_cut(const char *s, size_t n, size_t limit) {
  if (n <= limit) return n;
  size_t cut = limit;
  for (int back = 0; back < 3 && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80; back++) cut--;
  return ((unsigned char)s[cut] & 0xc0) == 0x80 ? limit : cut;
}

/* Writes s (n bytes) into out as a JSON string body: UTF-8 text as it is (so 中 stays 中), quotes and
 * control characters escaped, and each byte that is not part of valid UTF-8 as U+FFFD. */
static size_t json_escape(char *out, size_t room, const char *s, size_t n) {
  size_t o = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n && o + 7 < room;) {
    unsigned char c = u[i];
    size_t len = utf8_sequence(u + i, n - i);
    if (c == '"' || c == '\\') { out[o++] = '\\'; out[o++] = (char)c; i++; }
    else if (c < 0x20 || c == 0x7f) { o += (size_t)snprintf(out + o, room - o, "\\u%04x", c); i++; }
    else if (len == 0) { o += (size_t)snprintf(out + o, room - o, "\\ufffd"); i++; }
    else { memcpy(out + o, s + i, len); o += len; i += len; }
  }
  out[o] = 0;
  return o;
}

/* ret < 0 means the call failed with errno err. start is realtime_ns() taken just before the call.
 * extra is preformatted JSON members or NULL. */
static void emit_event(const char *call, long long start, long ret, int err, const char *extra) {
  char line[3072];
  int n = snprintf(line, sizeof line, "{\"t\":%lld,\"start\":%lld,\"pid\":%d,\"role\":\"%s\",\"call\":\"%s\",\"ret\":%ld",
                   realtime_ns(), start, (int)getpid(), event_role, call, ret);
  if (event_conn) n += snprintf(line + n, sizeof line - n, ",\"conn\":%d", event_conn);
  if (ret < 0) n += snprintf(line + n, sizeof line - n, ",\"errno\":\"%s\",\"error\":\"%s\"", strerrorname_np(err), strerror(err));
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
