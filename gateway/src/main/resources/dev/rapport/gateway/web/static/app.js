// Rapport live dashboard. Reads the JSON payloads the gateway also publishes over MQTT (field
// names as PayloadCodec writes them, see docs/mqtt.md and docs/dashboard.md) from a Server-Sent
// Events stream; keeps everything in memory; no libraries, nothing from the internet.
"use strict";

const WINDOW_MS = 120000;        // time span of the charts and of the speaking timeline
const MAX_POINTS_PER_DYAD = 2000; // safety cap whatever the hop rate
const STALE_AFTER_MS = 10000;    // a badge not heard from for this long is shown as lost
const RECONNECT_MS = 2000;
const TOP_DYADS = 8;
const CROWDED_BADGES = 16;       // above this many badges the room draws only the pairs worth seeing
const CROWDED_MIN_SCORE = 0.3;
const SPEAKING_ROW_MIN_PX = 12;

const state = {
  gateway: null,
  session: null,
  badges: new Map(),             // id -> badge status payload
  dyads: new Map(),              // "a/b" -> [dyad payloads], oldest first
  room: [],                      // {time_ms, speaking: {badge: 0..1}}, oldest first
  markers: [],                   // marker events {time_ms, label, ...}
  chosen: null,                  // "a/b" the user clicked, or null: follow the top dyad
  updates: 0,
  connections: 0,
};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
function fmt(v, digits) { const n = num(v); return n === null ? "–" : n.toFixed(digits); }
function get(obj, path) { return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj); }
function words(token) { return token == null ? "–" : String(token).replace(/_/g, " "); }

// Colour scale for coordination 0..1: grey (nothing) through teal to deep green (strong).
const STOPS = [[0, [214, 219, 228]], [0.35, [150, 200, 185]], [0.6, [38, 160, 115]], [1, [8, 82, 56]]];
function colour(score) {
  const s = num(score);
  if (s === null) return "#d6dbe4";
  for (let i = 1; i < STOPS.length; i++) {
    if (s <= STOPS[i][0]) {
      const [a, ca] = STOPS[i - 1], [b, cb] = STOPS[i];
      const t = (s - a) / (b - a);
      const c = ca.map((x, k) => Math.round(x + (cb[k] - x) * t));
      return `rgb(${c[0]},${c[1]},${c[2]})`;
    }
  }
  return "rgb(8,82,56)";
}

// ---- state -------------------------------------------------------------------------------

function trimByTime(list, newestMs) {
  const cutoff = newestMs - WINDOW_MS;
  while (list.length && (num(list[0].time_ms) || 0) < cutoff) list.shift();
  while (list.length > MAX_POINTS_PER_DYAD) list.shift();
}

function apply(update) {
  const { kind, key, data } = update;
  state.updates++;
  if (kind === "gateway") {
    state.gateway = data;
  } else if (kind === "badge") {
    state.badges.set(key, data);
  } else if (kind === "dyad") {
    let h = state.dyads.get(key);
    if (!h) { h = []; state.dyads.set(key, h); }
    h.push(data);
    trimByTime(h, num(data.time_ms) || 0);
    if (data.session !== undefined) state.session = data.session;
  } else if (kind === "room") {
    state.room.push(data);
    trimByTime(state.room, num(data.time_ms) || 0);
  } else if (kind === "marker") {
    state.markers.push(data);
    if (state.markers.length > 200) state.markers.shift();
  }
}

// What every panel derives from the state, computed once per render: a room of 64 badges has
// 2,016 dyads, and sorting them once per panel would cost a phone more than drawing.
let frame = { latest: [], ranked: [], newestMs: 0 };

function computeFrame() {
  const latest = [];
  let newest = 0;
  for (const [key, h] of state.dyads) {
    if (!h.length) continue;
    const p = h[h.length - 1];
    latest.push({ key, p });
    newest = Math.max(newest, num(p.time_ms) || 0);
  }
  if (state.room.length) newest = Math.max(newest, num(state.room[state.room.length - 1].time_ms) || 0);
  const ranked = latest.filter((d) => num(d.p.score) !== null).sort((x, y) => y.p.score - x.p.score);
  return { latest, ranked, newestMs: newest || Date.now() };
}

function latestDyads() { return frame.latest.slice(); }
function rankedDyads() { return frame.ranked; }

