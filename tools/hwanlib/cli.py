"""The `hwan` command: boot the kernel once and say how it went.

    ./hwan run [options] -- WORDS...
    ./hwan view TRACE.jsonl -o PAGE.html [--png PICTURE.png]   (see view.py)

The story of one run: read the options, make the disk images in a temporary
folder, describe the machine, find QEMU, boot, show a symbolized call stack if
the kernel printed one, judge the transcript, check the file system with
e2fsck if the kernel powered off, keep the file-system image if asked, and
exit with the verdict's status (one `hwan: REASON` line on stderr if it is
not 0). New options add fields to qemu.Machine in make_machine() and lines to
qemu.qemu_command(); disk images are made in disks.py.
"""

import argparse
import math
import os
import shutil
import sys

from . import backtrace, disks, powercut, qemu, session, trace, verdict, view

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_KERNEL = os.path.join(ROOT, "build", "kernel.bin")
GDBINIT = os.path.join(ROOT, "tools", "gdbinit")
DEFAULT_TIMEOUT = 60
DEFAULT_CPU = "qemu64"
DEFAULT_GDB_PORT = 1234

EXIT_STATUSES = """\
exit status:
  0  the kernel powered off with success and reported no leak
  1  the kernel reported failure (or a test printed a FAIL line)
  2  kernel panic
  3  triple fault or unexpected reset
  4  time-out (QEMU is killed)
  5  usage or setup error (QEMU missing, no kernel image, ...)
  6  leak reported by the `Memory check:` line
  7  the file system was not clean after the kernel powered off (e2fsck -fn)
"""


class SetupError(Exception):
    """Something outside the kernel keeps the run from starting."""


class UsageError(SetupError):
    """The command line does not make sense."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports mistakes as a UsageError (exit status 5)
    instead of exiting with status 2."""

    def error(self, message):
        """Called by argparse on a bad command line."""
        raise UsageError(f"{message} (see ./hwan run --help)")


