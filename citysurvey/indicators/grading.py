"""Grading indicator values to 很好/较好/一般/较差/无标准 with 红色/黄色预警, and levels to 优/良/中/差.

One method per indicator, chosen from its direction and standard unless the
study names one (``indicators.rules``):

=========  ===============================================================  ==========================
method     graded quantity                                                  used for
=========  ===============================================================  ==========================
ratio      r = value/standard (higher_better) or standard/value (lower)     rates, per-capita values
rate       value/stock (or value/100 for a % unit)                          problem counts with stock
count      the count itself, against zero and against peers                 problem counts, no stock
interval   distance from [standard_low, standard_high]                      interval indicators
peer       percentile among areas of the same kind in the same year         no standard (opt-in)
none       —                                                                no standard → 无标准
=========  ===============================================================  ==========================

Every row carries the sentence that explains its grade (``rule``).

>>> from citysurvey.indicators.config import IndicatorsConfig
>>> row = dict(method="rate", value=1050, stock=5800, unit="栋", direction="problem_count")
>>> grade_one(row, IndicatorsConfig(), peers=None).grade
'较差'
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import GRADES, LEVEL_GRADES, NO_STANDARD, IndicatorsConfig

METHOD_ZH = {"ratio": "标准比值", "rate": "问题占存量比例", "count": "问题数量", "interval": "区间",
             "peer": "同级百分位", "none": "无标准", "composite": "综合评级", "warning": "预警"}
RATE_METHODS = ("rate", "count")  # problem-count methods: their value is a quantity of problem objects


@dataclass(frozen=True)
class Graded:
    grade: str
    quantity: float  # what was compared with the cut-offs
    attainment: float  # 0–100, NaN when there is no standard to attain
    rule: str  # the sentence that explains the grade


def _num(x: float, digits: int = 4) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "∞" if x is not None and x == np.inf else "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def choose_method(direction: str, standard: float, low: float, high: float, unit: str, stock: float,
                  rule_method: str, no_standard: str) -> str:
    """The grading method of one value (``auto`` picks by direction and standard)."""
    has_std = standard is not None and np.isfinite(standard)
    has_band = (low is not None and np.isfinite(low)) or (high is not None and np.isfinite(high))
    has_stock = stock is not None and np.isfinite(stock) and stock > 0
    if rule_method != "auto":
        if rule_method == "rate" and not (has_stock or unit == "%"):
            return "count"
        if rule_method == "ratio" and not (has_std and standard != 0):
            return "none"
        if rule_method == "interval" and not has_band:
            return "none"
        return rule_method
    if direction == "problem_count" or (direction == "lower_better" and has_std and standard == 0):
        return "rate" if (unit == "%" or has_stock) else "count"
    if direction == "interval":
        return "interval" if has_band else "none"  # percentiles cannot say which side of a band is better
    if has_std and standard != 0:
        return "ratio"
    return "peer" if no_standard == "peer" else "none"


def _rules_for(cfg: IndicatorsConfig, indicator_id: str):
    """The bands in force for one indicator: its own rule's where given, else the study's."""
    rule = cfg.rules.get(indicator_id)

    def pick(name: str):
        own = getattr(rule, name) if rule is not None else None
        return own if own is not None else getattr(cfg, name)

    return pick("ratio"), pick("rate"), pick("count"), pick("interval")


def grade_one(row: Mapping, cfg: IndicatorsConfig, peers: np.ndarray | None) -> Graded:
    """Grade one indicator value: its method's bands, then the peer criteria.

    Parameters
    ----------
    row : mapping
        One row of values joined with the catalog and given a ``method`` (as in
        :func:`grade_values`): ``indicator_id``, ``value``, ``stock``, ``unit``,
        ``direction``, ``standard``, ``standard_low``, ``standard_high``, ``method``.
    cfg : IndicatorsConfig
        The bands in force (``indicators.ratio``, ``rate``, ``count``, ``interval``, per
        indicator ``rules``).
    peers : numpy.ndarray or None
        Values of the same indicator, year and kind of area (itself included); used by the
        peer criterion of 很好 and by indicators without a standard graded by percentile.

    Returns
    -------
    Graded
        ``grade`` (很好 / 较好 / 一般 / 较差, or 无标准), ``quantity`` (what was compared: the
        attainment ratio, the problem rate, the count…), ``attainment`` (0–100, NaN when the
        method has none) and ``rule`` (the sentence stating the comparison, for the report).

    Examples
    --------
    >>> from citysurvey.indicators import IndicatorsConfig, grade_one
    >>> g = grade_one({"indicator_id": "U02", "value": 55.0, "stock": None, "unit": "%", "direction": "higher_better",
    ...                "standard": 60.0, "standard_low": None, "standard_high": None, "method": "ratio"},
    ...               IndicatorsConfig(), None)
    >>> g.grade, round(g.attainment, 2)
    ('一般', 91.67)
    >>> g.rule
    '55 %，标准 ≥ 60，达标比值 0.917，介于 0.8 与 1 之间 → 一般'
    """
    method = row["method"]
    v = float(row["value"])
    ratio_b, rate_b, count_b, interval_b = _rules_for(cfg, row.get("indicator_id", ""))
    n_peers = 0 if peers is None else len(peers)
    if method == "ratio":
        s = float(row["standard"])
        higher = row["direction"] != "lower_better"
        r = v / s if higher else (s / v if v > 0 else np.inf)
        attain = float(min(100.0, 100.0 * r))
        sym = "≥" if higher else "≤"
        base = f"{_num(v)} {row.get('unit', '')}，标准 {sym} {_num(s)}，达标比值 {_num(r, 3)}"
        peer_ok = False
        q = ratio_b.very_good_peer_quantile
        if q is not None and n_peers >= cfg.peer.min_peers:
            cut = np.quantile(peers, q if higher else 1 - q)
            peer_ok = v >= cut if higher else v <= cut
        if r >= ratio_b.very_good:
            return Graded("很好", r, attain, f"{base} ≥ {_num(ratio_b.very_good)} → 很好")
        if r >= ratio_b.good and peer_ok:
            return Graded("很好", r, attain, f"{base}，达标且不劣于同级 P{round(100 * q)} → 很好")
        if r >= ratio_b.good:
            return Graded("较好", r, attain, f"{base} ≥ {_num(ratio_b.good)} → 较好")
        if r >= ratio_b.fair:
            return Graded("一般", r, attain, f"{base}，介于 {_num(ratio_b.fair)} 与 {_num(ratio_b.good)} 之间 → 一般")
        return Graded("较差", r, attain, f"{base} < {_num(ratio_b.fair)} → 较差")
    if method == "rate":
        stock = row.get("stock")
        if row.get("unit") == "%":
            q, base = v / 100.0, f"比例 {_num(v)}%"
        else:
            q = v / float(stock)
            base = f"{_num(v)} {row.get('unit', '')}，占存量 {_num(float(stock))} 的 {_pct(q)}"
        attain = float(max(0.0, 100.0 * (1 - q)))
        if q <= rate_b.very_good:
            return Graded("很好", q, attain, f"{base}，已清零 → 很好" if rate_b.very_good == 0 else
                          f"{base} ≤ {_pct(rate_b.very_good)} → 很好")
        if q <= rate_b.good:
            return Graded("较好", q, attain, f"{base} ≤ {_pct(rate_b.good)} → 较好")
        if q <= rate_b.fair:
            return Graded("一般", q, attain, f"{base}，介于 {_pct(rate_b.good)} 与 {_pct(rate_b.fair)} 之间 → 一般")
        return Graded("较差", q, attain, f"{base} > {_pct(rate_b.fair)} → 较差")
    if method == "count":
        base = f"{_num(v)} {row.get('unit', '')}（目标为 0，无存量数据，按数量评价）"
        attain = 100.0 if v <= count_b.good else np.nan
        if v <= count_b.very_good:
            return Graded("很好", v, 100.0, f"{base} ≤ {_num(count_b.very_good)} → 很好")
        if v <= count_b.good:
            return Graded("较好", v, 100.0, f"{base} ≤ {_num(count_b.good)} → 较好")
        if count_b.fair is not None:
            if v <= count_b.fair:
                return Graded("一般", v, attain, f"{base} ≤ {_num(count_b.fair)} → 一般")
            return Graded("较差", v, attain, f"{base} > {_num(count_b.fair)} → 较差")
        others = _others(peers, v)
        if others is None or len(others) < cfg.peer.min_peers - 1:
            return Graded("一般", v, attain, f"{base}，未清零；无足够同级比较 → 一般")
        med = float(np.median(others))
        limit = count_b.peer_multiple * med
        if v > limit:
            return Graded("较差", v, attain,
                          f"{base}，超过同级其他地区中位数 {_num(med)} 的 {_num(count_b.peer_multiple)} 倍 → 较差")
        return Graded("一般", v, attain,
                      f"{base}，未清零，不超过同级中位数 {_num(med)} 的 {_num(count_b.peer_multiple)} 倍 → 一般")
    if method == "interval":
        lo = row.get("standard_low")
        hi = row.get("standard_high")
        lo = float(lo) if lo is not None and np.isfinite(lo) else -np.inf
        hi = float(hi) if hi is not None and np.isfinite(hi) else np.inf
        band = f"区间 [{_num(lo)}, {_num(hi)}]"
        if lo <= v <= hi:
            if np.isfinite(lo) and np.isfinite(hi):
                mid, half = (lo + hi) / 2, (hi - lo) / 2 * interval_b.core
                if abs(v - mid) <= half:
                    return Graded("很好", 0.0, 100.0, f"{_num(v)} 位于{band}的中部 → 很好")
            return Graded("较好", 0.0, 100.0, f"{_num(v)} 位于{band}内 → 较好")
        bound = lo if v < lo else hi
        d = abs(v - bound) / abs(bound) if bound != 0 else np.inf
        attain = float(max(0.0, 100.0 * (1 - d)))
        if d <= interval_b.tolerance:
            return Graded("一般", d, attain, f"{_num(v)} 超出{band}，偏离 {_pct(d)} ≤ {_pct(interval_b.tolerance)} → 一般")
        return Graded("较差", d, attain, f"{_num(v)} 超出{band}，偏离 {_pct(d)} > {_pct(interval_b.tolerance)} → 较差")
    if method == "peer":
        if n_peers < cfg.peer.min_peers:
            return Graded(NO_STANDARD, v, np.nan, f"无标准值，且同级地区少于 {cfg.peer.min_peers} 个 → 无标准")
        higher = row["direction"] == "higher_better"
        if row["direction"] not in ("higher_better", "lower_better", "problem_count"):
            return Graded(NO_STANDARD, v, np.nan, "区间指标无标准区间 → 无标准")
        p = cfg.peer
        for grade, q in (("很好", p.very_good), ("较好", p.good), ("一般", p.fair)):
            cut = float(np.quantile(peers, q if higher else 1 - q))
            if (v >= cut) if higher else (v <= cut):
                side = "不低于" if higher else "不高于"
                return Graded(grade, v, np.nan, f"无标准值；{_num(v)} {side}同级 P{round(100 * (q if higher else 1 - q))} {_num(cut)} → {grade}")
        return Graded("较差", v, np.nan, f"无标准值；{_num(v)} 劣于同级 P{round(100 * (p.fair if higher else 1 - p.fair))} → 较差")
    return Graded(NO_STANDARD, v, np.nan, "无标准值 → 无标准（仅作比较和趋势分析）")


def _others(peers: np.ndarray | None, v: float) -> np.ndarray | None:
    if peers is None:
        return None
    out = list(peers)
    if v in out:
        out.remove(v)  # the median of the *other* areas: one outlier should not hide itself
    return np.asarray(out, dtype=float)


def grade_values(values: pd.DataFrame, cfg: IndicatorsConfig, city_peers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Grade every row of indicator values joined with the catalog.

    Parameters
    ----------
    values : pandas.DataFrame
        :func:`check_values`'s output with ``area_type`` (``city`` / ``district``; derived from
        ``area == "全市"`` when absent): ``area, year, indicator_id, value, stock`` and the
        catalog columns.
    cfg : IndicatorsConfig
        Methods, bands, warnings and grade points.
    city_peers : pandas.DataFrame, optional
        ``year, indicator_id, value`` of the other cities of a peer group
        (:func:`citysurvey.indicators.peers.load_peer_group`): the whole-city rows are then
        peers of those cities, as districts are peers of districts; without it the city has none.

    Returns
    -------
    pandas.DataFrame
        One row per value: ``area``, ``area_type``, ``year``, ``indicator_id``, ``name``,
        ``level``, ``element``, ``unit``, ``direction``, ``value``, ``stock``, ``rate``
        (count / stock for rate-graded indicators), ``standard``, ``standard_low``,
        ``standard_high``, ``standard_source``, ``method`` (ratio / rate / count / interval /
        peer / none), ``quantity`` (what was compared), ``attainment`` (0–100),
        ``grade``, ``grade_points`` (for the composites), ``warning`` (红色预警 / 黄色预警 /
        正常), ``rule`` (the comparison in words), ``weight``, ``safety_related``,
        ``responsible_department``, ``action``, ``membership``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import IndicatorsConfig, check_values, grade_values, national_catalog
    >>> values = pd.DataFrame({"area": ["全市", "甲区", "乙区"], "year": [2026] * 3, "indicator_id": ["U02"] * 3,
    ...                        "value": [62.0, 55.0, 70.0], "unit": ["%"] * 3, "stock": [None] * 3})
    >>> joined = check_values(values, national_catalog(["MOHURD_2024_4level"]), file=None)
    >>> print(grade_values(joined, IndicatorsConfig())[["area", "method", "attainment", "grade", "warning"]]
    ...       .round(1).to_string(index=False))
    area method  attainment grade warning
      全市  ratio       100.0    较好      正常
      甲区  ratio        91.7    一般    黄色预警
      乙区  ratio       100.0    很好      正常
    """
    df = values.copy().reset_index(drop=True)
    if "area_type" not in df.columns:
        df["area_type"] = np.where(df["area"] == "全市", "city", "district")
    df["method"] = [
        choose_method(r.direction, r.standard, r.standard_low, r.standard_high, r.unit, r.stock,
                      cfg.rules[r.indicator_id].method if r.indicator_id in cfg.rules else "auto", cfg.no_standard)
        for r in df.itertuples()
    ]
    pool = df[df["area_type"] != "city"][["year", "indicator_id", "area_type", "value"]]
    if city_peers is not None and len(city_peers):
        own = df[df["area_type"] == "city"][["year", "indicator_id", "area_type", "value"]]
        others = city_peers.assign(area_type="city")[["year", "indicator_id", "area_type", "value"]]
        others = others.merge(own[["year", "indicator_id"]].drop_duplicates(), on=["year", "indicator_id"])
        pool = pd.concat([pool, own, others], ignore_index=True)
    peer_values: dict[tuple, np.ndarray] = {
        key: g["value"].to_numpy(dtype=float)
        for key, g in pool.groupby(["year", "indicator_id", "area_type"], sort=False)
    }
    graded = [grade_one(r, cfg, peer_values.get((r["year"], r["indicator_id"], r["area_type"])))
              for r in df.to_dict("records")]
    df["quantity"] = [g.quantity for g in graded]
    df["attainment"] = [g.attainment for g in graded]
    df["grade"] = [g.grade for g in graded]
    df["rule"] = [g.rule for g in graded]
    df["grade_points"] = df["grade"].map(cfg.composite.grade_points).astype(float)
    df["warning"] = df["grade"].map(cfg.warnings)
    df["rate"] = np.where(df["method"] == "rate", df["quantity"], np.nan)
    cols = ["area", "area_type", "year", "indicator_id", "name", "level", "element", "unit", "direction", "value",
            "stock", "rate", "standard", "standard_low", "standard_high", "standard_source", "method", "quantity",
            "attainment", "grade", "grade_points", "warning", "rule", "weight", "safety_related",
            "responsible_department", "action", "membership"]
    return df[cols]


