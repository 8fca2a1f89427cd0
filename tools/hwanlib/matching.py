"""Comparing a test's expected lines with the transcript of its run.

Two ways to match (the `match:` key of a test):

block  The transcript, from the first line that matches the first expected line
       through the next line that matches the last expected line, must be
       exactly the expected lines. Typically `(NAME) begin` .. `(NAME) end`.
lines  Every expected line must appear in the transcript, in this order, as a
       complete line; other lines may come in between.

When they do not match, compare() explains why and gives a unified diff of the
expected lines against the actual ones. In that diff an expected regex line is
shown as the transcript line it matched, so that only real differences stand out.
"""

import difflib
from dataclasses import dataclass, field


@dataclass
class Mismatch:
    """Why a transcript did not match, and the diff that shows it."""
    summary: str
    diff: list[str] = field(default_factory=list)


def compare(expected, lines, mode):
    """Return None if the transcript LINES match the EXPECTED lines in MODE
    ("block" or "lines"), else a Mismatch."""
    if not expected:
        return None
    if mode == "block":
        return _compare_block(expected, lines)
    return _compare_lines(expected, lines)


def _compare_block(expected, lines):
    """Compare in block mode (see the module's description)."""
    start = _find(expected[0], lines, 0)
    if start is None:
        return Mismatch(f"first expected line not found: '{expected[0].text}'",
                        _diff(_texts(expected), lines))
    end = start if len(expected) == 1 else _find(expected[-1], lines, start + 1)
    if end is None:
        block = lines[start:]
        summary = f"last expected line not found: '{expected[-1].text}'"
    else:
        block = lines[start:end + 1]
        summary = "output differs"
    if len(block) == len(expected) and all(e.matches(line) for e, line in zip(expected, block)):
        return None
    return Mismatch(summary, _diff(_shown_block(expected, block), block))


def _shown_block(expected, block):
    """Return the expected lines as the diff shows them: a regex line that
    matches the transcript line in its place is shown as that line."""
    shown = _texts(expected)
    for index, (line, actual) in enumerate(zip(expected, block)):
        if line.regex is not None and line.matches(actual):
            shown[index] = actual
    return shown


def _compare_lines(expected, lines):
    """Compare in lines mode: find each expected line after the previous one."""
    shown = _texts(expected)
    position = 0
    missing = None
    for index, line in enumerate(expected):
        found = _find(line, lines, position)
        if found is None:
            if missing is None:
                missing = index
            continue
        shown[index] = lines[found]
        position = found + 1
    if missing is None:
        return None
    return Mismatch(f"expected line not found (in this order): '{expected[missing].text}'",
                    _diff(shown, lines) +
                    ["(in 'lines' mode '+' lines are allowed; '-' lines are missing)"])


def _find(expected_line, lines, start):
    """Return the index of the first line at or after START that EXPECTED_LINE
    matches, or None."""
    for index in range(start, len(lines)):
        if expected_line.matches(lines[index]):
            return index
    return None


def _texts(expected):
    """Return the text of each expected line, as written in the test."""
    return [line.text for line in expected]


def _diff(shown, actual):
    """Return a unified diff of SHOWN (the expected lines as displayed) against
    the ACTUAL transcript lines."""
    return list(difflib.unified_diff(shown, actual, "expected", "actual", lineterm=""))
