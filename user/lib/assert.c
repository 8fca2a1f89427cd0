/* The user library's lib_assert_fail (see lib/assert.h, user/lib/assert.h). */
#include "lib/assert.h"

#include "stdio.h"
#include "stdlib.h"

/* Reports the failed assertion EXPR at FILE:LINE in FUNC, then aborts. */
void
lib_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    printf("%s: %s:%d: %s(): assertion `%s' failed\n", user_program_name(), file, line,
           func, expr);
    abort();
}
