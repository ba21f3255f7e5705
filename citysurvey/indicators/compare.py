"""Comparisons of graded indicators: across districts within a year, and over time.

Both compare the *graded quantity* where districts differ in size (a problem
count as a share of its stock), else the value, in the indicator's direction.

>>> trend_label(0.10, 0.12, higher_better=False, tolerance=0.01)
'improved'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

TREND_ZH = {"improved": "改善", "worsened": "恶化", "unchanged": "持平", "no_previous": "无上年数据"}
VS_CITY_ZH = {"better": "优于全市", "worse": "劣于全市", "same": "与全市持平", "no_city": "无全市数据"}


def comparable(grades: pd.DataFrame) -> pd.DataFrame:
    """Adds `compared` (the number compared) and `higher_better` (its direction)."""
    g = grades.copy()
    g["compared"] = np.where(g["method"] == "rate", g["quantity"], g["value"]).astype(float)
    interval = g["direction"] == "interval"
    if interval.any():
        # distance outside the band: 0 inside, lower is better
        lo = g["standard_low"].fillna(-np.inf)
        hi = g["standard_high"].fillna(np.inf)
        dist = np.maximum(lo - g["value"], 0) + np.maximum(g["value"] - hi, 0)
        g.loc[interval, "compared"] = dist[interval]
    g["higher_better"] = g["direction"] == "higher_better"
    return g


def trend_label(now: float, before: float, *, higher_better: bool, tolerance: float) -> str:
    if before is None or not np.isfinite(before) or not np.isfinite(now):
        return "no_previous"
    scale = max(abs(before), abs(now))
    if scale == 0 or abs(now - before) <= tolerance * scale:
        return "unchanged"
    better = now > before if higher_better else now < before
    return "improved" if better else "worsened"


def compare_areas(grades: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per indicator × area in ``year``: rank among areas of its kind (1 = best) and against 全市.

    Parameters
    ----------
    grades : pandas.DataFrame
        :func:`grade_values`'s output (every year).
    year : int
        The year compared.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``area_type``, ``year``, ``indicator_id``, ``name``, ``method``, ``value``,
        ``compared`` (what is ranked: the value, the problem rate for rate-graded indicators,
        the distance outside the band for interval ones), ``grade``, ``rank`` (among areas of
        the same type, 1 = best in the indicator's direction), ``n_areas``, ``city_compared``,
        ``vs_city`` (better / worse / same within 1% / no_city) and ``vs_city_zh``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import IndicatorsConfig, check_values, compare_areas, grade_values, national_catalog
    >>> values = pd.DataFrame({"area": ["全市", "甲区", "乙区"], "year": [2026] * 3, "indicator_id": ["U02"] * 3,
    ...                        "value": [62.0, 55.0, 70.0], "unit": ["%"] * 3, "stock": [None] * 3})
    >>> grades = grade_values(check_values(values, national_catalog(["MOHURD_2024_4level"]), file=None),
    ...                       IndicatorsConfig())
    >>> print(compare_areas(grades, 2026)[["area", "rank", "n_areas", "vs_city_zh"]].to_string(index=False))
    area  rank  n_areas vs_city_zh
      全市     1        1      与全市持平
      甲区     2        2       劣于全市
      乙区     1        2       优于全市
    """
    g = comparable(grades[grades["year"] == year])
    city = g[g["area_type"] == "city"].set_index("indicator_id")["compared"]
    parts = []
    for (_iid, _kind), grp in g.groupby(["indicator_id", "area_type"], sort=False):
        grp = grp.copy()
        asc = not bool(grp["higher_better"].iloc[0])
        grp["rank"] = grp["compared"].rank(method="min", ascending=asc).astype("Int64")
        grp["n_areas"] = len(grp)
        parts.append(grp)
    out = pd.concat(parts) if parts else g.assign(rank=pd.Series(dtype="Int64"), n_areas=0)
    out["city_compared"] = out["indicator_id"].map(city)
    diff = out["compared"] - out["city_compared"]
    sign = np.where(out["higher_better"], 1.0, -1.0)
    rel = np.abs(diff) / np.maximum(np.abs(out["city_compared"]), 1e-12)
    out["vs_city"] = np.select(
        [out["city_compared"].isna(), rel <= 0.01, diff * sign > 0], ["no_city", "same", "better"], "worse")
    out.loc[out["area_type"] == "city", "vs_city"] = "same"
    out["vs_city_zh"] = out["vs_city"].map(VS_CITY_ZH)
    cols = ["area", "area_type", "year", "indicator_id", "name", "method", "value", "compared", "grade", "rank",
            "n_areas", "city_compared", "vs_city", "vs_city_zh"]
    return out[cols].sort_index().reset_index(drop=True)


def trends(grades: pd.DataFrame, *, tolerance: float) -> pd.DataFrame:
    """Each area × indicator × year against the latest earlier year in the data.

    Parameters
    ----------
    grades : pandas.DataFrame
        :func:`grade_values`'s output over several years.
    tolerance : float
        A relative change up to this (of the larger of the two values) counts as unchanged
        (``indicators.trend_tolerance``).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``area_type``, ``year``, ``indicator_id``, ``name``, ``method``, ``value``,
        ``compared``, ``grade``, ``previous_year``, ``previous_value``, ``previous_compared``,
        ``previous_grade``, ``change`` (compared − previous), ``trend`` (improved / worsened
        / unchanged / no_previous, in the indicator's direction) and ``trend_zh``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import IndicatorsConfig, check_values, grade_values, national_catalog, trends
    >>> values = pd.DataFrame({"area": ["全市"] * 2, "year": [2025, 2026], "indicator_id": ["U02"] * 2,
    ...                        "value": [58.0, 62.0], "unit": ["%"] * 2, "stock": [None] * 2})
    >>> grades = grade_values(check_values(values, national_catalog(["MOHURD_2024_4level"]), file=None),
    ...                       IndicatorsConfig())
    >>> print(trends(grades, tolerance=0.02)[["year", "value", "previous_value", "trend_zh"]].to_string(index=False))
    year  value  previous_value trend_zh
    2025   58.0             NaN    无上年数据
    2026   62.0            58.0       改善
    """
    g = comparable(grades).sort_values(["area", "indicator_id", "year"], kind="stable")
    keys = ["area", "indicator_id"]
    prev = g.groupby(keys, sort=False)[["year", "compared", "grade", "value"]].shift(1)
    g["previous_year"] = prev["year"].astype("Int64")
    g["previous_value"] = prev["value"]
    g["previous_compared"] = prev["compared"]
    g["previous_grade"] = prev["grade"]
    g["change"] = g["compared"] - g["previous_compared"]
    g["trend"] = [trend_label(n, b, higher_better=h, tolerance=tolerance)
                  for n, b, h in zip(g["compared"], g["previous_compared"].astype(float), g["higher_better"])]
    g["trend_zh"] = g["trend"].map(TREND_ZH)
    cols = ["area", "area_type", "year", "indicator_id", "name", "method", "value", "compared", "grade",
            "previous_year", "previous_value", "previous_compared", "previous_grade", "change", "trend", "trend_zh"]
    return g.sort_index()[cols].reset_index(drop=True)
