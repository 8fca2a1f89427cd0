/* assert(expr): when EXPR is false, prints the program name, the expression,
 * file, line and function, then ends the program with abort() (status -1).
 * Always checked.  lib/assert.h's LIB_ASSERT is the same thing. */
#ifndef USER_ASSERT_H
#define USER_ASSERT_H

#include "lib/assert.h"

#define assert(expr) LIB_ASSERT(expr)

#endif
