/* Character classification for ASCII: lib/ctype.h. */
#ifndef USER_CTYPE_H
#define USER_CTYPE_H

#include "lib/ctype.h"

#endif
