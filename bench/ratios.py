"""The ratios table of `ROUNDS=N bench/run`: NonID over PyTorch for each round, size and backend, and
their median over the rounds. Input lines: ROUND SIZE SIDE JSON, SIDE being a backend or torch, with
@THREADS when the rounds ran several thread counts; then NonID's speed-up over its first thread count,
round by round (each round's runs of one size are minutes apart)."""
import json
import statistics
import sys


def threads_of(side):
    return int(side.split("@")[1]) if "@" in side else None


def torch_side(side):
    return "torch" + side[side.index("@"):] if "@" in side else "torch"


def row(label, ratios):
    cells = " ".join(f"{x:9.3f}" if x is not None else f"{'-':>9}" for x in ratios)
    known = [x for x in ratios if x is not None]
    median = f"{statistics.median(known):9.3f}" if known else f"{'-':>9}"
    return f"{label} {cells} {median}"


def main(path):
    runs = {}
    for line in open(path):
        round_, size, side, text = line.split(" ", 3)
        runs[(int(round_), size, side)] = json.loads(text)
    rounds = sorted({r for r, _, _ in runs})
    pairs = sorted({(s, b) for _, s, b in runs if not b.startswith("torch")},
                   key=lambda p: (p[0], p[1].split("@")[0], threads_of(p[1]) or 0))
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
                ours, theirs = runs.get((r, size, backend)), runs.get((r, size, torch_side(backend)))
                if ours and theirs and ours.get(key) and theirs.get(their_key):
                    ratios.append(ours[key] / theirs[their_key])
                else:
                    ratios.append(None)
            print(row(f"{size:18} {backend:8} {what:13}", ratios))
    print("step and peak RSS: NonID / PyTorch (below 1: NonID is faster, smaller); decoding (x): NonID's prompts/s"
          " over PyTorch's (1st decod: NonID's first, untimed decoding)")
    speedups = []
    for size, backend in pairs:
        base = next((b for s, b in pairs if s == size and b.split("@")[0] == backend.split("@")[0]), None)
        if threads_of(backend) is None or base == backend:
            continue
        ratios = []
        for r in rounds:
            one, more = runs.get((r, size, base)), runs.get((r, size, backend))
            ok = one and more and one.get("step_ms_median") and more.get("step_ms_median")
            ratios.append(one["step_ms_median"] / more["step_ms_median"] if ok else None)
        speedups.append(row(f"{size:18} {backend:8} {'speed-up (x)':13}", ratios))
    if speedups:
        print()
        print("\n".join(speedups))
        print("speed-up (x): NonID's step at its first thread count over its step at this one, in the same round")


if __name__ == "__main__":
    main(sys.argv[1])