function badgeIds() {
  const ids = new Set(state.badges.keys());
  for (const key of state.dyads.keys()) key.split("/").forEach((b) => ids.add(b));
  return [...ids].sort();
}

function chosenDyad() {
  if (state.chosen && state.dyads.has(state.chosen)) return state.chosen;
  const top = rankedDyads()[0];
  return top ? top.key : null;
}

function newestMs() { return frame.newestMs; }

/** A badge is lost when its link is not connected or it has not been heard from for a while. */
/** A leader is only worth showing when the coordination beats chance (one-sided p < 0.05). */
function significantLeader(p) {
  const pValue = num(get(p, "movement.p"));
  return pValue !== null && pValue < 0.05 ? get(p, "movement.leader") || null : null;
}

function lost(status) {
  if (!status) return false;
  const link = get(status, "link.state");
  const seen = num(status.last_seen_ms);
  return (link != null && link !== "connected") || (seen !== null && Date.now() - seen > STALE_AFTER_MS);
}

// ---- rendering ---------------------------------------------------------------------------

function renderHeader() {
  const g = state.gateway || {};
  const name = [g.site, g.gateway].filter(Boolean).join(" / ");
  $("where").textContent = name ? `· ${name}` + (g.state && g.state !== "online" ? ` (${g.state})` : "") : "";
  $("session").textContent = state.session ? `session ${state.session}` : "no session";
  $("clock").textContent = new Date().toLocaleTimeString();
}

function renderRoom() {
  const ids = badgeIds();
  const radius = 172;
  const pos = new Map();
  ids.forEach((id, i) => {
    const a = (2 * Math.PI * i) / Math.max(ids.length, 1) - Math.PI / 2;
    pos.set(id, [radius * Math.cos(a), radius * Math.sin(a)]);
  });
  const lastRoom = state.room.length ? state.room[state.room.length - 1].speaking || {} : {};
  const chosen = chosenDyad();
  const parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="16" markerHeight="16" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#08402c"/></marker></defs>'];
  // 64 badges make 2,016 lines: a grey web that hides the few pairs in sync. Draw those only.
  const crowded = ids.length > CROWDED_BADGES;
  const dyads = latestDyads()
    .filter(({ key, p }) => !crowded || key === chosen || (num(p.score) || 0) >= CROWDED_MIN_SCORE)
    .sort((x, y) => (num(x.p.score) || 0) - (num(y.p.score) || 0));
  const labels = [];
  // Circles shrink so a large room still fits its ring; below 14 px the id moves outside.
  const nodeR = Math.max(5, Math.min(25, ((Math.PI * radius) / Math.max(ids.length, 1)) * 0.8));
  const inside = nodeR >= 14;
  for (const { key, p } of dyads) {
    const [a, b] = key.split("/");
    if (!pos.has(a) || !pos.has(b)) continue;
    const s = num(p.score);
    let [x1, y1] = pos.get(a), [x2, y2] = pos.get(b);
    const leader = get(p, "movement.leader");
    if (leader === b) [x1, y1, x2, y2] = [x2, y2, x1, y1];
    // Stop lines at the circles' edge so arrow heads stay visible.
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1, gap = nodeR + 4;
    const sx = x1 + (dx * gap) / len, sy = y1 + (dy * gap) / len, ex = x2 - (dx * gap) / len, ey = y2 - (dy * gap) / len;
    const width = s === null ? 1 : 1 + 11 * s * s;
    const arrow = significantLeader(p) ? ' marker-end="url(#arrow)"' : "";
    const coords = `x1="${sx.toFixed(1)}" y1="${sy.toFixed(1)}" x2="${ex.toFixed(1)}" y2="${ey.toFixed(1)}"`;
    if (key === chosen) parts.push(`<line class="halo" ${coords} stroke-width="${(width + 10).toFixed(1)}"/>`);
    const title = `${a} – ${b}: score ${fmt(s, 2)}` + (leader ? `, ${leader} leads by ${Math.abs(num(get(p, "movement.lag_ms")) || 0)} ms` : "");
    parts.push(`<line data-dyad="${esc(key)}" data-score="${s === null ? "" : s}" ${coords} stroke="${colour(s)}" stroke-width="${width.toFixed(1)}" opacity="${s === null ? 0.5 : (0.45 + 0.55 * s).toFixed(2)}"${arrow}><title>${esc(title)}</title></line>`);
    if (s !== null && s >= 0.5) labels.push(`<g class="score-label" transform="translate(${((sx + ex) / 2).toFixed(1)},${((sy + ey) / 2).toFixed(1)})"><rect x="-17" y="-10" width="34" height="20" rx="6"/><text>${s.toFixed(2)}</text></g>`);
  }
  parts.push(...labels);
  for (const id of ids) {
    const [x, y] = pos.get(id);
    const st = state.badges.get(id);
    const speaking = num(lastRoom[id]) || 0;
    const cls = ["node", lost(st) ? "lost" : "", speaking >= 0.5 ? "speaking" : ""].filter(Boolean).join(" ");
    const battery = st ? num(st.battery_pct) : null;
    const d = nodeR * 0.72;
    const low = battery !== null && battery < 15 ? `<circle class="low" cx="${d.toFixed(1)}" cy="${(-d).toFixed(1)}" r="${Math.max(3, nodeR / 4).toFixed(1)}"><title>battery ${battery} %</title></circle>` : "";
    const ringW = Math.max(2, nodeR / 4);
    let label;
    if (inside) {
      label = `<text style="font-size:${nodeR >= 22 ? 13 : 10}px">${esc(id)}</text>`;
    } else {
      // Outside the ring, pointing away from the centre.
      const len = Math.hypot(x, y) || 1, off = nodeR + ringW + 8;
      const tx = (x / len) * off, ty = (y / len) * off;
      const anchor = Math.abs(x / len) < 0.3 ? "middle" : x > 0 ? "start" : "end";
      label = `<text class="outside" x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" style="text-anchor:${anchor}">${esc(id)}</text>`;
    }
    parts.push(`<g class="${cls}" data-badge="${esc(id)}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})"><circle class="ring" r="${(nodeR + ringW).toFixed(1)}" stroke-width="${ringW.toFixed(1)}" opacity="${speaking.toFixed(2)}"/><circle r="${nodeR.toFixed(1)}"/>${label}${low}<title>badge ${esc(id)}${lost(st) ? " (lost)" : ""}</title></g>`);
  }
  setHtml($("room"), parts.join(""));
}

