// The local console: the state machine drawn from its own definition, executions that stay current,
// their histories, nominations, the outbox and the clock. Plain DOM, no library, nothing from the internet.
'use strict';
const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  children.forEach((c) => e.append(c));
  return e;
};
const svg = (tag, attrs = {}) => {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const get = async (url) => {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(url + ' ' + r.status);
  return r.json();
};
// Writes carry the session's CSRF token; the console refuses them without it.
let csrf = null;
const post = async (url, body) => {
  if (csrf === null) csrf = (await get('/api/session')).csrf;
  return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-csrf-token': csrf } });
};
const when = (iso) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' }) : '');
const state = { view: 'overview', selected: null, path: [], current: null, graph: null, message: null };

// ---- views -----------------------------------------------------------------------------------
function show(view) {
  state.view = view;
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  refresh();
}
window.addEventListener('hashchange', () => route());
function route() {
  const hash = location.hash.slice(1);
  if (hash.startsWith('execution/')) {
    state.selected = decodeURIComponent(hash.slice('execution/'.length));
    show('overview');
  } else if (['overview', 'nominations', 'outbox', 'milestones'].includes(hash)) {
    show(hash);
  } else show('overview');
}

// ---- the graph ---------------------------------------------------------------------------------
const W = 190, H = 40, GAP_Y = 34, GAP_X = 24;
function layout(graph) {
  const byName = new Map(graph.states.map((s) => [s.name, s]));
  const rank = new Map([[graph.startAt, 0]]);
  const queue = [graph.startAt];
  while (queue.length) {
    const from = queue.shift();
    for (const e of graph.edges.filter((x) => x.from === from)) {
      if (!rank.has(e.to) && byName.has(e.to)) { rank.set(e.to, rank.get(from) + 1); queue.push(e.to); }
    }
  }
  graph.states.forEach((s) => { if (!rank.has(s.name)) rank.set(s.name, 0); });
  const rows = [];
  for (const s of graph.states) {
    const r = rank.get(s.name);
    (rows[r] = rows[r] || []).push(s);
  }
  const pos = new Map();
  let y = 16;
  const width = Math.max(...rows.map((row) => row.reduce((w, s) => w + boxWidth(s) + GAP_X, 0))) + 120;
  rows.forEach((row) => {
    const rowWidth = row.reduce((w, s) => w + boxWidth(s) + GAP_X, -GAP_X);
    let x = (width - 80 - rowWidth) / 2;
    const height = Math.max(...row.map(boxHeight));
    row.forEach((s) => { pos.set(s.name, { x, y, w: boxWidth(s), h: boxHeight(s), rank: rank.get(s.name) }); x += boxWidth(s) + GAP_X; });
    y += height + GAP_Y;
  });
  return { pos, width, height: y };
}
const boxWidth = (s) => (s.branches ? Math.max(W, s.branches.length * (W - 20) + 20) : W);
const boxHeight = (s) => (s.branches ? 34 + Math.max(...s.branches.map((b) => b.states.length)) * 22 : H);

function drawGraph() {
  const graph = state.graph;
  if (!graph) return;
  const root = $('#graph');
  const { pos, width, height } = layout(graph);
  root.replaceChildren(svg('title', { id: 'graph-title' }));
  root.querySelector('title').textContent = 'State machine: ' + graph.states.length + ' states; ' + Object.values(graph.running).reduce((a, b) => a + b, 0) + ' executions running';
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('width', width);
  root.setAttribute('height', height);
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#505a5f' }));
  defs.append(marker);
  root.append(defs);
  const visited = new Set(state.path);
  const top = new Set(graph.states.map((s) => s.name));
  const steps = state.path.filter((n) => top.has(n));
  const taken = new Set(steps.slice(1).map((to, i) => steps[i] + '>' + to));
  for (const e of graph.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const back = b.rank <= a.rank;
    let d;
    if (back) {
      const side = Math.max(a.x + a.w, b.x + b.w) + 30;
      d = `M ${a.x + a.w} ${a.y + a.h / 2} C ${side} ${a.y + a.h / 2}, ${side} ${b.y + b.h / 2}, ${b.x + b.w} ${b.y + b.h / 2}`;
    } else {
      d = `M ${a.x + a.w / 2} ${a.y + a.h} L ${b.x + b.w / 2} ${b.y}`;
    }
    const path = svg('path', { d, class: 'edge ' + e.kind + (back ? ' back' : '') + (taken.has(e.from + '>' + e.to) ? ' visited' : '') });
    const t = svg('title'); t.textContent = `${e.from} → ${e.to}${e.label ? ' (' + e.label + ')' : ''}`;
    path.append(t);
    root.append(path);
  }
  for (const s of graph.states) {
    const p = pos.get(s.name);
    const g = svg('g', { class: 'node' + (visited.has(s.name) ? ' visited' : '') + (state.current === s.name ? ' current' : '') + (s.end ? ' end' : ''), 'data-state': s.name });
    g.append(svg('rect', { x: p.x, y: p.y, width: p.w, height: p.h, rx: s.type === 'Choice' ? 18 : 4 }));
    const label = svg('text', { x: p.x + 8, y: p.y + 16 });
    label.textContent = s.name + ' · ' + s.type;
    g.append(label);
    if (s.branches) {
      s.branches.forEach((b, i) => b.states.forEach((inner, j) => {
        const t = svg('text', { x: p.x + 12 + i * (W - 20), y: p.y + 36 + j * 22, class: visited.has(inner.name) ? 'inner visited' : 'inner' });
        t.textContent = (visited.has(inner.name) ? '✓ ' : '· ') + inner.name;
        g.append(t);
      }));
    }
    const title = svg('title'); title.textContent = s.name + (s.comment ? ': ' + s.comment : '');
    g.append(title);
    const n = graph.running[s.name];
    if (n) {
      const badge = svg('g', { class: 'badge' });
      badge.append(svg('circle', { cx: p.x + p.w - 4, cy: p.y + 4, r: 12 }));
      const bt = svg('text', { x: p.x + p.w - 4, y: p.y + 8, 'text-anchor': 'middle' }); bt.textContent = n;
      badge.append(bt);
      g.append(badge);
    }
    root.append(g);
  }
  const tbody = $('#state-counts tbody');
  tbody.replaceChildren(...Object.entries(graph.running).sort().map(([name, n]) => el('tr', {}, el('td', { text: name }), el('td', { text: String(n) }))));
  const totals = graph.totals;
  $('#totals').textContent = Object.entries(totals).filter(([, n]) => n).map(([s, n]) => `${n} ${s.toLowerCase().replace('_', ' ')}`).join(', ') || 'No executions yet.';
  const stateSelect = document.querySelector('#filters [name=state]');
  if (stateSelect.options.length === 1) graph.states.forEach((s) => stateSelect.append(el('option', { text: s.name })));
}

// ---- executions ----------------------------------------------------------------------------------
async function loadExecutions() {
  const q = new URLSearchParams(new FormData($('#filters')));
  const data = await get('/api/executions?' + q);
  $('#executions tbody').replaceChildren(...data.executions.map((x) => el('tr', { 'data-name': x.name },
    el('td', {}, el('a', { href: '#execution/' + encodeURIComponent(x.name), text: x.reference })),
    el('td', { text: x.status }), el('td', { text: x.state }), el('td', { text: x.category }), el('td', { text: when(x.startedAt) }))));
}

async function loadExecution() {
  const box = $('#execution');
  if (!state.selected) { box.hidden = true; state.path = []; state.current = null; return; }
  const x = await get('/api/executions/' + encodeURIComponent(state.selected));
  box.hidden = false;
  $('#execution-heading').textContent = 'Execution ' + x.reference;
  $('#execution-summary').textContent = `${x.name} · ${x.status}${x.state ? ' · in ' + x.state : ''} · started ${when(x.startedAt)}${x.error ? ' · ' + x.error : ''}`;
  state.path = x.path;
  state.current = x.status === 'RUNNING' ? x.state : null;
  const rows = x.events.map((e) => {
    const details = Object.entries(e).find(([k]) => k.endsWith('EventDetails'));
    const name = details && details[1].name ? details[1].name : '';
    const cell = el('td');
    if (details) {
      const d = el('details', {}, el('summary', { text: 'show' }), el('pre', { text: JSON.stringify(details[1], null, 2) }));
      cell.append(d);
    }
    return el('tr', {}, el('td', { text: String(e.id) }), el('td', { text: e.type }), el('td', { text: when(e.time) }), el('td', { text: name }), cell);
  });
  const open = new Set([...document.querySelectorAll('#events details[open]')].map((d) => d.closest('tr').firstChild.textContent));
  $('#events tbody').replaceChildren(...rows);
  document.querySelectorAll('#events tbody tr').forEach((tr) => { if (open.has(tr.firstChild.textContent)) tr.querySelector('details')?.setAttribute('open', ''); });
}

// ---- nominations, outbox, clock ------------------------------------------------------------------
async function loadCycles() {
  const data = await get('/api/cycles');
  const select = $('#cycle');
  const known = [...select.options].map((o) => o.value).join();
  if (known !== data.cycles.map((c) => c.id).join()) {
    select.replaceChildren(...data.cycles.map((c) => el('option', { value: c.id, text: c.name })));
    const categories = document.querySelector('#filters [name=category]');
    data.cycles.flatMap((c) => c.categories).forEach((c) => {
      if (![...categories.options].some((o) => o.value === c.id)) categories.append(el('option', { value: c.id, text: c.name }));
    });
  }
}

async function loadNominations() {
  await loadCycles();
  const cycle = $('#cycle').value;
  if (!cycle) return;
  $('#csv').href = '/api/nominations.csv?cycleId=' + encodeURIComponent(cycle);
  const data = await get('/api/nominations?cycleId=' + encodeURIComponent(cycle));
  $('#nominations tbody').replaceChildren(...data.nominations.map((n) => el('tr', {},
    el('td', {}, el('a', { href: '#execution/' + encodeURIComponent(n.execution), text: n.reference })),
    el('td', { text: n.nominee }), el('td', { text: n.category }), el('td', { text: n.status }), el('td', { text: n.panel }),
    el('td', { text: Object.entries(n.votes).map(([j, v]) => j + ': ' + v.toLowerCase()).join('; ') }),
    el('td', { text: n.emailsRefused.length ? 'refused by SES: ' + n.emailsRefused.join(', ').toLowerCase() : '' }))));
}

async function loadOutbox() {
  const data = await get('/api/outbox');
  $('#messages').replaceChildren(...data.messages.map((m) => {
    const b = el('button', { type: 'button', 'aria-pressed': String(state.message === m.id), 'data-id': m.id },
      el('strong', { text: m.subject }), el('small', { text: 'to ' + m.to.join(', ') + ' · ' + when(m.sentAt) }));
    b.addEventListener('click', () => openMessage(m));
    return el('li', {}, b);
  }));
}

function openMessage(m) {
  state.message = m.id;
  document.querySelectorAll('#messages button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.id === m.id)));
  const links = el('ul', { 'aria-label': 'Links in this email' }, ...m.links.map((l) => el('li', {}, el('a', { href: l, target: '_blank', rel: 'noopener', class: 'mail-link', text: l }))));
  $('#message').replaceChildren(
    el('h3', { text: m.subject }),
    el('p', { text: `From ${m.from} to ${m.to.join(', ')}, ${when(m.sentAt)}` }),
    el('iframe', { src: `/api/outbox/${m.id}/html`, title: 'The email as HTML', sandbox: 'allow-popups allow-popups-to-escape-sandbox' }),
    el('h4', { text: 'Links' }), links,
    el('p', {}, el('a', { href: `/api/outbox/${m.id}/text`, target: '_blank', text: 'Plain-text version' })));
}

async function loadClock() {
  const c = await get('/api/clock');
  $('#now').textContent = when(c.now);
  $('#next-milestone').textContent = c.next ? `Next: ${c.next.name}, ${when(c.next.at)} — ${c.next.triggers}` : 'No milestone ahead.';
  $('#advance').disabled = !c.next;
  $('#milestones tbody').replaceChildren(...c.milestones.map((m) => el('tr', {},
    el('td', { text: m.cycle }), el('td', { text: m.name }), el('td', { text: when(m.at) }), el('td', { text: m.triggers }), el('td', { text: m.passed ? 'yes' : 'no' }))));
}

$('#advance').addEventListener('click', async () => {
  const r = await post('/api/clock', { toNextMilestone: true });
  const c = await r.json();
  $('#status').textContent = r.ok ? 'The clock is now ' + when(c.now) : c.message;
  refresh();
});
$('#filters').addEventListener('change', () => refresh());
$('#cycle').addEventListener('change', () => refresh());

// ---- keep current ----------------------------------------------------------------------------------
let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    await loadClock();
    if (state.view === 'overview') {
      state.graph = await get('/api/graph');
      await loadCycles();
      await loadExecutions();
      await loadExecution();
      drawGraph();
    } else if (state.view === 'nominations') await loadNominations();
    else if (state.view === 'outbox') await loadOutbox();
  } catch (e) {
    $('#status').textContent = 'Could not refresh: ' + e.message;
  } finally {
    busy = false;
  }
}
route();
setInterval(refresh, 2000);
