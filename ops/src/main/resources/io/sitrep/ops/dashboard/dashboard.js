// sitrep dashboard: polls the query API and the lag endpoint of the same process; no build step,
// no libraries. Every value from the server is written with textContent, never as HTML.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var refreshSeconds = Math.max(1, Number(params.get('refresh')) || 5);
  var HISTORY = 60;                    // C7 readings kept per region for the sparkline
  var c7History = {};                  // regionCode -> [c7, …] as seen by this page
  var LEVELS = ['QUIET', 'ACTIVE', 'ELEVATED', 'SURGE', 'CRITICAL'];
  var SVG = 'http://www.w3.org/2000/svg';

  document.getElementById('refresh-seconds').textContent = String(refreshSeconds);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fmt(n, digits) {
    if (n === null || n === undefined || isNaN(n)) { return '–'; }
    return Number(n).toFixed(digits === undefined ? 0 : digits);
  }

  function seconds(s) {
    if (s === null || s === undefined) { return '?'; }
    if (s < 120) { return s.toFixed(1) + ' s'; }
    if (s < 7200) { return Math.round(s / 60) + ' min'; }
    if (s < 172800) { return Math.round(s / 3600) + ' h'; }
    return Math.round(s / 86400) + ' d';
  }

  function fetchJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error((body && body.message) || (url + ' answered HTTP ' + r.status)); }
        return body;
      });
    });
  }

  // A small chart per region: C7 and B28 as two bars, and C7 over time (as this page saw it) as a line.
  function chart(region) {
    var w = 200, h = 42, barsH = 30, barW = 36;
    var root = svg('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, 'class': 'chart', role: 'img' });
    var top = Math.max(region.c7, region.b28, 1);
    var c7h = Math.max(1, Math.round((region.c7 / top) * (barsH - 2)));
    var b28h = Math.max(1, Math.round((region.b28 / top) * (barsH - 2)));
    root.appendChild(svg('line', { x1: 0, y1: barsH + 0.5, x2: w, y2: barsH + 0.5, stroke: '#dde1e6' }));
    root.appendChild(svg('rect', { x: 0, y: barsH - b28h, width: barW / 2 - 2, height: b28h, fill: '#9aa3ad' }));
    root.appendChild(svg('rect', { x: barW / 2, y: barsH - c7h, width: barW / 2 - 2, height: c7h, fill: '#1d232b' }));
    [['B28', 0], ['C7', barW / 2]].forEach(function (label) {
      var t = svg('text', { x: label[1], y: h - 1, 'font-size': 8, fill: '#69727d' });
      t.textContent = label[0];
      root.appendChild(t);
    });
    var series = c7History[region.regionCode] || [];
    if (series.length > 1) {
      var max = Math.max.apply(null, series.concat([1]));
      var left = barW + 8;
      var step = (w - left) / (series.length - 1);
      var points = series.map(function (v, i) {
        return (left + i * step).toFixed(1) + ',' + (barsH - 1 - (v / max) * (barsH - 4)).toFixed(1);
      }).join(' ');
      root.appendChild(svg('polyline', { points: points, fill: 'none', stroke: '#3f7fd6', 'stroke-width': 1.5 }));
      var lt = svg('text', { x: left, y: h - 1, 'font-size': 8, fill: '#69727d' });
      lt.textContent = 'C7, last ' + series.length + ' refreshes';
      root.appendChild(lt);
    }
    var title = svg('title', {});
    title.textContent = 'C7 ' + region.c7 + ' vs B28 ' + fmt(region.b28, 2);
    root.appendChild(title);
    return root;
  }

  function trend(region) {
    if (region.c7 > 0 && region.ratio >= 1.25) { return { sign: '▲', cls: 'trend-up', text: 'rising' }; }
    if (region.ratio <= 0.75 && region.b28 > 0) { return { sign: '▼', cls: 'trend-down', text: 'falling' }; }
    return { sign: '▶', cls: 'trend-flat', text: 'steady' };
  }

  function renderRegions(body) {
    var regions = (body.regions || []).slice().sort(function (a, b) {
      return LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || b.c7 - a.c7 || a.regionCode.localeCompare(b.regionCode);
    });
    var grid = document.getElementById('regions');
    grid.textContent = '';
    document.getElementById('region-count').textContent = '(' + regions.length + ')';
    if (regions.length === 0) {
      grid.appendChild(el('p', { 'class': 'muted' }, 'No region has figures yet.'));
    }
    regions.forEach(function (r) {
      var h = c7History[r.regionCode] || (c7History[r.regionCode] = []);
      h.push(r.c7);
      if (h.length > HISTORY) { h.shift(); }
      var t = trend(r);
      var card = el('article', { 'class': 'region lvl-' + r.level, 'data-region': r.regionCode, 'data-level': r.level });
      var top = el('div', { 'class': 'top' });
      top.appendChild(el('span', { 'class': 'name' }, r.regionName || r.regionCode));
      top.appendChild(el('span', { 'class': 'code' }, r.regionCode));
      card.appendChild(top);
      var badge = el('div');
      badge.appendChild(el('span', { 'class': 'lvl lvl-' + r.level }, r.level));
      (r.flags || []).forEach(function (f) { badge.appendChild(el('span', { 'class': 'flag' }, f)); });
      card.appendChild(badge);
      var figures = el('div', { 'class': 'figures' });
      var c7 = el('span', { 'class': 'c7' });
      c7.appendChild(el('b', { 'data-field': 'c7' }, r.c7));
      c7.appendChild(document.createTextNode(' C7'));
      figures.appendChild(c7);
      figures.appendChild(el('span', {}, 'B28 ' + fmt(r.b28, 2)));
      figures.appendChild(el('span', { 'class': t.cls, title: 'R = ' + fmt(r.ratio, 2) + ' (' + t.text + ')' }, t.sign + ' R ' + fmt(r.ratio, 2)));
      card.appendChild(figures);
      card.appendChild(chart(r));
      card.appendChild(el('div', { 'class': 'meta' },
        r.totalEvents + (r.totalEvents === 1 ? ' event' : ' events') + ' · as of ' + r.asOf + (r.levelSince ? ' · ' + r.level.toLowerCase() + ' since ' + r.levelSince : '')));
      grid.appendChild(card);
    });
  }

  function cell(row, text, cls) {
    row.appendChild(el('td', cls ? { 'class': cls } : {}, text));
  }

  function statusCell(row, status) {
    var td = el('td');
    td.appendChild(el('span', { 'class': 'pill status-' + status, 'data-field': 'status' }, status));
    row.appendChild(td);
  }

  function renderLag(body) {
    var overall = document.getElementById('overall');
    overall.textContent = 'lag ' + body.status;
    overall.className = 'pill status-' + body.status;
    var err = document.getElementById('lag-error');
    err.hidden = !body.error;
    err.textContent = body.error ? 'Last lag sample failed: ' + body.error : '';
    var tbody = document.getElementById('lag-body');
    tbody.textContent = '';
    if ((body.groups || []).length === 0) {
      var empty = el('tr');
      empty.appendChild(el('td', { colspan: 7, 'class': 'muted' }, body.error ? 'no sample yet' : 'no consumer groups watched'));
      tbody.appendChild(empty);
    }
    (body.groups || []).forEach(function (g) {
      var row = el('tr', { 'class': 'group-row', 'data-group': g.group, 'data-status': g.status });
      cell(row, g.group + ' (' + g.state.toLowerCase() + ', ' + (g.members < 0 ? '?' : g.members) + ' member' + (g.members === 1 ? '' : 's') + ')');
      statusCell(row, g.status);
      cell(row, '', 'num');
      cell(row, '', 'num');
      var sum = el('td', { 'class': 'num', 'data-field': 'sumLag' }, g.sumLag);
      row.appendChild(sum);
      row.appendChild(el('td', { 'class': 'num', 'data-field': 'maxLagSeconds' }, seconds(g.maxLagSeconds)));
      cell(row, g.reason);
      tbody.appendChild(row);
      g.partitions.forEach(function (p) {
        var pr = el('tr', { 'class': 'partition-row', 'data-partition': p.topic + '-' + p.partition, 'data-status': p.status });
        cell(pr, p.topic + '-' + p.partition);
        statusCell(pr, p.status);
        cell(pr, p.committed, 'num');
        cell(pr, p.logEnd, 'num');
        cell(pr, p.lag, 'num');
        cell(pr, seconds(p.lagSeconds), 'num');
        cell(pr, p.reason);
        tbody.appendChild(pr);
      });
    });
  }

  function refresh() {
    var regions = fetchJson('/v1/regions').then(function (body) {
      document.getElementById('regions-error').hidden = true;
      renderRegions(body);
    }).catch(function (e) {
      var p = document.getElementById('regions-error');
      p.hidden = false;
      p.textContent = 'Regions unavailable: ' + e.message;
    });
    var lag = fetchJson('/v1/lag').then(renderLag).catch(function (e) {
      var p = document.getElementById('lag-error');
      p.hidden = false;
      p.textContent = 'Lag unavailable: ' + e.message;
    });
    Promise.all([regions, lag]).then(function () {
      var updated = document.getElementById('updated');
      updated.textContent = 'updated ' + new Date().toLocaleTimeString();
      updated.setAttribute('data-refreshes', String(Number(updated.getAttribute('data-refreshes') || 0) + 1));
      window.setTimeout(refresh, refreshSeconds * 1000);
    });
  }

  refresh();
}());
