/* Offline graph page: runs in the browser with the inlined vis-network UMD build (`vis`). */
/* global vis */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('graph-data').textContent);
  var statusEl = document.getElementById('status');
  var searchEl = document.getElementById('search');
  var resultsEl = document.getElementById('results');
  var focusBarEl = document.getElementById('focus-bar');
  var focusNameEl = document.getElementById('focus-name');
  var betweenEl = document.getElementById('between');
  var detailsEl = document.getElementById('details');

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var MAX_RESULTS = 25;
  var MAX_NEIGHBOUR_ROWS = 200;
  // Layout budget: large graphs get fewer iterations and a hard time limit.
  var nodeTotal = data.nodes.length;
  var STABILIZE_ITERATIONS = nodeTotal <= 300 ? 600 : nodeTotal <= 1500 ? 400 : 250;
  var STABILIZE_BUDGET_MS = 8000;
  var BIG = nodeTotal > 1500 || data.edges.length > 4000;

  var typeInfo = {};
  data.entityTypes.forEach(function (t) {
    typeInfo[t.type] = t;
  });
  var relInfo = {};
  data.relationshipTypes.forEach(function (t) {
    relInfo[t.type] = t;
  });

  var nodeById = new Map();
  var adjacency = new Map();
  data.nodes.forEach(function (n) {
    nodeById.set(n.id, n);
    adjacency.set(n.id, []);
  });
  data.edges.forEach(function (e) {
    adjacency.get(e.from).push({ edge: e, other: e.to, outgoing: true });
    adjacency.get(e.to).push({ edge: e, other: e.from, outgoing: false });
  });

  var hiddenTypes = new Set();
  var hiddenRelTypes = new Set();
  var focusId = null;
  var focusSet = null; // Set of node ids shown while focused
  var selectedId = null;
  var ready = false;
  var fullPositions = null; // id -> {x, y} of the overview layout
  var displaced = new Set(); // ids moved to a focus layout since the overview was shown

  // ------------------------------------------------------------------ helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function shade(hex, amount) {
    var n = parseInt(hex.slice(1), 16);
    var r = (n >> 16) & 255;
    var g = (n >> 8) & 255;
    var b = n & 255;
    var f = function (c) {
      var v = amount < 0 ? c * (1 + amount) : c + (255 - c) * amount;
      return Math.max(0, Math.min(255, Math.round(v)));
    };
    return '#' + ((1 << 24) | (f(r) << 16) | (f(g) << 8) | f(b)).toString(16).slice(1);
  }

  // The legend's picture of a type: the same shape vis-network draws for it on the canvas
  // (CLASS_SHAPES in model.ts). `data-shape` says which one was drawn.
  var SWATCH_POLYGONS = {
    triangle: '7,1 13,12.5 1,12.5',
    diamond: '7,0.5 13.5,7 7,13.5 0.5,7',
    star: '7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5',
    hexagon: '7,0.5 12.8,3.8 12.8,10.2 7,13.5 1.2,10.2 1.2,3.8',
    triangleDown: '1,1.5 13,1.5 7,13',
  };

  function swatch(color, shape) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'swatch');
    svg.setAttribute('viewBox', '0 0 14 14');
    svg.setAttribute('aria-hidden', 'true');
    var shapeEl;
    var drawn = shape;
    if (shape === 'square' || shape === 'box') {
      // vis-network's box is a rounded rectangle around the label: wider than tall.
      var box = shape === 'box';
      shapeEl = document.createElementNS(SVG_NS, 'rect');
      shapeEl.setAttribute('x', box ? '0.5' : '1.5');
      shapeEl.setAttribute('y', box ? '3' : '1.5');
      shapeEl.setAttribute('width', box ? '13' : '11');
      shapeEl.setAttribute('height', box ? '8' : '11');
      if (box) shapeEl.setAttribute('rx', '2');
    } else if (SWATCH_POLYGONS[shape]) {
      shapeEl = document.createElementNS(SVG_NS, 'polygon');
      shapeEl.setAttribute('points', SWATCH_POLYGONS[shape]);
    } else if (shape === 'ellipse') {
      shapeEl = document.createElementNS(SVG_NS, 'ellipse');
      shapeEl.setAttribute('cx', '7');
      shapeEl.setAttribute('cy', '7');
      shapeEl.setAttribute('rx', '6.5');
      shapeEl.setAttribute('ry', '4.5');
    } else if (shape === 'database') {
      // A cylinder, as vis-network draws it.
      shapeEl = document.createElementNS(SVG_NS, 'path');
      shapeEl.setAttribute('d', 'M1,3.5 A6,2.5 0 0 1 13,3.5 L13,10.5 A6,2.5 0 0 1 1,10.5 Z');
    } else if (shape === 'circle') {
      shapeEl = document.createElementNS(SVG_NS, 'circle');
      shapeEl.setAttribute('cx', '7');
      shapeEl.setAttribute('cy', '7');
      shapeEl.setAttribute('r', '6');
    } else {
      drawn = 'dot';
      shapeEl = document.createElementNS(SVG_NS, 'circle');
      shapeEl.setAttribute('cx', '7');
      shapeEl.setAttribute('cy', '7');
      shapeEl.setAttribute('r', '6');
    }
    shapeEl.setAttribute('fill', color);
    shapeEl.setAttribute('stroke', shade(color, -0.35));
    shapeEl.setAttribute('stroke-width', '1');
    svg.setAttribute('data-shape', drawn);
    svg.appendChild(shapeEl);
    return svg;
  }

  function typeLabel(type) {
    return type.replace(/^jumpcloud_/, '').replace(/_/g, ' ');
  }

  function subtitle(n) {
    var p = n.props;
    var parts = [];
    if (p.email && p.email !== n.label) parts.push(p.email);
    if (p.hostname && p.hostname !== n.label) parts.push(p.hostname);
    if (!parts.length && p.username && p.username !== n.label) parts.push(p.username);
    parts.push(typeLabel(n.type));
    return parts.join(' · ');
  }

  // Canvas labels stay short; the tooltip and the details panel show the whole name.
  function shortLabel(label) {
    return label.length > 24 ? label.slice(0, 23) + '…' : label;
  }

  function setStatus(text) {
    statusEl.textContent = text || '';
  }

  // ------------------------------------------------------------------ initial positions

  // Clusters per type on a circle, the hub type (most connections per node) in the middle,
  // nodes of a cluster on a sunflower spiral; physics refines this.
  function seedPositions() {
    var byType = new Map();
    data.nodes.forEach(function (n) {
      if (!byType.has(n.type)) byType.set(n.type, []);
      byType.get(n.type).push(n);
    });
    var types = Array.from(byType.keys());
    var degreePerNode = function (t) {
      var list = byType.get(t);
      var total = 0;
      list.forEach(function (n) {
        total += adjacency.get(n.id).length;
      });
      return total / list.length;
    };
    types.sort(function (a, b) {
      return degreePerNode(b) - degreePerNode(a);
    });
    var positions = {};
    var spacing = 26;
    var golden = Math.PI * (3 - Math.sqrt(5));
    var ringRadius = Math.max(300, Math.sqrt(nodeTotal) * 38);
    var others = types.slice(1);
    types.forEach(function (t, index) {
      var cx = 0;
      var cy = 0;
      if (index > 0) {
        var angle = (2 * Math.PI * (index - 1)) / Math.max(1, others.length);
        cx = Math.cos(angle) * ringRadius;
        cy = Math.sin(angle) * ringRadius;
      }
      byType.get(t).forEach(function (n, i) {
        var r = spacing * Math.sqrt(i + 0.5);
        positions[n.id] = { x: cx + r * Math.cos(i * golden), y: cy + r * Math.sin(i * golden) };
      });
    });
    return positions;
  }

  // ------------------------------------------------------------------ vis data

  var seeded = seedPositions();

  function tooltip(n) {
    var lines = [n.label, n.cls + ' · ' + n.type];
    if (n.props.email && n.props.email !== n.label) lines.push(n.props.email);
    if (n.props.hostname && n.props.hostname !== n.label) lines.push(n.props.hostname);
    lines.push(adjacency.get(n.id).length + ' relationships');
    return lines.join('\n');
  }

  // Hubs are bigger, on a log scale so one account with thousands of edges stays sane.
  function baseSize(id) {
    return Math.min(34, 8 + 3.2 * Math.log2(1 + adjacency.get(id).length));
  }

  var FOCUS_SIZE = 30;
  var NEIGHBOUR_SIZE = 18;

  function nodeStyle(n) {
    var t = typeInfo[n.type] || { color: '#7f7f7f', shape: 'dot' };
    return {
      id: n.id,
      label: shortLabel(n.label),
      shape: t.shape,
      size: baseSize(n.id),
      title: tooltip(n),
      color: {
        background: t.color,
        border: shade(t.color, -0.35),
        highlight: { background: shade(t.color, 0.3), border: '#111827' },
        hover: { background: shade(t.color, 0.2), border: shade(t.color, -0.5) },
      },
      x: seeded[n.id].x,
      y: seeded[n.id].y,
    };
  }

  // An edge's own properties, `sudo: true · direct: false`: who is admin where.
  function edgeFacts(e) {
    if (!e.props) return '';
    return Object.keys(e.props)
      .map(function (key) {
        return key + ': ' + e.props[key];
      })
      .join(' · ');
  }

  function edgeTooltip(e) {
    var from = nodeById.get(e.from);
    var to = nodeById.get(e.to);
    var lines = [from.label + ' ' + e.label + ' ' + to.label, e.type];
    if (e.props) {
      Object.keys(e.props).forEach(function (key) {
        lines.push(key + ': ' + e.props[key]);
      });
    }
    return lines.join('\n');
  }

  // Several relationships between the same two entities (a laptop a user HAS, is ASSIGNED
  // and OWNS) would be drawn on top of each other: bend each one a different amount.
  function pairOf(e) {
    return e.from < e.to ? e.from + '\u0000' + e.to : e.to + '\u0000' + e.from;
  }
  var parallel = new Map();
  data.edges.forEach(function (e) {
    var pair = pairOf(e);
    if (!parallel.has(pair)) parallel.set(pair, []);
    parallel.get(pair).push(e.id);
  });
  function edgeSmooth(e) {
    var group = parallel.get(pairOf(e));
    if (group.length < 2) return false;
    var index = group.indexOf(e.id);
    // Curves on both sides of the straight line, measured from the same end for every edge.
    var side = index % 2 === 0 ? 1 : -1;
    var bend = 0.2 * Math.ceil((index + 1) / 2) * side * (e.from < e.to ? 1 : -1);
    return { enabled: true, type: bend > 0 ? 'curvedCW' : 'curvedCCW', roundness: Math.abs(bend) };
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeStyle));
  var edges = new vis.DataSet(
    data.edges.map(function (e) {
      var color = (relInfo[e.type] || { color: '#8a94a6' }).color;
      return {
        id: e.id,
        from: e.from,
        to: e.to,
        label: e.label,
        title: edgeTooltip(e),
        smooth: edgeSmooth(e),
        color: { color: color, opacity: 0.55, highlight: shade(color, -0.3), hover: color },
      };
    }),
  );

  function edgeVisible(e) {
    var edge = e;
    if (hiddenRelTypes.has(edgeType(edge.id))) return false;
    if (focusSet) {
      if (!focusSet.has(edge.from) || !focusSet.has(edge.to)) return false;
      if (edge.from !== focusId && edge.to !== focusId && !betweenEl.checked) return false;
      return true;
    }
    return (
      !hiddenTypes.has(nodeById.get(edge.from).type) && !hiddenTypes.has(nodeById.get(edge.to).type)
    );
  }

  var edgeTypeById = new Map();
  data.edges.forEach(function (e) {
    edgeTypeById.set(e.id, e.type);
  });
  function edgeType(id) {
    return edgeTypeById.get(id);
  }

  var nodeView = new vis.DataView(nodes, {
    filter: function (item) {
      if (focusSet) return focusSet.has(item.id);
      return !hiddenTypes.has(nodeById.get(item.id).type);
    },
  });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });

  var container = document.getElementById('graph');
  var network = new vis.Network(
    container,
    { nodes: nodeView, edges: edgeView },
    {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: {
        borderWidth: 1,
        scaling: { label: { enabled: false, drawThreshold: 7 } },
        font: {
          size: 14,
          face: 'system-ui, sans-serif',
          color: '#1d2430',
          strokeWidth: 3,
          strokeColor: '#ffffff',
        },
      },
      edges: {
        width: 1,
        selectionWidth: 2,
        smooth: false,
        arrows: { to: { enabled: true, scaleFactor: 0.45 } },
        font: {
          size: 11,
          face: 'system-ui, sans-serif',
          color: '#44506a',
          strokeWidth: 3,
          strokeColor: '#ffffff',
          align: 'middle',
        },
        scaling: { label: { enabled: false, drawThreshold: 8 } },
      },
      interaction: {
        hover: !BIG,
        tooltipDelay: 150,
        hideEdgesOnDrag: BIG,
        hideEdgesOnZoom: BIG,
        navigationButtons: false,
        keyboard: false,
        multiselect: false,
      },
      physics: {
        enabled: true,
        solver: 'forceAtlas2Based',
        forceAtlas2Based: {
          gravitationalConstant: -70,
          centralGravity: 0.008,
          springLength: 90,
          springConstant: 0.06,
          damping: 0.5,
          avoidOverlap: 0.2,
        },
        maxVelocity: 60,
        minVelocity: 1,
        timestep: 0.5,
        stabilization: {
          enabled: true,
          iterations: STABILIZE_ITERATIONS,
          updateInterval: 20,
          fit: true,
        },
      },
    },
  );

  var stabilizeStarted = Date.now();
  setStatus('Laying out ' + nodeTotal + ' nodes…');
  network.on('stabilizationProgress', function (p) {
    setStatus(
      'Laying out ' + nodeTotal + ' nodes… ' + Math.round((100 * p.iterations) / p.total) + '%',
    );
    if (Date.now() - stabilizeStarted > STABILIZE_BUDGET_MS) network.stopSimulation();
  });
  network.once('stabilizationIterationsDone', function () {
    network.setOptions({ physics: { enabled: false } });
    fullPositions = network.getPositions();
    // Keep the layout in the data set: nodes hidden and shown again return to it.
    nodes.update(
      Object.keys(fullPositions).map(function (id) {
        return { id: id, x: fullPositions[id].x, y: fullPositions[id].y };
      }),
    );
    setStatus('');
    ready = true;
    document.body.setAttribute('data-ready', 'true');
    var fromHash = decodeHash();
    if (fromHash && nodeById.has(fromHash)) focus(fromHash);
    else network.fit({ animation: false });
  });

  // ------------------------------------------------------------------ meta + legend

  document.getElementById('meta').textContent =
    data.nodes.length +
    ' entities · ' +
    data.edges.length +
    ' relationships' +
    (data.skippedRelationships ? ' (' + data.skippedRelationships + ' not drawn)' : '') +
    ' · ' +
    new Date(data.generatedAt).toLocaleString();

  function legendItem(checked, onChange, graphic, label, count, title) {
    var li = el('li');
    var lab = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', function () {
      onChange(box.checked);
    });
    lab.appendChild(box);
    lab.appendChild(graphic);
    lab.appendChild(el('span', 'name', label));
    lab.title = title || label;
    lab.appendChild(el('span', 'count', count));
    li.appendChild(lab);
    return li;
  }

  var entityLegend = document.getElementById('entity-legend');
  data.entityTypes.forEach(function (t) {
    entityLegend.appendChild(
      legendItem(
        true,
        function (on) {
          if (on) hiddenTypes.delete(t.type);
          else hiddenTypes.add(t.type);
          onFilterChange();
        },
        swatch(t.color, t.shape),
        t.type,
        t.count,
      ),
    );
  });
  var relLegend = document.getElementById('relationship-legend');
  data.relationshipTypes.forEach(function (t) {
    var line = el('span', 'line');
    line.style.borderColor = t.color;
    relLegend.appendChild(
      legendItem(
        true,
        function (on) {
          if (on) hiddenRelTypes.delete(t.type);
          else hiddenRelTypes.add(t.type);
          onFilterChange();
        },
        line,
        t.type.replace(/^jumpcloud_/, ''),
        t.count,
        t.type + ' (' + t.cls + ')',
      ),
    );
  });

  function refreshViews() {
    nodeView.refresh();
    edgeView.refresh();
  }

  function onFilterChange() {
    if (focusId) focus(focusId);
    else refreshViews();
  }

  // ------------------------------------------------------------------ search

  var results = [];
  var activeResult = -1;

  // People first, then devices: "lamport" lists the user before the local accounts
  // (`elamport299 on MBP-00026`) that carry the name too.
  var PREFERRED_TYPES = { jumpcloud_user: 0, jumpcloud_device: 1 };
  var PREFERRED_CLASSES = { User: 2, Device: 3 };
  function preference(n) {
    if (n.type in PREFERRED_TYPES) return PREFERRED_TYPES[n.type];
    return n.cls in PREFERRED_CLASSES ? PREFERRED_CLASSES[n.cls] : 4;
  }

  function search(query) {
    var terms = String(query || '')
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    if (!terms.length) return [];
    var matches = [];
    data.nodes.forEach(function (n) {
      for (var i = 0; i < terms.length; i++) {
        if (n.search.indexOf(terms[i]) === -1 && n.label.toLowerCase().indexOf(terms[i]) === -1)
          return;
      }
      var label = n.label.toLowerCase();
      var whole = terms.join(' ');
      var rank =
        label === whole
          ? 0
          : label.indexOf(whole) === 0
            ? 1
            : (' ' + label).indexOf(' ' + whole) >= 0 || n.search.indexOf(whole) === 0
              ? 2
              : 3;
      matches.push({ node: n, rank: rank, pref: preference(n) });
    });
    matches.sort(function (a, b) {
      return a.pref - b.pref || a.rank - b.rank || a.node.label.localeCompare(b.node.label);
    });
    return matches.map(function (m) {
      return m.node;
    });
  }

  function resultRow(n, extra) {
    var li = el('li');
    var t = typeInfo[n.type] || { color: '#7f7f7f', shape: 'dot' };
    li.appendChild(swatch(t.color, t.shape));
    if (extra) li.appendChild(extra);
    var text = el('span', 'result-text');
    text.appendChild(el('span', 'result-label', n.label));
    text.appendChild(el('span', 'result-sub', subtitle(n)));
    li.appendChild(text);
    li.title = n.label + ' (' + n.type + ')';
    li.setAttribute('data-id', n.id);
    return li;
  }

  function renderResults() {
    resultsEl.textContent = '';
    var q = searchEl.value.trim();
    if (!q) return;
    if (!results.length) {
      resultsEl.appendChild(
        el('li', 'none', 'No user, device or other entity matches "' + q + '"'),
      );
      return;
    }
    results.slice(0, MAX_RESULTS).forEach(function (n, i) {
      var li = resultRow(n);
      li.setAttribute('role', 'option');
      if (i === activeResult) li.className = 'active';
      li.addEventListener('mousedown', function (ev) {
        ev.preventDefault();
        choose(n.id);
      });
      resultsEl.appendChild(li);
    });
    if (results.length > MAX_RESULTS) {
      resultsEl.appendChild(
        el('li', 'none', results.length - MAX_RESULTS + ' more: refine the search'),
      );
    }
  }

  function choose(id) {
    results = [];
    activeResult = -1;
    resultsEl.textContent = '';
    searchEl.blur();
    focus(id);
  }

  searchEl.addEventListener('input', function () {
    results = search(searchEl.value);
    activeResult = results.length ? 0 : -1;
    renderResults();
  });
  searchEl.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!results.length) return;
      ev.preventDefault();
      var max = Math.min(results.length, MAX_RESULTS) - 1;
      activeResult =
        ev.key === 'ArrowDown' ? Math.min(max, activeResult + 1) : Math.max(0, activeResult - 1);
      renderResults();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (!results.length) results = search(searchEl.value);
      if (results.length) choose(results[Math.max(0, activeResult)].id);
      else renderResults();
    } else if (ev.key === 'Escape') {
      searchEl.value = '';
      results = [];
      renderResults();
    }
  });

  // ------------------------------------------------------------------ focus (node + neighbours)

  // Neighbours on concentric rings around the focused node, grouped by type.
  function radialLayout(centerId, ids) {
    var others = ids.filter(function (id) {
      return id !== centerId;
    });
    others.sort(function (a, b) {
      var na = nodeById.get(a);
      var nb = nodeById.get(b);
      return na.type.localeCompare(nb.type) || na.label.localeCompare(nb.label);
    });
    var positions = {};
    positions[centerId] = { x: 0, y: 0 };
    // Up to SINGLE_RING neighbours on one ring, wide enough for their labels; more on
    // concentric rings whose sizes follow their circumference, so rings fill evenly.
    var SINGLE_RING = 40;
    var spacing = others.length <= SINGLE_RING ? 100 : 70;
    var ringGap = 140;
    var radii = [];
    if (others.length <= SINGLE_RING) {
      radii.push(Math.max(260, (others.length * spacing) / (2 * Math.PI)));
    } else {
      var capacityTotal = 0;
      for (var r = 300; capacityTotal < others.length; r += ringGap) {
        radii.push(r);
        capacityTotal += Math.floor((2 * Math.PI * r) / spacing);
      }
    }
    var circumference = radii.reduce(function (sum, r2) {
      return sum + r2;
    }, 0);
    var index = 0;
    radii.forEach(function (radius, ringIndex) {
      var count =
        ringIndex === radii.length - 1
          ? others.length - index
          : Math.round((others.length * radius) / circumference);
      var ring = others.slice(index, index + count);
      ring.forEach(function (nodeId, i) {
        var angle = -Math.PI / 2 + (2 * Math.PI * i) / ring.length;
        positions[nodeId] = { x: Math.cos(angle) * radius, y: Math.sin(angle) * radius };
      });
      index += ring.length;
    });
    return positions;
  }

  function focus(id) {
    if (!nodeById.has(id)) return false;
    if (!focusSet && ready) {
      // Remember the overview layout (the user may have dragged nodes).
      var current = network.getPositions();
      Object.keys(current).forEach(function (k) {
        fullPositions[k] = current[k];
      });
    }
    var ids = [id];
    adjacency.get(id).forEach(function (a) {
      if (hiddenRelTypes.has(a.edge.type) || hiddenTypes.has(nodeById.get(a.other).type)) return;
      if (ids.indexOf(a.other) === -1) ids.push(a.other);
    });
    focusId = id;
    focusSet = new Set(ids);
    var layout = radialLayout(id, ids);
    ids.forEach(function (k) {
      displaced.add(k);
    });
    nodes.update(
      ids.map(function (k) {
        var n = nodeById.get(k);
        return {
          id: k,
          x: layout[k].x,
          y: layout[k].y,
          size: k === id ? FOCUS_SIZE : NEIGHBOUR_SIZE,
          // Around the focus, each neighbour says what it is under its name.
          label: shortLabel(n.label) + '\n' + typeLabel(n.type),
        };
      }),
    );
    refreshViews();
    network.selectNodes([id]);
    focusNameEl.textContent = nodeById.get(id).label;
    focusBarEl.hidden = false;
    showDetails(id);
    network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.4 });
    try {
      history.replaceState(null, '', '#focus=' + encodeURIComponent(id));
    } catch {
      // file:// pages in some browsers refuse replaceState; the hash is only a convenience.
    }
    return true;
  }

  function reset() {
    if (!focusSet) return;
    var moved = Array.from(displaced);
    displaced = new Set();
    focusId = null;
    focusSet = null;
    if (fullPositions) {
      nodes.update(
        moved
          .filter(function (k) {
            return fullPositions[k];
          })
          .map(function (k) {
            return {
              id: k,
              x: fullPositions[k].x,
              y: fullPositions[k].y,
              size: baseSize(k),
              label: shortLabel(nodeById.get(k).label),
            };
          }),
      );
    }
    refreshViews();
    focusBarEl.hidden = true;
    network.fit({ animation: false });
    if (selectedId && nodeById.has(selectedId)) network.selectNodes([selectedId]);
    try {
      history.replaceState(null, '', '#');
    } catch {
      // see focus()
    }
  }

  document.getElementById('reset').addEventListener('click', reset);
  betweenEl.addEventListener('change', function () {
    edgeView.refresh();
  });
  document.getElementById('details-focus').addEventListener('click', function () {
    if (selectedId) focus(selectedId);
  });

  function decodeHash() {
    var m = /^#focus=(.+)$/.exec(location.hash);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return null;
    }
  }

  // ------------------------------------------------------------------ details panel

  function showDetails(id) {
    var n = nodeById.get(id);
    if (!n) {
      detailsEl.hidden = true;
      selectedId = null;
      return;
    }
    selectedId = id;
    detailsEl.hidden = false;
    document.getElementById('details-title').textContent = n.label;
    document.getElementById('details-type').textContent = n.cls + ' · ' + n.type;
    document.getElementById('details-focus').hidden = focusId === id;

    var list = document.getElementById('neighbours');
    list.textContent = '';
    var links = adjacency.get(id).slice();
    links.sort(function (a, b) {
      var na = nodeById.get(a.other);
      var nb = nodeById.get(b.other);
      return (
        a.edge.label.localeCompare(b.edge.label) ||
        na.type.localeCompare(nb.type) ||
        na.label.localeCompare(nb.label)
      );
    });
    document.getElementById('neighbour-count').textContent = '(' + links.length + ')';
    links.slice(0, MAX_NEIGHBOUR_ROWS).forEach(function (a) {
      var other = nodeById.get(a.other);
      var rel = el(
        'span',
        'rel',
        (a.outgoing ? '' : '← ') + a.edge.label + (a.outgoing ? ' →' : ''),
      );
      rel.title = edgeTooltip(a.edge);
      var li = resultRow(other, rel);
      // Which kind of thing it is, before its name: one laptop is a device, an Apple device
      // and an asset, three neighbours of one name.
      var text = li.querySelector('.result-text');
      text.insertBefore(el('span', 'result-type', typeLabel(other.type)), text.firstChild);
      var facts = edgeFacts(a.edge);
      if (facts) text.appendChild(el('span', 'edge-props', facts));
      li.addEventListener('click', function () {
        focus(other.id);
      });
      if (links.length > MAX_NEIGHBOUR_ROWS) {
        list.appendChild(
          el(
            'li',
            'none',
            links.length - MAX_NEIGHBOUR_ROWS + ' more: use the graph or the search',
          ),
        );
      }
      list.appendChild(li);
    });

    var dl = document.getElementById('properties');
    dl.textContent = '';
    Object.keys(n.props).forEach(function (key) {
      dl.appendChild(el('dt', null, key));
      dl.appendChild(propertyValue(key, n.props[key]));
    });
  }

  // Timestamps (`...On`, epoch ms) also as dates; http(s) links clickable.
  function propertyValue(key, value) {
    var dd = el('dd');
    if (value === null) {
      dd.textContent = 'null';
      dd.className = 'muted';
    } else if (typeof value === 'number' && /On$/.test(key) && value > 1e11 && value < 1e14) {
      dd.textContent = new Date(value)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
      dd.title = String(value);
    } else if (typeof value === 'string' && /^https?:\/\//i.test(value)) {
      var a = el('a', null, value);
      a.href = value;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      dd.appendChild(a);
    } else {
      dd.textContent = String(value);
    }
    return dd;
  }

  network.on('click', function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
    else if (!params.edges.length && !focusSet) {
      detailsEl.hidden = true;
      selectedId = null;
    }
  });
  network.on('doubleClick', function (params) {
    if (params.nodes.length) focus(params.nodes[0]);
  });

  // ------------------------------------------------------------------ test / console hooks

  window.graphPage = {
    network: network,
    data: data,
    legendItems: function () {
      return Array.prototype.map.call(entityLegend.querySelectorAll('li'), function (li) {
        var svg = li.querySelector('svg.swatch');
        return {
          type: li.querySelector('.name').textContent,
          shape: svg ? svg.getAttribute('data-shape') : null,
        };
      });
    },
    nodeCount: data.nodes.length,
    edgeCount: data.edges.length,
    isReady: function () {
      return ready;
    },
    search: function (q) {
      return search(q).map(function (n) {
        return n.id;
      });
    },
    focus: focus,
    reset: reset,
    focusedId: function () {
      return focusId;
    },
    visibleNodeIds: function () {
      return nodeView.getIds();
    },
    visibleEdgeIds: function () {
      return edgeView.getIds();
    },
    edgeTooltip: function (id) {
      return edges.get(id).title;
    },
    edgeSmooth: function (id) {
      return edges.get(id).smooth;
    },
  };
})();
