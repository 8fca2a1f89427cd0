/* Host tests for lib/format: format_snprintf against glibc's snprintf over a
 * table of formats and edge values and over 200k random conversion
 * specifications, each also with truncating buffer sizes (0 included). */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/format.h"
#include "lib/random.h"
#include "tests/host/check.h"

#define BUF 1024

typedef int snprintf_fn(char *buf, size_t size, const char *fmt, ...);

/* Checks one format_snprintf result GOT (return value RET, buffer of SIZE
 * bytes pre-filled with 0x7f) against glibc's complete output REF. */
static void
check_result(int line, const char *what, const char *ref, int ref_len, const char *got,
             int ret, size_t size)
{
    size_t stored = size == 0 ? 0 : ((size_t)ref_len < size ? (size_t)ref_len : size - 1);

    CHECK_MSG(ret == ref_len, "line %d: %s: returned %d, glibc %d", line, what, ret,
              ref_len);
    if (size == 0)
        return;
    CHECK_MSG(memcmp(got, ref, stored) == 0 && got[stored] == '\0',
              "line %d: %s (size %zu): \"%.*s\", glibc \"%s\"", line, what, size,
              (int)stored, got, ref);
    if (stored + 1 < BUF)
        CHECK_MSG(got[stored + 1] == 0x7f, "line %d: %s: wrote past the terminator", line,
                  what);
}

/* Sizes every table case is tried with, beyond its full length. */
static const size_t small_sizes[] = {0, 1, 2, 3, 5, 8, 13};

/* Compares format_snprintf with snprintf for one literal format and its
 * arguments: full size, every small size and the exact lengths around it. */
#define T(...)                                                                           \
    do {                                                                                 \
        char ref_[BUF], got_[BUF];                                                       \
        int ref_len_ = snprintf(ref_, sizeof ref_, __VA_ARGS__), ret_;                   \
        size_t sizes_[ARRAY_SIZE(small_sizes) + 3];                                      \
        memcpy(sizes_, small_sizes, sizeof small_sizes);                                 \
        sizes_[ARRAY_SIZE(small_sizes)] = (size_t)ref_len_;                              \
        sizes_[ARRAY_SIZE(small_sizes) + 1] = (size_t)ref_len_ + 1;                      \
        sizes_[ARRAY_SIZE(small_sizes) + 2] = BUF;                                       \
        for (size_t i_ = 0; i_ < ARRAY_SIZE(sizes_); i_++) {                             \
            memset(got_, 0x7f, sizeof got_);                                             \
            ret_ = format_snprintf(sizes_[i_] ? got_ : NULL, sizes_[i_], __VA_ARGS__);   \
            check_result(__LINE__, #__VA_ARGS__, ref_, ref_len_, got_, ret_,             \
                         sizes_[i_]);                                                    \
        }                                                                                \
    } while (0)

/* Compares format_snprintf's complete output with the string WANT. */
#define T_WANT(want, ...)                                                                \
    do {                                                                                 \
        char got_[BUF];                                                                  \
        int ret_ = format_snprintf(got_, sizeof got_, __VA_ARGS__);                      \
        CHECK_STR(got_, want);                                                           \
        CHECK_EQ_INT(ret_, strlen(want));                                                \
    } while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void
