"""One boot of QEMU: start it, stream what the kernel prints, stop it in time.

The serial transcript is copied to stdout as it arrives and, if asked, to a
transcript file, with CRLF line ends turned into LF. QEMU's own complaints
(its stderr) are passed on to our stderr and remembered for the verdict.

A QEMU is never left behind: it is killed when the time limit passes, when
this program is interrupted (Ctrl-C, SIGTERM, SIGHUP), and, through Linux's
parent-death signal, even when this program itself is killed.
"""

import contextlib
import ctypes
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

PR_SET_PDEATHSIG = 1      # from <linux/prctl.h>
GRACE_SECONDS = 2         # how long an interactive QEMU may take to quit on SIGTERM


class Interrupted(Exception):
    """This program received SIGTERM or SIGHUP while QEMU was running."""


@dataclass
class BootResult:
    """What happened during one boot."""
    status: int                        # QEMU's exit status; -N if killed by signal N
    timed_out: bool
    lines: list[str] = field(default_factory=list)        # the serial transcript
    qemu_errors: list[str] = field(default_factory=list)  # QEMU's stderr lines
    seconds: float = 0.0
    cut: bool = False                  # QEMU was killed on purpose: a power cut
    last_line_unfinished: bool = False  # the last line had no line end (QEMU stopped in it)


class TranscriptSink:
    """Collects the serial output: splits it into lines and copies them out.

    In batch mode each complete line is written to stdout as soon as it is
    complete. In interactive mode bytes are written the moment they arrive
    (a shell prompt has no line end), exactly as QEMU sent them.
    """

    def __init__(self, out, transcript_file, raw):
        """OUT: binary stream for the console; TRANSCRIPT_FILE: binary file or None."""
        self.out = out
        self.file = transcript_file
        self.raw = raw
        self.pending = b""
        self.lines = []
        self.unfinished = False     # the last line had no line end

    def feed(self, data):
        """Take DATA, a chunk of serial output, and pass on every finished line."""
        if self.raw:
            self._write_console(data)
        self.pending += data
        *complete, self.pending = self.pending.split(b"\n")
        for line in complete:
            self._take_line(line)

    def close(self):
        """The output has ended: a last line without a line end still counts
        (a lone CR, as QEMU prints when it quits, does not)."""
        if self.pending.strip(b"\r"):
            self._take_line(self.pending)
            self.pending = b""
            self.unfinished = True

    def _take_line(self, line):
        """Record LINE (bytes, without its LF) and copy it out, normalised."""
        line = line.removesuffix(b"\r") + b"\n"
        self.lines.append(line[:-1].decode("utf-8", errors="replace"))
        if not self.raw:
            self._write_console(line)
        if self.file:
            self.file.write(line)
            self.file.flush()

    def _write_console(self, data):
        """Write DATA to the console; a reader that went away is not an error."""
        if self.out is None:
            return
        try:
            self.out.write(data)
            self.out.flush()
        except BrokenPipeError:
            self.out = None


class ErrorSink:
    """Passes QEMU's stderr on to ours and keeps its lines."""

    def __init__(self):
        """Start with no lines."""
        self.pending = b""
        self.lines = []

    def feed(self, data):
        """Copy DATA to our stderr and keep its complete lines."""
        sys.stderr.buffer.write(data)
        sys.stderr.buffer.flush()
        self.pending += data
        *complete, self.pending = self.pending.split(b"\n")
        self.lines += [line.decode("utf-8", errors="replace").rstrip() for line in complete]

    def close(self):
        """Keep a last line that had no line end."""
        if self.pending.strip():
            self.lines.append(self.pending.decode("utf-8", errors="replace").rstrip())


@dataclass
class PowerCut:
    """Kill QEMU (SIGKILL, like pulling the plug) SECONDS after the first
    transcript line that starts with AFTER."""
    seconds: float
    after: str = "Executing "
    deadline: float | None = None     # set once the line has been seen


