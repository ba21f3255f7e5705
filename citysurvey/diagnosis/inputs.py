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
    t = result.tables[table]
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
    """Item scores with their CI from the scoring stage, or None when it did not run."""
    return _pick(result, SCORING_TABLE, SCORING_COLUMNS)


def voice_from_text(result: StageResult | None) -> pd.DataFrame | None:
    """Topic mention shares (base: all residents) with their CI from the text stage, or None."""
    if result is None or TEXT_SHARES_TABLE not in result.tables:
        return None
    t = result.tables[TEXT_SHARES_TABLE]
    if "base" in t.columns:
        t = t[t["base"] == TEXT_BASE]
    if "measure" in t.columns:
        t = t[t["measure"] == "topic"]  # level roll-ups are not topics of the crosswalk
    return _pick(StageResult(result.name, {TEXT_SHARES_TABLE: t}), TEXT_SHARES_TABLE, TEXT_SHARES_COLUMNS)


def quotes_from_text(result: StageResult | None) -> pd.DataFrame | None:
    """Representative (redacted) quotes by topic and area, best first, or None."""
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
