"""Measuring the text stage against hand-labelled cases: redaction and topics.

Used by the tests and by ``analysis/text_eval.py``, which prints the figures.

Redaction is scored per entity. A labelled entity is *found* when redaction
spans cover every one of its characters; a redaction span is *correct* when at
least half of its characters lie inside labelled entities. Recall = found /
labelled; precision = correct / spans. Hard negatives have no entities, so any
span there lowers precision. An address is its part from the road, estate, lane or
village on: a district, sub-district or community written before it is no personal
datum and stays in the text (:func:`.address.admin_lead`), so a set that labels it
inside the span is scored from the road or estate on.

Topics are scored per topic as multi-label F1 over all cases, then macro-averaged
over topics that occur in the labels or the predictions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .address import admin_lead
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


def _datum_start(kind: str, sub: str) -> int:
    """Where the personal datum starts in a labelled span: after an address's administrative run."""
    return admin_lead(sub, 0, len(sub)) if kind == "address" else 0


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
            gold.append((start + _datum_start(kind, sub), start + len(sub), kind))
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
    # non-answer or not: an off-topic answer (flagged, counted as not informative) says something, so it is not a non-answer
    status_acc = float(((out.frame["flag"] == "non_answer").to_numpy() == cases["kind"].eq("non_answer").to_numpy()).mean())
    pred = [set(filter(None, str(t).split("|"))) for t in out.frame["topics"]]
    exact = float(np.mean([a == b for a, b in zip(truth, pred)]))
    return {**tables, "status_accuracy": status_acc, "exact_match": exact, "frame": out.frame}


# -- blind evaluation sets (JSONL redaction, CSV topics) ------------------------------------------------
#: the blind sets' redaction types → the redactor's kinds that count as the same kind
BLIND_KINDS = {"name": {"name"}, "phone": {"phone", "landline"}, "id_card": {"id_card"}, "qq": {"qq"},
               "wechat": {"wechat"}, "email": {"email"}, "address": {"address", "room"}, "plate": {"plate"},
               "other": {"number", "id_card", "phone", "landline", "qq", "wechat", "email", "room", "address", "plate"}}
#: leaks of these types must be 0
MUST_NOT_LEAK = ("name", "phone", "id_card")


def load_jsonl(path) -> list[dict]:
    import json
    from pathlib import Path

    out = []
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}: line {i} is not JSON ({e}) / 第 {i} 行不是 JSON") from e
    return out


def _occurrences(text: str, sub: str) -> list[int]:
    """Where ``sub`` starts in ``text``, overlapping occurrences included."""
    out, at = [], text.find(sub)
    while at >= 0 and sub:
        out.append(at)
        at = text.find(sub, at + 1)
    return out


def score_blind_redaction(records: list[dict], redactor: Redactor | None = None) -> dict:
    """Recall per type, leaked items, lost ``keep`` strings and changed negatives of JSONL records
    ``{"id", "text", "pii": [{"type", "text"}], "keep": [...]}``.

    An item is caught when redaction spans cover every character of its first mention (in the
    normalised text) that does not lie inside one of the record's ``keep`` strings; a ``keep``
    string must be found unchanged in the redacted text; a negative is a record without items,
    changed when its redacted text differs from its normalised text. ``leak_chars``, beside ``leaks``: per leaked
    item, the positions in the redacted text of the characters of it the redactor left (what a review list has to
    point at, ``analysis/review_eval.py``); ``redacted``: each record's redacted text by its id.
    """
    r = redactor or default_redactor()
    per_type: dict[str, list[int]] = {}
    leaks, lost, changed, wrong_kind, leak_chars, redacted = [], [], [], [], [], {}
    n_neg = n_keep = 0
    for rec in records:
        text = normalise(str(rec["text"]))
        spans = r.find(text)
        out = apply_spans(text, spans)
        redacted[rec["id"]] = out
        covered = np.zeros(len(text) + 1, bool)
        kind_at = np.full(len(text) + 1, "", dtype=object)
        for sp in spans:
            covered[sp.start:sp.end] = True
            kind_at[sp.start:sp.end] = sp.kind
        keeps = [(k, normalise(str(k))) for k in rec.get("keep") or []]
        inside_keep = np.zeros(len(text) + 1, bool)
        for _, kept in keeps:
            for at in _occurrences(text, kept):
                inside_keep[at:at + len(kept)] = True
        for item in rec.get("pii") or []:
            typ, sub = item["type"], normalise(str(item["text"]))
            starts = _occurrences(text, sub)
            if not starts:
                raise ValueError(f"{rec['id']}: {sub!r} is not in the text {text!r}")
            # the datum is its first mention outside a must-keep string (龙凤 after 龙凤花园); a later
            # one may be the ordinary word (我叫舒心…住得不舒心)
            at = next((s for s in starts if not inside_keep[s:s + len(sub)].all()), starts[0])
            ok = bool(covered[at + _datum_start(typ, sub):at + len(sub)].all())
            per_type.setdefault(typ, [0, 0])
            per_type[typ][0] += 1
            per_type[typ][1] += ok
            if not ok:
                leaks.append((rec["id"], typ, sub, out))
                leak_chars.append(_output_positions(text, spans, at, at + len(sub)))
            elif not set(kind_at[at:at + len(sub)]) <= BLIND_KINDS.get(typ, {typ}):
                wrong_kind.append((rec["id"], typ, sub, out))
        for k, kept in keeps:
            n_keep += 1
            if kept not in out:
                lost.append((rec["id"], k, out))
        if not rec.get("pii"):
            n_neg += 1
            if out != text:
                changed.append((rec["id"], text, out))
    n = sum(v[0] for v in per_type.values())
    found = sum(v[1] for v in per_type.values())
    return {"per_type": per_type, "n_items": n, "found": found, "recall": found / n if n else float("nan"),
            "leaks": leaks, "lost_keep": lost, "n_keep": n_keep, "negatives": n_neg, "changed_negatives": changed,
            "wrong_kind": wrong_kind, "n_records": len(records), "leak_chars": leak_chars,
            "redacted": redacted}


