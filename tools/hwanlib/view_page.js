// The drawing of a hwan trace (docs/trace.md), inlined into the page that
// `./hwan view` writes. The events are in <script id="trace">. Everything the
// page draws is derived here from the events; the numbers it drew go into
// the summary table with data-key/data-value attributes, which the tests read
// back (tests/trace/check.py).
"use strict";

const EVENTS = JSON.parse(document.getElementById("trace").textContent);
const PLOT_W = 1200, LEFT = 70, RIGHT = 20;
const T0 = EVENTS.length ? EVENTS[0].t : 0;
const T1 = EVENTS.length ? Math.max(T0 + 1, EVENTS[EVENTS.length - 1].t) : 1;
const FAULT_KINDS = ["zero-fill", "file", "mmap", "swap", "copy-on-write", "stack", "kill"];
const KIND_COLOURS = {"zero-fill": "#4e79a7", "file": "#f28e2b", "mmap": "#edc948",
                      "swap": "#e15759", "copy-on-write": "#76b7b2", "stack": "#59a14f",
                      "kill": "#000000"};
const drawn = {};            // the numbers the page drew, for the summary

// x of time T on a plot.
function xOf(t) { return LEFT + (t - T0) / (T1 - T0) * PLOT_W; }
// Time at x.
function tOf(x) { return T0 + (x - LEFT) / PLOT_W * (T1 - T0); }
// Hue of process PID.
function hue(pid) { return (pid * 137.508) % 360; }
// Colour of a frame held by PID as KIND.
function frameColour(pid, kind) {
  if (kind === "cache") return "#7f8c9b";
  if (kind === "zero") return "#c9c9a3";
  return `hsl(${hue(pid)}, 65%, ${kind === "file" ? 72 : 42}%)`;
}
// Kind of frame a fault of KIND gives.
function faultFrameKind(kind) { return kind === "file" || kind === "mmap" ? "file" : "anon"; }

// Process names, from start and exec events.
const names = {};
for (const e of EVENTS) {
  if (e.ev === "start" && e.name !== undefined) names[e.pid] = e.name;
}
function label(pid) { return names[pid] ? `${names[pid]} (${pid})` : `pid ${pid}`; }

// ---- the frame table ------------------------------------------------------
// Returns {rows, intervals}: each interval {frame, t0, t1, pid, kind, ev}.
function frameIntervals() {
  const now = new Map(), intervals = [], frames = new Set();
  const end = (frame, t) => {
    const cur = now.get(frame);
    if (cur) { cur.t1 = t; intervals.push(cur); now.delete(frame); }
  };
  const take = (frame, t, pid, kind, i) => {
    if (frame === null || frame === undefined) return;
    end(frame, t);
    now.set(frame, {frame, t0: t, t1: T1, pid, kind, ev: i});
    frames.add(frame);
  };
  EVENTS.forEach((e, i) => {
    switch (e.ev) {
    case "fault": if (e.kind !== "kill") take(e.frame, e.t, e.pid, faultFrameKind(e.kind), i); break;
    case "zero-map": take(e.frame, e.t, e.pid, "zero", i); break;
    case "cow": case "swap-in": take(e.frame, e.t, e.pid, "anon", i); break;
    case "cache-hit": case "cache-miss": take(e.frame, e.t, 0, "cache", i); break;
    case "evict": case "free": if (e.frame !== null) end(e.frame, e.t); break;
    case "exit": case "exec":
      for (const [frame, cur] of [...now]) {
        if (cur.pid === e.pid && cur.kind !== "zero" && cur.kind !== "cache") end(frame, e.t);
      }
      break;
    }
  });
  for (const cur of now.values()) intervals.push(cur);
  const rows = [...frames].sort((a, b) => a - b);
  return {rows, intervals};
}

