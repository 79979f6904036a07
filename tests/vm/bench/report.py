#!/usr/bin/env python3
"""Turn the bench.txt files of tests/vm/bench/guest.sh into the "Hook
overhead" section of docs/benchmarks.md and print it.

Usage: report.py --doc FILE --exec-runs N --open-runs N REL=BENCH.TXT...

Ratios are taken against the no-module run of the same boot. The section
replaces an existing "## Hook overhead" section (up to the next "## "
heading) or is appended, so other sections of the file stay as they are.
Kernels not measured in this run keep their earlier block and date.
"""
import argparse
import datetime
import re
import sys

CONFIGS = ["none", "module", "rules10", "rules1000"]
# (where, mode): maximum ratio to the no-module run.
TARGETS = {("host", "exec"): 1.02, ("host", "open"): 1.02,
           ("container", "exec"): 1.05, ("container", "open"): 1.10}
RULES_SPREAD = 0.05  # 10 vs 1,000 rules


def read_results(path):
    figures = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"config=(\S+) where=(\S+) mode=(\S+) per_op_ns=(\d+)", line)
            if m:
                figures[(m[1], m[2], m[3])] = int(m[4])
    return figures


def kernel_table(rel, figures, misses):
    rows = ["| where | loop | no module (µs/op) | module, no policy | 10 rules "
            "| 1,000 rules | 1,000 vs 10 rules | target |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for where in ("host", "container"):
        for mode in ("exec", "open"):
            base = figures.get(("none", where, mode))
            cells = [where, mode, f"{base / 1000:.2f}" if base else "n/a"]
            worst = 0.0
            for config in CONFIGS[1:]:
                value = figures.get((config, where, mode))
                if base and value:
                    ratio = value / base
                    worst = max(worst, ratio)
                    cells.append(f"{ratio:.3f}")
                else:
                    cells.append("n/a")
                    misses.append(f"{rel} {where} {mode} {config}: no figure")
            r10 = figures.get(("rules10", where, mode))
            r1000 = figures.get(("rules1000", where, mode))
            spread = r1000 / r10 if r10 and r1000 else None
            cells.append(f"{spread:.3f}" if spread else "n/a")
            limit = TARGETS[(where, mode)]
            met = worst <= limit and spread is not None and abs(spread - 1) <= RULES_SPREAD
            cells.append(f"<= {limit:.2f}, 1,000 vs 10 within 5 %: "
                         + ("met" if met else "**missed**"))
            if not met:
                misses.append(f"{rel} {where} {mode}: worst ratio {worst:.3f} "
                              f"(target {limit:.2f}), 1,000 vs 10 rules "
                              f"{spread if spread else float('nan'):.3f}")
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", required=True)
    ap.add_argument("--exec-runs", type=int, required=True)
    ap.add_argument("--open-runs", type=int, required=True)
    ap.add_argument("results", nargs="+", metavar="REL=BENCH.TXT")
    args = ap.parse_args()

    today = datetime.date.today().isoformat()
    out = ["## Hook overhead", "",
           f"Measured with `make bench-hooks` (tests/vm/bench/). Each kernel "
           "boots once in QEMU with `-icount shift=0,sleep=off -smp 1` under TCG, so "
           "guest time counts executed instructions (1 ns each): the figures repeat "
           "across runs but leave out cache and TLB effects. In that boot, every "
           "configuration runs an exec loop (static fork + exec + wait, "
           f"{args.exec_runs} runs) and an open/close loop ({args.open_runs} runs, "
           "read-only open of a tmpfs file), after a short warm-up, as a host "
           "process and inside a runc container whose cgroup a scope selects; "
           "each figure is the median of three runs. "
           "Configurations: no module; dsec.ko loaded without policy; a policy "
           "with every guard on and 10 exact-path rules; the same with 1,000 "
           "rules. Ratios are to the no-module run of the same boot.", "",
           "Targets: container exec <= 1.05, container open <= 1.10, host <= 1.02, "
           "and 10 vs 1,000 rules within 5 %.", ""]
    try:
        with open(args.doc) as f:
            doc = f.read()
    except FileNotFoundError:
        doc = "# Benchmarks\n\n"

    # Kernels measured in an earlier run keep their block.
    blocks = {}
    old = re.search(r"^## Hook overhead\n.*?(?=^## |\Z)", doc, flags=re.M | re.S)
    if old:
        for m in re.finditer(r"^### Kernel (\S+).*?(?=^### |\Z)", old[0], flags=re.M | re.S):
            blocks[m[1]] = m[0].rstrip("\n") + "\n"

    failed = False
    for item in args.results:
        rel, _, path = item.partition("=")
        misses = []
        block = [f"### Kernel {rel} ({today})", ""]
        block += kernel_table(rel, read_results(path), misses)
        block.append("")
        if misses:
            failed = True
            block += ["Missed targets:", ""] + [f"- {m}" for m in misses]
        else:
            block.append("Every target was met.")
        blocks[rel] = "\n".join(block) + "\n"

    def version_key(rel):
        return [int(x) if x.isdigit() else x for x in re.split(r"[.+-]", rel)]

    out += [blocks[rel] for rel in sorted(blocks, key=version_key)]
    section = "\n".join(out)

    if old:
        doc = doc[:old.start()] + section + "\n" + doc[old.end():]
    else:
        doc = doc.rstrip("\n") + "\n\n" + section
    with open(args.doc, "w") as f:
        f.write(doc)
    print(section)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
