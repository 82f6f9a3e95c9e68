/*
 * A cheap load generator for webio's busy rows: N WebSocket pages clicking (or sessions doing input
 * round trips) as fast as their answers come, on one thread with epoll. Built by benchmarks/cload.py:
 *
 *     gcc -O2 -o loadgen loadgen.c -lz
 *     loadgen HOST PORT PATH ORIGIN MODE CLIENTS WARMUP_S SECONDS MAX_ACTIONS
 *
 * MODE is "click" (the click app: press its button, wait for the raised count) or "echo" (the echo
 * app: submit "line N", wait for that output and the next form). MAX_ACTIONS > 0 stops each client
 * after that many actions (the frame check of benchmarks/wiretap.py), 0 runs the timed window.
 * It speaks RFC 6455 as a browser does: the opening handshake with an Origin, a fresh mask key per
 * frame, permessage-deflate (RFC 7692) offered as Chromium offers it and used both ways when the
 * server accepts. Output on stdout: "open" when every client is ready, "start" when the measured
 * window begins, then one JSON line with the counts and this process's CPU time (getrusage); it
 * then waits for a line (or EOF) on stdin before closing its connections, so closing is not counted.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define OFFER "permessage-deflate; client_max_window_bits"
/* the request headers headless Chromium sends, in its order */
#define USER_AGENT "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
#define ACK_EVERY 64
#define STEP_TIMEOUT 30.0

enum state { HANDSHAKE, OPENING, READY, WAITING, FINISHED };
enum mode { CLICK, ECHO };

typedef struct {
    unsigned char *data;
    size_t len, cap;
} buf_t;

typedef struct {
    int fd;
    enum state state;
    char key[32];
    buf_t in;           /* bytes received, not yet parsed */
    buf_t out;          /* bytes not yet written (the socket was full) */
    buf_t message;      /* fragments of the message being received */
    int message_compressed;
    int deflate_on, full_flush;
    z_stream inflater, deflater;
    long applied, acked, event_seq;
    long actions;       /* actions started (the click count the page shows) */
    int echoed;
    char target[64];    /* callback id (click) or task id of the current form (echo) */
    double since;       /* when the action in flight started (its time limit) */
} conn_t;

static enum mode mode;
static const char *host_header, *path, *origin;
static conn_t *conns;
static int nconns, epfd;
static uint64_t rng_state;
static char negotiated[256];

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double user_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* xorshift64*, seeded from the kernel's random pool: a new mask key for every frame without a
 * system call per frame. */
static uint32_t random32(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static void buf_reserve(buf_t *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) die("out of memory");
    b->cap = cap;
}

