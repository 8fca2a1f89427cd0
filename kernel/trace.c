/* The trace (see trace.h): recording into the ring, the table of event kinds,
 * and the drain thread that sends the ring to the host: through a virtio
 * console if the machine has one (a page of records per transfer), else
 * through COM2 (two port accesses per byte).
 *
 * The stream (decoded by tools/hwanlib/trace.py; docs/trace.md):
 * one header line of JSON describing every event kind and its fields, then
 * one binary record per event -- the kind (one byte), then as LEB128 numbers
 * the nanoseconds since the previous record, the pid, va and frame + 1 (0: no
 * frame), a and b (pid, a and b zigzag-coded, as they may be negative), and
 * for kinds with a text its length and bytes -- and at power-off the byte
 * TRACE_END_BYTE followed by a JSON line with the totals. */
#include "kernel/trace.h"

#include <stddef.h>

#include "arch/x86_64/intr.h"
#include "arch/x86_64/memlayout.h"
#include "dev/serial.h"
#include "dev/virtio_console.h"
#include "kernel/clock.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "userprog/process.h"
#include "vm/swap.h"

#define TRACE_VERSION  1
#define TRACE_END_BYTE 0xff
#define TEXT_MAX       63   /* bytes of text an event keeps */
#define RECORD_MAX     160  /* bytes of one encoded record, at most */
#define OUT_BYTES      4096 /* the batch of bytes sent in one transfer */
#define DRAIN_TICKS    1    /* the drain thread's sleep between rounds */
#define MIN_EVENTS     8    /* smallest ring: room for a text event and `lost` */

/* One slot of the ring: an event, or TEXT bytes continuing the one before. */
struct slot {
    union {
        struct {
            uint64_t t, va, frame;
            int64_t a, b;
            int32_t pid;
            uint16_t ev;
            uint16_t text_len; /* bytes of text in the slots that follow */
        } e;
        char text[48];
    };
};

/* What an event kind is called and what its fields mean. */
struct ev_info {
    const char *name;
    const char *a, *b;           /* names of a and b; NULL: unused */
    const char *const *a_values; /* names of a's values, if an enum */
    const char *const *b_values; /* names of b's values, if an enum */
    const char *text;            /* name of the text field; NULL: none */
};

static const char *const fault_kinds[] = {"zero-fill",     "file",  "mmap", "swap",
                                          "copy-on-write", "stack", "kill", NULL};
static const char *const evict_to[] = {"swap", "file", "dropped", NULL};
static const char *const ra_whats[] = {"read", "used", "wasted", NULL};
static const char *const exit_reasons[] = {"exit",   "bad-access", "out-of-memory",
                                           "killed", "disk-error", NULL};

static const struct ev_info events[TRACE_EV_COUNT] = {
    [TRACE_LOST] = {"lost", "count", NULL, NULL, NULL, NULL},
    [TRACE_FAULT] = {"fault", "kind", NULL, fault_kinds, NULL, NULL},
    [TRACE_EVICT] = {"evict", "to", "slot", evict_to, NULL, NULL},
    [TRACE_SWAP_IN] = {"swap-in", "slot", NULL, NULL, NULL, NULL},
    [TRACE_SWAP_OUT] = {"swap-out", "slot", NULL, NULL, NULL, NULL},
    [TRACE_COW] = {"cow", "from", NULL, NULL, NULL, NULL},
    [TRACE_ZERO_MAP] = {"zero-map", NULL, NULL, NULL, NULL, NULL},
    [TRACE_CACHE_HIT] = {"cache-hit", "file", "page", NULL, NULL, NULL},
    [TRACE_CACHE_MISS] = {"cache-miss", "file", "page", NULL, NULL, NULL},
    [TRACE_START] = {"start", "parent", NULL, NULL, NULL, "name"},
    [TRACE_EXIT] = {"exit", "status", "reason", NULL, exit_reasons, NULL},
    [TRACE_OOM_KILL] = {"oom-kill", NULL, NULL, NULL, NULL, NULL},
    [TRACE_EXEC] = {"exec", NULL, NULL, NULL, NULL, "program"},
    [TRACE_FREE] = {"free", NULL, NULL, NULL, NULL, NULL},
    [TRACE_SWAP_RA] = {"swap-ra", "slot", "what", NULL, ra_whats, NULL},
    [TRACE_FILE_RA] = {"file-ra", "page", "what", NULL, ra_whats, NULL},
    [TRACE_FILE_READ] = {"file-read", "requests", "pages", NULL, NULL, NULL},
    [TRACE_FILE_WRITE] = {"file-write", "requests", "pages", NULL, NULL, NULL},
};

