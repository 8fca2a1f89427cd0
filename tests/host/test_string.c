/* Host tests for the kernel's lib/string.c.  lib/string.c is kernel only (the
 * host build uses the C library), so this file compiles it itself, as if for
 * the kernel, with every function renamed k_NAME; each is then compared with
 * glibc over random buffers, alignments and lengths (ASan checks that none
 * reads or writes out of bounds).  The host strlcpy/strlcat from lib/string.h
 * are tested too. */
#include <stdbool.h>
#include <stdint.h>

#include "lib/random.h"
#include "tests/host/check.h"

#define memcpy   k_memcpy
#define memmove  k_memmove
#define memset   k_memset
#define memcmp   k_memcmp
#define memchr   k_memchr
#define strlen   k_strlen
#define strnlen  k_strnlen
#define strcmp   k_strcmp
#define strncmp  k_strncmp
#define strchr   k_strchr
#define strrchr  k_strrchr
#define strstr   k_strstr
#define strlcpy  k_strlcpy
#define strlcat  k_strlcat
#define strtok_r k_strtok_r
#undef HOST
#define KERNEL 1
#include "lib/string.c"
#undef KERNEL
#define HOST 1
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef strlcpy
#undef strlcat
#undef strtok_r

/* Now the host flavour of lib/string.h: strlcpy is lib_strlcpy. */
#undef LIB_STRING_H
#include "lib/string.h"

#define AREA 256

/* Returns the sign of X: -1, 0 or 1. */
static int
sign(int x)
{
    return (x > 0) - (x < 0);
}

/* Fills N bytes at P with random bytes drawn from a small alphabet (so that
 * comparisons and searches find matches), or any byte if WIDE. */
static void
fill_random(struct random_state *rs, unsigned char *p, size_t n, bool wide)
{
    for (size_t i = 0; i < n; i++)
        p[i] = wide ? (unsigned char)random_u64(rs)
                    : (unsigned char)("ab\x80"[random_below(rs, 3)]);
}

/* memcpy, memmove and memset at every alignment against glibc. */
static void
test_copy_fill(struct random_state *rs)
{
    unsigned char a[AREA], b[AREA], src[AREA];

    for (int round = 0; round < 20000; round++) {
        size_t n = random_below(rs, 100), d = random_below(rs, 16),
               s = random_below(rs, 16);
        int c = (int)random_below(rs, 512) - 256;
        size_t o = random_below(rs, 60);

        fill_random(rs, src, AREA, true);
        fill_random(rs, a, AREA, true);
        memcpy(b, a, AREA);
        CHECK(k_memcpy(a + d, src + s, n) == a + d);
        memcpy(b + d, src + s, n);
        CHECK(memcmp(a, b, AREA) == 0);

        CHECK(k_memset(a + d, c, n) == a + d);
        memset(b + d, c, n);
        CHECK(memcmp(a, b, AREA) == 0);

        /* overlapping moves in both directions */
        fill_random(rs, a, AREA, true);
        memcpy(b, a, AREA);
        CHECK(k_memmove(a + d, a + d + o, n) == a + d);
        memmove(b + d, b + d + o, n);
        CHECK(memcmp(a, b, AREA) == 0);
        CHECK(k_memmove(a + d + o, a + s, n) == a + d + o);
        memmove(b + d + o, b + s, n);
        CHECK(memcmp(a, b, AREA) == 0);
    }
}

/* memcmp, memchr, strlen, strnlen, strcmp, strncmp, strchr, strrchr, strstr
 * on random strings in exact-size heap blocks. */
