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

Keys that attach disks (put, fs-size, fs-block-size, fs-image, swap, scratch,
disk-bus, disk-error, fsck, keep-disk) become `hwan run` options; `host-check` is a shell command
that tests/check.py runs after the boot, on the kept file-system image.
"""

import re
import shlex
from dataclasses import dataclass, field

from . import disks, qemu, verdict

# What each `expect:` value requires of `hwan run`'s exit status.
EXPECTS = {
    "pass": verdict.EXIT_PASS,
    "failure": verdict.EXIT_FAILURE,
    "panic": verdict.EXIT_PANIC,
    "triple-fault": verdict.EXIT_RESET,
    "timeout": verdict.EXIT_TIMEOUT,
    "leak": verdict.EXIT_LEAK,
    "unclean-fs": verdict.EXIT_UNCLEAN_FS,
}
MATCH_MODES = ("block", "lines")
YES_NO = {"yes": True, "no": False}
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
    cpu: str | None = None                       # QEMU CPU model (--cpu)
    timeout: float = 60
    expect: str = "pass"
    match: str = "block"
    put: list[str] = field(default_factory=list)   # HOSTPATH[:NAME] items
    fs_size: int | None = None
    fs_block_size: int | None = None
    fs_image: str | None = None
    swap: int | None = None
    scratch: int | None = None
    disk_error: list[str] = field(default_factory=list)  # DISK:OP[:WHERE][:once] items
    disk_bus: str = qemu.DEFAULT_DISK
    fsck: bool = True
    debug_exit: bool = True
    keep_disk: bool = False
    host_check: str | None = None
    trace: bool = False                 # write the trace to build/tests/NAME.trace.jsonl
    trace_channel: str = "virtio"       # how it reaches the host (--trace-channel)
    expected: list[Expected] = field(default_factory=list)

    @property
    def expected_status(self):
        """The exit status of `hwan run` that this test requires."""
        return EXPECTS[self.expect]

    @property
    def fresh_fs(self):
        """True if the test boots with a newly made ext2 file system."""
        return bool(self.put) or self.fs_size is not None or self.fs_block_size is not None

    @property
    def has_fs(self):
        """True if the test boots with a file-system disk."""
        return self.fresh_fs or self.fs_image is not None

    @property
    def keeps_disk(self):
        """True if the file-system image is kept after the run (keep-disk,
        or a host check that may look at it)."""
        return self.has_fs and (self.keep_disk or self.host_check is not None)


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
    _check_disks(case, header)
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
    """Set the field of CASE that header KEY names (`fs-size` sets fs_size),
    from the text VALUE."""
    setattr(case, key.replace("-", "_"), PARSERS[key](value, where))


def _check_disks(case, header):
    """Raise CaseError if the disk keys of CASE contradict each other; HEADER
    gives the line numbers."""
    if case.fs_image is not None and case.fresh_fs:
        raise CaseError(f"line {header['fs-image'][1]}: fs-image attaches an existing "
                        "image: it cannot go with put, fs-size or fs-block-size")
    if case.keep_disk and not case.has_fs:
        raise CaseError(f"line {header['keep-disk'][1]}: keep-disk needs a file-system "
                        "disk (put, fs-size or fs-image)")


def _words(value, where):
    """Split VALUE into words as the shell would (quotes group words)."""
    try:
        return shlex.split(value)
    except ValueError as error:
        raise CaseError(f"{where}: {error}") from error


def _puts(value, where):
    """Return the `HOSTPATH[:NAME]` items of a put: value, each checked."""
    items = _words(value, where)
    if not items:
        raise CaseError(f"{where}: put: name at least one HOSTPATH[:NAME]")
    for item in items:
        try:
            disks.parse_put(item)
        except disks.DiskError as error:
            raise CaseError(f"{where}: put: {error}") from error
    return items


def _faults(value, where):
    """Return the `DISK:OP[:WHERE][:once]` items of a disk-error: value, each checked."""
    items = _words(value, where)
    if not items:
        raise CaseError(f"{where}: disk-error: name at least one DISK:OP[:WHERE][:once]")
    for item in items:
        try:
            disks.parse_fault(item)
        except disks.DiskError as error:
            raise CaseError(f"{where}: disk-error: {error}") from error
    return items


def _text(value, where):
    """Return VALUE as it is (it may be empty)."""
    return value


def _path(value, where):
    """Return VALUE, which must name a file."""
    if not value:
        raise CaseError(f"{where}: a file name is missing")
    return value


def _command(value, where):
    """Return VALUE, a shell command, which must not be empty."""
    if not value:
        raise CaseError(f"{where}: the command is missing")
    return value


def _whole(value, where):
    """Return VALUE as a whole number above 0."""
    return int(_number(value, where, whole=True))


def _seconds(value, where):
    """Return VALUE as a number of seconds above 0."""
    return _number(value, where, whole=False)


def _block_size(value, where):
    """Return VALUE as one of the block sizes mke2fs can make."""
    return int(_choice(value, [str(size) for size in disks.BLOCK_SIZES], where))


def _expect(value, where):
    """Return VALUE if it names an outcome (EXPECTS)."""
    return _choice(value, EXPECTS, where)


def _match(value, where):
    """Return VALUE if it names a match mode."""
    return _choice(value, MATCH_MODES, where)


def _disk_bus(value, where):
    """Parse the `disk-bus` key: how the disks are attached (--disk-bus)."""
    return _choice(value, qemu.DISK_INTERFACES, where)


def _trace_channel(value, where):
    """Parse the `trace-channel` key: virtio or serial (--trace-channel)."""
    return _choice(value, ("virtio", "serial"), where)


def _yes_no(value, where):
    """Return True for `yes`, False for `no`."""
    return YES_NO[_choice(value, YES_NO, where)]


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


# How to read the value of each header key; the Case field is the key with
# `-` written as `_`.
PARSERS = {
    "args": _words,
    "kernel-args": _text,
    "mem": _whole,
    "cpu": _command,
    "timeout": _seconds,
    "expect": _expect,
    "match": _match,
    "put": _puts,
    "fs-size": _whole,
    "fs-block-size": _block_size,
    "fs-image": _path,
    "swap": _whole,
    "scratch": _whole,
    "disk-error": _faults,
    "disk-bus": _disk_bus,
    "fsck": _yes_no,
    "debug-exit": _yes_no,
    "keep-disk": _yes_no,
    "host-check": _command,
    "trace": _yes_no,
    "trace-channel": _trace_channel,
}
KEYS = tuple(PARSERS)
