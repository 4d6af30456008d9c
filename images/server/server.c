/* The experiment's server: a fork-per-connection echo server (bind INADDR_ANY:8899, listen(fd, 14),
 * SIGCHLD reaping, accept -> fork). Each child runs the connection steps it was given; the default,
 * "read,echo,close", is the original: read once, echo, close first.
 * usage: labserver [--port N] [--backlog N] [--ipv6] [--steps LIST] [--message TEXT] */
#include <signal.h>
#include <sys/wait.h>
#include "../common/steps.h"

static void reap_children(int sig) {
  (void)sig;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {}
  errno = saved;
}

static void usage_exit(const char *why) {
  fprintf(stderr, "labserver: %s\nusage: labserver [--port N] [--backlog N] [--ipv6] [--steps LIST] [--message TEXT]\n", why);
  exit(2);
}

int main(int argc, char **argv) {
  int port = 8899, backlog = 14, ipv6 = 0;
  const char *steps_text = "read,echo,close", *message = "hello";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--ipv6")) ipv6 = 1;
    else if (i + 1 >= argc) usage_exit("missing value");
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--backlog")) backlog = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--steps")) steps_text = argv[++i];
    else if (!strcmp(argv[i], "--message")) message = argv[++i];
    else usage_exit("unknown option");
  }
  struct steps steps;
  if (parse_steps(steps_text, &steps) < 0) usage_exit("bad --steps");
  event_role = "server";

  struct sigaction sa = { 0 };
  sa.sa_handler = reap_children;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);

  int family = ipv6 ? AF_INET6 : AF_INET;
  int lfd = socket(family, SOCK_STREAM, 0);
  emit_event("socket", lfd, errno, ipv6 ? "\"family\":\"AF_INET6\"" : "\"family\":\"AF_INET\"");
  if (lfd < 0) return 1;
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);

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
  emit_event("bind", bind(lfd, (struct sockaddr *)&addr, alen), errno, fmt_extra(extra, sizeof extra, "\"port\":%d", port));
  int rc = listen(lfd, backlog);
  emit_event("listen", rc, errno, fmt_extra(extra, sizeof extra, "\"backlog\":%d", backlog));
  if (rc < 0) return 1;

  for (;;) {
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);
    if (cfd < 0) { emit_event("accept", cfd, errno, NULL); if (errno == EINTR) continue; sleep_ms(10); continue; }
    char host[INET6_ADDRSTRLEN] = "?";
    int peer_port = 0;
    if (peer.ss_family == AF_INET6) {
      struct sockaddr_in6 *p6 = (struct sockaddr_in6 *)&peer;
      inet_ntop(AF_INET6, &p6->sin6_addr, host, sizeof host); peer_port = ntohs(p6->sin6_port);
    } else {
      struct sockaddr_in *p4 = (struct sockaddr_in *)&peer;
      inet_ntop(AF_INET, &p4->sin_addr, host, sizeof host); peer_port = ntohs(p4->sin_port);
    }
    emit_event("accept", cfd, 0, fmt_extra(extra, sizeof extra, "\"peer\":\"%s\",\"peerPort\":%d", host, peer_port));
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      emit_event("fork", 0, 0, fmt_extra(extra, sizeof extra, "\"peer\":\"%s\",\"peerPort\":%d", host, peer_port));
      exit(run_steps(cfd, &steps, message) < 0 ? 2 : 0);
    }
    if (pid < 0) emit_event("fork", -1, errno, NULL);
    close(cfd);
  }
}
