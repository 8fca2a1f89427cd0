"""A Pintos-compatible front end: `tools/pintos` (or `./hwan pintos`) takes the
command line of Pintos's `pintos` script and boots hwan with `hwan run`.

    pintos [OPTION]... -- [KERNEL OPTION]... [ACTION]...

What the Pintos-KAIST test makefiles pass is understood: -v, -k, -T SECONDS,
-m MB, --fs-disk=MB|FILE, --swap-disk=MB, -p HOST[:GUEST] (with -a GUEST),
-g GUEST[:HOST] (with -a HOST), --qemu, --gdb; the kernel options -q, -f,
-rs=N, -ul=N and the action run 'CMD'.  The kernel gets -pintos, so that it
prints the lines Pintos's checkers look for (Pintos booting..., Boot
complete., Timer: N ticks, Powering off...), and -no-readahead, so that a
mapped file comes in one page per touch (vm/lazy-file).  The transcript goes to stdout;
hwan's verdict, if the run did not pass, to stderr.  As Pintos's script does,
the exit status is 0 whenever the kernel ran (the checker judges the output);
5 for a command line or setup that cannot run.  docs/pintos.md tells how a
Pintos tests tree runs its `make check` with it.
"""

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from . import cli, disks, verdict

IGNORED_FLAGS = ("-v", "--no-vga", "-k", "--kill-on-failure", "--qemu", "--bochs",
                 "-r", "--realtime", "-s", "--no-serial", "-t", "--terminal",
                 "--console", "--vga")
IGNORED_WITH_VALUE = ("-j", "--jitter", "-l", "--loader", "--kernel")
DROPPED_KERNEL_WORDS = ("-f", "-threads-tests", "-mlfqs")   # the disk is made fresh anyway
KERNEL_DISK_OPTIONS = {"-filesys=": "-fs=", "-scratch=": "-scratch=", "-swap=": "-swap="}


class PintosUsage(Exception):
    """The command line cannot be run."""


@dataclass
class Request:
    """What the Pintos command line asks for."""
    timeout: str | None = None
    mem: str | None = None
    fs_disk: str | None = None      # MB, or a file that lasts
    swap_mb: str | None = None
    gdb: bool = False
    puts: list[list[str]] = field(default_factory=list)   # [host, guest]
    gets: list[list[str]] = field(default_factory=list)   # [guest, host]
    last: list[str] | None = None   # the -p or -g item that -a renames
    kernel_words: list[str] = field(default_factory=list)
    format: bool = False            # the kernel option -f: a fresh file system


def parse(argv):
    """Return the Request that the pintos command line ARGV makes."""
    request = Request()
    words = iter(argv)
    for word in words:
        if word == "--":
            rest = list(words)
            request.format = "-f" in rest
            request.kernel_words = kernel_words(rest)
            return request
        option(request, word, words)
    return request


def option(request, word, words):
    """Take the option WORD (and its value from WORDS, if it has one)."""
    name, eq, value = word.partition("=")
    if word in IGNORED_FLAGS or name in IGNORED_WITH_VALUE:
        if name in IGNORED_WITH_VALUE and not eq:
            next(words, None)
        return
    takes = {"-T": "timeout", "--timeout": "timeout", "-m": "mem", "--mem": "mem",
             "--fs-disk": "fs_disk", "--filesys-size": "fs_disk",
             "--swap-disk": "swap_mb", "--swap-size": "swap_mb"}
    if name in takes or name in ("-p", "--put-file", "-g", "--get-file", "-a", "--as"):
        value = value if eq else next(words, None)
        if value is None:
            raise PintosUsage(f"{name} needs a value")
    if name in takes:
        setattr(request, takes[name], value)
    elif name in ("-p", "--put-file"):
        host, _, guest = value.partition(":")
        request.last = [host, guest or os.path.basename(host)]
        request.puts.append(request.last)
    elif name in ("-g", "--get-file"):
        guest, _, host = value.partition(":")
        request.last = [guest, host or os.path.basename(guest)]
        request.gets.append(request.last)
    elif name in ("-a", "--as"):
        if request.last is None:
            raise PintosUsage("-a names the file of a -p or -g before it")
        request.last[1] = value        # the guest name of -p, the host name of -g
    elif word == "--gdb":
        request.gdb = True
    elif word in ("-h", "--help"):
        raise PintosUsage(__doc__.strip())
    else:
        raise PintosUsage(f"unknown option {word}")


