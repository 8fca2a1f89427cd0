/* getcwd: the path of the current directory, found with the ABI's calls alone
 * (a library addition; the ABI has no such call). */
#ifndef USER_CWD_H
#define USER_CWD_H

#include <stddef.h>

char *getcwd(char *buf, size_t size);

#endif
