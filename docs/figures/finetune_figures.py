#!/usr/bin/env python3
"""Tables and figures of the p1-finetune preset, read from a NonID store (standard library only).

    python3 docs/figures/finetune_figures.py runtime/data/runs.db docs/img

prints the markdown tables of docs/results-finetune.md and writes finetune-loss-sgd.svg,
finetune-loss-adamw.svg and finetune-sharpness.svg into the folder given.
"""
import json
import math
import sqlite3
import statistics
import sys
from collections import defaultdict

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from icl_figures import svg_chart, mean_sd, fmt  # noqa: E402


def main():
    db = sqlite3.connect(sys.argv[1])
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "."
    rows = []
    for rid, cfg in db.execute("SELECT id, config FROM runs WHERE experiment = 'p1-finetune' AND status = 'finished'"
                               " ORDER BY trial, id"):
        c = json.loads(cfg)
        s = dict(db.execute("SELECT key, value FROM summaries WHERE run_id = ?", (rid,)).fetchall())
        h = defaultdict(dict)
        for step, key, value in db.execute("SELECT step, key, value FROM metrics WHERE run_id = ?", (rid,)):
            h[key][step] = value
        rows.append((rid, c, s, h))
    pre = [r for r in rows if "finetune" not in r[1]]
    fine = [r for r in rows if "finetune" in r[1] and r[1]["training"]["steps"] > 0]
    still = [r for r in rows if "finetune" in r[1] and r[1]["training"]["steps"] == 0]
    print("| pre-trained run | seed | test loss | OOD R1 |")
    print("|---|---|---|---|")
    for rid, c, s, h in pre:
        print(f"| {rid} | {c['seed']} | {s['best/test/loss']:.4f} | {s['best/ood/rule_1_accuracy']:.3f} |")
    print()
    groups = defaultdict(list)
    for r in fine:
        groups[(r[1]["training"]["optimizer"], r[1]["finetune"]["alpha"])].append(r)
    print("| alpha | runs | logit change | aNbN test loss | Hessian trace of the aNbN loss | top eigenvalue | parameter norm |")
    print("|---|---|---|---|---|---|---|")
    by_alpha = defaultdict(list)
    for r in still:
        by_alpha[r[1]["finetune"]["alpha"]].append(r)
    for alpha, rs in sorted(by_alpha.items()):
        print(f"| {alpha:g} | {len(rs)} | {max(r[2]['finetune/max_logit_difference'] for r in rs):.1e} | "
              + fmt(*mean_sd([r[2]["best/test/loss"] for r in rs]), digits=4) + " | "
              + fmt(*mean_sd([r[2]["best/train/hessian_trace"] for r in rs]), digits=1) + " | "
              + fmt(*mean_sd([r[2]["best/train/hessian_top_eigenvalue"] for r in rs]), digits=1) + " | "
              + fmt(*mean_sd([r[2]["best/params/norm"] for r in rs]), digits=1) + " |")
    print()
    print("| optimizer | alpha | runs | logit change | Hessian trace at start | top eigenvalue at start | norm at start |"
          " fine-tuned test loss | distance moved | function moved (KL) | R1 | R2 | R3 | grammatical |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (opt, alpha), rs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "sgd", kv[0][1])):
        def at0(key):
            return [r[3][key].get(0) for r in rs]

        def best(key):
            return [r[2].get("best/" + key) for r in rs]
        cells = [
            f"{max(r[2]['finetune/max_logit_difference'] for r in rs):.1e}",
            fmt(*mean_sd(at0("train/hessian_trace")), digits=1),
            fmt(*mean_sd(at0("train/hessian_top_eigenvalue")), digits=1),
            fmt(*mean_sd(at0("params/norm")), digits=1),
            fmt(*mean_sd(best("test/loss")), digits=4),
            fmt(*mean_sd([r[3]["params/distance_from_start"][max(r[3]["params/distance_from_start"])] for r in rs]), digits=2),
            fmt(*mean_sd(best("val/kl_from_start")), digits=3),
            fmt(*mean_sd(best("id/rule_1_accuracy")), digits=2),
            fmt(*mean_sd(best("id/rule_2_accuracy")), digits=2),
            fmt(*mean_sd(best("id/rule_3_accuracy")), digits=2),
            fmt(*mean_sd(best("id/grammatical_accuracy")), digits=2),
        ]
        print(f"| {opt} | {alpha:g} | {len(rs)} | " + " | ".join(cells) + " |")
    print()
    for opt in ["sgd", "adamw"]:
        series = []
        top = 0
        for (o, alpha), rs in sorted(groups.items()):
            if o != opt:
                continue
            steps = sorted(rs[0][3]["val/loss"])
            pts = []
            for st in steps:
                m, sd = mean_sd([r[3]["val/loss"].get(st) for r in rs])
                pts.append((st, m, sd))
                top = max(top, m + sd)
            series.append((f"alpha {alpha:g}", pts, False))
        last = max(p[0] for s in series for p in s[1])
        svg_chart(f"{out_dir}/finetune-loss-{opt}.svg", f"Fine-tuning on aNbNaN with {opt}: validation loss (mean ± sd)",
                  "fine-tuning step", "validation loss", series, (0, last), (0, min(2.0, top * 1.05)),
                  list(range(0, last + 1, 200)), [round(x * 0.25, 2) for x in range(0, 9) if x * 0.25 <= min(2.0, top * 1.05)])
    pts = []
    for a, rs in sorted(by_alpha.items()):
        m, sd = mean_sd([r[2]["best/train/hessian_trace"] for r in rs])
        pts.append((a, math.log10(max(m, 1e-6)), 0))
    svg_chart(f"{out_dir}/finetune-sharpness.svg", "Sharpness of the pre-training loss (aNbN) at one function",
              "alpha (log scale)", "log10 Hessian trace", [("Hutchinson trace", pts, False)],
              (0.8, 120), (min(p[1] for p in pts) - 0.5, max(p[1] for p in pts) + 0.5), [1, 10, 100],
              [round(x, 1) for x in range(math.floor(min(p[1] for p in pts) - 0.5), math.ceil(max(p[1] for p in pts) + 0.6))],
              log_x=True)


if __name__ == "__main__":
    main()
