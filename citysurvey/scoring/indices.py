"""Satisfaction indices: each respondent's level and composite index, then weighted estimates.

A respondent's *level index* is the weighted mean of the scores of the level's
items they answered on the scale, with the item weights renormalised over those
items — provided they answered at least ⌈min_share·k⌉ of the level's k items
(default: at least half). Otherwise their level index is missing and they are
outside that index's denominator. The *composite index* (综合满意度指数) is the
weighted mean of a respondent's level indices under the same rule applied to
the levels. The city (or domain) index is then the weighted mean over
respondents, estimated like any item, with a design-based interval.

>>> import pandas as pd
>>> s = pd.DataFrame({"a": [100, 80, None], "b": [60, None, None], "c": [80, None, None]})
>>> level_index(s, {"a": 1, "b": 1, "c": 1}, required=2).tolist()
[80.0, nan, nan]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem, StageError
from .items import min_required

COMPOSITE = "综合"  # the composite index's "level"


def index_name(level: str) -> str:
    """Row key of an index in the score tables: ``index:住房``, ``index:综合``."""
    return f"index:{level}"


def index_label(level: str) -> str:
    return "综合满意度指数" if level == COMPOSITE else f"{level}满意度指数"


def level_index(scores: pd.DataFrame, weights: dict[str, float], required: int) -> pd.Series:
    """Weighted mean of each respondent's answered item scores, NaN with fewer than ``required`` answered.

    Parameters
    ----------
    scores : pandas.DataFrame
        Respondents × items (or × level indices, for the composite): scores, NaN when not
        answered on the scale.
    weights : dict of str to float
        Column → weight; only these columns are used. Weights of the answered columns are
        renormalised per respondent, so a skipped item does not pull the index down.
    required : int
        Answered columns a respondent needs (see ``scoring.min_share`` / ``min_count``).

    Returns
    -------
    pandas.Series
        One index per respondent (same index as ``scores``); NaN when fewer than ``required``
        columns are answered.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.scoring import level_index
    >>> s = pd.DataFrame({"q1": [100.0, 80.0, None], "q2": [60.0, None, None]})
    >>> level_index(s, {"q1": 0.5, "q2": 0.5}, required=1).tolist()
    [80.0, 80.0, nan]
    >>> level_index(s, {"q1": 0.5, "q2": 0.5}, required=2).tolist()
    [80.0, nan, nan]
    """
    cols = list(weights)
    x = scores[cols].to_numpy(dtype=float)
    w = np.array([weights[c] for c in cols], dtype=float)
    ok = ~np.isnan(x)
    wsum = (ok * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = (np.where(ok, x, 0.0) * w).sum(axis=1) / wsum
    enough = (ok.sum(axis=1) >= required) & (wsum > 0)
    return pd.Series(np.where(enough, idx, np.nan), index=scores.index)


def resolve_item_weights(
    spec, by_level: dict[str, list[str]], importance: dict[str, float] | None = None
) -> dict[str, dict[str, float]]:
    """Item weights per level, normalised to sum to 1 within each level.

    ``spec`` is ``"equal"``, ``"importance"`` (needs ``importance``: item → derived
    importance, e.g. relative weights) or a mapping item → weight covering every
    scored item.
    """
    out: dict[str, dict[str, float]] = {}
    if isinstance(spec, dict):
        every = [it for items in by_level.values() for it in items]
        unknown = sorted(set(spec) - set(every))
        missing = [it for it in every if it not in spec]
        if unknown or missing:
            raise StageError(Problem(
                zh=(f"scoring.item_weights 中有未知题目 {unknown}；" if unknown else "")
                + (f"缺少题目 {missing} 的权重。" if missing else ""),
                en=(f"scoring.item_weights names unknown items {unknown}; " if unknown else "")
                + (f"it lacks weights for {missing}." if missing else ""),
                hint_zh="请为每个计分题目给出权重（可为 0），题目名用编码本中的变量名。",
                hint_en="Give a weight (may be 0) for every scored item, named as in the codebook.",
            ))
        raw = {lvl: {it: float(spec[it]) for it in items} for lvl, items in by_level.items()}
    elif spec == "importance":
        if importance is None:
            raise StageError(Problem(
                zh="按重要性赋权需要关键驱动因素分析（总体满意度题）的结果。",
                en="importance weights need the key-driver analysis (an overall satisfaction item).",
                hint_zh="请在编码本中用 role: overall 标出总体满意度题，或改用 item_weights: equal。",
                hint_en="Mark the overall item with role: overall, or use item_weights: equal.",
            ))
        raw = {lvl: {it: max(float(importance.get(it, 0.0)), 0.0) for it in items} for lvl, items in by_level.items()}
    else:
        raw = {lvl: {it: 1.0 for it in items} for lvl, items in by_level.items()}
    for lvl, ws in raw.items():
        total = sum(ws.values())
        if total <= 0:
            raise StageError(Problem(
                zh=f"层级「{lvl}」的题目权重之和为 0。", en=f"the item weights of level {lvl!r} sum to 0.",
                hint_zh="请至少给该层级一个题目正权重。", hint_en="Give at least one item of the level a positive weight.",
            ))
        out[lvl] = {it: w / total for it, w in ws.items()}
    return out


def resolve_level_weights(spec, levels: list[str]) -> dict[str, float]:
    if isinstance(spec, dict):
        unknown = sorted(set(spec) - set(levels))
        missing = [lv for lv in levels if lv not in spec]
        if unknown or missing:
            raise StageError(Problem(
                zh=f"scoring.level_weights 应恰好列出层级 {levels}（未知：{unknown}，缺少：{missing}）。",
                en=f"scoring.level_weights must list exactly the levels {levels} (unknown: {unknown}, missing: {missing}).",
            ))
        raw = {lv: float(spec[lv]) for lv in levels}
    else:
        raw = {lv: 1.0 for lv in levels}
    total = sum(raw.values())
    return {lv: w / total for lv, w in raw.items()}


def respondent_indices(
    scores: pd.DataFrame,
    item_weights: dict[str, dict[str, float]],
    level_weights: dict[str, float],
    min_share: float,
    min_count: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each respondent's level indices and composite index, and the min-items rule applied per index.

    Parameters
    ----------
    scores : pandas.DataFrame
        Respondents × items: item scores, NaN when not answered on the scale.
    item_weights : dict of str to dict of str to float
        Level (住房, 小区（社区）, 街区, 城区（城市）) → item → weight within the level.
    level_weights : dict of str to float
        Level → weight in the composite index (综合); empty: no composite.
    min_share, min_count : float, int
        A level index of k items needs max(⌈min_share·k⌉, min_count) answered items (at most
        k); the composite applies the same rule to the levels.

    Returns
    -------
    indices : pandas.DataFrame
        Respondents × (each level, then ``综合``): the respondent's index, NaN when the rule
        is not met.
    rules : pandas.DataFrame
        One row per index: ``index`` (``index:住房`` …), ``level``, ``items`` (items or levels
        it averages), ``required`` (answered ones needed), ``n_meeting`` (respondents meeting
        the rule), ``n_respondents``, ``share_meeting``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.scoring import respondent_indices
    >>> s = pd.DataFrame({"q1": [100.0, 80.0, None], "q2": [60.0, None, None], "q3": [80.0, 40.0, 20.0]})
    >>> idx, rules = respondent_indices(s, {"住房": {"q1": 0.5, "q2": 0.5}, "街区": {"q3": 1.0}},
    ...                                 {"住房": 0.5, "街区": 0.5}, min_share=0.5, min_count=1)
    >>> idx.round(1).to_dict("list")
    {'住房': [80.0, 80.0, nan], '街区': [80.0, 40.0, 20.0], '综合': [80.0, 60.0, 20.0]}
    >>> rules[["index", "items", "required", "n_meeting"]].to_dict("records")
    [{'index': 'index:住房', 'items': 2, 'required': 1, 'n_meeting': 2}, {'index': 'index:街区', 'items': 1, 'required': 1, 'n_meeting': 3}, {'index': 'index:综合', 'items': 2, 'required': 1, 'n_meeting': 3}]
    """
    cols, rules = {}, []
    for lvl, ws in item_weights.items():
        req = min_required(len(ws), min_share, min_count)
        cols[lvl] = level_index(scores, ws, req)
        rules.append({"index": index_name(lvl), "level": lvl, "items": len(ws), "required": req,
                      "n_meeting": int(cols[lvl].notna().sum())})
    frame = pd.DataFrame(cols, index=scores.index)
    if level_weights:
        req = min_required(len(level_weights), min_share, min_count)
        frame[COMPOSITE] = level_index(frame, level_weights, req)
        rules.append({"index": index_name(COMPOSITE), "level": COMPOSITE, "items": len(level_weights),
                      "required": req, "n_meeting": int(frame[COMPOSITE].notna().sum())})
    # no level in the codebook means no index: an empty table with its columns, not a KeyError
    rules = pd.DataFrame(rules, columns=["index", "level", "items", "required", "n_meeting"])
    rules["n_respondents"] = len(scores)
    rules["share_meeting"] = rules["n_meeting"] / max(len(scores), 1)
    return frame, rules
