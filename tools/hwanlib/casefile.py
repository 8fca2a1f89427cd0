"""Reading a kernel test: a file tests/cases/**/NAME.exp (see tests/cases/README.md).

    # args: ktest threads-create
    # mem: 16
    (threads-create) begin
    ~ \\(threads-create\\) created \\d+ threads
    (threads-create) end

The header is the `#` lines at the top. A header line `# key: value`, where the
key is one lowercase word right before a colon, is a setting; any other `#`
line is a comment. The lines after the header are the expected transcript
lines; a line `~ REGEX` matches any line that the regular expression matches as
a whole. A mistake in the file (an unknown key, a bad number, a broken regex)
is an error, so that a typo never passes silently.
"""

import re
import shlex
from dataclasses import dataclass, field

from . import verdict

# What each `expect:` value requires of `hwan run`'s exit status.
EXPECTS = {
    "pass": verdict.EXIT_PASS,
    "failure": verdict.EXIT_FAILURE,
    "panic": verdict.EXIT_PANIC,
    "triple-fault": verdict.EXIT_RESET,
    "timeout": verdict.EXIT_TIMEOUT,
    "leak": verdict.EXIT_LEAK,
}
MATCH_MODES = ("block", "lines")
KEYS = ("args", "kernel-args", "mem", "timeout", "expect", "match")
SETTING_LINE = re.compile(r"#\s*(?P<key>[a-z][a-z0-9-]*):(?P<value>.*)")
REGEX_PREFIX = "~ "


class CaseError(Exception):
    """The test file does not follow the format; the message says where."""


@dataclass(frozen=True)
class Expected:
    """One expected line: literal text, or a regular expression (`~ REGEX`)
    that must match the whole transcript line."""
    text: str
    regex: re.Pattern | None = None

    def matches(self, line):
        """Return True if the transcript line LINE is what this line expects."""
        if self.regex is not None:
            return self.regex.fullmatch(line) is not None
        return line == self.text


@dataclass
class Case:
    """A kernel test, as its .exp file describes it."""
    name: str
    path: str
    args: list[str]
    kernel_args: str = ""
    mem: int = 32
    timeout: float = 60
    expect: str = "pass"
    match: str = "block"
    expected: list[Expected] = field(default_factory=list)

    @property
    def expected_status(self):
        """The exit status of `hwan run` that this test requires."""
        return EXPECTS[self.expect]


def read_case(path, name):
    """Return the Case in the file PATH, to be called NAME.

    Raises CaseError, whose message starts with the line number at fault.
    """
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    header, body_start = _read_header(lines)
    if "args" not in header:
        raise CaseError("missing '# args:' line (the kernel words after -q)")
    case = Case(name=name, path=path, args=[])
    for key, (value, number) in header.items():
        _apply(case, key, value, f"line {number}")
    case.expected = [_expected(line, f"line {body_start + i + 1}")
                     for i, line in enumerate(lines[body_start:])]
    _trim_blank_ends(case.expected)
    return case


def _read_header(lines):
    """Return ({key: (value, line number)}, index of the first body line).

    The header is every line at the top that starts with `#`.
    """
    header = {}
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        number = index + 1
        setting = SETTING_LINE.fullmatch(lines[index].removesuffix("\r"))
        index += 1
        if not setting:
            continue                                  # a comment
        key = setting.group("key")
        if key not in KEYS:
            raise CaseError(f"line {number}: unknown key '{key}' (known: {', '.join(KEYS)})")
        if key in header:
            raise CaseError(f"line {number}: '{key}' is given twice")
        header[key] = (setting.group("value").strip(), number)
    return header, index


def _apply(case, key, value, where):
    """Set the field of CASE that header KEY names, from the text VALUE."""
    if key == "args":
        case.args = _words(value, where)
    elif key == "kernel-args":
        case.kernel_args = value
    elif key == "mem":
        case.mem = int(_number(value, where, whole=True))
    elif key == "timeout":
        case.timeout = _number(value, where, whole=False)
    elif key == "expect":
        case.expect = _choice(value, EXPECTS, where)
    elif key == "match":
        case.match = _choice(value, MATCH_MODES, where)


def _words(value, where):
    """Split VALUE into words as the shell would (quotes group words)."""
    try:
        return shlex.split(value)
    except ValueError as error:
        raise CaseError(f"{where}: args: {error}") from error


def _number(value, where, whole):
    """Return VALUE as a number above 0 (a whole one if WHOLE)."""
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        number = 0
    if not number > 0:
        kind = "a whole number" if whole else "a number"
        raise CaseError(f"{where}: '{value}' is not {kind} above 0")
    return number


def _choice(value, choices, where):
    """Return VALUE if it is one of CHOICES."""
    if value not in choices:
        raise CaseError(f"{where}: '{value}' is not one of {', '.join(choices)}")
    return value


def _expected(line, where):
    """Return the Expected for one body LINE (a regex if it starts with `~ `)."""
    line = line.removesuffix("\r")
    if not line.startswith(REGEX_PREFIX):
        return Expected(line)
    pattern = line[len(REGEX_PREFIX):]
    try:
        return Expected(line, re.compile(pattern))
    except re.error as error:
        raise CaseError(f"{where}: bad regular expression: {error}") from error


def _trim_blank_ends(expected):
    """Drop blank lines at the start and end of EXPECTED (in place); blank
    lines in the middle are expected blank lines."""
    while expected and expected[-1].text == "":
        expected.pop()
    while expected and expected[0].text == "":
        expected.pop(0)
