#!/usr/bin/env python3
"""The Pintos-compatible front end, called as Pintos-KAIST's test makefiles call
`pintos` (from another folder, with -v -k -T -m --fs-disk --swap-disk -p ... --
-q -f run 'CMD'), prints the four lines Pintos's checkers look for, with real
values: `Pintos booting with N kB RAM...` where N is the RAM the kernel found
(a little under -m MB), `Boot complete.` before the run, and `Timer: N ticks`
(more than 0) and `Powering off...` after it.  The old form -p FILE -a NAME and
-g NAME -a FILE works through `./hwan pintos`."""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USER = os.path.join(ROOT, "build", "user")
MEM_MB = 20


def pintos(command, folder):
    """Run COMMAND in FOLDER as the test makefiles do; return its stdout lines."""
    done = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=150, check=False)
    if done.returncode != 0:
        raise SystemExit(f"pintos-front-end: exit {done.returncode}: {done.stderr}")
    return done.stdout.splitlines()


def check_lines(lines):
    """Return the problems with the Pintos lines among LINES."""
    problems = []
    booting = [m for m in map(re.compile(r"Pintos booting with ([\d,]+) kB RAM\.\.\.").fullmatch,
                              lines) if m]
    ticks = [m for m in map(re.compile(r"Timer: (\d+) ticks").fullmatch, lines) if m]
    if len(booting) != 1 or not 0 < MEM_MB * 1024 - int(booting[0][1].replace(",", "")) < 1024:
        problems.append(f"want one booting line with a little under {MEM_MB * 1024} kB")
    if len(ticks) != 1 or int(ticks[0][1]) <= 0:
        problems.append("want one 'Timer: N ticks' line with N > 0")
    order = ["Boot complete.", "Executing 'args one two':", "(args) argv[2] = 'two'",
             "args: exit(0)", "Execution of 'args one two' complete.", "Powering off..."]
    found = [lines.index(line) if line in lines else -1 for line in order]
    if -1 in found or found != sorted(found):
        problems.append(f"want these lines in this order: {order}")
    return problems


def main():
    """Two runs, the KAIST form and the old form; check what they print and get."""
    with tempfile.TemporaryDirectory(prefix="hwan-pintos-") as folder:
        os.mkdir(os.path.join(folder, "tests"))
        for name in ("args", "cat"):
            os.link(os.path.join(USER, name), os.path.join(folder, "tests", name))
        lines = pintos([os.path.join(ROOT, "tools", "pintos"), "-v", "-k", "-T", "60",
                        "-m", str(MEM_MB), "--fs-disk=10", "-p", "tests/args:args",
                        "--swap-disk=4", "--", "-q", "-f", "run", "args one two"], folder)
        problems = check_lines(lines)
        with open(os.path.join(folder, "note.txt"), "w", encoding="utf-8") as file:
            file.write("kept\n")
        more = pintos([os.path.join(ROOT, "hwan"), "pintos", "-v", "-k", "-T", "60",
                       "--qemu", "--filesys-size=2", "-p", "tests/cat", "-a", "cat", "-p",
                       "note.txt", "-a", "note.txt", "-g", "note.txt", "-a", "back.txt",
                       "--", "-q", "-f", "run", "cat note.txt"], folder)
        if "kept" not in more:
            problems.append("the old form did not cat note.txt")
        if not os.path.exists(os.path.join(folder, "back.txt")):
            problems.append("-g did not get note.txt back")
    for problem in problems:
        print(f"pintos-front-end: {problem}")
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
