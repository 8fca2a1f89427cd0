#!/bin/sh
# The system-call fuzzer's long campaign (`make fuzz-syscalls`): boots the
# kernel again and again for FUZZ_TIME seconds (default 600), each boot
# running `sc-fuzz SEED WORKERS CALLS` with the next block of seeds, on a
# CPU with SMEP and SMAP, with little memory and a swap disk.  Every boot must
# pass: no panic, hang or leak, a clean disk (the runner checks both).  Stops
# at the first boot that fails and prints its command; at the end prints the
# seeds and the calls made.  FUZZ_SEED sets the first seed (default 1).
set -u
cd "$(dirname "$0")/../.."
time_limit=${FUZZ_TIME:-600}
seed=${FUZZ_SEED:-1}
workers=${FUZZ_WORKERS:-200}
calls=${FUZZ_CALLS:-3000}
first=$seed
total=0
boots=0
out=build/fuzz/syscalls.out
mkdir -p build/fuzz
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt "$time_limit" ]; do
    cmd="./hwan run --cpu max --mem 16 --swap 16 --timeout 600 -- 'sc-fuzz $seed $workers $calls'"
    if ! sh -c "$cmd" > "$out" 2>&1; then
        tail -n 30 "$out"
        echo "fuzz-syscalls: boot failed (output in $out): $cmd"
        exit 1
    fi
    made=$(sed -n 's/^(sc-fuzz) seeds .*: [0-9]* workers, \([0-9]*\) calls.*/\1/p' "$out")
    total=$((total + ${made:-0}))
    boots=$((boots + 1))
    seed=$((seed + workers))
done
echo "fuzz-syscalls: $boots boots, seeds $first..$((seed - 1)), $total calls, no failure"
