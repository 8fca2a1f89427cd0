#!/usr/bin/env python3
"""Run every hwan test and say which failed and why. `make check` runs this.

    python3 tests/check.py [-j N] [-v] [FILTER...]

Four kinds of tests:
  host/test_NAME  every executable build/host/test_NAME (a host unit test):
                  it passes if it exits with status 0.
  script/NAME     every executable tests/scripts/NAME.py (a script that drives
                  the runner, `make run` or the Pintos front end as a person
                  would): it passes if it exits with status 0.
  NAME            every tests/cases/NAME.exp (a kernel test, see
                  tests/cases/README.md): the kernel is booted with
                  `./hwan run`; it passes if hwan's exit status is the one the
                  test expects and the transcript holds the expected lines
                  (and, if the test has a `host-check:` command, that command
                  exits 0 afterwards). A test with a `run: CMDLINE` key runs a
                  user program: `./hwan run [options] -- 'CMDLINE'`.
  powercut/seed-N tests/powercut.py with seed N: power cuts at random moments
                  of a file-writing workload; it passes if it exits with 0.

Tests run several at a time (-j, default: one per CPU). A FILTER keeps only the
tests whose name contains it; a group name in GROUPS stands for several folders
(`vm`: every virtual-memory test). Each test prints one line as it ends; then each
failure is shown with the file holding its full output (build/tests/NAME.out)
and a diff of the expected and actual lines. The last line counts the passes
and failures; the exit status is 1 if any test failed.
"""

import argparse
import glob
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True     # no __pycache__ folders in the source tree
sys.path.insert(0, os.path.join(ROOT, "tools"))

from hwanlib import backtrace, casefile, disks, matching, qemu, verdict  # noqa: E402

HWAN = os.path.join(ROOT, "hwan")
CASES = os.path.join(ROOT, "tests", "cases")
HOST_TESTS = os.path.join(ROOT, "build", "host")
OUTPUT = os.path.join(ROOT, "build", "tests")
SCRIPTS = os.path.join(ROOT, "tests", "scripts")
HOST_TIMEOUT = 60       # seconds a host unit test may take
SCRIPT_TIMEOUT = 120    # seconds a script test may take
# Filter words that name a group of folders rather than a part of a name.
GROUPS = {"vm": ("vm/", "swap/", "cow/", "mmap/", "host/test_vm")}
GRACE = 30              # seconds hwan gets beyond a test's own time limit
DIFF_LINES = 40         # lines of a diff shown without -v
# What hwan prints on stdout after the transcript, each under one of these lines.
SECTION_HEADERS = (backtrace.HEADER, disks.FSCK_HEADER)


@dataclass
class Test:
    """One test: the command that runs it, or the error that keeps it from running."""
    name: str
    command: list[str] = field(default_factory=list)
    timeout: float = HOST_TIMEOUT
    case: casefile.Case | None = None        # None for a host unit test
    error: str | None = None                 # a broken .exp file


@dataclass
class Result:
    """How one test went."""
    name: str
    passed: bool
    reason: str = ""
    seconds: float = 0.0
    output: str = ""                 # the file with the full output
    command: str = ""                # how to run it again by hand
    details: list[str] = field(default_factory=list)


@dataclass
class Run:
    """What a test's command did."""
    status: int | None               # None: still running at the time limit
    stdout: str
    stderr: str
    seconds: float


# ---- finding the tests ------------------------------------------------------

def discover():
    """Return every test: host unit tests first, then kernel tests, then
    script tests, then the power-cut loops, each by name."""
    return host_tests() + kernel_tests() + script_tests() + power_cut_tests()


def script_tests():
    """Return a Test for each executable tests/scripts/*.py."""
    paths = sorted(glob.glob(os.path.join(SCRIPTS, "*.py")))
    return [Test(name="script/" + os.path.basename(path).removesuffix(".py"),
                 command=[path], timeout=SCRIPT_TIMEOUT)
            for path in paths if os.access(path, os.X_OK)]


# Power cuts (tests/powercut.py): each test cuts the power POWER_CUTS times at
# random moments of the `pcut` workload, from its own seed; passes on exit 0.
POWER_CUT_SEEDS = (1, 2)
POWER_CUTS = 10
POWER_CUT_TIMEOUT = 240


def power_cut_tests():
    """Return a Test for each seed in POWER_CUT_SEEDS."""
    script = os.path.join(ROOT, "tests", "powercut.py")
    return [Test(name=f"powercut/seed-{seed}", timeout=POWER_CUT_TIMEOUT,
                 command=[script, "--cuts", str(POWER_CUTS), "--seed", str(seed)])
            for seed in POWER_CUT_SEEDS]


