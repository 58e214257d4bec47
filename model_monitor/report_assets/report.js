/* The model monitoring report: three views over the data block #report-data, drawn with Chart.js.
   Navigation state lives in the URL hash (#view=debug&monitor=...&feature=...&window=...), so
   links (an alert's "chart") and the back button work without a server. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var WINDOWS = DATA.windows || [];
  var MONITORS = DATA.monitors || {};
  var STATUS = DATA.meta.status_codes || {o: "ok", w: "warn", a: "alert", n: "no_data"};
  var COLORS = {ok: "#2e7d32", warn: "#ef8f00", alert: "#c62828", no_data: "#9e9e9e", page: "#c62828", ticket: "#ef8f00"};
  var PALETTE = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"];
  var P_VALUES = {ks_pvalue: 1, chi2_pvalue: 1};
  var charts = [];
  var state = {};

  // -- data helpers ---------------------------------------------------------------------------
  function f8(b64) {  // float64 little-endian in base64 -> numbers, NaN -> null
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return Array.prototype.map.call(new Float64Array(bytes.buffer), function (v) { return isNaN(v) ? null : v; });
  }
  function uv(enc) {  // unsigned LEB128 varints in base64 (or a plain list)
    if (Array.isArray(enc)) return enc;
    var bin = atob(enc), out = [], v = 0, scale = 1;
    for (var i = 0; i < bin.length; i++) {
      var b = bin.charCodeAt(i);
      v += (b & 127) * scale;
      if (b & 128) scale *= 128; else { out.push(v); v = 0; scale = 1; }
    }
    return out;
  }
  function runs(r) { var out = []; (r || []).forEach(function (x) { for (var k = 0; k < x[1]; k++) out.push(x[0] + k); }); return out; }
  var decoded = new WeakMap();
  function feat(m, name) {  // a feature's drift and histogram, decoded once
    if (decoded.has(m.features[name])) return decoded.get(m.features[name]);
    var f = m.features[name], d = f.drift, h = f.hist, out = {type: f.type, new_categories: f.new_categories || {}};
    out.drift = d ? {w: runs(d.w), status: d.status, reasons: d.reasons || {}, stats: {}, row_count: uv(d.row_count)}
                  : {w: [], status: "", reasons: {}, stats: {}, row_count: []};
    Object.keys((d || {}).stats || {}).forEach(function (k) { out.drift.stats[k] = f8(d.stats[k]); });
    Object.keys((d || {}).derived || {}).forEach(function (k) {  // e.g. null_rate_increase = null_rate - reference_null_rate
      var rule = d.derived[k], base = out.drift.stats[rule.minus], ref = rule.reference_null_rate;
      var refs = typeof ref === "string" ? f8(ref) : base.map(function () { return ref; });
      out.drift.stats[k] = base.map(function (v, j) { return v == null || refs[j] == null ? null : v - refs[j]; });
    });
    if (h) {
      var w = runs(h.w), flat = uv(h.counts), counts = [], at = 0;
      var refOf = h.ref || w.map(function () { return 0; });
      w.forEach(function (_, j) { var n = (h.refs[refOf[j]] || h.refs[0] || {labels: []}).labels.length; counts.push(flat.slice(at, at + n)); at += n; });
      out.hist = {refs: h.refs, w: w, ref: h.ref, counts: counts, nulls: uv(h.nulls),
                  rows: h.rows === "drift" ? out.drift.row_count : uv(h.rows),
                  invalid: h.invalid === "zero" ? w.map(function () { return 0; }) : uv(h.invalid)};
    }
    decoded.set(f, out);
    return out;
  }
  function rows(t) {  // {"columns": [...], "rows": [[...]]} -> objects
    if (!t || !t.columns) return [];
    return t.rows.map(function (r) { var o = {}; t.columns.forEach(function (c, i) { o[c] = r[i]; }); return o; });
  }
  function label(iso) {  // 2026-03-06T00:00:00 -> 2026-03-06; keeps the time when it is not midnight
    if (iso == null) return "";
    return iso.slice(11) === "00:00:00" ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
  }
  function fmt(v, digits) {
    if (v == null) return "";
    if (typeof v !== "number") return String(v);
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e15) return v.toLocaleString("en-US");
    if (a >= 1e6 || a < 1e-3) return v.toExponential((digits || 4) - 1);
    return String(+v.toPrecision(digits || 4));
  }
  function seconds(v) {
    if (v == null) return "";
    if (v < 120) return v + " s";
    if (v < 7200) return (v / 60).toFixed(1) + " min";
    if (v < 172800) return (v / 3600).toFixed(1) + " h";
    return (v / 86400).toFixed(1) + " d";
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); }
  function badge(status) { return status ? '<span class="badge b-' + esc(status) + '">' + esc(status) + "</span>" : ""; }
  function worst(statuses) {
    var rank = {alert: 3, page: 3, warn: 2, ticket: 2, ok: 1, no_data: 0};
    var best = null;
    statuses.forEach(function (s) { if (s != null && (best == null || (rank[s] || 0) > (rank[best] || 0))) best = s; });
    return best;
  }
  function uniq(a) { return a.filter(function (v, i) { return a.indexOf(v) === i; }); }
  function el(tag, attrs, htmlText) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (htmlText != null) e.innerHTML = htmlText;
    return e;
  }
  function link(params, text) {
    var p = Object.assign({}, state, params), parts = [];
    ["view", "monitor", "feature", "window", "stat", "version", "segment", "metric", "only_latest"].forEach(function (k) {
      if (p[k] != null && p[k] !== "") parts.push(k + "=" + encodeURIComponent(p[k]));
    });
    return '<a href="#' + parts.join("&") + '">' + esc(text) + "</a>";
  }

  // -- navigation -----------------------------------------------------------------------------
  function readHash() {
    var s = {}, h = location.hash.replace(/^#/, "");
    h.split("&").forEach(function (kv) { if (!kv) return; var i = kv.indexOf("="); s[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); });
    var names = Object.keys(MONITORS);
    if (!s.view) s.view = "executive";
    if (!MONITORS[s.monitor]) s.monitor = names[0];
    return s;
  }
  function go(params) {
    var p = Object.assign({}, state, params), parts = [];
    Object.keys(p).forEach(function (k) { if (p[k] != null && p[k] !== "") parts.push(k + "=" + encodeURIComponent(p[k])); });
    var h = "#" + parts.join("&");
    if (location.hash === h) render(); else location.hash = h;
  }
  function select(name, options, value, onChange, text) {
    var lab = el("label", {}, esc(text || name) + " ");
    var s = el("select", {id: "sel-" + name});
    options.forEach(function (o) {
      var opt = el("option", {value: o[0]}, esc(o[1]));
      if (String(o[0]) === String(value)) opt.selected = true;
      s.appendChild(opt);
    });
    s.addEventListener("change", function () { onChange(s.value); });
    lab.appendChild(s);
    return lab;
  }

  // -- charts ---------------------------------------------------------------------------------
  function clearCharts() { charts.forEach(function (c) { c.destroy(); }); charts = []; }
  function chartBox(parent, title, wide, id) {
    var box = el("div", {"class": "chart" + (wide ? " wide" : ""), id: id || ""}, "<h3>" + esc(title) + "</h3>");
    var inner = el("div", {"class": "box"});
    var canvas = el("canvas", {});
    inner.appendChild(canvas); box.appendChild(inner); parent.appendChild(box);
    return canvas;
  }
  function lineChart(canvas, labels, datasets, opts) {
    opts = opts || {};
    var scales = {x: {ticks: {maxTicksLimit: 10, autoSkip: true}},
                  y: {type: opts.log ? "logarithmic" : "linear", title: {display: !!opts.yTitle, text: opts.yTitle || ""}}};
    if (opts.log) scales.y.ticks = {callback: function (v) { var e = Math.log10(v); return Math.abs(e - Math.round(e)) < 1e-9 ? "1e" + Math.round(e) : ""; }};
    if (opts.y2) scales.y2 = {position: "right", min: 0, max: 1, grid: {drawOnChartArea: false}, title: {display: true, text: opts.y2}};
    var chart = new Chart(canvas, {
      type: "line",
      data: {labels: labels, datasets: datasets},
      options: {animation: false, responsive: true, maintainAspectRatio: false, spanGaps: false, normalized: true,
                interaction: {mode: "nearest", intersect: false, axis: "x"},
                plugins: {legend: {labels: {boxWidth: 12, font: {size: 11}}},
                          tooltip: {callbacks: {label: function (ctx) { var v = ctx.raw; return ctx.dataset.label + ": " + fmt(opts.unclamp ? opts.unclamp(ctx) : v, 6); }}}},
                scales: scales, onClick: opts.onClick || null}
    });
    charts.push(chart);
    return chart;
  }
  function series(label, data, color, extra) {
    return Object.assign({label: label, data: data, borderColor: color, backgroundColor: color, borderWidth: 1.5,
                          pointRadius: data.length > 120 ? 0 : 2, pointHoverRadius: 4, tension: 0}, extra || {});
  }

  // -- per monitor ----------------------------------------------------------------------------
  function mon() { return MONITORS[state.monitor] || {features: {}}; }
  function latestWindow(m) {
    var last = null;
    Object.keys(m.features).forEach(function (f) {
      var d = m.features[f].drift; if (d && d.w.length) { var r = d.w[d.w.length - 1], w = WINDOWS[r[0] + r[1] - 1]; if (last == null || w > last) last = w; }
    });
    rows(m.performance).forEach(function (r) { if (last == null || r.window_start > last) last = r.window_start; });
    return last;
  }
  function driftAt(m, iso) {  // feature -> status at a window
    var out = {}, i = WINDOWS.indexOf(iso);
    Object.keys(m.features).forEach(function (f) {
      var d = feat(m, f).drift;
      var k = d.w.indexOf(i); if (k >= 0) out[f] = STATUS[d.status[k]];
    });
    return out;
  }
  function thresholdsFor(m, subject, metric) {
    return (m.thresholds || []).filter(function (t) { return t[0] === subject && t[1] === metric; });
  }
  function thresholdAt(ts, iso, which) {
    for (var i = 0; i < ts.length; i++) if (ts[i][4] <= iso && iso <= ts[i][5]) return ts[i][which];
    return null;
  }
  function versions(m) {
    var v = uniq(rows(m.performance).map(function (r) { return r.model_version; })).sort();
    return v.length ? v : [null];
  }

  // -- executive view -------------------------------------------------------------------------
  function renderExecutive(main, controls) {
    var names = Object.keys(MONITORS);
    main.appendChild(el("h2", {}, "Overview: every monitor and model version"));
    var cards = el("div", {"class": "cards"});
    names.forEach(function (name) {
      var m = MONITORS[name], last = latestWindow(m), statuses = driftAt(m, last);
      var alerts = rows(m.alerts), open = alerts.filter(function (a) { return a.window_start === last; });
      var fresh = rows(m.freshness).sort(function (a, b) { return a.measured_at < b.measured_at ? 1 : -1; })[0];
      var slos = latestSlos(m), cost = latestOperational(m, "cost_per_1000_predictions");
      var perf = rows(m.performance).filter(function (r) { return r.segment_name === "__all__"; });
      versions(m).forEach(function (v) {
        var pv = perf.filter(function (r) { return r.model_version === v; }).sort(function (a, b) { return a.window_start < b.window_start ? -1 : 1; });
        var lastP = pv[pv.length - 1], labeled = pv.filter(function (r) { return r.evaluated_count > 0; }), lastL = labeled[labeled.length - 1];
        var feats = Object.keys(statuses), bad = feats.filter(function (f) { return statuses[f] === "alert" || statuses[f] === "warn"; });
        var card = el("div", {"class": "card", id: "card-" + name + "-" + v});
        var h = '<h3>' + esc(name) + (v ? ' &middot; version ' + esc(v) : '') + ' ' + badge(worst(feats.map(function (f) { return statuses[f]; }).concat(fresh ? [fresh.freshness_status] : []))) + '</h3><dl class="kv">';
        h += "<dt>latest window</dt><dd>" + esc(label(last)) + (lastP && lastP.window_start !== last ? " (this version: " + esc(label(lastP.window_start)) + ")" : "") + "</dd>";
        h += "<dt>features</dt><dd>" + feats.length + " monitored; " + (bad.length ? bad.map(function (f) { return link({view: "debug", feature: f, window: last}, f) + " " + badge(statuses[f]); }).join(", ") : "none in warn or alert") + "</dd>";
        h += "<dt>open alerts</dt><dd>" + (open.length ? link({view: "oncall", only_latest: "1"}, open.length + " in the latest window") : "none in the latest window") + " (" + alerts.length + " in the report's history)</dd>";
        h += "<dt>freshness</dt><dd>" + (fresh ? badge(fresh.freshness_status) + " predictions " + seconds(fresh.prediction_lag_seconds) + " old" + (fresh.outcome_lag_seconds != null ? ", outcomes " + seconds(fresh.outcome_lag_seconds) : "") + " at " + esc(label(fresh.measured_at)) : "not measured") + "</dd>";
        h += "<dt>label coverage</dt><dd>" + (lastP ? fmt(lastP.label_coverage) + " in the latest window" + (lastL && lastL !== lastP ? "; " + fmt(lastL.label_coverage) + " on " + esc(label(lastL.window_start)) + " (latest with labels)" : "") : "no performance rows (no outcomes or no scores)") + "</dd>";
        var realized = lastL ? perfMetrics(lastL)[0] : null;
        if (realized) h += "<dt>" + esc(realized) + "</dt><dd>" + fmt(lastL[realized]) + " on " + esc(label(lastL.window_start)) + (lastP && lastP["est_" + realized] != null ? "; estimated " + fmt(lastP["est_" + realized]) + " on " + esc(label(lastP.window_start)) : "") + "</dd>";
        h += "<dt>SLOs</dt><dd>" + (slos.length ? slos.map(function (s) { return esc(s.slo_name) + " " + badge(s.slo_status) + " budget " + fmt(s.error_budget_remaining, 3); }).join("<br>") : "none configured") + "</dd>";
        h += "<dt>cost / 1,000 predictions</dt><dd>" + (cost ? fmt(cost.metric_value) + " (" + esc(label(cost.window_start)) + ")" : "not measured") + "</dd>";
        card.innerHTML = h + "</dl>";
        cards.appendChild(card);
      });
    });
    main.appendChild(cards);
    if (!names.length) main.appendChild(el("p", {"class": "empty"}, "No monitor has rows in the marts."));

    // performance over time for the chosen monitor
    var m = mon(), perf = rows(m.performance);
    main.appendChild(el("h2", {id: "performance"}, "Performance over time: " + esc(state.monitor || "")));
    if (!perf.length) { main.appendChild(el("p", {"class": "empty"}, "No performance rows for this monitor (it has no outcomes, or no window has scores).")); }
    else {
      var vs = versions(m), v = vs.indexOf(state.version) >= 0 ? state.version : vs[vs.length - 1];
      var segs = uniq(perf.filter(function (r) { return r.model_version === v; }).map(function (r) { return r.segment_name + "=" + r.segment_value; })).sort();
      var seg = segs.indexOf(state.segment) >= 0 ? state.segment : (segs.indexOf("__all__=__all__") >= 0 ? "__all__=__all__" : segs[0]);
      var sel = perf.filter(function (r) { return r.model_version === v && r.segment_name + "=" + r.segment_value === seg; })
                    .sort(function (a, b) { return a.window_start < b.window_start ? -1 : 1; });
      var metrics = uniq([].concat.apply([], sel.map(perfMetrics)));
      var metric = metrics.indexOf(state.metric) >= 0 ? state.metric : metrics[0];
      var ctl = el("div", {"class": "controls"});
      ctl.appendChild(select("version", vs.map(function (x) { return [x, x]; }), v, function (x) { go({version: x}); }, "model version"));
      ctl.appendChild(select("segment", segs.map(function (x) { return [x, x === "__all__=__all__" ? "all predictions" : x]; }), seg, function (x) { go({segment: x}); }, "segment"));
      ctl.appendChild(select("metric", metrics.map(function (x) { return [x, x]; }), metric, function (x) { go({metric: x}); }, "metric"));
      main.appendChild(ctl);
      var grid = el("div", {"class": "charts"});
      main.appendChild(grid);
      var labels = sel.map(function (r) { return label(r.window_start); });
      if (metric) {
        var ds = [series(metric + " (realized)", sel.map(function (r) { return r[metric]; }), PALETTE[0])];
        if (sel.some(function (r) { return r["est_" + metric] != null; }))
          ds.push(series("est_" + metric + " (estimated, no labels)", sel.map(function (r) { return r["est_" + metric]; }), PALETTE[4], {borderDash: [5, 4]}));
        ds.push(series("label_coverage", sel.map(function (r) { return r.label_coverage; }), "#9e9e9e", {yAxisID: "y2", borderWidth: 1, pointRadius: 0, fill: false}));
        lineChart(chartBox(grid, metric + ": realized, estimated, label coverage", true, "chart-performance"), labels, ds, {y2: "label coverage"});
      }
      lineChart(chartBox(grid, "predictions and labeled predictions"), labels,
                [series("prediction_count", sel.map(function (r) { return r.prediction_count; }), PALETTE[0]),
                 series("labeled_count", sel.map(function (r) { return r.labeled_count; }), PALETTE[2])]);
      fairnessCharts(grid, perf, v, seg, metric);
      var costRows = rows(m.operational).filter(function (r) { return r.metric_name === "cost_per_1000_predictions"; })
                                         .sort(function (a, b) { return a.window_start < b.window_start ? -1 : 1; });
      if (costRows.length) lineChart(chartBox(grid, "cost per 1,000 predictions"), costRows.map(function (r) { return label(r.window_start); }),
                                     [series("cost_per_1000_predictions", costRows.map(function (r) { return r.metric_value; }), PALETTE[3])]);
    }
    var cc = rows(m.champion_challenger);
    if (cc.length) {
      main.appendChild(el("h2", {}, "Champion / challenger (shadow scoring)"));
      main.appendChild(tableEl(cc.slice(-60).reverse(), ["window_start", "model_version_a", "model_version_b", "shared_prediction_count", "mean_absolute_score_difference", "decision_disagreement_rate"]));
    }
  }
  // fairness gaps, from the performance rows (as model_monitor__fairness computes them): each value
  // of a segment column minus the whole population, and for the positive prediction rate the
  // ratio to the segment's best-served value (disparate impact)
  function fairnessCharts(grid, perf, v, seg, metric) {
    var names = uniq(perf.filter(function (r) { return r.model_version === v && r.segment_name !== "__all__"; }).map(function (r) { return r.segment_name; })).sort();
    if (!names.length || !metric) return;
    var name = seg && seg.split("=")[0] !== "__all__" ? seg.split("=")[0] : names[0];
    var mine = perf.filter(function (r) { return r.model_version === v; });
    var ws = uniq(mine.map(function (r) { return r.window_start; })).sort();
    var all = {}; mine.forEach(function (r) { if (r.segment_name === "__all__") all[r.window_start] = r; });
    var values = uniq(mine.filter(function (r) { return r.segment_name === name; }).map(function (r) { return r.segment_value; })).sort();
    var at = {}; mine.forEach(function (r) { if (r.segment_name === name) at[r.window_start + "\u0000" + r.segment_value] = r; });
    var gap = values.map(function (sv, i) {
      return series(sv, ws.map(function (w) { var r = at[w + "\u0000" + sv], a = all[w]; return r && a && r[metric] != null && a[metric] != null ? r[metric] - a[metric] : null; }), PALETTE[i % PALETTE.length]);
    });
    lineChart(chartBox(grid, "fairness: " + metric + " of each " + name + " minus all predictions", false, "chart-fairness"), ws.map(label), gap);
    if (mine.some(function (r) { return r.positive_prediction_rate != null; })) {
      var ratio = values.map(function (sv, i) {
        return series(sv, ws.map(function (w) {
          var best = null; values.forEach(function (x) { var r = at[w + "\u0000" + x]; if (r && r.positive_prediction_rate != null && (best == null || r.positive_prediction_rate > best)) best = r.positive_prediction_rate; });
          var r = at[w + "\u0000" + sv]; return r && r.positive_prediction_rate != null && best ? r.positive_prediction_rate / best : null;
        }), PALETTE[i % PALETTE.length]);
      });
      lineChart(chartBox(grid, "disparate impact: positive prediction rate of each " + name + " / the highest", false, "chart-disparate-impact"), ws.map(label), ratio);
    }
  }
  function perfMetrics(r) {
    return ["roc_auc", "accuracy", "f1", "precision", "recall", "average_precision", "log_loss", "brier_score",
            "expected_calibration_error", "positive_prediction_rate", "mae", "rmse", "mape", "r2",
            "roc_auc_ovr_macro", "roc_auc_ovr_weighted", "f1_macro", "f1_weighted", "precision_macro", "recall_macro",
            "precision_weighted", "recall_weighted"].filter(function (k) { return r[k] != null; });
  }
  function latestSlos(m) {
    var by = {};
    rows(m.slos).forEach(function (r) { if (!by[r.slo_name] || by[r.slo_name].window_start < r.window_start) by[r.slo_name] = r; });
    return Object.keys(by).sort().map(function (k) { return by[k]; });
  }
  function latestOperational(m, metric) {
    var best = null;
    rows(m.operational).forEach(function (r) { if (r.metric_name === metric && r.metric_value != null && (!best || r.window_start > best.window_start)) best = r; });
    return best;
  }
  function tableEl(list, cols, rowHtml) {
    var wrap = el("div", {"class": "scroll"});
    var h = "<table><thead><tr>" + cols.map(function (c) { return "<th>" + esc(c) + "</th>"; }).join("") + "</tr></thead><tbody>";
    list.forEach(function (r) {
      h += rowHtml ? rowHtml(r) : "<tr>" + cols.map(function (c) {
        var v = r[c]; return typeof v === "number" ? '<td class="num">' + fmt(v, 6) + "</td>" : /status$/.test(c) ? "<td>" + badge(v) + "</td>" : "<td>" + esc(/_start$|_end$|_at$/.test(c) ? label(v) : v) + "</td>";
      }).join("") + "</tr>";
    });
    wrap.innerHTML = h + "</tbody></table>";
    return wrap;
  }

  // -- on-call view ---------------------------------------------------------------------------
  // an alert's response: a runbook URL (http or https only) becomes a link, anything else is text
  function responseHtml(r) {
    if (r == null) return "";
    if (/^https?:\/\/[^\s"'<>]+$/.test(r)) return '<a href="' + esc(r) + '" rel="noopener noreferrer">' + esc(r) + "</a>";
    return esc(r);
  }

  function alertTarget(m, a) {
    if (m.features[a.subject]) return {view: "debug", feature: a.subject, window: a.window_start, stat: a.metric_name};
    var mv = /^version=(.*?)\/segment=(.*)$/.exec(a.subject || "");
    if (mv) return {view: "executive", version: mv[1], segment: mv[2] === "__all__" ? "__all__=__all__" : mv[2], metric: a.metric_name};
    return {view: "oncall"};
  }
  function renderOncall(main) {
    var m = mon(), last = latestWindow(m);
    // alerts
    // newest window first, then alert before warn, then by subject and metric: the same order
    // whatever order the engine returned the rows in
    var alerts = rows(m.alerts).sort(function (a, b) {
      var keys = [[b.window_start, a.window_start], [a.severity === "alert" ? 0 : 1, b.severity === "alert" ? 0 : 1],
                  [a.subject, b.subject], [a.metric_name, b.metric_name]];
      for (var i = 0; i < keys.length; i++) {
        var x = keys[i][0] == null ? "" : keys[i][0], y = keys[i][1] == null ? "" : keys[i][1];
        if (x < y) return -1;
        if (x > y) return 1;
      }
      return 0;
    });
    var only = state.only_latest === "1";
    var shown = only ? alerts.filter(function (a) { return a.window_start === last; }) : alerts;
    main.appendChild(el("h2", {id: "alerts"}, "Alerts: " + esc(state.monitor || "") + " (" + alerts.length + "; " +
      alerts.filter(function (a) { return a.window_start === last; }).length + " in the latest window " + esc(label(last)) + ")"));
    var ctl = el("div", {"class": "controls"});
    var cb = el("label", {}, '<input type="checkbox" id="only-latest"' + (only ? " checked" : "") + "> latest window only");
    cb.querySelector("input").addEventListener("change", function (e) { go({only_latest: e.target.checked ? "1" : ""}); });
    ctl.appendChild(cb); main.appendChild(ctl);
    if (!alerts.length) main.appendChild(el("p", {"class": "empty"}, "No alert: no metric breaches a threshold in the report's windows."));
    else main.appendChild(tableEl(shown.slice(0, 2000), ["window", "severity", "group", "feature / subject", "statistic", "value", "threshold", "owner", "response", ""], function (a) {
      return '<tr class="alert-row"><td>' + esc(label(a.window_start)) + "</td><td>" + badge(a.severity) + "</td><td>" + esc(a.metric_group) +
        "</td><td>" + esc(a.subject) + "</td><td>" + esc(a.metric_name) + '</td><td class="num">' + fmt(a.metric_value, 6) +
        '</td><td class="num">' + fmt(a.threshold, 6) + '</td><td class="owner">' + esc(a.owner == null ? "" : a.owner) +
        '</td><td class="response">' + responseHtml(a.response) + "</td><td>" + link(alertTarget(m, a), "chart") + "</td></tr>";
    }));
    if (shown.length > 2000) main.appendChild(el("p", {"class": "note"}, "First 2,000 of " + shown.length + " shown; every alert is in the data block."));

    // the model version live now: the versions of the latest window with predictions
    main.appendChild(el("h2", {id: "versions"}, "Model versions"));
    var versionRows = rows(m.model_versions);
    if (!versionRows.length) main.appendChild(el("p", {"class": "empty"}, "No model version recorded (model_monitor__model_versions)."));
    else {
      var lastV = versionRows.reduce(function (a, v) { return v.window_start > a ? v.window_start : a; }, "");
      var live = versionRows.filter(function (v) { return v.window_start === lastV; }).sort(function (a, b) {
        return (b.prediction_count || 0) - (a.prediction_count || 0) || (a.model_version < b.model_version ? -1 : a.model_version > b.model_version ? 1 : 0);
      });
      main.appendChild(el("p", {}, "Live in the window of " + esc(label(lastV)) + ": " + live.map(function (v) {
        return "<strong>" + esc(v.model_version) + "</strong> (" + esc(v.version_role) + (v.served_share != null ? ", " + fmt(100 * v.served_share, 3) + "% of served" : "") +
          (v.is_expected === false ? ", not the expected version" : "") + ")";
      }).join(", ")));
      // what was live when: each version's first and last prediction over the report's windows
      var life = {};
      versionRows.forEach(function (v) {
        var e = life[v.model_version] || (life[v.model_version] = {model_version: v.model_version, version_role: v.version_role, first_prediction_at: v.first_prediction_at, last_prediction_at: v.last_prediction_at, prediction_count: 0});
        if (v.first_prediction_at < e.first_prediction_at) e.first_prediction_at = v.first_prediction_at;
        if (v.last_prediction_at > e.last_prediction_at) e.last_prediction_at = v.last_prediction_at;
        e.prediction_count += v.prediction_count || 0;
      });
      main.appendChild(tableEl(Object.keys(life).sort().map(function (k) { return life[k]; }),
        ["model_version", "version_role", "first_prediction_at", "last_prediction_at", "prediction_count"]));
    }
    // what no window shows: the log's and the outcomes' quality at the latest run
    main.appendChild(el("h2", {id: "log-quality"}, "Prediction and outcome quality (latest run)"));
    [["prediction_quality", ["measured_at", "prediction_rows", "null_timestamp_rows", "null_prediction_id_rows", "duplicate_prediction_rows"]],
     ["outcome_quality", ["measured_at", "outcome_rows", "duplicate_outcome_rows", "unknown_prediction_outcome_rows", "null_label_rows", "invalid_label_rows", "late_outcome_rows"]]].forEach(function (q) {
      var list = rows(m[q[0]]).sort(function (a, b) { return a.measured_at < b.measured_at ? 1 : a.measured_at > b.measured_at ? -1 : 0; });
      if (!list.length) main.appendChild(el("p", {"class": "empty"}, "No " + q[0].replace("_", " ") + " recorded for this monitor."));
      else main.appendChild(tableEl(list.slice(0, 1), q[1]));
    });
    // the monitoring pipeline's own runs (model_monitor__pipeline_runs, recorded by the on-run-end hook)
    main.appendChild(el("h2", {id: "runs"}, "Pipeline runs"));
    var runs = rows(DATA.pipeline_runs).sort(function (a, b) { return a.run_started_at < b.run_started_at ? 1 : a.run_started_at > b.run_started_at ? -1 : 0; });
    if (!runs.length) main.appendChild(el("p", {"class": "empty"}, "No run recorded (model_monitor__pipeline_runs)."));
    else {
      var ok = runs.filter(function (r) { return r.run_succeeded === true; }).length;
      main.appendChild(el("p", {"class": "run-success"}, "Last run " + esc(label(runs[0].run_started_at)) + ": " + badge(runs[0].run_succeeded ? "ok" : "alert") +
        "; " + ok + " of " + runs.length + " recorded runs succeeded (" + fmt(100 * ok / runs.length, 3) + "%)."));
      main.appendChild(tableEl(runs.slice(0, 20), ["run_started_at", "command", "run_succeeded", "models_run", "models_succeeded", "models_failed", "models_skipped"]));
    }

    var grid = el("div", {"class": "charts"});
    // SLOs
    main.appendChild(el("h2", {id: "slos"}, "SLOs"));
    var slos = latestSlos(m), all = rows(m.slos);
    if (!slos.length) main.appendChild(el("p", {"class": "empty"}, "No SLO configured for this monitor."));
    else {
      main.appendChild(tableEl(slos, ["slo_name", "window_start", "slo_status", "window_status", "objective", "sli", "error_budget_remaining", "short_burn_rate", "long_burn_rate", "good_windows", "total_windows"]));
      var sg = el("div", {"class": "charts"}); main.appendChild(sg);
      slos.forEach(function (s, i) {
        var rs = all.filter(function (r) { return r.slo_name === s.slo_name; }).sort(function (a, b) { return a.window_start < b.window_start ? -1 : 1; });
        lineChart(chartBox(sg, "SLO " + s.slo_name + ": burn rates and budget"), rs.map(function (r) { return label(r.window_start); }),
          [series("short_burn_rate", rs.map(function (r) { return r.short_burn_rate; }), PALETTE[1]),
           series("long_burn_rate", rs.map(function (r) { return r.long_burn_rate; }), PALETTE[4]),
           series("error_budget_remaining", rs.map(function (r) { return r.error_budget_remaining; }), PALETTE[2], {borderDash: [4, 3]})]);
      });
    }
    // freshness
    main.appendChild(el("h2", {id: "freshness"}, "Freshness runs"));
    var fr = rows(m.freshness).sort(function (a, b) { return a.measured_at < b.measured_at ? 1 : -1; });
    if (!fr.length) main.appendChild(el("p", {"class": "empty"}, "No freshness run recorded."));
    else main.appendChild(tableEl(fr.slice(0, 50), ["measured_at", "freshness_status", "freshness_reason", "last_prediction_at", "prediction_lag_seconds", "last_outcome_at", "outcome_lag_seconds"]));
    // latest error delta: each realized metric of a version's latest labeled window against its
    // labeled window before (performance rows of the whole population)
    main.appendChild(el("h2", {id: "error-delta"}, "Latest error delta"));
    var perf = rows(m.performance).filter(function (r) { return r.segment_name === "__all__"; });
    var vs = versions(m).filter(function (v) { return v != null; });
    var deltas = [];
    vs.forEach(function (v) {
      var lab = perf.filter(function (r) { return r.model_version === v && r.evaluated_count > 0; }).sort(function (a, b) { return a.window_start < b.window_start ? -1 : 1; });
      if (lab.length < 2) return;
      var cur = lab[lab.length - 1], prev = lab[lab.length - 2];
      perfMetrics(cur).forEach(function (k) {
        if (prev[k] != null) deltas.push({model_version: v, metric: k, window: label(cur.window_start), value: cur[k],
                                          previous_window: label(prev.window_start), previous_value: prev[k], delta: cur[k] - prev[k]});
      });
    });
    if (!deltas.length) main.appendChild(el("p", {"class": "empty"}, "No version has two windows with labels yet."));
    else main.appendChild(tableEl(deltas, ["model_version", "metric", "window", "value", "previous_window", "previous_value", "delta"]));
    // latency
    main.appendChild(el("h2", {id: "latency"}, "Latency and operational metrics"));
    var ops = rows(m.operational).filter(function (r) { return r.subject === "__all__"; });
    if (!ops.length) main.appendChild(el("p", {"class": "empty"}, "No operational metrics (the monitor declares no latency, cost or token column)."));
    else {
      main.appendChild(grid);
      var ws = uniq(ops.map(function (r) { return r.window_start; })).sort();
      var val = function (metric) { return ws.map(function (w) { var r = ops.filter(function (x) { return x.window_start === w && x.metric_name === metric; })[0]; return r ? r.metric_value : null; }); };
      var have = uniq(ops.map(function (r) { return r.metric_name; }));
      var lat = ["latency_p50", "latency_p95", "latency_p99"].filter(function (k) { return have.indexOf(k) >= 0; });
      if (lat.length) lineChart(chartBox(grid, "latency p50 / p95 / p99", false, "chart-latency"), ws.map(label), lat.map(function (k, i) { return series(k, val(k), PALETTE[i]); }));
      have.filter(function (k) { return lat.indexOf(k) < 0; }).forEach(function (k, i) {
        lineChart(chartBox(grid, k), ws.map(label), [series(k, val(k), PALETTE[(i + 3) % PALETTE.length])]);
      });
    }
  }

  // -- debug view -----------------------------------------------------------------------------
  function renderDebug(main, controls) {
    var m = mon(), names = Object.keys(m.features);
    if (!names.length) { main.appendChild(el("p", {"class": "empty"}, "No feature drift for this monitor.")); return; }
    var feature = m.features[state.feature] ? state.feature : names[0];
    var f = feat(m, feature), d = f.drift;
    var wins = d.w.map(function (i) { return WINDOWS[i]; });
    var hw = f.hist ? f.hist.w.map(function (i) { return WINDOWS[i]; }) : [];
    var allW = uniq(wins.concat(hw)).sort();
    var win = allW.indexOf(state.window) >= 0 ? state.window : allW[allW.length - 1];
    var last = latestWindow(m), now = driftAt(m, win);
    controls.appendChild(select("feature", names.map(function (n) { return [n, n + (now[n] && now[n] !== "ok" ? " (" + now[n] + ")" : "")]; }), feature,
                                function (x) { go({feature: x}); }, "feature"));
    controls.appendChild(select("window", allW.slice().reverse().map(function (w) {
      var k = d.w.indexOf(WINDOWS.indexOf(w)); return [w, label(w) + (k >= 0 && d.status[k] !== "o" ? " (" + STATUS[d.status[k]] + ")" : "")];
    }), win, function (x) { go({window: x}); }, "window"));
    var k = d.w.indexOf(WINDOWS.indexOf(win));
    main.appendChild(el("h2", {}, esc(feature) + " <span class=\"note\">(" + esc(f.type || "") + ")</span> at " + esc(label(win)) + " " +
      badge(k >= 0 ? STATUS[d.status[k]] : null) + (k >= 0 && d.reasons[String(k)] ? ' <span class="note">breached: ' + esc(d.reasons[String(k)]) + "</span>" : "")));
    var strip = el("div", {"class": "strip", title: "status per window"});
    for (var i = 0; i < d.status.length; i++) strip.appendChild(el("span", {style: "background:" + COLORS[STATUS[d.status[i]]]}));
    main.appendChild(strip);

    var grid = el("div", {"class": "charts"});
    main.appendChild(grid);
    // the histogram of the chosen window against its reference
    histogramChart(grid, f, win, m);
    // each drift statistic over time, with its warn and alert thresholds
    var labels = wins.map(label);
    var order = DATA.meta.drift_stats.filter(function (s) { return d.stats[s]; });
    if (state.stat && order.indexOf(state.stat) > 0) { order.splice(order.indexOf(state.stat), 1); order.unshift(state.stat); }
    order.forEach(function (stat) {
      var values = d.stats[stat], log = !!P_VALUES[stat];
      var ts = thresholdsFor(m, feature, stat);
      var plotted = log ? values.map(function (v) { return v == null ? null : Math.max(v, 1e-300); }) : values;
      // a point is coloured by this statistic's own rule: red at the alert threshold, orange at the
      // warn threshold (p-values: at or below them), blue otherwise
      var colors = values.map(function (v, j) {
        if (v == null) return COLORS.no_data;
        var a = thresholdAt(ts, wins[j], 3), w = thresholdAt(ts, wins[j], 2);
        var hit = function (t) { return t != null && (log ? v <= t : v >= t); };
        return hit(a) ? COLORS.alert : hit(w) ? COLORS.warn : PALETTE[0];
      });
      var ds = [series(stat, plotted, PALETTE[0], {pointBackgroundColor: colors, pointBorderColor: colors, pointRadius: labels.length > 120 ? 1.5 : 2.5})];
      if (ts.length) {
        [["warn", 2, COLORS.warn], ["alert", 3, COLORS.alert]].forEach(function (t) {
          var line = wins.map(function (w) { return thresholdAt(ts, w, t[1]); });
          if (line.some(function (v) { return v != null; })) ds.push(series(t[0] + " threshold", line, t[2], {borderDash: [6, 4], pointRadius: 0, borderWidth: 1}));
        });
      }
      var sel = wins.indexOf(win);
      if (sel >= 0) ds.push(series("selected window", wins.map(function (w, j) { return j === sel ? plotted[j] : null; }), "#000", {pointRadius: 5, pointStyle: "rectRot", showLine: false}));
      var canvas = chartBox(grid, stat + (log ? " (log scale)" : ""), false, "chart-stat-" + stat);
      lineChart(canvas, labels, ds, {log: log, unclamp: function (ctx) { return ctx.datasetIndex === 0 ? values[ctx.dataIndex] : ctx.raw; },
        onClick: function (evt, elements) { if (elements.length) go({window: wins[elements[0].index]}); }});
    });
    if (!order.length) grid.appendChild(el("p", {"class": "empty"}, "No drift statistic for this feature."));
  }
  function edge(v) { return v == null ? "" : v === "inf" ? "+inf" : v === "-inf" ? "-inf" : fmt(v, 4); }
  function histogramChart(grid, f, win, m) {
    var box = chartBox(grid, "histogram: reference vs window " + label(win) + " (share of the binned rows)", true, "chart-histogram");
    var h = f.hist, info = el("p", {"class": "note"});
    box.parentNode.parentNode.appendChild(info);
    if (!h || !h.refs.length) { info.textContent = "No histogram stored for this feature."; return; }
    var k = h.w.indexOf(WINDOWS.indexOf(win));
    var ref = h.refs[k >= 0 && h.ref ? h.ref[k] : 0] || h.refs[0];
    var labels = ref.labels.map(function (l, i) { return f.type === "numeric" && ref.lower[i] != null ? "[" + edge(ref.lower[i]) + ", " + edge(ref.upper[i]) + ")" : l; });
    var share = function (c) { var s = c.reduce(function (a, b) { return a + b; }, 0); return c.map(function (x) { return s ? x / s : 0; }); };
    var counts = k >= 0 ? h.counts[k] : null;
    var ds = [{label: "reference " + (ref.start ? label(ref.start) + " .. " + label(ref.end) : "(relation)"), data: share(ref.counts), backgroundColor: "rgba(120,144,156,0.55)", borderColor: "#78909c", borderWidth: 1, counts: ref.counts}];
    if (counts) ds.push({label: "window " + label(win), data: share(counts), backgroundColor: "rgba(21,101,192,0.6)", borderColor: "#1565c0", borderWidth: 1, counts: counts});
    var chart = new Chart(box, {type: "bar", data: {labels: labels, datasets: ds},
      options: {animation: false, responsive: true, maintainAspectRatio: false,
                plugins: {tooltip: {callbacks: {label: function (ctx) { return ctx.dataset.label + ": " + fmt(ctx.raw, 4) + " (" + fmt(ctx.dataset.counts[ctx.dataIndex]) + " rows)"; }}}},
                scales: {y: {title: {display: true, text: "share"}}}}});
    charts.push(chart);
    var txt = "Reference: " + fmt(ref.rows) + " rows, " + fmt(ref.nulls) + " NULL, " + fmt(ref.invalid) + " NaN/inf. ";
    txt += k >= 0 ? "Window: " + fmt(h.rows[k]) + " rows, " + fmt(h.nulls[k]) + " NULL, " + fmt(h.invalid[k]) + " NaN/inf." : "No histogram for this window.";
    var named = (f.new_categories || {})[String(WINDOWS.indexOf(win))];
    if (named && named.length) txt += " New categories (in __unseen__): " + named.map(function (c) { return (c[0] == null ? "others" : c[0]) + " (" + fmt(c[1]) + ")"; }).join(", ") + ".";
    info.textContent = txt;
  }

  // -- page -----------------------------------------------------------------------------------
  function render() {
    state = readHash();
    clearCharts();
    var main = document.getElementById("main"), controls = document.getElementById("controls");
    main.innerHTML = ""; controls.innerHTML = "";
    document.querySelectorAll("#tabs button").forEach(function (b) { b.classList.toggle("active", b.getAttribute("data-view") === state.view); });
    var names = Object.keys(MONITORS);
    controls.appendChild(select("monitor", names.map(function (n) { return [n, n]; }), state.monitor, function (x) { go({monitor: x, feature: "", window: "", version: "", segment: "", metric: ""}); }, "monitor"));
    try {
      if (state.view === "oncall") renderOncall(main, controls);
      else if (state.view === "debug") renderDebug(main, controls);
      else renderExecutive(main, controls);
    } catch (e) {
      main.appendChild(el("pre", {"class": "warnings"}, esc(e && e.stack || e)));
      throw e;
    }
    var warnings = DATA.meta.warnings || [];
    if (warnings.length) main.appendChild(el("div", {"class": "warnings"}, "<b>Not shown:</b> " + warnings.map(esc).join("<br>")));
    document.body.setAttribute("data-rendered", state.view);
  }
  var meta = DATA.meta;
  document.getElementById("meta").textContent = "generated " + (meta.generated_at || "") + " by dbt-model-monitor " + (meta.package_version || "") +
    (meta.target ? ", target " + meta.target : "") + (meta.since ? ", windows since " + meta.since : "") + "; " + WINDOWS.length + " windows, " +
    Object.keys(MONITORS).length + " monitor(s)";
  document.querySelectorAll("#tabs button").forEach(function (b) { b.addEventListener("click", function () { go({view: b.getAttribute("data-view")}); }); });
  window.addEventListener("hashchange", render);
  render();
})();
