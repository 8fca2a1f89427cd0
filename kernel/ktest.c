/* The self-test registry and runner (see ktest.h).  Tests are collected by the
 * linker into the .ktests section, so adding a test touches only its file. */
#include "kernel/ktest.h"

#include <stdarg.h>

#include "kernel/printf.h"
#include "kernel/thread.h"
#include "lib/string.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static const struct ktest *current; /* the test running now */
static bool current_failed;

/* Prints "(name) " and the formatted message, then a newline, in one piece. */
static void
ktest_vprint(const char *prefix, const char *fmt, va_list ap)
{
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    printf("(%s) %s%s\n", current ? current->name : "ktest", prefix, buf);
}

void
ktest_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ktest_vprint("", fmt, ap);
    va_end(ap);
}

void
ktest_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ktest_vprint("FAIL: ", fmt, ap);
    va_end(ap);
    current_failed = true;
}

bool
ktest_check(bool ok, const char *expr, const char *file, int line, const char *fmt, ...)
{
    if (ok)
        return true;
    char detail[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    ktest_fail("%s:%d: check `%s' failed%s%s", file, line, expr, detail[0] ? ": " : "",
               detail);
    return false;
}

struct thread *
ktest_spawn(const char *prefix, int i, thread_fn *fn, void *aux)
{
    char name[THREAD_NAME_MAX];
    snprintf(name, sizeof name, "%s-%d", prefix, i);
    struct thread *t = thread_create(name, fn, aux);
    if (t == NULL)
        ktest_fail("cannot create thread %s", name);
    return t;
}

void
ktest_join_all(struct thread **threads, int n)
{
    for (int i = 0; i < n; i++)
        if (threads[i] != NULL)
            thread_join(threads[i]);
}

void
ktest_msg_numbers(const char *label, const int *v, int n)
{
    char buf[128];
    size_t len = strlcpy(buf, label, sizeof buf);
    for (int i = 0; i < n && len < sizeof buf; i++)
        len += snprintf(buf + len, sizeof buf - len, "%s%d", i ? " " : ": ", v[i]);
    ktest_msg("%s", buf);
}

/* The registered test called NAME, or NULL. */
static const struct ktest *
ktest_find(const char *name)
{
    for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

void
ktest_list(void)
{
    for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
        printf("  %s\n", t->name);
}

bool
ktest_run(int argc, char **argv)
{
    bool ok = true;
    if (argc == 0) {
        printf("ktest: name a test; the tests are:\n");
        ktest_list();
        return false;
    }
    for (int i = 0; i < argc; i++) {
        const struct ktest *t = ktest_find(argv[i]);
        if (t == NULL) {
            printf("ktest: no test named '%s' (try 'ktest list')\n", argv[i]);
            ok = false;
            continue;
        }
        current = t;
        current_failed = false;
        printf("(%s) begin\n", t->name);
        t->fn();
        printf("(%s) end\n", t->name);
        ok = ok && !current_failed;
        current = NULL;
    }
    return ok;
}
