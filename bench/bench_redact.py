"""Benchmark: redaction alone (names, addresses, numbers) on the synthetic survey's answers.

    .venv/bin/python bench/bench_redact.py              # 50,000 answers, best of 3
    .venv/bin/python bench/bench_redact.py --size 200000

Prints seconds and characters per second of :func:`citysurvey.text.redact.redact_joined` on the
newline-joined answers (what the text stage runs once per chunk), and the count of each kind found.
Dictionary loading happens before the clock starts. Compare two versions by running this script with
each on the path, back to back: the machine's load moves the figures more than most changes do.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    from citysurvey.text.training import synthetic_survey

    redact = importlib.import_module("citysurvey.text.redact")  # the module, not the function the package exports
    big = "\n".join(t.replace("\n", " ") for t in synthetic_survey(args.size, seed=args.seed)["suggestion"])
    r = redact.Redactor()
    r.find_many("张伟在群里说")  # load the dictionary and the tagger before the clock
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        _, counts = redact.redact_joined(big, r)
        best = min(best, time.perf_counter() - t)
    print(f"{args.size:,} answers, {len(big):,} characters: redaction {best:.2f} s (best of 3), "
          f"{len(big) / best / 1e3:,.0f}k characters/s; found {dict(sorted(counts.items()))}")
    names = r.names
    if hasattr(names, "model"):  # the name finder's share, in CPU time (the machine is shared): rules, model
        rules = _cpu(lambda: names._find(big))
        whole = _cpu(lambda: names.find(big))
        total = _cpu(lambda: redact.redact_joined(big, r))
        print(f"CPU s, best of 3: redaction {total:.2f}, name finder {whole:.2f} ({whole / total:.0%}), of which "
              f"rules {rules:.2f} and the name model {max(0.0, whole - rules):.2f}")
    return 0


def _cpu(f) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


if __name__ == "__main__":
    sys.exit(main())
