/* Regression: the random policy drew each victim by walking the frame
 * table's list (time proportional to the frames), and with swap full most
 * draws are frames that cannot be saved, so one eviction cost many walks
 * under the frame-table lock.  A hog then filled memory and swap while a
 * reader's clean file pages were the only frames that could be dropped: each
 * drop took seconds and the hog was killed for lack of memory only after
 * minutes.  Here the reader re-reads a mapped file bigger than its share of
 * memory (and writes its own heap pages) while the hog grows, until the hog
 * has been killed; the hog must be the one killed, and the reader must find
 * its bytes intact. */
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE   4096
#define FILEPG 1024 /* pages of the mapped file */
#define DIRTY  32   /* heap pages the reader keeps writing */
#define PASSES 2    /* passes after the hog is killed */

static unsigned char page[PAGE];

/* Grows the heap page by page, writing each, until killed. */
static void
hog(void)
{
    for (unsigned long i = 0;; i++) {
        unsigned char *p = sbrk(PAGE);
        if (p == (void *)-1)
            exit(2); /* refused: the hog was not killed */
        for (int k = 0; k < PAGE; k += 512)
            p[k] = (unsigned char)(i | 1);
    }
}

/* Writes its heap pages, then reads the mapped file over and over, writing
 * its heap pages between, until the hog has been killed and PASSES passes
 * after that. */
static int
reader(void)
{
    int fd = open("rsf.dat");
    unsigned char *m = mmap((void *)0x30000000, FILEPG * PAGE, 0, fd, 0);
    unsigned char *heap = sbrk(DIRTY * PAGE);
    if (fd < 2 || m == NULL || heap == (void *)-1)
        return 3;
    for (int i = 0; i < DIRTY; i++)
        heap[i * PAGE] = (unsigned char)i;
    unsigned gen = 0;  /* times every heap page was written since the first */
    int left = PASSES; /* passes to go once the hog is killed */
    for (unsigned s = 0; left > 0; s++) {
        unsigned p = s % FILEPG, h = s % DIRTY;
        if (m[p * PAGE] != (unsigned char)p ||
            m[p * PAGE + PAGE - 1] != (unsigned char)~p)
            return 4;
        if (heap[h * PAGE] != (unsigned char)(h + gen))
            return 5;
        if (h == DIRTY - 1) {
            for (int i = 0; i < DIRTY; i++)
                heap[i * PAGE]++;
            gen++;
        }
        if (p == FILEPG - 1) {
            struct vmstat v;
            vmstat(&v, sizeof v);
            left -= v.oom_kills > 0;
        }
    }
    return 0;
}

void
test_main(void)
{
    CHECK(create("rsf.dat", 0), "create rsf.dat");
    int fd = open("rsf.dat");
    for (int p = 0; p < FILEPG; p++) {
        page[0] = (unsigned char)p;
        page[PAGE - 1] = (unsigned char)~p;
        write(fd, page, PAGE);
    }
    close(fd);
    pid_t r = fork("reader");
    if (r == 0)
        exit(reader());
    pid_t h = fork("hog");
    if (h == 0)
        hog();
    int hs = wait(h), rs = wait(r);
    CHECK(hs == -1, "the hog was killed");
    CHECK(rs == 0, "the reader read its file and heap intact (status %d)", rs);
    CHECK(remove("rsf.dat"), "rsf.dat removed");
}
