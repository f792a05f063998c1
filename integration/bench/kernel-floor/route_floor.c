/*
 * The kernel's own cost of installing and removing N IPv4 routes over rtnetlink, with nothing
 * else in the loop: requests are written back to back into 64 KiB datagrams, with no per-request
 * acknowledgement (the kernel still answers a failed request with its error), and one final
 * request with NLM_F_ACK to wait for the kernel to finish. A BGP daemon that programs the FIB
 * cannot be faster than this on the same machine; integration/bench/README.md quotes it next to
 * the fib scenario's figures.
 *
 * usage: route_floor N add|del [ack]     (run it inside a scratch network namespace)
 * Routes: 16.0.0.0/24, 16.0.1.0/24, ... via 100.64.0.2, protocol 186, table main.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct route_request {
    struct nlmsghdr header;
    struct rtmsg route;
    struct rtattr dst_attr;
    uint32_t dst;
    struct rtattr gateway_attr;
    uint32_t gateway;
};

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Reads whatever the kernel queued; returns the number of error messages that were not plain acks. */
static int drain(int fd, int wait_for_seq) {
    static char in[1 << 16];
    int failures = 0;
    for (;;) {
        ssize_t n = recv(fd, in, sizeof in, wait_for_seq >= 0 ? 0 : MSG_DONTWAIT);
        if (n <= 0) {
            return failures;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) in; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error != 0) {
                    failures++;
                }
                if ((int) h->nlmsg_seq == wait_for_seq) {
                    return failures;
                }
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s N add|del [ack]\n", argv[0]);
        return 64;
    }
    int count = atoi(argv[1]);
    int remove = strcmp(argv[2], "del") == 0;
    int ack_each = argc > 3 && strcmp(argv[3], "ack") == 0;
    int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    int size = 32 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size);
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    if (fd < 0 || bind(fd, (struct sockaddr *) &local, sizeof local) < 0) {
        perror("netlink socket");
        return 1;
    }
    static char out[1 << 16];
    size_t used = 0;
    int failures = 0;
    uint32_t gateway = inet_addr("100.64.0.2");
    double start = seconds();
    for (int i = 0; i < count; i++) {
        struct route_request r;
        memset(&r, 0, sizeof r);
        r.header.nlmsg_len = sizeof r;
        r.header.nlmsg_type = remove ? RTM_DELROUTE : RTM_NEWROUTE;
        r.header.nlmsg_flags = NLM_F_REQUEST | (remove ? 0 : NLM_F_CREATE | NLM_F_REPLACE)
                | (ack_each || i == count - 1 ? NLM_F_ACK : 0);
        r.header.nlmsg_seq = i;
        r.route.rtm_family = AF_INET;
        r.route.rtm_dst_len = 24;
        r.route.rtm_table = RT_TABLE_MAIN;
        r.route.rtm_protocol = 186;
        r.route.rtm_scope = RT_SCOPE_UNIVERSE;
        r.route.rtm_type = RTN_UNICAST;
        r.dst_attr.rta_len = RTA_LENGTH(4);
        r.dst_attr.rta_type = RTA_DST;
        r.dst = htonl((16u << 24) + ((uint32_t) i << 8));
        r.gateway_attr.rta_len = RTA_LENGTH(4);
        r.gateway_attr.rta_type = RTA_GATEWAY;
        r.gateway = gateway;
        if (used + sizeof r > sizeof out) {
            if (send(fd, out, used, 0) < 0) {
                perror("send");
                return 1;
            }
            used = 0;
            failures += drain(fd, -1);
        }
        memcpy(out + used, &r, sizeof r);
        used += sizeof r;
    }
    if (used > 0 && send(fd, out, used, 0) < 0) {
        perror("send");
        return 1;
    }
    failures += drain(fd, count - 1);
    printf("%s %d routes (%s): %.3f s, %d refused\n", remove ? "removed" : "installed", count,
            ack_each ? "ack each" : "errors only", seconds() - start, failures);
    return failures == 0 ? 0 : 1;
}
