/* SHA-256 against known answers and against sha256sum on random data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/random.h"
#include "lib/sha256.h"

/* Hashes N bytes of DATA in pieces of STEP bytes and returns the hex digest. */
static const char *
hash_hex(const void *data, size_t n, size_t step)
{
    static char hex[65];
    struct sha256 s;
    uint8_t d[32];
    sha256_init(&s);
    for (size_t off = 0; off < n; off += step)
        sha256_update(&s, (const char *)data + off, n - off < step ? n - off : step);
    sha256_final(&s, d);
    sha256_hex(d, hex);
    return hex;
}

/* sha256sum's answer for N bytes of DATA. */
static const char *
sha256sum_hex(const void *data, size_t n)
{
    static char hex[65];
    char path[] = "/tmp/hwan-sha-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL && fscanf(p, "%64s", hex) == 1);
    pclose(p);
    remove(path);
    return hex;
}

int
main(void)
{
    CHECK_STR(hash_hex("", 0, 1),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_STR(hash_hex("abc", 3, 1),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK_STR(hash_hex(two, strlen(two), 7),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    struct random_state rs;
    random_seed(&rs, 1);
    static unsigned char buf[200000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)random_u64(&rs);
    size_t sizes[] = {1, 55, 56, 63, 64, 65, 119, 120, 1000, sizeof buf};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char want[65];
        strcpy(want, sha256sum_hex(buf, sizes[i]));
        CHECK_STR(hash_hex(buf, sizes[i], 1 + i * 13), want);
    }
    check_done("test_sha256");
    return 0;
}
