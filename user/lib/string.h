/* The C string and memory functions: lib/string.h, whose definitions
 * (lib/string.c) are part of the user library.  Like Pintos-KAIST, there is no
 * strcpy/strcat: use strlcpy/strlcat. */
#ifndef USER_STRING_H
#define USER_STRING_H

#include "lib/string.h"

#endif
