// Rapport live dashboard. Reads the same JSON payloads the gateway publishes over MQTT
// (docs/mqtt.md) from a Server-Sent Events stream; keeps everything in memory; no libraries.
"use strict";

const HISTORY = 300;            // hops kept per dyad for the charts
const SPEAKING_WINDOW_MS = 120000;

const state = {
  gateway: null,
  badges: new Map(),            // id -> status payload
  dyads: new Map(),             // "a/b" -> [payloads], oldest first
  room: [],                     // room payloads (speaking per badge per hop)
  markers: [],
  chosen: null,
  updates: 0,
};

const $ = (id) => document.getElementById(id);

function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
function fmt(v, digits) { const n = num(v); return n === null ? "–" : n.toFixed(digits); }
function get(obj, path) { return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj); }
function first(obj, ...paths) { for (const p of paths) { const v = get(obj, p); if (v !== undefined && v !== null) return v; } return null; }

function colour(score) {
  const s = num(score);
  if (s === null) return "#d9dde5";
  const stops = [[0, [217, 221, 229]], [0.4, [127, 196, 173]], [0.7, [26, 158, 111]], [1, [11, 94, 65]]];
  for (let i = 1; i < stops.length; i++) {
    if (s <= stops[i][0]) {
      const [a, ca] = stops[i - 1], [b, cb] = stops[i];
      const t = (s - a) / (b - a);
      const c = ca.map((x, k) => Math.round(x + (cb[k] - x) * t));
      return `rgb(${c[0]},${c[1]},${c[2]})`;
    }
  }
  return "rgb(11,94,65)";
}

function apply(update) {
  const { kind, key, data } = update;
  state.updates++;
  if (kind === "gateway") state.gateway = data;
  else if (kind === "badge") state.badges.set(key, data);
  else if (kind === "dyad") {
    let h = state.dyads.get(key);
    if (!h) { h = []; state.dyads.set(key, h); }
    h.push(data);
    if (h.length > HISTORY) h.shift();
    if (!state.chosen) state.chosen = key;
  } else if (kind === "room") {
    state.room.push(data);
    const cutoff = (num(data.time_ms) || 0) - SPEAKING_WINDOW_MS;
    while (state.room.length && num(state.room[0].time_ms) < cutoff) state.room.shift();
  } else if (kind === "marker") {
    state.markers.push(data);
    if (state.markers.length > 200) state.markers.shift();
  }
}

function latestDyads() {
  const out = [];
  for (const [key, h] of state.dyads) out.push({ key, p: h[h.length - 1] });
  return out;
}

function badgeIds() {
  const ids = new Set(state.badges.keys());
  for (const key of state.dyads.keys()) key.split("/").forEach((b) => ids.add(b));
  return [...ids].sort();
}

function renderHeader() {
  const g = state.gateway || {};
  $("where").textContent = [g.site, g.gateway].filter(Boolean).join(" / ");
  const session = first(g, "session", "session_id");
  $("session").textContent = session ? `session ${session}` : "";
}

