"""How much of what the redactor leaks the review list (脱敏复核清单) shows, and how much it asks a person to read.

    .venv/bin/python analysis/review_eval.py tests/fixtures/text/redaction_heldout37.jsonl   # one set, the default
    .venv/bin/python analysis/review_eval.py --sets 2-38 --bench 20000                   # every set, per set
    .venv/bin/python analysis/review_eval.py --sets 2-38 --bench 20000 --grid            # the trade-off table
    .venv/bin/python analysis/review_eval.py --sets 37,38 --show                         # each leak, listed or not
    .venv/bin/python analysis/review_eval.py --cpu 100000                                # the review's own CPU

For each labelled redaction set (JSONL, as ``analysis/text_eval.py --redaction`` reads it) every text is redacted with
the default redactor (:func:`citysurvey.text.evaluate.score_blind_redaction`, which also says which items leaked and
where their characters stand in the redacted text) and :func:`citysurvey.text.review.review_candidates` is run on the
redacted texts. A leak is *listed* when a listed token of its answer covers one of its characters in the redacted text
(so 〔姓名〕雯, listed, holds the 雯 left of 晓雯). Printed per set: texts, leaked names/phones/IDs and how many are
listed, all leaks and how many are listed, answers to read (and their share of the texts), tokens listed.

The reading burden on realistic answers: ``--bench N`` runs the text stage's analysis on the first N of the bench's
fixed answers (``bench/text_input.py``: clauses of the blind-written topic sets recombined, with personal data in 5%
of them) and gives the share of distinct informative answers the list asks to read, as the stage writes it.

``--grid`` prints the trade-off table over the settings in :data:`GRID` (which readings, the name model's review
threshold, the least given-name score after a cue): leaks listed against answers to read, summed over the sets before
37, over 37 and 38, and on the bench answers.

Labelled sets 2–36 were the development sets of the readings and their thresholds; 37 and 38 the check. All of them
had been seen before (37 and 38 when the first review list was written), so no figure here is blind.

``--grid`` on 2026-12-07 (redactor of 930d77f; bench: the first 20,000 bench answers, 12,541 distinct informative;
a leak is listed when a listed token covers one of its characters):

=============================================================  ===========  ==========  ==========  ========  ==========
setting                                                        2-36 listed  2-36 read   37+38 list  37+38 rd  bench read
=============================================================  ===========  ==========  ==========  ========  ==========
before (930d77f: Latin words, 5+ digits)                       20/101       1,158 (10%) 9/19        77 (12%)  128 (1%)
Latin words, digits (a thing's numbers and dates left out)     21/101       455 (4%)    9/19        34 (6%)   12 (0%)
+ Latin after cue, handle, door, spaced, name part, doubled    40/101       516 (4%)    11/19       41 (7%)   12 (0%)
+ Han names after cues (score >= 0)                            47/101       549 (5%)    12/19       43 (7%)   12 (0%)
+ Han names after cues (score >= -1)                           47/101       575 (5%)    12/19       44 (7%)   29 (0%)
all, name model >= 0.4                                         60/101       612 (5%)    15/19       47 (8%)   39 (0%)
all, name model >= 0.2                                         64/101       657 (6%)    15/19       50 (8%)   78 (1%)
all, name model >= 0.1                                         64/101       725 (6%)    16/19       54 (9%)   169 (1%)
all, name model >= 0.05 (the default)                          66/101 65%   826 (7%)    16/19 84%   61 (10%)  245 (2%)
all, name model >= 0.02                                        66/101       995 (9%)    16/19       65 (11%)  450 (4%)
=============================================================  ===========  ==========  ==========  ========  ==========

The default is the knee: below 0.05 the list grows and holds nothing more. It does not reach 70% of the leaked names,
phones and IDs on sets 2–36 (65%); it does on 37 and 38 (84%). What it misses there: names that are everyday words
(夏天, 华山, 文明), nicknames after a word no cue list holds (骑手阿强, 群主甘露), residents bearing a public figure's name
(刘德华, 刘备), minority names with no cue (吉克曲布), phones whose only trace left is a label (〔电话〕（家）). With main's
redaction of Latin names with no cue (a1225d5), which leaves fewer Latin leaks: 61/96 (64%) on 2–36 and 8/11 (73%) on
37 and 38, reading 7% and 9%. ``--cpu 100000``: 1.0 CPU s for 61,986 distinct informative answers (1.5 s before the cue patterns' prefix tree). On the demo
city's answers (data_samples/demo_city, 1,771 distinct informative) the list asked to read 17 (1.0%), all the name model
reading 马路刚修好 as 马路刚; leaving out every candidate whose surname and next character are a common word (马路, 夏天)
took that away and 25 of the bench's 245, but also 夏天明 on set 21, so it is not done. Left out instead: a common word
(seen 300 times or more) and an adverb or a direction after it (马路刚, 高峰太, 高峰南): the demo and the qingchuan
study 0 to read (were 17 and 12, all false), sets 2–40 seven answers fewer to read, no leak less listed.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from citysurvey.text.evaluate import MUST_NOT_LEAK, load_jsonl, score_blind_redaction
from citysurvey.text.review import CUED_FLOOR, KINDS, NAME_FLOOR, review_candidates, review_spans_many

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "text"
#: (label, kinds, name model's review threshold, least given-name score after a cue)
BEFORE = ("latin", "digits")
PATTERNS = BEFORE + ("cued_latin", "handle", "door", "spaced_name", "name_part", "doubled_name")
GRID = (
    ("Latin words, digits", BEFORE, NAME_FLOOR, CUED_FLOOR),
    ("+ Latin after cue, handle, door, spaced, name part, doubled", PATTERNS, NAME_FLOOR, CUED_FLOOR),
    ("+ Han names after cues (score >= 0)", PATTERNS + ("cued_name",), NAME_FLOOR, 0.0),
    ("+ Han names after cues (score >= -1)", PATTERNS + ("cued_name",), NAME_FLOOR, -1.0),
    ("all, name model >= 0.4", KINDS, 0.4, CUED_FLOOR),
    ("all, name model >= 0.2", KINDS, 0.2, CUED_FLOOR),
    ("all, name model >= 0.1", KINDS, 0.1, CUED_FLOOR),
    ("all, name model >= 0.05 (the default)", KINDS, 0.05, CUED_FLOOR),
    ("all, name model >= 0.02", KINDS, 0.02, CUED_FLOOR),
)


def set_paths(spec: str) -> list[Path]:
    """``2-38`` or ``37,38`` → the redaction_heldoutN.jsonl files that exist (8 and 26 do not)."""
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        for n in range(int(lo), int(hi or lo) + 1):
            p = FIXTURES / f"redaction_heldout{n}.jsonl"
            if p.exists():
                out.append(p)
    return out


def redacted_set(path: Path) -> dict:
    """The set scored by the default redactor: its texts redacted, its leaks and where they stand."""
    s = score_blind_redaction(load_jsonl(path))
    s["name"] = path.stem.replace("redaction_", "")
    return s


def score_review(s: dict, **settings) -> dict:
    """Leaks listed, answers to read and tokens listed for one scored set under one setting of the list."""
    texts = pd.Series(s["redacted"])
    listed: dict[str, set[int]] = {}
    n_tokens = 0
    for key, spans in zip(texts.index, review_spans_many([str(t) for t in texts], **settings)):
        n_tokens += len(spans)
        if spans:
            listed[key] = {i for _, a, b in spans for i in range(a, b)}
    hit = [bool(set(chars) & listed.get(lk[0], set())) for lk, chars in zip(s["leaks"], s["leak_chars"])]
    must = [h for lk, h in zip(s["leaks"], hit) if lk[1] in MUST_NOT_LEAK]
    return {"texts": len(texts), "must": len(must), "must_listed": sum(must), "leaks": len(hit), "leaks_listed": sum(hit),
            "to_read": len(listed), "tokens": n_tokens, "hit": hit}


def bench_texts(n: int) -> pd.DataFrame:
    """The distinct informative answers of the first ``n`` bench answers, redacted (the stage's evidence)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from text_input import bench_answers

    from citysurvey.text.analyse import analyse_suggestions

    ev = analyse_suggestions(bench_answers(n)["suggestion"]).evidence
    return ev.set_index("dup_group")[["text_redacted", "n_respondents"]]


def bench_burden(ev: pd.DataFrame, **settings) -> tuple[int, int]:
    """(answers to read, distinct informative answers) of the bench answers."""
    rv = review_candidates(ev["text_redacted"], ev["n_respondents"], **settings)
    return rv["answer"].nunique(), len(ev)


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "–"


def _sum(rows: list[dict]) -> dict:
    return {k: sum(r[k] for r in rows) for k in ("texts", "must", "must_listed", "leaks", "leaks_listed", "to_read", "tokens")}


def per_set(sets: list[dict], bench: pd.DataFrame | None, show: bool, check_names: frozenset[str]) -> None:
    print("set            texts  names/phones/IDs listed  all leaks listed  answers to read  tokens")
    dev, check = [], []
    for s in sets:
        r = score_review(s)
        (check if s["name"] in check_names else dev).append(r)
        print(f"{s['name']:13s} {r['texts']:6d}  {_pct(r['must_listed'], r['must']):>23s}  "
              f"{_pct(r['leaks_listed'], r['leaks']):>16s}  {_pct(r['to_read'], r['texts']):>15s}  {r['tokens']:6d}")
        if show:
            for lk, h in zip(s["leaks"], r["hit"]):
                print(f"    {'listed' if h else 'missed':6s} {lk[0]} {lk[1]}: {lk[2]!r}")
    for label, rows in (("others" if check else "all", dev), ("check", check)):
        if rows:
            t = _sum(rows)
            print(f"{label:13s} {t['texts']:6d}  {_pct(t['must_listed'], t['must']):>23s}  "
                  f"{_pct(t['leaks_listed'], t['leaks']):>16s}  {_pct(t['to_read'], t['texts']):>15s}  {t['tokens']:6d}")
    if bench is not None:
        print(f"bench answers: {_pct(*bench_burden(bench))} distinct informative answers to read")


def grid(sets: list[dict], bench: pd.DataFrame | None, check_names: frozenset[str]) -> None:
    print("| setting | others: names/phones/IDs listed | others: answers to read | check: names/phones/IDs listed "
          "| check: answers to read | bench: answers to read |")
    print("|---|---|---|---|---|---|")
    for label, kinds, name_floor, cued_floor in GRID:
        settings = {"kinds": kinds, "name_floor": name_floor, "cued_floor": cued_floor}
        dev, check = [], []
        for s in sets:
            (check if s["name"] in check_names else dev).append(score_review(s, **settings))
        d, c = _sum(dev), _sum(check)
        b = _pct(*bench_burden(bench, **settings)) if bench is not None else "–"
        print(f"| {label} | {_pct(d['must_listed'], d['must'])} | {_pct(d['to_read'], d['texts'])} | "
              f"{_pct(c['must_listed'], c['must'])} | {_pct(c['to_read'], c['texts'])} | {b} |")


def cpu(n: int) -> None:
    """The review's own CPU seconds on the distinct informative answers of ``n`` bench answers."""
    ev = bench_texts(n)
    review_candidates(ev["text_redacted"].head(50))  # load the name model and the word lists first
    t = time.process_time()
    rv = review_candidates(ev["text_redacted"], ev["n_respondents"])
    print(f"review of {len(ev):,} distinct informative answers (of {n:,}): {time.process_time() - t:.2f} CPU s, "
          f"{rv['answer'].nunique():,} to read")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path, help="labelled redaction sets (JSONL)")
    ap.add_argument("--sets", help="redaction_heldoutN sets of tests/fixtures/text: 2-38, or 37,38")
    ap.add_argument("--bench", type=int, default=0, help="the reading burden on the first N bench answers")
    ap.add_argument("--grid", action="store_true", help="the trade-off table over GRID instead of the per-set table")
    ap.add_argument("--show", action="store_true", help="every leak, listed or missed")
    ap.add_argument("--cpu", type=int, default=0, help="the review's own CPU on N bench answers")
    ap.add_argument("--check", default="37,38", help="the sets summed apart as the check (default 37,38, the sets "
                    "the readings were checked on; the others are summed as one)")
    args = ap.parse_args()
    paths = list(args.paths) + (set_paths(args.sets) if args.sets else [])
    sets = [redacted_set(p) for p in paths]
    check_names = frozenset(f"heldout{n.strip()}" for n in args.check.split(",") if n.strip())
    bench = bench_texts(args.bench) if args.bench else None
    if args.grid:
        grid(sets, bench, check_names)
    elif sets or bench is not None:
        per_set(sets, bench, args.show, check_names)
    if args.cpu:
        cpu(args.cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
