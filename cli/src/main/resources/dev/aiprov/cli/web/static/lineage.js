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

  /** At most this many nodes in the first picture; the rest wait in "+N more" boxes. */
  const FIRST_PICTURE = 150;
  /** Nodes shown beside each other under one parent before the rest go into its "+N more" box. */
  const PER_PARENT = 12;
  /** Above this many edges, the edge table is built when asked for. */
  const EDGES_AT_ONCE = 500;
  /** How many more nodes a click on a "+N more" box draws. */
  const PER_CLICK = 60;

  const marked = (n, alerted, cyclic) => n.unresolved || n.findings > 0 || alerted.has(n.key) || cyclic.has(n.key);

  /**
   * Which node hangs from which in the picture: a breadth-first tree from the root over the edges in
   * either direction (nearest first; marked nodes, then nodes with more below them, then by id).
   * Each parent's children are bucketed by layer, so a bucket holds one kind of node.
   */
  function tree(g, alerted, cyclic) {
    const byKey = new Map(g.nodes.map(n => [n.key, n]));
    const next = new Map(g.nodes.map(n => [n.key, []]));
    for (const e of g.edges) {
      if (!byKey.has(e.from) || !byKey.has(e.to)) continue;
      next.get(e.from).push(e.to);
      next.get(e.to).push(e.from);
    }
    const parent = new Map([[g.root, null]]);
    const order = [g.root];
    for (let i = 0; i < order.length; i++) {
      for (const k of next.get(order[i]) || []) {
        if (!parent.has(k)) { parent.set(k, order[i]); order.push(k); }
      }
    }
    // anything the edges do not reach from the root still gets drawn (hung from the root)
    for (const n of g.nodes) if (!parent.has(n.key)) { parent.set(n.key, g.root); order.push(n.key); }
    const below = new Map(order.map(k => [k, 1]));
    for (let i = order.length - 1; i > 0; i--) {
      const p = parent.get(order[i]);
      below.set(p, below.get(p) + below.get(order[i]));
    }
    const buckets = new Map();   // parent key → Map(layer → [child keys])
    for (const k of order) {
      const p = parent.get(k);
      if (p == null) continue;
      if (!buckets.has(p)) buckets.set(p, new Map());
      const l = layer(byKey.get(k));
      const b = buckets.get(p);
      if (!b.has(l)) b.set(l, []);
      b.get(l).push(k);
    }
    const rank = k => (marked(byKey.get(k), alerted, cyclic) ? 0 : 1);
    for (const b of buckets.values()) {
      for (const list of b.values()) list.sort((x, y) => rank(x) - rank(y) || below.get(y) - below.get(x) || x.localeCompare(y));
    }
    return { byKey, parent, order, buckets, below };
  }

  /** The nodes of the first picture: breadth-first from the root, PER_PARENT per bucket, FIRST_PICTURE in all. */
  function firstPicture(t, root) {
    const shown = new Map([[root, true]]);   // key → drawn; every bucket's shown count lives in shownOf
    const shownOf = new Map();              // "parent|layer" → how many of that bucket are drawn
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i];
      for (const [l, list] of t.buckets.get(p) || []) {
        const room = Math.max(0, FIRST_PICTURE - shown.size);
        const n = Math.min(list.length, PER_PARENT, room);
        for (let j = 0; j < n; j++) { shown.set(list[j], true); queue.push(list[j]); }
        shownOf.set(p + '|' + l, n);
      }
    }
    return { shown, shownOf };
  }

  /** The "+N more" boxes: one per bucket that still has nodes not drawn. */
  function groups(t, state) {
    const out = [];
    for (const p of state.shown.keys()) {
      for (const [l, list] of t.buckets.get(p) || []) {
        const done = state.shownOf.get(p + '|' + l) || 0;
        if (done < list.length) {
          const kind = kindOf(t.byKey.get(list[0]));
          const left = list.length - done;
          out.push({ key: 'more:' + p + '|' + l, parent: p, layer: l, left, bucket: list, done,
            label: '+' + left.toLocaleString('en') + ' more ' + kind + (left === 1 ? '' : 's') });
        }
      }
    }
    return out;
  }

  /**
   * x/y for every drawn node and box: layers top to bottom (each wrapped into lines no wider than
   * perLine); within a layer, nodes sit in the order of their parents' x, so edges stay short.
   */
  function positions(items, rootLayer) {
    const layers = new Map();
    for (const it of items) {
      if (!layers.has(it.layer)) layers.set(it.layer, []);
      layers.get(it.layer).push(it);
    }
    const dx = 190, dy = 72;
    const perLine = row => Math.max(PER_PARENT + 1, Math.ceil(Math.sqrt(row.length) * 2));
    const top = new Map();
    let y = 0;
    for (const l of [...layers.keys()].sort((a, b) => a - b)) {
      top.set(l, y);
      y += Math.ceil(layers.get(l).length / perLine(layers.get(l))) * dy;
    }
    const pos = {};
    // place the layers nearest the root first, so each node's parent already has its x
    for (const l of [...layers.keys()].sort((a, b) => Math.abs(a - rootLayer) - Math.abs(b - rootLayer) || a - b)) {
      const px = it => (it.parent && pos[it.parent] ? pos[it.parent].x : 0);
      const row = layers.get(l).sort((a, b) => px(a) - px(b) || (a.group ? 1 : 0) - (b.group ? 1 : 0) || a.key.localeCompare(b.key));
      const per = perLine(row);
      for (let i = 0; i < row.length; i += per) {
        const line = row.slice(i, i + per);
        // datasets sit right of the axis, so the derivation edges between model layers stay clear
        const shift = line[0].dataset ? dx : 0;
        line.forEach((it, j) => { pos[it.key] = { x: (j - (line.length - 1) / 2) * dx + shift, y: top.get(l) + (i / per) * dy }; });
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

  /**
   * The picture: the nodes firstPicture picks plus a "+N more" box per bucket with nodes not yet
   * drawn; a click on a box (or its button below the picture) draws PER_CLICK more of them.
   */
  function draw(g, alerted, cyclic) {
    const t = tree(g, alerted, cyclic);
    const state = firstPicture(t, g.root);
    const rootLayer = layer(t.byKey.get(g.root));
    const container = document.getElementById('graph');
    const more = document.getElementById('more');
    let boxes = [];

    function elements() {
      boxes = groups(t, state);
      const items = [...state.shown.keys()].map(k => ({ key: k, layer: layer(t.byKey.get(k)), parent: t.parent.get(k),
        dataset: t.byKey.get(k).kind === 'DATASET' }));
      for (const b of boxes) items.push({ key: b.key, layer: b.layer, parent: b.parent, group: true, 
        dataset: t.byKey.get(b.bucket[0]).kind === 'DATASET' });
      const pos = positions(items, rootLayer);
      const nodeEls = [...state.shown.keys()].map(k => {
        const n = t.byKey.get(k);
        return {
          group: 'nodes',
          data: { id: n.key, label: n.id + (n.truncated ? ' …' : ''), kind: kindOf(n), link: href(kindOf(n), n.id),
                  w: Math.min(180, 24 + 6 * (n.id.length + (n.truncated ? 2 : 0))) + (n.key === g.root ? 50 : 0) },
          position: pos[n.key],
          classes: [kindOf(n), n.key === g.root ? 'root' : '', n.unresolved ? 'unresolved' : '',
            n.worstSeverity ? 'sev-' + n.worstSeverity.toLowerCase() : '', alerted.has(n.key) ? 'alerted' : '',
            cyclic.has(n.key) ? 'cyclic' : ''].filter(Boolean).join(' ')
        };
      });
      for (const b of boxes) {
        nodeEls.push({ group: 'nodes', data: { id: b.key, label: b.label, w: 24 + 6 * b.label.length, more: true }, position: pos[b.key], classes: 'more' });
      }
      const edgeEls = [];
      g.edges.forEach((e, i) => {
        if (state.shown.has(e.from) && state.shown.has(e.to)) {
          edgeEls.push({ group: 'edges', data: { id: 'e' + i, source: e.from, target: e.to, label: edgeLabel(e) },
            classes: [e.type.toLowerCase(), e.cycle ? 'cycle' : ''].filter(Boolean).join(' ') });
        }
      });
      for (const b of boxes) edgeEls.push({ group: 'edges', data: { id: 'to-' + b.key, source: b.key, target: b.parent }, classes: 'more' });
      return [...nodeEls, ...edgeEls];
    }

    /** The boxes as buttons too (a canvas is no use to a keyboard or a screen reader). */
    function buttons() {
      const hidden = g.nodes.length - state.shown.size;
      container.dataset.drawn = String(state.shown.size);
      container.dataset.boxes = String(boxes.length);
      if (!boxes.length) { more.replaceChildren(); return; }
      const open = !!more.querySelector('details[open]');
      more.replaceChildren(el('details', { open },
        el('summary', {}, state.shown.size.toLocaleString('en') + ' of ' + g.nodes.length.toLocaleString('en') + ' nodes drawn; '
          + hidden.toLocaleString('en') + ' wait in ' + boxes.length + (boxes.length === 1 ? ' box' : ' boxes')
          + ' (click one to draw ' + PER_CLICK + ' more; the table below lists every node)'),
        el('div', { class: 'more-buttons' }, boxes.map(b => el('button', { type: 'button', data: { box: b.key } },
          b.label + ' at ' + t.byKey.get(b.parent).id)))));
    }

    function expand(key) {
      const b = boxes.find(x => x.key === key);
      if (!b) return;
      const upTo = Math.min(b.bucket.length, b.done + PER_CLICK);
      for (let j = b.done; j < upTo; j++) {
        state.shown.set(b.bucket[j], true);
        // a newly drawn node shows what hangs from it as boxes
        for (const l of (t.buckets.get(b.bucket[j]) || new Map()).keys()) state.shownOf.set(b.bucket[j] + '|' + l, 0);
      }
      state.shownOf.set(b.parent + '|' + b.layer, upTo);
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elements());
      });
      cy.fit(undefined, 30);
      buttons();
    }

    const big = state.shown.size > 300;
    const cy = cytoscape({
      container,
      elements: elements(),
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
        { selector: 'edge.cycle', style: { 'line-color': '#d92d20', 'target-arrow-color': '#d92d20', 'line-style': 'dashed', width: 2.5 } },
        { selector: 'node.more', style: { shape: 'round-rectangle', 'background-color': '#fff', 'border-color': '#667085', 'border-style': 'dashed',
            color: '#344054', 'font-style': 'italic' } },
        { selector: 'edge.more', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none', 'line-color': '#d0d5dd', label: '' } }
      ]
    });
    cy.on('tap', 'node', ev => {
      if (ev.target.data('more')) expand(ev.target.id());
      else location.assign(ev.target.data('link'));
    });
    more.addEventListener('click', ev => {
      const btn = ev.target.closest('button[data-box]');
      if (btn) expand(btn.dataset.box);
    });
    buttons();
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
      const edges = () => table(document.getElementById('edges'), [
          { key: 'from', label: 'from', cell: e => byKey.has(e.from) ? link(kindOf(byKey.get(e.from)), byKey.get(e.from).id, e.from) : e.from },
          { key: 'type', label: 'relation', value: e => edgeLabel(e) },
          { key: 'to', label: 'to', cell: e => byKey.has(e.to) ? link(kindOf(byKey.get(e.to)), byKey.get(e.to).id, e.to) : e.to },
          { key: 'cycle', label: 'cycle', value: e => e.cycle ? 'cycle' : '' }
        ], g.edges, { className: 'edges' });
      // a big lineage's edge table waits for a click (the node table already names every node)
      if (g.edges.length <= EDGES_AT_ONCE) edges();
      else document.getElementById('edges').replaceChildren(el('button', { type: 'button', id: 'show-edges' },
        'Show the ' + g.edges.length.toLocaleString('en') + ' edges'));
      document.getElementById('show-edges')?.addEventListener('click', edges);
      mark('tables');
      await draw(g, alerted, cyclic);
      rendered(g.nodes.length);
    } catch (e) {
      status(e.message, true);
    }
  });
})();
