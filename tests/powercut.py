#!/usr/bin/env python3
"""Power cuts: run the file-writing workload `pcut` and cut the power at
random moments, again and again.

    tests/powercut.py [--cuts N] [--seed S] [--max-delay SECONDS]

Cut I boots `./hwan run --fs-size 16 --power-cut T -- 'pcut SEED+I'` with a
delay T drawn (from --seed) between 0 and --max-delay seconds after the
program starts; `hwan run` then requires that `e2fsck -p` repairs the image
without questions and that every file `pcut` reported as synced reads back
byte for byte (tools/hwanlib/powercut.py).  Prints one line per cut and a
summary; exits 1 at the first cut that fails (its output is printed).
`make check` runs two of these with 12 cuts each; `make soak` runs more.
"""

import argparse
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HWAN = os.path.join(ROOT, "hwan")


def one_cut(seed, delay):
    """Boot once with the workload seeded SEED and cut it after DELAY seconds;
    return (hwan's exit status, its output)."""
    command = [HWAN, "run", "--mem", "16", "--fs-size", "16", "--timeout", "60",
               "--power-cut", f"{delay:.3f}", "--", f"pcut {seed}"]
    done = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return done.returncode, done.stdout.decode("utf-8", errors="replace")


def main(argv):
    """Run the cuts that ARGV asks for; return the exit status."""
    parser = argparse.ArgumentParser(prog="tests/powercut.py", description=__doc__.split("\n")[0])
    parser.add_argument("--cuts", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=1.0)
    options = parser.parse_args(argv)
    chooser = random.Random(options.seed)
    started = time.monotonic()
    synced = 0
    for i in range(options.cuts):
        seed = options.seed * 1000 + i
        delay = chooser.uniform(0.0, options.max_delay)
        status, output = one_cut(seed, delay)
        files = sum(1 for line in output.splitlines() if line.startswith("synced: "))
        verdict = [line for line in output.splitlines() if line.startswith("power cut:")]
        print(f"cut {i + 1}: pcut {seed} cut after {delay:.3f} s: {files} files synced; "
              + (verdict[0] if verdict else f"FAILED (exit {status})"), flush=True)
        if status != 0:
            print(output[-4000:])
            return 1
        synced += files
    print(f"{options.cuts} power cuts survived, {synced} synced files verified "
          f"({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
