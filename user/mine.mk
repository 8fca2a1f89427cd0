# user/mine.mk: your own programs (README, "Your own programs").
#
#   make mine [MINE=folder]     build every MINE/NAME.c as $(MINE_OUT)/NAME
#
# MINE is mine/ unless you say otherwise (a folder anywhere: MINE=~/progs).
# Each program is one C file, compiled and linked like the tools in user/
# (docs/abi.md, section 8) but with warnings that are only warnings: no
# -Werror.  Every program is built on its own, so a file that does not compile
# reports its error and the others are built all the same (the top Makefile
# runs this with make -k).  A program that fails to build loses its old
# binary, so that `make run` never puts a stale one on the disk.

include user/user.mk

MINE     ?= mine
MINE_OUT ?= $(B)/mine
MINE_SRCS := $(wildcard $(MINE)/*.c)
MINE_BINS := $(patsubst $(MINE)/%.c,$(MINE_OUT)/%,$(MINE_SRCS))
MINE_CFLAGS := $(filter-out -Werror -MMD -MP,$(USER_CFLAGS))

mine: $(MINE_BINS)

$(MINE_OUT)/%: $(MINE)/%.c $(USER_LIB) user/mine.mk
	@mkdir -p $(dir $@)
	@rm -f $@
	@echo "  CC+LD   $<"
	$(Q)$(USER_CC) $(MINE_CFLAGS) $(USER_LDFLAGS) -o $@ $< $(USER_LIB) -lgcc

.PHONY: mine
