"""Fit the weights of the cued-name scorer (citysurvey/text/cued_names.py) and print leave-one-set-out figures.

    python analysis/train_cued_names.py --write    # the shipped fit (SHIPPED), write data/cued_names.json
    python analysis/train_cued_names.py --loso     # each fold scored by the held-out rule fitted on the other folds
    python analysis/train_cued_names.py --kinds    # leave-one-set-out of the threshold rules (main's, one, per group)
    python analysis/train_cued_names.py --compare  # leave-one-set-out with main's rule, sets up to 28 only vs all
    python analysis/train_cued_names.py --tune     # leave-one-set-out totals of main's rule over C and the margin

Training data: every candidate that a strong cue proposes (cued_names.candidates) in the committed redaction sets
(tests/fixtures/text/redaction_dev.jsonl, redaction_heldout.jsonl, redaction_heldout2..34.jsonl; there is no set 8 or 26) and in
redaction_cases.csv; a candidate is positive when it is exactly a labelled name (its first mention or any other),
negative otherwise (a longer or shorter reading of a name is a negative too). The topic sets' answers
(tests/fixtures/text/topics_*.csv) add negatives: they are labelled with no personal data. The weights: an L2 logistic
regression (C 1): the shipped fit of main's rule by scikit-learn's lbfgs (fit(), as it was fitted), the held-out
rule's by its exact minimum found by Newton's method (weights()).

Folds: a redaction set and the topic set of the same number (written together by one annotator) are one fold; the
topic sets 8 and 26 are folds of their own, and so are the cases.

The threshold (fit_heldout): of the cues that the rules leave open (no name the rules find starts where the candidates
do), the most likely candidate is taken when it passes the threshold; the threshold lies just above the highest logit
of a false name (a take in a negative record or on a must-keep string) when each fold is scored by the weights fitted
without it, plus a margin of 0.5 in logit, and at least 0.5. Main's rule (fit; --compare, --tune, and --kinds's
"main") takes the highest IN-SAMPLE logit of any take that is no labelled name, + 0.5: more data can only raise it (one
longer reading of a name, 我姑娘佳琪 → 娘佳琪 of set 34, set it at 0.98 before the kin cue stopped ending inside 姑娘).

What --write ships (SHIPPED): "main" is main's rule on the sources up to BEFORE_LAST (data/cued_names.json as shipped
since 16c9ee1, reproduced byte for byte); "heldout" is fit_heldout() on every source. A refit is shipped only when it
finds more names by leave-one-set-out (--kinds) than the shipped fit, with no false name in any fold.
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
LAST = 34
SETS = ("dev", "heldout", *(f"heldout{n}" for n in range(2, LAST + 1) if (FIX / f"redaction_heldout{n}.jsonl").exists()))
#: the last set of the fit shipped until 2026-12-07 (main's rule on the sources up to set 28): --compare's "before" and
#: --kinds's "main<=28"
BEFORE_LAST = 28
#: the fit --write ships: "main" (main's rule on the sources up to BEFORE_LAST) or "heldout" (fit_heldout on all)
SHIPPED = "main"
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
    """Weights on the cues ``data`` (scikit-learn's lbfgs, as the shipped fit was made) and main's threshold rule: the
    highest in-sample logit of the best candidate of a cue the rules leave open that is no labelled name, + margin,
    at least 0.5. --kinds's "main" rows use the same rule on weights() (exact) for speed."""
    from sklearn.linear_model import LogisticRegression

    from citysurvey.text.cued_names import FEATURES

    X = np.array([x for c in data for x in c["X"]])
    y = np.array([v for c in data for v in c["y"]])
    lr = LogisticRegression(C=c_reg, max_iter=5000)
    lr.fit(X, y)
    w = dict(zip(FEATURES, (round(float(v), 4) for v in lr.coef_[0])))
    model = {"weights": w, "bias": round(float(lr.intercept_[0]), 4), "threshold": 0.5}
    worst = -math.inf
    for c in data:
        if not c["covered"]:
            z, k = _best(model, c)
            if not c["y"][k]:
                worst = max(worst, z)
    model["threshold"] = round(1 / (1 + math.exp(-max(0.0, worst + margin))), 6)
    return model


def fit_heldout(data: dict, names, c_reg: float = C, margin: float = MARGIN) -> dict:
    """The shipped rule: weights on the cues of the sources ``names``, and the threshold just above the highest
    held-out logit of a false name (a negative record changed or a must-keep string touched) when each fold of those
    sources (a set with its topic set; the cases) is scored by weights fitted without it, + margin, at least 0.5.
    Also the held-out false names that come nearest (``set_by``)."""
    names = list(names)
    model = weights([c for n in names for c in data[n]], c_reg)
    bad = []
    for f in sorted({fold_of(n) for n in names}, key=str):
        m = weights([c for n in names if fold_of(n) != f for c in data[n]], c_reg)
        bad += [o for o in outcomes(m, data, [n for n in names if fold_of(n) == f]) if o["false"]]
    bad.sort(key=lambda o: -o["z"])
    lo = max(0.0, (bad[0]["z"] if bad else -math.inf) + margin + 1e-6)
    model["threshold"] = round(1 / (1 + math.exp(-lo)), 6)
    model["set_by"] = [[o["source"], o["text"][slice(*o["span"])], round(o["z"], 3)] for o in bad[:5]]
    return model


def _logit_of(p: float) -> float:
    return math.log(p / (1 - p))


def _logit(model: dict, x) -> float:
    from citysurvey.text.cued_names import FEATURES

    return model["bias"] + sum(model["weights"][k] * v for k, v in zip(FEATURES, x))


def _best(model: dict, c: dict) -> tuple[float, int]:
    zs = [_logit(model, x) for x in c["X"]]
    k = int(np.argmax(zs))
    return zs[k], k


def taken(model: dict, data: list[dict]) -> dict[int, list[tuple[int, int]]]:
    """Record → the spans the scorer adds (cues the rules leave open, above the threshold)."""
    floor = _logit_of(model["threshold"])
    out: dict[int, list] = {}
    for c in data:
        if c["covered"]:
            continue
        z, k = _best(model, c)
        if z > floor:
            out.setdefault(c["record"], []).append(c["spans"][k])
    return out


def score(name: str, records: list[dict], data: list[dict], model: dict | None, finder, extra: dict | None = None) -> dict:
    """Names found, must-keep strings and negatives changed by the rules' spans and the scorer's (model None: rules
    alone), counted as evaluate.score_blind_redaction counts them for names (first mention; every other kind of
    datum left out: these figures are the names')."""
    from citysurvey.text.clean import normalise, read_simplified

    if extra is None:
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


def manifest(srcs, heldout: bool = SHIPPED == "heldout") -> dict:
    return {
        "sources": [{"file": str(p.relative_to(REPO)), "sha256": _sha(p), "records": len(r)} for _, p, r in srcs],
        # what the features read at run time: the name model's character tables (not its weights, which are refitted
        # on their own) and the Latin given-name lists
        "tables": [{"file": "citysurvey/text/data/name_model.json", "keys": ["given", "surname"],
                    "sha256": tables_sha()},
                   {"file": "citysurvey/text/data/latin_given_names.json", "sha256": _sha(DATA / "latin_given_names.json")}],
        "script": "analysis/train_cued_names.py --write",
        "C": C, "margin": MARGIN,
        **({"threshold_rule": "leave-one-set-out (each redaction set with its topic set a fold, the cases a fold): the "
                              "highest logit of a false name (the best candidate of a cue the rules leave open, in a "
                              "negative record or on a must-keep string) when its fold is scored by the weights fitted "
                              f"without it, + {MARGIN}, at least 0.5",
            "fit": "L2 logistic regression, exact minimum by Newton's method (intercept unpenalised)"} if heldout else
           {"threshold_rule": "best candidate of every cue the rules leave open that is no labelled name: highest logit "
                              f"+ {MARGIN}, at least 0.5"}),
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
    return c["spans"][k] if z > _logit_of(model["threshold"]) else None


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


# == The threshold rule by leave-one-set-out (--kinds) ==================================================================
#: Groups of cue kinds with a threshold each (enough open cues per group to choose one): relatives, self-introductions,
#: a form's label or a role, a signature (dash, the last clause), the cues after a name.
GROUPS = {"kin": ("kin", "latin_kin"), "intro": ("intro", "intro_of", "recall"), "label": ("label", "latin_label", "role"),
          "sign": ("dash", "end"), "after": ("bracket", "household", "title", "is_my")}
GROUP_OF = {k: g for g, ks in GROUPS.items() for k in ks}


def fold_of(name: str):
    """The fold of a source: a set's number (the redaction set N and the topic set N, written together by one
    annotator, are held out together; dev 0, heldout 1), the cases their own."""
    return "cases" if name == "cases" else _number(name)


def weights(data: list[dict], c_reg: float = C) -> dict:
    """The logistic regression's weights (no threshold): the exact minimum of C·Σ log loss + ½|w|² (Newton's method;
    the intercept unpenalised, as scikit-learn's LogisticRegression)."""
    from citysurvey.text.cued_names import FEATURES

    X, y = _arrays(data)
    Xb = np.hstack([X, np.ones((len(X), 1))])
    reg = np.ones(Xb.shape[1])
    reg[-1] = 0.0
    w = np.zeros(Xb.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(Xb @ w)))
        grad = c_reg * Xb.T @ (p - y) + reg * w
        hess = c_reg * (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return {"weights": dict(zip(FEATURES, (round(float(v), 4) for v in w[:-1]))), "bias": round(float(w[-1]), 4)}


def _arrays(data: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The candidates' features and labels of the cues ``data`` (each cue's rows made once)."""
    from citysurvey.text.cued_names import FEATURES

    rows = []
    for c in data:
        if "_Xy" not in c:
            c["_Xy"] = (np.asarray(c["X"], float).reshape(-1, len(FEATURES)), np.asarray(c["y"], float))
        rows.append(c["_Xy"])
    return np.vstack([r[0] for r in rows]), np.concatenate([r[1] for r in rows])


def _overlaps(spans, a: int, b: int) -> bool:
    return any(x < b and a < y for x, y in spans)


def outcomes(model: dict, data: dict, names) -> list[dict]:
    """The best candidate of every cue of the sources ``names`` that the rules leave open, scored by ``model``: its logit, its span, its group, and
    what taking it would be: ``name`` (exactly a labelled name), ``cover`` (a longer reading that holds a name),
    ``part`` (a shorter reading: part of a name), ``off`` (no character of a name); ``false`` when it changes a
    negative record or touches a must-keep string (the evaluation's false names)."""
    from citysurvey.text.cued_names import FEATURES

    w = np.array([model["weights"][k] for k in FEATURES])
    out = []
    for name in names:
        for c in data[name]:
            if c["covered"]:
                continue
            zs = _arrays([c])[0] @ w + model["bias"]
            k = int(np.argmax(zs))
            out.append(_outcome(c, name, float(zs[k]), k))
    return out


def _outcome(c: dict, name: str, z: float, k: int) -> dict:
    """What taking candidate k of the cue c would be (see outcomes())."""
    a, b = c["spans"][k]
    gold = c["gold"]
    kind = ("name" if c["y"][k] else "cover" if any(a <= x and y <= b for x, y in gold)
            else "part" if _overlaps(gold, a, b) else "off")
    return {"source": name, "record": c["record"], "z": z, "span": (a, b), "group": GROUP_OF[c["kind"]],
            "kind": kind, "false": c["negative"] or _overlaps(c["keeps"], a, b), "text": c["text"]}


def rule_main(model: dict, train: list[dict], margin: float = MARGIN) -> dict:
    """Main's rule: the highest in-sample logit of a best candidate that is no labelled name, + margin, at least 0."""
    worst = max((o["z"] for o in train if o["kind"] != "name"), default=-math.inf)
    return dict.fromkeys(GROUPS, max(0.0, worst + margin))


def rule_loso(held: list[dict], per_group: bool, margin: float = 0.0) -> dict:
    """A threshold (logit) per group (or one for all) chosen on held-out outcomes: just above the highest held-out logit
    of a false name (a negative record or a must-keep string changed), + margin, at least 0."""
    bad = [o for o in held if o["false"]]
    if not per_group:
        return dict.fromkeys(GROUPS, max(0.0, max((o["z"] for o in bad), default=-math.inf) + margin + 1e-6))
    return {g: max(0.0, max((o["z"] for o in bad if o["group"] == g), default=-math.inf) + margin + 1e-6) for g in GROUPS}




def _takes(held: list[dict], thr: dict) -> dict[str, dict[int, list]]:
    """source → record → the spans taken at the thresholds ``thr`` (logits per group)."""
    out: dict[str, dict[int, list]] = {}
    for o in held:
        if o["z"] > thr[o["group"]]:
            out.setdefault(o["source"], {}).setdefault(o["record"], []).append(o["span"])
    return out


def loso_outcomes(data: dict, c_reg: float = C, use=lambda name: True):
    """The folds, their sources, the other sources, each fold's weights (fitted on the other sources that ``use``
    accepts), its held-out outcomes, and for the nested choice the other folds' outcomes scored by weights fitted
    without them and without the fold."""
    folds = sorted({fold_of(n) for n in data}, key=lambda f: (isinstance(f, str), f if isinstance(f, int) else 0))
    members = {f: [n for n in data if fold_of(n) == f] for f in folds}
    rest = {f: [n for n in data if fold_of(n) != f and use(n)] for f in folds}
    model = {f: weights([c for n in rest[f] for c in data[n]], c_reg) for f in folds}
    held = {f: outcomes(model[f], data, members[f]) for f in folds}
    inner = {}
    for f in folds:  # (each other fold g scored by weights fitted without f and g)
        inner[f] = [o for g in folds if g != f for o in
                    outcomes(weights([c for n in rest[f] if fold_of(n) != g for c in data[n]], c_reg), data, members[g])]
    return folds, members, rest, model, held, inner


def kinds(srcs, data, finder, c_reg: float = C, margins=(0.0, 0.25, 0.5, 1.0, 1.5), cache: str | None = None) -> dict:
    """Leave-one-set-out of the threshold rules, every set a fold with its topic set (the cases a fold too):
    main's rule (the highest in-sample logit of a non-name + 0.5) fitted as shipped (sources up to BEFORE_LAST) and on
    all sources; the held-out rules (just above the highest held-out logit of a false name, + a margin), one threshold
    for all kinds and one per group of kinds (GROUPS), chosen on the other folds' held-out logits (nested: each inner
    fold scored by weights fitted without it and without the outer fold); and, for reference, one per group chosen on
    all folds (the fold's own outcomes among them: optimistic). Prints per fold and in total the names the scorer finds
    that the rules leak, false names, takes off any name in records with names, and (total) found names that are
    letter for letter a labelled name of another fold."""
    import pickle

    recs_of = {name: recs for name, _, recs in srcs}
    if cache and Path(cache).exists():
        folds, members, rest, model, held, inner = pickle.loads(Path(cache).read_bytes())
    else:
        folds, members, rest, model, held, inner = loso_outcomes(data, c_reg)
        if cache:
            Path(cache).write_bytes(pickle.dumps((folds, members, rest, model, held, inner)))
    # main as shipped: fitted on the sources up to BEFORE_LAST (and the cases), the fold left out
    ship = {f: [n for n in rest[f] if n == "cases" or _number(n) <= BEFORE_LAST] for f in folds}
    # (the folds after BEFORE_LAST and the topic folds without a set up to it: data/cued_names.json itself, as shipped;
    # the others: main's fit() by scikit-learn on the shipped sources without the fold, its threshold in-sample)
    shipped = json.loads(OUT.read_text(encoding="utf-8"))
    every = [n for n in data if n == "cases" or _number(n) <= BEFORE_LAST]
    ship_model = {f: (shipped if ship[f] == every else fit([c for n in ship[f] for c in data[n]], c_reg)) for f in folds}
    ship_held = {f: outcomes(ship_model[f], data, members[f]) for f in folds}
    variants = {f"main<={BEFORE_LAST}": (ship_held, lambda f: dict.fromkeys(GROUPS, _logit_of(ship_model[f]["threshold"]))),
                "main": (held, lambda f: rule_main(model[f], outcomes(model[f], data, rest[f])))}
    for per in (False, True):
        for m in margins:
            variants[f"{'group' if per else 'one'}+{m}"] = (held, (lambda per, m: lambda f: rule_loso(inner[f], per, m))(per, m))
    variants["group(all)"] = (held, lambda f: rule_loso([o for g in folds for o in held[g]], True, 0.0))
    memo = _Memo(finder)
    names_of = {n: _names_of(recs_of[n]) for n in data}
    rows = {}
    for f in folds:
        rules = _fold_score(f, members[f], recs_of, data, memo, {})
        row = {"rules": rules}
        for tag, (h, rule) in variants.items():
            thr = rule(f)
            r = _fold_score(f, members[f], recs_of, data, memo, _takes(h[f], thr))
            taken_ = [o for o in h[f] if o["z"] > thr[o["group"]]]
            r["off"] = [o["text"][slice(*o["span"])] for o in taken_ if o["kind"] == "off" and not o["false"]]
            r["rep"] = [g for g in r["new_names"] if any(g in names_of[n] for n in data if fold_of(n) != f)]
            r["thr"] = thr
            row[tag] = r
        rows[f] = row
    _print_kinds(rows, list(variants))
    return {"folds": folds, "held": held, "rows": rows}


class _Memo:
    """The rules' names of a text, found once."""

    def __init__(self, finder):
        self.finder, self.seen = finder, {}

    def find(self, text: str):
        if text not in self.seen:
            self.seen[text] = self.finder.find(text)
        return self.seen[text]


def _fold_score(f, names, recs_of, data, finder, takes) -> dict:
    """score() summed over the sources of a fold, the scorer's spans given (``takes``: source → record → spans)."""
    tot = {"names": 0, "n_names": 0, "new_names": [], "new_lost": [], "new_negatives": []}
    for n in names:
        r = score(n, recs_of[n], data[n], None, finder, extra=takes.get(n, {}))
        for k in tot:
            tot[k] += r[k]
    return tot


def _print_kinds(rows: dict, tags: list[str]) -> None:
    print("per fold, each rule: names the scorer finds that the rules leak / false names (negative records changed + "
          "must-keep strings newly lost) / takes off any name in records with names")
    print(f"{'fold':>6} {'rules':>9} " + " ".join(f"{t:>11}" for t in tags))
    tot = {t: np.zeros(4, int) for t in ["rules", *tags]}
    for f, row in rows.items():
        r0 = row["rules"]
        tot["rules"] += [r0["names"], r0["n_names"], 0, 0]
        cells = []
        for t in tags:
            r = row[t]
            false = len(r["new_lost"]) + len(r["new_negatives"])
            tot[t] += [r["names"] - r0["names"], false, len(r["off"]), len(r["rep"])]
            cells.append(f"{r['names'] - r0['names']:>3} {false:>2} {len(r['off']):>2}")
        print(f"{str(f):>6} {r0['names']:>4}/{r0['n_names']:<4} " + " ".join(f"{c:>11}" for c in cells))
    print(f"{'total':>6} {tot['rules'][0]:>4}/{tot['rules'][1]:<4} "
          + " ".join(f"{f'{tot[t][0]:>3} {tot[t][1]:>2} {tot[t][2]:>2}':>11}" for t in tags))
    print(f"{'rep':>16} " + " ".join(f"{tot[t][3]:>11}" for t in tags)
          + "   (found names that are letter for letter a labelled name of another fold)")
    for t in tags:
        bad = [(f, k) for f, row in rows.items() for k in
               [*row[t]["new_lost"], *row[t]["new_negatives"], *(("off", o) for o in row[t]["off"])]]
        names = [f"{f}:{g}" for f, row in rows.items() for g in row[t]["new_names"]]
        print(f"{t}: false / off {bad}\n{'':>4}names {', '.join(names)}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loso", action="store_true", help="leave-one-set-out figures")
    ap.add_argument("--write", action="store_true", help=f"the shipped fit ({SHIPPED}), write data/cued_names.json")
    ap.add_argument("--compare", action="store_true", help=f"leave-one-set-out, sets up to {BEFORE_LAST} vs all")
    ap.add_argument("--tune", action="store_true", help="leave-one-set-out totals over a grid of C and the margin")
    ap.add_argument("--kinds", action="store_true", help="leave-one-set-out of the threshold rules (main's, held-out, per kind)")
    ap.add_argument("--margins", type=float, nargs="+", default=[0.0, 0.25, 0.5, 1.0, 1.5],
                    help="with --kinds: the held-out rules' margins")
    ap.add_argument("--loso-cache", help="with --kinds: a pickle of the leave-one-set-out outcomes, reused")
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
        # each fold (a set with its topic set; the cases) scored by the shipped rule fitted on the other folds
        tot = np.zeros(5, int)
        print(f"{'fold':>6} {'rules':>9} {'+scorer':>9} {'keep lost':>9} {'neg chg':>7}  threshold  names found")
        folds = sorted({fold_of(n) for n in data}, key=lambda f: (isinstance(f, str), f if isinstance(f, int) else 0))
        recs_of = {name: recs for name, _, recs in srcs}
        for f in folds:
            model = fit_heldout(data, [n for n in data if fold_of(n) != f])
            mine = [n for n in data if fold_of(n) == f]
            before = _fold_score(f, mine, recs_of, data, finder, {})
            after = _fold_score(f, mine, recs_of, data, finder,
                                {n: taken(model, data[n]) for n in mine})
            tot += [before["names"], after["names"], len(after["new_lost"]), len(after["new_negatives"]), before["n_names"]]
            print(f"{str(f):>6} {before['names']:>4}/{before['n_names']:<4} {after['names']:>4}/{after['n_names']:<4} "
                  f"{len(after['new_lost']):>9} {len(after['new_negatives']):>7}  {model['threshold']:.3f}  "
                  f"{', '.join(after['new_names'])}", flush=True)
            for k in after["new_lost"]:
                print(f"{'':>12}keep lost {k}")
            for k in after["new_negatives"]:
                print(f"{'':>12}negative changed {k}")
        print(f"{'total':>6} {tot[0]:>4}/{tot[4]:<4} {tot[1]:>4}/{tot[4]:<4} {tot[2]:>9} {tot[3]:>7}")
        if args.whole:
            whole(srcs, data, freq)
    if args.compare:
        compare(srcs, data, finder)
    if args.tune:
        tune(srcs, data, finder)
    if args.kinds:
        kinds(srcs, data, finder, cache=args.loso_cache, margins=tuple(args.margins))
    if args.write:
        if SHIPPED == "heldout":  # every source, the threshold by fit_heldout()'s rule
            used = [c for d in data.values() for c in d]
            model = fit_heldout(data, list(data))
            set_by = model.pop("set_by")
            model["manifest"] = manifest(srcs)
            model["manifest"]["threshold_set_by"] = set_by
        else:  # main's rule on the sets up to BEFORE_LAST, as shipped since 16c9ee1
            shipped = [s for s in srcs if s[0] in {name for name, _, _ in sources(BEFORE_LAST)}]
            used = [c for name, _, _ in shipped for c in data[name]]
            model = fit(used)
            set_by = None
            model["manifest"] = manifest(shipped)
        model["training"] = {"cues": len(used), "candidates": sum(len(c["y"]) for c in used),
                             "positive": sum(sum(c["y"]) for c in used)}
        OUT.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)} ({SHIPPED}): threshold {model['threshold']:.3f}"
              + (f", set by {set_by}" if set_by else ""))
        for k, v in sorted(model["weights"].items(), key=lambda kv: -abs(kv[1])):
            print(f"  {k:>14} {v:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

