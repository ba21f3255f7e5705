"""Adapters from other stages' tables to the three inputs of the diagnosis.

Each adapter is one small function over one table, so a renamed column upstream
is a one-line change here. What the diagnosis needs:

* scores: ``item, area, score, ci_low, ci_high`` (0–100, 全市 and districts)
* voice:  ``topic, area, share, ci_low, ci_high`` (share of residents raising the topic, 0–1)
* quotes: ``topic, area, quote`` (already redacted by the text stage)
* streets: ``area_var, area, district, item, measure, estimate, se, ci_low, ci_high, n, n_eff,
  published, published_zh`` (the small-area stage's published estimates)
"""
from __future__ import annotations

import pandas as pd

from ..privacy import published_rows
from ..errors import Problem, StageError
from ..stage import StageResult

#: scoring stage: ``item_district`` (documented as stable for this reader in citysurvey/scoring/stage.py)
SCORING_TABLE = "item_district"
SCORING_COLUMNS = {"item": "item", "district": "area", "score": "score", "score_ci_low": "ci_low",
                   "score_ci_high": "ci_high", "n": "n"}

#: text stage (citysurvey/text/stage.py): ``topic_shares`` one row per area × topic or level × base,
#: and ``quotes`` ranked per area × topic
TEXT_SHARES_TABLE = "topic_shares"
TEXT_SHARES_COLUMNS = {"topic": "topic", "district": "area", "estimate": "share", "ci_low": "ci_low", "ci_high": "ci_high"}
TEXT_BASE = "all"  # share of all residents, not only of those who wrote a suggestion
TEXT_QUOTES_TABLE = "quotes"
TEXT_QUOTES_COLUMNS = {"topic": "topic", "district": "area", "quote": "quote"}

#: small-area stage (citysurvey/smallarea/stage.py): ``street_table``, the published columns only,
#: so the diagnosis sees what the publication rule let out and never the model's internals
SMALLAREA_TABLE = "street_table"
SMALLAREA_COLUMNS = {c: c for c in ("area_var", "area", "district", "item", "measure", "estimate", "se", "ci_low",
                                    "ci_high", "n", "n_eff", "published", "published_zh")}


def _pick(result: StageResult | None, table: str, columns: dict[str, str]) -> pd.DataFrame | None:
    if result is None or table not in result.tables:
        return None
    t = published_rows(result.tables[table])  # a domain too small to publish is not diagnosed (privacy.py)
    missing = [c for c in columns if c not in t.columns]
    if missing:  # the stage ran but its table changed shape: say so rather than diagnose without it
        raise StageError(Problem(
            zh=f"{result.name} 环节的结果表 {table} 缺少诊断需要的列：{'、'.join(missing)}。",
            en=f"the {result.name} stage's table {table} lacks columns the diagnosis needs: {', '.join(missing)}.",
            hint_zh="请在 citysurvey/diagnosis/inputs.py 中更新列名对应。",
            hint_en="Update the column mapping in citysurvey/diagnosis/inputs.py.",
        ))
    return t[list(columns)].rename(columns=columns).reset_index(drop=True)


def scores_from_scoring(result: StageResult | None) -> pd.DataFrame | None:
    """Item scores with their interval from the scoring stage's ``item_district`` table.

    Parameters
    ----------
    result : StageResult or None
        The scoring stage's result; None when it did not run.

    Returns
    -------
    pandas.DataFrame or None
        ``item``, ``area`` (全市 and districts), ``score``, ``ci_low``, ``ci_high``, ``n``;
        None without the stage.

    Raises
    ------
    StageError
        The table lacks a column the diagnosis reads (the mapping to update is named).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.stage import StageResult
    >>> from citysurvey.diagnosis import scores_from_scoring
    >>> t = pd.DataFrame({"item": ["q1"], "district": ["全市"], "score": [78.0], "score_ci_low": [76.0],
    ...                   "score_ci_high": [80.0], "n": [1200]})
    >>> scores_from_scoring(StageResult("scoring", tables={"item_district": t})).to_dict("records")
    [{'item': 'q1', 'area': '全市', 'score': 78.0, 'ci_low': 76.0, 'ci_high': 80.0, 'n': 1200}]
    >>> scores_from_scoring(None) is None
    True
    """
    return _pick(result, SCORING_TABLE, SCORING_COLUMNS)


