'use strict';
// Shared helpers. Data only ever reaches the page as text (textContent / text nodes), never as HTML.
const aiprov = (() => {
  /** An element; children that are not nodes become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'data') for (const [dk, dv] of Object.entries(v)) e.dataset[dk] = dv;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c == null) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** GET /api/…; throws an Error with the server's one-line message on failure. */
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') q.set(k, v);
    const res = await fetch('/api/' + path + (q.toString() ? '?' + q : ''), { credentials: 'same-origin' });
    const body = await res.json().catch(() => ({ error: res.status + ' ' + res.statusText }));
    if (!res.ok) throw new Error(body.error || (res.status + ' ' + res.statusText));
    return body;
  }

  /** Where a graph node's own page is. */
  function href(kind, id) {
    switch (kind) {
      case 'model': return '/lineage?model=' + encodeURIComponent(id);
      case 'deployment': return '/inventory?deployment=' + encodeURIComponent(id);
      default: return '/exposure?artifact=' + encodeURIComponent(kind + ':' + id);
    }
  }

  /** kind:id → [kind, id] ("deployment:app" → ["deployment", "app"]). */
  function splitKey(key) {
    const i = key.indexOf(':');
    return [key.substring(0, i), key.substring(i + 1)];
  }

  function link(kind, id, text) {
    return el('a', { href: href(kind, id) }, text == null ? id : text);
  }

  function severity(s) {
    return s ? el('span', { class: 'sev sev-' + String(s).toLowerCase() }, s) : '';
  }

  function status(message, isError) {
    const s = document.getElementById('status');
    if (!s) return;
    s.textContent = message || '';
    s.classList.toggle('error', !!isError);
  }

  /**
   * A table that sorts (click a header) and filters (type in the box). columns: [{key, label,
   * cell(row) → node or text, value(row) → sort/filter value}]. Rows carry data-row="i". Big tables
   * are built opts.chunk rows at a time (the table gets data-complete when the last row is in).
   */
  function table(container, columns, rows, opts) {
    opts = opts || {};
    container.replaceChildren();
    const value = (c, r) => c.value ? c.value(r) : r[c.key];
    const filter = el('input', { type: 'search', placeholder: 'filter…', 'aria-label': 'filter', class: 'filter' });
    const count = el('span', { class: 'muted' });
    container.append(el('div', { class: 'table-tools' }, filter, count));
    const head = el('tr', {}, columns.map(c => el('th', { scope: 'col', data: { key: c.key } }, c.label)));
    const body = el('tbody');
    const t = el('table', { class: opts.className || 'data' }, el('thead', {}, head), body);
    container.append(t);
    let order = rows.map((r, i) => i);
    let sortKey = null, dir = 1;
    const texts = rows.map(r => columns.map(c => String(value(c, r) ?? '')).join(' ').toLowerCase());
    const chunk = opts.chunk || 250;
    let drawing = 0;
    /** The first rows at once, the rest in chunks between frames (the page is usable meanwhile). */
    function draw() {
      const f = filter.value.trim().toLowerCase();
      const shown = order.filter(i => !f || texts[i].includes(f));
      const tr = i => el('tr', { data: { row: i } },
          columns.map(c => el('td', { class: c.className }, c.cell ? c.cell(rows[i]) : (value(c, rows[i]) ?? ''))));
      const run = ++drawing;
      delete t.dataset.complete;
      body.replaceChildren(...shown.slice(0, chunk).map(tr));
      const rest = from => {
        if (run !== drawing) return;
        if (from >= shown.length) {
          t.dataset.complete = 'true';
          performance.mark((opts.className || 'table') + ' complete');
          return;
        }
        body.append(...shown.slice(from, from + chunk).map(tr));
        setTimeout(() => rest(from + chunk), 0);
      };
      if (shown.length <= chunk) rest(shown.length);
      else setTimeout(() => rest(chunk), 0);
      const n = x => x.toLocaleString('en') + (x === 1 ? ' row' : ' rows');
      count.textContent = shown.length === rows.length ? n(rows.length) : shown.length.toLocaleString('en') + ' of ' + n(rows.length);
      if (!rows.length) body.append(el('tr', {}, el('td', { colspan: columns.length, class: 'muted' }, opts.empty || 'none')));
    }
    head.addEventListener('click', ev => {
      const th = ev.target.closest('th');
      if (!th) return;
      const c = columns.find(x => x.key === th.dataset.key);
      dir = sortKey === c.key ? -dir : 1;
      sortKey = c.key;
      const cmp = (a, b) => {
        const x = value(c, rows[a]), y = value(c, rows[b]);
        if (x == null) return y == null ? 0 : 1;
        if (y == null) return -1;
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
      };
      order = order.slice().sort(cmp);
      for (const h of head.children) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      draw();
    });
    filter.addEventListener('input', draw);
    if (opts.filter) filter.value = opts.filter;
    draw();
    return t;
  }

  /** A performance mark (the render-time benchmark reads them to tell the phases of a page apart). */
  function mark(name) {
    performance.mark(name);
  }

  /** Marks the page as rendered (for tests and the render-time benchmark); rows: the answer's size. */
  function rendered(rows) {
    mark('rendered');
    document.body.dataset.renderMs = String(Math.round(performance.now()));
    if (rows != null) document.body.dataset.rows = String(rows);
    document.body.dataset.rendered = 'true';
  }

  return { el, param, api, href, splitKey, link, severity, status, table, mark, rendered };
})();
