"""Benchmark: the whole text stage against raw jieba on the same synthetic suggestions.

    .venv/bin/python bench/bench_text.py                 # 100,000 and 1,000,000 answers
    .venv/bin/python bench/bench_text.py --sizes 20000   # a quick look

Side by side, per size: raw ``jieba.lcut(text, HMM=False)`` over every answer
(one core), then the stage's core — clean, redact, detect non-answers,
segment, classify, weigh (topic shares with CIs, 全市 + district + sex) — with
jieba on one core and on two worker processes, and with the rjieba backend
when it is installed. Throughput is in characters of raw answer text per second;
ratios are against raw jieba. Dictionary loading and model training happen
before the clock starts (once per process in real runs too) and are printed.

The synthetic answers come from :func:`citysurvey.text.training.synthetic_survey`:
12% blank, 18% non-answers, the rest 1–3 topics with ~5% personal data. They are
assembled from a finite phrase set, so clauses repeat more than in most real
surveys. The stage processes identical whole answers (blanks, non-answers,
floods) once and remembers jieba's tokens per block of Chinese text (exact: jieba
cuts each block on its own), which pays off in proportion to that repetition;
the row "no block memo" shows the stage without it, and the share of distinct
blocks is printed so the figures can be read against real data.
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    import jieba
    import numpy as np

    from citysurvey.text.analyse import analyse_suggestions, load_resources
    from citysurvey.text.config import TextConfig
    from citysurvey.text.training import synthetic_survey
    from citysurvey.text.weigh import topic_shares
    from citysurvey.text import segment as seg

    memo_default = seg.MEMO_BLOCKS

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, pid {os.getpid()}")
    t = time.perf_counter()
    res = load_resources(TextConfig())
    res.segmenter
    print(f"load dictionary + train classifier: {time.perf_counter() - t:.1f} s (once per process)")
    try:
        import rjieba  # noqa: F401

        rcfg = TextConfig(backend="rjieba")
        t = time.perf_counter()
        rres = load_resources(rcfg)
        rres.segmenter
        print(f"rjieba backend resources: {time.perf_counter() - t:.1f} s")
    except ImportError:
        rcfg = rres = None
        print("rjieba not installed: accelerated backend skipped")

    for n in [int(s) for s in args.sizes.split(",")]:
        t = time.perf_counter()
        df = synthetic_survey(n, seed=args.seed)
        texts = df["suggestion"].tolist()
        chars = sum(map(len, texts))
        print(f"\n== {n:,} answers, {chars:,} characters ({chars / n:.1f} per answer; "
              f"{df['suggestion'].nunique() / n:.0%} distinct), generated in {time.perf_counter() - t:.1f} s")
        rows = []

        t = time.perf_counter()
        for x in texts:
            jieba.lcut(x, HMM=False)
        raw = time.perf_counter() - t
        rows.append(("raw jieba.lcut, HMM off, 1 core", raw))

        def stage(cfg, r, workers, memo=True):
            seg.MEMO_BLOCKS = memo_default if memo else 0
            for rr in (res, rres):  # every run starts cold: no blocks remembered from an earlier run
                if rr is not None and rr.backend == "jieba":
                    rr.segmenter._blocks.clear()
            t0 = time.perf_counter()
            a = analyse_suggestions(df["suggestion"], cfg, workers=workers, resources=r)
            topic_shares(a.mentions, df["weight"].to_numpy(), df[["district", "sex"]])
            topic_shares(a.mentions, df["weight"].to_numpy(), df[["district", "sex"]],
                         base=(a.frame["status"] == "informative").to_numpy(), base_name="informative")
            return time.perf_counter() - t0, a

        el0, _ = stage(TextConfig(), res, 1, memo=False)
        rows.append(("text stage (jieba, no block memo), 1 core", el0))
        el, a = stage(TextConfig(), res, 1)
        rows.append(("text stage (jieba), 1 core", el))
        el2, a2 = stage(TextConfig(workers=2), res, 2)
        rows.append(("text stage (jieba), 2 workers", el2))
        same = a.frame["topics"].equals(a2.frame["topics"])
        if rres is not None:
            el3, a3 = stage(rcfg, rres, 1)
            rows.append(("text stage (rjieba), 1 core", el3))
            el4, _ = stage(rcfg.model_copy(update={"workers": 2}), rres, 2)
            rows.append(("text stage (rjieba), 2 workers", el4))
            same = same and a.frame["topics"].equals(a3.frame["topics"])
        c = a.counts
        print(f"informative {c['informative']:,}, non-answers {c['non_informative']:,}, blank {c['blank']:,}; "
              f"personal data redacted {sum(a.pii_counts.values()):,}; results identical across runs: {same}")
        blocks = [b for t in a.frame.loc[a.frame["status"] == "informative", "text_redacted"] for b in jieba.re_han_default.findall(t)]
        print(f"Chinese text blocks (what jieba cuts one at a time) in informative answers: {len(blocks):,}, "
              f"distinct {len(set(blocks)) / max(len(blocks), 1):.0%}")
        print(f"{'':42s} {'seconds':>8s} {'k chars/s':>10s} {'× raw jieba':>12s}")
        for name, sec in rows:
            print(f"{name:42s} {sec:8.2f} {chars / sec / 1e3:10.0f} {raw / sec:12.2f}")
        import subprocess

        load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"machine load: {load}")
        me, kids = peak_mb()
        print(f"peak memory so far: this process {me:,.0f} MB, largest worker {kids:,.0f} MB")
        del a, a2, df, texts
    return 0


if __name__ == "__main__":
    sys.exit(main())
