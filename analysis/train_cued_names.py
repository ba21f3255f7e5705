"""Fit the weights of the cued-name scorer (citysurvey/text/cued_names.py) and print leave-one-set-out figures.

    python analysis/train_cued_names.py --loso     # each redaction set scored by a fit on all the others
    python analysis/train_cued_names.py --write    # the shipped fit (sets up to BEFORE_LAST), write data/cued_names.json
    python analysis/train_cued_names.py --compare  # leave-one-set-out with the sets up to 28 only vs all of them
    python analysis/train_cued_names.py --tune     # leave-one-set-out totals over a grid of C and the margin

Training data: every candidate that a strong cue proposes (cued_names.candidates) in the committed redaction sets
(tests/fixtures/text/redaction_dev.jsonl, redaction_heldout.jsonl, redaction_heldout2..32.jsonl; there is no set 8 or 26) and in
redaction_cases.csv; a candidate is positive when it is exactly a labelled name (its first mention or any other),
negative otherwise (a longer or shorter reading of a name is a negative too). The topic sets' answers
(tests/fixtures/text/topics_*.csv) add negatives: they are labelled with no personal data.

The threshold: of the cues that the rules leave open (no name the rules find starts where the candidates do), the
most likely candidate is taken when it passes the threshold; the threshold is the lowest at which no such cue of the
training data takes anything but a labelled name, plus a margin of 0.5 in logit, and at least 0.5.

Leave-one-set-out (--loso): for each redaction set, the weights and threshold fitted without it score its cues; the
names it finds that the rules leaked, and the must-keep strings and negative records its spans would change, are
printed beside the rules' own figures (from the same records, the scorer off).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "analysis"))
FIX = REPO / "tests" / "fixtures" / "text"
DATA = REPO / "citysurvey" / "text" / "data"
OUT = DATA / "cued_names.json"
LAST = 32
SETS = ("dev", "heldout", *(f"heldout{n}" for n in range(2, LAST + 1) if (FIX / f"redaction_heldout{n}.jsonl").exists()))
#: the last set of the shipped fit (data/cued_names.json; sets 29..32 joined the data later and a refit with them lost
#: names by leave-one-set-out): --compare's "before" and what --write fits
BEFORE_LAST = 28
MARGIN = 0.5
C = 1.0


def _number(name: str) -> int:
    """A set's number: dev and heldout (set 1) come first; topics_heldout12 → 12."""
    tail = name.rsplit("heldout", 1)[-1] if "heldout" in name else ""
    return int(tail) if tail.isdigit() else (1 if name.endswith("heldout") else 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(last: int = LAST) -> list[tuple[str, Path, list[dict]]]:
    """(name, file, records) of every source: the redaction sets, the cases, and the topic sets as negatives (the
    sets numbered up to ``last``)."""
    import glob

    from citysurvey.text.evaluate import load_jsonl
    from train_name_model import _cases, _topic_texts

    out = [(s, FIX / f"redaction_{s}.jsonl", load_jsonl(FIX / f"redaction_{s}.jsonl")) for s in SETS
           if _number(s) <= last]
    out.append(("cases", FIX / "redaction_cases.csv", _cases()))
    for f in sorted(glob.glob(str(FIX / "topics_*.csv"))):
        name = Path(f).stem[len("topics_"):]
        if _number(name) > last:
            continue
        out.append((f"topics_{name}", Path(f), [{"id": f"{name}:{i}", "text": t, "pii": []}
                                                 for i, t in enumerate(_topic_texts(name))]))
    return out


def _at(text: str, sub: str) -> list[int]:
    out, k = [], text.find(sub) if sub else -1
    while k >= 0:
        out.append(k)
        k = text.find(sub, k + 1)
    return out


def cues(records: list[dict], finder, freq, tag) -> list[dict]:
    """Every cue of the records with its candidates' features and labels, and what the rules find there."""
    from citysurvey.text.clean import normalise, read_simplified
    from citysurvey.text.cued_names import anchor, candidates, features

    out = []
    for ri, rec in enumerate(records):
        text = read_simplified(normalise(str(rec["text"])))
        items = rec.get("pii") or []
        gold = set()
        for it in items:
            if it["type"] == "name":
                g = read_simplified(normalise(str(it["text"])))
                gold |= {(k, k + len(g)) for k in _at(text, g)}
        keeps = [(k, k + len(kp)) for kp in (read_simplified(normalise(str(x))) for x in rec.get("keep") or [])
                 for k in _at(text, kp)]
        rules = sorted(finder.find(text))
        for kind, cue_at, cands in candidates(text, freq, tag):
            a0 = anchor(kind, cands)
            covered = any(a <= a0 < b for a, b in rules)
            X = [features(text, kind, cue_at, a, b, shape, freq, tag) for a, b, shape in cands]
            y = [(a, b) in gold for a, b, _ in cands]
            out.append({"record": ri, "id": rec.get("id"), "text": text, "kind": kind, "spans": [(a, b) for a, b, _ in cands],
                        "X": X, "y": y, "covered": covered, "gold": sorted(gold), "keeps": keeps, "rules": rules,
                        "negative": not items})
    return out


def fit(data: list[dict], c_reg: float = C, margin: float = MARGIN) -> dict:
    from sklearn.linear_model import LogisticRegression

    from citysurvey.text.cued_names import FEATURES

    X = np.array([x for c in data for x in c["X"]])
    y = np.array([v for c in data for v in c["y"]])
    lr = LogisticRegression(C=c_reg, max_iter=5000)
    lr.fit(X, y)
    w = dict(zip(FEATURES, (round(float(v), 4) for v in lr.coef_[0])))
    model = {"weights": w, "bias": round(float(lr.intercept_[0]), 4), "threshold": 0.5}
    # the threshold: the best candidate of every cue the rules leave open, when it is no labelled name
    worst = -math.inf
    for c in data:
        if c["covered"]:
            continue
        z, k = _best(model, c)
        if not c["y"][k]:
            worst = max(worst, z)
    lo = max(0.0, worst + margin)
    model["threshold"] = round(1 / (1 + math.exp(-lo)), 6)
    return model


def _logit(model: dict, x) -> float:
    from citysurvey.text.cued_names import FEATURES

    return model["bias"] + sum(model["weights"][k] * v for k, v in zip(FEATURES, x))


def _best(model: dict, c: dict, spans: list | None = None) -> tuple[float, int]:
    zs = [_logit(model, x) for x in c["X"]]
    k = int(np.argmax(zs))
    return zs[k], k


def taken(model: dict, data: list[dict]) -> dict[int, list[tuple[int, int]]]:
    """Record → the spans the scorer adds (cues the rules leave open, above the threshold)."""
    floor = math.log(model["threshold"] / (1 - model["threshold"]))
    out: dict[int, list] = {}
    for c in data:
        if c["covered"]:
            continue
        z, k = _best(model, c)
        if z > floor:
            out.setdefault(c["record"], []).append(c["spans"][k])
    return out


def score(name: str, records: list[dict], data: list[dict], model: dict | None, finder) -> dict:
    """Names found, must-keep strings and negatives changed by the rules' spans and the scorer's (model None: rules
    alone), counted as evaluate.score_blind_redaction counts them for names (first mention; every other kind of
    datum left out: these figures are the names')."""
    from citysurvey.text.clean import normalise, read_simplified

    extra = taken(model, data) if model else {}
    by_rec = {c["record"]: c["rules"] for c in data}
    found = n = lost = changed = 0
    new_names, new_lost, new_neg = [], [], []
    for ri, rec in enumerate(records):
        text = read_simplified(normalise(str(rec["text"])))
        rules = by_rec.get(ri)
        if rules is None:
            rules = sorted(finder.find(text))
        spans = rules + extra.get(ri, [])
        cov = np.zeros(len(text) + 1, bool)
        for a, b in spans:
            cov[a:b] = True
        base = np.zeros(len(text) + 1, bool)
        for a, b in rules:
            base[a:b] = True
        for it in rec.get("pii") or []:
            if it["type"] != "name":
                continue
            g = read_simplified(normalise(str(it["text"])))
            k = _at(text, g)[0]
            n += 1
            ok = cov[k:k + len(g)].all()
            found += ok
            if ok and not base[k:k + len(g)].all():
                new_names.append(g)
        for kp in rec.get("keep") or []:
            kp = read_simplified(normalise(str(kp)))
            # a must-keep string is lost when a span of the scorer's covers a character of every mention of it
            hit = [a for a in _at(text, kp) if cov[a:a + len(kp)].any()]
            if _at(text, kp) and len(hit) == len(_at(text, kp)):
                lost += 1
                if not all(base[a:a + len(kp)].any() for a in hit):
                    new_lost.append((rec.get("id"), kp))
        if not rec.get("pii") and ri in extra:
            changed += 1
            new_neg.append((rec.get("id"), [text[a:b] for a, b in extra[ri]]))
    return {"names": found, "n_names": n, "new_names": new_names, "new_lost": new_lost, "new_negatives": new_neg}


def tables_sha() -> str:
    """The hash of the name model's two tables that cued_names reads (given-name log ratios, surname shares)."""
    from citysurvey.text.name_model import shipped as name_model

    m = name_model()
    return hashlib.sha256(json.dumps([m["given"], m["surname"]], sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def whole(srcs, data, freq) -> None:
    """Leave-one-set-out through the whole redactor (evaluate.score_blind_redaction, every kind of datum): each set
    with the scorer fitted on the other sources, against the redactor with the scorer off."""
    from citysurvey.text.evaluate import score_blind_redaction
    from citysurvey.text.names import NameFinder
    from citysurvey.text.redact import Redactor

    def redactor(cued):
        r = Redactor()
        r._names = NameFinder(freq, cued=cued)
        return r

    off = redactor(False)
    print("\nwhole redactor, scorer off / fitted without the set: names found, must-keep strings lost, negatives changed")
    tot = np.zeros(7, int)
    for s in SETS:
        recs = next(r for name, _, r in srcs if name == s)
        model = fit([c for name, d in data.items() if name != s for c in d])
        a, b = score_blind_redaction(recs, off), score_blind_redaction(recs, redactor(model))
        row = [a["per_type"]["name"][1], b["per_type"]["name"][1], len(a["lost_keep"]), len(b["lost_keep"]),
               len(a["changed_negatives"]), len(b["changed_negatives"]), a["per_type"]["name"][0]]
        tot += row
        still = {(lk[0], lk[2]) for lk in b["leaks"]}
        more = [lk[2] for lk in a["leaks"] if lk[1] == "name" and (lk[0], lk[2]) not in still]
        print(f"{s:>10} names {row[0]:>3} / {row[1]:>3} of {row[6]:>3}   keep lost {row[2]:>2} / {row[3]:>2}   "
              f"negatives changed {row[4]:>2} / {row[5]:>2}   {', '.join(more)}")
    print(f"{'total':>10} names {tot[0]} / {tot[1]} of {tot[6]}   keep lost {tot[2]} / {tot[3]}   "
          f"negatives changed {tot[4]} / {tot[5]}")


def manifest(srcs) -> dict:
    return {
        "sources": [{"file": str(p.relative_to(REPO)), "sha256": _sha(p), "records": len(r)} for _, p, r in srcs],
        # what the features read at run time: the name model's character tables (not its weights, which are refitted
        # on their own) and the Latin given-name lists
        "tables": [{"file": "citysurvey/text/data/name_model.json", "keys": ["given", "surname"],
                    "sha256": tables_sha()},
                   {"file": "citysurvey/text/data/latin_given_names.json", "sha256": _sha(DATA / "latin_given_names.json")}],
        "script": "analysis/train_cued_names.py --write",
        "C": C, "margin": MARGIN,
        "threshold_rule": "best candidate of every cue the rules leave open that is no labelled name: highest logit "
                          f"+ {MARGIN}, at least 0.5",
    }


def all_cues(srcs, finder, freq, cache: str | None = None) -> dict[str, list[dict]]:
    """Every source's cues (cues()), read from ``cache`` (a pickle) for the sources whose file and the code and
    tables the features read are unchanged since it was written."""
    import pickle

    code = hashlib.sha256(b"".join((REPO / "citysurvey" / "text" / f).read_bytes() for f in
                                   ("cued_names.py", "names.py", "clean.py", "data/latin_given_names.json"))
                          + tables_sha().encode()).hexdigest()
    old = {}
    if cache and Path(cache).exists():
        old = pickle.loads(Path(cache).read_bytes())
    out, keep = {}, {}
    for name, path, recs in srcs:
        key = (name, _sha(path), code)
        out[name] = old[key] if key in old else cues(recs, finder, freq, finder._tag_of)
        keep[key] = out[name]
    if cache:
        Path(cache).write_bytes(pickle.dumps(keep))
    return out


def _names_of(recs: list[dict]) -> set[str]:
    from citysurvey.text.clean import normalise, read_simplified

    return {read_simplified(normalise(str(it["text"]))) for r in recs for it in r.get("pii") or [] if it["type"] == "name"}


def _loso(data: dict, folds, use, c_reg: float = C, margin: float = MARGIN) -> dict:
    """fold → the model fitted on the sources ``use(name)`` accepts, less the fold."""
    return {s: fit([c for name, d in data.items() if name != s and use(name) for c in d], c_reg, margin) for s in folds}


def compare(srcs, data, finder) -> None:
    """Leave-one-set-out with the sets up to BEFORE_LAST only (the fits of the trainer before sets 29..32 joined)
    against all sets; for sets after BEFORE_LAST the "before" model is the fit on every source up to BEFORE_LAST. For
    each name the scorer finds: whether it is letter for letter a labelled name of another set (or the cases), or in
    another source's text at all."""
    from citysurvey.text.clean import normalise, read_simplified

    recs_of = {name: recs for name, _, recs in srcs}
    names_of = {name: _names_of(recs) for name, recs in recs_of.items()}
    text_of = {name: "\n".join(read_simplified(normalise(str(r["text"]))) for r in recs) for name, recs in recs_of.items()}
    before = _loso(data, SETS, lambda name: _number(name) <= BEFORE_LAST)
    after = _loso(data, SETS, lambda name: True)
    # all the redaction sets, the topic sets up to BEFORE_LAST only: what the labelled names alone do
    mid = _loso(data, SETS, lambda name: not name.startswith("topics_") or _number(name) <= BEFORE_LAST)
    ship = json.loads(OUT.read_text(encoding="utf-8"))
    full = fit([c for name, d in data.items() if _number(name) <= BEFORE_LAST for c in d])
    print(f"fit on every source up to {BEFORE_LAST} vs the shipped weights: largest difference "
          f"{max(abs(full['weights'][k] - ship['weights'][k]) for k in full['weights']):.4f}, threshold "
          f"{full['threshold']:.6f} vs {ship['threshold']:.6f}")
    print(f"{'set':>10} {'rules':>9} | {'before':>6} {'false':>5} {'thr':>5} | {'after':>6} {'false':>5} {'thr':>5} | "
          f"{'rep':>3} {'txt':>3} | {'no new topics':>13} {'false':>5} {'thr':>5}  names the scorer adds after (* a labelled name of another set, + in another's text); "
          f"[names lost or added against before]")
    tot = np.zeros(10, int)
    for s in SETS:
        recs = recs_of[s]
        rules = score(s, recs, data[s], None, finder)
        b = score(s, recs, data[s], before[s], finder)
        a = score(s, recs, data[s], after[s], finder)
        m = score(s, recs, data[s], mid[s], finder)
        fm = len(m["new_lost"]) + len(m["new_negatives"])
        others = [n for n in recs_of if n != s]
        rep = [g for g in a["new_names"] if any(g in names_of[n] for n in others)]
        txt = [g for g in a["new_names"] if any(g in text_of[n] for n in others)]
        fb = len(b["new_lost"]) + len(b["new_negatives"])
        fa = len(a["new_lost"]) + len(a["new_negatives"])
        tot += [rules["names"], rules["n_names"], b["names"], fb, a["names"], fa, len(rep), len(txt), m["names"], fm]
        mark = [g + ("*" if g in rep else "+" if g in txt else "") for g in a["new_names"]]
        diff = [f"-{g}" for g in b["new_names"] if g not in a["new_names"]] + \
               [f"+{g}" for g in a["new_names"] if g not in b["new_names"]]
        print(f"{s:>10} {rules['names']:>4}/{rules['n_names']:<4} | {b['names']:>6} {fb:>5} {before[s]['threshold']:.3f} | "
              f"{a['names']:>6} {fa:>5} {after[s]['threshold']:.3f} | {len(rep):>3} {len(txt):>3} | {m['names']:>13} {fm:>5} "
              f"{mid[s]['threshold']:.3f}  {', '.join(mark)}"
              + (f"  [{', '.join(diff)}]" if diff else ""))
        for tag, res in (("before", b), ("after", a), ("no new topics", m)):
            for k in res["new_lost"]:
                print(f"{'':>12}{tag}: keep lost {k}")
            for k in res["new_negatives"]:
                print(f"{'':>12}{tag}: negative changed {k}")
    print(f"{'total':>10} {tot[0]:>4}/{tot[1]:<4} | {tot[2]:>6} {tot[3]:>5} {'':>5} | {tot[4]:>6} {tot[5]:>5} {'':>5} | "
          f"{tot[6]:>3} {tot[7]:>3} | {tot[8]:>13} {tot[9]:>5}")
    # the topic sets as folds too (answers with no personal data): every span the scorer takes there is a false name
    print("\ntopic sets as folds: answers the scorer changes (before / after), each a false name")
    tb = ta = 0
    for t in (name for name in data if name.startswith("topics_")):
        b = fit([c for name, d in data.items() if name != t and _number(name) <= BEFORE_LAST for c in d])
        a = fit([c for name, d in data.items() if name != t for c in d])
        sb = [(c["id"], c["text"][slice(*sp)]) for c in data[t] for sp in [_take(b, c)] if sp]
        sa = [(c["id"], c["text"][slice(*sp)]) for c in data[t] for sp in [_take(a, c)] if sp]
        tb, ta = tb + len(sb), ta + len(sa)
        if sb or sa:
            print(f"{t:>18} {len(sb):>2} / {len(sa):>2}  before {sb}  after {sa}")
    print(f"{'total':>18} {tb:>2} / {ta:>2}")


def _take(model: dict, c: dict):
    """The span the scorer takes at a cue (None: none)."""
    if c["covered"]:
        return None
    z, k = _best(model, c)
    return c["spans"][k] if z > math.log(model["threshold"] / (1 - model["threshold"])) else None


def tune(srcs, data, finder, grid_c=(0.1, 0.3, 1.0, 3.0, 10.0), grid_m=(0.0, 0.25, 0.5, 0.75, 1.0)) -> None:
    """Leave-one-set-out totals over the folds 2..LAST (names the scorer adds, false names) for each C and margin."""
    recs_of = {name: recs for name, _, recs in srcs}
    folds = [s for s in SETS if _number(s) >= 2]
    base = {s: score(s, recs_of[s], data[s], None, finder)["names"] for s in folds}
    print(f"{'C':>5} {'margin':>6} {'added':>5} {'false':>5}  folds with a false name")
    for c_reg in grid_c:
        for m in grid_m:
            models = _loso(data, folds, lambda name: True, c_reg, m)
            added = false = 0
            bad = []
            for s in folds:
                r = score(s, recs_of[s], data[s], models[s], finder)
                added += r["names"] - base[s]
                f = len(r["new_lost"]) + len(r["new_negatives"])
                false += f
                if f:
                    bad.append(f"{s}:{f}")
            print(f"{c_reg:>5} {m:>6} {added:>5} {false:>5}  {' '.join(bad)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loso", action="store_true", help="leave-one-set-out figures")
    ap.add_argument("--write", action="store_true", help=f"fit on the sources up to set {BEFORE_LAST}, write data/cued_names.json")
    ap.add_argument("--compare", action="store_true", help=f"leave-one-set-out, sets up to {BEFORE_LAST} vs all")
    ap.add_argument("--tune", action="store_true", help="leave-one-set-out totals over a grid of C and the margin")
    ap.add_argument("--whole", action="store_true", help="with --loso: also through the whole redactor")
    ap.add_argument("--cache", help="a pickle of the sources' cues, reused while the sources and the code are unchanged")
    args = ap.parse_args()
    from citysurvey.text.names import NameFinder
    from citysurvey.text.redact import _word_freq

    freq = _word_freq()
    finder = NameFinder(freq, cued=False)
    srcs = sources()
    data = all_cues(srcs, finder, freq, args.cache)
    n_cand = sum(len(c["y"]) for d in data.values() for c in d)
    n_pos = sum(sum(c["y"]) for d in data.values() for c in d)
    print(f"{len(srcs)} sources, {sum(len(d) for d in data.values())} cues, {n_cand} candidates, {n_pos} positive")
    if args.loso:
        tot = np.zeros(6, int)
        print(f"{'set':>10} {'rules':>9} {'+scorer':>9} {'keep lost':>9} {'neg chg':>7}  threshold  names found")
        for s in SETS:
            model = fit([c for name, d in data.items() if name != s for c in d])
            recs = next(r for name, _, r in srcs if name == s)
            before = score(s, recs, data[s], None, finder)
            after = score(s, recs, data[s], model, finder)
            tot += [before["names"], after["names"], len(after["new_lost"]), len(after["new_negatives"]),
                    before["n_names"], 0]
            print(f"{s:>10} {before['names']:>4}/{before['n_names']:<4} {after['names']:>4}/{after['n_names']:<4} "
                  f"{len(after['new_lost']):>9} {len(after['new_negatives']):>7}  {model['threshold']:.3f}  "
                  f"{', '.join(after['new_names'])}")
            for k in after["new_lost"]:
                print(f"{'':>12}keep lost {k}")
            for k in after["new_negatives"]:
                print(f"{'':>12}negative changed {k}")
        print(f"{'total':>10} {tot[0]:>4}/{tot[4]:<4} {tot[1]:>4}/{tot[4]:<4} {tot[2]:>9} {tot[3]:>7}")
        if args.whole:
            whole(srcs, data, freq)
    if args.compare:
        compare(srcs, data, finder)
    if args.tune:
        tune(srcs, data, finder)
    if args.write:
        # the shipped fit: the sets up to BEFORE_LAST (the refit on all of them lost names by leave-one-set-out: see
        # analysis/results/text_redaction_cuedtrain_2026-12-07.txt), so that --write reproduces data/cued_names.json
        shipped = [s for s in srcs if s[0] in {name for name, _, _ in sources(BEFORE_LAST)}]
        used = [c for name, _, _ in shipped for c in data[name]]
        model = fit(used)
        model["manifest"] = manifest(shipped)
        model["training"] = {"cues": len(used), "candidates": sum(len(c["y"]) for c in used),
                             "positive": sum(sum(c["y"]) for c in used)}
        OUT.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)}: threshold {model['threshold']:.3f}")
        for k, v in sorted(model["weights"].items(), key=lambda kv: -abs(kv[1])):
            print(f"  {k:>14} {v:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
