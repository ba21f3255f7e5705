"""Train the character name tagger (citysurvey/text/name_tagger.py) and judge it by leave-one-set-out.

    python analysis/train_name_tagger.py --loso            # per set: the redactor as shipped, and with a tagger
                                                           # trained on every other set
    python analysis/train_name_tagger.py --write           # train on every set, write data/name_tagger.json

Needs python-crfsuite (the ``namemodel`` extra) for training only; decoding is citysurvey's own.

Training sequences: every record of the committed redaction sets (tests/fixtures/text/redaction_*.jsonl) and
the older cases (redaction_cases.csv), each labelled name's characters B/I; each record with a name a further
``--copies`` times with every Han name swapped for a random one (a surname of the lists and given-name characters
of the training sets' own names; a given name alone, 春梅 or 扎西多吉, for a given name of the same length of those
names, 小芳 for 小 and a character), so that the context is learned and not the names; the topic answers of the
training sets (they hold no personal names) and generated answers (synthetic_survey, seed 11; the benchmarks'
seed 7 stays unseen) as all-O sequences. Variants are made of training sets only: a held-out set is never seen,
not even swapped.

Measured 2026-12-06, first round (analysis/results/text_redaction_tagger_2026-12-06.txt; eight sets, threshold
0.5): three more names on set 7, one more negative changed on set 4 (通勤); not shipped.

Second round (analysis/results/text_redaction_tagger_2026-12-06b.txt): feature version 3 (person cues around each
character, :func:`citysurvey.text.name_tagger.context_at`) and the tagger's own guards
(:meth:`~citysurvey.text.name_tagger.NameTagger.accept`); each of the eleven sets scored by a tagger trained on the
ten others, threshold 0.8: names found 1,340 -> 1,343 of 1,352 (all three on set 11, the one set no rule was written
from), negatives changed 29 -> 29, must-keep strings lost 45 -> 45. Shipped as data/name_tagger.json 2026.12-2
(``--write``; two builds byte-identical). ``--loso --dump DIR`` keeps each fold's weights, ``--rescore DIR`` scores
them again with the guards as they are now.

Third round (analysis/results/text_redaction_tagger_2026-12-07.txt): sets 12-21 added (ALL_SETS), a given name alone
swapped for a given name (it was swapped for a surname and given name: 春梅 -> 王梅), and guards for a given name alone
right after a cue word, 阿 in a full name after a cue and a pet after 叫. Each of sets 12-21 scored by a tagger trained
on the 20 other sets, the whole redactor with the tagger: 2026.12-2 with the old guards -> the fold with the new ones,
names found 1,399 -> 1,400 of 1,426 (set 21, the one set no rule was written from: 127 -> 128), negatives changed
34 -> 32, must-keep strings lost 72 -> 70. Shipped as 2026.12-3 (two builds byte-identical). The default redactor
does not read the tagger.

Fourth round (analysis/results/text_redaction_retrain23_2026-12-07.txt): sets 22 and 23 added, same recipe. The
script at 097dbc9 still rebuilds 2026.12-3 exactly. 2026.12-4 (two builds with identical weights) was not shipped:
each of the 23 sets scored by a tagger trained on the 22 others, against 2026.12-3: names found 3,078 -> 3,074 of
3,121, negatives changed 62 -> 65, must-keep strings lost 95 -> 96; set 22: 145 -> 145 of 158, set 23: 176 -> 175 of
185 (the two sets 2026.12-3 never saw). In-sample it adds four false spans (白建, 别光, 群二群, 明志) and finds no name that 2026.12-3 misses.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_name_model import ALL_SETS, FIX, _cases, _records, _synthetic, _topic_texts  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "citysurvey" / "text" / "data" / "name_tagger.json"
MUST = ("name", "phone", "id_card")


def _resources():
    from citysurvey.text import name_model
    from citysurvey.text.names import COMPOUND_SURNAMES
    from citysurvey.text.segment import jieba_dictionary

    tables = name_model.shipped()
    return frozenset(name_model.BAIJIAXING), frozenset(COMPOUND_SURNAMES), tables["given"], jieba_dictionary()


def labelled(records: list[dict]) -> list[tuple[str, list[tuple[int, int]]]]:
    """(normalised text, name spans) of each record: every occurrence of each labelled name."""
    from citysurvey.text.clean import normalise

    out = []
    for r in records:
        text = normalise(str(r["text"]))
        spans = []
        for p in r.get("pii") or []:
            if p["type"] != "name":
                continue
            g = normalise(str(p["text"]))
            k = text.find(g)
            while k >= 0 and g:
                spans.append((k, k + len(g)))
                k = text.find(g, k + 1)
        out.append((text, sorted(set(spans))))
    return out


#: what may stand before a single given-name character as a name of its own (小芳, 阿强, 老三 is no name here)
_PREFIXES = "小阿"


def swapped(text: str, spans: list[tuple[int, int]], rng: random.Random, surnames: list[str], compounds: list[str],
            given: list[str], is_surname: frozenset[str] = frozenset(),
            given_names: dict[int, list[str]] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """The text with each Han name of 2-4 characters swapped for a random one of the same shape: a surname (or
    compound surname) and random given-name characters; a given name alone (春梅, 扎西多吉: no surname of
    ``is_surname`` starts it) for a random given name of the same length of ``given_names``; 小芳, 阿强 for 小 or
    阿 and a random character. So the context is learned, not the names, nor that a name always opens with a
    surname."""
    new, at, out = [], 0, []
    for a, b in spans:
        if a < at:
            continue
        name = text[a:b]
        new.append(text[at:a])
        rep = name
        if all("\u4e00" <= c <= "\u9fff" for c in name) and 2 <= len(name) <= 4:
            sl = 2 if name[:2] in compounds else 1 if _surname_led(name, is_surname) or not is_surname else 0
            if sl:
                rep = (rng.choice(compounds) if sl == 2 else rng.choice(surnames)) + "".join(
                    rng.choice(given) for _ in range(len(name) - sl))
            elif len(name) == 2 and name[0] in _PREFIXES:
                rep = name[0] + rng.choice(given)
            elif given_names and given_names.get(len(name)):
                rep = rng.choice(given_names[len(name)])
        start = sum(map(len, new))
        new.append(rep)
        out.append((start, start + len(rep)))
        at = b
    new.append(text[at:])
    return "".join(new), out


def sequences(sets: list[str], copies: int, seed: int = 0, n_generated: int = 4000, given_alone: bool = True):
    """(texts, label lists) for training on ``sets``; with ``given_alone`` False every name's copies open with a
    surname, as 2026.12-2 was trained (a given name alone, 春梅, became 王梅)."""
    from citysurvey.text.clean import normalise
    from citysurvey.text.names import COMPOUND_SURNAMES, SINGLE_SURNAMES

    recs = _cases()
    for s in sets:
        recs += _records(s)
    data = labelled(recs)
    is_surname = _resources()[0]
    # the given names of the training sets' names: after the surname, or the whole name when no surname starts it
    parts = [g for t, sp in data for a, b in sp for g in [_given_part(t[a:b], is_surname)] if g]
    given = sorted({c for g in parts for c in g if "\u4e00" <= c <= "\u9fff"})
    given_names: dict[int, list[str]] = {}
    for g in sorted(set(parts)):
        if len(g) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in g):
            given_names.setdefault(len(g), []).append(g)
    rng = random.Random(seed)
    sur, comp = list(SINGLE_SURNAMES), list(COMPOUND_SURNAMES)
    out = list(data)
    for t, sp in data:
        for _ in range(copies if sp else 0):
            out.append(swapped(t, sp, rng, sur, comp, given, is_surname if given_alone else frozenset(), given_names))
    negs = [normalise(x) for s in sets for x in _topic_texts(s)]
    gen = _synthetic(20_000, (11,))
    rng.shuffle(gen)
    negs += [normalise(x) for x in gen[:n_generated]]
    out += [(t, []) for t in negs if t]
    return out


def _surname_led(name: str, is_surname: frozenset[str]) -> bool:
    """Whether a listed surname starts ``name``, in simplified or traditional characters (陳家豪)."""
    from citysurvey.text.clean import read_simplified

    return read_simplified(name[:1]) in is_surname


def _given_part(name: str, is_surname: frozenset[str]) -> str:
    """The given name of a labelled name: after its (compound) surname, the whole name when none starts it, the
    character after 小 or 阿 (小芳)."""
    from citysurvey.text.names import COMPOUND_SURNAMES

    if name[:2] in COMPOUND_SURNAMES:
        return name[2:]
    if _surname_led(name, is_surname):
        return name[1:]
    return name[1:] if len(name) == 2 and name[0] in _PREFIXES else name


def label_seq(text: str, spans: list[tuple[int, int]]) -> list[str]:
    lab = ["O"] * len(text)
    for a, b in spans:
        lab[a] = "B"
        for k in range(a + 1, b):
            lab[k] = "I"
    return lab


def train(sets: list[str], copies: int, c1: float, c2: float, iters: int, threshold: float,
          given_alone: bool = True) -> dict:
    import pycrfsuite

    from citysurvey.text.name_tagger import char_features, from_crfsuite

    *res, words = _resources()
    res.append(lambda w: words.get(w, 0) or 0)
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in sequences(sets, copies, given_alone=given_alone):
        trainer.append(char_features(text, *res), label_seq(text, spans))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        trainer.train(str(Path(tmp) / "model.crfsuite"))
        tagger = pycrfsuite.Tagger()
        tagger.open(str(Path(tmp) / "model.crfsuite"))
        inf = tagger.info()
        tagger.close()
    return from_crfsuite(inf, threshold)


def tagger_from(model: dict):
    from citysurvey.text.name_tagger import NameTagger

    return NameTagger(model, *_resources())


class with_tagger:
    """Within the block the name finder uses ``tagger`` (None: none, the rules alone) in place of the shipped one."""

    def __init__(self, tagger):
        self.tagger = tagger

    def __enter__(self):
        from citysurvey.text import name_tagger

        self._saved = name_tagger.load
        name_tagger.load = lambda: self.tagger
        return self

    def __exit__(self, *exc):
        from citysurvey.text import name_tagger

        name_tagger.load = self._saved


def score(test: str, model: dict | None | str):
    """The redactor's blind score on ``test`` with the tagger ``model`` (None: the rules alone, with no tagger;
    "shipped": with the shipped tagger, data/name_tagger.json)."""
    from citysurvey.text.evaluate import score_blind_redaction
    from citysurvey.text.redact import Redactor

    if model == "shipped":
        return score_blind_redaction(_records(test), Redactor(learned_names=True))
    with with_tagger(tagger_from(model) if model else None):
        return score_blind_redaction(_records(test), Redactor(learned_names=True))


def _shipped_model() -> dict:
    from citysurvey.text.name_tagger import shipped

    return shipped()


def alone(test: str, model: dict) -> tuple[int, int, int]:
    """The tagger by itself: labelled names found whole, names in all, spans in records with no name."""
    t = tagger_from(model)
    found = total = false = 0
    for text, spans in labelled(_records(test)):
        got = t.find(text)
        total += len(spans)
        found += sum(any(a <= x and y <= b for a, b in got) for x, y in spans)
        if not spans:
            false += len(got)
    return found, total, false


def line(test: str, s: dict) -> str:
    leaks = {}
    for lk in s["leaks"]:
        leaks[lk[1]] = leaks.get(lk[1], 0) + 1
    per = " ".join(f"{k} {f}/{n}" for k, (n, f) in sorted(s["per_type"].items()) if k in ("name", "address") or f < n)
    must = sum(v for k, v in leaks.items() if k in MUST)
    return (f"{test:9s} recall {s['recall']:.3f} ({per}); leaked {len(s['leaks'])} (names/phones/IDs {must}); "
            f"keep lost {len(s['lost_keep'])}/{s['n_keep']}, negatives changed {len(s['changed_negatives'])}/{s['negatives']}")


def tally(s: dict) -> tuple[int, int, int, int, int]:
    """(names found, names, negatives changed, must-keep strings lost, names/phones/IDs leaked) of a score."""
    n, f = s["per_type"].get("name", (0, 0))
    must = sum(1 for lk in s["leaks"] if lk[1] in MUST)
    return f, n, len(s["changed_negatives"]), len(s["lost_keep"]), must


def table(rows: list[tuple[str, tuple, tuple, tuple]]) -> None:
    """The leave-one-set-out table: per held-out set, the rules alone, the rules with the shipped tagger and the
    rules with the fold's tagger (trained on every other set)."""
    print("\nset        names found (rules / shipped -> fold)   negatives changed   keep lost        "
          "names/phones/IDs leaked")
    total = tuple(tuple(map(sum, zip(*col))) for col in zip(*(cols for _, *cols in rows))) if rows else ()
    for test, r, s, f in rows + ([("total", *total)] if rows else []):
        print(f"{test:10s} {r[0]:4d} / {s[0]:4d} -> {f[0]:4d} of {r[1]:4d}        {r[2]:3d} / {s[2]:3d} -> {f[2]:3d}   "
              f"{r[3]:3d} / {s[3]:3d} -> {f[3]:3d}  {r[4]:3d} / {s[4]:3d} -> {f[4]:3d}")