_Static_assert(sizeof(struct slot) == 48, "a slot is 48 bytes");
_Static_assert(sizeof fault_kinds / sizeof fault_kinds[0] == TRACE_FAULT_KIND_COUNT + 1,
               "a name for every fault kind");
_Static_assert(sizeof evict_to / sizeof evict_to[0] == TRACE_EVICT_TO_COUNT + 1,
               "a name for every eviction target");
_Static_assert(sizeof exit_reasons / sizeof exit_reasons[0] == PROC_EXIT_REASONS + 1,
               "a name for every exit reason");

bool trace_on;                 /* [C] set once by trace_init */
static struct slot *ring;      /* [C] */
static unsigned ring_slots;    /* [C] */
static size_t ring_pages;      /* [C] */
static unsigned head, tail;    /* [I] slots written / read, ever (mod 2^32) */
static uint64_t lost_pending;  /* [I] events dropped since the last `lost` */
static uint64_t n_recorded;    /* [I] events stored in the ring */
static uint64_t n_lost;        /* [I] events dropped */
static uint64_t last_t;        /* [I] time of the last record sent */
static bool ended;             /* [I] the end of the stream was sent */
static bool via_virtio;        /* [C] the channel is the virtio console */
static uint8_t out[OUT_BYTES]; /* [I] bytes not yet sent */
static size_t out_len;         /* [I] */

const char *
trace_ev_name(enum trace_ev ev)
{
    return (unsigned)ev < TRACE_EV_COUNT ? events[ev].name : NULL;
}

const char *
trace_exit_reason_name(enum procinfo_reason r)
{
    return (unsigned)r < PROC_EXIT_REASONS ? exit_reasons[r] : "?";
}

int
trace_pid(void)
{
    struct process *p = process_current();
    return p != NULL ? p->pid : 0;
}

uint64_t
trace_frame(const void *kva)
{
    return kva != NULL ? vtop(kva) >> 12 : TRACE_NO_FRAME;
}

/* The slot with sequence number N.  Interrupts off. */
static struct slot *
slot_at(unsigned n)
{
    return &ring[n % ring_slots];
}

/* Fills the next free slot with an event.  Interrupts off, room checked. */
static void
put_event(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a, int64_t b,
          uint16_t text_len)
{
    struct slot *s = slot_at(head++);
    s->e.t = clock_ns();
    s->e.va = va;
    s->e.frame = frame;
    s->e.a = a;
    s->e.b = b;
    s->e.pid = pid;
    s->e.ev = ev;
    s->e.text_len = text_len;
}

/* Records the `lost` event for the events dropped since the last one, if
 * there were any and the ring has room.  Interrupts off. */
static void
record_lost(void)
{
    if (lost_pending != 0 && head - tail < ring_slots) {
        put_event(TRACE_LOST, 0, 0, TRACE_NO_FRAME, (int64_t)lost_pending, 0, 0);
        n_recorded++;
        lost_pending = 0;
    }
}

/* Makes room for an event of SLOTS slots, recording the pending `lost` event
 * first if there is one.  False (the event counted as lost) if the ring has
 * no room.  Interrupts off. */
static bool
reserve(unsigned slots)
{
    unsigned need = slots + (lost_pending != 0);
    if (ring_slots - (head - tail) < need) {
        lost_pending++;
        n_lost++;
        return false;
    }
    record_lost();
    n_recorded++;
    return true;
}