test_integers(void)
{
    T("%d %i %d %d", 0, 42, -42, INT_MAX);
    T("%d", INT_MIN);
    T("%u %u %u", 0u, 1u, UINT_MAX);
    T("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0777u);
    T("%ld %ld %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
    T("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    T("%llx %llX %llo", (unsigned long long)UINT64_MAX, 0x0123456789abcdefULL,
      (unsigned long long)UINT64_MAX);
    T("%jd %jd %ju %jx", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX, UINTMAX_MAX);
    T("%zu %zx %zd %zd", SIZE_MAX, SIZE_MAX, (ptrdiff_t)-5, PTRDIFF_MIN);
    T("%td %tu %tx", PTRDIFF_MIN, (size_t)PTRDIFF_MAX, (size_t)-1);
    T("%hhd %hhd %hhd %hhu %hhx", 127, 128, -129, 255u, 0x1ffu);
    T("%hd %hd %hu %hx", 32767, 32768, 65535u, 0x1ffffu);
    T("%5d|%-5d|%05d|%+d|% d|%+5d|%-+5d|% 05d", 42, 42, 42, 42, 42, 42, 42, 42);
    T("%5d|%-5d|%05d|%+d|% d|%+05d|% -5d", -42, -42, -42, -42, -42, -42, -42);
    T("%.0d|%.0u|%.0x|%.0o|%5.0d|%-3.0d|%+.0d|% .0d", 0, 0u, 0u, 0u, 0, 0, 0, 0);
    T("%.5d|%.5d|%8.5d|%-8.5d|%+.3d|%.1d", 42, -42, 42, -42, 7, 12345);
    T("%#x|%#X|%#o|%#x|%#o|%#.0o|%#.3o|%#5o|%#05x", 255u, 255u, 8u, 0u, 0u, 0u, 8u, 8u,
      1u);
    T("%#10x|%-#10x|%#010x|%#.6x|%#12.6x|%#-12.6X", 0xabcu, 0xabcu, 0xabcu, 0xabcu,
      0xabcu, 0xabcu);
    T("%020lld|%-25lld|%+.25lld|%#30llo", LLONG_MIN, LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    T("%*d|%-*d|%*d|%.*d|%.*d|%*.*d", 6, 1, 6, 2, -6, 3, 4, 5, -1, 6, 8, 3, 7);
    T("%0*d|%0*d|%.*u", 6, -1, -6, -1, 0, 0u);
}

static void
test_strings_chars(void)
{
    T("%s|%s|%s", "", "hello", "a longer string, with spaces");
    T("%10s|%-10s|%.3s|%10.3s|%-10.3s|%.0s|%.10s", "abc", "abc", "abcdef", "abcdef",
      "abcdef", "abc", "abc");
    T("%*s|%-*s|%*s|%.*s|%.*s", 8, "x", 8, "y", -8, "z", 2, "pqr", -1, "pqr");
    T("%c%c%c|%5c|%-5c|%c", 'a', 'b', 'c', 'x', 'y', 0x100 + 'q');
    T("%%|100%%");
    T("plain text, no conversions");
    T("%s", "");
    T("%s and %d and %c and %x", "mix", -1, '!', 0x10u);
    T("%s", "0123456789012345678901234567890123456789012345678901234567890123456789"
            "0123456789012345678901234567890123456789012345678901234567890123456789");
    T("%300d|%-300s|", 1, "a");
}

static void
test_pointers_null(void)
{
    int x;

    T("%p|%20p|%-20p", (void *)&x, (void *)0x1234, (void *)0x1234);
    T("%p|%p", (void *)UINTPTR_MAX, (void *)0xffffffff80100000ULL);
    T_WANT("0x0", "%p", (void *)NULL);
    T_WANT("[       0x0]", "[%10p]", (void *)NULL);
    T("a%cb", 0); /* the NUL is output and counted */
}

/* Combinations C defines (the flag is ignored) or glibc defines, and NULL
 * strings, which gcc warns about; the warnings are off for this function. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
static void
test_odd_flags(void)
{
    T("%+ d|% +d|%08.5d|%-05d|%-010x|%0-8u", 42, 42, 42, 3, 0xffu, 9u);
    T("%+u|% u|%+x|% o", 5u, 5u, 5u, 5u);
    T_WANT("%|%|%", "%5%|%-5%|%05%"); /* glibc agrees; ASan's interceptor complains */
    T("");
    T("%05s|%05c|%-05s", "ab", 'c', "d");
    T("%020p|%-020p", (void *)0x1234, (void *)0x1234);
    T("%.8p|%12.8p|%.0p", (void *)0x12, (void *)0x12, (void *)0x12);
    T_WANT("%y|%", "%y|%");
    T_WANT("[%]", "[%5]");
    T_WANT("(null)", "%s", (char *)NULL);
    T_WANT("[    (null)]", "[%10s]", (char *)NULL);
    T_WANT("[]", "[%.3s]", (char *)NULL);
    T_WANT("(null)", "%.6s", (char *)NULL);
}
#pragma GCC diagnostic pop

/* The character sink used by test_vprintf: appends to a fixed buffer. */
struct sink {
    char buf[64];
    size_t len;
};

static void
sink_putc(char c, void *aux)
{
    struct sink *s = aux;

    if (s->len < sizeof s->buf)
        s->buf[s->len] = c;
    s->len++;
}

/* Calls format_vprintf with the arguments. */
static int
sink_printf(struct sink *s, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format_vprintf(sink_putc, s, fmt, ap);
    va_end(ap);
    return n;
}

/* format_vprintf sends every character to the callback, no terminator. */
static void
test_vprintf(void)
{
    struct sink s = {.len = 0};
    int n = sink_printf(&s, "[%s:%d]", "ab", -7);

    CHECK_EQ_INT(n, 7);
    CHECK_EQ_INT(s.len, 7);
    CHECK(memcmp(s.buf, "[ab:-7]", 7) == 0);
    s.len = 0;
    CHECK_EQ_INT(sink_printf(&s, "%s", ""), 0);
    CHECK_EQ_INT(s.len, 0);
}

enum arg_type {
    A_INT,
    A_UINT,
    A_LONG,
    A_ULONG,
    A_LLONG,
    A_ULLONG,
    A_INTMAX,
    A_UINTMAX,
    A_SIZE,
    A_PTRDIFF,
    A_STR,
    A_PTR
};

/* One random conversion to compare. */
struct fuzz_case {
    char fmt[96];
    int nstars;
    int star[2];
    enum arg_type type;
    uint64_t bits; /* the value, converted to TYPE when passed */
    const char *str;
};

/* Calls FN (snprintf or format_snprintf) on the case C. */
#define CALL_WITH(v)                                                                     \
    (c->nstars == 0   ? fn(buf, n, c->fmt, v)                                            \
     : c->nstars == 1 ? fn(buf, n, c->fmt, c->star[0], v)                                \
                      : fn(buf, n, c->fmt, c->star[0], c->star[1], v))

static int
call_case(snprintf_fn *fn, char *buf, size_t n, const struct fuzz_case *c)
{
    switch (c->type) {
    case A_INT:
        return CALL_WITH((int)c->bits);
    case A_UINT:
        return CALL_WITH((unsigned)c->bits);
    case A_LONG:
        return CALL_WITH((long)c->bits);
    case A_ULONG:
        return CALL_WITH((unsigned long)c->bits);
    case A_LLONG:
        return CALL_WITH((long long)c->bits);
    case A_ULLONG:
        return CALL_WITH((unsigned long long)c->bits);
    case A_INTMAX:
        return CALL_WITH((intmax_t)c->bits);
    case A_UINTMAX:
        return CALL_WITH((uintmax_t)c->bits);
    case A_SIZE:
        return CALL_WITH((size_t)c->bits);
    case A_PTRDIFF:
        return CALL_WITH((ptrdiff_t)c->bits);
    case A_STR:
        return CALL_WITH(c->str);
    default:
        return CALL_WITH((void *)(uintptr_t)c->bits);
    }
}

/* Returns an interesting 64-bit value. */
static uint64_t
fuzz_value(struct random_state *rs)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 7, 9, 10, 15, 16, 99, 100, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
        INT32_MAX, (uint64_t)INT32_MIN, UINT32_MAX, INT64_MAX, (uint64_t)INT64_MIN,
        UINT64_MAX, UINT64_MAX - 1,
    };
    /* clang-format on */
    switch (random_below(rs, 4)) {
    case 0:
        return edges[random_below(rs, ARRAY_SIZE(edges))];
    case 1:
        return random_below(rs, 1000) - 500;
    case 2:
        return random_u64(rs) >> random_below(rs, 64);
    default:
        return random_u64(rs);
    }
}

