#!/usr/bin/env python3
"""`./hwan run` backs guest RAM as `--ram` says.  By default (`prealloc`) QEMU
fills in all of it, as 4 KiB pages of one memfd, before the guest starts: while
a program runs, QEMU's shared resident memory is at least the guest's RAM.  With
`--ram lazy` QEMU's default anonymous memory is used, no memfd at all.  Both
boots run their program to the end."""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEM_MB = 64
SPIN = "spin 1500"     # a few seconds of work: time to look at QEMU meanwhile
LIMIT = 120            # seconds per boot


def children(pid):
    """Return the pids whose parent is PID."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as file:
                stat = file.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(name))
    return found


def qemu_memory(runner_pid):
    """Return the status fields RssShmem and RssAnon (kB) of the QEMU under
    RUNNER_PID, or None while there is none yet."""
    for pid in children(runner_pid):
        try:
            with open(f"/proc/{pid}/comm", encoding="utf-8") as file:
                if not file.read().startswith("qemu-system"):
                    continue
            with open(f"/proc/{pid}/status", encoding="utf-8") as file:
                fields = dict(line.split(":", 1) for line in file if ":" in line)
            return {key: int(fields[key].split()[0]) for key in ("RssShmem", "RssAnon")}
        except (OSError, KeyError, ValueError):
            continue
    return None


def boot(ram):
    """Boot with --ram RAM running SPIN; return (memory seen, stdout, status)."""
    command = [os.path.join(ROOT, "hwan"), "run", "--mem", str(MEM_MB), "--ram", ram,
               "--timeout", str(LIMIT), "--put", os.path.join(ROOT, "build/user/spin"),
               "--", "-q", "run", SPIN]
    runner = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = None
    while runner.poll() is None:
        memory = qemu_memory(runner.pid)
        if memory is not None:
            seen = memory      # the last look before QEMU ends
        time.sleep(0.05)
    return seen, runner.stdout.read(), runner.returncode


def main():
    """Both backings: check what QEMU held and that the program ran."""
    problems = []
    for ram in ("prealloc", "lazy"):
        seen, out, status = boot(ram)
        print(f"--ram {ram}: QEMU's memory {seen}\n{out}")
        if status != 0 or "spin: done" not in out.splitlines():
            problems.append(f"--ram {ram}: exit status {status}, or no 'spin: done'")
        if seen is None:
            problems.append(f"--ram {ram}: never saw QEMU running")
        elif ram == "prealloc" and seen["RssShmem"] < MEM_MB * 1024:
            problems.append(f"--ram prealloc: {seen['RssShmem']} kB of shared memory "
                            f"resident, less than the guest's {MEM_MB} MiB")
        elif ram == "lazy" and seen["RssShmem"] >= MEM_MB * 1024:
            problems.append(f"--ram lazy: {seen['RssShmem']} kB of shared memory resident")
    for problem in problems:
        print(f"ram-backing: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
