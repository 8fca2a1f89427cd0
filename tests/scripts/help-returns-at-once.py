#!/usr/bin/env python3
"""`./hwan run -- -h` prints the kernel's help and powers off at once, instead
of waiting in the monitor until the runner's time-out."""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 20      # seconds; the run itself takes about one


def main():
    """Run the help and check its status, its time and its lines."""
    started = time.monotonic()
    done = subprocess.run([os.path.join(ROOT, "hwan"), "run", "--", "-h"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=LIMIT + 30, check=False)
    took = time.monotonic() - started
    lines = done.stdout.splitlines()
    problems = []
    if done.returncode != 0:
        problems.append(f"exit status {done.returncode}: {done.stderr.strip()}")
    if took > LIMIT:
        problems.append(f"took {took:.1f} s")
    for line in ("usage: [OPTION]... [ACTION]...", "Power off: success"):
        if line not in lines:
            problems.append(f"no line '{line}'")
    for problem in problems:
        print(f"help-returns-at-once: {problem}")
    print(done.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
