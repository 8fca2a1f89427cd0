"""Deciding how a boot went, from QEMU's exit status and the serial transcript.

The kernel ends a run by printing `Power off: success|failure|panic` and writing
to the isa-debug-exit port, which makes QEMU exit with 33, 35 or 37. If that
device is missing the kernel powers off through ACPI and QEMU exits 0; then the
`Power off:` line decides. Exit 0 without that line means the machine reset
itself: a triple fault (QEMU runs with -no-reboot).

Before powering off, the kernel prints a line like
`Memory check: kernel pages +0, user pages +0, heap blocks +0` with the change
of each counter since boot. Any change other than 0 is a leak.

A run with a file-system disk that ends in a power-off is also judged by
`e2fsck -fn` on the image afterwards (cli.py does that): an inconsistent file
system turns any other verdict into EXIT_UNCLEAN_FS.
"""

import re
from dataclasses import dataclass

# The exit statuses of `hwan run`, and the names tests use for them.
EXIT_PASS = 0
EXIT_FAILURE = 1
EXIT_PANIC = 2
EXIT_RESET = 3
EXIT_TIMEOUT = 4
EXIT_SETUP = 5
EXIT_LEAK = 6
EXIT_UNCLEAN_FS = 7
EXIT_INTERRUPTED = 130

EXIT_NAMES = {
    EXIT_PASS: "pass",
    EXIT_FAILURE: "failure",
    EXIT_PANIC: "panic",
    EXIT_RESET: "triple-fault",
    EXIT_TIMEOUT: "timeout",
    EXIT_SETUP: "setup-error",
    EXIT_LEAK: "leak",
    EXIT_UNCLEAN_FS: "unclean-fs",
    EXIT_INTERRUPTED: "interrupted",
}

# QEMU's exit status for each value the kernel writes to port 0xf4.
POWER_OFF_BY_STATUS = {33: "success", 35: "failure", 37: "panic"}

POWER_OFF_LINE = re.compile(r"Power off: (success|failure|panic)")
PANIC_LINE = re.compile(r"Kernel PANIC at (?P<where>.*?) in (?P<func>\S+?)\(\): (?P<msg>.*)")
MEMORY_LINE = re.compile(r"Memory check: (?P<items>.*)")
MEMORY_ITEM = re.compile(r"(?P<name>\S.*?)\s+(?P<change>[+-]\d+)")
FAIL_LINE = re.compile(r"\([^()\s]+\) FAIL\b.*")
USER_QUIT = "QEMU: Terminated"     # what QEMU prints on Ctrl-A X


@dataclass
class Verdict:
    """The outcome of a run: an exit status and, unless it passed, why."""
    status: int
    reason: str = ""


def judge(result, timeout, interactive=False):
    """Return the Verdict for RESULT, a session.BootResult.

    TIMEOUT is the limit the run had, for the message. In INTERACTIVE mode,
    quitting with Ctrl-A X is a normal way to end and counts as a pass.
    """
    panic = panic_message(result.lines)
    if result.timed_out:
        return Verdict(EXIT_TIMEOUT, f"time-out after {_seconds(timeout)} s"
                       + (f" (after kernel panic: {panic})" if panic else ""))
    if interactive and quit_by_user(result):
        return Verdict(EXIT_PASS)
    power_off = power_off_status(result)
    if power_off is None:
        return _no_power_off(result, panic)
    if power_off == "panic":
        return Verdict(EXIT_PANIC, f"kernel panic: {panic or 'no PANIC line printed'}")
    if power_off == "failure":
        return Verdict(EXIT_FAILURE, _failure_reason(result.lines))
    return _after_success(result.lines)


def quit_by_user(result):
    """Return True if the person at the terminal quit QEMU (Ctrl-A X). QEMU
    then says so on the serial console, after whatever was there (a prompt)."""
    return result.status == 0 and bool(result.lines) and result.lines[-1].endswith(USER_QUIT)


