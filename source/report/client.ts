/**
The report's own script and style, inlined into the HTML and allowed by their SHA-256 in the
Content-Security-Policy. The tables are complete HTML without it; the script only adds a filter box and
sortable headers to each table, opens folded details before printing, and draws the charts with uPlot
from the chart data block (it shapes data for uPlot and nothing more: axes, bars and lines are
uPlot's). It never parses HTML: text goes in with `textContent`, and it reads cells the same way.
*/

export const CLIENT_JS = String.raw`(function () {
	'use strict';
	var dataNode = document.getElementById('report-data');
	var data = dataNode ? JSON.parse(dataNode.textContent || '{}') : {};

	// ---- tables: a filter box and sortable headers ----
	function cellKey(td) {
		var v = td.getAttribute('data-v');
		if (v !== null && v !== '') return {n: Number(v)};
		var t = (td.textContent || '').trim();
		return t === '' ? {e: true} : {s: t.toLowerCase()};
	}
	function compare(a, b) {
		if (a.e || b.e) return a.e && b.e ? 0 : a.e ? 1 : -1;
		if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
		var x = a.n !== undefined ? String(a.n) : a.s;
		var y = b.n !== undefined ? String(b.n) : b.s;
		return x < y ? -1 : x > y ? 1 : 0;
	}
	function enhance(table) {
		var body = table.tBodies[0];
		if (!body) return;
		var rows = Array.prototype.slice.call(body.rows);
		if (rows.length === 0) return;
		var wrap = document.createElement('div');
		wrap.className = 'tools';
		var input = document.createElement('input');
		input.type = 'search';
		input.className = 'filter';
		input.placeholder = 'Filter rows';
		input.setAttribute('aria-label', 'Filter the rows of this table');
		var count = document.createElement('span');
		count.className = 'count';
		wrap.appendChild(input);
		wrap.appendChild(count);
		var anchor = table.parentNode.classList.contains('scroll') ? table.parentNode : table;
		anchor.parentNode.insertBefore(wrap, anchor);
		function update() {
			var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
			var shown = 0;
			rows.forEach(function (row) {
				var text = (row.textContent || '').toLowerCase();
				var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
				row.hidden = !ok;
				if (ok) shown++;
			});
			var unit = rows.length === 1 ? ' row' : ' rows';
			count.textContent = words.length ? shown + ' of ' + rows.length + unit : rows.length + unit;
		}
		input.addEventListener('input', update);
		update();
		var heads = table.tHead ? table.tHead.rows[0].cells : [];
		Array.prototype.forEach.call(heads, function (th, col) {
			var button = document.createElement('button');
			button.type = 'button';
			button.className = 'sort';
			while (th.firstChild) button.appendChild(th.firstChild);
			th.appendChild(button);
			button.addEventListener('click', function () {
				var descending = th.getAttribute('aria-sort') === 'ascending';
				Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
				th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
				var keyed = rows.map(function (row, i) { return {row: row, i: i, k: cellKey(row.cells[col])}; });
				keyed.sort(function (a, b) {
					if (a.k.e || b.k.e) return a.k.e && b.k.e ? a.i - b.i : a.k.e ? 1 : -1;
					return (descending ? -1 : 1) * compare(a.k, b.k) || a.i - b.i;
				});
				keyed.forEach(function (k) { body.appendChild(k.row); });
			});
		});
	}
	Array.prototype.forEach.call(document.querySelectorAll('table.data'), enhance);

	// Folded details print open.
	window.addEventListener('beforeprint', function () {
		Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
	});

	// ---- charts (uPlot) ----
	// Counts are whole numbers: ticks at 1, 2, 5, 10 … never 2.5.
	var INCRS = [];
	for (var d = 1; d <= 1e9; d *= 10) INCRS.push(d, 2 * d, 5 * d);
	var PALETTE = ['#b03a2e', '#d68910', '#2e86c1', '#239b56', '#7d3c98', '#717d7e', '#a04000', '#1a5276', '#b7950b', '#17a589'];
	var PARTY_COLORS = {'Third parties': '#b03a2e', 'The vendor (Plex, Jellyfin, Emby)': '#d68910', 'Your own network': '#2e86c1'};
	function widthOf(node) {
		return Math.max(320, Math.min(960, (node.parentNode && node.parentNode.clientWidth) || 800));
	}
	function barChart(chart, node) {
		var n = chart.labels.length;
		// Stacked bars: each series is drawn from zero to the running total, the tallest first, so the
		// visible part of each bar is that series' own count; the legend shows the counts themselves.
		var running = chart.labels.map(function () { return 0; });
		var stacked = chart.series.map(function (s) {
			running = running.map(function (r, k) { return r + (s.values[k] || 0); });
			return running.slice();
		});
		var order = chart.series.map(function (_, k) { return k; }).reverse();
		var bars = uPlot.paths.bars({size: [0.7, 80]});
		var opts = {
			width: widthOf(node),
			height: 320,
			scales: {x: {time: false, range: [-0.5, n - 0.5]}, y: {range: function (u, min, max) { return [0, Math.max(1, max * 1.05)]; }}},
			axes: [
				{
					splits: function () { return chart.x.slice(); },
					values: function (u, splits) { return splits.map(function (v) { return chart.labels[v] === undefined ? '' : chart.labels[v]; }); },
					rotate: n > 6 ? -30 : 0,
					size: n > 6 ? 90 : 40,
					gap: 6,
				},
				{label: chart.unit, size: 60, incrs: INCRS},
			],
			cursor: {drag: {x: false, y: false}},
			series: [{label: 'category', value: function (u, v) { return v === null || v === undefined ? '' : chart.labels[v]; }}].concat(
				order.map(function (k) {
					var color = PARTY_COLORS[chart.series[k].label] || PALETTE[k % PALETTE.length];
					return {
						label: chart.series[k].label,
						fill: color,
						stroke: color,
						width: 0,
						paths: bars,
						points: {show: false},
						value: function (u, v, si, i) { return i === null || i === undefined ? '' : String(chart.series[k].values[i] || 0); },
					};
				}),
			),
		};
		var aligned = [chart.x.slice()].concat(order.map(function (k) { return stacked[k]; }));
		return new uPlot(opts, aligned, node);
	}
	function timeChart(chart, node) {
		var opts = {
			width: widthOf(node),
			height: 320,
			// Times in UTC, as everywhere in the report (uPlot shows the browser's zone by default).
			tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
			axes: [{label: 'UTC'}, {label: chart.unit, size: 60, incrs: INCRS}],
			scales: {y: {range: function (u, min, max) { return [0, Math.max(1, max * 1.05)]; }}},
			series: [{}].concat(chart.series.map(function (s, k) {
				var color = PARTY_COLORS[s.label] || PALETTE[k % PALETTE.length];
				return {label: s.label, stroke: color, width: 1.5, paths: uPlot.paths.stepped({align: 1})};
			})),
		};
		return new uPlot(opts, [chart.x.slice()].concat(chart.series.map(function (s) { return s.values.slice(); })), node);
	}
	var plots = [];
	(data.charts || []).forEach(function (chart) {
		var node = document.getElementById(chart.id);
		if (!node || typeof uPlot === 'undefined') return;
		node.textContent = '';
		plots.push({node: node, plot: chart.kind === 'time' ? timeChart(chart, node) : barChart(chart, node)});
	});
	var resize = function () {
		plots.forEach(function (p) { p.plot.setSize({width: widthOf(p.node), height: 320}); });
	};
	window.addEventListener('resize', resize);
	window.addEventListener('beforeprint', function () {
		plots.forEach(function (p) { p.plot.setSize({width: 680, height: 300}); });
	});
	window.addEventListener('afterprint', resize);
	document.documentElement.setAttribute('data-ready', String(plots.length));
})();
`;

