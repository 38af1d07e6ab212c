'use strict';
(() => {
  const { el, api, param, link, severity, table, status, splitKey, rendered } = aiprov;

  async function search(q, kind) {
    document.getElementById('q').value = q;
    if (kind) document.getElementById('kind').value = kind;
    const out = document.getElementById('results');
    const r = await api('search', { q, kind });
    out.replaceChildren(r.hits.length
      ? el('ul', { class: 'hits' }, r.hits.map(h => el('li', { data: { kind: h.kind } },
          el('span', { class: 'tag' }, h.kind), ' ', link(h.kind, h.id),
          h.detail ? el('span', { class: 'muted' }, '  ' + h.detail) : '',
          h.unresolved ? el('span', { class: 'tag warn' }, 'unresolved') : '')))
      : el('p', { class: 'muted' }, 'Nothing matches “' + q + '”.'));
  }

  async function overview() {
    const o = await api('overview');
    const c = o.counts;
    document.getElementById('counts').replaceChildren(...[
      ['models', c.models], ['datasets', c.datasets], ['Spaces', c.spaces], ['authors', c.authors],
      ['deployments', c.deployments], ['findings', c.findings], ['alerts', c.alerts]
    ].map(([label, n]) => el('div', { class: 'count', data: { count: label } }, el('b', {}, n.toLocaleString()), label)));
    document.getElementById('graph-name').textContent = o.graph;
    table(document.getElementById('alerts'), [
      { key: 'at', label: 'raised' },
      { key: 'severity', label: 'severity', cell: a => severity(a.severity) },
      { key: 'type', label: 'type' },
      { key: 'artifact', label: 'artifact', cell: a => a.artifact ? link(...splitKey(a.artifact)) : '' },
      { key: 'message', label: 'message' }
    ], o.newestAlerts, { empty: 'no alerts' });
    table(document.getElementById('findings'), [
      { key: 'severity', label: 'severity', cell: f => severity(f.severity) },
      { key: 'rule', label: 'rule' },
      { key: 'repo', label: 'repo', cell: f => link(...splitKey(f.repo)) },
      { key: 'path', label: 'file' },
      { key: 'message', label: 'message' }
    ], o.worstFindings, { empty: 'no findings' });
  }

  document.addEventListener('DOMContentLoaded', async () => {
    try {
      const q = param('q');
      await Promise.all([overview(), q ? search(q, param('kind')) : null]);
      rendered();
    } catch (e) {
      status(e.message, true);
    }
  });
})();