def host_tests():
    """Return a Test for each executable build/host/test_*."""
    paths = sorted(glob.glob(os.path.join(HOST_TESTS, "test_*")))
    return [Test(name="host/" + os.path.basename(path), command=[path])
            for path in paths if os.path.isfile(path) and os.access(path, os.X_OK)]


def kernel_tests():
    """Return a Test for each tests/cases/**/*.exp file."""
    paths = sorted(glob.glob(os.path.join(CASES, "**", "*.exp"), recursive=True))
    return [kernel_test(path) for path in paths]


def kernel_test(path):
    """Return the Test for the .exp file PATH; a broken file gives a Test that fails."""
    name = os.path.relpath(path, CASES).removesuffix(".exp")
    try:
        case = casefile.read_case(path, name)
        check_run_block(case)
    except (casefile.CaseError, OSError, UnicodeDecodeError) as error:
        return Test(name=name, error=f"bad test file {os.path.relpath(path, ROOT)}: {error}")
    return Test(name=name, command=hwan_command(case), timeout=case.timeout + GRACE, case=case)


def hwan_command(case):
    """Return the `hwan run` command that boots the kernel for CASE: with the
    kernel words `-q ARGS`, or, for a `run:` test, the user command line."""
    command = [HWAN, "run", "--mem", str(case.mem), "--timeout", f"{case.timeout:g}"]
    if case.kernel_args:
        command.append(f"--kernel-args={case.kernel_args}")
    if case.cpu:
        command.append(f"--cpu={case.cpu}")
    words = [run_cmdline(case)] if run_cmdline(case) is not None else ["-q", *case.args]
    return command + disk_options(case) + ["--", *words]


def disk_options(case):
    """Return the `hwan run` options that give CASE its disks (paths are
    relative to the repository root, where hwan runs)."""
    options = [f"--put={item}" for item in case.put]
    options += [f"--disk-error={item}" for item in case.disk_error]
    for option, value in (("--fs-size", case.fs_size), ("--fs-block-size", case.fs_block_size),
                          ("--fs-image", case.fs_image), ("--swap", case.swap),
                          ("--scratch", case.scratch)):
        if value is not None:
            options.append(f"{option}={value}")
    if case.keeps_disk:
        options.append(f"--keep-disk={os.path.relpath(kept_image(case.name), ROOT)}")
    if case.disk_bus != qemu.DEFAULT_DISK:
        options.append(f"--disk-bus={case.disk_bus}")
    if not case.fsck:
        options.append("--no-fsck")
    if not case.debug_exit:
        options.append("--no-debug-exit")
    if case.trace:
        options.append(f"--trace={os.path.relpath(trace_file(case.name), ROOT)}")
        options.append(f"--trace-channel={case.trace_channel}")
    return options


def kept_image(name):
    """Return where the file-system image of the test NAME is kept: build/tests/NAME.img."""
    return os.path.join(OUTPUT, name + ".img")


def trace_file(name):
    """Return where the trace of the test NAME goes: build/tests/NAME.trace.jsonl."""
    return os.path.join(OUTPUT, name + ".trace.jsonl")


def output_file(name):
    """Return the file that holds everything the test NAME printed: build/tests/NAME.out."""
    return os.path.join(OUTPUT, name + ".out")


def shown_command(test):
    """Return TEST's command as one would type it in the repository root."""
    program, *arguments = test.command
    return shlex.join(["./" + os.path.relpath(program, ROOT), *arguments])


def select(tests, filters):
    """Return the TESTS whose name contains one of FILTERS (all if none
    given); a filter that names a group in GROUPS keeps the tests whose name
    starts with one of its folders."""
    if not filters:
        return tests
    return [test for test in tests if any(_chosen(test.name, word) for word in filters)]


def _chosen(name, word):
    """True if the filter WORD keeps the test NAME."""
    if word in GROUPS:
        return name.startswith(GROUPS[word])
    return word in name


# ---- user-program tests: the `run:` key -------------------------------------
#
# `# run: CMDLINE` runs the user program CMDLINE names (tests/cases/README.md):
# the kernel words are CMDLINE itself, so `./hwan run [options] -- 'CMDLINE'`
# adds `-q run` and the test needs no `args:` (it may not have one). The
# program, build/user/NAME for the first word NAME, is put on the disk as NAME
# unless a `put:` item already has that name, as `./hwan run` itself would do;
# an explicit item keeps keep-disk, host-check and the e2fsck check working as
# for any test with a `put:`. casefile.py reads every other key; this section
# teaches it this one.

