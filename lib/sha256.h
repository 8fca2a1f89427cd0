/* SHA-256 (FIPS 180-4), so the kernel can print checksums that the host's
 * sha256sum confirms. */
#ifndef LIB_SHA256_H
#define LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t length;   /* bytes hashed so far */
    uint8_t block[64]; /* partial block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finishes the hash: 32 bytes into DIGEST. */
void sha256_final(struct sha256 *s, uint8_t digest[32]);
/* Writes DIGEST as 64 lowercase hex digits and a NUL into HEX. */
void sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
