#!/usr/bin/env python3
"""`make run MEM=16 SWAP=64 PUT=FILE` driven through tmux: the one-line
summary; the PUT file on the disk; a background job while other commands
run (`&`, `jobs`, `kill %N`, `wait`); Ctrl-C of a looping program, after
which the shell prints its prompt; Ctrl-C at the prompt; a line too long;
`halt`.  The job that ends by itself is started just before `wait`, so
that its lines come in a known order; it runs about a second, long enough
that `wait` is typed before it ends even on a loaded host (a job of 0.2 s
once ended first).  The transcript from `Executing 'sh':` on must be exactly the
expected one."""

import os
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxrun import Terminal, compare  # noqa: E402 (needs the path above)

LONG = "echo " + "x" * 300

EXPECTED = [
    "Executing 'sh':",
    "$ cat note.txt",
    "a note from the host",
    "cat: exit(0)",
    "$ spin &",
    "~ \\[1\\] \\d+",
    "$ echo hi",
    "hi",
    "echo: exit(0)",
    "$ jobs",
    "[1] running  spin &",
    "$ spin",
    "spin: exit(-1)",
    "$ ^C",
    "$ " + LONG[:255],
    "sh: line too long (more than 255 characters); not run",
    "$ kill %1",
    "spin: exit(-1)",
    "[1] done  spin &",
    "$ spin 1000 &",
    "~ \\[1\\] \\d+",
    "$ wait",
    "spin: done",
    "spin: exit(0)",
    "[1] done  spin 1000 &",
    "$ halt",
    "Power off: success",
    "[command ended]",
]


def session(term):
    """Type the commands, each after the prompt (or the line) it waits for."""
    term.wait_for(r"hwan: 16 MiB RAM, 64 MiB swap, a fresh disk with \d+ files "
                  r"\(gone after the run\); .*", timeout=120)
    term.prompt(60)
    for command in ("cat note.txt", "spin &", "echo hi", "jobs"):
        term.type(command)
        term.prompt()
    term.type("spin")
    term.wait_for(r"\$ spin")
    time.sleep(1)           # as a person would: the program is running by now
    term.key("C-c")
    term.wait_for(r"spin: exit\(-1\)")
    term.prompt()
    term.key("C-c")
    term.wait_for(r"\$ \^C")
    term.prompt()
    for command in (LONG, "kill %1", "spin 1000 &", "wait", "halt"):
        term.type(command)
        if command != "halt":
            term.prompt()
    term.wait_for(r"\[command ended\]", timeout=60)


def main():
    """Run the session; compare its transcript with EXPECTED."""
    with tempfile.TemporaryDirectory(prefix="hwan-make-run-") as folder:
        note = os.path.join(folder, "note.txt")
        with open(note, "w", encoding="utf-8") as file:
            file.write("a note from the host\n")
        term = Terminal(f"make --no-print-directory run MEM=16 SWAP=64 PUT='{note}'")
        try:
            session(term)
            lines = term.lines()
        except TimeoutError as error:
            print(f"make-run-jobs: {error}")
            return 1
        finally:
            term.close()
    start = lines.index("Executing 'sh':")
    actual = [line for line in lines[start:] if line]
    problems = compare(EXPECTED, actual)
    for problem in problems:
        print(f"make-run-jobs: {problem}")
    print("\n".join(lines).rstrip())
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
