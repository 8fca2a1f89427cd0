"""`./hwan view`: draw a trace (JSON Lines, docs/trace.md) as one HTML page.

    ./hwan view TRACE.jsonl -o PAGE.html [--png PICTURE.png]

The page is self-contained: the events and the drawing code (view_page.js)
are inlined, so it opens from disk with no network. The drawing: the frame
table over time (a row per frame, coloured by the process holding it and the
kind of page: anonymous, file, page cache, zero frame; free frames grey),
resident and swapped pages per process over time, page faults per interval
by kind, swap slots in use, and a summary table of the numbers it drew.
Hovering shows the event behind a mark.

The PNG is a screenshot of the page in headless Chromium (Debian's
`chromium` package).
"""

import argparse
import collections
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from . import trace

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "view_page.js")
CHROMIUM_NAMES = ("chromium", "chromium-browser")
WINDOW = "1320,1500"
CHROMIUM_TIMEOUT = 120

STYLE = """
body { font: 13px sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 14px; margin: 14px 0 2px; }
canvas { display: block; }
#legend .key { display: inline-block; margin: 0 12px 2px 0; white-space: nowrap; }
#legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
            vertical-align: middle; border: 1px solid #0002; }
table { border-collapse: collapse; margin: 4px 24px 8px 0; display: inline-table;
        vertical-align: top; }
td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
td:first-child { text-align: left; }
#tip { position: absolute; display: none; background: #fffff0; border: 1px solid #999;
       padding: 4px 6px; font: 11px monospace; white-space: pre; pointer-events: none; }
"""


def page(events, title):
    """Return the HTML page that draws EVENTS, titled TITLE."""
    data = json.dumps(events, separators=(",", ":")).replace("</", "<\\/")
    with open(SCRIPT, encoding="utf-8") as file:
        script = file.read()
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style></head>
<body>
<h1>hwan trace: {html.escape(title)}</h1>
<div id="legend"></div>
<h2>Frame table over time (a row per frame seen; colour: process and kind)</h2>
<canvas id="frames"></canvas>
<h2>Resident pages per process</h2>
<canvas id="resident"></canvas>
<h2>Swapped pages per process</h2>
<canvas id="swapped"></canvas>
<h2>Page faults per interval, by kind</h2>
<canvas id="faults"></canvas>
<h2>Swap slots in use</h2>
<canvas id="swap"></canvas>
<h2>Summary</h2>
<table id="summary"><tr><th>what</th><th>count</th></tr></table>
<table id="processes"><tr><th>pid</th><th>name</th><th>faults</th><th>max resident</th>
<th>max swapped</th><th>exit status</th><th>reason</th></tr></table>
<div id="tip"></div>
<script type="application/json" id="trace">{data}</script>
<script>{script}</script>
</body></html>
"""


def expected_summary(events):
    """Return the numbers the page must show for EVENTS, counted here
    independently of the page's own code: {data-key: value as text}."""
    counts = collections.Counter(e["ev"] for e in events)
    faults = collections.Counter(e.get("kind") for e in events if e["ev"] == "fault")
    framed = {"zero-map", "cow", "swap-in", "cache-hit", "cache-miss"}
    frames = {e["frame"] for e in events if e["frame"] is not None and
              (e["ev"] in framed or (e["ev"] == "fault" and e.get("kind") != "kill"))}
    result = {
        "events": len(events),
        "span_ns": events[-1]["t"] - events[0]["t"] if events else 0,
        "processes": len({e["pid"] for e in events if e["ev"] == "start"}),
        "lost": sum(e.get("count", 0) for e in events if e["ev"] == "lost"),
        "frames_drawn": len(frames),
        "fault_bars": counts["fault"],
    }
    result.update({f"ev.{ev}": n for ev, n in counts.items()})
    result.update({f"fault.{kind}": n for kind, n in faults.items()})
    return {key: str(value) for key, value in result.items()}


def find_chromium():
    """Return the path of Chromium, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(args, profile):
    """Run headless Chromium with ARGS and a fresh PROFILE folder; return its
    stdout. Raises RuntimeError if it is missing or fails."""
    path = find_chromium()
    if path is None:
        raise RuntimeError("chromium not found; install it with: sudo apt-get install -y "
                           "chromium (or: sudo sh tools/deps.sh --check)")
    command = [path, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               "--hide-scrollbars", f"--window-size={WINDOW}",
               "--virtual-time-budget=10000", *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT,
                         check=False)
    if run.returncode != 0:
        raise RuntimeError(f"chromium failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    return run.stdout


def screenshot(html_path, png_path):
    """Save a PNG of the page HTML_PATH as drawn by headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="hwan-chromium-") as profile:
        chromium([f"--screenshot={os.path.abspath(png_path)}",
                  "file://" + os.path.abspath(html_path)], profile)
    if not os.path.isfile(png_path):
        raise RuntimeError(f"chromium wrote no {png_path}")


def render_and_read(trace_path, png_path):
    """Write the page of TRACE_PATH next to PNG_PATH, load it once in headless
    Chromium to screenshot it to PNG_PATH and dump its DOM, and return the
    numbers the page drew: {data-key: data-value} of its summary rows."""
    html_path = os.path.splitext(png_path)[0] + ".html"
    write_page(trace_path, html_path)
    with tempfile.TemporaryDirectory(prefix="hwan-chromium-") as profile:
        dom = chromium(["--dump-dom", f"--screenshot={os.path.abspath(png_path)}",
                        "file://" + os.path.abspath(html_path)], profile)
    if not os.path.isfile(png_path):
        raise RuntimeError(f"chromium wrote no {png_path}")
    if 'data-drawn="yes"' not in dom:
        raise RuntimeError("the page's script did not finish drawing")
    return dict(re.findall(r'<tr data-key="([^"]*)" data-value="([^"]*)"', dom))


def write_page(trace_path, html_path):
    """Write the page that draws the trace TRACE_PATH to HTML_PATH."""
    events = trace.read_jsonl(trace_path)
    with open(html_path, "w", encoding="utf-8") as file:
        file.write(page(events, os.path.basename(trace_path)))


def add_view_command(commands):
    """Declare `hwan view` among the subcommands COMMANDS."""
    view = commands.add_parser(
        "view", help="draw a trace as an HTML page (and a PNG)",
        description="Draw a trace written by `hwan run --trace` as one self-contained "
                    "HTML page; optionally a PNG of it through headless Chromium.")
    view.add_argument("trace", metavar="TRACE", help="the trace (JSON Lines)")
    view.add_argument("-o", "--output", metavar="PAGE.html",
                      help="the page to write (default: TRACE with .html)")
    view.add_argument("--png", metavar="PICTURE.png",
                      help="also write a screenshot of the page (needs chromium)")


def run_view(options):
    """Carry out `hwan view` as OPTIONS say; return the exit status."""
    output = options.output or os.path.splitext(options.trace)[0] + ".html"
    try:
        write_page(options.trace, output)
        if options.png:
            screenshot(output, options.png)
    except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"hwan: {error}", file=sys.stderr)
        return 5
    print(f"hwan: wrote {output}" + (f" and {options.png}" if options.png else ""),
          file=sys.stderr)
    return 0


def main(argv):
    """`python3 -m hwanlib.view ARGS`: the same as `hwan view ARGS`."""
    parser = argparse.ArgumentParser(prog="hwan")
    add_view_command(parser.add_subparsers(dest="command"))
    return run_view(parser.parse_args(["view", *argv]))
