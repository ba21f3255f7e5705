"""Measuring the text stage against hand-labelled cases: redaction and topics.

Used by the tests and by ``analysis/text_eval.py``, which prints the figures.

Redaction is scored per entity. A labelled entity is *found* when redaction
spans cover every one of its characters; a redaction span is *correct* when at
least half of its characters lie inside labelled entities. Recall = found /
labelled; precision = correct / spans. Hard negatives have no entities, so any
span there lowers precision.

Topics are scored per topic as multi-label F1 over all cases, then macro-averaged
over topics that occur in the labels or the predictions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .clean import normalise
from .redact import Redactor, apply_spans, default_redactor


@dataclass(frozen=True)
class RedactionScore:
    n_cases: int
    n_entities: int
    n_spans: int
    found: int
    found_same_kind: int
    correct: int
    kept_ok: int
    n_keep: int
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.n_entities if self.n_entities else float("nan")

    @property
    def precision(self) -> float:
        return self.correct / self.n_spans if self.n_spans else float("nan")


def _family(kind: str) -> str:
    return "phone" if kind in ("phone", "landline") else kind


def score_redaction(cases: pd.DataFrame, redactor: Redactor | None = None) -> RedactionScore:
    """``cases``: columns text, pii ("kind:substring|…"), keep ("substring|…")."""
    r = redactor or default_redactor()
    n_ent = n_spans = found = same = correct = kept_ok = n_keep = 0
    misses, alarms = [], []
    for row in cases.itertuples(index=False):
        text = normalise(str(row.text))
        spans = r.find(text)
        gold = []
        for item in filter(None, str(row.pii or "").split("|")):
            kind, _, sub = item.partition(":")
            start = text.find(sub)
            if start < 0:
                raise ValueError(f"case {row.id}: {sub!r} is not in the normalised text {text!r}")
            gold.append((start, start + len(sub), kind))
        covered = np.zeros(len(text) + 1, dtype=bool)
        kind_at = np.full(len(text) + 1, "", dtype=object)
        for sp in spans:
            covered[sp.start:sp.end] = True
            kind_at[sp.start:sp.end] = _family(sp.kind)
        inside = np.zeros(len(text) + 1, dtype=bool)
        for s, e, kind in gold:
            inside[s:e] = True
            n_ent += 1
            if covered[s:e].all():
                found += 1
                same += bool((kind_at[s:e] == _family(kind)).all())
            else:
                misses.append(f"{row.id}: {text[s:e]} ({kind}) in {text}")
        for sp in spans:
            n_spans += 1
            if inside[sp.start:sp.end].mean() >= 0.5:
                correct += 1
            else:
                alarms.append(f"{row.id}: {text[sp.start:sp.end]} ({sp.kind}) in {text}")
        out = apply_spans(text, spans)
        for k in filter(None, str(row.keep or "").split("|")):
            n_keep += 1
            kept_ok += k in out
            if k not in out:
                alarms.append(f"{row.id}: lost {k!r}: {out}")
    return RedactionScore(len(cases), n_ent, n_spans, found, same, correct, kept_ok, n_keep, tuple(misses), tuple(alarms))


def topic_f1(truth: list[set[str]], predicted: list[set[str]], topics: list[str]) -> pd.DataFrame:
    """Per-topic precision, recall, F1 and support; a last row ``macro`` averages topics with support or predictions."""
    rows = []
    for t in topics:
        y = np.array([t in s for s in truth])
        p = np.array([t in s for s in predicted])
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        prec = tp / (tp + fp) if tp + fp else np.nan
        rec = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else np.nan
        rows.append({"topic": t, "support": int(y.sum()), "predicted": int(p.sum()), "precision": prec, "recall": rec, "f1": f1})
    out = pd.DataFrame(rows)
    active = out[(out["support"] > 0) | (out["predicted"] > 0)]
    tp = sum(len(a & b) for a, b in zip(truth, predicted))
    fp = sum(len(b - a) for a, b in zip(truth, predicted))
    fn = sum(len(a - b) for a, b in zip(truth, predicted))
    macro = {"topic": "macro", "support": int(out["support"].sum()), "predicted": int(out["predicted"].sum()),
             "precision": active["precision"].fillna(0).mean(), "recall": active["recall"].fillna(0).mean(),
             "f1": active["f1"].fillna(0).mean()}
    micro = {"topic": "micro", "support": macro["support"], "predicted": macro["predicted"],
             "precision": tp / (tp + fp) if tp + fp else np.nan, "recall": tp / (tp + fn) if tp + fn else np.nan,
             "f1": 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else np.nan}
    return pd.concat([out, pd.DataFrame([macro, micro])], ignore_index=True)


def evaluate_topics(cases: pd.DataFrame, config=None) -> dict[str, pd.DataFrame | float]:
    """Score the classifier on labelled cases (columns text, topics '|'-joined, kind).

    Returns per-topic tables for the combined classifier and each layer alone,
    and the accuracy of the answer status (non-answer vs informative).
    """
    from .analyse import analyse_suggestions, load_resources
    from .config import TextConfig

    cfg = config or TextConfig()
    res = load_resources(cfg)
    out = analyse_suggestions(cases["text"].astype(str).tolist(), cfg, resources=res)
    topics = list(res.lexicon.topics)
    truth = [set(filter(None, str(t).split("|"))) for t in cases["topics"].fillna("")]
    tables = {}
    for name, col in (("combined", "topics"), ("rules", "topics_rule"), ("model", "topics_model")):
        pred = [set(filter(None, str(t).split("|"))) for t in out.frame[col]]
        tables[name] = topic_f1(truth, pred, topics)
    expected = np.where(cases["kind"].eq("non_answer"), "non_informative", "informative")
    status_acc = float((out.frame["status"].to_numpy() == expected).mean())
    pred = [set(filter(None, str(t).split("|"))) for t in out.frame["topics"]]
    exact = float(np.mean([a == b for a, b in zip(truth, pred)]))
    return {**tables, "status_accuracy": status_acc, "exact_match": exact, "frame": out.frame}
