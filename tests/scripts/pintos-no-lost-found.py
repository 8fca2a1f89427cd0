#!/usr/bin/env python3
"""A file system the Pintos front end makes holds only the files put on it:
no /lost+found, which mke2fs adds and readdir lists.  Pintos's
filesys/extended/*-persistence checks archive the whole disk with its `tar`
program and fail on any name they did not expect, so lost+found failed them
all.  Checked for a fresh disk (--fs-disk=MB) and for a disk file that lasts
from one run to the next (--fs-disk=FILE with -f, then without), as the
persistence runs use it."""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PINTOS = os.path.join(ROOT, "tools", "pintos")


def listing(folder, disk, *more):
    """Run `ls /` through the front end in FOLDER with --fs-disk=DISK and MORE
    kernel words before `run`; return the lines between its Executing line
    and its exit line."""
    command = [PINTOS, "-v", "-k", "-T", "60", f"--fs-disk={disk}", "-p", "tests/ls:ls",
               "--", "-q", *more, "run", "ls /"]
    done = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=150, check=False)
    lines = done.stdout.splitlines()
    try:
        start = lines.index("Executing 'ls /':") + 1
        return lines[start:lines.index("ls: exit(0)", start)]
    except ValueError:
        raise SystemExit(f"pintos-no-lost-found: no run of ls in: {done.stdout}{done.stderr}")


def main():
    """Three runs: a fresh disk, a lasting disk made with -f, the same again."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="hwan-pintos-") as folder:
        os.mkdir(os.path.join(folder, "tests"))
        os.link(os.path.join(ROOT, "build", "user", "ls"), os.path.join(folder, "tests", "ls"))
        for what, disk, more in (("fresh disk", "10", ["-f"]),
                                 ("lasting disk, first run", "tmp.dsk", ["-f"]),
                                 ("lasting disk, second run", "tmp.dsk", [])):
            got = listing(folder, disk, *more)
            if got != ["ls"]:
                problems.append(f"{what}: / lists {got}, want ['ls']")
    for problem in problems:
        print(f"pintos-no-lost-found: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
