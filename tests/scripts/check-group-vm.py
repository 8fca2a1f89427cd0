#!/usr/bin/env python3
"""`make check CHECK_ARGS=vm` runs every virtual-memory test: the vm/, swap/,
cow/ and mmap/ groups and the host VM tests, and nothing else (it once ran
only the tests with "vm" in their name, missing swap, cow and mmap)."""

import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True


def main():
    """Choose the tests for `vm` as check.py does and look at their names."""
    spec = importlib.util.spec_from_file_location("check", os.path.join(ROOT, "tests", "check.py"))
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    names = [test.name for test in check.select(check.discover(), ["vm"])]
    problems = []
    for group in ("vm/", "swap/", "cow/", "mmap/"):
        on_disk = {f"{group}{name[:-4]}" for name in os.listdir(os.path.join(ROOT, "tests",
                                                                             "cases", group))
                   if name.endswith(".exp")}
        if not on_disk or not on_disk <= set(names):
            problems.append(f"not every {group} test is chosen")
    strays = [name for name in names if not name.startswith(check.GROUPS["vm"])]
    if strays:
        problems.append(f"chosen but not VM tests: {strays}")
    for problem in problems:
        print(f"check-group-vm: {problem}")
    print(f"{len(names)} tests chosen")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