export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --third: #b03a2e; --vendor: #d68910; --first: #2e86c1; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); margin: 0; }
header.top { padding: 20px 28px 12px; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top p { margin: 2px 0; color: var(--muted); }
.warning { color: #fff; background: var(--third); padding: 6px 10px; border-radius: 4px; font-weight: 600; }
.limits { border-left: 4px solid var(--vendor); background: #fff8e6; padding: 6px 12px; margin: 10px 0; }
nav.toc { padding: 8px 28px; border-bottom: 1px solid var(--line); background: var(--bg-alt); }
nav.toc a { margin-right: 14px; color: #0b5cad; text-decoration: none; }
main { padding: 8px 28px 40px; max-width: 1400px; }
h2 { margin: 28px 0 8px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
p.verdict { font-size: 16px; margin: 6px 0; }
p.source, p.note, figcaption { color: var(--muted); font-size: 12px; margin: 4px 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
table.data { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.data th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
table.data td.time { white-space: nowrap; }
div.scroll { overflow-x: auto; }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data td .item { display: block; }
tr.party-third td:first-child { border-left: 3px solid var(--third); }
tr.party-vendor td:first-child { border-left: 3px solid var(--vendor); }
tr.party-first td:first-child { border-left: 3px solid var(--first); }
.tools { display: flex; gap: 10px; align-items: center; margin: 6px 0 2px; }
.tools input { font: inherit; padding: 2px 6px; width: 260px; }
.tools .count { color: var(--muted); font-size: 12px; }
button.sort { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: left; }
th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; }
th[aria-sort="descending"] button.sort::after { content: " \\25BC"; }
.evidence { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 10px 0; }
.evidence h3 { margin-top: 6px; }
.evidence ul { margin: 4px 0; padding-left: 20px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
figure { margin: 8px 0 16px; }
.chart { min-height: 40px; }
details summary { cursor: pointer; color: var(--muted); }
@media print {
	@page { size: A4; margin: 14mm 12mm; }
	body { font-size: 9pt; }
	nav.toc, .tools { display: none; }
	header.top { padding: 0 0 6px; }
	main { padding: 0; max-width: none; }
	h2 { break-after: avoid; }
	h3 { break-after: avoid; }
	table.data { font-size: 8pt; }
	table.data th { white-space: normal; }
	table.data td { overflow-wrap: anywhere; }
	table.data td.time { white-space: normal; }
	div.scroll { overflow: visible; }
	thead { display: table-header-group; }
	tr, .evidence, figure { break-inside: avoid; }
	tr[hidden] { display: table-row; }
	a { color: inherit; text-decoration: none; }
	.u-legend { font-size: 8pt; }
}
`;
