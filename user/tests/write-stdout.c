/* write-stdout: writes one 200-byte line (199 characters and the newline) to
 * the console with a single write(), which must return 200. */
#include "syscall.h"
#include "test.h"

#define LINE_LEN 200

/* Builds the line from the alphabet and writes it at once. */
void
test_main(void)
{
    char line[LINE_LEN];
    int n;

    for (int i = 0; i < LINE_LEN - 1; i++)
        line[i] = (char)('a' + i % 26);
    line[LINE_LEN - 1] = '\n';
    n = write(STDOUT_FILENO, line, LINE_LEN);
    CHECK(n == LINE_LEN, "write returned %d", n);
}