RUN_KEY = "run"
USER_PROGRAMS = os.path.join(ROOT, "build", "user")
_read_plain_header = casefile._read_header


def run_cmdline(case):
    """Return the user command line of CASE's `run:` key, or None."""
    return getattr(case, "run", None)


def command_words(cmdline):
    """Return the words of CMDLINE as the kernel splits them: at runs of spaces."""
    return [word for word in cmdline.split(" ") if word]


def _cmdline(value, where):
    """Return VALUE, the command line of a `run:` key, checked: it names a
    program (a first word that `./hwan run` does not take for kernel words)
    and holds no single quote (the kernel command line quotes it with those).
    Runs of spaces inside are kept."""
    words = command_words(value)
    if not words:
        raise casefile.CaseError(f"{where}: run: the command line is missing")
    if words[0].startswith("-") or words[0] in ("ktest", "run"):
        raise casefile.CaseError(f"{where}: run: '{words[0]}' would be read as kernel "
                                 "words, not a program name")
    if "'" in value:
        raise casefile.CaseError(f"{where}: run: a command line cannot hold a single quote")
    return value


def _read_header(lines):
    """casefile's header reader, plus what the `run:` key implies: an empty
    `args:` (a test may not have both) and a `put:` item for the program."""
    header, body_start = _read_plain_header(lines)
    if RUN_KEY not in header:
        return header, body_start
    value, number = header[RUN_KEY]
    if "args" in header:
        raise casefile.CaseError(f"line {header['args'][1]}: a test with 'run:' takes "
                                 "no 'args:' (its kernel words are the command line)")
    header["args"] = ("", number)
    program = (command_words(value) or [""])[0]
    built = os.path.join(USER_PROGRAMS, program)
    puts, put_number = header.get("put", ("", number))
    try:
        names = [disks.parse_put(item).name for item in shlex.split(puts)]
    except (ValueError, disks.DiskError):
        return header, body_start                 # casefile reports the bad put:
    if program and "/" not in program and program not in names and os.path.isfile(built):
        item = shlex.quote(f"{os.path.relpath(built, ROOT)}:{program}")
        header["put"] = (f"{item} {puts}".strip(), put_number)
    return header, body_start


def check_run_block(case):
    """Raise CaseError if CASE is a `run:` test in block mode whose expected
    lines do not start with the kernel's `Executing 'CMDLINE':` line: the
    block must cover the whole run, so that nothing unexpected (a stray line,
    a missing exit line) can hide before the first expected line."""
    cmdline = run_cmdline(case)
    if cmdline is None or case.match != "block" or not case.expected:
        return
    first = f"Executing '{cmdline}':"
    if not case.expected[0].matches(first):
        raise casefile.CaseError(f"run: in block mode the expected lines start with \"{first}\"")


casefile.PARSERS[RUN_KEY] = _cmdline
casefile.KEYS = tuple(casefile.PARSERS)
casefile._read_header = _read_header


# ---- running them -----------------------------------------------------------

class Children:
    """The commands running right now, so that an interrupted check can stop them."""

    def __init__(self):
        """Start with none."""
        self.lock = threading.Lock()
        self.running = set()
        self.stopping = False

    def start(self, command, env=None):
        """Start COMMAND (in ROOT, no stdin, in a process group of its own,
        with the environment ENV or ours) and remember it; return None if stopping."""
        with self.lock:
            if self.stopping:
                return None
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
            self.running.add(process)
            return process

    def forget(self, process):
        """PROCESS has ended."""
        with self.lock:
            self.running.discard(process)

    def stop_all(self):
        """Ask every running command to stop (hwan then stops its QEMU), and
        start no more."""
        with self.lock:
            self.stopping = True
            for process in self.running:
                signal_group(process, signal.SIGTERM)


CHILDREN = Children()


