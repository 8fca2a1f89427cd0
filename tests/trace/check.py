#!/usr/bin/env python3
"""Host checks of the kernel's trace, run by tests (`host-check:`) after a boot
with `trace: yes`, which leaves the trace in $TRACE and the transcript in $OUT.

    check.py emitted OUT TRACE     every "(trace-synthetic) emitted EV N" line of
                                   OUT has exactly N events EV of the synthetic
                                   processes (pids 1000, 1001) in TRACE
    check.py lost TRACE PID N      the events of PID in TRACE plus the counts of
                                   its `lost` events make N, and some were lost
    check.py processes OUT TRACE   the exit lines "NAME: exit(S)" of OUT and the
                                   `exit` events (status S, of a process that
                                   `start`ed as NAME) are the same, but for the
                                   synthetic processes
    check.py oom-kill TRACE NAME   the only `oom-kill` event is of the process
                                   started as NAME, recorded before its `exit`
                                   event, which says out-of-memory
    check.py killed TRACE NAME REASON ADDR
                                   the process started as NAME has an `exit`
                                   event with status -1, REASON and va ADDR
                                   (`user`: any user address but 0, for a
                                   page the test cannot name)
    check.py counters OUT TRACE    every VM counter that `vmstat` printed last in
                                   OUT ("name value" lines) equals the count of
                                   the trace events it corresponds to (COUNTERS)
    check.py view TRACE PNG        renders TRACE with `hwan view` in headless
                                   Chromium and checks what the page drew
                                   against counts made here; keeps the PNG

Exits 0 if the check holds; otherwise prints why and exits 1.
"""

import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(ROOT, "tools"))

from hwanlib import trace, view  # noqa: E402 (needs the path above)

SYNTHETIC_PIDS = (1000, 1001)
USER_TOP = 0x8004000000          # vm/layout.h: the first address that is not user space

# Each vmstat counter (lib/vmstat.h) and the trace events it counts: an event
# name, or (event name, field, value), or (event name, SUM, field): the sum
# of that field over the events.
COUNTERS = {
    "faults_zero": ("fault", "kind", "zero-fill"),
    "faults_file": ("fault", "kind", "file"),
    "faults_stack": ("fault", "kind", "stack"),
    "faults_killed": ("fault", "kind", "kill"),
    "mmap_faults": ("fault", "kind", "mmap"),
    "evictions": "evict",
    "clean_drops": ("evict", "to", "dropped"),
    "swap_outs": "swap-out",
    "swap_ins": "swap-in",
    "cow_faults": "cow",
    "zero_maps": "zero-map",
    "swap_ra_pages": ("swap-ra", "what", "read"),
    "swap_ra_used": ("swap-ra", "what", "used"),
    "swap_ra_wasted": ("swap-ra", "what", "wasted"),
    "cache_hits": "cache-hit",
    "cache_misses": "cache-miss",
    "oom_kills": "oom-kill",
    "file_ra_pages": ("file-ra", "what", "read"),
    "file_ra_used": ("file-ra", "what", "used"),
    "file_ra_wasted": ("file-ra", "what", "wasted"),
    "file_read_requests": ("file-read", "SUM", "requests"),
    "file_read_pages": ("file-read", "SUM", "pages"),
    "file_write_requests": ("file-write", "SUM", "requests"),
    "file_write_pages": ("file-write", "SUM", "pages"),
}


def fail(message):
    """Print MESSAGE and exit 1."""
    print(f"check.py: {message}")
    sys.exit(1)


def check_emitted(out_path, trace_path):
    """The synthetic events in the trace are the ones the self test emitted."""
    with open(out_path, encoding="utf-8") as file:
        claims = re.findall(r"^\(trace-synthetic\) emitted (\S+) (\d+)$", file.read(), re.M)
    if not claims:
        fail(f"no 'emitted' lines in {out_path}")
    events = trace.read_jsonl(trace_path)
    counts = collections.Counter(e["ev"] for e in events if e["pid"] in SYNTHETIC_PIDS)
    for ev, n in claims:
        if counts[ev] != int(n):
            fail(f"{ev}: the test emitted {n}, the trace holds {counts[ev]}")
    extra = set(counts) - {ev for ev, _ in claims}
    if extra:
        fail(f"events the test did not emit: {sorted(extra)}")
    for prev, event in zip(events, events[1:]):
        if event["t"] < prev["t"]:
            fail(f"time goes back: {prev} then {event}")
    print(f"check.py: {len(claims)} kinds of event, all there")


def check_lost(trace_path, pid, total):
    """Events of PID that arrived plus those reported lost make TOTAL."""
    events = trace.read_jsonl(trace_path)
    arrived = sum(1 for e in events if e["pid"] == pid and e["ev"] != "lost")
    lost = [e for e in events if e["ev"] == "lost"]
    reported = sum(e["count"] for e in lost)
    if not lost:
        fail("no `lost` event")
    if arrived + reported != total:
        fail(f"{arrived} arrived + {reported} reported lost != {total} emitted")
    print(f"check.py: {arrived} arrived, {reported} lost in {len(lost)} `lost` events")