def build_parser():
    """Return the parser for the hwan command line."""
    parser = Parser(prog="hwan", description="Tools for the hwan kernel.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run", help="boot the kernel in QEMU once",
        description="Boot the kernel once in QEMU, stream its serial output, "
                    "and exit with a status that says how the run went.",
        epilog=EXIT_STATUSES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(run)
    view.add_view_command(commands)
    return parser


def add_run_options(run):
    """Declare the options of `hwan run`."""
    run.add_argument("--mem", type=_positive_int, default=32, metavar="MB",
                     help="memory size in MiB (default 32)")
    run.add_argument("--ram", choices=qemu.RAM_BACKINGS,
                     default=os.environ.get("HWAN_RAM") or qemu.DEFAULT_RAM,
                     help="how the host backs guest RAM: filled in before boot, so "
                          "a first write costs what any write costs, or QEMU's "
                          "default, backed by the host on first touch (default "
                          f"$HWAN_RAM, else {qemu.DEFAULT_RAM})")
    run.add_argument("--cpu", default=DEFAULT_CPU, metavar="MODEL",
                     help=f"QEMU CPU model (default {DEFAULT_CPU}; `max` or "
                          "`qemu64,+smep,+smap` have SMEP and SMAP)")
    run.add_argument("--timeout", type=_seconds, default=None, metavar="S",
                     help=f"time limit in seconds (default {DEFAULT_TIMEOUT}, "
                          "or none with --gdb; 0 = no limit)")
    run.add_argument("--kernel-args", default="", metavar="'WORDS'",
                     help="words for the kernel command line, before WORDS")
    run.add_argument("--kernel", default=DEFAULT_KERNEL, metavar="PATH",
                     help="kernel image (default build/kernel.bin; symbols are "
                          "read from the .elf file next to it)")
    run.add_argument("--transcript", metavar="FILE",
                     help="also write the serial transcript to FILE")
    run.add_argument("--trace", metavar="FILE",
                     help="boot with -trace (unless the kernel arguments already "
                          "have -trace=N) and write the kernel's trace of VM and "
                          "process events to FILE as JSON Lines (docs/trace.md)")
    run.add_argument("--trace-channel", choices=["virtio", "serial"], default="virtio",
                     help="how the trace reaches the host: a virtio console "
                          "(default, a page per transfer) or COM2 (a byte per "
                          "port write)")
    run.add_argument("--interactive", action="store_true",
                     help="connect this terminal to the serial port (Ctrl-A X quits)")
    run.add_argument("--gdb", action="store_true",
                     help="start halted and wait for gdb to attach")
    run.add_argument("--gdb-port", type=_positive_int, default=DEFAULT_GDB_PORT,
                     metavar="N", help=f"TCP port for gdb (default {DEFAULT_GDB_PORT})")
    run.add_argument("--no-debug-exit", action="store_true",
                     help="leave out the isa-debug-exit device: the kernel must "
                          "power off through ACPI")
    add_disk_options(run)
    run.add_argument("words", nargs="*", metavar="WORDS",
                     help="the kernel command line, after --")


def add_disk_options(run):
    """Declare the options of `hwan run` that attach disks and check them."""
    group = run.add_argument_group(
        "disks", "Each run gets fresh images in a temporary folder, removed afterwards: "
                 "the file-system disk is vda (hda with --disk-bus pio), swap vdb (hdb), "
                 "scratch vdc (hdc).")
    group.add_argument("--disk-bus", choices=qemu.DISK_INTERFACES, default=qemu.DEFAULT_DISK,
                       help="how the disks are attached: virtio-blk PCI devices or "
                            "IDE disks driven by ATA programmed I/O (default "
                            f"{qemu.DEFAULT_DISK})")
    group.add_argument("--put", action="append", default=[], type=_put_item,
                       metavar="HOSTPATH[:NAME]",
                       help="copy HOSTPATH into a fresh ext2 file system as NAME "
                            "(default: its base name; may hold folders, e.g. "
                            "data/big.bin); repeatable")
    group.add_argument("--fs-size", type=_positive_int, metavar="MB",
                       help="size of the fresh file system (default: twice the "
                            f"content plus {disks.SPARE_MB} MiB, at least {disks.MIN_FS_MB} "
                            "MiB); alone: an empty file system")
    group.add_argument("--fs-block-size", type=int, choices=disks.BLOCK_SIZES,
                       metavar="|".join(map(str, disks.BLOCK_SIZES)),
                       help="block size of the fresh file system (mke2fs -b)")
    group.add_argument("--fs-image", metavar="PATH",
                       help="attach a copy of this image instead (PATH is never changed)")
    group.add_argument("--disk", metavar="PATH",
                       help="use the image PATH in place, so that changes last: made "
                            "fresh (with the --put files) if missing, else repaired "
                            "if needed and given the --put files")
    group.add_argument("--no-lost-found", action="store_true",
                       help="make a new file system without /lost+found (a Pintos disk "
                            "holds only the files put on it)")
    group.add_argument("--swap", type=_positive_int, metavar="MB",
                       help="attach a zeroed swap disk of MB MiB")
    group.add_argument("--scratch", type=_positive_int, metavar="MB",
                       help="attach a zeroed scratch disk of MB MiB")
    group.add_argument("--disk-error", action="append", default=[], type=_fault_item,
                       metavar="DISK:OP[:WHERE][:once]",
                       help="make QEMU fail requests with an I/O error (blkdebug): DISK "
                            "fs, swap or scratch; OP read or write; WHERE every request "
                            "(default), a SECTOR, or @PATH[+N], block N of a file on the "
                            "fs disk; once: only the first; repeatable")
    group.add_argument("--power-cut", type=_seconds, metavar="S",
                       help="kill QEMU S seconds after the program starts (the `Executing` "
                            "line), like a power cut; then e2fsck -p must repair the disk "
                            "alone and every file the program printed as `synced: NAME "
                            "SIZE CRC32` must read back intact (see powercut.py)")
    group.add_argument("--keep-disk", metavar="PATH",
                       help="copy the file-system image to PATH after the run")
    group.add_argument("--no-fsck", action="store_true",
                       help="do not check the file system with e2fsck -fn after "
                            "the run (for deliberately corrupted images)")


def main(argv):
    """Run the hwan command line ARGV (without the program name); return the
    exit status."""
    if argv[:1] == ["pintos"]:
        from . import pintos          # the Pintos-compatible front end
        return pintos.main(argv[1:])
    parser = build_parser()
    try:
        options = parser.parse_args(_attach_option_values(argv))
        if options.command == "view":
            return view.run_view(options)
        if options.command != "run":
            parser.print_help(sys.stderr)
            raise UsageError("say what to do, for example: ./hwan run -- -q")
        return run(options)
    except (SetupError, disks.DiskError) as error:
        return _fail(verdict.EXIT_SETUP, str(error))
    except (KeyboardInterrupt, session.Interrupted):
        return _fail(verdict.EXIT_INTERRUPTED, "interrupted; QEMU was stopped")


KERNEL_ACTIONS = ("ktest", "run")
USER_PROGRAMS = os.path.join(ROOT, "build", "user")


def expand_command_line(options):
    """If the words after `--` are a user command line rather than kernel
    options and actions (`./hwan run -- 'echo hi'`), turn them into
    `-q run 'CMDLINE'` and put the program it names (from build/user/) on the
    file-system disk unless --put already did.  The program's name is a path
    on the guest's disk: `/bin/ls` puts build/user/ls there as bin/ls (never
    the host's /bin/ls)."""
    words = options.words
    if not words or words[0].startswith("-") or words[0] in KERNEL_ACTIONS:
        return
    cmdline = " ".join(words)
    options.words = ["-q", "run", cmdline]
    program = cmdline.split()[0]
    name = program.lstrip("/")
    built = os.path.join(USER_PROGRAMS, os.path.basename(name))
    if not name or ".." in name.split("/") or not os.path.isfile(built):
        return
    if all(put.name != name for put in options.put):
        options.put.append(disks.Put(built, name))


def run(options):
    """Boot the kernel as OPTIONS say and return the exit status."""
    expand_command_line(options)
    if options.ram not in qemu.RAM_BACKINGS:   # only a default from HWAN_RAM can be
        raise UsageError(f"HWAN_RAM={options.ram}: not one of {', '.join(qemu.RAM_BACKINGS)}")
    plan = disk_plan(options)
    check_files(options, plan)
    qemu_path = qemu.find_qemu()
    if qemu_path is None:
        raise SetupError(f"{qemu.QEMU} not found; install it with: "
                         f"sudo apt-get install -y {qemu.QEMU_PACKAGE}")
    timeout = time_limit(options)
    with disks.Workspace() as folder:
        images = disks.make_disks(plan, folder)
        machine = make_machine(options, images)
        if options.trace:
            machine.trace_port = os.path.join(folder, "trace.bin")
        announce(options, machine)
        cut = None if options.power_cut is None else session.PowerCut(options.power_cut)
        try:
            result = session.boot(qemu.qemu_command(machine, qemu_path), timeout,
                                  options.interactive, options.transcript, cut)
        except OSError as error:
            raise SetupError(f"cannot run {qemu.QEMU}: {error}") from error
        show_backtrace(result.lines, elf_path(machine.kernel))
        if options.trace:
            save_trace(machine.trace_port, options.trace)
        if cut is not None and (result.cut or verdict.powered_off(result)):
            if options.keep_disk:      # as the cut left it, before e2fsck repairs it
                disks.keep_image(images.fs, options.keep_disk)
            outcome = powercut.judge(result, images.fs)
        else:
            outcome = verdict.judge(result, timeout, options.interactive)
            outcome = check_file_system(options, images, result, outcome)
        if options.keep_disk and cut is None:
            disks.keep_image(images.fs, options.keep_disk)
    return _fail(outcome.status, outcome.reason) if outcome.status else 0


def disk_plan(options):
    """Return the disks.DiskPlan that OPTIONS ask for; raise UsageError if
    the disk options contradict each other."""
    plan = disks.DiskPlan(puts=options.put, fs_size_mb=options.fs_size,
                          fs_block_size=options.fs_block_size, fs_image=options.fs_image,
                          swap_mb=options.swap, scratch_mb=options.scratch,
                          disk=options.disk, faults=options.disk_error,
                          lost_found=not options.no_lost_found)
    if plan.fs_image is not None and (plan.fresh_fs or plan.disk is not None):
        raise UsageError("--fs-image attaches an existing image: it cannot be combined "
                         "with --put, --fs-size, --fs-block-size or --disk")
    if options.power_cut is not None and not plan.has_fs:
        raise UsageError("--power-cut needs a file-system disk (--put, --fs-size or --fs-image)")
    if options.keep_disk and not plan.has_fs:
        raise UsageError("--keep-disk needs a file-system disk (--put, --fs-size or --fs-image)")
    return plan


def check_files(options, plan):
    """Raise SetupError unless the kernel image is there, the output files
    can be written, and the tools that PLAN needs after the run are installed."""
    if not os.path.isfile(options.kernel):
        raise SetupError(f"kernel image {_shown(options.kernel)} not found (build it with make)")
    for path in (options.transcript, options.keep_disk, options.trace):
        if path:
            _check_writable(path)
    if plan.has_fs and not options.no_fsck:
        disks.find_tool("e2fsck")


def make_machine(options, images):
    """Return the qemu.Machine that OPTIONS describe, with the disk IMAGES."""
    kernel_args = options.kernel_args
    if options.trace and not any(w == "-trace" or w.startswith("-trace=")
                                 for w in kernel_args.split()):
        kernel_args = f"-trace {kernel_args}".strip()
    return qemu.Machine(
        kernel=options.kernel,
        cmdline=qemu.kernel_cmdline(kernel_args, options.words),
        mem_mb=options.mem,
        ram=options.ram,
        cpu=options.cpu,
        interactive=options.interactive,
        gdb_port=options.gdb_port if options.gdb else None,
        debug_exit=not options.no_debug_exit,
        drives=images.drives(options.disk_bus),
        trace_channel=options.trace_channel,
    )


def save_trace(raw_path, jsonl_path):
    """Decode the kernel's trace stream RAW_PATH into the JSON Lines file
    JSONL_PATH; say on stderr how many events it held (and if it was cut)."""
    try:
        with open(raw_path, "rb") as file:
            decoded = trace.decode(file.read())
    except (OSError, trace.TraceError) as error:
        print(f"hwan: no trace written: {error}", file=sys.stderr, flush=True)
        return
    trace.write_jsonl(decoded, jsonl_path)
    print(f"hwan: trace: {trace.summary_line(decoded)} -> {_shown(jsonl_path)}",
          file=sys.stderr, flush=True)


def check_file_system(options, images, result, outcome):
    """Return the verdict after checking the file-system image with e2fsck.

    The check runs only if there is a file-system disk, --no-fsck was not
    given, and the kernel powered off (after a panic, a reset or a time-out a
    write may have been cut short). An unclean file system overrides OUTCOME;
    OUTCOME's own reason, if it was not a pass, is printed first.
    """
    if images.fs is None or options.no_fsck or not verdict.powered_off(result):
        return outcome
    status, report = disks.fsck(images.fs)
    if status == 0:
        return outcome
    show_fsck_report(report, options.transcript)
    if outcome.status:
        _fail(outcome.status, outcome.reason)
    return verdict.unclean_file_system(status)


def show_fsck_report(report, transcript):
    """Print e2fsck's REPORT lines after the transcript, under a header, and
    add them to the TRANSCRIPT file if there is one."""
    text = "".join(f"{line}\n" for line in [disks.FSCK_HEADER, *report])
    sys.stdout.write(text)
    sys.stdout.flush()
    if transcript:
        with open(transcript, "a", encoding="utf-8") as file:
            file.write(text)


def time_limit(options):
    """Return the time limit in seconds (0 = none): --timeout if given, else
    none when waiting for gdb, else the default."""
    if options.timeout is not None:
        return options.timeout
    return 0 if options.gdb else DEFAULT_TIMEOUT


def announce(options, machine):
    """Tell the person at the terminal what to do next, on stderr (stdout
    carries only the transcript)."""
    if options.gdb:
        print("QEMU is waiting for gdb. In another terminal, run:\n"
              f"  {gdb_command(machine)}", file=sys.stderr)
        if shutil.which("gdb") is None:
            print("(gdb is not installed: sudo apt-get install -y gdb)", file=sys.stderr)
    if options.interactive:
        print(summary(options, machine), file=sys.stderr)


def summary(options, machine):
    """Return the one line that tells the person at an interactive run what
    machine they got and how to leave it."""
    files = sum(1 for put in options.put)
    if options.disk:
        disk = f"disk {_shown(options.disk)} (kept)"
    elif options.put or options.fs_size:
        disk = f"a fresh disk with {files} files (gone after the run)"
    else:
        disk = "no disk"
    swap = f"{options.swap} MiB swap" if options.swap else "no swap"
    return (f"hwan: {machine.mem_mb} MiB RAM, {swap}, {disk}; "
            "Ctrl-C stops a program, halt powers off, Ctrl-A X kills QEMU")


def gdb_command(machine):
    """Return the shell command that attaches gdb to MACHINE."""
    return (f"gdb -q -x {_shown(GDBINIT)} {_shown(elf_path(machine.kernel))} "
            f"-ex 'target remote :{machine.gdb_port}'")


def show_backtrace(lines, elf):
    """If the transcript LINES hold a `Call stack:` line, print it symbolized."""
    addresses = backtrace.call_stack(lines)
    if addresses:
        exact = backtrace.trap_addresses(lines)
        print("\n".join(backtrace.symbolize(addresses, elf, ROOT, exact)), flush=True)


def elf_path(kernel):
    """Return the ELF file with the symbols of the image KERNEL: kernel.bin -> kernel.elf."""
    return os.path.splitext(kernel)[0] + ".elf"


def _attach_option_values(argv):
    """Return ARGV with `--kernel-args VALUE` written as `--kernel-args=VALUE`.

    argparse would take a VALUE that starts with a dash, such as `-ul=64`, for
    an option of its own. Words after `--` are left alone.
    """
    result = []
    words = iter(argv)
    for word in words:
        if word == "--":
            return result + [word, *words]
        if word == "--kernel-args":
            word = f"{word}={next(words, '')}"
        result.append(word)
    return result


def _positive_int(text):
    """argparse type: a whole number greater than 0."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number above 0")
    return int(text)


def _put_item(text):
    """argparse type: a `HOSTPATH[:NAME]` item of --put, as a disks.Put."""
    try:
        return disks.parse_put(text)
    except disks.DiskError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _fault_item(text):
    """argparse type: a `DISK:OP[:WHERE][:once]` item of --disk-error, as a disks.Fault."""
    try:
        return disks.parse_fault(text)
    except disks.DiskError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _seconds(text):
    """argparse type: a number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds")
    return value


def _check_writable(path):
    """Raise SetupError unless a file can be written at PATH."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        raise SetupError(f"cannot create {_shown(directory)}: {error.strerror}") from error
    if not os.access(directory, os.W_OK):
        raise SetupError(f"cannot write {_shown(path)}: {_shown(directory)} is not writable")


def _shown(path):
    """Return PATH as a person would type it: relative to the current
    directory when it lies below it, absolute otherwise."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _fail(status, reason):
    """Print the one-line REASON on stderr and return STATUS."""
    print(f"hwan: {reason}", file=sys.stderr, flush=True)
    return status
