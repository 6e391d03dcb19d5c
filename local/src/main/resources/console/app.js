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
  } else if (['overview', 'nominations', 'judging', 'outbox', 'milestones', 'people'].includes(hash)) {
    show(hash);
  } else show('overview');
}

// ---- the graph ---------------------------------------------------------------------------------
// The server lays the graph out (ELK's layered algorithm): boxes, groups and routed edges come with
// their coordinates; this only draws them, and marks the path and the running counts.
const short = (t, n) => (t.length > n ? t.slice(0, n - 1) + '…' : t);
function drawGraph() {
  const graph = state.graph;
  if (!graph) return;
  const root = $('#graph');
  const running = Object.values(graph.running).reduce((a, b) => a + b, 0);
  root.replaceChildren(svg('title', { id: 'graph-title' }));
  root.querySelector('title').textContent = 'State machine: ' + graph.states.length + ' states; ' + running + ' executions running';
  root.setAttribute('viewBox', `0 0 ${graph.width} ${graph.height}`);
  root.setAttribute('width', graph.width);
  root.setAttribute('height', graph.height);
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#505a5f' }));
  defs.append(marker);
  root.append(defs);
  const visited = new Set(state.path);
  const steps = state.path;
  const taken = new Set(steps.slice(1).map((to, i) => steps[i] + '>' + to));
  // Compound states first (behind), then their branch boxes, then edges, then the states on top.
  for (const s of graph.states.filter((x) => x.compound)) {
    const g = svg('g', { class: 'compound' + (visited.has(s.name) ? ' visited' : '') + (state.current === s.name ? ' current' : ''), 'data-state': s.name });
    g.append(svg('rect', { x: s.x, y: s.y, width: s.w, height: s.h, rx: 6 }));
    const t = svg('text', { x: s.x + 10, y: s.y + 20, class: 'title' }); t.textContent = s.name + ' · ' + s.type;
    g.append(t);
    const title = svg('title'); title.textContent = s.name + (s.comment ? ': ' + s.comment : '');
    g.append(title);
    root.append(g);
  }
  for (const b of graph.groups) {
    const g = svg('g', { class: 'group' });
    g.append(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 4 }));
    const t = svg('text', { x: b.x + 8, y: b.y + 17 }); t.textContent = b.label;
    g.append(t);
    root.append(g);
  }
  for (const e of graph.edges) {
    if (!e.points || e.points.length < 2) continue;
    const d = e.points.map(([x, y], i) => (i ? 'L' : 'M') + ' ' + x + ' ' + y).join(' ');
    const back = e.points[e.points.length - 1][1] < e.points[0][1];
    const path = svg('path', { d, class: 'edge ' + e.kind + (back ? ' back' : '') + (taken.has(e.from + '>' + e.to) ? ' visited' : '') });
    const t = svg('title'); t.textContent = `${e.from} → ${e.to}${e.label ? ' (' + e.label + ')' : ''}`;
    path.append(t);
    root.append(path);
    if (e.label && e.labelAt) {
      const l = svg('text', { x: e.labelAt[0], y: e.labelAt[1], class: 'edge-label' }); l.textContent = short(e.label, 28);
      root.append(l);
    }
  }
  for (const s of graph.states.filter((x) => !x.compound)) {
    const g = svg('g', { class: 'node' + (visited.has(s.name) ? ' visited' : '') + (state.current === s.name ? ' current' : '') + (s.end ? ' end' : ''), 'data-state': s.name });
    g.append(svg('rect', { x: s.x, y: s.y, width: s.w, height: s.h, rx: s.type === 'Choice' ? 18 : 4 }));
    const label = svg('text', { x: s.x + 12, y: s.y + s.h / 2 + 4 });
    label.textContent = s.name + ' · ' + s.type;
    g.append(label);
    const title = svg('title'); title.textContent = s.name + (s.comment ? ': ' + s.comment : '');
    g.append(title);
    root.append(g);
  }
  for (const s of graph.states) {
    const n = graph.running[s.name];
    if (!n) continue;
    const badge = svg('g', { class: 'badge', 'data-state': s.name });
    badge.append(svg('circle', { cx: s.x + s.w - 4, cy: s.y + 4, r: 12 }));
    const bt = svg('text', { x: s.x + s.w - 4, y: s.y + 8, 'text-anchor': 'middle' }); bt.textContent = n;
    badge.append(bt);
    root.append(badge);
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

async function loadJudging() {
  await loadCycles();
  const select = $('#judging-cycle');
  const cycles = [...$('#cycle').options].map((o) => [o.value, o.textContent]);
  if ([...select.options].map((o) => o.value).join() !== cycles.map(([id]) => id).join()) {
    select.replaceChildren(...cycles.map(([id, name]) => el('option', { value: id, text: name })));
  }
  const cycle = select.value;
  if (!cycle) return;
  const data = await get('/api/judging?cycleId=' + encodeURIComponent(cycle));
  const num = (n) => el('td', { class: 'num', text: String(n) });
  $('#judging-categories tbody').replaceChildren(...data.categories.map((c) => el('tr', {},
    el('th', { scope: 'row', text: c.name }), el('td', { text: c.mode === 'score' ? 'scores' : 'yes or no' }), num(c.entries), num(c.awaitingPanel),
    num(c.deciding), num(c.complete), num(c.shortlisted), num(c.notShortlisted), num(c.undecided), num(c.scored))));
  $('#judging-judges tbody').replaceChildren(...data.judges.map((j) => el('tr', {},
    el('th', { scope: 'row', text: j.name }), el('td', { text: data.categories.find((c) => c.category === j.category)?.name ?? j.category }),
    num(j.assigned), num(j.decided), num(j.pending), num(j.conflicts))));
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
  // Nothing ahead, nothing to advance to: the button goes rather than sitting there greyed out.
  $('#advance').hidden = !c.next;
  $('#milestones tbody').replaceChildren(...c.milestones.map((m) => el('tr', {},
    el('td', { text: m.cycle }), el('td', { text: m.name }), el('td', { text: when(m.at) }), el('td', { text: m.triggers }), el('td', { text: m.passed ? 'yes' : 'no' }))));
}

$('#advance').addEventListener('click', async () => {
  const r = await post('/api/clock', { toNextMilestone: true });
  const c = await r.json();
  $('#status').textContent = r.ok ? 'The clock is now ' + when(c.now) : c.message;
  refresh();
});
// ---- a person's data: export, erasure (two steps) -------------------------------------------------
$('#erase').addEventListener('click', () => {
  const email = $('#person-email').value.trim();
  if (!email) { $('#person-result').replaceChildren(el('p', { class: 'error', text: 'Enter an email address first.' })); return; }
  $('#confirm-erase').textContent = 'Yes, erase ' + email;
  $('#confirm-erasure').hidden = false;
  $('#confirm-erase').focus();
});
$('#cancel-erasure').addEventListener('click', () => { $('#confirm-erasure').hidden = true; $('#erase').focus(); });
$('#person').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const action = ev.submitter && ev.submitter.value === 'erasure' ? 'erasure' : 'export';
  const email = $('#person-email').value.trim();
  const out = $('#person-result');
  const r = await post('/api/people/' + action, { email });
  const body = await r.json();
  $('#confirm-erasure').hidden = true;
  if (!r.ok) {
    const errors = (body.errors || []).map((e) => e.message).join('; ');
    out.replaceChildren(el('p', { class: 'error', text: (body.title || 'Refused') + (errors ? ': ' + errors : '') }));
    return;
  }
  if (action === 'erasure') {
    const items = Object.entries(body.itemsErased).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing held';
    out.replaceChildren(el('h3', { text: 'Erased' }),
      el('p', { text: `${body.nominationsWithdrawn} open nomination(s) withdrawn; items erased: ${items}.` }));
    return;
  }
  const text = JSON.stringify(body, null, 2);
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: 'personal-data.json', text: 'Download it (JSON)' });
  out.replaceChildren(el('h3', { text: 'What is held about ' + body.email }),
    el('ul', {}, el('li', { text: body.nominations.length + ' nomination(s) made' }), el('li', { text: body.roles.length + ' role(s) in cycles' }),
      el('li', { text: body.votes.length + ' vote(s)' }), el('li', { text: body.emails.length + ' email(s) sent to them' }),
      el('li', { text: 'named in ' + body.mentionedIn.length + ' other item(s)' })),
    el('p', {}, link), el('details', {}, el('summary', { text: 'The whole document' }), el('pre', { text })));
});
$('#remind-judges').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const cycle = $('#judging-cycle').value;
  if (!cycle) return;
  const r = await post('/api/judging/reminders?cycleId=' + encodeURIComponent(cycle), {});
  const body = await r.json();
  $('#remind-result').replaceChildren(el('p', { class: r.ok ? '' : 'error', text: r.ok ? body.detail : (body.title || 'Refused') + ': ' + body.detail }));
});
$('#filters').addEventListener('change', () => refresh());
$('#cycle').addEventListener('change', () => refresh());
$('#judging-cycle').addEventListener('change', () => refresh());

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
    else if (state.view === 'judging') await loadJudging();
    else if (state.view === 'outbox') await loadOutbox();
  } catch (e) {
    $('#status').textContent = 'Could not refresh: ' + e.message;
  } finally {
    busy = false;
  }
}
route();
setInterval(refresh, 2000);
