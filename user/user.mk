# user/user.mk: the user library and programs (docs/abi.md).
#
#   make -f user/user.mk          build them alone (from the repository root)
#   include user/user.mk          in the top Makefile, after its `all:` rule
#
# Every user/NAME.c and user/tests/NAME.c is a program, build/user/NAME: a
# static x86-64 ELF executable (ET_EXEC) linked at 0x400000, no interpreter, no
# dynamic section.  The library is build/user/libhwan.a: user/lib/ plus the
# shared freestanding lib/format.c, lib/string.c and lib/random.c, compiled
# with -DUSER.  Objects go to build/user/obj/.  Targets: user, user-clean.

B ?= build
V ?= 0
Q ?= $(if $(filter 1,$(V)),,@)

UB      := $(B)/user
USER_CC ?= $(CC)
USER_AR ?= ar

# -mno-red-zone: the stack rule (docs/abi.md) makes an access below rsp - 8
# invalid where the stack has not grown yet, so code must not keep data in the
# 128 bytes below rsp (a leaf function with a large array would be killed).
USER_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc \
	-isystem $(shell $(USER_CC) -print-file-name=include) \
	-fno-pie -fno-pic -fno-stack-protector -fcf-protection=none -mno-red-zone \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-Wall -Wextra -Werror -Iuser/lib -I. -MMD -MP -DUSER
USER_ASFLAGS := $(USER_CFLAGS) -D__ASSEMBLER__
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,-z,max-page-size=0x1000 \
	-Wl,-Ttext-segment=0x400000 -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--undefined=_start

USER_LIB_SRCS := $(wildcard user/lib/*.c) $(wildcard user/lib/*.S) \
	lib/format.c lib/string.c lib/random.c
USER_LIB_OBJS := $(patsubst %,$(UB)/obj/%.o,$(USER_LIB_SRCS))
USER_LIB      := $(UB)/libhwan.a

USER_PROG_SRCS := $(wildcard user/*.c)
USER_TEST_SRCS := $(wildcard user/tests/*.c)
USER_PROGS     := $(patsubst user/%.c,$(UB)/%,$(USER_PROG_SRCS))
USER_TESTS     := $(patsubst user/tests/%.c,$(UB)/%,$(USER_TEST_SRCS))
USER_BINS      := $(USER_PROGS) $(USER_TESTS)

ifneq ($(words $(USER_BINS)),$(words $(sort $(USER_BINS))))
$(error user/*.c and user/tests/*.c share a program name)
endif

user: $(USER_LIB) $(USER_BINS)

all: user

$(USER_LIB): $(USER_LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@
	$(Q)$(USER_AR) rcs $@ $^

$(USER_PROGS): $(UB)/%: $(UB)/obj/user/%.c.o $(USER_LIB)
	@echo "  LD      $@"
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $< $(USER_LIB) -lgcc

$(USER_TESTS): $(UB)/%: $(UB)/obj/user/tests/%.c.o $(USER_LIB)
	@echo "  LD      $@"
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $< $(USER_LIB) -lgcc

$(UB)/obj/%.c.o: %.c user/user.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) -c $< -o $@

$(UB)/obj/%.S.o: %.S user/user.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(USER_CC) $(USER_ASFLAGS) -c $< -o $@

user-clean:
	rm -rf $(UB)

.PHONY: user user-clean

-include $(shell find $(UB)/obj -name '*.d' 2>/dev/null)
