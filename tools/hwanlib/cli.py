"""The `hwan` command: boot the kernel once and say how it went.

    ./hwan run [options] -- WORDS...

The story of one run: read the options, describe the machine, find QEMU, boot,
show a symbolized call stack if the kernel printed one, judge the transcript,
and exit with the verdict's status (one `hwan: REASON` line on stderr if it is
not 0). New options (disk images, for instance) add fields to qemu.Machine in
make_machine() and lines to qemu.qemu_command(); the rest stays as it is.
"""

import argparse
import math
import os
import shutil
import sys

from . import backtrace, qemu, session, verdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_KERNEL = os.path.join(ROOT, "build", "kernel.bin")
GDBINIT = os.path.join(ROOT, "tools", "gdbinit")
DEFAULT_TIMEOUT = 60
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
    return parser


def add_run_options(run):
    """Declare the options of `hwan run`."""
    run.add_argument("--mem", type=_positive_int, default=32, metavar="MB",
                     help="memory size in MiB (default 32)")
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
    run.add_argument("--interactive", action="store_true",
                     help="connect this terminal to the serial port (Ctrl-A X quits)")
    run.add_argument("--gdb", action="store_true",
                     help="start halted and wait for gdb to attach")
    run.add_argument("--gdb-port", type=_positive_int, default=DEFAULT_GDB_PORT,
                     metavar="N", help=f"TCP port for gdb (default {DEFAULT_GDB_PORT})")
    run.add_argument("words", nargs="*", metavar="WORDS",
                     help="the kernel command line, after --")


def main(argv):
    """Run the hwan command line ARGV (without the program name); return the
    exit status."""
    parser = build_parser()
    try:
        options = parser.parse_args(_attach_option_values(argv))
        if options.command != "run":
            parser.print_help(sys.stderr)
            raise UsageError("say what to do, for example: ./hwan run -- -q")
        return run(options)
    except SetupError as error:
        return _fail(verdict.EXIT_SETUP, str(error))
    except (KeyboardInterrupt, session.Interrupted):
        return _fail(verdict.EXIT_INTERRUPTED, "interrupted; QEMU was stopped")


def run(options):
    """Boot the kernel as OPTIONS say and return the exit status."""
    machine = make_machine(options)
    qemu_path = qemu.find_qemu()
    if qemu_path is None:
        raise SetupError(f"{qemu.QEMU} not found; install it with: "
                         f"sudo apt-get install -y {qemu.QEMU_PACKAGE}")
    timeout = time_limit(options)
    announce(options, machine)
    try:
        result = session.boot(qemu.qemu_command(machine, qemu_path), timeout,
                              options.interactive, options.transcript)
    except OSError as error:
        raise SetupError(f"cannot run {qemu.QEMU}: {error}") from error
    show_backtrace(result.lines, elf_path(machine.kernel))
    outcome = verdict.judge(result, timeout, options.interactive)
    return _fail(outcome.status, outcome.reason) if outcome.status else 0


def make_machine(options):
    """Return the qemu.Machine that OPTIONS describe, after checking the files."""
    if not os.path.isfile(options.kernel):
        raise SetupError(f"kernel image {_shown(options.kernel)} not found (build it with make)")
    if options.transcript:
        _check_writable(options.transcript)
    return qemu.Machine(
        kernel=options.kernel,
        cmdline=qemu.kernel_cmdline(options.kernel_args, options.words),
        mem_mb=options.mem,
        interactive=options.interactive,
        gdb_port=options.gdb_port if options.gdb else None,
    )


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
        print("(press Ctrl-A then X to quit QEMU)", file=sys.stderr)


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
        raise SetupError(f"cannot write the transcript in {_shown(directory)}")


def _shown(path):
    """Return PATH as a person would type it: relative to the current
    directory when it lies below it, absolute otherwise."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _fail(status, reason):
    """Print the one-line REASON on stderr and return STATUS."""
    print(f"hwan: {reason}", file=sys.stderr, flush=True)
    return status