/* Appends a random width and precision (maybe '*') to P, recording stars in C. */
static char *
fuzz_width_prec(struct random_state *rs, char *p, struct fuzz_case *c, bool prec_ok)
{
    static const int star_values[] = {-20, -5, -1, 0, 1, 3, 7, 12, 25};

    switch (random_below(rs, 4)) {
    case 0:
        break;
    case 1:
        c->star[c->nstars++] = star_values[random_below(rs, 9)];
        *p++ = '*';
        break;
    default:
        p += sprintf(p, "%d", (int)random_below(rs, 40) + 1);
        break;
    }
    if (!prec_ok || random_below(rs, 2))
        return p;
    *p++ = '.';
    switch (random_below(rs, 4)) {
    case 0:
        break;
    case 1:
        c->star[c->nstars++] = star_values[random_below(rs, 9)];
        *p++ = '*';
        break;
    default:
        p += sprintf(p, "%d", (int)random_below(rs, 30));
        break;
    }
    return p;
}

/* Appends a length modifier and sets C's argument type for integer
 * conversion CONV. */
static char *
fuzz_length(struct random_state *rs, char *p, struct fuzz_case *c, char conv)
{
    static const char *const mods[] = {"", "hh", "h", "l", "ll", "j", "z", "t"};
    static const enum arg_type s_types[] = {A_INT,   A_INT,    A_INT,     A_LONG,
                                            A_LLONG, A_INTMAX, A_PTRDIFF, A_PTRDIFF};
    static const enum arg_type u_types[] = {A_UINT,   A_UINT,    A_UINT, A_ULONG,
                                            A_ULLONG, A_UINTMAX, A_SIZE, A_SIZE};
    size_t m = random_below(rs, ARRAY_SIZE(mods));

    c->type = (conv == 'd' || conv == 'i') ? s_types[m] : u_types[m];
    return p + sprintf(p, "%s", mods[m]);
}

