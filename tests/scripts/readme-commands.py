#!/usr/bin/env python3
"""The README's one-shot commands work as written: every `./hwan run ...` and
`tools/pintos ...` line in its code blocks (not the interactive `make run`,
`make gdb` or benchmarks) is run through the shell, in a folder that looks like
the repository root and holds a notes.txt, and must exit 0 within a minute."""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMAND = re.compile(r"(\./hwan run |tools/pintos ).*")


def readme_commands():
    """Return the runnable lines of the README's code blocks, comments cut."""
    commands, in_block = [], False
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as file:
        for line in file:
            if line.startswith("```"):
                in_block = not in_block
            elif in_block and COMMAND.fullmatch(line.strip()):
                commands.append(re.sub(r"\s+# .*$", "", line.strip()))
    return commands


def main():
    """Run each command; report the ones that fail."""
    commands = readme_commands()
    problems = [] if len(commands) >= 8 else [f"only {len(commands)} commands found"]
    with tempfile.TemporaryDirectory(prefix="hwan-readme-") as folder:
        for name in ("hwan", "tools", "build", "tests"):
            os.symlink(os.path.join(ROOT, name), os.path.join(folder, name))
        with open(os.path.join(folder, "notes.txt"), "w", encoding="utf-8") as file:
            file.write("notes\n")
        for command in commands:
            try:
                done = subprocess.run(["sh", "-c", command], cwd=folder, stdin=subprocess.DEVNULL,
                                      capture_output=True, text=True, timeout=60, check=False)
                status = done.returncode
            except subprocess.TimeoutExpired:
                status = "time-out"
            print(f"{status}: {command}")
            if status != 0:
                problems.append(f"'{command}' ended with {status}")
    for problem in problems:
        print(f"readme-commands: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
