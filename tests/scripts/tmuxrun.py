"""Driving `make run` through tmux, as a person at a terminal would: the
helpers behind the make-run-* script tests (this file is not a test itself:
it is not executable)."""

import os
import re
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 220, 50
CHUNK = 40          # characters typed at once (a person types slower than tmux)


class Terminal:
    """One tmux server of its own (its socket named after this process) with
    one window running COMMAND in the repository root."""

    def __init__(self, command):
        """Start COMMAND in a new detached tmux window."""
        self.socket = f"hwan-test-{os.getpid()}"
        self._tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-c", ROOT,
                   f"{command}; echo '[command ended]'; sleep 60")
        self._tmux("set-option", "-g", "history-limit", "10000")

    def _tmux(self, *words):
        """Run one tmux command on our server; return its output."""
        return subprocess.run(["tmux", "-L", self.socket, *words], check=True,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              text=True).stdout

    def lines(self):
        """Return everything the window shows and showed, wrapped lines joined."""
        text = self._tmux("capture-pane", "-p", "-J", "-S", "-10000")
        return [line.rstrip() for line in text.split("\n")]

    def wait_for(self, pattern, timeout=30, after=0):
        """Wait until a line at index AFTER or later matches the regex PATTERN
        as a whole; return its index.  Raise TimeoutError with the screen."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.lines()
            for i in range(after, len(lines)):
                if re.fullmatch(pattern, lines[i]):
                    return i
            if time.monotonic() > deadline:
                raise TimeoutError(f"no line matching {pattern!r} within {timeout} s; "
                                   "the screen:\n" + "\n".join(lines).rstrip())
            time.sleep(0.1)

    def prompt(self, timeout=30):
        """Wait for the shell's prompt `$` on the last line that is not empty."""
        deadline = time.monotonic() + timeout
        while True:
            shown = [line for line in self.lines() if line]
            if shown and shown[-1] == "$":
                return
            if time.monotonic() > deadline:
                raise TimeoutError("no prompt; the screen:\n" + "\n".join(shown))
            time.sleep(0.1)

    def type(self, text, enter=True):
        """Type TEXT a few characters at a time, then Enter if ENTER."""
        for start in range(0, len(text), CHUNK):
            self._tmux("send-keys", "-l", text[start:start + CHUNK])
            time.sleep(0.05)
        if enter:
            self._tmux("send-keys", "Enter")

    def key(self, name):
        """Press the key NAME (tmux's names: C-c, Enter, ...)."""
        self._tmux("send-keys", name)

    def close(self):
        """Stop the tmux server and whatever still runs in it."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False,
                       stdin=subprocess.DEVNULL, capture_output=True)


def compare(expected, actual):
    """Return the differences between the EXPECTED lines (`~ REGEX` lines
    match as a regex) and the ACTUAL lines, one for one, as text lines."""
    problems = []
    for i in range(max(len(expected), len(actual))):
        want = expected[i] if i < len(expected) else "(nothing)"
        got = actual[i] if i < len(actual) else "(nothing)"
        ok = (re.fullmatch(want[2:], got) if want.startswith("~ ") else want == got)
        if not ok:
            problems.append(f"line {i + 1}: expected {want!r}, got {got!r}")
    return problems