function renderRoom() {
  const svg = $("room");
  const ids = badgeIds();
  const radius = 180;
  const pos = new Map();
  ids.forEach((id, i) => {
    const a = (2 * Math.PI * i) / Math.max(ids.length, 1) - Math.PI / 2;
    pos.set(id, [radius * Math.cos(a), radius * Math.sin(a)]);
  });
  const parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0b5e41"/></marker></defs>'];
  const dyads = latestDyads().sort((x, y) => (num(x.p.score) || 0) - (num(y.p.score) || 0));
  for (const { key, p } of dyads) {
    const [a, b] = key.split("/");
    if (!pos.has(a) || !pos.has(b)) continue;
    const s = num(p.score);
    let [x1, y1] = pos.get(a), [x2, y2] = pos.get(b);
    const leader = first(p, "movement.leader");
    if (leader === b) [x1, y1, x2, y2] = [x2, y2, x1, y1];
    // Stop lines at the node's edge so arrow heads stay visible.
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1, r = 20;
    const sx = x1 + (dx * r) / len, sy = y1 + (dy * r) / len, ex = x2 - (dx * r) / len, ey = y2 - (dy * r) / len;
    const width = s === null ? 1 : 1 + 7 * s;
    const arrow = leader && s !== null && s >= 0.4 ? ' marker-end="url(#arrow)"' : "";
    const chosen = key === state.chosen ? ' class="chosen"' : "";
    parts.push(`<line data-dyad="${key}" x1="${sx.toFixed(1)}" y1="${sy.toFixed(1)}" x2="${ex.toFixed(1)}" y2="${ey.toFixed(1)}" stroke="${colour(s)}" stroke-width="${width.toFixed(1)}" opacity="${s === null ? 0.5 : 0.35 + 0.65 * s}"${arrow}${chosen}><title>${a} – ${b}: score ${fmt(s, 2)}</title></line>`);
  }
  for (const id of ids) {
    const [x, y] = pos.get(id);
    const st = state.badges.get(id);
    const missing = st && first(st, "link_state", "state") === "missing" ? " missing" : "";
    parts.push(`<g class="node${missing}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})"><circle r="18"/><text>${id.replace(/^0+/, "") || "0"}</text><title>badge ${id}</title></g>`);
  }
  svg.innerHTML = parts.join("");
}

function renderTopDyads() {
  const rows = latestDyads()
    .filter((d) => num(d.p.score) !== null)
    .sort((x, y) => y.p.score - x.p.score)
    .slice(0, 8)
    .map(({ key, p }) => {
      const lag = num(first(p, "movement.lag_ms"));
      return `<tr data-dyad="${key}"${key === state.chosen ? ' class="chosen"' : ""}><td>${key.replace("/", " – ")}</td><td>${fmt(p.score, 2)}</td><td>${fmt(first(p, "movement.r"), 2)}</td><td>${first(p, "movement.leader") || "–"}</td><td>${lag === null ? "–" : lag + " ms"}</td></tr>`;
    });
  $("top-dyads").tBodies[0].innerHTML = rows.join("") || '<tr><td colspan="5" class="muted">waiting for the first full window…</td></tr>';
}

function ago(ms) {
  if (ms === null) return "–";
  const now = Date.now();
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 2 ? "now" : `${s} s ago`;
}

function renderBadges() {
  const rows = [...state.badges.entries()].sort().map(([id, s]) => {
    const battery = num(first(s, "battery_pct"));
    const loss = num(first(s, "loss_pct"));
    const clock = first(s, "clock.state", "clock_state") || "–";
    const err = num(first(s, "clock.error_ms", "clock_error_ms"));
    const batteryClass = battery === null ? "" : battery < 15 ? "bad" : battery < 35 ? "warn" : "ok";
    const lossClass = loss === null ? "" : loss > 5 ? "bad" : loss > 1 ? "warn" : "ok";
    const clockClass = String(clock).toLowerCase() === "synced" ? "ok" : "warn";
    return `<tr><td>${id}</td><td class="${batteryClass}">${battery === null ? "–" : battery + " %"}</td><td class="${lossClass}">${loss === null ? "–" : loss.toFixed(1) + " %"}</td><td class="${clockClass}">${clock}${err === null ? "" : " ±" + err.toFixed(1) + " ms"}</td><td>${ago(num(first(s, "last_seen_ms")))}</td></tr>`;
  });
  $("badges").tBodies[0].innerHTML = rows.join("") || '<tr><td colspan="5" class="muted">no badges yet</td></tr>';
}

