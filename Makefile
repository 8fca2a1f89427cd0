# hwan: build the kernel, the host unit tests, and run them.
#   make            build everything (kernel and host tests)
#   make run        boot the kernel interactively on this terminal (MEM= SWAP= PUT= DISK=)
#   make mine       build your own programs, mine/*.c (MINE=folder)
#   make check      build, then run every test
#   make gdb        boot and wait for gdb (see README)
#   make clean      remove build/
#   make DEBUG=0    build the release kernel: no debug poisoning or checks
#                   (what bench/ measures; switching rebuilds the kernel)
#   make V=1        show every command

CC      ?= gcc
LD      := ld
OBJCOPY := objcopy
DEBUG   ?= 1
B       := build
V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)

# ---- kernel --------------------------------------------------------------
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-zero-length -I. -MMD -MP -DKERNEL \
	-DHWAN_DEBUG=$(DEBUG)
KASFLAGS := $(filter-out -std=gnu11,$(KCFLAGS)) -D__ASSEMBLER__
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

KERNEL_DIRS := arch/x86_64 kernel dev fs vm userprog lib tests/kernel
KSRCS := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.c) $(wildcard $(d)/*.S))
KOBJS := $(patsubst %,$(B)/k/%.o,$(KSRCS))

all: $(B)/kernel.bin host-tests

include user/user.mk

$(B)/kernel.elf: $(KOBJS) arch/x86_64/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -T arch/x86_64/kernel.ld -o $@ $(KOBJS)

$(B)/kernel.bin: $(B)/kernel.elf
	@echo "  OBJCOPY $@"
	$(Q)$(OBJCOPY) -O binary $< $@

# The flags the kernel objects were built with: a change (DEBUG=0 after
# DEBUG=1, say) rebuilds the kernel instead of mixing the two.
$(B)/k/flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(KCFLAGS)' | cmp -s - $@ || echo '$(KCFLAGS)' > $@

$(B)/k/%.c.o: %.c Makefile $(B)/k/flags
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/k/%.S.o: %.S Makefile $(B)/k/flags
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# ---- host unit tests (pure logic, with sanitizers) --------------------------
# Every tests/host/test_NAME.c becomes build/host/test_NAME, linked with the
# host-buildable sources: lib/ (but lib/string.c, the kernel's libc), fs/,
# dev/block.c, and tests/host/support/.  tests/host/shim/ stands in for the
# kernel headers those sources include (locks, heap, console, clock).
HCFLAGS := -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-format-zero-length -Itests/host/shim -I. -MMD -MP -DHOST -DHWAN_DEBUG=1 -pthread
HOST_SRCS := $(filter-out lib/string.c,$(wildcard lib/*.c)) $(wildcard fs/*.c) $(wildcard vm/*.c) \
	dev/block.c $(wildcard tests/host/support/*.c)
HOST_OBJS := $(patsubst %.c,$(B)/host/%.o,$(HOST_SRCS))
HOST_TESTS := $(patsubst tests/host/%.c,$(B)/host/%,$(wildcard tests/host/test_*.c))

host-tests: $(HOST_TESTS)

$(B)/host/test_%: $(B)/host/tests/host/test_%.o $(HOST_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(CC) $(HCFLAGS) -o $@ $^

$(B)/host/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(CC) $(HCFLAGS) -c $< -o $@

# ---- fuzzing the file system (clang + libFuzzer) ----------------------------
# `make fuzz` builds build/fuzz/fuzz_ext2 and runs it for FUZZ_TIME seconds,
# starting from the seed images in tests/fuzz/corpus/; new inputs go to
# tests/fuzz/corpus-run/ (not kept), a crashing input to build/fuzz/crash-*.
# Needs clang and libFuzzer (Debian 12: packages clang and libclang-rt-14-dev).
FUZZ_CC     ?= clang
FUZZ_TIME   ?= 600
FUZZ_CFLAGS := -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra \
	-Wno-unused-parameter -Itests/host/shim -I. -DHOST -pthread
FUZZ_SRCS   := $(filter-out lib/string.c,$(wildcard lib/*.c)) $(wildcard fs/*.c) \
	dev/block.c $(wildcard tests/host/support/host_*.c) tests/fuzz/fuzz_ext2.c

$(B)/fuzz/fuzz_ext2: $(FUZZ_SRCS) $(wildcard fs/*.h tests/host/shim/kernel/*.h) Makefile
	@mkdir -p $(dir $@)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS)

fuzz: $(B)/fuzz/fuzz_ext2
	@mkdir -p tests/fuzz/corpus-run
	$(B)/fuzz/fuzz_ext2 -max_total_time=$(FUZZ_TIME) -max_len=524288 -timeout=10 \
		-close_fd_mask=1 -print_final_stats=1 -artifact_prefix=$(B)/fuzz/ \
		tests/fuzz/corpus-run tests/fuzz/corpus

# ---- fuzzing the system calls (sc-fuzz under QEMU) --------------------------
# `make fuzz-syscalls` boots the kernel again and again for FUZZ_TIME seconds,
# each boot running the system-call fuzzer user/tests/sc-fuzz.c on a block of
# fresh seeds (tests/fuzz/syscalls.sh); `make check` runs a short campaign.
fuzz-syscalls: deps all
	FUZZ_TIME=$(FUZZ_TIME) sh tests/fuzz/syscalls.sh

# ---- soak: a long mixed run -----------------------------------------------
# `make soak SOAK_TIME=S` (default 600 s): the mixed workload user/tests/soak.c
# (fork, exec, mmap, swap, file I/O), power cuts and the system-call fuzzer,
# over and over, every boot checked for failures, leaks and the disk
# (tests/soak.sh).
SOAK_TIME ?= 600
soak: deps all
	SOAK_TIME=$(SOAK_TIME) sh tests/soak.sh

# ---- using it -------------------------------------------------------------
deps:
	@sh tools/deps.sh

# The disk `make run` boots with: the shell and tools at the root, the test
# programs in /bin (the shell looks there too), and the example files.
RUN_DISK := $(foreach p,$(USER_PROGS),--put $(p)) \
	$(foreach p,$(USER_TESTS),--put $(p):bin/$(notdir $(p))) \
	$(foreach f,$(wildcard user/examples/*),--put $(f))

# make run MEM=MiB SWAP=MiB PUT='host files' DISK=path (see README): RAM and
# swap sized so that a program of a few dozen MiB (bench-swap) is evicted.
MEM      ?= 32
SWAP     ?= 64
PUT      ?=
DISK     ?=
GDB_PORT ?= 1234
RUN_OPTS = --interactive --timeout 0 --mem $(MEM) $(if $(filter-out 0,$(SWAP)),--swap $(SWAP)) \
	$(RUN_DISK) $(foreach f,$(PUT),--put $(f)) $(if $(DISK),--disk $(DISK))

run: deps $(B)/kernel.bin user mine
	@./hwan run $(RUN_OPTS) $(MINE_DISK) -- -q run sh

# Your own programs (user/mine.mk): MINE/NAME.c becomes $(MINE_OUT)/NAME, on
# make run's disk as /NAME.  A file that does not build is reported and left
# out; the rest are built and make run goes on.
MINE     ?= mine
MINE_OUT ?= $(B)/mine
MINE_DISK = $$(for f in $(MINE_OUT)/*; do [ -f "$$f" ] && echo --put "$$f"; done)

mine: user
	@$(MAKE) -s --no-print-directory -k -f user/mine.mk mine MINE=$(MINE) MINE_OUT=$(MINE_OUT) \
		|| echo "mine: some programs in $(MINE)/ did not build (errors above); the others did"

# `make gdb` boots like `make run`; ARGS='...' replaces the kernel command line.
gdb: deps $(B)/kernel.bin user mine
	@./hwan run $(RUN_OPTS) $(MINE_DISK) --gdb --gdb-port $(GDB_PORT) -- $(or $(ARGS),-q run sh)

check:
	@sh tools/deps.sh --check
	@$(MAKE) --no-print-directory all $(B)/data/random.bin $(B)/data/pattern.bin
	@python3 tests/check.py $(CHECK_ARGS)

# Test data: 5 MiB of fresh random bytes (tests check them against sha256sum).
$(B)/data/random.bin:
	@mkdir -p $(dir $@)
	head -c 5242880 /dev/urandom > $@

# 3 MiB and 1234 bytes whose every byte is known (user/tests/pc-readahead.c):
# byte O is byte O % 8 of the little-endian word (O / 8) * K + C.
$(B)/data/pattern.bin:
	@mkdir -p $(dir $@)
	python3 -c 'import struct,sys; n=(3<<20)+1234; w=(n+7)//8; sys.stdout.buffer.write(b"".join(struct.pack("<Q",(i*0x9E3779B97F4A7C15+0x0123456789ABCDEF)&(2**64-1)) for i in range(w))[:n])' > $@

bench: deps $(B)/kernel.bin
	bench/boot

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(B)

.PHONY: all host-tests deps run gdb check bench format clean fuzz fuzz-syscalls soak mine FORCE
FORCE:
.SECONDARY:

-include $(shell find $(B) -name '*.d' 2>/dev/null)
