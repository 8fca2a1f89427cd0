/* Copies between the kernel and user memory (see usercopy.h). */
#include "userprog/usercopy.h"

#include "arch/x86_64/kfault.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/protect.h"
#include "lib/string.h"

bool
user_range_ok(uint64_t addr, size_t n)
{
    return addr < USER_TOP && n <= USER_TOP - addr;
}

bool
user_copy_in(void *dst, uint64_t usrc, size_t n)
{
    if (!user_range_ok(usrc, n))
        return false;
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return false;
    user_access_begin();
    memcpy(dst, (const void *)usrc, n);
    user_access_end();
    kfault_disarm();
    return true;
}

bool
user_copy_out(uint64_t udst, const void *src, size_t n)
{
    if (!user_range_ok(udst, n))
        return false;
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return false;
    user_access_begin();
    memcpy((void *)udst, src, n);
    user_access_end();
    kfault_disarm();
    return true;
}

enum user_str
user_copy_string(char *buf, size_t size, uint64_t ustr)
{
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return USER_STR_FAULT;
    enum user_str result = USER_STR_TOO_LONG;
    user_access_begin();
    for (size_t i = 0; i < USER_STRING_SCAN; i++) {
        if (ustr + i >= USER_TOP) {
            result = USER_STR_FAULT;
            break;
        }
        char ch = *(const volatile char *)(ustr + i);
        if (i < size)
            buf[i] = ch;
        if (ch == '\0') {
            result = i < size ? USER_STR_OK : USER_STR_TOO_LONG;
            break;
        }
    }
    user_access_end();
    kfault_disarm();
    if (result != USER_STR_OK && size > 0)
        buf[size - 1] = '\0';
    return result;
}