def compare(test: str, model: dict, before: dict) -> dict:
    """The tagger alone and the rules with the tagger on ``test``, and what the tagger changed."""
    f, n, fl = alone(test, model)
    after = score(test, model)
    print(f"  tagger alone at {model['threshold']:.2f}: {f}/{n} names whole, {fl} spans in records with no name")
    print(f"  rules + tagger {line(test, after)}")
    gone = {(x[0], x[2]) for x in after["leaks"]}
    for lk in before["leaks"]:
        if (lk[0], lk[2]) not in gone:
            print(f"    now caught {lk[1]} {lk[2]!r}")
    lost_b = {(x[0], x[1]) for x in before["lost_keep"]}
    for k in after["lost_keep"]:
        if (k[0], k[1]) not in lost_b:
            print(f"    newly lost keep {k[0]} {k[1]!r} → {k[2]}")
    neg_b = {x[0] for x in before["changed_negatives"]}
    for c in after["changed_negatives"]:
        if c[0] not in neg_b:
            print(f"    newly changed negative {c[0]} → {c[2]}")
    return after


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loso", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--sets", nargs="+", default=list(ALL_SETS), help="with --loso: the sets to hold out in turn")
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--surname-swap", action="store_true",
                    help="swap every labelled name for a surname and given name, a given name alone too (春梅 -> 王梅), "
                         "as 2026.12-2 was trained; by default a given name alone is swapped for a given name")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--thresholds", type=float, nargs="+", help="with --loso/--rescore: score at each of these")
    ap.add_argument("--rescore", type=Path, help="score the fold models kept by --dump in this folder")
    ap.add_argument("--dump", type=Path, help="with --loso: keep each fold's model here")
    ap.add_argument("--version", default="2026.12-4", help="with --write: the model's version, for its manifest")
    ap.add_argument("--out", type=Path, default=OUT, help="with --write: where (default the shipped data file)")
    args = ap.parse_args()
    if args.loso or args.rescore:
        rows = []
        for test in args.sets:
            t0 = time.perf_counter()
            train_sets = [s for s in ALL_SETS if s != test]
            if args.rescore:
                path = args.rescore / f"{test}.json"
                if not path.exists():
                    continue
                model = json.loads(path.read_text(encoding="utf-8"))
            else:
                model = train(train_sets, args.copies, args.c1, args.c2, args.iters, args.threshold,
                              not args.surname_swap)
                if args.dump:
                    args.dump.mkdir(parents=True, exist_ok=True)
                    (args.dump / f"{test}.json").write_text(json.dumps(model), encoding="utf-8")
            print(f"{test}: trained on the other {len(train_sets)} sets ({time.perf_counter() - t0:.0f} s)")
            before = score(test, None)
            print("  rules          " + line(test, before))
            shipped = score(test, "shipped")
            print("  rules + shipped tagger " + line(test, shipped))
            f, n, fl = alone(test, _shipped_model())
            print(f"  shipped tagger alone at {_shipped_model()['threshold']:.2f}: {f}/{n} names whole, {fl} spans in "
                  f"records with no name")
            for thr in args.thresholds or [model["threshold"]]:
                model["threshold"] = thr
                after = compare(test, model, before)
            rows.append((test, tally(before), tally(shipped), tally(after)))  # at the last threshold
            sys.stdout.flush()
        table(rows)
    if args.write:
        model = train(list(ALL_SETS), args.copies, args.c1, args.c2, args.iters, args.threshold, not args.surname_swap)
        model["manifest"] = {
            "version": args.version,
            "script": "analysis/train_name_tagger.py --write",
            "params": {"copies": args.copies, "c1": args.c1, "c2": args.c2, "iters": args.iters},
            "sets": [f"tests/fixtures/text/redaction_{s}.jsonl" for s in ALL_SETS] +
                    ["tests/fixtures/text/redaction_cases.csv"] +
                    [f"tests/fixtures/text/topics_{s}.csv (negatives)" for s in ALL_SETS
                     if (FIX / f"topics_{s}.csv").exists()] +
                    ["citysurvey.text.training.synthetic_survey(20000, 11): 4,000 answers (negatives)"],
            "sha256": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(FIX.glob("redaction_*"))},
        }
        args.out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                            encoding="utf-8")
        print(f"wrote {args.out}: {len(model['state'])} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
