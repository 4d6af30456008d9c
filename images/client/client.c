/* The experiment's client, in place of the GUI "TCP tool": connect, then the connection steps it was
 * given. The default is the experiment's: send the message, read the echo, wait for the server's FIN,
 * pause 200 ms (so the teardown shows four separate segments), close, then wait until the kernel has
 * finished the teardown ("settle"), so that no packet of it is lost when the container exits.
 * With --wait-signal it starts, prints a "ready" line and waits for SIGUSR1 before connecting, so that
 * its container can start while the server and the capture are still getting ready.
 * usage: labclient --host IP [--port N] [--message TEXT] [--steps LIST] [--clients N] [--wait-signal] */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include "../common/steps.h"

/* TCP states in /proc/net/tcp: 01 ESTABLISHED ... 06 TIME_WAIT, 07 CLOSE. */
static int tcp_state_of(unsigned local_port, unsigned remote_port) {
  const char *files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  for (int f = 0; f < 2; f++) {
    FILE *fp = fopen(files[f], "r");
    if (!fp) continue;
    char line[512];
    while (fgets(line, sizeof line, fp)) {
      char local[64], remote[64];
      unsigned st;
      if (sscanf(line, " %*d: %63s %63s %x", local, remote, &st) != 3) continue;
      char *lp = strrchr(local, ':'), *rp = strrchr(remote, ':');
      if (lp && rp && strtoul(lp + 1, NULL, 16) == local_port && strtoul(rp + 1, NULL, 16) == remote_port) {
        fclose(fp);
        return (int)st;
      }
    }
    fclose(fp);
  }
  return 0;
}

/* Waits (at most 5 s) until the connection is in TIME_WAIT or gone: the teardown is over. */
static void settle(unsigned local_port, unsigned remote_port) {
  long long start = realtime_ns();
  int st = 0;
  while ((st = tcp_state_of(local_port, remote_port)) != 0 && st != 6 && realtime_ns() - start < 5000000000LL)
    sleep_ms(5);
  char extra[64];
  emit_event("settled", 0, 0, fmt_extra(extra, sizeof extra, "\"state\":\"%s\"", st == 6 ? "TIME-WAIT" : st == 0 ? "CLOSED" : "timeout"));
}

static int run_client(const char *host, int port, const char *message, const struct steps *steps) {
  struct sockaddr_storage addr = { 0 };
  socklen_t alen;
  int family;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
  struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
  if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
    family = a6->sin6_family = AF_INET6; a6->sin6_port = htons(port); alen = sizeof *a6;
  } else if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
    family = a4->sin_family = AF_INET; a4->sin_port = htons(port); alen = sizeof *a4;
  } else { fprintf(stderr, "labclient: not an IP address: %s\n", host); return 2; }

  int fd = socket(family, SOCK_STREAM, 0);
  emit_event("socket", fd, errno, family == AF_INET6 ? "\"family\":\"AF_INET6\"" : "\"family\":\"AF_INET\"");
  if (fd < 0) return 1;
  char extra[160];
  int rc = connect(fd, (struct sockaddr *)&addr, alen);
  int err = errno;
  struct sockaddr_storage local;
  socklen_t llen = sizeof local;
  getsockname(fd, (struct sockaddr *)&local, &llen);
  unsigned local_port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&local)->sin6_port : ((struct sockaddr_in *)&local)->sin_port);
  emit_event("connect", rc, err, fmt_extra(extra, sizeof extra, "\"peer\":\"%s\",\"peerPort\":%d,\"localPort\":%u", host, port, local_port));
  if (rc < 0) { close(fd); return 0; } /* a refused connection is a result, not a failure */

  struct steps rest = *steps;
  int settle_at_end = 0;
  if (rest.count && !strcmp(rest.list[rest.count - 1].name, "settle")) { rest.count--; settle_at_end = 1; }
  if (run_steps(fd, &rest, message) < 0) return 2;
  if (settle_at_end) settle(local_port, (unsigned)port);
  return 0;
}

static void usage_exit(const char *why) {
  fprintf(stderr, "labclient: %s\nusage: labclient --host IP [--port N] [--message TEXT] [--steps LIST] [--clients N] [--wait-signal]\n", why);
  exit(2);
}

/* Blocks SIGUSR1 first (a signal sent early stays pending), says so, then waits for it. */
static void wait_for_go(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  emit_event("ready", 0, 0, NULL);
  int sig;
  sigwait(&set, &sig);
}

int main(int argc, char **argv) {
  const char *host = NULL, *message = "hello";
  const char *steps_text = "write,read,read-until-eof,sleep:200,close,settle";
  int port = 8899, clients = 1, wait_signal = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--wait-signal")) wait_signal = 1;
    else if (i + 1 >= argc) usage_exit("missing value");
    else if (!strcmp(argv[i], "--host")) host = argv[++i];
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--message")) message = argv[++i];
    else if (!strcmp(argv[i], "--steps")) steps_text = argv[++i];
    else if (!strcmp(argv[i], "--clients")) clients = atoi(argv[++i]);
    else usage_exit("unknown option");
  }
  if (!host) usage_exit("--host is required");
  struct steps steps;
  if (parse_steps(steps_text, &steps) < 0) usage_exit("bad --steps");
  event_role = "client";
  if (wait_signal) wait_for_go();
  if (clients <= 1) return run_client(host, port, message, &steps);

  /* Several clients at once: one process each, all connecting together. */
  for (int c = 0; c < clients; c++)
    if (fork() == 0) exit(run_client(host, port, message, &steps));
  int status, worst = 0;
  while (wait(&status) > 0)
    if (WIFEXITED(status) && WEXITSTATUS(status) > worst) worst = WEXITSTATUS(status);
  return worst;
}
