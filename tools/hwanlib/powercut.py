"""Judging a run that ended in a power cut (`hwan run --power-cut SECONDS`).

QEMU is killed (SIGKILL) SECONDS after the kernel starts the program, in the
middle of whatever the disk was doing. Afterwards the file system must be
repairable without questions, and every file the program reported as synced
must read back byte for byte:

1. `e2fsck -fp` (preen: fix what is safe, never ask) exits 0 (clean) or 1
   (repaired); anything else means it would have needed a person.
2. `e2fsck -fn` then finds the file system clean.
3. Each transcript line `synced: NAME SIZE CRC32` (printed by the program
   after its `sync` returned 0) names a file (in the root folder) whose size
   and CRC-32 (zlib's) must be those of the file in the image, copied out
   with `debugfs -R 'rdump / FOLDER'`.  A last line that the cut stopped
   in the middle (no line end) is no report: `synced: k036 21904 31` may be
   the start of `synced: k036 21904 3141592653`.

The same checks apply when the program finished before the cut came.
"""

import os
import re
import subprocess
import tempfile
import zlib

from . import disks, verdict

SYNCED_LINE = re.compile(r"synced: (?P<name>\S+) (?P<size>\d+) (?P<crc>\d+)")
PREEN_OK = (0, 1)       # e2fsck -p: clean, or errors corrected


def judge(result, image):
    """Return the verdict.Verdict of the cut run RESULT on the disk IMAGE."""
    if verdict.panic_message(result.lines):
        return verdict.Verdict(verdict.EXIT_PANIC, "kernel panic before the power cut: "
                               + verdict.panic_message(result.lines))
    status, report = _run(["e2fsck", "-fp", image])
    if status not in PREEN_OK:
        return verdict.Verdict(verdict.EXIT_UNCLEAN_FS, f"e2fsck -p could not repair the "
                               f"image alone (exit {status}): " + " / ".join(report[-4:]))
    status, report = _run(["e2fsck", "-fn", image])
    if status != 0:
        return verdict.Verdict(verdict.EXIT_UNCLEAN_FS, "still unclean after e2fsck -p: "
                               + " / ".join(report[-4:]))
    finished = result.lines[:-1] if result.last_line_unfinished else result.lines
    synced = [m for m in map(SYNCED_LINE.fullmatch, finished) if m]
    with tempfile.TemporaryDirectory(prefix="hwan-cut-") as folder:
        _run(["debugfs", "-R", f"rdump / {folder}", image])   # every file, at once
        for match in synced:
            problem = _check_file(os.path.join(folder, match["name"]), int(match["size"]),
                                  int(match["crc"]))
            if problem:
                return verdict.Verdict(verdict.EXIT_FAILURE,
                                       f"synced file {match['name']}: {problem}")
    how = "cut" if result.cut else "no cut: the program ended first"
    print(f"power cut: {how}; e2fsck -p fixed it alone; "
          f"{len(synced)} synced files read back intact", flush=True)
    return verdict.Verdict(verdict.EXIT_PASS)


def _check_file(path, size, crc):
    """Return what is wrong with the file at PATH (copied out of the image),
    or "" if its size and CRC-32 are SIZE and CRC."""
    if not os.path.isfile(path):
        return "missing from the disk"
    with open(path, "rb") as file:
        data = file.read()
    if len(data) != size:
        return f"{len(data)} bytes on the disk, {size} written"
    if zlib.crc32(data) != crc:
        return "its bytes differ from those written (CRC-32)"
    return ""


def _run(command):
    """Run the e2fsprogs COMMAND; return (exit status, output lines)."""
    command = [disks.find_tool(command[0]), *command[1:]]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    return done.returncode, done.stdout.decode("utf-8", errors="replace").splitlines()
