// Line charts drawn as SVG by the page itself (nothing is loaded from elsewhere): one chart per
// metric, a line per series, axes with ticks, the legend under the plot so it never hides a point.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

function svg(tag, attributes, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes || {})) { e.setAttribute(k, v); }
  if (text !== undefined) { e.textContent = text; }
  return e;
}

function ticks(low, high, count) {
  if (!(high > low)) { return [low]; }
  const raw = (high - low) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * magnitude).find(s => s >= raw);
  const out = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) { out.push(t); }
  return out;
}

function tickText(t) {
  return Math.abs(t) >= 1e4 || (t !== 0 && Math.abs(t) < 1e-3) ? t.toPrecision(2) : String(+t.toPrecision(6));
}

class LineChart {
  // container: an element; key: the metric key; title: what the chart shows
  constructor(container, key, title) {
    this.key = key;
    this.series = new Map();
    this.figure = el("figure", { class: "chart", dataset: { key: key } }, el("figcaption", {}, title));
    this.plot = svg("svg", { viewBox: "0 0 480 260", width: "480", height: "260", role: "img" });
    this.legend = el("ul", { class: "legend" });
    this.figure.append(this.plot, this.legend);
    container.appendChild(this.figure);
  }

  // Adds points ([x, y] pairs; null y are left out) to a series, creating it with a colour and width.
  add(name, points, style) {
    let s = this.series.get(name);
    if (!s) {
      s = { name: name, points: [], color: (style && style.color) || PALETTE[this.series.size % PALETTE.length],
        width: (style && style.width) || 1.5 };
      this.series.set(name, s);
    }
    for (const p of points) { if (p[1] !== null && Number.isFinite(p[1])) { s.points.push(p); } }
    this.render();
  }

  render() {
    const all = [...this.series.values()].flatMap(s => s.points);
    this.plot.replaceChildren();
    if (all.length === 0) {
      this.plot.appendChild(svg("text", { x: 240, y: 130, "text-anchor": "middle" }, "no points yet"));
      return;
    }
    const left = 56, right = 470, top = 10, bottom = 230;
    let x0 = Math.min(...all.map(p => p[0])), x1 = Math.max(...all.map(p => p[0]));
    let y0 = Math.min(...all.map(p => p[1])), y1 = Math.max(...all.map(p => p[1]));
    if (x1 === x0) { x1 = x0 + 1; }
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const pad = (y1 - y0) * 0.05;
    y0 -= pad; y1 += pad;
    const X = x => left + (x - x0) / (x1 - x0) * (right - left);
    const Y = y => bottom - (y - y0) / (y1 - y0) * (bottom - top);
    for (const t of ticks(y0, y1, 5)) {
      this.plot.appendChild(svg("line", { x1: left, x2: right, y1: Y(t), y2: Y(t), class: "grid" }));
      this.plot.appendChild(svg("text", { x: left - 4, y: Y(t) + 4, "text-anchor": "end", class: "tick" }, tickText(t)));
    }
    for (const t of ticks(x0, x1, 6)) {
      this.plot.appendChild(svg("text", { x: X(t), y: bottom + 16, "text-anchor": "middle", class: "tick" }, tickText(t)));
    }
    this.plot.appendChild(svg("text", { x: (left + right) / 2, y: 256, "text-anchor": "middle", class: "tick" }, "step"));
    this.plot.appendChild(svg("rect", { x: left, y: top, width: right - left, height: bottom - top, class: "frame" }));
    this.legend.replaceChildren();
    for (const s of this.series.values()) {
      const sorted = s.points.slice().sort((a, b) => a[0] - b[0]);
      const line = svg("polyline", { points: sorted.map(p => X(p[0]).toFixed(1) + "," + Y(p[1]).toFixed(1)).join(" "),
        fill: "none", stroke: s.color, "stroke-width": s.width, "data-series": s.name, "data-count": sorted.length });
      line.appendChild(svg("title", {}, s.name));
      this.plot.appendChild(line);
      if (sorted.length === 1) {
        this.plot.appendChild(svg("circle", { cx: X(sorted[0][0]), cy: Y(sorted[0][1]), r: 2.5, fill: s.color }));
      }
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = s.color;
      this.legend.appendChild(el("li", {}, swatch, s.name + " (" + sorted.length + ")"));
    }
  }
}

// Metric keys in the order charts show them: the losses first, then by name.
function orderedKeys(keys) {
  const first = ["train/loss", "val/loss", "test/loss"];
  return [...new Set(keys)].sort((a, b) => {
    const x = first.indexOf(a), y = first.indexOf(b);
    if (x >= 0 || y >= 0) { return (x < 0 ? 99 : x) - (y < 0 ? 99 : y); }
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