def _output_positions(text: str, spans, a: int, b: int) -> list[int]:
    """Where the characters of text[a:b] that no span covers stand in the redacted text (:func:`apply_spans`)."""
    shift, out, k = 0, [], 0
    spans = list(spans)
    for i in range(b):
        while k < len(spans) and spans[k].end <= i:
            shift += len(spans[k].placeholder) - (spans[k].end - spans[k].start)
            k += 1
        inside = k < len(spans) and spans[k].start <= i
        if i >= a and not inside and not text[i].isspace():
            out.append(i + shift)
    return out


FLAG_VALUES = ("informative", "non_answer", "off_topic")


def read_topic_set(path) -> pd.DataFrame:
    """A blind topics CSV (id, text, primary, secondary, flag, note), checked."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = {"id", "text", "primary", "secondary", "flag"}
    if need - set(frame.columns):
        raise ValueError(f"{path}: columns {sorted(need - set(frame.columns))} are missing / 缺少列")
    bad = ~frame["flag"].isin(FLAG_VALUES)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{path}: row {i + 2}, column flag: {frame['flag'].iloc[i]!r} is not one of {FLAG_VALUES} "
                         f"/ 第 {i + 2} 行 flag 列的值不在 {FLAG_VALUES} 之中")
    return frame


def evaluate_blind_topics(frame: pd.DataFrame, config=None) -> dict:
    """Primary-topic F1 per topic (macro over topics present in the labels), topic-set micro-F1, and the flags.

    - primary: for each topic, precision = right / answers predicted with it as primary, recall =
      right / answers labelled with it as primary (informative answers only are labelled);
    - micro-F1 over topic sets (primary ∪ secondary) of all answers;
    - share of informative answers given no topic; share of off-topic answers filtered (flagged
      off-topic or non-answer, so not counted as an opinion); non-answer accuracy (labelled
      non-answers flagged non-answer).
    """
    from .analyse import analyse_suggestions, load_resources
    from .config import TextConfig

    cfg = config or TextConfig()
    res = load_resources(cfg)
    out = analyse_suggestions(frame["text"].astype(str).tolist(), cfg, resources=res).frame
    topics = list(res.lexicon.topics)
    gold_p = frame["primary"].fillna("").to_numpy(dtype=object)
    pred_p = out["primary_topic"].to_numpy(dtype=object)
    flag_gold = frame["flag"].to_numpy(dtype=object)
    flag_pred = out["flag"].to_numpy(dtype=object)
    rows = []
    for t in topics:
        y, p = gold_p == t, pred_p == t
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        rows.append({"topic": t, "label": res.lexicon.short_label_of.get(t, t), "support": int(y.sum()),
                     "predicted": int(p.sum()), "precision": tp / (tp + fp) if tp + fp else np.nan,
                     "recall": tp / (tp + fn) if tp + fn else np.nan,
                     "f1": 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else np.nan})
    table = pd.DataFrame(rows)
    present = table[table["support"] > 0]
    truth = [set(filter(None, [a] + str(b).split(";"))) for a, b in zip(gold_p, frame["secondary"].fillna(""))]
    pred = [set(filter(None, str(t).split("|"))) for t in out["topics"]]
    tp = sum(len(a & b) for a, b in zip(truth, pred))
    fp = sum(len(b - a) for a, b in zip(truth, pred))
    fn = sum(len(a - b) for a, b in zip(truth, pred))
    inf = flag_gold == "informative"
    off = flag_gold == "off_topic"
    non = flag_gold == "non_answer"
    return {
        "table": table,
        "macro_f1": float(present["f1"].fillna(0).mean()) if len(present) else float("nan"),
        "primary_accuracy": float((gold_p[inf] == pred_p[inf]).mean()) if inf.any() else float("nan"),
        "micro_f1": 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else float("nan"),
        "no_topic_share": float((pred_p[inf] == "").mean()) if inf.any() else float("nan"),
        "off_topic_filtered": float((flag_pred[off] != "informative").mean()) if off.any() else float("nan"),
        "non_answer_accuracy": float((flag_pred[non] == "non_answer").mean()) if non.any() else float("nan"),
        "flag_accuracy": float((flag_pred == flag_gold).mean()) if len(frame) else float("nan"),
        "n": len(frame), "n_informative": int(inf.sum()), "n_off_topic": int(off.sum()), "n_non_answer": int(non.sum()),
        "frame": out, "gold_primary": gold_p, "gold_flag": flag_gold,
    }
