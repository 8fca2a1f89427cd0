#!/usr/bin/env python3
"""`--disk PATH` (`make run DISK=PATH`) keeps the file system between runs: a
first run makes the image with its --put files and creates a folder in it;
a second run on the same image, given a new version of a file, sees the
folder and the new file, and e2fsck finds the image clean."""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HWAN = os.path.join(ROOT, "hwan")


def run(disk, puts, cmdline):
    """Boot once on DISK with the --put items PUTS running CMDLINE; return stdout."""
    command = [HWAN, "run", "--timeout", "60", "--disk", disk]
    command += [f"--put={item}" for item in puts] + ["--", cmdline]
    done = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"disk-lasts: {cmdline}: exit {done.returncode}\n"
                         f"{done.stdout}{done.stderr}")
    return done.stdout.splitlines()


def main():
    """Two runs on one image; check what the second sees."""
    with tempfile.TemporaryDirectory(prefix="hwan-disk-lasts-") as folder:
        disk = os.path.join(folder, "my.img")
        note = os.path.join(folder, "note.txt")
        with open(note, "w", encoding="utf-8") as file:
            file.write("first\n")
        ls, mkdir, cat = (os.path.join(ROOT, "build", "user", p) for p in ("ls", "mkdir", "cat"))
        run(disk, [mkdir, ls, cat, note], "mkdir kept")
        with open(note, "w", encoding="utf-8") as file:
            file.write("second\n")
        lines = run(disk, [note], "ls")
        lines += run(disk, [], "cat note.txt")
    problems = [f"no line '{want}'" for want in ("kept", "note.txt", "second")
                if want not in lines]
    for problem in problems:
        print(f"disk-lasts: {problem}")
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
