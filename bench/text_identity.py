"""Check that a change to the text stage leaves its results byte for byte as they were.

    .venv/bin/python bench/text_identity.py --write before.txt          # on the code before the change
    .venv/bin/python bench/text_identity.py --compare before.txt        # on the code after it

Runs the stage's core (:func:`~citysurvey.text.analyse.analyse_suggestions` and the weighted topic
shares with CIs, 全市 + district + sex, base all and base informative) on the same synthetic
answers — the 20,000 of bench_text.py (seed 7, 5% personal data) and 5,000 more in which half the
informative answers carry personal data, so that redaction is exercised as much as topics are — with
both backends, the block memo on and off and one and two workers, and
writes every output as text: the per-answer frame (redacted text, status, flag, topics, primary
topic, duplicates, personal-data kinds), the mentions, the evidence, the counts of personal data and
the share tables with every digit of every float (``repr``). ``--compare`` prints the first
difference and exits 1 when there is one.

Speed changes must not change results; this is how that is checked (bench_text.py measures the speed).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import logging
import sys


def dump(n: int, seed: int) -> str:
    import jieba

    from citysurvey.text.training import synthetic_survey

    jieba.setLogLevel(logging.WARNING)
    out = io.StringIO()
    for k, (size, p) in enumerate(((n, 0.05), (n // 4, 0.5))):
        df = synthetic_survey(size, seed=seed + k, p_personal=p)
        out.write(f"##### {size} answers, seed {seed + k}, personal data {p}\n")
        _dump_one(df, out)
    _dump_fixtures(out)
    return out.getvalue()


def _dump_fixtures(out) -> None:
    """The hand-written redaction and topic sets of the tests (development and held-out), redacted one by one and
    as one batch, and the topic sets through the stage: the rules' hard cases, which synthetic answers rarely hit."""
    import json
    from pathlib import Path

    import numpy as np
    import pandas as pd

    from citysurvey.text.analyse import analyse_suggestions
    from citysurvey.text.clean import normalise
    from citysurvey.text.config import TextConfig
    from citysurvey.text.redact import default_redactor, redact_joined

    import citysurvey

    here = Path(citysurvey.__file__).resolve().parent.parent / "tests" / "fixtures" / "text"
    texts: list[str] = []
    for f in sorted(here.glob("redaction_*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    for f in sorted(here.glob("*.csv")):
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        for col in ("text", "suggestion", "answer"):
            if col in df:
                texts += df[col].tolist()
    red = default_redactor()
    cleaned = [normalise(t).replace("\n", " ") for t in texts]
    out.write(f"##### {len(texts)} texts of tests/fixtures/text\n")
    for t in cleaned:
        out.write(repr(red.find(t)) + "\n")
    big, counts = redact_joined("\n".join(cleaned), red)
    out.write(big + "\n" + repr(sorted(counts.items())) + "\n")
    for backend in ("jieba", "rjieba"):
        try:
            a = analyse_suggestions(texts, TextConfig(backend=backend), workers=1)
        except Exception as e:  # rjieba missing
            out.write(f"{backend}: {type(e).__name__}\n")
            continue
        out.write(a.frame.to_csv(lineterminator="\n"))
        out.write(a.evidence.to_csv(lineterminator="\n"))
        out.write(repr(np.asarray(a.mentions).sum(axis=0).tolist()) + "\n")


def _dump_one(df, out) -> None:
    import numpy as np
    import pandas as pd

    from citysurvey.text import segment as seg
    from citysurvey.text.analyse import analyse_suggestions, load_resources
    from citysurvey.text.config import TextConfig
    from citysurvey.text.weigh import topic_shares

    memo_default = seg.MEMO_BLOCKS
    configs = [("jieba", TextConfig())]
    try:
        import rjieba  # noqa: F401

        configs.append(("rjieba", TextConfig(backend="rjieba")))
    except ImportError:
        print("rjieba not installed: the rjieba runs are left out", file=sys.stderr)
    first = None
    for name, cfg in configs:
        res = load_resources(cfg)
        for memo, workers in ((False, 1), (True, 1), (True, 2)):
            seg.MEMO_BLOCKS = memo_default if memo else 0
            if res.backend == "jieba":
                res.segmenter._blocks.clear()
            a = analyse_suggestions(df["suggestion"], cfg, workers=workers, resources=res)
            buf = io.StringIO()
            with pd.option_context("display.precision", 17):
                buf.write(a.frame.to_csv(lineterminator="\n"))
                buf.write(a.mentions.to_csv(lineterminator="\n"))
                buf.write(a.evidence.to_csv(lineterminator="\n"))
            for f in (a.frame, a.mentions, a.evidence):  # the column types too, storage included
                buf.write(repr([(c, str(t), getattr(t, "storage", "")) for c, t in f.dtypes.items()]) + "\n")
            buf.write(repr(sorted(a.pii_counts.items())) + "\n")
            buf.write(repr(a.counts) + "\n")
            w = df["weight"].to_numpy()
            for base in (None, "informative"):
                kw = {} if base is None else {"base": (a.frame["status"] == "informative").to_numpy(), "base_name": base}
                t = topic_shares(a.mentions, w, df[["district", "sex"]], **kw)
                for row in t.itertuples(index=False):
                    buf.write("|".join(repr(float(v)) if isinstance(v, (float, np.floating)) else str(v) for v in row) + "\n")
            text = buf.getvalue()
            label = f"{name}, block memo {'on' if memo else 'off'}, {workers} worker(s)"
            print(f"{label}: {len(text):,} characters, sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]}",
                  file=sys.stderr)
            if first is None:
                first = text
            elif text != first:
                print(f"  differs from the first run ({configs[0][0]}, memo off, 1 worker)", file=sys.stderr)
            out.write(f"=== {label}\n{text}")
    seg.MEMO_BLOCKS = memo_default


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write")
    g.add_argument("--compare")
    args = ap.parse_args()
    text = dump(args.n, args.seed)
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"written {args.write}: {len(text):,} characters")
        return 0
    with open(args.compare, encoding="utf-8") as f:
        before = f.read()
    if before == text:
        print(f"identical: {len(text):,} characters, sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]}")
        return 0
    a, b = before.splitlines(), text.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(f"DIFFERENT at line {i + 1}:\n  before: {x[:300]}\n  after:  {y[:300]}")
            break
    else:
        print(f"DIFFERENT: {len(a)} lines before, {len(b)} after")
    return 1


if __name__ == "__main__":
    sys.exit(main())
