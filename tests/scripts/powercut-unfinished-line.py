#!/usr/bin/env python3
"""A power cut that lands while the kernel prints a `synced:` line leaves the
line unfinished, and the judge took it as a report: `tests/powercut.py
--seed 2` once ended its transcript in `synced: k036 17362 4517`, where the
whole line is `synced: k036 17362 451765396`, and failed with "its bytes
differ from those written" for an intact file.  `pcut-line` writes a report
of a file that does not exist and spins until the cut: with its line end
the run must fail ("missing from the disk"), without it it must pass."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HWAN = os.path.join(ROOT, "hwan")


def cut_run(how):
    """Boot `pcut-line HOW`, cut the power after a second; return (status, output)."""
    command = [HWAN, "run", "--timeout", "60", "--power-cut", "1", "--", f"pcut-line {how}"]
    done = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)
    return done.returncode, done.stdout


def main():
    """Both runs; return 0 if each ended as it should."""
    problems = []
    status, output = cut_run("whole")
    if status == 0 or "synced file absent: missing from the disk" not in output:
        problems.append(f"a whole report of a missing file did not fail the run "
                        f"(exit {status}):\n{output}")
    status, output = cut_run("part")
    if status != 0 or "0 synced files read back intact" not in output:
        problems.append(f"an unfinished last line counted as a report (exit {status}):\n"
                        f"{output}")
    for problem in problems:
        print(f"powercut-unfinished-line: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