/* Builds a random format with one conversion and its arguments in C. */
static void
fuzz_build(struct random_state *rs, struct fuzz_case *c)
{
    static const char convs[] = "diuoxXcsp";
    static const char *const strs[] = {"", "a", "hello", "hello, world!", NULL};
    char conv = convs[random_below(rs, sizeof convs - 1)];
    const char *flags = strchr("di", conv)     ? "-+ 0"
                        : strchr("uoxX", conv) ? "-+ 0#"
                        : conv == 'p'          ? "-0"
                                               : "-0";
    char *p = c->fmt + sprintf(c->fmt, "%s%%", random_below(rs, 2) ? "<" : "");

    c->nstars = 0;
    for (int i = (int)random_below(rs, 4); i > 0; i--)
        *p++ = flags[random_below(rs, strlen(flags))];
    p = fuzz_width_prec(rs, p, c, conv != 'c');
    c->bits = fuzz_value(rs);
    c->str = strs[random_below(rs, ARRAY_SIZE(strs))];
    if (conv == 'c') {
        c->type = A_INT;
        c->bits = 32 + random_below(rs, 95);
    } else if (conv == 's') {
        c->type = A_STR;
    } else if (conv == 'p') {
        c->type = A_PTR;
        c->bits |= c->bits == 0; /* glibc prints (nil) for NULL */
    } else {
        p = fuzz_length(rs, p, c, conv);
    }
    sprintf(p, "%c%s", conv, random_below(rs, 2) ? ">%%" : "");
}

/* Random conversions against glibc, each at full size and one random size. */
static void
test_fuzz(struct random_state *rs)
{
    struct fuzz_case c;
    char ref[BUF], got[BUF];

    for (int i = 0; i < 200000; i++) {
        int ref_len, ret;
        size_t size;

        fuzz_build(rs, &c);
        ref_len = call_case(snprintf, ref, sizeof ref, &c);
        CHECK(ref_len >= 0 && ref_len < BUF);
        size =
            random_below(rs, 2) ? BUF : (size_t)random_below(rs, (uint64_t)ref_len + 2);
        memset(got, 0x7f, sizeof got);
        ret = call_case(format_snprintf, size ? got : NULL, size, &c);
        check_result(__LINE__, c.fmt, ref, ref_len, got, ret, size);
    }
}

int
main(void)
{
    struct random_state rs;

    random_seed(&rs, 2024);
    test_integers();
    test_strings_chars();
    test_pointers_null();
    test_odd_flags();
    test_vprintf();
    test_fuzz(&rs);
    return check_done("test_format");
}