def signal_group(process, signum):
    """Send SIGNUM to PROCESS and everything it started (its process group)."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def execute(command, timeout, env=None):
    """Run COMMAND (with the environment ENV, or ours) for at most TIMEOUT
    seconds; return a Run."""
    started = time.monotonic()
    process = CHILDREN.start(command, env)
    if process is None:
        return Run(None, "", "interrupted", 0.0)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        status = process.returncode
    except subprocess.TimeoutExpired:
        signal_group(process, signal.SIGTERM)
        stdout, stderr = _finish(process)
        status = None
    finally:
        CHILDREN.forget(process)
    text = [data.decode("utf-8", errors="replace") for data in (stdout, stderr)]
    return Run(status, text[0], text[1], time.monotonic() - started)


def _finish(process):
    """Collect the output of a PROCESS that was asked to stop; kill it if it
    does not stop within a few seconds."""
    try:
        return process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        signal_group(process, signal.SIGKILL)
        return process.communicate()


def run_test(test, verbose):
    """Run TEST and return its Result; if VERBOSE, say so first."""
    if test.error:
        return Result(test.name, False, test.error)
    if verbose:
        print(f"RUN {test.name}: {shown_command(test)}", flush=True)
    if test.case is not None and test.case.keeps_disk:
        remove_stale(kept_image(test.name))
    if test.case is not None:
        remove_stale(trace_file(test.name))
    run = execute(test.command, test.timeout)
    output = save_output(test.name, run)
    if test.case is None:
        result = judge_host_test(test, run)
    else:
        result = judge_kernel_test(test, run)
    result.seconds = run.seconds
    if result.passed and test.case is not None and test.case.host_check:
        result = host_check(test.case, verbose)
        result.seconds += run.seconds
    result.output = output
    result.command = shown_command(test)
    return result


def save_output(name, run):
    """Write everything RUN printed to build/tests/NAME.out; return that path."""
    path = output_file(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(run.stdout + run.stderr)
    return os.path.relpath(path, ROOT)


def remove_stale(path):
    """Remove the file PATH left by an earlier run, if there is one."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


# ---- host checks ------------------------------------------------------------

def host_check(case, verbose):
    """Run CASE's `host-check:` command after its boot passed; return the Result.

    The command runs through `sh -c` in the repository root, with $IMG naming
    the kept file-system image (empty without one), $TRACE the trace file
    (empty without `trace: yes`) and $OUT the test's output
    file. Its own output is added to that file, under a header line.
    """
    if verbose:
        print(f"HOST-CHECK {case.name}: {case.host_check}", flush=True)
    run = execute(["sh", "-c", case.host_check], HOST_TIMEOUT, host_check_env(case))
    said = (run.stdout + run.stderr).rstrip("\n")
    with open(output_file(case.name), "a", encoding="utf-8") as file:
        file.write(f"host-check: {case.host_check} (exit {run.status})\n"
                   + (said + "\n" if said else ""))
    result = Result(case.name, run.status == 0, seconds=run.seconds)
    if not result.passed:
        how = (f"did not finish within {HOST_TIMEOUT} s" if run.status is None
               else f"exit {run.status}")
        result.reason = f"host check failed ({how})"
        result.details = [f"host check: {case.host_check}", "its output:",
                          *(said.split("\n") if said else ["(none)"])]
    return result


def host_check_env(case):
    """Return the environment of CASE's host check: ours, plus IMG and OUT,
    and with the system folders where debugfs and e2fsck live on the PATH."""
    env = dict(os.environ)
    env["IMG"] = kept_image(case.name) if case.keeps_disk else ""
    env["OUT"] = output_file(case.name)
    env["TRACE"] = trace_file(case.name) if case.trace else ""
    env["PATH"] = os.pathsep.join([env.get("PATH", ""), *disks.SYSTEM_BIN])
    return env


def run_all(tests, jobs, verbose):
    """Run TESTS, JOBS at a time, printing one line per test as it ends;
    return the Results in name order. On Ctrl-C, stop the running tests,
    start no more, and let KeyboardInterrupt go on."""
    results = []
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = [pool.submit(run_test, test, verbose) for test in tests]
        for future in as_completed(futures):
            result = future.result()
            print(summary_line(result), flush=True)
            results.append(result)
    except KeyboardInterrupt:
        CHILDREN.stop_all()
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    return sorted(results, key=lambda result: result.name)


# ---- judging them -----------------------------------------------------------

def judge_host_test(test, run):
    """A host unit test passes if it exits with status 0."""
    if run.status == 0:
        return Result(test.name, True)
    if run.status is None:
        reason = f"time-out after {test.timeout:g} s"
    elif run.status < 0:
        reason = f"killed by signal {-run.status}"
    else:
        reason = f"exit status {run.status}"
    tail = (run.stdout + run.stderr).rstrip("\n").split("\n")[-20:]
    return Result(test.name, False, reason, details=["last lines of its output:", *tail])


