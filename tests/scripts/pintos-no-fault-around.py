#!/usr/bin/env python3
"""Through the Pintos front end, a mapped file comes in one page per touch,
as Pintos's vm/lazy-file expects: after the program touches page 0 of a
mapping of small.txt (3 pages), get_phys_addr (int 0x42) must say pages 1
and 2 are not loaded.  hwan's file read-ahead and fault-around (a fault maps
the cached pages around it) brought them in with page 0, so lazy-file failed
at its first "check if page is not loaded"; the front end now boots the
kernel with -no-readahead.  Run with lazy-file's settings (tests/vm/Make.tests:
-T 600, -m 20, --swap-disk=4)."""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PINTOS = os.path.join(ROOT, "tools", "pintos")
WANT = ["(mmap-lazy-pages) begin",
        "(mmap-lazy-pages) open \"lazy.txt\"",
        "(mmap-lazy-pages) mmap 3 pages",
        "(mmap-lazy-pages) touched 3 pages one by one: each came in at its touch",
        "(mmap-lazy-pages) end",
        "mmap-lazy-pages: exit(0)"]


def main():
    """One run of user/tests/mmap-lazy-pages on a 10,016-byte file."""
    with tempfile.TemporaryDirectory(prefix="hwan-pintos-") as folder:
        with open(os.path.join(folder, "lazy.txt"), "w") as f:
            f.write("".join(f"line {i:05d} of a file of three pages\n" for i in range(256))[:10015]
                    + "\n")
        program = os.path.join(ROOT, "build", "user", "mmap-lazy-pages")
        command = [PINTOS, "-v", "-k", "-T", "600", "-m", "20", "--fs-disk=10",
                   "-p", f"{program}:mmap-lazy-pages", "-p", "lazy.txt:lazy.txt",
                   "--swap-disk=4", "--", "-q", "-f", "run", "mmap-lazy-pages"]
        done = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=700, check=False)
    lines = done.stdout.splitlines()
    try:
        start = lines.index("Executing 'mmap-lazy-pages':") + 1
        got = lines[start:lines.index("Execution of 'mmap-lazy-pages' complete.", start)]
    except ValueError:
        got = lines
    if got != WANT or done.stderr:
        print("pintos-no-fault-around: want\n  " + "\n  ".join(WANT) + "\ngot\n  "
              + "\n  ".join(got) + ("\nstderr:\n" + done.stderr if done.stderr else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