function drawFrames() {
  const {rows, intervals} = frameIntervals();
  const rowOf = new Map(rows.map((f, i) => [f, i]));
  const rowH = rows.length ? Math.max(0.5, Math.min(8, 480 / rows.length)) : 8;
  const c = canvas("frames", Math.max(60, rows.length * rowH + 30));
  const g = c.getContext("2d");
  g.fillStyle = "#f2f2f2";
  g.fillRect(LEFT, 0, PLOT_W, rows.length * rowH);
  for (const iv of intervals) {
    g.fillStyle = frameColour(iv.pid, iv.kind);
    const x = xOf(iv.t0);
    g.fillRect(x, rowOf.get(iv.frame) * rowH, Math.max(1, xOf(iv.t1) - x), Math.max(rowH, 0.5));
  }
  axis(g, rows.length * rowH);
  g.fillStyle = "#333";
  g.fillText(`${rows.length} frames`, 2, 12);
  drawn.frames_drawn = rows.length;
  hover(c, (x, y) => {
    const frame = rows[Math.floor(y / rowH)], t = tOf(x);
    const iv = intervals.find(v => v.frame === frame && v.t0 <= t && t < v.t1);
    return iv ? EVENTS[iv.ev] : null;
  });
}

// ---- pages per process ----------------------------------------------------
// Returns {pid: [[t, resident, swapped], ...]} stepping at each change.
function pageSeries() {
  const res = {}, swp = {}, series = {};
  const note = (pid, t) => {
    (series[pid] = series[pid] || []).push([t, res[pid] || 0, swp[pid] || 0]);
  };
  const add = (table, pid, d) => { table[pid] = Math.max(0, (table[pid] || 0) + d); };
  for (const e of EVENTS) {
    const pid = e.pid;
    switch (e.ev) {
    case "fault":
      if (e.kind !== "kill" && e.kind !== "copy-on-write") add(res, pid, 1);
      break;
    case "zero-map": add(res, pid, 1); break;
    case "evict": case "free": add(res, pid, -1); break;
    case "swap-out": add(swp, pid, 1); break;
    case "swap-in": add(swp, pid, -1); break;
    case "exit": case "exec": res[pid] = 0; swp[pid] = 0; break;
    case "start": break;
    default: continue;
    }
    note(pid, e.t);
  }
  return series;
}

function drawPages(id, column, title) {
  const series = pageSeries();
  const pids = Object.keys(series).map(Number).filter(p => p > 0);
  let max = 1;
  for (const p of pids) for (const s of series[p]) max = Math.max(max, s[column]);
  const H = 160, c = canvas(id, H + 30), g = c.getContext("2d");
  for (const p of pids) {
    g.strokeStyle = `hsl(${hue(p)}, 65%, 42%)`;
    g.lineWidth = 1.5;
    g.beginPath();
    let y = H;
    g.moveTo(xOf(series[p][0][0]), H);
    for (const s of series[p]) {
      g.lineTo(xOf(s[0]), y);
      y = H - s[column] / max * (H - 10);
      g.lineTo(xOf(s[0]), y);
    }
    g.lineTo(xOf(T1), y);
    g.stroke();
  }
  axis(g, H);
  g.fillStyle = "#333";
  g.fillText(`${max} ${title}`, 2, 12);
  drawn[`${id}_max`] = pids.length ? max : 0;
  const points = [];
  for (const p of pids) for (const s of series[p]) points.push([s[0], p, s[column]]);
  points.sort((a, b) => a[0] - b[0]);
  hover(c, x => nearest(points, tOf(x), pt => ({process: label(pt[1]), t: pt[0], [title]: pt[2]})));
}