function renderTopDyads() {
  const chosen = chosenDyad();
  const rows = rankedDyads().slice(0, TOP_DYADS).map(({ key, p }) => {
    const lag = num(get(p, "movement.lag_ms"));
    const s = p.score;
    const lead = significantLeader(p) ? "" : ' class="muted" title="not significant (p ≥ 0.05)"';
    return `<tr data-dyad="${esc(key)}"${key === chosen ? ' class="chosen"' : ""}>`
      + `<td>${esc(key.replace("/", " – "))}</td><td class="score">${fmt(s, 2)}</td>`
      + `<td class="bar wide"><span style="width:${Math.round(100 * s)}%;background:${colour(s)}"></span></td>`
      + `<td class="wide">${fmt(get(p, "movement.r"), 2)}</td><td class="wide">${fmt(get(p, "vocal.r"), 2)}</td>`
      + `<td${lead}>${esc(get(p, "movement.leader") || "–")}</td><td${lead}>${lag === null ? "–" : Math.abs(lag) + " ms"}</td></tr>`;
  });
  setHtml($("top-dyads").tBodies[0], rows.join("") || '<tr><td colspan="7" class="muted">waiting for the first full window…</td></tr>');
}

function ago(ms) {
  if (ms === null) return "–";
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 2 ? "now" : s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

function renderBadges() {
  const rows = [...state.badges.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, s]) => {
    const pct = num(s.battery_pct), mv = num(s.battery_mv);
    const loss = num(s.loss_pct);
    const clock = get(s, "clock.state");
    const err = num(get(s, "clock.error_ms"));
    const link = get(s, "link.state");
    const transport = get(s, "link.transport");
    const batteryClass = pct === null ? "" : pct < 15 ? "bad" : pct < 35 ? "warn" : "ok";
    const lossClass = loss === null ? "" : loss > 5 ? "bad" : loss > 1 ? "warn" : "ok";
    const clockClass = clock === "synced" ? "ok" : clock === "unsynced" ? "bad" : "warn";
    const battery = pct === null ? (mv === null ? "–" : (mv / 1000).toFixed(2) + " V") : pct + " %" + (mv === null ? "" : ` · ${(mv / 1000).toFixed(2)} V`);
    return `<tr data-badge="${esc(id)}"${lost(s) ? ' class="lost"' : ""}><td>${esc(id)}</td>`
      + `<td class="${batteryClass}">${battery}</td>`
      + `<td class="${lossClass}">${loss === null ? "–" : loss.toFixed(1) + " %"}</td>`
      + `<td class="${clockClass}">${esc(words(clock))}${err === null ? "" : " ±" + err.toFixed(1) + " ms"}</td>`
      + `<td>${ago(num(s.last_seen_ms))}</td>`
      + `<td class="wide ${link === "connected" ? "ok" : "bad"}">${esc(words(link))}${transport ? ` <span class="muted">${esc(transport)}</span>` : ""}</td></tr>`;
  });
  setHtml($("badges").tBodies[0], rows.join("") || '<tr><td colspan="6" class="muted">no badges yet</td></tr>');
}

