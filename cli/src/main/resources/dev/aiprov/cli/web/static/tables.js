'use strict';
// /findings, /alerts and /inventory: one API call each, shown as a table that sorts and filters.
(() => {
  const { el, api, param, link, severity, table, status, splitKey, rendered } = aiprov;
  const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const sevCol = { key: 'severity', label: 'severity', cell: r => severity(r.severity),
                   value: r => rank[String(r.severity).toLowerCase()] ?? 9 };
  const repoCol = (key, label) => ({ key, label, cell: r => r[key] ? link(...splitKey(r[key])) : '' });
  const short = s => s ? s.substring(0, 12) : '';

  const pages = {
    async findings() {
      const r = await api('findings', { severity: param('severity'), repo: param('repo') });
      table(document.getElementById('table'), [
        sevCol, { key: 'rule', label: 'rule' }, repoCol('repo', 'repo'),
        { key: 'revision', label: 'revision', cell: f => short(f.revision) },
        { key: 'path', label: 'file', className: 'path' }, { key: 'line', label: 'line' },
        { key: 'message', label: 'message' },
        { key: 'evidence', label: 'evidence', value: f => f.secretRedacted ? f.secretType + ' ' + f.secretRedacted : f.evidence }
      ], r.findings, { empty: 'no findings', filter: param('filter') });
      table(document.getElementById('table2'), [
        repoCol('repo', 'repo'), { key: 'revision', label: 'revision', cell: u => short(u.revision) },
        { key: 'path', label: 'file', className: 'path' }, { key: 'status', label: 'status' }, { key: 'why', label: 'why' }
      ], r.unjudged, { empty: 'every file was judged' });
    },
    async alerts() {
      const r = await api('alerts', { type: param('type'), since: param('since') });
      table(document.getElementById('table'), [
        { key: 'at', label: 'raised' }, sevCol, { key: 'type', label: 'type' },
        repoCol('artifact', 'artifact'),
        { key: 'deployment', label: 'deployment', cell: a => a.deployment ? link('deployment', a.deployment) : '' },
        { key: 'message', label: 'message' }
      ], r.slice().reverse(), { empty: 'no alerts', filter: param('filter') });
    },
    async inventory() {
      const deployment = param('deployment');
      const [r, pol] = await Promise.all([api('inventory', { deployment }), api('policy', { deployment })]);
      // the default policy's verdict per use (the same report as `aiprov policy check --format json`)
      const broken = new Map();
      for (const v of pol.violations) {
        const k = v.deployment + '\u0000' + v.artifact;
        if (!broken.has(k)) broken.set(k, []);
        if (!broken.get(k).includes(v.rule)) broken.get(k).push(v.rule);
      }
      const rules = u => broken.get(u.deployment + '\u0000' + u.artifact) || [];
      if (deployment) document.querySelector('h1').textContent = 'Inventory: ' + deployment;
      table(document.getElementById('table'), [
        { key: 'deployment', label: 'deployment', cell: u => link('deployment', u.deployment) },
        { key: 'environment', label: 'env' }, { key: 'owner', label: 'owner' },
        repoCol('artifact', 'artifact'),
        { key: 'revision', label: 'revision', value: u => u.followsMain ? 'follows main' : u.revision },
        { key: 'pinned', label: 'pinned', value: u => u.pinned ? 'pinned' : 'floating',
          cell: u => el('span', { class: 'tag ' + (u.pinned ? 'ok' : 'warn') }, u.pinned ? 'pinned' : 'floating') },
        { key: 'pulledAt', label: 'pulled' },
        { key: 'approval', label: 'approval' },
        { key: 'worstFinding', label: 'worst finding', value: u => u.worstFinding,
          cell: u => rank[u.worstFinding] != null ? severity(u.worstFinding) : u.worstFinding },
        { key: 'policy', label: 'policy', value: u => rules(u).length ? 'fails ' + rules(u).join(' ') : 'passes',
          cell: u => el('span', { class: 'tag policy ' + (rules(u).length ? 'warn' : 'ok') },
                        rules(u).length ? 'fails: ' + rules(u).join(', ') : 'passes') }
      ], r, { empty: 'no deployments imported (aiprov inventory import aiprov.yaml)', filter: param('filter') });
    }
  };

  document.addEventListener('DOMContentLoaded', async () => {
    try {
      await pages[document.body.dataset.page]();
      rendered();
    } catch (e) {
      status(e.message, true);
    }
  });
})();