// ---- faults per interval, and swap in use ---------------------------------
function drawFaults() {
  const N = 60, H = 160, buckets = Array.from({length: N}, () => ({}));
  let total = 0;
  for (const e of EVENTS) {
    if (e.ev !== "fault") continue;
    const b = Math.min(N - 1, Math.floor((e.t - T0) / (T1 - T0) * N));
    buckets[b][e.kind] = (buckets[b][e.kind] || 0) + 1;
    total++;
  }
  const max = Math.max(1, ...buckets.map(b => Object.values(b).reduce((s, v) => s + v, 0)));
  const c = canvas("faults", H + 30), g = c.getContext("2d"), w = PLOT_W / N;
  let bars = 0;
  buckets.forEach((b, i) => {
    let y = H;
    for (const k of Object.keys(b)) {
      const h = b[k] / max * (H - 10);
      g.fillStyle = KIND_COLOURS[k] || "#999";
      g.fillRect(LEFT + i * w + 1, y - h, w - 2, h);
      y -= h;
      bars += b[k];
    }
  });
  axis(g, H);
  g.fillStyle = "#333";
  g.fillText(`${max} faults`, 2, 12);
  drawn.fault_bars = bars;
  hover(c, x => {
    const i = Math.floor((x - LEFT) / w);
    if (i < 0 || i >= N) return null;
    const ms = v => (v / 1e6).toFixed(3);
    return Object.assign({interval_ms: `${ms(T0 + i * (T1 - T0) / N)}..${ms(T0 + (i + 1) * (T1 - T0) / N)}`},
                         buckets[i]);
  });
  if (total !== bars) drawn.fault_bars = -1;  // every fault must be in a bar
}

function drawSwap() {
  const series = pageSeries(), points = [];
  const last = {};
  const all = [];
  for (const p of Object.keys(series)) for (const s of series[p]) all.push([s[0], Number(p), s[2]]);
  all.sort((a, b) => a[0] - b[0]);
  let sum = 0, max = 1;
  for (const [t, p, v] of all) {
    sum += v - (last[p] || 0);
    last[p] = v;
    points.push([t, sum]);
    max = Math.max(max, sum);
  }
  const H = 100, c = canvas("swap", H + 30), g = c.getContext("2d");
  g.strokeStyle = "#e15759";
  g.lineWidth = 1.5;
  g.beginPath();
  let y = H;
  g.moveTo(LEFT, H);
  for (const [t, v] of points) {
    g.lineTo(xOf(t), y);
    y = H - v / max * (H - 10);
    g.lineTo(xOf(t), y);
  }
  g.lineTo(xOf(T1), y);
  g.stroke();
  axis(g, H);
  g.fillStyle = "#333";
  g.fillText(`${max} slots`, 2, 12);
  drawn.swap_max = points.length ? max : 0;
  hover(c, x => nearest(points, tOf(x), pt => ({t: pt[0], swap_slots_in_use: pt[1]})));
}

// ---- helpers ---------------------------------------------------------------
function canvas(id, height) {
  const c = document.getElementById(id);
  c.width = LEFT + PLOT_W + RIGHT;
  c.height = height;
  const g = c.getContext("2d");
  g.font = "11px sans-serif";
  return c;
}

// Draws the time axis under a plot of height H.
function axis(g, H) {
  g.strokeStyle = "#999";
  g.beginPath();
  g.moveTo(LEFT, H + 0.5);
  g.lineTo(LEFT + PLOT_W, H + 0.5);
  g.stroke();
  g.fillStyle = "#555";
  for (let i = 0; i <= 10; i++) {
    const t = T0 + (T1 - T0) * i / 10;
    g.fillText(`${(t / 1e6).toFixed(1)} ms`, xOf(t) - 20, H + 14);
  }
}

// The point of POINTS ([t, ...], sorted by t) nearest to T, through SHOW.
function nearest(points, t, show) {
  if (!points.length) return null;
  let lo = 0, hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] < t) lo = mid + 1; else hi = mid;
  }
  if (lo > 0 && t - points[lo - 1][0] < points[lo][0] - t) lo--;
  return show(points[lo]);
}