def voice_from_text(result: StageResult | None) -> pd.DataFrame | None:
    """Topic mention shares (base: all residents) with their interval from the text stage.

    Parameters
    ----------
    result : StageResult or None
        The text stage's result; None when it did not run.

    Returns
    -------
    pandas.DataFrame or None
        ``topic``, ``area``, ``share`` (0–1), ``ci_low``, ``ci_high``: the rows of
        ``topic_shares`` whose base is all residents (level roll-ups left out); None without
        the stage.

    Raises
    ------
    StageError
        The table lacks a column the diagnosis reads.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.stage import StageResult
    >>> from citysurvey.diagnosis import voice_from_text
    >>> t = pd.DataFrame({"topic": ["D_WASTE", "D_WASTE"], "district": ["全市", "全市"], "base": ["all", "informative"],
    ...                   "estimate": [0.08, 0.2], "ci_low": [0.07, 0.18], "ci_high": [0.09, 0.22]})
    >>> voice_from_text(StageResult("text", tables={"topic_shares": t})).to_dict("records")
    [{'topic': 'D_WASTE', 'area': '全市', 'share': 0.08, 'ci_low': 0.07, 'ci_high': 0.09}]
    """
    if result is None or TEXT_SHARES_TABLE not in result.tables:
        return None
    t = result.tables[TEXT_SHARES_TABLE]
    if "base" in t.columns:
        t = t[t["base"] == TEXT_BASE]
    if "measure" in t.columns:
        t = t[t["measure"] == "topic"]  # level roll-ups are not topics of the crosswalk
    return _pick(StageResult(result.name, {TEXT_SHARES_TABLE: t}), TEXT_SHARES_TABLE, TEXT_SHARES_COLUMNS)


def quotes_from_text(result: StageResult | None) -> pd.DataFrame | None:
    """Representative (redacted) quotes by topic and area, best first, from the text stage.

    Parameters
    ----------
    result : StageResult or None
        The text stage's result; None when it did not run.

    Returns
    -------
    pandas.DataFrame or None
        ``topic``, ``area``, ``quote``, ordered by the text stage's ``rank``; None without
        the stage or its ``quotes`` table.

    Raises
    ------
    StageError
        The table lacks a column the diagnosis reads.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.stage import StageResult
    >>> from citysurvey.diagnosis import quotes_from_text
    >>> t = pd.DataFrame({"topic": ["D_WASTE"] * 2, "district": ["甲区"] * 2, "quote": ["垃圾没人清", "分类箱太少"],
    ...                   "rank": [2, 1]})
    >>> quotes_from_text(StageResult("text", tables={"quotes": t}))["quote"].tolist()
    ['分类箱太少', '垃圾没人清']
    """
    if result is None or TEXT_QUOTES_TABLE not in result.tables:
        return None
    t = result.tables[TEXT_QUOTES_TABLE]
    if "rank" in t.columns:
        t = t.sort_values("rank", kind="stable")
    return _pick(StageResult(result.name, {TEXT_QUOTES_TABLE: t}), TEXT_QUOTES_TABLE, TEXT_QUOTES_COLUMNS)


def streets_from_smallarea(result: StageResult | None, area_vars: list[str]) -> pd.DataFrame | None:
    """Published street estimates of the area variables `area_vars` (the codebook's streets), or None."""
    if result is None or SMALLAREA_TABLE not in result.tables or result.tables[SMALLAREA_TABLE].empty:
        return None
    t = _pick(result, SMALLAREA_TABLE, SMALLAREA_COLUMNS)
    t = t[t["area_var"].isin(area_vars)].reset_index(drop=True)
    return t if len(t) else None