static void buf_add(buf_t *b, const void *data, size_t n) {
    buf_reserve(b, n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void buf_drop(buf_t *b, size_t n) {
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

/* ------------------------------------------------------------------ SHA-1 and base64 (handshake) */
static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    unsigned char *m = calloc(total, 1);
    if (!m) die("out of memory");
    memcpy(m, msg, len);
    m[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) m[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t block = 0; block < total; block += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)m[block + 4 * i] << 24 | (uint32_t)m[block + 4 * i + 1] << 16 |
                   (uint32_t)m[block + 4 * i + 2] << 8 | m[block + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d; d = c; c = rol(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    }
    free(m);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

static void base64(const unsigned char *in, size_t len, char *out) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < len ? abc[v >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? abc[v & 63] : '=';
    }
    out[o] = 0;
}

/* ------------------------------------------------------------------ writing */
static void set_events(conn_t *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl: %s", strerror(errno));
}

static void write_raw(conn_t *c, const void *data, size_t n) {
    if (c->out.len) { /* keep the order: behind what is already waiting */
        buf_add(&c->out, data, n);
        return;
    }
    ssize_t sent = send(c->fd, data, n, MSG_NOSIGNAL);
    if (sent < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) die("send: %s", strerror(errno));
        sent = 0;
    }
    if ((size_t)sent < n) {
        buf_add(&c->out, (const unsigned char *)data + sent, n - (size_t)sent);
        set_events(c, EPOLLIN | EPOLLOUT);
    }
}

static void flush_out(conn_t *c) {
    ssize_t sent = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
    if (sent < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        die("send: %s", strerror(errno));
    }
    buf_drop(&c->out, (size_t)sent);
    if (!c->out.len) set_events(c, EPOLLIN);
}

/* One masked frame, FIN set, RSV1 when the payload is compressed. */
static void write_frame(conn_t *c, int opcode, int rsv1, const unsigned char *payload, size_t n) {
    unsigned char frame[14 + 4096];
    unsigned char *f = n <= 4096 ? frame : malloc(n + 14);
    if (!f) die("out of memory");
    size_t h = 0;
    f[h++] = (unsigned char)(0x80 | (rsv1 ? 0x40 : 0) | opcode);
    if (n < 126) {
        f[h++] = (unsigned char)(0x80 | n);
    } else if (n < 65536) {
        f[h++] = 0x80 | 126;
        f[h++] = (unsigned char)(n >> 8);
        f[h++] = (unsigned char)n;
    } else {
        f[h++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--) f[h++] = (unsigned char)((uint64_t)n >> (8 * i));
    }
    uint32_t key = random32();
    unsigned char mask[4] = {(unsigned char)(key >> 24), (unsigned char)(key >> 16), (unsigned char)(key >> 8),
                             (unsigned char)key};
    memcpy(f + h, mask, 4);
    h += 4;
    for (size_t i = 0; i < n; i++) f[h + i] = payload[i] ^ mask[i & 3];
    write_raw(c, f, h + n);
    if (f != frame) free(f);
}

static void send_text(conn_t *c, const char *text, size_t n) {
    if (!c->deflate_on) {
        write_frame(c, 0x1, 0, (const unsigned char *)text, n);
        return;
    }
    unsigned char out[8192];
    c->deflater.next_in = (unsigned char *)text;
    c->deflater.avail_in = (uInt)n;
    c->deflater.next_out = out;
    c->deflater.avail_out = sizeof out;
    /* a full flush under client_no_context_takeover: nothing refers back to an earlier message */
    if (deflate(&c->deflater, c->full_flush ? Z_FULL_FLUSH : Z_SYNC_FLUSH) != Z_OK || c->deflater.avail_in)
        die("deflate failed (message of %zu bytes)", n);
    size_t len = sizeof out - c->deflater.avail_out;
    if (len >= 4 && memcmp(out + len - 4, "\x00\x00\xff\xff", 4) == 0) len -= 4;
    write_frame(c, 0x1, 1, out, len);
}

/* ------------------------------------------------------------------ the pages' events */
static void act(conn_t *c) {
    char text[256];
    int n;
    c->actions++;
    c->event_seq++;
    c->acked = c->applied;
    /* the JSON text webio's browser client sends (JSON.stringify: no spaces, this key order) */
    if (mode == CLICK)
        n = snprintf(text, sizeof text, "{\"event\":\"callback\",\"task_id\":\"%s\",\"data\":0,\"seq\":%ld,\"ack\":%ld}",
                     c->target, c->event_seq, c->applied);
    else
        n = snprintf(text, sizeof text,
                     "{\"event\":\"from_submit\",\"task_id\":\"%s\",\"data\":{\"data\":\"line %ld\"},\"seq\":%ld,\"ack\":%ld}",
                     c->target, c->actions, c->event_seq, c->applied);
    c->echoed = 0;
    c->state = WAITING;
    c->since = now();
    send_text(c, text, (size_t)n);
}

/* Copy the string value that follows `prefix` in `text` into `out`; 1 when found. */
static int value_after(const char *text, size_t len, const char *prefix, char *out, size_t size) {
    const char *p = memmem(text, len, prefix, strlen(prefix));
    if (!p) return 0;
    p += strlen(prefix);
    const char *end = memchr(p, '"', (size_t)(text + len - p));
    if (!end || (size_t)(end - p) >= size) return 0;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = 0;
    return 1;
}

static int contains(const char *text, size_t len, const char *needle) {
    return memmem(text, len, needle, strlen(needle)) != NULL;
}

/* One text message from webio: {"seq":N,...,"commands":[...]}. Returns 1 when the action in
 * flight has been answered (the raised count shown; the echoed line and the next form shown). */
static int on_message(conn_t *c, const char *text, size_t len) {
    if (len > 7 && memcmp(text, "{\"seq\":", 7) == 0) {
        long seq = strtol(text + 7, NULL, 10);
        if (seq <= c->applied) return 0; /* a frame sent again after a reconnect: applied already */
        c->applied = seq;
        if (c->applied - c->acked >= ACK_EVERY) {
            char ack[64];
            int n = snprintf(ack, sizeof ack, "{\"ack\":%ld}", c->applied);
            c->acked = c->applied;
            send_text(c, ack, (size_t)n);
        }
    }
    char marker[96];
    if (mode == CLICK) {
        if (c->state == OPENING) return value_after(text, len, "\"callback_id\":\"", c->target, sizeof c->target);
        if (!contains(text, len, "\"command\":\"output\"")) return 0;
        snprintf(marker, sizeof marker, "\"content\":\"%ld\"", c->actions);
        return contains(text, len, marker);
    }
    int form = value_after(text, len, "\"command\":\"input_group\",\"task_id\":\"", c->target, sizeof c->target);
    if (c->state == OPENING) return form;
    snprintf(marker, sizeof marker, "\"content\":\"line %ld\"", c->actions);
    c->echoed = c->echoed || contains(text, len, marker);
    return c->echoed && form;
}

/* ------------------------------------------------------------------ reading */
static void on_frame(conn_t *c, int first, unsigned char *payload, size_t n, int *answered) {
    int opcode = first & 0x0F;
    if (opcode == 0x9) { write_frame(c, 0xA, 0, payload, n); return; } /* ping */
    if (opcode == 0xA) return;
    if (opcode == 0x8) die("the server closed a connection (%zu bytes of close frame)", n);
    if (opcode == 0x1 || opcode == 0x2) {
        c->message.len = 0;
        c->message_compressed = (first & 0x40) != 0;
    }
    buf_add(&c->message, payload, n);
    if (!(first & 0x80)) return;
    const char *text = (const char *)c->message.data;
    size_t len = c->message.len;
    static buf_t inflated;
    if (c->message_compressed) {
        if (!c->deflate_on) die("a compressed frame without permessage-deflate negotiated");
        buf_add(&c->message, "\x00\x00\xff\xff", 4);
        inflated.len = 0;
        c->inflater.next_in = c->message.data;
        c->inflater.avail_in = (uInt)c->message.len;
        do {
            buf_reserve(&inflated, 16384);
            c->inflater.next_out = inflated.data + inflated.len;
            c->inflater.avail_out = 16384;
            int rc = inflate(&c->inflater, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR) die("inflate failed: %d", rc);
            inflated.len += 16384 - c->inflater.avail_out;
        } while (c->inflater.avail_in || !c->inflater.avail_out);
        text = (const char *)inflated.data;
        len = inflated.len;
    }
    if (on_message(c, text, len)) *answered = 1;
}

/* Parse every complete frame in c->in; 1 when the action in flight was answered. */
static int read_frames(conn_t *c) {
    int answered = 0;
    size_t pos = 0;
    while (c->in.len - pos >= 2) {
        unsigned char *b = c->in.data + pos;
        size_t avail = c->in.len - pos, start = 2;
        uint64_t n = b[1] & 0x7F;
        if (b[1] & 0x80) die("a server frame must not be masked");
        if (n == 126) {
            if (avail < 4) break;
            n = (uint64_t)b[2] << 8 | b[3];
            start = 4;
        } else if (n == 127) {
            if (avail < 10) break;
            n = 0;
            for (int i = 0; i < 8; i++) n = n << 8 | b[2 + i];
            start = 10;
        }
        if (avail < start + n) break;
        on_frame(c, b[0], b + start, (size_t)n, &answered);
        pos += start + (size_t)n;
    }
    if (pos) buf_drop(&c->in, pos);
    return answered;
}

static void on_handshake(conn_t *c) {
    unsigned char *end = memmem(c->in.data, c->in.len, "\r\n\r\n", 4);
    if (!end) return;
    size_t head_len = (size_t)(end - c->in.data) + 4;
    char *head = strndup((const char *)c->in.data, head_len);
    buf_drop(&c->in, head_len);
    if (strncmp(head, "HTTP/1.1 101", 12) != 0) die("WebSocket handshake refused: %.60s", head);
    char expect[64], accept_key[128];
    unsigned char digest[20];
    snprintf(accept_key, sizeof accept_key, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", c->key);
    sha1((unsigned char *)accept_key, strlen(accept_key), digest);
    base64(digest, 20, expect);
    int accepted = 0;
    for (char *line = strtok(head, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        *colon = 0;
        char *value = colon + 1;
        while (*value == ' ') value++;
        if (strcasecmp(line, "Sec-WebSocket-Accept") == 0) {
            accepted = strcmp(value, expect) == 0;
        } else if (strcasecmp(line, "Sec-WebSocket-Extensions") == 0) {
            if (strncmp(value, "permessage-deflate", 18) != 0) die("the server accepted an extension not offered: %s", value);
            snprintf(negotiated, sizeof negotiated, "%s", value);
            int client_bits = 15;
            const char *bits = strstr(value, "client_max_window_bits=");
            if (bits) client_bits = atoi(bits + 23);
            if (client_bits < 9 || client_bits > 15) die("client_max_window_bits=%d: zlib compresses with 9 to 15", client_bits);
            c->full_flush = strstr(value, "client_no_context_takeover") != NULL;
            /* a 32 KiB window inflates whatever window the server compresses with */
            if (inflateInit2(&c->inflater, -15) != Z_OK) die("inflateInit2 failed");
            if (deflateInit2(&c->deflater, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -client_bits, 1, Z_DEFAULT_STRATEGY) != Z_OK)
                die("deflateInit2 failed");
            c->deflate_on = 1;
        }
    }
    free(head);
    if (!accepted) die("wrong or missing Sec-WebSocket-Accept");
    c->state = OPENING;
    c->since = now();
}

static void open_conn(conn_t *c, const struct sockaddr_in *addr) {
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0) die("socket: %s", strerror(errno));
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as browsers do */
    if (connect(c->fd, (const struct sockaddr *)addr, sizeof *addr) < 0) die("connect: %s", strerror(errno));
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    unsigned char nonce[16];
    for (int i = 0; i < 4; i++) {
        uint32_t r = random32();
        memcpy(nonce + 4 * i, &r, 4);
    }
    base64(nonce, 16, c->key);
    char request[1024];
    int n = snprintf(request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nPragma: no-cache\r\n"
                     "Cache-Control: no-cache\r\nUser-Agent: " USER_AGENT "\r\nUpgrade: websocket\r\n"
                     "Origin: %s\r\nSec-WebSocket-Version: 13\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
                     "Accept-Language: en-US,en;q=0.9\r\nSec-WebSocket-Key: %s\r\n"
                     "Sec-WebSocket-Extensions: " OFFER "\r\n\r\n",
                     path, host_header, origin, c->key);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl: %s", strerror(errno));
    c->state = HANDSHAKE;
    c->since = now();
    write_raw(c, request, (size_t)n);
}

/* Read what arrived; 1 when the action in flight was answered. */
static int on_readable(conn_t *c) {
    for (;;) {
        buf_reserve(&c->in, 65536);
        ssize_t got = recv(c->fd, c->in.data + c->in.len, c->in.cap - c->in.len, 0);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die("recv: %s", strerror(errno));
        }
        if (got == 0) die("the server closed a connection");
        c->in.len += (size_t)got;
        if (c->in.len < c->in.cap) break; /* the socket is drained: no second recv to learn EAGAIN */
    }
    if (c->state == HANDSHAKE) {
        on_handshake(c);
        if (c->state == HANDSHAKE) return 0;
    }
    return read_frames(c);
}

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: %s HOST PORT PATH ORIGIN click|echo CLIENTS WARMUP_S SECONDS MAX_ACTIONS\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    path = argv[3];
    origin = argv[4];
    mode = strcmp(argv[5], "echo") == 0 ? ECHO : CLICK;
    nconns = atoi(argv[6]);
    double warmup = atof(argv[7]), seconds = atof(argv[8]);
    long max_actions = atol(argv[9]);
    char host_port[300];
    snprintf(host_port, sizeof host_port, "%s:%d", host, port);
    host_header = host_port;
    if (getrandom(&rng_state, sizeof rng_state, 0) != sizeof rng_state || !rng_state) rng_state = (uint64_t)time(NULL) | 1;

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) die("HOST must be an IPv4 address: %s", host);
    epfd = epoll_create1(0);
    conns = calloc((size_t)nconns, sizeof *conns);
    if (!conns) die("out of memory");
    for (int i = 0; i < nconns; i++) open_conn(&conns[i], &addr);

    struct epoll_event events[256];
    int ready = 0, finished = 0, running = 0, counting = 0, stopping = 0;
    long count = 0, waits = 0, waits_start = 0;
    double checked = 0, busy_at = 0, start = 0, stop_at = 0, cpu_start = 0, user_start = 0, end = 0;
    while (finished < nconns) {
        int n = epoll_wait(epfd, events, 256, 50);
        waits++;
        if (n < 0 && errno != EINTR) die("epoll_wait: %s", strerror(errno));
        double t = now();
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (events[i].events & EPOLLOUT) flush_out(c);
            if (!(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            if (!on_readable(c)) continue;
            if (c->state == OPENING) {
                c->state = READY;
                if (++ready == nconns) {
                    puts("open");
                    fflush(stdout);
                    running = 1;
                    busy_at = now();
                    for (int k = 0; k < nconns; k++) act(&conns[k]);
                }
            } else if (c->state == WAITING) {
                if (counting) count++;
                if (stopping || (max_actions && c->actions >= max_actions)) {
                    c->state = FINISHED;
                    finished++;
                } else {
                    act(c);
                }
            }
        }
        t = now();
        if (running && !counting && !stopping && t - busy_at >= warmup) {
            counting = 1;
            start = t;
            cpu_start = cpu_seconds();
            user_start = user_seconds();
            waits_start = waits;
            stop_at = max_actions ? 1e300 : start + seconds;
            puts("start");
            fflush(stdout);
        }
        if (counting && !stopping && t >= stop_at) stopping = 1; /* no new action; those in flight count */
        if (t - checked < 0.5) continue;
        checked = t;
        for (int k = 0; k < nconns; k++)
            if (conns[k].state != READY && conns[k].state != FINISHED && t - conns[k].since > (running ? STEP_TIMEOUT : 120))
                die("client %d got no answer in time (state %d, action %ld)", k, conns[k].state, conns[k].actions);
    }
    end = now();
    double cpu = cpu_seconds() - cpu_start, user = user_seconds() - user_start;
    double elapsed = counting ? end - start : 0;
    printf("{\"count\": %ld, \"seconds\": %.6f, \"per_second\": %.3f, \"client_cpu_s\": %.6f, "
           "\"client_user_s\": %.6f, \"client_cpu_ms_each\": %.6f, \"wakeups\": %ld, \"clients\": %d, \"negotiated\": \"%s\"}\n",
           count, elapsed, elapsed > 0 ? count / elapsed : 0.0, cpu, user, count ? cpu * 1000 / count : 0.0, waits - waits_start, nconns, negotiated);
    fflush(stdout);
    char line[16];
    if (!fgets(line, sizeof line, stdin)) { /* EOF: close as well */ }
    unsigned char code[2] = {0x03, 0xE8}; /* 1000, normal closure */
    for (int k = 0; k < nconns; k++) {
        write_frame(&conns[k], 0x8, 0, code, 2);
        close(conns[k].fd);
    }
    return 0;
}