void
trace_record(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a, int64_t b)
{
    enum intr_level old = intr_disable();
    if (trace_on && !ended && reserve(1))
        put_event(ev, pid, va, frame, a, b, 0);
    intr_set_level(old);
}

void
trace_record_text(enum trace_ev ev, int pid, int64_t a, const char *s)
{
    size_t len = strnlen(s, TEXT_MAX);
    unsigned extra = (len + sizeof(struct slot) - 1) / sizeof(struct slot);
    enum intr_level old = intr_disable();
    if (trace_on && !ended && reserve(1 + extra)) {
        put_event(ev, pid, 0, TRACE_NO_FRAME, a, 0, (uint16_t)len);
        for (size_t done = 0; done < len; done += sizeof(struct slot)) {
            size_t n =
                len - done < sizeof(struct slot) ? len - done : sizeof(struct slot);
            memcpy(slot_at(head++)->text, s + done, n);
        }
    }
    intr_set_level(old);
}

uint64_t
trace_recorded(void)
{
    return n_recorded;
}

uint64_t
trace_lost(void)
{
    return n_lost;
}

unsigned
trace_queued(void)
{
    return head - tail;
}

/* Appends V as LEB128 at OUT; returns the bytes written. */
static size_t
put_uleb(uint8_t *out, uint64_t v)
{
    size_t n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        out[n++] = byte | (v != 0 ? 0x80 : 0);
    } while (v != 0);
    return n;
}