function chart(canvas, values, min, max, zeroLine) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 4;
  ctx.clearRect(0, 0, w, h);
  const y = (v) => h - pad - ((v - min) / (max - min)) * (h - 2 * pad);
  ctx.strokeStyle = "#e3e6ec";
  ctx.lineWidth = 1;
  if (zeroLine !== undefined) { ctx.beginPath(); ctx.moveTo(0, y(zeroLine)); ctx.lineTo(w, y(zeroLine)); ctx.stroke(); }
  ctx.strokeStyle = "#1a9e6f";
  ctx.lineWidth = 2;
  ctx.beginPath();
  let drawing = false;
  values.forEach((v, i) => {
    const x = (i / Math.max(HISTORY - 1, 1)) * w;
    if (v === null) { drawing = false; return; }
    const yy = y(Math.max(min, Math.min(max, v)));
    if (drawing) ctx.lineTo(x, yy); else ctx.moveTo(x, yy);
    drawing = true;
  });
  ctx.stroke();
  ctx.fillStyle = "#6b7385";
  ctx.font = "11px system-ui";
  ctx.fillText(String(max), 4, 12);
  ctx.fillText(String(min), 4, h - 6);
}

function renderDyad() {
  const key = state.chosen;
  $("dyad-name").textContent = key ? key.replace("/", " – ") : "—";
  const h = (key && state.dyads.get(key)) || [];
  const series = (path) => h.map((p) => num(get(p, path)));
  const maxLag = num(first(h[h.length - 1] || {}, "max_lag_ms")) || 2000;
  chart($("chart-movement"), series("movement.r"), -1, 1, 0);
  chart($("chart-vocal"), series("vocal.r"), -1, 1, 0);
  chart($("chart-lag"), series("movement.lag_ms"), -maxLag, maxLag, 0);
  chart($("chart-z"), series("movement.z"), -2, 8, 0);
}

function renderSpeaking() {
  const canvas = $("speaking");
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const ids = badgeIds();
  if (!state.room.length || !ids.length) return;
  const end = num(state.room[state.room.length - 1].time_ms);
  const start = end - SPEAKING_WINDOW_MS;
  const rowH = Math.max(6, Math.min(22, (h - 4) / ids.length));
  const labelW = 44;
  ctx.font = "11px system-ui";
  ids.forEach((id, row) => {
    ctx.fillStyle = "#6b7385";
    ctx.fillText(id, 2, row * rowH + rowH * 0.75);
  });
  const hopW = (w - labelW) / (SPEAKING_WINDOW_MS / 1000);
  for (const r of state.room) {
    const x = labelW + ((num(r.time_ms) - start) / SPEAKING_WINDOW_MS) * (w - labelW);
    const speaking = r.speaking || {};
    ids.forEach((id, row) => {
      const f = num(speaking[id]);
      if (f && f > 0) {
        ctx.fillStyle = `rgba(26,158,111,${0.25 + 0.75 * f})`;
        ctx.fillRect(x - hopW, row * rowH + 2, hopW, rowH - 3);
      }
    });
  }
}

function renderMarkers() {
  $("markers").innerHTML = state.markers
    .slice(-20)
    .reverse()
    .map((m) => `<li>${new Date(num(m.time_ms) || Date.now()).toLocaleTimeString()} — ${String(m.label || "").replace(/[<>&]/g, "")}</li>`)
    .join("");
}

let scheduled = false;
function render() {
  scheduled = false;
  renderHeader();
  renderRoom();
  renderTopDyads();
  renderBadges();
  renderDyad();
  renderSpeaking();
  renderMarkers();
  document.body.dataset.updates = String(state.updates);
}
function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(render); } }

function connect() {
  const source = new EventSource("/api/events");
  const handler = (e) => { apply(JSON.parse(e.data)); schedule(); };
  ["gateway", "badge", "dyad", "room", "marker"].forEach((k) => source.addEventListener(k, handler));
  source.onopen = () => {
    // A reconnect starts from a fresh snapshot: forget what the old stream built.
    state.badges.clear(); state.dyads.clear(); state.room = []; state.markers = [];
    $("connection").textContent = "live";
    $("connection").className = "pill pill-good";
  };
  source.onerror = () => {
    $("connection").textContent = "reconnecting…";
    $("connection").className = "pill pill-bad";
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
  const res = await fetch("/api/markers", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ label }) });
  const body = await res.json().catch(() => ({}));
  $("marker-result").textContent = res.ok ? "marker added" : body.error || `error ${res.status}`;
  if (res.ok) $("marker-label").value = "";
});

setInterval(renderBadges, 1000);
connect();