/** Sizes a canvas to its CSS box in device pixels, so lines stay sharp on phones. */
/** Sets an element's HTML only when it changed: rebuilding an unchanged 64-row table costs layout. */
const lastHtml = new WeakMap();
function setHtml(element, html) {
  if (lastHtml.get(element) !== html) { element.innerHTML = html; lastHtml.set(element, html); }
}

// Canvas sizes, read once per render before anything in the page changes: reading a size after
// changing the page forces the browser to lay the whole page out again, once per canvas.
const canvasSizes = new Map();
function measureCanvases() {
  const ids = badgeIds();
  // The speaking timeline grows with the room so every badge keeps a readable row.
  const speakingPx = ids.length * SPEAKING_ROW_MIN_PX + 14;
  const height = speakingPx > 168 ? `${speakingPx}px` : "";
  if ($("speaking").style.height !== height) $("speaking").style.height = height;
  for (const c of document.querySelectorAll("canvas")) canvasSizes.set(c.id, [c.clientWidth, c.clientHeight]);
}

function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const [cssW, cssH] = canvasSizes.get(canvas.id) || [canvas.clientWidth, canvas.clientHeight];
  const w = Math.max(1, Math.round(cssW * dpr)), h = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w: w / dpr, h: h / dpr };
}

function drawMarkers(ctx, x0, w, h, endMs) {
  ctx.strokeStyle = "#c7413b";
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 3]);
  for (const m of state.markers) {
    const t = num(m.time_ms);
    if (t === null || t < endMs - WINDOW_MS || t > endMs) continue;
    const x = x0 + ((t - (endMs - WINDOW_MS)) / WINDOW_MS) * w;
    ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, h); ctx.stroke();
  }
  ctx.setLineDash([]);
}

function chart(canvas, points, min, max, guides, dyad) {
  const { ctx, w, h } = fitCanvas(canvas);
  const pad = 6, labelW = 34, plotW = w - labelW;
  ctx.clearRect(0, 0, w, h);
  const y = (v) => h - pad - ((v - min) / (max - min)) * (h - 2 * pad);
  const endMs = newestMs();
  const x = (t) => labelW + ((t - (endMs - WINDOW_MS)) / WINDOW_MS) * plotW;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#6b7385";
  ctx.textBaseline = "middle";
  for (const g of guides) {
    ctx.strokeStyle = g.colour || "#e3e6ec";
    ctx.setLineDash(g.dash || []);
    ctx.beginPath(); ctx.moveTo(labelW, y(g.v)); ctx.lineTo(w, y(g.v)); ctx.stroke();
    ctx.fillText(String(g.label ?? g.v), 2, y(g.v));
  }
  ctx.setLineDash([]);
  drawMarkers(ctx, labelW, plotW, h, endMs);
  ctx.strokeStyle = "#1a9e6f";
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  ctx.beginPath();
  let drawing = false, drawn = 0;
  for (const { t, v } of points) {
    if (v === null || t === null) { drawing = false; continue; }
    const xx = x(t), yy = y(Math.max(min, Math.min(max, v)));
    if (drawing) ctx.lineTo(xx, yy); else ctx.moveTo(xx, yy);
    drawing = true;
    drawn++;
  }
  ctx.stroke();
  canvas.dataset.dyad = dyad || "";
  canvas.dataset.points = String(drawn);
}