// Shows in the tooltip what FIND returns for the mouse position on C.
function hover(c, find) {
  const tip = document.getElementById("tip");
  c.addEventListener("mousemove", ev => {
    const r = c.getBoundingClientRect();
    const hit = find(ev.clientX - r.left, ev.clientY - r.top);
    if (!hit) { tip.style.display = "none"; return; }
    tip.textContent = JSON.stringify(hit, null, 1);
    tip.style.display = "block";
    tip.style.left = `${ev.pageX + 12}px`;
    tip.style.top = `${ev.pageY + 12}px`;
  });
  c.addEventListener("mouseleave", () => { tip.style.display = "none"; });
}

// ---- the summary -----------------------------------------------------------
function row(table, cells, key, value) {
  const tr = table.insertRow();
  for (const text of cells) tr.insertCell().textContent = text;
  if (key !== undefined) {
    tr.dataset.key = key;
    tr.dataset.value = String(value);
  }
}

function summary() {
  const t = document.getElementById("summary");
  const count = {}, faults = {};
  let lost = 0;
  for (const e of EVENTS) {
    count[e.ev] = (count[e.ev] || 0) + 1;
    if (e.ev === "fault") faults[e.kind] = (faults[e.kind] || 0) + 1;
    if (e.ev === "lost") lost += e.count;
  }
  row(t, ["events", EVENTS.length], "events", EVENTS.length);
  row(t, ["time span (ns)", EVENTS.length ? T1 - T0 : 0], "span_ns", EVENTS.length ? EVENTS[EVENTS.length - 1].t - T0 : 0);
  row(t, ["processes started", Object.keys(names).length], "processes", Object.keys(names).length);
  row(t, ["events lost (ring full)", lost], "lost", lost);
  for (const ev of Object.keys(count).sort()) row(t, [`event ${ev}`, count[ev]], `ev.${ev}`, count[ev]);
  for (const k of FAULT_KINDS) if (faults[k]) row(t, [`fault ${k}`, faults[k]], `fault.${k}`, faults[k]);
  for (const k of Object.keys(drawn).sort()) row(t, [`drawn: ${k}`, drawn[k]], k, drawn[k]);
  processTable();
}

function processTable() {
  const t = document.getElementById("processes");
  const info = {};
  const get = pid => (info[pid] = info[pid] || {faults: 0, exit: "", reason: ""});
  for (const e of EVENTS) {
    if (e.pid <= 0) continue;
    const p = get(e.pid);
    if (e.ev === "fault") p.faults++;
    if (e.ev === "exit") { p.exit = e.status; p.reason = e.reason; }
  }
  const series = pageSeries();
  for (const pid of Object.keys(info).map(Number).sort((a, b) => a - b)) {
    const s = series[pid] || [];
    const maxRes = Math.max(0, ...s.map(v => v[1])), maxSwp = Math.max(0, ...s.map(v => v[2]));
    const p = info[pid];
    row(t, [pid, names[pid] || "", p.faults, maxRes, maxSwp, p.exit, p.reason]);
  }
}

function legend() {
  const l = document.getElementById("legend");
  const pids = Object.keys(names).map(Number).sort((a, b) => a - b);
  const item = (colour, text) => {
    const s = document.createElement("span");
    s.className = "key";
    s.innerHTML = `<i style="background:${colour}"></i>`;
    s.append(text);
    l.append(s);
  };
  for (const p of pids.slice(0, 40)) item(frameColour(p, "anon"), label(p));
  item(frameColour(0, "cache"), "page cache");
  item(frameColour(0, "zero"), "zero frame");
  item("#f2f2f2", "free / not seen");
  for (const k of FAULT_KINDS) item(KIND_COLOURS[k], `fault: ${k}`);
}

drawFrames();
drawPages("resident", 1, "resident pages");
drawPages("swapped", 2, "swapped pages");
drawFaults();
drawSwap();
legend();
summary();
document.body.dataset.drawn = "yes";
