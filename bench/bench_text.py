"""Benchmark: the whole text stage against raw jieba on the same answers.

    .venv/bin/python bench/bench_text.py                 # 100,000 and 1,000,000 answers
    .venv/bin/python bench/bench_text.py --sizes 100000 --goal-only   # the goal rows only (3 interleaved rounds)
    .venv/bin/python bench/bench_text.py --sizes 20000   # a quick look
    .venv/bin/python bench/bench_text.py --input answers.csv   # other answers (column suggestion)
    .venv/bin/python bench/bench_text.py --synthetic     # training.synthetic_survey, the input before 2026-12-06

The answers are the fixed ones of ``bench/text_input.py`` (clauses of the blind-written answer sets recombined,
one seed, a checksum printed; bench/README.md says why). The goal rows (raw jieba, the stage with jieba and with
rjieba, no block memo) run ``--rounds`` times side by side; their ratios are the medians of the rounds' ratios.
The 1-core rows are pinned to one core (``os.sched_setaffinity``) and every row runs with one BLAS thread, as the
pipeline runs the stage.

The paragraphs of figures below up to 2026-12-06 were measured on ``training.synthetic_survey`` answers, which
repeat more and hold fewer numbers and names than these; figures on the two inputs do not compare.

Side by side, per size: raw ``jieba.lcut(text, HMM=False)`` over every answer
(one core), then the stage's core — clean, redact, detect non-answers,
segment, classify, weigh (topic shares with CIs, 全市 + district + sex) — with
jieba on one core and on two worker processes, and with the rjieba backend
when it is installed. Throughput is in characters of raw answer text per second;
ratios are against raw jieba. Dictionary loading, model loading and redaction's
name dictionaries (a warm-up run on 500 other answers, after which the classifier's
token table starts empty again) happen before the clock starts (once per process
in real runs too) and are printed. On a shared machine wall time measures the
neighbours as well; the 1-core rows also give this process's CPU time and the
ratio of CPU times, which is what the goals are read against there.

The synthetic answers come from :func:`citysurvey.text.training.synthetic_survey`:
12% blank, 18% non-answers, the rest 1–3 topics with ~5% personal data. They are
assembled from a finite phrase set, so clauses repeat more than in most real
surveys. The stage processes identical whole answers (blanks, non-answers,
floods) once and remembers jieba's tokens per block of Chinese text (exact: jieba
cuts each block on its own), which pays off in proportion to that repetition;
the row "no block memo" shows the stage without it, and the share of distinct
blocks is printed so the figures can be read against real data.

Measured 2026-11-22 (2 cores shared with other work, load average 1.0–2.4 during
the runs; medians of 3 runs; × raw jieba, higher is faster). Before = the stage
before issue 7, after = with it, both on the same 1,000,000 answers (the
synthetic survey of the version before, passed with ``--input``):

===========================  ==========  =========  ==========  =========
text stage                   100k before  100k after  1M before  1M after
===========================  ==========  =========  ==========  =========
jieba, 1 core                0.70        0.88       0.76        1.07
jieba, 2 workers             1.14        1.36       1.16        1.64
rjieba, 1 core               1.55        2.33       1.36        2.47
rjieba, 2 workers            2.25        3.47       1.99        3.62
peak memory (1M, MB)                                2,900       2,740
===========================  ==========  =========  ==========  =========

(At 100k, before ran on its own 100,000-answer survey and after on the first
100,000 of the 1M answers: both from the same generator, 16.8 characters and 70%
distinct answers. The after code on its own, slightly longer survey — more training
cues, so other sentences — gives 0.92 / 1.45 / 2.45 / 3.55 at 100k and
1.03 / 1.60 / 2.54 / 3.75 at 1M.) Raw jieba ran at about 640k characters per
second. What changed: redaction runs its patterns only on the lines a pre-check
pass finds (digits, @, messenger keywords, titles); non-answer detection looks
closely only at the short answers one regex pass picks; answers identical after
redaction are classified once; rules and model share one token table per process
and read characters with numpy; workers get and return joined strings; topic
shares are bincounts over the mentions instead of a dense matrix product.

Measured 2026-12-06 with ``--sizes 100000`` (three runs, load average 17–25: wall
ratios are noise; CPU-time ratios of the 1-core rows, median and the three runs):
jieba without block memo 1.03× (1.03, 0.99, 1.23), with it 1.03× (1.03, 1.01, 1.31);
rjieba without block memo 1.66× (1.66, 1.51, 2.02), with it 1.90× (1.90, 1.58, 2.05).
What changed: the one-pass block cutter (jieba's tokens in about half the time),
a C-level check before de-duplicating clauses, and the warm-up before the clock.
The first run was on the model before its last ten training cues (the synthetic
answers differ by 41 characters).

The goals are read against two rows, CPU-time ratio: ``text stage (jieba, no block memo), 1 core``
(≥ 1.0×) and ``text stage (rjieba, no block memo), 1 core`` (≥ 3.0×).

Measured 2026-12-06 with ``--sizes 100000``, before (the branch point) and after the speed work,
alternately on the same machine (load average 7–8.5; CPU-time ratios, run 1 and run 2):
rjieba without block memo 1.04, 0.85 → 1.59, 1.42 (the stage's CPU seconds 3.82, 3.52 → 2.25, 2.27;
raw jieba 3.0–4.0 s); jieba without block memo 0.69, 0.66 → 1.02, 0.86. The results are byte-identical
(``bench/text_identity.py``). What changed: normalisation's character class written as ranges (the
tag characters had put the regex engine off its fast set test); the name finder's patterns led by a
character class or a literal (the surname alternation, the self-introduction) or with a look-ahead
before their long word alternations (titles, cues), so the engine skips ahead; the cue pattern tried
only where a cue can end; jieba's tagger run on the candidate's run of Chinese only; the name model's
table scores computed at surname positions only; redaction's pre-check led by literals; string
columns built by one take of their distinct values. With rjieba, the name finder (25% of the stage),
the patterns and addresses of redaction (20%) and the classifier (21%) now take most of the time;
the segmenter itself 7%.

From 2026-12-06, late, every goal row starts cold: besides the block memo, the classifier's token table and the name
tagger's remembered runs are emptied before each run (before, rounds 2 and 3 found the table of round 1, which made
them faster than a process running the stage once). Measured so with ``--sizes 100000 --goal-only --rounds 3``, the
code before (main 01178c6, this bench copied beside it) and after, one right after the other, twice (before then
after at load average 6.3–9.6, after then before at 4.4–7.6; CPU-time ratios, median of three rounds): jieba without
block memo 0.81 → 0.85 and 0.78 → 0.86, rjieba without block memo 1.25 → 1.47 and 1.25 → 1.42 (the rjieba stage's
CPU seconds 4.46 → 4.18 and 4.56 → 4.27, raw jieba's 5.3–6.3 with the load). The
results are byte-identical (``bench/text_identity.py``). What changed: the signature pattern tried on each line's
tail only, where a surname can start the name; bare-name starts filtered with numpy before the loop; jieba's tagger
run once per run of text (remembered); the address cores, the home cue and the short dashed door led by a look-ahead
for their first characters; the WeChat label, a room's building in Chinese numerals, the VIN and ID labels and the
name before contact details written to start with a literal or a set; ``without_spans`` by slices. What remains,
with rjieba (share of the stage): name finding ~28% (the rules ~16%, the name model ~9%), classification ~23%,
the patterns and addresses of redaction ~12%, preparing the analysis text ~7%, the segmenter ~7%; with jieba the
block cutter is ~35% of the stage. None of them is more than a few per cent of Python work that a pattern or numpy
could take over, so neither goal is in reach of such changes.

From 2026-12-06, evening, the jieba backend cuts a batch with numpy (``citysurvey/text/batchcut.py``, the same tokens):
the block memo no longer changes the stage's cut of a batch, and the jieba row is close to the rjieba row. Main
(d0edb5c) against it, back to back, twice (load average 5–10): jieba without block memo 0.83 → 1.30 and 0.88 →
1.22 (goal met), rjieba 1.36 → 1.48 and 1.32 → 1.24 (bench/README.md).

From 2026-12-06, night, the classifier keeps no memo of token pairs in its rules (each distinct pair is looked up once
per batch); ``_forget_tokens`` clears that memo only where the code still has it, so the same script measures either.
Token ids in one pass, terms across tokens per distinct pair, and the off-topic filter's word lists read only where
they could decide: rjieba without block memo 1.79 / 1.71 → 1.98 / 1.87 at load average 10–15 (bench/README.md, with
where the rest of the stage's time goes: the name finder).
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
    ap.add_argument("--seed", type=int, default=7, help="with --synthetic: the generator's seed")
    ap.add_argument("--input", help="CSV with a suggestion column (weight, district, sex optional): bench on these answers")
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of the goal rows (raw jieba, stage with jieba, stage with rjieba; no block memo); "
                         "the table gives their medians")
    ap.add_argument("--goal-only", action="store_true", help="only the goal rows (no block memo on, no 2 workers)")
    ap.add_argument("--synthetic", action="store_true",
                    help="bench on training.synthetic_survey (the input before 2026-12-06) instead of the fixed "
                         "answers of bench/text_input.py")
    ap.add_argument("--profile", metavar="FILE",
                    help="also profile the row the 3× goal is read against (rjieba, no block memo; jieba without rjieba) "
                         "with cProfile: stats to FILE (pstats), the top functions printed")
    args = ap.parse_args()

    import jieba
    import numpy as np
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # as the pipeline runs every stage (pipeline.py)

    from citysurvey.text.analyse import analyse_suggestions, load_resources
    from citysurvey.text.config import TextConfig
    from citysurvey.text.training import synthetic_survey
    from citysurvey.text.weigh import topic_shares
    from citysurvey.text import names
    from citysurvey.text import segment as seg

    # the name finder's remembered tagger routes and HMM tokens (absent before 2026-12-06, late: the bench runs there too)
    tagger_memos = [f for f in (getattr(names, k, None) for k in ("_tags_of_run", "_pieces_of_run", "_hmm_tokens")) if f]

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from text_input import CHECKSUM_100K, bench_answers, checksum

    memo_default = seg.MEMO_BLOCKS

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, pid {os.getpid()}")
    t = time.perf_counter()
    res = load_resources(TextConfig())
    res.segmenter
    print(f"load dictionary + topic model ({res.classifier.model_source}): {time.perf_counter() - t:.1f} s (once per process)")
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

    t = time.perf_counter()
    warm = synthetic_survey(500, seed=args.seed + 1000, p_personal=0.5)["suggestion"]
    for rr in (res, rres):  # redaction loads its name dictionaries (jieba's POS tags) on first use: before any clock
        if rr is not None:
            analyse_suggestions(warm, resources=rr)
            _forget_tokens(rr)
    print(f"warm-up (redaction's name dictionaries, the batch cutter's tables): {time.perf_counter() - t:.1f} s (once per process)")

    for n in [int(s) for s in args.sizes.split(",")]:
        t = time.perf_counter()
        if args.input:
            df, source = _read_input(args.input, n, args.seed), args.input
        elif args.synthetic:
            df, source = synthetic_survey(n, seed=args.seed), f"training.synthetic_survey, seed {args.seed}"
        else:
            df, source = bench_answers(n), "bench/text_input.py"
        texts = df["suggestion"].tolist()
        if source == "bench/text_input.py" and n == 100_000 and checksum(texts) != CHECKSUM_100K:
            print(f"NOTE: not the answers of the figures in bench/README.md (checksum {CHECKSUM_100K}): "
                  "the fixture files text_input.FILES read have changed")
        chars = sum(map(len, texts))
        print(f"\n== {n:,} answers of {source} (checksum {checksum(texts)}), {chars:,} characters ({chars / n:.1f} per "
              f"answer; {df['suggestion'].nunique() / n:.0%} distinct), made in {time.perf_counter() - t:.1f} s")
        rows = []

        one_core(True)

        def raw_jieba():
            t0, c0 = time.perf_counter(), time.process_time()
            for x in texts:
                jieba.lcut(x, HMM=False)
            return time.perf_counter() - t0, time.process_time() - c0

        def stage(cfg, r, workers, memo=True):
            seg.MEMO_BLOCKS = memo_default if memo else 0
            for rr in (res, rres):  # every run starts cold: no blocks remembered from an earlier run
                if rr is not None:
                    if rr.backend == "jieba":
                        rr.segmenter._blocks.clear()
                    _forget_tokens(rr)  # nor tokens (the classifier's table), as in a process that runs the stage once
            for memo in tagger_memos:
                memo.cache_clear()  # nor the name tagger's runs
            t0, c0 = time.perf_counter(), time.process_time()
            a = analyse_suggestions(df["suggestion"], cfg, workers=workers, resources=r)
            topic_shares(a.mentions, df["weight"].to_numpy(), df[["district", "sex"]])
            topic_shares(a.mentions, df["weight"].to_numpy(), df[["district", "sex"]],
                         base=(a.frame["status"] == "informative").to_numpy(), base_name="informative")
            stage.cpu = time.process_time() - c0  # this process's CPU time: meaningful for the 1-core rows
            return time.perf_counter() - t0, a

        if args.profile:  # pinned, like the 1-core rows
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            stage(rcfg or TextConfig(), rres or res, 1, memo=False)
            prof.disable()
            prof.dump_stats(args.profile)
            _forget_tokens(rres or res)  # the rows below start as they would without the profile
            print(f"profile of the {'rjieba' if rres else 'jieba'} stage without block memo (under cProfile, "
                  f"{stage.cpu:.2f} CPU s) → {args.profile}; its top functions by own time:")
            pstats.Stats(args.profile).sort_stats("tottime").print_stats(15)
        # the rows the goals are read against, in rounds: raw jieba, then the stage with jieba, then with rjieba, each
        # round side by side, so a change of load between them shows as a round that disagrees with the others
        import statistics
        import subprocess

        runs: dict[str, list[tuple[float, float]]] = {}
        goal_rows = [("raw jieba.lcut, HMM off, 1 core", None, None),
                     ("text stage (jieba, no block memo), 1 core", TextConfig(), res)]
        if rres is not None:
            goal_rows.append(("text stage (rjieba, no block memo), 1 core", rcfg, rres))
        for k in range(args.rounds):
            line = []
            for name, cfg_, r_ in goal_rows:
                if r_ is None:
                    runs.setdefault(name, []).append(raw_jieba())
                else:
                    el_, _ = stage(cfg_, r_, 1, memo=False)
                    runs.setdefault(name, []).append((el_, stage.cpu))
                    line.append(f"{name.split('(')[1].split(',')[0]} {runs[goal_rows[0][0]][-1][1] / stage.cpu:.2f}×")
            load1 = os.getloadavg()[0]
            print(f"round {k + 1}: raw jieba {runs[goal_rows[0][0]][-1][1]:.2f} CPU s; stage × raw jieba (CPU): "
                  f"{', '.join(line)}; load average {load1:.2f}")
        rows, cpu = [], {}
        for name, _, _ in goal_rows:
            rows.append((name, statistics.median(w for w, _ in runs[name])))
            cpu[name] = statistics.median(c for _, c in runs[name])
        raw, raw_cpu = rows[0][1], cpu[rows[0][0]]
        # the goal rows' ratios: the median of the rounds' ratios (each of a raw run and the stage runs beside it)
        ratio = {name: (statistics.median(r[0] / s_[0] for r, s_ in zip(runs[goal_rows[0][0]], runs[name])),
                        statistics.median(r[1] / s_[1] for r, s_ in zip(runs[goal_rows[0][0]], runs[name])))
                 for name, _, _ in goal_rows}
        if args.goal_only:
            _table(rows, cpu, raw, raw_cpu, chars, ratio)
            print(f"machine load: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
            continue
        el, a = stage(TextConfig(), res, 1)
        rows.append(("text stage (jieba), 1 core", el))
        cpu[rows[-1][0]] = stage.cpu
        one_core(False)
        el2, a2 = stage(TextConfig(workers=2), res, 2)
        one_core(True)
        rows.append(("text stage (jieba), 2 workers", el2))
        same = a.frame["topics"].equals(a2.frame["topics"])
        if rres is not None:
            el3, a3 = stage(rcfg, rres, 1)
            rows.append(("text stage (rjieba), 1 core", el3))
            cpu[rows[-1][0]] = stage.cpu
            one_core(False)
            el4, _ = stage(rcfg.model_copy(update={"workers": 2}), rres, 2)
            rows.append(("text stage (rjieba), 2 workers", el4))
            same = same and a.frame["topics"].equals(a3.frame["topics"])
        one_core(False)
        c = a.counts
        print(f"informative {c['informative']:,}, non-answers {c['non_informative']:,}, blank {c['blank']:,}; "
              f"personal data redacted {sum(a.pii_counts.values()):,}; results identical across runs: {same}")
        blocks = [b for t in a.frame.loc[a.frame["status"] == "informative", "text_redacted"] for b in jieba.re_han_default.findall(t)]
        print(f"Chinese text blocks (what jieba cuts one at a time) in informative answers: {len(blocks):,}, "
              f"distinct {len(set(blocks)) / max(len(blocks), 1):.0%}")
        _table(rows, cpu, raw, raw_cpu, chars, ratio)
        load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"machine load: {load}")
        me, kids = peak_mb()
        print(f"peak memory so far: this process {me:,.0f} MB, largest worker {kids:,.0f} MB")
        del a, a2, df, texts
    return 0


def _table(rows, cpu, raw, raw_cpu, chars, ratio) -> None:
    """Seconds and ratios to raw jieba; for the goal rows (in ``ratio``) the ratios are the medians over the rounds
    (seconds and CPU seconds are the medians of the runs)."""
    # on a shared machine wall time measures the neighbours too; the CPU time of a 1-core run does not
    print(f"{'':46s} {'seconds':>8s} {'k chars/s':>10s} {'× raw jieba':>12s} {'CPU s':>7s} {'× (CPU)':>8s}  goal")
    goals = {"text stage (jieba, no block memo), 1 core": 1.0, "text stage (rjieba, no block memo), 1 core": 3.0}
    for name, sec in rows:
        g = goals.get(name)
        c = cpu.get(name)
        wall_x, cpu_x = ratio.get(name, (raw / sec, raw_cpu / c if c else None))
        mark = "" if g is None else (f"≥ {g:.1f}×: wall {'met' if wall_x >= g else 'NOT met'}, "
                                     f"CPU {'met' if cpu_x >= g else 'NOT met'}")
        cols = f"{c:7.2f} {cpu_x:8.2f}" if c is not None else f"{'':7s} {'':8s}"
        print(f"{name:46s} {sec:8.2f} {chars / sec / 1e3:10.0f} {wall_x:12.2f} {cols}  {mark}")


_ALL_CPUS = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def one_core(on: bool) -> None:
    """Pin this process to one core (its first allowed one) for the 1-core rows, raw jieba and stage alike, so
    neither side gets a second core for the interpreter's or a library's helper threads; the 2-worker rows
    get every core back. Where the OS cannot pin, nothing happens (the 1-core rows are then read by CPU time)."""
    if _ALL_CPUS is None:
        return
    os.sched_setaffinity(0, {min(_ALL_CPUS)} if on else _ALL_CPUS)


def _forget_tokens(rr) -> None:
    """The classifier's per-process token table and term memo start empty again, as in a fresh run."""
    rr.classifier.__dict__.pop("_table", None)
    for memo in ("_pairs", "_triples"):  # the rules' memo of token pairs and triples (gone after 2026-12-06)
        getattr(rr.classifier.rules, memo, {}).clear()


def _read_input(path: str, n: int, seed: int):
    import numpy as np
    import pandas as pd

    df = pd.read_csv(path, dtype={"suggestion": str}, keep_default_na=False, nrows=n)
    rng = np.random.default_rng(seed)
    if "weight" not in df:
        df["weight"] = rng.uniform(0.5, 2.0, len(df))
    for col, levels in (("district", ["城东区", "城西区", "南湖区", "北山区", "江口区", "新城区"]), ("sex", ["男", "女"])):
        if col not in df:
            df[col] = pd.Categorical(np.asarray(levels)[rng.integers(len(levels), size=len(df))], categories=levels)
    return df


if __name__ == "__main__":
    sys.exit(main())
