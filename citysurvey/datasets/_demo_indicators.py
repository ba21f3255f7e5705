"""Objective indicators of the demo city and the planted subjective × objective scenarios."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._demo_spec import CITY_TOTAL, DISTRICT_PROFILES, DISTRICTS

YEAR, PREVIOUS_YEAR = 2026, 2025
_SEED = 11  # indicator values are part of the fixed design, not of the sampling seed

#: Denominators of problem-count indicators, by district (same order as DISTRICTS).
STOCKS: dict[str, tuple[int, ...]] = {
    "buildings": (3100, 5800, 4900, 5200, 4300, 2400),  # 住宅栋数
    "communities": (28, 62, 55, 51, 40, 34),  # 社区数
    "xiaoqu": (260, 480, 410, 430, 300, 150),  # 小区数
    "roads": (120, 260, 230, 210, 190, 160),  # 道路条数
    "footpath_km": (180, 420, 380, 350, 300, 260),  # 步行道总长（千米）
    "parking_demand": (38000, 105000, 98000, 62000, 56000, 52000),  # 停车泊位需求数
    "school_places": (14000, 41000, 38000, 30000, 24000, 23000),  # 小学学位数
}


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    unit: str
    stock: str | None  # key of STOCKS for problem counts
    low: float  # range of the default district value (share of stock for counts)
    high: float
    decimals: int = 0
    city_only: bool = False
    planted: tuple[tuple[str, float], ...] = ()  # (district, value or share of stock)


SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("H01", "栋", "buildings", 0.005, 0.02),
    IndicatorSpec("H02", "栋", "buildings", 0.02, 0.06, planted=(("城西区", 0.181),)),
    IndicatorSpec("H03", "栋", "buildings", 0.04, 0.10),
    IndicatorSpec("H04", "栋", "buildings", 0.03, 0.08),
    IndicatorSpec("H07", "栋", "buildings", 0.06, 0.14, planted=(("城东区", 0.38),)),
    IndicatorSpec("H08", "栋", "buildings", 0.08, 0.15),
    IndicatorSpec("C01", "个", "communities", 0.08, 0.18, planted=(("新城区", 0.0),)),
    IndicatorSpec("C02", "个", "communities", 0.10, 0.25),
    IndicatorSpec("C03", "个", "communities", 0.05, 0.15),
    IndicatorSpec("C04", "个", "school_places", 0.01, 0.05, planted=(("新城区", 0.09),)),
    IndicatorSpec("C05", "个", "parking_demand", 0.04, 0.09, planted=(("北山区", 0.168),)),
    IndicatorSpec("C07", "个", "xiaoqu", 0.05, 0.15),
    IndicatorSpec("C09", "千米", "footpath_km", 0.05, 0.12, decimals=1),
    IndicatorSpec("C10", "个", "xiaoqu", 0.03, 0.10, planted=(("江口区", 0.0),)),
    IndicatorSpec("C11", "个", "xiaoqu", 0.05, 0.15),
    IndicatorSpec("B01", "%", None, 88, 99, decimals=1),
    IndicatorSpec("B04", "%", None, 80, 89, decimals=1, planted=(("城东区", 96.5),)),
    IndicatorSpec("B05", "条", "roads", 0.06, 0.15, planted=(("北山区", 0.24),)),
    IndicatorSpec("B07", "条", "roads", 0.03, 0.08),
    IndicatorSpec("U01", "%", None, 68, 80, decimals=1),
    IndicatorSpec("U07", "平方米/人", None, 10.5, 14.5, decimals=2),
    IndicatorSpec("U08", "千米/平方公里", None, 7.2, 7.2, decimals=2, city_only=True),
    IndicatorSpec("U09", "%", None, 91.2, 91.2, decimals=1, city_only=True),
    IndicatorSpec("U14", "分钟", None, 26, 36, decimals=1, planted=(("新城区", 38.5),)),
    IndicatorSpec("U17", "%", None, 70, 95, decimals=1),
    IndicatorSpec("U20", "%", None, 85, 100, decimals=1),
    # 积水点 are counted, not graded by a stock: any point is a problem
    IndicatorSpec("U22", "个", None, 1, 4, planted=(("南湖区", 14),)),
    IndicatorSpec("U25", "%", None, 75, 98, decimals=1, planted=(("城西区", 62.0),)),
)


def _round(x: float, decimals: int) -> float:
    return float(np.round(x, decimals))


def make_indicators() -> pd.DataFrame:
    """Indicator values for 2026 and 2025: ``area, year, indicator_id, value, unit, stock``.

    >>> ind = make_indicators()
    >>> ind.query("area == '北山区' and indicator_id == 'C05' and year == 2026")[["value", "stock"]].iloc[0].tolist()
    [10416.0, 62000.0]
    """
    rng = np.random.default_rng(_SEED)
    adults = np.array([DISTRICT_PROFILES[d].adults for d in DISTRICTS], dtype=float)
    rows = []
    for spec in SPECS:
        planted = dict(spec.planted)
        draw = rng.uniform(spec.low, spec.high, len(DISTRICTS))
        improve = rng.uniform(0.05, 0.35, len(DISTRICTS))  # last year was worse
        by_year: dict[int, list[tuple[float, float | None]]] = {PREVIOUS_YEAR: [], YEAR: []}
        for k, d in enumerate(DISTRICTS):
            share = planted.get(d, draw[k])
            if spec.stock:
                stock = float(STOCKS[spec.stock][k])
                now = _round(share * stock, spec.decimals)
                before = _round(now * (1 + improve[k]) + (1 if now == 0 and d not in planted else 0), spec.decimals)
                by_year[YEAR].append((now, stock))
                by_year[PREVIOUS_YEAR].append((before, stock))
            elif spec.unit == "%":
                now = _round(share, spec.decimals)
                by_year[YEAR].append((now, None))
                by_year[PREVIOUS_YEAR].append((_round(now - 10 * improve[k], spec.decimals), None))
            elif spec.id == "U22":
                now = float(round(share))
                before = float(round(now * 0.8)) if d in planted else float(round(now * (1 + improve[k]) + 1))
                by_year[YEAR].append((now, None))
                by_year[PREVIOUS_YEAR].append((before, None))
            else:
                now = _round(share, spec.decimals)
                sign = -1.0 if spec.id == "U14" else 1.0  # shorter commutes are better
                by_year[YEAR].append((now, None))
                by_year[PREVIOUS_YEAR].append((_round(now * (1 - sign * improve[k] / 10), spec.decimals), None))
        for year, values in by_year.items():
            vals = np.array([v for v, _ in values])
            if spec.stock or spec.id == "U22":
                city = _round(vals.sum(), spec.decimals)
                city_stock = float(sum(s for _, s in values)) if spec.stock else None
            else:  # rates and per-capita values: population-weighted
                city = _round(float(vals @ adults / adults.sum()), spec.decimals)
                city_stock = None
            rows.append((CITY_TOTAL, year, spec.id, city, spec.unit, city_stock, spec.decimals))
            if not spec.city_only:
                for d, (v, s) in zip(DISTRICTS, values):
                    rows.append((d, year, spec.id, v, spec.unit, s, spec.decimals))
    out = pd.DataFrame(rows, columns=["area", "year", "indicator_id", "value", "unit", "stock", "decimals"])
    area_order = {a: k for k, a in enumerate((CITY_TOTAL, *DISTRICTS))}
    ind_order = {s.id: k for k, s in enumerate(SPECS)}
    out = out.sort_values(
        ["indicator_id", "area", "year"],
        key=lambda s: s.map(ind_order) if s.name == "indicator_id" else s.map(area_order) if s.name == "area" else s,
    )
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Scenario:
    id: str
    district: str
    indicator_id: str
    item: str
    topic: str
    objective: str  # good / poor
    subjective: str  # satisfied / dissatisfied
    expected_diagnosis: str
    acceptable: tuple[str, ...]
    description: str


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("S1", "北山区", "C05", "q_c04", "C_PARKING", "poor", "dissatisfied", "城市病", ("城市病", "短板"),
             "北山区老旧小区多，停车泊位缺口约占需求的17%；居民对小区停车非常不满意，意见建议中停车问题提及率全市最高。"),
    Scenario("S2", "南湖区", "U22", "q_u07", "U_FLOOD", "poor", "dissatisfied", "城市病", ("城市病", "短板"),
             "南湖区严重易涝积水点14处（全市过半）且比上年增加；居民对防洪排涝明显不满意，积水内涝是高频意见。"),
    Scenario("S3", "城西区", "H02", "q_h02", "H_SAFETY", "poor", "satisfied", "风险隐患", ("风险隐患",),
             "城西区约18%的住宅存在燃气安全隐患、燃气管道更新改造完成率偏低，但居民对燃气使用安全反而较满意——隐性风险，应发风险隐患通知单。"),
    Scenario("S4", "新城区", "C01", "q_c01", "C_ELDERCARE", "good", "dissatisfied", "短板", ("短板",),
             "新城区社区养老服务设施已全部达标配建，但居民满意度全市最低（体感温差）：设施利用率低、服务内容少，属管理服务类短板。"),
    Scenario("S5", "城东区", "B04", "q_b03", "B_PARK", "good", "satisfied", "优势", ("优势",),
             "城东区公园绿化活动场地服务半径覆盖率96.5%，居民对公园绿地满意度全市最高。"),
    Scenario("S6", "江口区", "C10", "q_c08", "C_WASTE", "good", "satisfied", "优势", ("优势",),
             "江口区所有小区已实施生活垃圾分类，居民对垃圾分类与环境卫生满意度全市最高。"),
    Scenario("S7", "城东区", "H07", "q_h06", "H_ELDER", "poor", "dissatisfied", "短板", ("短板", "城市病"),
             "城东区老城无电梯多层住宅集中，约38%的住宅需要适老化改造；居民对电梯与适老化设施不满意，加装电梯诉求集中。"),
)
