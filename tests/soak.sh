#!/bin/sh
# `make soak`: a long mixed run for SOAK_TIME seconds (default 600).  Repeats,
# until the time is up:
#   1. one boot of `soak` (user/tests/soak.c) for up to SOAK_BOOT seconds
#      (default 120): rounds of fork, exec, mmap, swap (20 MiB of RAM, 32 MiB
#      of swap) and file I/O, every result checked by the program;
#   2. ten power cuts of the `pcut` workload (tests/powercut.py, fresh seed);
#   3. one boot of the system-call fuzzer (sc-fuzz, 100 workers, fresh seeds)
#      on a CPU with SMEP and SMAP.
# Each boot must pass as `hwan run` judges it: no FAIL line, no panic or
# hang, no leak at power-off, a clean disk (e2fsck).  Stops at the first
# failure, printing its output; the last line sums up.
set -u
cd "$(dirname "$0")/.."
limit=${SOAK_TIME:-600}
boot_time=${SOAK_BOOT:-120}
out=build/soak.out
start=$(date +%s)
round=0
cuts=0
fuzz_boots=0
fuzz_seed=100000
mkdir -p build

# Runs the command "$@"; on failure shows its output and stops the soak.
must() {
    if ! "$@" > "$out" 2>&1; then
        tail -n 40 "$out"
        echo "soak: FAILED after $(( $(date +%s) - start )) s: $*"
        exit 1
    fi
}

left() {
    echo $(( limit - ($(date +%s) - start) ))
}

while [ "$(left)" -gt 0 ]; do
    round=$((round + 1))
    t=$(left)
    [ "$t" -gt "$boot_time" ] && t=$boot_time
    must ./hwan run --mem 20 --swap 32 --timeout $((t + 180)) -- "soak $t $round"
    sed -n 's/^(soak) //p' "$out"
    [ "$(left)" -gt 0 ] || break
    must tests/powercut.py --cuts 10 --seed $((1000 + round))
    tail -n 1 "$out"
    cuts=$((cuts + 10))
    [ "$(left)" -gt 0 ] || break
    must ./hwan run --cpu max --mem 16 --swap 16 --timeout 600 -- "sc-fuzz $fuzz_seed 100 2000"
    sed -n 's/^(sc-fuzz) seeds/fuzz: seeds/p' "$out"
    fuzz_seed=$((fuzz_seed + 100))
    fuzz_boots=$((fuzz_boots + 1))
done
echo "soak: passed: $round soak boots, $cuts power cuts, $fuzz_boots fuzzer boots" \
    "(seeds 100000..$((fuzz_seed - 1))), in $(( $(date +%s) - start )) s"