def boot(command, timeout, interactive, transcript_path=None, cut=None):
    """Run the QEMU COMMAND and return a BootResult.

    TIMEOUT is in seconds; 0 or None means no limit. In INTERACTIVE mode QEMU
    shares our terminal (stdin) so that keys reach the kernel; otherwise its
    stdin is empty and it runs in a session of its own, so that killing it
    means killing everything it started. CUT, a PowerCut, kills QEMU on purpose
    (the result says `cut`) unless the kernel powers off first.
    """
    with _open_transcript(transcript_path) as transcript:
        sink = TranscriptSink(sys.stdout.buffer, transcript, raw=interactive)
        errors = ErrorSink()
        started = time.monotonic()
        deadline = started + timeout if timeout else None
        process = _spawn(command, interactive)
        was_cut = False
        try:
            with _signals_raise_interrupted():
                timed_out = _pump(process, sink, errors, deadline, cut)
                if timed_out and cut is not None and cut.deadline is not None \
                        and time.monotonic() >= cut.deadline:
                    timed_out, was_cut = False, True
                if timed_out or was_cut:
                    _stop(process, interactive)
                    _pump(process, sink, errors, None)
                status = process.wait()
        finally:
            if process.poll() is None:
                _stop(process, interactive)
    return BootResult(status, timed_out, sink.lines, errors.lines,
                      time.monotonic() - started, was_cut, sink.unfinished)


def _open_transcript(path):
    """Return the transcript file PATH opened for writing, or, without a PATH,
    a stand-in that gives None."""
    return open(path, "wb") if path else contextlib.nullcontext(None)


def _spawn(command, interactive):
    """Start QEMU with its stdout and stderr connected to pipes."""
    return subprocess.Popen(
        command,
        stdin=None if interactive else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=not interactive,
        preexec_fn=_die_with_parent,
    )


def _die_with_parent():
    """In the child, before exec: ask Linux to kill it when its parent dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass    # not Linux: the other safeguards still apply


def _pump(process, sink, errors, deadline, cut=None):
    """Copy PROCESS's output to the sinks until it ends or DEADLINE passes
    (or CUT's deadline, once its line has been seen).

    Returns True if a deadline passed first. The sinks are closed when
    their stream ends.
    """
    streams = {process.stdout.fileno(): sink, process.stderr.fileno(): errors}
    while streams:
        if cut is not None and cut.deadline is None and \
                any(line.startswith(cut.after) for line in sink.lines):
            cut.deadline = time.monotonic() + cut.seconds
        end = _first_deadline(deadline, cut)
        wait = None if end is None else end - time.monotonic()
        if wait is not None and wait <= 0:
            return True
        ready, _, _ = select.select(list(streams), [], [], wait)
        for fd in ready:
            data = os.read(fd, 65536)
            if data:
                streams[fd].feed(data)
            else:
                streams.pop(fd).close()
    return _wait_until(process, _first_deadline(deadline, cut))


def _first_deadline(deadline, cut):
    """Return the earlier of DEADLINE and CUT's deadline (None: neither is set)."""
    ends = [end for end in (deadline, cut and cut.deadline) if end is not None]
    return min(ends) if ends else None


def _wait_until(process, deadline):
    """Wait for PROCESS to exit; return True if DEADLINE passed first."""
    try:
        process.wait(None if deadline is None else max(0, deadline - time.monotonic()))
        return False
    except subprocess.TimeoutExpired:
        return True


def _stop(process, interactive):
    """Kill QEMU and wait for it to be gone.

    In batch mode QEMU leads its own process group, and the whole group gets
    SIGKILL. An interactive QEMU shares our terminal, which it has switched to
    raw mode: it gets SIGTERM first so that it can restore the terminal.
    """
    if interactive:
        process.terminate()
        try:
            process.wait(GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            process.kill()
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


class _signals_raise_interrupted:
    """While active, SIGTERM and SIGHUP raise Interrupted (Ctrl-C already
    raises KeyboardInterrupt), so that the caller's cleanup code runs."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __enter__(self):
        """Install the handlers, remembering the old ones."""
        self.saved = {sig: signal.signal(sig, self._raise) for sig in self.SIGNALS}
        return self

    def __exit__(self, *exc):
        """Put the old handlers back."""
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        return False

    @staticmethod
    def _raise(signum, frame):
        """The handler: turn the signal into an exception."""
        raise Interrupted(signal.Signals(signum).name)
