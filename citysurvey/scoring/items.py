"""Item answers → scores, satisfied / dissatisfied indicators and special-answer counts.

Validated Likert items hold scale positions 1 … k, negative codes for special
answers (−1 = the scale's first special code, e.g. 不了解/不适用) and ``<NA>`` when
not answered. Special answers and anything off the scale are *not* valid
answers: they leave the item's denominator (a domain, not a zero) and are
counted instead, as awareness/applicability rates.

>>> s = item_scores(pd.Series([5, 4, -1, pd.NA], dtype="Int8"), k=5, scores=[20, 40, 60, 80, 100])
>>> s.tolist()
[100.0, 80.0, nan, nan]
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import Problem, StageError
from .config import ScoringConfig, scheme_scores

#: answer status of one cell
VALID, SPECIAL, NOT_ANSWERED, OUT_OF_RANGE = "valid", "special", "not_answered", "out_of_range"
VALID_LABEL_ZH = "有效回答（知晓/适用）"


def positions(x: pd.Series, k: int) -> np.ndarray:
    """Scale positions as float; NaN unless 1 … k."""
    v = pd.to_numeric(x, errors="coerce").astype(float).to_numpy(dtype=float, na_value=np.nan)
    return np.where((v >= 1) & (v <= k) & (v == np.floor(v)), v, np.nan)


def item_scores(x: pd.Series, k: int, scores: list[float]) -> np.ndarray:
    """Score of each answer on a scheme; NaN for a special, blank or off-scale answer.

    Parameters
    ----------
    x : pandas.Series
        Validated answers of one Likert item: scale positions 1 … k, negative numbers for
        special answers (不了解/不适用), blanks.
    k : int
        Number of points of the item's scale.
    scores : list of float
        Score of each position, least satisfied first (:func:`scheme_scores`).

    Returns
    -------
    numpy.ndarray
        float, one per answer: the position's score, or NaN when the answer is not a position
        1 … k (special, blank, out of range, not a whole number).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.scoring import item_scores, scheme_scores
    >>> item_scores(pd.Series([5, 3, -1, None]), 5, scheme_scores("step", 5)).tolist()
    [100.0, 60.0, nan, nan]
    """
    p = positions(x, k)
    table = np.asarray(scores, dtype=float)
    return np.where(np.isnan(p), np.nan, table[np.nan_to_num(p, nan=1).astype(int) - 1])


def box(x: pd.Series, k: int, *, top: int | None = None, bottom: int | None = None) -> np.ndarray:
    """1 if the answer is in the top (or bottom) boxes, 0 if another valid answer, NaN otherwise."""
    p = positions(x, k)
    hit = p > k - top if top is not None else p <= bottom
    return np.where(np.isnan(p), np.nan, hit.astype(float))


_STATUSES = np.array([OUT_OF_RANGE, NOT_ANSWERED, VALID, SPECIAL], dtype=object)
_OUT, _NOT_ANSWERED, _VALID, _SPECIAL = range(4)  # codes of answer_status_codes, indexing _STATUSES


def answer_status_codes(x: pd.Series, k: int, n_special: int) -> np.ndarray:
    """:func:`answer_status` as int8 codes (counting codes is far cheaper than comparing strings)."""
    v = pd.to_numeric(x, errors="coerce").astype(float).to_numpy(dtype=float, na_value=np.nan)
    out = np.zeros(len(v), dtype=np.int8)
    out[np.isnan(v)] = _NOT_ANSWERED
    whole = v == np.floor(v)
    out[(v >= 1) & (v <= k) & whole] = _VALID  # a position 1 … k, as positions()
    out[(v < 0) & (v >= -n_special) & whole] = _SPECIAL
    return out


def answer_status(x: pd.Series, k: int, n_special: int) -> np.ndarray:
    """Per cell: valid / special / not_answered / out_of_range (object array)."""
    return _STATUSES[answer_status_codes(x, k, n_special)]


def special_codes(x: pd.Series, n_special: int) -> np.ndarray:
    """Which special answer (1 = first) each cell holds; 0 otherwise."""
    v = pd.to_numeric(x, errors="coerce").astype(float).to_numpy(dtype=float, na_value=np.nan)
    ok = (v < 0) & (v >= -n_special) & (v == np.floor(v))
    return np.where(ok, -np.nan_to_num(v), 0).astype(int)


def scored_items(codebook: Codebook, overall_item: str | None = None) -> tuple[dict[str, list[str]], str | None]:
    """Items by level (the four levels, questionnaire order) and the overall item.

    Items at level 总体 are reported as items but belong to no level index.
    """
    overall = overall_item or next(iter(codebook.names(type="likert", role="overall")), None)
    if overall is not None and overall not in codebook.items:
        raise StageError(Problem(
            zh=f"总体满意度题「{overall}」不是编码本中的满意度题。",
            en=f"the overall item {overall!r} is not a Likert item of the codebook.",
            column=overall, hint_zh="请检查 scoring.overall_item。", hint_en="Check scoring.overall_item.",
        ))
    by_level: dict[str, list[str]] = {}
    for level, names in codebook.items_by_level().items():
        names = [n for n in names if n != overall]
        if names:
            by_level[level] = names
    return by_level, overall


def scale_of(codebook: Codebook, item: str, cfg: ScoringConfig) -> tuple[int, list[float], list[str]]:
    """Number of points, scores by position and the special-answer labels of an item's scale."""
    scale = codebook.scales[codebook.variables[item].scale]
    k = scale.n_points
    scores = scheme_scores(cfg.scheme, k)
    if len(scores) != k:
        raise StageError(Problem(
            zh=f"评分方案有 {len(scores)} 个分值，但题目「{item}」的量表有 {k} 个选项。",
            en=f"the scoring scheme has {len(scores)} scores but item {item!r} has a {k}-point scale.",
            column=item, hint_zh="请让 scoring.scheme 的分值个数与量表一致，或使用 step / linear。",
            hint_en="Give one score per scale point in scoring.scheme, or use step / linear.",
        ))
    top, bottom = cfg.boxes(k)
    if top + bottom > k:
        raise StageError(Problem(
            zh=f"满意（前 {top} 档）与不满意（后 {bottom} 档）在 {k} 点量表上重叠。",
            en=f"top {top} and bottom {bottom} boxes overlap on a {k}-point scale.",
            column=item, hint_zh=f"请减少 scoring.top_boxes / bottom_boxes，或为 {k} 点量表单独设置（如 {{{k}: {k // 2}}}）。",
            hint_en=f"Lower scoring.top_boxes / bottom_boxes, or set them for {k}-point scales alone ({{{k}: {k // 2}}}).",
        ))
    return k, scores, list(scale.special.values())


