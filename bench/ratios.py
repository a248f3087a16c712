"""The ratios table of `ROUNDS=N bench/run`: NonID over PyTorch for each round, size and backend, and
their median over the rounds. Input lines: ROUND SIZE SIDE JSON, SIDE being a backend or torch."""
import json
import statistics
import sys


def main(path):
    runs = {}
    for line in open(path):
        round_, size, side, text = line.split(" ", 3)
        runs[(int(round_), size, side)] = json.loads(text)
    rounds = sorted({r for r, _, _ in runs})
    pairs = sorted({(s, b) for _, s, b in runs if b != "torch"}, key=lambda p: (p[0], p[1]))
    print()
    print(f"{'size':18} {'backend':8} {'what':13} " + " ".join(f"{'round ' + str(r):>9}" for r in rounds)
          + f" {'median':>9}")
    for size, backend in pairs:
        for what, key, their_key in (("step", "step_ms_median", "step_ms_median"),
                                     ("decoding (x)", "gen_prompts_per_s", "gen_prompts_per_s"),
                                     ("1st decod (x)", "gen_first_prompts_per_s", "gen_prompts_per_s"),
                                     ("peak RSS", "peak_rss_mib", "peak_rss_mib")):
            ratios = []
            for r in rounds:
                ours, theirs = runs.get((r, size, backend)), runs.get((r, size, "torch"))
                if ours and theirs and ours.get(key) and theirs.get(their_key):
                    ratios.append(ours[key] / theirs[their_key])
                else:
                    ratios.append(None)
            cells = " ".join(f"{x:9.3f}" if x is not None else f"{'-':>9}" for x in ratios)
            known = [x for x in ratios if x is not None]
            median = f"{statistics.median(known):9.3f}" if known else f"{'-':>9}"
            print(f"{size:18} {backend:8} {what:13} {cells} {median}")
    print("step and peak RSS: NonID / PyTorch (below 1: NonID is faster, smaller); decoding (x): NonID's prompts/s"
          " over PyTorch's (1st decod: NonID's first, untimed decoding)")


if __name__ == "__main__":
    main(sys.argv[1])