def kernel_words(words):
    """Return the kernel command line for hwan: -pintos and -no-readahead,
    then Pintos's options translated (-f and the thread-test options dropped,
    disk options renamed), then the actions, of which hwan has `run`.
    -no-readahead: a mapped file comes in one page per touch, as vm/lazy-file
    checks with get_phys_addr (fault-around maps the cached pages around a
    fault, and read-ahead caches them)."""
    result = ["-pintos", "-no-readahead"]
    i = 0
    while i < len(words) and words[i].startswith("-"):
        word = words[i]
        i += 1
        if word in DROPPED_KERNEL_WORDS or word.startswith("-rs="):
            continue
        for pintos_name, hwan_name in KERNEL_DISK_OPTIONS.items():
            if word.startswith(pintos_name):
                word = hwan_name + word[len(pintos_name):]
        result.append(word)
    for j in range(i, len(words)):
        if words[j] != "run" and (j == i or words[j - 1] != "run"):
            raise PintosUsage(f"the action '{words[j]}' is not supported (only run 'CMD')")
    return result + words[i:]


def hwan_command(request, kept):
    """Return the `hwan run` argument list for REQUEST; KEPT is where the
    file-system image is kept for -g (or None)."""
    command = ["run", "--timeout", request.timeout or "60"]
    if request.mem:
        command += ["--mem", request.mem]
    if request.fs_disk and request.fs_disk.isdigit():
        command += ["--fs-size", request.fs_disk]
    elif request.fs_disk:
        command += ["--disk", request.fs_disk]
    command.append("--no-lost-found")   # tar of filesys/extended/*-persistence lists /
    if request.swap_mb:
        command += ["--swap", request.swap_mb]
    if request.gdb:
        command.append("--gdb")
    command += [f"--put={host}:{guest}" for host, guest in request.puts]
    if kept:
        command.append(f"--keep-disk={kept}")
    return command + ["--", *request.kernel_words]


def fresh_lasting_disk(request):
    """With -f and a disk FILE (--fs-disk=FILE), start that file afresh."""
    if request.format and request.fs_disk and not request.fs_disk.isdigit():
        if os.path.exists(request.fs_disk):
            os.remove(request.fs_disk)


def get_files(request, image):
    """Copy each -g file out of IMAGE; return the problems as messages."""
    problems = []
    for guest, host in request.gets:
        done = subprocess.run([disks.find_tool("debugfs"), "-R", f"dump /{guest} {host}", image],
                              stdin=subprocess.DEVNULL, capture_output=True, check=False)
        if done.returncode != 0 or not os.path.exists(host):
            problems.append(f"pintos: -g {guest}: not found on the disk")
    return problems


def main(argv):
    """Run the pintos command line ARGV; return the exit status."""
    try:
        request = parse(argv)
        fresh_lasting_disk(request)
    except PintosUsage as error:
        print(error, file=sys.stderr)
        return verdict.EXIT_SETUP
    with tempfile.TemporaryDirectory(prefix="hwan-pintos-") as folder:
        kept = os.path.join(folder, "fs.img") if request.gets else None
        status = cli.main(hwan_command(request, kept))
        if status == verdict.EXIT_SETUP:
            return status
        if status == verdict.EXIT_TIMEOUT:
            print(f"TIMEOUT after {request.timeout or 60} seconds of wall-clock time", flush=True)
        for problem in get_files(request, kept) if kept else []:
            print(problem, file=sys.stderr)
    return 0
