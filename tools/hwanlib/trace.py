"""The kernel's trace: decode the stream it sends to the host into JSON Lines.

The kernel (kernel/trace.c) sends one header line of JSON that names every
event kind and its fields, then one binary record per event, then at power-off
the byte 0xff and a JSON line with the totals. A record is the kind (one
byte), then LEB128 numbers: the nanoseconds since the previous record, the pid
(zigzag), va, frame + 1 (0: no frame), a and b (zigzag), and for a kind with a
text, its length and bytes. Nothing about the kinds is written here: the
header says it all, so the kernel's table is the only definition.

Each event becomes one JSON object, in this key order: t (ns since boot), ev
(its name), pid, va, frame (null if none), then the kind's own fields (an
enum field as the name of its value). See docs/trace.md.
"""

import json

END_BYTE = 0xFF


class TraceError(Exception):
    """The stream is not a trace, or is cut short in a way that loses events."""


class Decoded:
    """A decoded stream: the header, the events, and the totals if it ended."""

    def __init__(self, header):
        self.header = header
        self.events = []
        self.end = None          # the closing totals, or None if the stream was cut

    @property
    def complete(self):
        """True if the kernel closed the stream (it flushed at power-off)."""
        return self.end is not None


class _Reader:
    """Reads LEB128 numbers and bytes from DATA."""

    def __init__(self, data, pos):
        self.data = data
        self.pos = pos

    def byte(self):
        """Return the next byte; raise EOFError at the end."""
        if self.pos >= len(self.data):
            raise EOFError
        self.pos += 1
        return self.data[self.pos - 1]

    def uleb(self):
        """Return the next unsigned LEB128 number."""
        value, shift = 0, 0
        while True:
            b = self.byte()
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return value

    def sleb(self):
        """Return the next zigzag-coded signed number."""
        v = self.uleb()
        return (v >> 1) ^ -(v & 1)

    def take(self, n):
        """Return the next N bytes."""
        if self.pos + n > len(self.data):
            raise EOFError
        self.pos += n
        return self.data[self.pos - n:self.pos]


def decode(data):
    """Return the Decoded stream in the bytes DATA; raise TraceError if it
    has no header. A stream cut short keeps the events read whole."""
    newline = data.find(b"\n")
    if newline < 0:
        raise TraceError("no trace header (was the kernel booted with -trace?)")
    try:
        header = json.loads(data[:newline])
    except ValueError as error:
        raise TraceError(f"bad trace header: {error}") from error
    if "hwan_trace" not in header:
        raise TraceError("not a hwan trace")
    result = Decoded(header)
    kinds = header["events"]
    reader = _Reader(data, newline + 1)
    t = 0
    try:
        while True:
            start = reader.pos
            ev = reader.byte()
            if ev == END_BYTE:
                rest = data[reader.pos:].split(b"\n", 1)[0]
                result.end = json.loads(rest)
                return result
            if ev >= len(kinds):
                raise TraceError(f"unknown event kind {ev} at byte {start}")
            t += reader.uleb()
            event = _event(kinds[ev], t, reader)
            result.events.append(event)
    except EOFError:
        return result


def _event(kind, t, reader):
    """Read the rest of one record of KIND, at time T, into a dict."""
    pid = reader.sleb()
    va = reader.uleb()
    frame = reader.uleb()
    a = reader.sleb()
    b = reader.sleb()
    event = {"t": t, "ev": kind["name"], "pid": pid, "va": va,
             "frame": frame - 1 if frame else None}
    for name, values, value in ((kind["a"], kind["a_values"], a),
                                (kind["b"], kind["b_values"], b)):
        if name is not None:
            event[name] = _named(values, value)
    if kind["text"] is not None:
        n = reader.uleb()
        event[kind["text"]] = reader.take(n).decode("utf-8", "replace")
    return event


def _named(values, value):
    """Return VALUE, or its name if VALUES names the values of its field."""
    if values is not None and 0 <= value < len(values):
        return values[value]
    return value


def write_jsonl(decoded, path):
    """Write the events of DECODED to PATH, one JSON object per line."""
    with open(path, "w", encoding="utf-8") as file:
        for event in decoded.events:
            file.write(json.dumps(event, separators=(",", ":")) + "\n")


def read_jsonl(path):
    """Return the events of the JSON Lines file PATH, as a list of dicts."""
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def summary_line(decoded):
    """Return one line saying how many events were decoded and lost."""
    lost = sum(e.get("count", 0) for e in decoded.events if e["ev"] == "lost")
    text = f"{len(decoded.events)} events, {lost} lost"
    if not decoded.complete:
        text += " (the stream was cut: the kernel did not power off normally)"
    elif decoded.end.get("recorded") != len(decoded.events):
        text += f" (the kernel recorded {decoded.end.get('recorded')})"
    return text