def judge_kernel_test(test, run):
    """A kernel test passes if hwan exited as expected and the lines match."""
    case = test.case
    transcript, sections = split_stdout(run.stdout)
    reason = status_problem(case, run)
    mismatch = matching.compare(case.expected, transcript, case.match)
    if reason is None and mismatch is None:
        return Result(test.name, True)
    details = list(sections)
    if mismatch:
        reason = reason or mismatch.summary
        details += [f"expected vs actual lines (match: {case.match}):", *mismatch.diff]
    return Result(test.name, False, reason, details=details)


def split_stdout(stdout):
    """Split hwan's STDOUT into the transcript lines and what hwan prints
    after it (a symbolized call stack, e2fsck's report), if anything.

    Each of those sections starts with its header line (SECTION_HEADERS); the
    transcript ends before the first of them (the last line equal to each
    header counts, in case the kernel itself printed such a line).
    """
    lines = stdout.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    starts = [len(lines) - 1 - lines[::-1].index(header)
              for header in SECTION_HEADERS if header in lines]
    if starts:
        cut = min(starts)
        return lines[:cut], lines[cut:]
    return lines, []


def status_problem(case, run):
    """Return why hwan's exit status is not the one CASE expects, or None."""
    if run.status is None:
        return f"hwan did not stop within {case.timeout + GRACE:g} s"
    if run.status == case.expected_status:
        return None
    got = verdict.EXIT_NAMES.get(run.status, f"exit status {run.status}")
    said = hwan_reason(run.stderr)
    if case.expect == "pass":
        return said or got
    return f"expected {case.expect}, got {got}" + (f" ({said})" if said else "")


def hwan_reason(stderr):
    """Return the reason from hwan's last `hwan: REASON` line, or ""."""
    reasons = [line[len("hwan: "):] for line in stderr.split("\n") if line.startswith("hwan: ")]
    return reasons[-1] if reasons else ""


# ---- reporting --------------------------------------------------------------

def summary_line(result):
    """Return the one line that reports RESULT."""
    if result.passed:
        return f"PASS {result.name} ({result.seconds:.1f}s)"
    return f"FAIL {result.name}: {result.reason}"


def report_failures(results, verbose):
    """Show, for each failed test, where its output is and what differed."""
    for result in (r for r in results if not r.passed):
        print(f"\n--- {result.name}: {result.reason}")
        if result.output:
            print(f"full output: {result.output}")
        if result.command:
            print(f"run it alone: {result.command}")
        details = result.details
        if not verbose and len(details) > DIFF_LINES:
            details = details[:DIFF_LINES] + [f"... ({len(result.details) - DIFF_LINES} "
                                              "more lines; -v shows them all)"]
        for line in details:
            print(f"  {line}")


def parse_options(argv):
    """Return the options of this command line."""
    parser = argparse.ArgumentParser(
        prog="tests/check.py", description="Run the hwan tests.")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        metavar="N", help="run N tests at a time (default: CPUs)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show each test's command and whole diffs")
    parser.add_argument("--cpu", metavar="MODEL",
                        help="boot the kernel tests that name no cpu: on this QEMU CPU "
                             "model (e.g. max, to run everything with SMEP and SMAP)")
    parser.add_argument("filters", nargs="*", metavar="FILTER",
                        help="run only tests whose name contains FILTER")
    options = parser.parse_args(argv)
    if options.jobs < 1:
        parser.error("-j needs a number of 1 or more")
    return options


def use_cpu(tests, model):
    """Make the kernel TESTS whose file names no cpu boot on the CPU MODEL."""
    for test in tests:
        if test.case is not None and test.case.cpu is None:
            test.command.insert(2, f"--cpu={model}")


def warn_if_release_build():
    """Say so if build/ holds the release kernel (DEBUG=0, as bench/ builds it):
    the tests then run without the kernel's debug checks."""
    try:
        with open(os.path.join(ROOT, "build", "k", "flags")) as flags:
            release = "-DHWAN_DEBUG=0" in flags.read()
    except OSError:
        return
    if release:
        print("note: build/kernel.bin is the release build (DEBUG=0); run `make` for the debug one")


def main(argv):
    """Run the tests chosen by ARGV; return the exit status."""
    options = parse_options(argv)
    warn_if_release_build()
    tests = select(discover(), options.filters)
    if options.cpu:
        use_cpu(tests, options.cpu)
    if options.filters and not tests:
        print(f"no test name contains {' or '.join(options.filters)}")
        return 1
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        results = run_all(tests, options.jobs, options.verbose)
    except KeyboardInterrupt:
        print("\ninterrupted; the running tests were stopped")
        return 130
    report_failures(results, options.verbose)
    failed = sum(not result.passed for result in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