function renderDyad() {
  const key = chosenDyad();
  $("dyad-name").textContent = key ? key.replace("/", " – ") : "—";
  const h = (key && state.dyads.get(key)) || [];
  const last = h[h.length - 1] || {};
  const series = (path) => h.map((p) => ({ t: num(p.time_ms), v: num(get(p, path)) }));
  const maxLag = num(last.max_lag_ms) || 2000;
  const rGuides = [{ v: 1 }, { v: 0 }, { v: -1 }];
  chart($("chart-movement"), series("movement.r"), -1, 1, rGuides, key);
  chart($("chart-vocal"), series("vocal.r"), -1, 1, rGuides, key);
  chart($("chart-lag"), series("movement.lag_ms"), -maxLag, maxLag, [{ v: maxLag }, { v: 0 }, { v: -maxLag }], key);
  chart($("chart-z"), series("movement.z"), -2, 10, [{ v: 10 }, { v: 1.64, label: "1.64", colour: "#d08a15", dash: [5, 4] }, { v: -2 }], key);
  const lead = get(last, "movement.leader");
  $("now-movement").textContent = fmt(get(last, "movement.r"), 2);
  $("now-vocal").textContent = fmt(get(last, "vocal.r"), 2);
  $("now-lag").textContent = num(get(last, "movement.lag_ms")) === null ? "" : `${get(last, "movement.lag_ms")} ms` + (lead ? ` (${lead} leads)` : "");
  $("dyad-talk").textContent = key ? conversation(key, last) : "";
  const p = num(get(last, "movement.p"));
  $("now-z").textContent = fmt(get(last, "movement.z"), 1) + (p === null ? "" : ` (p ${p < 0.001 ? "< 0.001" : "= " + p.toFixed(3)})`);
}

// The newest window's turn-taking, in words: who holds the floor, how often it changes hands.
function conversation(key, last) {
  const [a, b] = key.split("/");
  const shareA = num(get(last, "vocal.share_a")), shareB = num(get(last, "vocal.share_b"));
  const windowS = (num(last.window_ms) || 10000) / 1000;
  if (shareA === null || shareB === null) {
    return num(get(last, "vocal.silence_ms")) === null ? "Conversation: no value in this window"
      : `Conversation, last ${windowS} s: neither spoke`;
  }
  const parts = [`${a} ${Math.round(shareA * 100)} %, ${b} ${Math.round(shareB * 100)} % of the talk`];
  const turns = num(get(last, "vocal.transitions"));
  if (turns !== null) parts.push(`${turns} turn change${turns === 1 ? "" : "s"}`);
  const overlap = num(get(last, "vocal.overlap_ms")), silence = num(get(last, "vocal.silence_ms"));
  if (overlap !== null) parts.push(`both ${(overlap / 1000).toFixed(1)} s`);
  if (silence !== null) parts.push(`silent ${(silence / 1000).toFixed(1)} s`);
  const latency = num(get(last, "vocal.response_latency_ms"));
  if (latency !== null) parts.push(`answers after ${latency} ms`);
  return `Conversation, last ${windowS} s: ` + parts.join(" · ");
}

function renderSpeaking() {
  const canvas = $("speaking");
  const ids = badgeIds();
  const labelW = 44, axisH = 14;
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.clearRect(0, 0, w, h);
  if (!ids.length) return;
  const plotW = w - labelW;
  const rowH = (h - axisH) / ids.length;
  const endMs = newestMs(), startMs = endMs - WINDOW_MS;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  ids.forEach((id, row) => {
    ctx.fillStyle = row % 2 ? "#f6f7f9" : "#ffffff";
    ctx.fillRect(labelW, row * rowH, plotW, rowH);
    ctx.fillStyle = "#4a5263";
    ctx.fillText(id, 4, row * rowH + rowH / 2);
  });
  for (let i = 0; i < state.room.length; i++) {
    const r = state.room[i];
    const t = num(r.time_ms);
    if (t === null || t < startMs) continue;
    const prev = i > 0 ? num(state.room[i - 1].time_ms) : null;
    const hopMs = prev === null ? 1000 : Math.min(5000, Math.max(1, t - prev));
    const x = labelW + ((t - hopMs - startMs) / WINDOW_MS) * plotW;
    const bw = Math.max(1, (hopMs / WINDOW_MS) * plotW + 0.5);
    const speaking = r.speaking || {};
    ids.forEach((id, row) => {
      const f = num(speaking[id]);
      if (f && f > 0) {
        ctx.fillStyle = `rgba(26,158,111,${(0.2 + 0.8 * f).toFixed(2)})`;
        ctx.fillRect(x, row * rowH + 2, bw, rowH - 4);
      }
    });
  }
  drawMarkers(ctx, labelW, plotW, h - axisH, endMs);
  ctx.fillStyle = "#6b7385";
  ctx.textBaseline = "bottom";
  for (let m = 0; m <= WINDOW_MS / 60000; m++) {
    const x = labelW + plotW - (m * 60000 / WINDOW_MS) * plotW;
    const text = m === 0 ? "now" : `−${m} min`;
    ctx.fillText(text, Math.min(x, w - ctx.measureText(text).width - 2), h);
  }
}

