#!/usr/bin/env python3
"""Tables and figures of the p1-icl preset, read from a NonID store (standard library only).

    python3 docs/figures/icl_figures.py runtime/data/runs.db docs/img

prints the markdown tables of docs/results-icl.md and writes icl-accuracy-by-k.svg and
icl-epsilon.svg into the folder given.
"""
import json
import math
import sqlite3
import statistics
import sys
from collections import defaultdict

K = 4


def runs(db, experiment):
    out = []
    for rid, cfg, status in db.execute(
            "SELECT id, config, status FROM runs WHERE experiment = ? AND status = 'finished' ORDER BY trial, id",
            (experiment,)):
        config = json.loads(cfg)
        summary = dict(db.execute("SELECT key, value FROM summaries WHERE run_id = ?", (rid,)).fetchall())
        out.append((rid, config, summary))
    return out


def mean_sd(values):
    values = [v for v in values if v is not None]
    if not values:
        return float("nan"), float("nan")
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt(m, sd=None, digits=3):
    if sd is None:
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ± {sd:.{digits}f}"


def svg_chart(path, title, xlabel, ylabel, series, xlim, ylim, xticks, yticks, log_x=False):
    w, h, left, right, top, bottom = 640, 400, 70, 190, 40, 50
    pw, ph = w - left - right, h - top - bottom

    def fx(x):
        if log_x:
            return left + pw * (math.log10(x) - math.log10(xlim[0])) / (math.log10(xlim[1]) - math.log10(xlim[0]))
        return left + pw * (x - xlim[0]) / (xlim[1] - xlim[0])

    def fy(y):
        return top + ph * (1 - (y - ylim[0]) / (ylim[1] - ylim[0]))

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             f'<text x="{left + pw / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
             f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="black"/>']
    for t in xticks:
        parts.append(f'<line x1="{fx(t)}" y1="{top + ph}" x2="{fx(t)}" y2="{top + ph + 5}" stroke="black"/>')
        parts.append(f'<text x="{fx(t)}" y="{top + ph + 18}" text-anchor="middle">{t:g}</text>')
    for t in yticks:
        parts.append(f'<line x1="{left - 5}" y1="{fy(t)}" x2="{left}" y2="{fy(t)}" stroke="black"/>')
        parts.append(f'<line x1="{left}" y1="{fy(t)}" x2="{left + pw}" y2="{fy(t)}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 8}" y="{fy(t) + 4}" text-anchor="end">{t:g}</text>')
    parts.append(f'<text x="{left + pw / 2}" y="{h - 10}" text-anchor="middle">{xlabel}</text>')
    parts.append(f'<text x="16" y="{top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 {top + ph / 2})">{ylabel}</text>')
    for i, (name, points, dashed) in enumerate(series):
        c = colours[i % len(colours)]
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        line = " ".join(f"{fx(x):.1f},{fy(y):.1f}" for x, y, _ in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{c}" stroke-width="2"{dash} opacity="0.8"/>')
        for x, y, err in points:
            if err:
                parts.append(f'<line x1="{fx(x):.1f}" y1="{fy(y - err):.1f}" x2="{fx(x):.1f}" y2="{fy(y + err):.1f}" stroke="{c}"/>')
            parts.append(f'<circle cx="{fx(x):.1f}" cy="{fy(y):.1f}" r="4" fill="{c}" fill-opacity="0.6"/>')
        ly = top + 14 + 18 * i
        parts.append(f'<line x1="{left + pw + 12}" y1="{ly - 4}" x2="{left + pw + 32}" y2="{ly - 4}" stroke="{c}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{left + pw + 36}" y="{ly}">{name}</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts))


def main():
    db = sqlite3.connect(sys.argv[1])
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "."
    all_runs = runs(db, "p1-icl")
    analytic = [r for r in all_runs if r[1]["model"]["family"] == "constructed"]
    trained = [r for r in all_runs if r[1]["model"]["family"] != "constructed"]

    print("| delta | model | exact KL(data ‖ model), nats per word | per position | P1's bound delta · ln 4 | ICL accuracy (k = 1..4) | at k = 0 | test loss |")
    print("|---|---|---|---|---|---|---|---|")
    by_delta = defaultdict(dict)
    for rid, c, s in analytic:
        delta = c["language"]["delta"]
        positions = 13
        by_delta[delta][c["model"]["icl"]] = s
        print(f"| {delta:g} | {c['model']['icl']} | {s['best/data/kl']:.6f} | {s['best/data/kl'] / positions:.6f} |"
              f" {delta * math.log(4):.6f} | {s['best/icl/accuracy']:.4f} | {s['best/icl/accuracy_k0']:.4f} |"
              f" {s['best/test/loss']:.4f} |")
    print()

    groups = defaultdict(list)
    for rid, c, s in trained:
        groups[(c["model"]["family"], c["condition"]["name"])].append(s)
    print("| model | condition | runs | test loss | KL(data ‖ model) per word | ICL acc. k = 1 | k = 2 | k = 3 | k = 4 | k = 0 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (family, condition), ss in sorted(groups.items()):
        cells = [fmt(*mean_sd([s["best/test/loss"] for s in ss]), digits=4),
                 fmt(*mean_sd([s["best/data/kl"] for s in ss]))]
        for k in [1, 2, 3, 4, 0]:
            cells.append(fmt(*mean_sd([s[f"best/icl/accuracy_k{k}"] for s in ss]), digits=2))
        print(f"| {family} | {condition} | {len(ss)} | " + " | ".join(cells) + " |")
    print()
    for family in sorted({f for f, _ in groups}):
        mle, marg = groups.get((family, "mle"), []), groups.get((family, "icl-marginal"), [])
        if mle and marg:
            dl = statistics.fmean(s["best/test/loss"] for s in marg) - statistics.fmean(s["best/test/loss"] for s in mle)
            da = statistics.fmean(s["best/icl/accuracy_k4"] for s in mle) - statistics.fmean(s["best/icl/accuracy_k4"] for s in marg)
            print(f"{family}: test-loss gap (icl-marginal - mle) {dl:+.4f} per position; ICL accuracy gap at k = 4 {da:+.3f}")

    series = []
    ks = list(range(0, K + 1))
    for (family, condition), ss in sorted(groups.items()):
        pts = [(k, *mean_sd([s[f"best/icl/accuracy_k{k}"] for s in ss])) for k in ks]
        series.append((f"{family} {condition}", pts, condition != "mle"))
    for icl in ["bayes", "marginal"]:
        s = by_delta[max(by_delta)][icl]
        series.append((f"constructed {icl}", [(k, s[f"best/icl/accuracy_k{k}"], 0) for k in ks], True))
    svg_chart(f"{out_dir}/icl-accuracy-by-k.svg", "ICL accuracy by number of demonstrations (mean ± sd over seeds)",
              "demonstrations k", "greedy accuracy of the answer", series, (-0.2, K + 0.2), (0, 1.05),
              ks, [0, 0.25, 0.5, 0.75, 1.0])

    deltas = sorted(by_delta)
    constructed = [((by_delta[d]["marginal"]["best/data/kl"] - by_delta[d]["bayes"]["best/data/kl"]) / 13,
                    by_delta[d]["bayes"]["best/icl/accuracy_k4"] - by_delta[d]["marginal"]["best/icl/accuracy_k4"], 0)
                   for d in deltas]
    scatter = [(f"constructed, delta {deltas[0]:g}-{deltas[-1]:g}", constructed, True)]
    for family in sorted({f for f, _ in groups}):
        mle, marg = groups.get((family, "mle"), []), groups.get((family, "icl-marginal"), [])
        if mle and marg:
            dl = statistics.fmean(s["best/test/loss"] for s in marg) - statistics.fmean(s["best/test/loss"] for s in mle)
            da = (statistics.fmean(s["best/icl/accuracy_k4"] for s in mle)
                  - statistics.fmean(s["best/icl/accuracy_k4"] for s in marg))
            scatter.append((f"trained {family}", [(max(dl, 1e-5), da, 0)], False))
    svg_chart(f"{out_dir}/icl-epsilon.svg", "Test-loss gap against ICL-accuracy gap (k = 4)",
              "test-loss gap per position (marginal minus Bayes / MLE), log scale", "ICL accuracy gap at k = 4",
              scatter, (5e-5, 0.1), (0, 1.05), [1e-4, 1e-3, 1e-2, 1e-1], [0, 0.25, 0.5, 0.75, 1.0], log_x=True)

if __name__ == "__main__":
    main()
