#!/usr/bin/env python3
"""`make mine MINE=folder` (what `make run` does first) builds a student's
programs with warnings but without -Werror: a program with unused arguments
builds (with a warning) and runs; a file with an error reports it, by file
and line, without keeping the others from building or make from succeeding;
a file that stops building loses its old binary."""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOOD = '#include "stdio.h"\nint main(int argc, char **argv) { printf("good\\n"); return 0; }\n'
BAD = "int main(void) { return nope; }\n"


def make_mine(folder, out):
    """Run `make mine` for FOLDER into OUT; return (status, output)."""
    done = subprocess.run(["make", "--no-print-directory", "mine", f"MINE={folder}",
                           f"MINE_OUT={out}"], cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False)
    return done.returncode, done.stdout


def main():
    """Build a good and a bad file, then make the good one bad."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="hwan-mine-") as folder:
        out = os.path.join(folder, "out")
        for name, text in (("good.c", GOOD), ("bad.c", BAD)):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
                file.write(text)
        status, said = make_mine(folder, out)
        if status != 0:
            problems.append(f"make mine exited {status}")
        for want in ("bad.c:1:25: error", "good.c:2:14: warning: unused parameter"):
            if want not in said:
                problems.append(f"no '{want}' in make's output")
        if os.path.exists(os.path.join(out, "bad")) or not os.path.exists(os.path.join(out, "good")):
            problems.append("want good built and bad not")
        run = subprocess.run([os.path.join(ROOT, "hwan"), "run", "--put",
                              os.path.join(out, "good"), "--", "good"], cwd=ROOT,
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
        if run.returncode != 0 or "good" not in run.stdout.splitlines():
            problems.append("the good program did not run")
        with open(os.path.join(folder, "good.c"), "a", encoding="utf-8") as file:
            file.write("this is not C\n")
        make_mine(folder, out)
        if os.path.exists(os.path.join(out, "good")):
            problems.append("a program that stopped building kept its old binary")
    for problem in problems:
        print(f"mine-builds: {problem}")
    print(said)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