def item_frames(data: pd.DataFrame, codebook: Codebook, items: list[str], cfg: ScoringConfig) -> dict[str, pd.DataFrame]:
    """``score``, ``satisfied``, ``dissatisfied`` (respondents × items, NaN unless valid)."""
    out: dict[str, dict[str, np.ndarray]] = {"score": {}, "satisfied": {}, "dissatisfied": {}}
    for it in items:
        k, scores, _ = scale_of(codebook, it, cfg)
        x = data[it]
        out["score"][it] = item_scores(x, k, scores)
        top, bottom = cfg.boxes(k)
        out["satisfied"][it] = box(x, k, top=top)
        out["dissatisfied"][it] = box(x, k, bottom=bottom)
    return {m: pd.DataFrame(v, index=data.index) for m, v in out.items()}


def answer_counts(data: pd.DataFrame, codebook: Codebook, items: list[str], cfg: ScoringConfig) -> pd.DataFrame:
    """Unweighted counts per item: respondents, not answered, out of range, each special answer, valid."""
    rows = []
    for it in items:
        k, _, specials = scale_of(codebook, it, cfg)
        status = np.bincount(answer_status_codes(data[it], k, len(specials)), minlength=4)
        codes = np.bincount(special_codes(data[it], len(specials)), minlength=len(specials) + 1)
        var = codebook.variables[it]
        row = {"item": it, "label": var.label, "level": var.level or "总体", "n_respondents": len(data),
               "n_not_answered": int(status[_NOT_ANSWERED]), "n_out_of_range": int(status[_OUT]),
               "n_special": int(status[_SPECIAL]), "n_valid": int(status[_VALID])}
        for j, lab in enumerate(specials, start=1):
            row[f"n_special_{j}"] = int(codes[j])
        row["special_labels"] = "；".join(specials)
        rows.append(row)
    return pd.DataFrame(rows)


def awareness_frames(data: pd.DataFrame, codebook: Codebook, items: list[str], cfg: ScoringConfig) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """0/1 columns for the awareness table and what each holds: (column, item, answer).

    Denominator: respondents who answered the item at all (valid or special);
    blanks and off-scale values are outside it.
    """
    cols: dict[str, np.ndarray] = {}
    meta: list[tuple[str, str, str]] = []
    for it in items:
        k, _, specials = scale_of(codebook, it, cfg)
        status = answer_status_codes(data[it], k, len(specials))
        answered = (status == _VALID) | (status == _SPECIAL)
        name = f"__aw_{it}_valid"
        cols[name] = np.where(answered, (status == _VALID).astype(float), np.nan)
        meta.append((name, it, VALID_LABEL_ZH))
        codes = special_codes(data[it], len(specials))
        for j, lab in enumerate(specials, start=1):
            name = f"__aw_{it}_special{j}"
            cols[name] = np.where(answered, (codes == j).astype(float), np.nan)
            meta.append((name, it, lab))
    return pd.DataFrame(cols, index=data.index), meta


def min_required(k: int, min_share: float, min_count: int) -> int:
    """Answered items a respondent needs for a level of ``k`` items: ⌈share·k⌉, at least min_count, at most k."""
    return min(k, max(min_count, math.ceil(min_share * k - 1e-9)))
