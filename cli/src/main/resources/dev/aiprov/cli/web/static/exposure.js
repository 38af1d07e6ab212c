'use strict';
(() => {
  const { el, api, param, link, table, status, splitKey, mark, rendered } = aiprov;

  /** A path of ids (deployment first, artifact last) as links. */
  function pathCell(path) {
    const out = [];
    path.forEach((key, i) => {
      if (i) out.push(' → ');
      out.push(key.includes(':') ? link(...splitKey(key), key) : key);
    });
    return el('span', {}, out);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const artifact = param('artifact');
    const query = { artifact, since: param('since'), until: param('until'), depth: param('depth') };
    for (const k of ['artifact', 'since', 'until']) if (query[k]) document.getElementById(k).value = query[k];
    if (!artifact) {
      status('Name the compromised artifact: model:ORG/NAME[@REVISION], dataset:…, space:…, author:NAME (with a time window), file:SHA256, secret:SHA256 or rule:RULE_ID.');
      rendered();
      return;
    }
    try {
      status('asking…');
      const e = await api('exposure', query);
      mark('api');
      status('');
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
      document.getElementById('summary').replaceChildren(
        el('p', {}, el('b', {}, e.artifact), ': ',
          e.affected.length + (e.affected.length === 1 ? ' affected deployment or Space, ' : ' affected deployments and Spaces, ')
          + e.artifacts.length + ' affected models and datasets' + (e.since || e.until ? ' (window ' + (e.since || '…') + ' – ' + (e.until || '…') + ')' : '')
          + (e.complete ? '' : ' — INCOMPLETE: the search hit its limits')),
        el('a', { class: 'download', href: '/api/exposure.md?' + q, download: '' }, 'Download the incident report (Markdown)'));
      table(document.getElementById('affected'), [
        { key: 'kind', label: 'kind' },
        { key: 'name', label: 'name', cell: a => a.kind === 'deployment' ? link('deployment', a.name) : link('space', a.name) },
        { key: 'owner', label: 'owner' }, { key: 'env', label: 'env' },
        { key: 'pinned', label: 'use', value: a => a.pinned ? 'pinned' : 'floating',
          cell: a => el('span', { class: 'tag ' + (a.pinned ? 'ok' : 'warn') }, a.pinned ? 'pinned' : 'floating') },
        { key: 'revision', label: 'revision', cell: a => a.revision ? el('span', { title: a.revision }, a.revision.substring(0, 12)) : '' },
        { key: 'path', label: 'path that explains it', className: 'path', value: a => a.path.join(' → '), cell: a => pathCell(a.path) },
        { key: 'reason', label: 'reason' }
      ], e.affected, { className: 'affected', empty: 'no deployment or Space is affected' });
      table(document.getElementById('seeds'), [
        { key: 'key', label: 'repo', cell: s => link(...splitKey(s.key), s.key) },
        { key: 'author', label: 'author' },
        { key: 'revisions', label: 'revisions', value: s => s.revisions.length ? s.revisions.join(', ') : 'every revision' },
        { key: 'why', label: 'why' }, { key: 'knownGood', label: 'known good' }
      ], e.compromised, { empty: 'the artifact matched nothing in the graph' });
      table(document.getElementById('not-affected'), [
        { key: 'kind', label: 'kind' }, { key: 'name', label: 'name' }, { key: 'owner', label: 'owner' },
        { key: 'artifact', label: 'artifact' }, { key: 'revision', label: 'revision' }, { key: 'reason', label: 'reason' }
      ], e.notAffected, { className: 'not-affected', empty: 'none' });
      table(document.getElementById('approvals'), [
        { key: 'id', label: 'approval' }, { key: 'artifact', label: 'artifact' }, { key: 'revision', label: 'revision' },
        { key: 'by', label: 'by' }, { key: 'action', label: 'action' }, { key: 'expires', label: 'expires' }
      ], e.approvals, { empty: 'none' });
      document.getElementById('notes').replaceChildren(...e.notes.map(n => el('p', { class: 'muted' }, n)));
      rendered(e.affected.length);
    } catch (err) {
      status(err.message, true);
    }
  });
})();