def check_processes(out_path, trace_path):
    """Each exit line of the transcript has its start and exit events."""
    with open(out_path, encoding="utf-8") as file:
        exits = re.findall(r"^(\S+): exit\((-?\d+)\)$", file.read(), re.M)
    events = [e for e in trace.read_jsonl(trace_path) if e["pid"] not in SYNTHETIC_PIDS]
    names = {e["pid"]: e["name"] for e in events if e["ev"] == "start"}
    traced = [(names.get(e["pid"]), str(e["status"])) for e in events if e["ev"] == "exit"]
    if sorted(exits) != sorted(traced):
        fail(f"exit lines {sorted(exits)} but exit events {sorted(traced)}")
    print(f"check.py: {len(exits)} processes started and exited in the trace")


def check_counters(out_path, trace_path):
    """The counters vmstat printed equal the counts of their events."""
    with open(out_path, encoding="utf-8") as file:
        printed = dict(re.findall(r"^([a-z_]+) (\d+)$", file.read(), re.M))
    events = trace.read_jsonl(trace_path)
    compared = 0
    for counter, what in COUNTERS.items():
        if counter not in printed:
            continue
        ev, field, value = (what, None, None) if isinstance(what, str) else what
        if field == "SUM":
            n = sum(e[value] for e in events if e["ev"] == ev)
        else:
            n = sum(1 for e in events if e["ev"] == ev and (field is None or e.get(field) == value))
        if n != int(printed[counter]):
            fail(f"{counter} is {printed[counter]} but the trace has {n} such events")
        compared += 1
    if compared == 0:
        fail(f"no vmstat counters in {out_path}")
    print(f"check.py: {compared} counters equal their events in the trace")


def check_killed(trace_path, name, reason, addr):
    """NAME's exit event says it was killed for REASON at ADDR."""
    events = trace.read_jsonl(trace_path)
    pids = {e["pid"] for e in events if e["ev"] == "start" and e["name"] == name}
    exits = [e for e in events if e["ev"] == "exit" and e["pid"] in pids]
    if len(exits) != 1:
        fail(f"{len(exits)} exit events of {name}")
    e = exits[0]
    va_ok = 0 < e["va"] < USER_TOP if addr == "user" else e["va"] == int(addr, 0)
    if (e["status"], e["reason"]) != (-1, reason) or not va_ok:
        fail(f"{name} ended as {e}, not killed for {reason} at {addr}")
    print(f"check.py: {name} killed for {reason} at {addr}")


def check_oom_kill(trace_path, name):
    """The one oom-kill event is NAME's, before its exit for out-of-memory."""
    events = trace.read_jsonl(trace_path)
    pids = {e["pid"] for e in events if e["ev"] == "start" and e["name"] == name}
    kills = [i for i, e in enumerate(events) if e["ev"] == "oom-kill"]
    if len(kills) != 1 or events[kills[0]]["pid"] not in pids:
        fail(f"oom-kill events {[events[i] for i in kills]}, not one of {name}")
    pid = events[kills[0]]["pid"]
    exits = [i for i, e in enumerate(events) if e["ev"] == "exit" and e["pid"] == pid]
    if len(exits) != 1 or exits[0] < kills[0]:
        fail(f"{name}'s exit events {[events[i] for i in exits]} do not follow its oom-kill")
    if events[exits[0]]["reason"] != "out-of-memory":
        fail(f"{name} ended as {events[exits[0]]}, not for out-of-memory")
    print(f"check.py: {name} (pid {pid}) was the one killed for lack of memory")


def check_view(trace_path, png_path):
    """Render the trace in Chromium; what the page drew matches the trace."""
    events = trace.read_jsonl(trace_path)
    os.makedirs(os.path.dirname(os.path.abspath(png_path)), exist_ok=True)
    try:
        drawn = view.render_and_read(trace_path, png_path)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        fail(f"cannot draw the trace: {error}")
    expected = view.expected_summary(events)
    for key, value in expected.items():
        if drawn.get(key) != value:
            fail(f"the page drew {key} = {drawn.get(key)!r}, the trace says {value!r}")
    if os.path.getsize(png_path) < 10000:
        fail(f"{png_path} is too small to hold the drawing")
    print(f"check.py: the page drew {len(expected)} numbers, all as in the trace; "
          f"screenshot {os.path.relpath(png_path, ROOT)}")


def main(argv):
    """Run the check named by ARGV[0]."""
    checks = {"emitted": (check_emitted, 2), "lost": (check_lost, 3),
              "processes": (check_processes, 2), "killed": (check_killed, 4),
              "oom-kill": (check_oom_kill, 2),
              "counters": (check_counters, 2),
              "view": (check_view, 2)}
    if not argv or argv[0] not in checks or len(argv) - 1 != checks[argv[0]][1]:
        fail(__doc__)
    fn, _ = checks[argv[0]]
    args = argv[1:]
    if argv[0] == "lost":
        args = [args[0], int(args[1]), int(args[2])]
    fn(*args)


if __name__ == "__main__":
    main(sys.argv[1:])