def power_off_status(result):
    """Return "success", "failure" or "panic" as the kernel declared it, or None.

    The debug-exit status is what the kernel wrote to the port; when QEMU exits
    0 (ACPI power-off) the last `Power off:` line speaks instead.
    """
    if result.status in POWER_OFF_BY_STATUS:
        return POWER_OFF_BY_STATUS[result.status]
    if result.status == 0:
        declared = [m.group(1) for m in map(POWER_OFF_LINE.fullmatch, result.lines) if m]
        return declared[-1] if declared else None
    return None


def powered_off(result):
    """Return True if the kernel ended RESULT's run by powering off, with
    success or failure: then its disks are quiet and may be checked. Not after
    a panic, a reset or a time-out, where a write may have been cut short."""
    return not result.timed_out and power_off_status(result) in ("success", "failure")


def unclean_file_system(fsck_status):
    """The Verdict for a file system that `e2fsck -fn` (exit FSCK_STATUS)
    found inconsistent after the run."""
    return Verdict(EXIT_UNCLEAN_FS,
                   f"file system not clean after the run (e2fsck -fn exit {fsck_status})")


def _no_power_off(result, panic):
    """The Verdict when the kernel did not power off in one of the known ways."""
    if result.status == 0 and panic:
        return Verdict(EXIT_PANIC, f"kernel panic: {panic} (then the machine reset)")
    if result.status == 0:
        return Verdict(EXIT_RESET, "triple fault or unexpected reset")
    if result.status < 0:
        return Verdict(EXIT_SETUP, f"qemu was killed by signal {-result.status}")
    complaint = result.qemu_errors[-1] if result.qemu_errors else "no message"
    if result.status == 1:
        return Verdict(EXIT_SETUP, f"qemu failed: {complaint}")
    return Verdict(EXIT_FAILURE, f"unexpected qemu exit status {result.status}")


def _after_success(lines):
    """The Verdict when the kernel powered off with success: check for leaks
    and for tests that printed FAIL anyway."""
    failed = first_fail_line(lines)
    if failed:
        return Verdict(EXIT_FAILURE, f"test failed: {failed}")
    leaks = memory_leaks(lines)
    if leaks:
        return Verdict(EXIT_LEAK, "leak: " + ", ".join(leaks))
    return Verdict(EXIT_PASS)


def _failure_reason(lines):
    """Say why the kernel reported failure: its first FAIL line, or else the
    last thing it said before powering off."""
    said = first_fail_line(lines) or last_words(lines)
    return f"kernel reported failure: {said}" if said else "kernel reported failure"


def last_words(lines):
    """Return the last line the kernel printed before its power-off report
    (the `Memory check:` and `Power off:` lines), or None."""
    for line in reversed(lines):
        if line.strip() and not (POWER_OFF_LINE.fullmatch(line) or MEMORY_LINE.fullmatch(line)):
            return line
    return None


def first_fail_line(lines):
    """Return the first `(NAME) FAIL...` line of LINES, or None."""
    return next((line for line in lines if FAIL_LINE.fullmatch(line)), None)


def panic_message(lines):
    """Return the MESSAGE of the first `Kernel PANIC at ...: MESSAGE` line, or None."""
    for line in lines:
        match = PANIC_LINE.fullmatch(line)
        if match:
            return match.group("msg")
    return None


def memory_leaks(lines):
    """Return the leaks in the last `Memory check:` line, like ["kernel pages +2"].

    The line is a comma-separated list of `NAME +N` / `NAME -N` items. An item
    that does not read like that is reported too, so that a garbled line never
    passes for a clean one. No such line at all means nothing to report.
    """
    checks = [m.group("items") for m in map(MEMORY_LINE.fullmatch, lines) if m]
    if not checks:
        return []
    leaks = []
    for item in (item.strip() for item in checks[-1].split(",")):
        match = MEMORY_ITEM.fullmatch(item)
        if not match:
            leaks.append(f"unreadable memory check item '{item}'")
        elif int(match.group("change")) != 0:
            leaks.append(item)
    return leaks


def _seconds(value):
    """Return VALUE seconds as text: 5 rather than 5.0, but 2.5 as it is."""
    return f"{value:g}"