function renderMarkers() {
  setHtml($("markers"), state.markers
    .slice(-12)
    .reverse()
    .map((m) => `<li><span class="muted">${new Date(num(m.time_ms) || Date.now()).toLocaleTimeString()}</span> ${esc(m.label || "")}</li>`)
    .join(""));
}

const MIN_RENDER_GAP_MS = 250;   // the hop is 1 s: redrawing faster only costs a phone's battery
let scheduled = false, lastRenderMs = 0, renderGapMs = MIN_RENDER_GAP_MS;
function render() {
  scheduled = false;
  const startedMs = performance.now();
  frame = computeFrame();
  measureCanvases();
  renderHeader();
  renderRoom();
  renderTopDyads();
  renderBadges();
  renderDyad();
  renderSpeaking();
  renderMarkers();
  document.body.dataset.updates = String(state.updates);
  lastRenderMs = Date.now();
  // On a slow phone in a big room drawing could starve the stream: keep at least two thirds of the
  // time for reading updates, or the gateway drops this browser as too slow.
  renderGapMs = Math.max(MIN_RENDER_GAP_MS, 2 * (performance.now() - startedMs));
}
// A timer, not requestAnimationFrame: a dashboard left in a background tab still keeps up.
function schedule() {
  if (!scheduled) { scheduled = true; setTimeout(render, Math.max(0, lastRenderMs + renderGapMs - Date.now())); }
}

// ---- connection --------------------------------------------------------------------------

function setConnection(live) {
  $("connection").textContent = live ? "live" : "reconnecting…";
  $("connection").className = live ? "pill pill-good" : "pill pill-bad";
  document.body.classList.toggle("stale", !live);
}

function connect() {
  const source = new EventSource("/api/events");
  const handler = (e) => { apply(JSON.parse(e.data)); schedule(); };
  ["gateway", "badge", "dyad", "room", "marker"].forEach((k) => source.addEventListener(k, handler));
  source.onopen = () => {
    // Every connection starts with a full snapshot: forget what the old stream built.
    state.gateway = null; state.badges.clear(); state.dyads.clear(); state.room = []; state.markers = [];
    state.connections++;
    document.body.dataset.connections = String(state.connections);
    setConnection(true);
    schedule();
  };
  source.onerror = () => {
    setConnection(false);
    // EventSource retries by itself after network errors, but gives up for good after an HTTP
    // error (e.g. 503 while the gateway starts): then start a new one.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_MS);
  };
}

function choose(e) {
  const target = e.target.closest("[data-dyad]");
  if (target) { state.chosen = target.dataset.dyad; schedule(); }
}
$("room").addEventListener("click", choose);
$("top-dyads").addEventListener("click", choose);

$("marker-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const label = $("marker-label").value.trim();
  if (!label) return;
  try {
    const res = await fetch("/api/markers", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ label }) });
    const body = await res.json().catch(() => ({}));
    $("marker-result").textContent = res.ok ? "marker added" : body.error || `error ${res.status}`;
    if (res.ok) $("marker-label").value = "";
  } catch (err) {
    $("marker-result").textContent = "gateway not reachable, marker not added";
  }
});

// "Last seen" and lost badges age even when nothing arrives.
setInterval(schedule, 1000);
window.addEventListener("resize", schedule);
document.body.dataset.connections = "0";
connect();