def composite_grades(grades: pd.DataFrame, cfg: IndicatorsConfig) -> pd.DataFrame:
    """Weighted composites per area × year × level, per element, and 总体 (mean of the levels).

    Indicators graded 无标准 are left out (their count is reported); with
    ``basis: attainment`` an indicator without an attainment score uses its grade points.

    Parameters
    ----------
    grades : pandas.DataFrame
        :func:`grade_values`'s output.
    cfg : IndicatorsConfig
        ``composite``: the basis (grade points or attainment), the grade points, the cut-offs
        of 优 / 良 / 中 / 差.

    Returns
    -------
    pandas.DataFrame
        One row per area × year × scope: ``area``, ``year``, ``scope`` (``level``,
        ``element`` or ``overall``), ``level`` (总体 for overall), ``element``,
        ``n_indicators``, ``n_graded`` (with a standard), ``composite`` (0–100, the
        catalog-weighted mean), ``grade`` (优 / 良 / 中 / 差, 无标准 when nothing was graded).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import (IndicatorsConfig, check_values, composite_grades, grade_values,
    ...                                    national_catalog)
    >>> values = pd.DataFrame({"area": ["全市", "甲区", "全市", "甲区"], "year": [2026] * 4,
    ...                        "indicator_id": ["H02", "H02", "U02", "U02"], "value": [12.0, 10.0, 62.0, 55.0],
    ...                        "unit": ["栋", "栋", "%", "%"], "stock": [4000.0, 2500.0, None, None]})
    >>> cfg = IndicatorsConfig()
    >>> grades = grade_values(check_values(values, national_catalog(["MOHURD_2024_4level"]), file=None), cfg)
    >>> print(composite_grades(grades, cfg).query("scope == 'overall'")[["area", "n_graded", "composite", "grade"]]
    ...       .to_string(index=False))
    area  n_graded  composite grade
      全市         2       80.0     良
      甲区         2       70.0     中
    """
    c = cfg.composite
    g = grades[grades["grade"] != NO_STANDARD].copy()
    g["score"] = g["grade_points"] if c.basis == "grade_points" else g["attainment"].fillna(g["grade_points"])
    g["wscore"] = g["score"] * g["weight"]
    parts = []
    for scope, keys in (("level", ["level"]), ("element", ["level", "element"])):
        base = grades.groupby(["area", "year", *keys], sort=False, dropna=False).size().rename("n_indicators")
        agg = g.groupby(["area", "year", *keys], sort=False, dropna=False).agg(
            n_graded=("score", "size"), wsum=("wscore", "sum"), w=("weight", "sum"))
        t = base.to_frame().join(agg, how="left").reset_index()
        t["n_graded"] = t["n_graded"].fillna(0).astype(int)
        t["composite"] = np.where(t["w"] > 0, t["wsum"] / t["w"].where(t["w"] > 0), np.nan)
        t["scope"] = scope
        if scope == "level":
            t["element"] = ""
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out = out[~((out["scope"] == "element") & (out["element"].fillna("") == ""))]
    lv = out[out["scope"] == "level"]
    overall = lv.groupby(["area", "year"], sort=False).agg(
        n_indicators=("n_indicators", "sum"), n_graded=("n_graded", "sum"),
        composite=("composite", "mean")).reset_index()  # the four levels count equally, as in §2.5
    overall["scope"], overall["level"], overall["element"] = "overall", "总体", ""
    out = pd.concat([out, overall], ignore_index=True)
    out["grade"] = [level_grade(x, cfg) for x in out["composite"]]
    return out[["area", "year", "scope", "level", "element", "n_indicators", "n_graded", "composite", "grade"]]


