"""Every grading rule and direction at its cut-offs; warnings; level composites; the rules table; comparisons."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.indicators import (
    IndicatorsConfig, check_values, compare_areas, composite_grades, grade_values, grading_rules, national_catalog,
    trends,
)
from citysurvey.indicators.compare import trend_label
from citysurvey.indicators.config import CountBands, IndicatorRule, RateBands

CATALOG = national_catalog()  # both systems: X04 (interval) lives in the 2021 one


def grade(rows, cfg=None, catalog=CATALOG):
    """rows: (area, indicator_id, value[, stock[, year]]) → graded frame."""
    recs = []
    for r in rows:
        area, iid, value, stock, year = (*r, *(None,) * (5 - len(r)))[:5]
        recs.append({"area": area, "year": year or 2026, "indicator_id": iid, "value": float(value), "unit": "",
                     "stock": np.nan if stock is None else float(stock)})
    values = pd.DataFrame(recs)
    checked = check_values(values, catalog, file="t.csv")
    return grade_values(checked, cfg or IndicatorsConfig())


def one(iid, value, stock=None, cfg=None, area="甲区"):
    g = grade([(area, iid, value, stock)], cfg)
    return g.iloc[0]


# -- ratio: higher_better (B04 ≥ 90) and lower_better (U14 ≤ 45) ------------------------------------

@pytest.mark.parametrize("value,expected", [
    (99.0, "很好"),       # r = 1.1 exactly
    (98.9, "较好"),
    (90.0, "较好"),       # r = 1.0: meets the standard
    (89.9, "一般"),
    (72.0, "一般"),       # r = 0.8 exactly
    (71.9, "较差"),
])
def test_ratio_higher_better_bands(value, expected):
    r = one("B04", value)
    assert r["method"] == "ratio" and r["grade"] == expected
    assert r["rule"].endswith(expected)


@pytest.mark.parametrize("value,expected", [
    (0.0, "很好"),              # nothing at all: r = ∞
    (45 / 1.1, "很好"),         # r = 1.1
    (45.0, "较好"),
    (45.1, "一般"),
    (56.25, "一般"),            # 1.25 × S: r = 0.8
    (56.3, "较差"),
])
def test_ratio_lower_better_mirrors(value, expected):
    assert one("U14", value)["grade"] == expected


def test_ratio_very_good_by_peer_percentile_only_when_the_standard_is_met():
    g = grade([("甲区", "B04", 95), ("乙区", "B04", 91), ("丙区", "B04", 85), ("丁区", "B04", 80)]).set_index("area")
    assert g.at["甲区", "grade"] == "很好" and "P75" in g.at["甲区", "rule"]  # meets S and at/above P75
    assert g.at["乙区", "grade"] == "较好"
    off = IndicatorsConfig(ratio={"very_good_peer_quantile": None})
    g2 = grade([("甲区", "B04", 95), ("乙区", "B04", 91), ("丙区", "B04", 85), ("丁区", "B04", 80)], off).set_index("area")
    assert g2.at["甲区", "grade"] == "较好"
    # the city is nobody's peer
    city = grade([("全市", "B04", 95), ("乙区", "B04", 80), ("丙区", "B04", 80), ("丁区", "B04", 80)]).set_index("area")
    assert city.at["全市", "grade"] == "较好"


# -- problem counts with stock (rate) --------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [(0, "很好"), (1, "较好"), (50, "较好"), (51, "一般"), (150, "一般"),
                                            (151, "较差")])
def test_rate_bands_on_share_of_stock(value, expected):
    r = one("H02", value, stock=1000)
    assert r["method"] == "rate" and r["grade"] == expected
    assert r["rate"] == pytest.approx(value / 1000)
    assert r["attainment"] == pytest.approx(100 * (1 - value / 1000))


def test_rate_of_a_percent_unit_lower_better_with_zero_standard():
    # J09 (%, lower_better, standard 0): the value is already a share
    r = one("J09", 12.0)
    assert r["method"] == "rate" and r["grade"] == "一般" and r["rate"] == pytest.approx(0.12)


def test_rate_bands_are_configurable_per_study_and_per_indicator():
    cfg = IndicatorsConfig(rate=RateBands(good=0.02, fair=0.05))
    assert one("H02", 30, 1000, cfg)["grade"] == "一般"
    assert one("H02", 60, 1000, cfg)["grade"] == "较差"
    cfg = IndicatorsConfig(rules={"H02": IndicatorRule(rate=RateBands(good=0.2, fair=0.3))})
    assert one("H02", 150, 1000, cfg)["grade"] == "较好"
    assert one("H03", 150, 1000, cfg)["grade"] == "一般"  # others keep the study-wide bands


# -- problem counts without stock (count) ----------------------------------------------------------

def test_count_without_stock_zero_target_and_peer_multiple():
    g = grade([("全市", "U22", 26), ("甲区", "U22", 14), ("乙区", "U22", 3), ("丙区", "U22", 3),
               ("丁区", "U22", 0), ("戊区", "U22", 6)]).set_index("area")
    assert (g["method"] == "count").all()
    assert g.at["丁区", "grade"] == "很好"
    assert g.at["乙区", "grade"] == "一般"  # not zero, not above 2 × median of the others
    assert g.at["戊区", "grade"] == "一般"  # 6 = 2 × median(3, 3, 14, 0) = 2 × 3: not above
    assert g.at["甲区", "grade"] == "较差" and "中位数" in g.at["甲区", "rule"]
    assert g.at["全市", "grade"] == "一般"  # no peers for the city


def test_count_with_fixed_bands():
    cfg = IndicatorsConfig(rules={"U22": IndicatorRule(count=CountBands(good=1, fair=5))})
    assert [one("U22", v, cfg=cfg)["grade"] for v in (0, 1, 5, 6)] == ["很好", "较好", "一般", "较差"]


def test_a_rule_can_force_the_count_method_even_with_a_stock():
    cfg = IndicatorsConfig(rules={"H02": IndicatorRule(method="count", count=CountBands(fair=10))})
    r = one("H02", 8, stock=10, cfg=cfg)
    assert r["method"] == "count" and r["grade"] == "一般"


# -- interval ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [(100, "很好"), (90, "很好"), (89, "较好"), (80, "较好"), (120, "较好"),
                                            (72, "一般"), (132, "一般"), (71.9, "较差"), (133, "较差")])
def test_interval_band_core_and_tolerance(value, expected):
    r = one("X04", value)  # band 80–120, core = middle half 90–110, tolerance 10% of the nearer bound
    assert r["method"] == "interval" and r["grade"] == expected


# -- no standard: 无标准 or peers ---------------------------------------------------------------------

def test_no_standard_is_ungraded_by_default_and_peer_percentiles_on_request():
    rows = [("甲区", "U05", 1.0), ("乙区", "U05", 2.0), ("丙区", "U05", 3.0), ("丁区", "U05", 4.0), ("戊区", "U05", 5.0)]
    g = grade(rows).set_index("area")
    assert (g["grade"] == "无标准").all() and (g["warning"] == "无").all() and (g["method"] == "none").all()
    p = grade(rows, IndicatorsConfig(no_standard="peer")).set_index("area")
    assert p["grade"].to_dict() == {"甲区": "较差", "乙区": "一般", "丙区": "较好", "丁区": "很好", "戊区": "很好"}
    # lower-better without standard: the mirror (U16 idle land share)
    low = grade([(a, "U16", v) for a, _, v in rows], IndicatorsConfig(no_standard="peer")).set_index("area")
    assert low.at["甲区", "grade"] == "很好" and low.at["戊区", "grade"] == "较差"
    few = grade(rows[:2], IndicatorsConfig(no_standard="peer"))
    assert (few["grade"] == "无标准").all()


# -- warnings, composites, rules table ----------------------------------------------------------------

def test_warnings_follow_grades_and_are_configurable():
    assert one("B04", 70)["warning"] == "红色预警"
    assert one("B04", 85)["warning"] == "黄色预警"
    assert one("B04", 95)["warning"] == "正常"
    cfg = IndicatorsConfig(warnings={"较差": "红色预警", "一般": "正常", "较好": "正常", "很好": "正常", "无标准": "无"})
    assert one("B04", 85, cfg=cfg)["warning"] == "正常"


def test_level_composite_is_weighted_and_banded():
    g = grade([("甲区", "H02", 0, 100), ("甲区", "H03", 20, 100), ("甲区", "C05", 3, 100), ("甲区", "U05", 1.0)])
    g.loc[g["indicator_id"] == "H02", "weight"] = 3.0  # 很好 (100) × 3, 较差 (40) × 1 → 85 → 优
    comp = composite_grades(g, IndicatorsConfig()).set_index(["scope", "level"])
    housing = comp.loc[("level", "住房")]
    assert housing["composite"] == pytest.approx(85) and housing["grade"] == "优"
    assert comp.loc[("level", "小区（社区）"), "grade"] == "良"  # one 较好 → 80
    city = comp.loc[("level", "城区（城市）")]
    assert city["n_indicators"] == 1 and city["n_graded"] == 0 and city["grade"] == "无标准"
    overall = comp.loc[("overall", "总体")]
    assert overall["composite"] == pytest.approx((85 + 80) / 2)  # levels count equally; ungraded left out
    assert composite_grades(g, IndicatorsConfig(composite={"excellent": 86})).set_index(["scope", "level"]).loc[
        ("level", "住房"), "grade"] == "良"


def test_rules_table_lists_every_cut_off_in_force():
    cfg = IndicatorsConfig(rate=RateBands(good=0.03, fair=0.1), rules={"U22": IndicatorRule(count=CountBands(fair=5))})
    t = grading_rules(cfg)
    assert {"ratio", "rate", "count", "interval", "peer", "none", "warning", "composite"} <= set(t["method"])
    rate = t[(t["scope"] == "全部指标") & (t["method"] == "rate")].set_index("outcome")
    assert rate.at["较好", "threshold"] == 0.03 and rate.at["较差", "condition"] == "> 10.0%"
    u22 = t[t["scope"] == "U22"]
    assert len(u22) == 4 and "study.yaml" in u22["source"].iloc[0]
    assert (t["source"] != "").all()


# -- comparisons --------------------------------------------------------------------------------------

def test_trend_labels_follow_the_direction():
    assert trend_label(0.10, 0.12, higher_better=False, tolerance=0.01) == "improved"
    assert trend_label(0.12, 0.10, higher_better=False, tolerance=0.01) == "worsened"
    assert trend_label(95, 90, higher_better=True, tolerance=0.01) == "improved"
    assert trend_label(100.5, 100, higher_better=True, tolerance=0.01) == "unchanged"
    assert trend_label(1, np.nan, higher_better=True, tolerance=0.01) == "no_previous"


def test_trends_and_district_ranks_use_the_share_of_stock():
    g = grade([("全市", "H02", 300, 3000, 2025), ("全市", "H02", 200, 3000, 2026),
               ("甲区", "H02", 40, 1000, 2025), ("甲区", "H02", 150, 1000, 2026),
               ("乙区", "H02", 200, 2000, 2025), ("乙区", "H02", 50, 2000, 2026)])
    t = trends(g, tolerance=0.01).query("year == 2026").set_index("area")
    assert t.at["甲区", "trend"] == "worsened" and t.at["乙区", "trend"] == "improved"
    assert t.at["甲区", "previous_grade"] == "较好" and t.at["甲区", "grade"] == "一般"
    c = compare_areas(g, 2026).set_index("area")
    # 甲区 15% vs 乙区 2.5%: fewer problems per building ranks first although counts are close
    assert c.at["乙区", "rank"] == 1 and c.at["甲区", "rank"] == 2
    assert c.at["乙区", "vs_city"] == "better" and c.at["甲区", "vs_city"] == "worse"