/* Appends the signed V zigzag-coded (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...). */
static size_t
put_sleb(uint8_t *out, int64_t v)
{
    return put_uleb(out, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* Encodes the event in slot S (its text, if any, in the slots after it) at
 * OUT.  Returns the bytes written.  Interrupts off. */
static size_t
encode(const struct slot *s, unsigned seq, uint8_t *out)
{
    size_t n = 0;
    out[n++] = (uint8_t)s->e.ev;
    n += put_uleb(out + n, s->e.t - last_t);
    last_t = s->e.t;
    n += put_sleb(out + n, s->e.pid);
    n += put_uleb(out + n, s->e.va);
    n += put_uleb(out + n, s->e.frame + 1); /* TRACE_NO_FRAME -> 0 */
    n += put_sleb(out + n, s->e.a);
    n += put_sleb(out + n, s->e.b);
    if (s->e.ev < TRACE_EV_COUNT && events[s->e.ev].text != NULL) {
        n += put_uleb(out + n, s->e.text_len);
        for (unsigned i = 0; i < s->e.text_len; i++)
            out[n++] =
                slot_at(seq + 1 + i / sizeof(struct slot))->text[i % sizeof(struct slot)];
    }
    return n;
}

/* Sends the batch of bytes in `out` through the channel.  Interrupts off.
 * (Should the virtio console stop taking data, the stream is cut there, and
 * the host's decoder reports a trace without its end.) */
static void
send_out(void)
{
    if (out_len == 0)
        return;
    if (via_virtio)
        virtio_console_write(out, out_len);
    else
        serial2_write(out, out_len);
    out_len = 0;
}

/* Adds the N bytes at BUF (N <= OUT_BYTES) to the batch, sending it first if
 * they do not fit.  Interrupts off. */
static void
put_out(const void *buf, size_t n)
{
    if (out_len + n > OUT_BYTES)
        send_out();
    memcpy(out + out_len, buf, n);
    out_len += n;
}

/* Moves the oldest event of the ring, if any, to the batch.  Interrupts off,
 * so a record is never cut by another.  Returns false if the ring was empty. */
static bool
take_one(void)
{
    uint8_t buf[RECORD_MAX];
    if (head == tail)
        return false;
    const struct slot *s = slot_at(tail);
    unsigned slots = 1 + (s->e.text_len + sizeof(struct slot) - 1) / sizeof(struct slot);
    size_t n = encode(s, tail, buf);
    tail += slots;
    put_out(buf, n);
    return true;
}

/* Sends every event in the ring, one record at a time with interrupts off
 * (so a trace point elsewhere waits for at most one record, or one batch
 * transfer).  Through COM2 each record goes at once: a batch of polled
 * serial output would keep interrupts off for milliseconds. */
static void
drain(void)
{
    for (;;) {
        enum intr_level old = intr_disable();
        record_lost();
        bool took = !ended && take_one();
        if (!took || !via_virtio || out_len + RECORD_MAX > OUT_BYTES)
            send_out();
        intr_set_level(old);
        if (!took)
            return;
    }
}

/* The drain thread: empties the ring every tick, for ever. */
static void
drain_thread(void *aux)
{
    (void)aux;
    for (;;) {
        drain();
        timer_sleep(DRAIN_TICKS);
    }
}

/* Adds the text S to the batch. */
static void
send_text(const char *s)
{
    put_out(s, strlen(s));
}

/* Sends the JSON list of the names in VALUES, or null. */
static void
send_names(const char *const *values)
{
    if (values == NULL) {
        send_text("null");
        return;
    }
    send_text("[");
    for (int i = 0; values[i] != NULL; i++) {
        send_text(i ? ",\"" : "\"");
        send_text(values[i]);
        send_text("\"");
    }
    send_text("]");
}

/* Sends the JSON string S, or null. */
static void
send_name(const char *s)
{
    if (s == NULL) {
        send_text("null");
        return;
    }
    send_text("\"");
    send_text(s);
    send_text("\"");
}

/* Sends the header line: the format, the machine, every event kind. */
static void
send_header(void)
{
    char buf[200];
    snprintf(buf, sizeof buf,
             "{\"hwan_trace\":%d,\"tsc_hz\":%llu,\"ring\":%u,\"user_frames\":%zu,"
             "\"swap_slots\":%zu,\"events\":[",
             TRACE_VERSION, (unsigned long long)clock_tsc_hz(), ring_slots,
             palloc_total_pages(POOL_USER), swap_total());
    send_text(buf);
    for (int ev = 0; ev < TRACE_EV_COUNT; ev++) {
        const struct ev_info *e = &events[ev];
        snprintf(buf, sizeof buf, "%s{\"ev\":%d,\"name\":\"%s\",\"a\":", ev ? "," : "",
                 ev, e->name);
        send_text(buf);
        send_name(e->a);
        send_text(",\"b\":");
        send_name(e->b);
        send_text(",\"a_values\":");
        send_names(e->a_values);
        send_text(",\"b_values\":");
        send_names(e->b_values);
        send_text(",\"text\":");
        send_name(e->text);
        send_text("}");
    }
    send_text("]}\n");
    send_out();
}

void
trace_init(unsigned n_events)
{
    if (n_events < MIN_EVENTS)
        n_events = MIN_EVENTS;
    ring_pages = ((size_t)n_events * sizeof(struct slot) + 4095) / 4096;
    ring = palloc_get_multiple(0, ring_pages);
    if (ring == NULL) {
        printf("hwan: no memory for a trace ring of %u events: tracing stays off\n",
               n_events);
        return;
    }
    ring_slots = ring_pages * 4096 / sizeof(struct slot);
    via_virtio = virtio_console_init();
    if (!via_virtio)
        serial2_init();
    enum intr_level old = intr_disable();
    send_header();
    intr_set_level(old);
    trace_on = true;
    if (thread_create_detached("trace-drain", drain_thread, NULL) == TID_ERROR)
        printf("hwan: cannot start the trace drain: events wait until power-off\n");
}

void
trace_flush(void)
{
    if (!trace_on)
        return;
    enum intr_level old = intr_disable();
    for (bool more = true; more && !ended;) {
        record_lost();
        more = take_one();
    }
    if (!ended) {
        char buf[120];
        int n = snprintf(
            buf, sizeof buf, "%c{\"end\":true,\"recorded\":%llu,\"lost\":%llu}\n",
            TRACE_END_BYTE, (unsigned long long)n_recorded, (unsigned long long)n_lost);
        put_out(buf, (size_t)n);
        send_out();
        ended = true;
    }
    intr_set_level(old);
}