static void
test_compare_search(struct random_state *rs)
{
    for (int round = 0; round < 20000; round++) {
        size_t la = random_below(rs, 40), lb = random_below(rs, 40),
               n = random_below(rs, 45);
        char *x = malloc(la + 1), *y = malloc(lb + 1);
        int c = "ab\x80\0z"[random_below(rs, 5)];
        size_t k = la < lb ? la : lb;

        fill_random(rs, (unsigned char *)x, la, false);
        fill_random(rs, (unsigned char *)y, lb, false);
        x[la] = y[lb] = '\0';
        CHECK_EQ_INT(sign(k_memcmp(x, y, k)), sign(memcmp(x, y, k)));
        CHECK(k_memchr(x, c, la) == memchr(x, c, la));
        CHECK_EQ_INT(k_strlen(x), la);
        CHECK_EQ_INT(k_strnlen(x, n), strnlen(x, n));
        CHECK_EQ_INT(sign(k_strcmp(x, y)), sign(strcmp(x, y)));
        CHECK_EQ_INT(sign(k_strncmp(x, y, n)), sign(strncmp(x, y, n)));
        CHECK(k_strchr(x, c) == strchr(x, c));
        CHECK(k_strrchr(x, c) == strrchr(x, c));
        CHECK(k_strstr(x, y + lb - (n % (lb + 1))) == strstr(x, y + lb - (n % (lb + 1))));
        CHECK(k_strstr(x, y) == strstr(x, y));
        free(x);
        free(y);
    }
    CHECK(k_strcmp("abc", "abc") == 0 && k_strcmp("ab", "abc") < 0 &&
          k_strcmp("b", "a") > 0);
    CHECK(k_strcmp("\x80", "a") > 0); /* compared as unsigned char */
    CHECK(k_memcmp("\x80", "a", 1) > 0);
    CHECK(k_strncmp("abcX", "abcY", 3) == 0 && k_strncmp("abcX", "abcY", 4) < 0);
    CHECK(k_strstr("hello", "") != NULL && *k_strstr("hello", "") == 'h');
    CHECK(k_strstr("", "") != NULL && k_strstr("", "a") == NULL);
}

typedef size_t strl_fn(char *dst, const char *src, size_t size);

/* strlcpy and strlcat semantics, for one implementation of each. */
static void
check_strl(strl_fn *cpy, strl_fn *cat)
{
    char buf[16];

    memset(buf, 'x', sizeof buf);
    CHECK_EQ_INT(cpy(buf, "hello", sizeof buf), 5);
    CHECK_STR(buf, "hello");
    CHECK_EQ_INT(cpy(buf, "hello world, long", 6), 17);
    CHECK_STR(buf, "hello");
    memset(buf, 'x', sizeof buf);
    CHECK_EQ_INT(cpy(buf, "abc", 0), 3);
    CHECK(buf[0] == 'x');
    CHECK_EQ_INT(cpy(buf, "abc", 1), 3);
    CHECK_STR(buf, "");

    cpy(buf, "abc", sizeof buf);
    CHECK_EQ_INT(cat(buf, "def", sizeof buf), 6);
    CHECK_STR(buf, "abcdef");
    CHECK_EQ_INT(cat(buf, "0123456789", sizeof buf), 16);
    CHECK_STR(buf, "abcdef012345678");
    CHECK_EQ_INT(cat(buf, "more", sizeof buf), 19);
    CHECK_STR(buf, "abcdef012345678");
    cpy(buf, "abc", sizeof buf);
    CHECK_EQ_INT(cat(buf, "de", 3), 5); /* no NUL within 3 bytes: untouched */
    CHECK_STR(buf, "abc");
    CHECK_EQ_INT(cat(buf, "de", 4), 5);
    CHECK_STR(buf, "abc");
    CHECK_EQ_INT(cat(buf, "de", 5), 5);
    CHECK_STR(buf, "abcd");
}

/* Tokens of a string, compared with glibc's strtok_r. */
static void
check_tokens(const char *text, const char *delim)
{
    char *a = strdup(text), *b = strdup(text);
    char *sa = NULL, *sb = NULL, *ta, *tb;
    bool first = true;

    do {
        ta = k_strtok_r(first ? a : NULL, delim, &sa);
        tb = strtok_r(first ? b : NULL, delim, &sb);
        first = false;
        CHECK((ta == NULL) == (tb == NULL));
        if (ta != NULL && tb != NULL) {
            CHECK_EQ_INT(ta - a, tb - b);
            CHECK_STR(ta, tb);
        }
    } while (ta != NULL && tb != NULL);
    CHECK(k_strtok_r(NULL, delim, &sa) == NULL);
    CHECK(memcmp(a, b, strlen(text) + 1) == 0);
    free(a);
    free(b);
}

static void
test_strtok(void)
{
    check_tokens("", " ");
    check_tokens("   ", " ");
    check_tokens("one", " ");
    check_tokens("  echo hello   world  ", " ");
    check_tokens("a,b;;c,,d;", ",;");
    check_tokens("no delimiters here", "");
    check_tokens("x", "x");
    check_tokens("/bin//ls/", "/");
}

int
main(void)
{
    struct random_state rs;

    random_seed(&rs, 17);
    test_copy_fill(&rs);
    test_compare_search(&rs);
    check_strl(k_strlcpy, k_strlcat);
    check_strl(strlcpy, strlcat);
    test_strtok();
    return check_done("test_string");
}