def level_grade(score: float, cfg: IndicatorsConfig) -> str:
    c = cfg.composite
    if score is None or not np.isfinite(score):
        return NO_STANDARD
    for grade, cut in zip(LEVEL_GRADES, (c.excellent, c.good, c.fair)):
        if score >= cut:
            return grade
    return LEVEL_GRADES[-1]


def grading_rules(cfg: IndicatorsConfig) -> pd.DataFrame:
    """Every cut-off in force, one row per outcome, for the report's method appendix.

    Parameters
    ----------
    cfg : IndicatorsConfig
        The bands of every method, per-indicator rules, the composite cut-offs, the warnings.

    Returns
    -------
    pandas.DataFrame
        ``scope`` (全部指标 or an indicator), ``method``, ``method_zh``, ``outcome`` (a grade,
        a level grade or a warning), ``condition`` (in words), ``threshold``, ``source`` (the
        default and where to change it, or study.yaml).

    Examples
    --------
    >>> from citysurvey.indicators import IndicatorsConfig, grading_rules
    >>> rules = grading_rules(IndicatorsConfig())
    >>> rules.query("method == 'ratio'")[["outcome", "condition"]].head(2).to_dict("records")
    [{'outcome': '很好', 'condition': '达标比值 r ≥ 1.1，或达标且不劣于同级 P75'}, {'outcome': '较好', 'condition': 'r ≥ 1（达到标准）'}]
    """
    rows: list[tuple] = []

    def bands(scope: str, ratio, rate, count, interval, src: str) -> None:
        if ratio is not None:
            q = ratio.very_good_peer_quantile
            peer = f"，或达标且不劣于同级 P{round(100 * q)}" if q is not None else ""
            rows.extend([
                (scope, "ratio", "很好", f"达标比值 r ≥ {_num(ratio.very_good)}{peer}", ratio.very_good, src),
                (scope, "ratio", "较好", f"r ≥ {_num(ratio.good)}（达到标准）", ratio.good, src),
                (scope, "ratio", "一般", f"{_num(ratio.fair)} ≤ r < {_num(ratio.good)}", ratio.fair, src),
                (scope, "ratio", "较差", f"r < {_num(ratio.fair)}（逆向指标即超过标准的 {_num(1 / ratio.fair)} 倍）",
                 ratio.fair, src),
            ])
        if rate is not None:
            rows.extend([
                (scope, "rate", "很好", f"问题占存量 ≤ {_pct(rate.very_good)}", rate.very_good, src),
                (scope, "rate", "较好", f"≤ {_pct(rate.good)}", rate.good, src),
                (scope, "rate", "一般", f"{_pct(rate.good)}–{_pct(rate.fair)}", rate.fair, src),
                (scope, "rate", "较差", f"> {_pct(rate.fair)}", rate.fair, src),
            ])
        if count is not None:
            fair = (f"数量 ≤ {_num(count.fair)}" if count.fair is not None
                    else f"未清零且不超过同级其他地区中位数的 {_num(count.peer_multiple)} 倍")
            poor = (f"数量 > {_num(count.fair)}" if count.fair is not None
                    else f"超过同级其他地区中位数的 {_num(count.peer_multiple)} 倍")
            rows.extend([
                (scope, "count", "很好", f"数量 ≤ {_num(count.very_good)}", count.very_good, src),
                (scope, "count", "较好", f"数量 ≤ {_num(count.good)}", count.good, src),
                (scope, "count", "一般", fair, count.fair if count.fair is not None else count.peer_multiple, src),
                (scope, "count", "较差", poor, count.fair if count.fair is not None else count.peer_multiple, src),
            ])
        if interval is not None:
            rows.extend([
                (scope, "interval", "很好", f"位于标准区间中部 {_pct(interval.core)}", interval.core, src),
                (scope, "interval", "较好", "位于标准区间内", np.nan, src),
                (scope, "interval", "一般", f"超出区间，偏离近端界限 ≤ {_pct(interval.tolerance)}", interval.tolerance, src),
                (scope, "interval", "较差", f"偏离 > {_pct(interval.tolerance)}", interval.tolerance, src),
            ])

    default_src = "默认值（EST，可在 study.yaml 的 indicators 中修改）"
    bands("全部指标", cfg.ratio, cfg.rate, cfg.count, cfg.interval, default_src)
    p = cfg.peer
    rows.extend([
        ("全部指标", "peer", "很好", f"不劣于同级 P{round(100 * p.very_good)}", p.very_good, default_src),
        ("全部指标", "peer", "较好", f"不劣于同级 P{round(100 * p.good)}", p.good, default_src),
        ("全部指标", "peer", "一般", f"不劣于同级 P{round(100 * p.fair)}", p.fair, default_src),
        ("全部指标", "peer", "较差", f"劣于同级 P{round(100 * p.fair)}", p.fair, default_src),
        ("全部指标", "peer", NO_STANDARD, f"同级地区少于 {p.min_peers} 个", p.min_peers, default_src),
        ("全部指标", "none", NO_STANDARD,
         "无标准值，不评价" if cfg.no_standard == "none" else "无标准值时按同级百分位评价", np.nan, default_src),
    ])
    for iid, rule in sorted(cfg.rules.items()):
        src = "本研究设定（study.yaml indicators.rules）"
        if rule.method != "auto":
            rows.append((iid, rule.method, "—", f"评价方法：{METHOD_ZH.get(rule.method, rule.method)}", np.nan, src))
        bands(iid, rule.ratio, rule.rate, rule.count, rule.interval, src)
    for grade in (*GRADES, NO_STANDARD):
        rows.append(("全部指标", "warning", cfg.warnings[grade], f"评价为{grade}", np.nan, default_src))
    c = cfg.composite
    pts = "、".join(f"{g} {_num(c.grade_points[g])}" for g in GRADES)
    basis = f"指标得分（{pts}）" if c.basis == "grade_points" else "达标得分（0–100）"
    rows.extend([
        ("层级", "composite", "优", f"按权重平均的{basis} ≥ {_num(c.excellent)}", c.excellent, default_src),
        ("层级", "composite", "良", f"{_num(c.good)}–{_num(c.excellent)}", c.good, default_src),
        ("层级", "composite", "中", f"{_num(c.fair)}–{_num(c.good)}", c.fair, default_src),
        ("层级", "composite", "差", f"< {_num(c.fair)}", c.fair, default_src),
    ])
    out = pd.DataFrame(rows, columns=["scope", "method", "outcome", "condition", "threshold", "source"])
    out.insert(2, "method_zh", out["method"].map({**METHOD_ZH, "warning": "预警", "composite": "层级综合评价"}))
    return out
