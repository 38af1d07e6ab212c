'use strict';
// The lineage picture: ancestors above the model, descendants, Spaces and deployments below, in
// layers by derivation distance (our own layered layout: the server gives every node its distance).
(() => {
  const { el, api, param, href, link, severity, table, status, splitKey, mark, rendered } = aiprov;
  const kindOf = n => n.kind.toLowerCase();

  /** Layer of a node: models by distance (ancestors up); datasets just above, users just below. */
  function layer(n) {
    const base = -n.distance * 3;
    switch (n.kind) {
      case 'DATASET': return base - 1;
      case 'SPACE': return base + 1;
      case 'DEPLOYMENT': return base + 2;
      default: return base;
    }
  }

  /** x/y for every node: layers top to bottom, each wrapped into lines no wider than perLine. */
  function positions(nodes) {
    const layers = new Map();
    for (const n of nodes) {
      const l = layer(n);
      if (!layers.has(l)) layers.set(l, []);
      layers.get(l).push(n);
    }
    const pos = {};
    const dx = 190, dy = 72;
    let y = 0;
    for (const l of [...layers.keys()].sort((a, b) => a - b)) {
      const row = layers.get(l).sort((a, b) => a.id.localeCompare(b.id));
      const perLine = Math.max(12, Math.ceil(Math.sqrt(row.length) * 2));
      for (let i = 0; i < row.length; i += perLine) {
        const line = row.slice(i, i + perLine);
        // datasets sit right of the axis, so the derivation edges between model layers stay clear
        line.forEach((n, j) => { pos[n.key] = { x: n.kind === 'DATASET' ? (j + 1) * dx : (j - (line.length - 1) / 2) * dx, y }; });
        y += dy;
      }
    }
    return pos;
  }

  function edgeLabel(e) {
    const src = e.source ? ' · ' + e.source : '';
    switch (e.type) {
      case 'DERIVED_FROM': return (e.relation || 'derived') + src;
      case 'TRAINED_ON': return 'trained on' + src;
      default: return 'uses' + (e.revision ? ' @' + e.revision.substring(0, 12) : '') + (e.pinned ? ' (pinned)' : e.pinned === false ? ' (floating)' : '');
    }
  }

  function marks(n, alerted) {
    const m = [];
    if (n.unresolved) m.push('unresolved');
    if (n.truncated) m.push('more beyond depth');
    if (n.findings) m.push(n.findings + (n.findings === 1 ? ' finding' : ' findings'));
    if (alerted.has(n.key)) m.push(alerted.get(n.key) + (alerted.get(n.key) === 1 ? ' alert' : ' alerts'));
    return m;
  }

  function draw(g, alerted, cyclic) {
    const pos = positions(g.nodes);
    const nodeEls = g.nodes.map(n => ({
      group: 'nodes',
      data: { id: n.key, label: n.id + (n.truncated ? ' …' : ''), kind: kindOf(n), link: href(kindOf(n), n.id),
              w: Math.min(180, 24 + 6 * (n.id.length + (n.truncated ? 2 : 0))) + (n.key === g.root ? 50 : 0) },
      position: pos[n.key],
      classes: [kindOf(n), n.key === g.root ? 'root' : '', n.unresolved ? 'unresolved' : '',
        n.worstSeverity ? 'sev-' + n.worstSeverity.toLowerCase() : '', alerted.has(n.key) ? 'alerted' : '',
        cyclic.has(n.key) ? 'cyclic' : ''].filter(Boolean).join(' ')
    }));
    const edgeEls = g.edges.map((e, i) => ({
      group: 'edges',
      data: { id: 'e' + i, source: e.from, target: e.to, label: edgeLabel(e) },
      classes: [e.type.toLowerCase(), e.cycle ? 'cycle' : ''].filter(Boolean).join(' ')
    }));
    const big = g.nodes.length > 300;
    const cy = cytoscape({
      container: document.getElementById('graph'),
      elements: [...nodeEls, ...edgeEls],
      layout: { name: 'preset', fit: true, padding: 30 },
      minZoom: 0.02, maxZoom: 3, wheelSensitivity: 0.3,
      textureOnViewport: big, hideEdgesOnViewport: big,
      style: [
        { selector: 'node', style: { shape: 'round-rectangle', width: 'data(w)', height: 34, label: 'data(label)',
            'text-valign': 'center', 'text-halign': 'center', 'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': 'data(w)',
            'min-zoomed-font-size': big ? 6 : 0, 'background-color': '#dbe6ff', 'border-width': 2, 'border-color': '#2f5fd0' } },
        { selector: 'node.dataset', style: { shape: 'barrel', 'background-color': '#e3f8e8', 'border-color': '#12813d' } },
        { selector: 'node.space', style: { shape: 'hexagon', 'background-color': '#fdf0d5', 'border-color': '#b54708' } },
        { selector: 'node.deployment', style: { shape: 'rectangle', 'background-color': '#f4ebff', 'border-color': '#6941c6' } },
        { selector: 'node.unresolved', style: { 'background-color': '#f2f4f7', 'border-color': '#98a2b3', 'border-style': 'dashed', color: '#475467' } },
        { selector: 'node.sev-low', style: { 'border-color': '#ca8504', 'border-width': 4 } },
        { selector: 'node.sev-medium', style: { 'border-color': '#dc6803', 'border-width': 4 } },
        { selector: 'node.sev-high, node.sev-critical', style: { 'border-color': '#d92d20', 'border-width': 5 } },
        { selector: 'node.alerted', style: { 'background-color': '#fee4e2', 'outline-width': 3, 'outline-color': '#7a271a', 'outline-offset': 2 } },
        { selector: 'node.root', style: { 'font-weight': 'bold', 'font-size': 11, height: 42, 'underlay-color': '#2f5fd0', 'underlay-padding': 5, 'underlay-opacity': 0.18 } },
        { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
            'line-color': '#98a2b3', 'target-arrow-color': '#98a2b3', label: 'data(label)', 'font-size': 8, color: '#475467',
            'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1, 'min-zoomed-font-size': big ? 7 : 0 } },
        { selector: 'edge.trained_on', style: { 'line-color': '#12813d', 'target-arrow-color': '#12813d', 'line-style': 'dotted' } },
        { selector: 'edge.uses', style: { 'line-color': '#6941c6', 'target-arrow-color': '#6941c6' } },
        { selector: 'edge.cycle', style: { 'line-color': '#d92d20', 'target-arrow-color': '#d92d20', 'line-style': 'dashed', width: 2.5 } }
      ]
    });
    cy.on('tap', 'node', ev => { location.assign(ev.target.data('link')); });
    return new Promise(resolve => { cy.one('render', resolve); setTimeout(resolve, 5000); });
  }

  function legend() {
    document.getElementById('legend').replaceChildren(...[
      ['k-model', 'model'], ['k-dataset', 'dataset'], ['k-space', 'Space'], ['k-deployment', 'deployment'],
      ['k-unresolved', 'unresolved (not crawled)'], ['k-finding', 'has findings (border by severity)'],
      ['k-alert', 'has alerts'], ['k-cycle', 'on a cycle']
    ].map(([c, t]) => el('span', { class: c }, t)), el('span', { class: 'hint' }, 'click a node to open it; ancestors up, descendants and users down'));
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const model = param('model');
    const depth = param('depth');
    if (model) document.getElementById('model').value = model;
    if (depth) document.getElementById('depth').value = depth;
    if (!model) {
      status('Name a model (org/name) to see where it comes from and what is built on it.');
      rendered();
      return;
    }
    try {
      status('asking…');
      const [g, alerts] = await Promise.all([api('lineage', { model, direction: 'both', depth }), api('alerts')]);
      mark('api');
      const alerted = new Map();
      for (const a of alerts) {
        for (const k of [a.artifact, a.deployment ? 'deployment:' + a.deployment : null]) {
          if (k) alerted.set(k, (alerted.get(k) || 0) + 1);
        }
      }
      const cyclic = new Set();
      for (const e of g.edges) if (e.cycle) { cyclic.add(e.from); cyclic.add(e.to); }
      const counts = {};
      for (const n of g.nodes) counts[n.kind] = (counts[n.kind] || 0) + 1;
      status('');
      document.getElementById('summary').replaceChildren(el('p', {},
        el('b', {}, g.root), ': ', Object.entries(counts).map(([k, v]) => v + ' ' + k.toLowerCase() + (v === 1 ? '' : 's')).join(', '),
        ', ' + g.edges.length + ' edges, depth ' + g.depth
        + (cyclic.size ? ', cycles marked' : '') + (g.complete ? '' : ' — INCOMPLETE: more than the limit')));
      legend();
      const byKey = new Map(g.nodes.map(n => [n.key, n]));
      table(document.getElementById('nodes'), [
        { key: 'key', label: 'node', cell: n => link(kindOf(n), n.id, n.key) },
        { key: 'kind', label: 'kind', value: n => kindOf(n) },
        { key: 'distance', label: 'distance', value: n => n.distance },
        { key: 'author', label: 'author / owner' },
        { key: 'license', label: 'licence', value: n => n.kind === 'DEPLOYMENT' ? n.status : n.license },
        { key: 'worstSeverity', label: 'worst finding', cell: n => severity(n.worstSeverity) },
        { key: 'marks', label: 'marks', value: n => marks(n, alerted).join(', ') + (cyclic.has(n.key) ? ' cycle' : ''),
          cell: n => el('span', {}, marks(n, alerted).map(m => el('span', { class: 'tag ' + (/finding|alert/.test(m) ? 'bad' : 'warn') }, m)),
            cyclic.has(n.key) ? el('span', { class: 'tag bad' }, 'cycle') : '') }
      ], g.nodes, { className: 'nodes' });
      table(document.getElementById('edges'), [
        { key: 'from', label: 'from', cell: e => byKey.has(e.from) ? link(kindOf(byKey.get(e.from)), byKey.get(e.from).id, e.from) : e.from },
        { key: 'type', label: 'relation', value: e => edgeLabel(e) },
        { key: 'to', label: 'to', cell: e => byKey.has(e.to) ? link(kindOf(byKey.get(e.to)), byKey.get(e.to).id, e.to) : e.to },
        { key: 'cycle', label: 'cycle', value: e => e.cycle ? 'cycle' : '' }
      ], g.edges, { className: 'edges' });
      mark('tables');
      await draw(g, alerted, cyclic);
      rendered(g.nodes.length);
    } catch (e) {
      status(e.message, true);
    }
  });
})();
