"""四单一表一库: the lists, the action plan and the project library seeds, from the diagnosis frame.

The priority score (0–100) orders the 短板清单, 城市病清单, 风险隐患通知单 and the
更新行动计划表; it is the weighted mean of four components in [0, 1] (see
:func:`citysurvey.diagnosis.classify.priority_components`). Ties are broken by
safety, then the objective gap, then the subjective gap, then catalog order.

:func:`action_plan` and :func:`project_library` have examples that run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..loading import CITY_AREA
from .config import DiagnosisConfig

COUNT_METHODS = ("rate", "count")  # the value is a number of problem objects: a project's quantity
SHEETS_ZH = {
    "advantages": "优势清单", "shortcomings": "短板清单", "city_diseases": "城市病清单",
    "risk_notices": "风险隐患通知单", "action_plan": "更新行动计划表", "project_library": "更新项目库",
}
_EVIDENCE = ["value", "unit", "stock", "rate", "standard", "grade", "warning", "item", "score", "ci_low", "ci_high",
             "threshold", "subjective_zh", "topic", "share", "city_share", "voice_zh", "quotes", "evidence",
             "data_gaps"]
_HEAD = ["area", "indicator_id", "name", "level", "element"]


def by_priority(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by priority, ranked 1 … n.

    Ties are broken by the safety component, then the objective gap, then the subjective
    gap, then the frame's order (catalog, then area).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``priority``, ``safety_component``, ``objective_gap``, ``subjective_gap``.

    Returns
    -------
    pandas.DataFrame
        The rows in that order, a ``rank`` column first.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.diagnosis import by_priority
    >>> rows = pd.DataFrame({"area": ["甲区", "乙区", "丙区"], "priority": [40.0, 55.0, 40.0],
    ...                      "safety_component": [0.0, 0.0, 1.0], "objective_gap": [0.5, 0.2, 0.5],
    ...                      "subjective_gap": [0.1, 0.3, 0.1]})
    >>> by_priority(rows)[["rank", "area"]].to_dict("list")
    {'rank': [1, 2, 3], 'area': ['乙区', '丙区', '甲区']}
    """
    f = frame.assign(_o=np.arange(len(frame)))
    f = f.sort_values(["priority", "safety_component", "objective_gap", "subjective_gap", "_o"],
                      ascending=[False, False, False, False, True], kind="stable")
    f.insert(0, "rank", np.arange(1, len(f) + 1))
    return f.drop(columns="_o").reset_index(drop=True)


def advantages(frame: pd.DataFrame) -> pd.DataFrame:
    f = frame[frame["is_advantage"]]
    f = f.sort_values("score", ascending=False, kind="stable")
    return f[_HEAD + _EVIDENCE].reset_index(drop=True)


def shortcomings(frame: pd.DataFrame) -> pd.DataFrame:
    f = by_priority(frame[frame["is_shortcoming"]])
    return f[["rank", *_HEAD, "short_type", "quadrant", "diagnosis", "priority", *_EVIDENCE,
              "responsible_department"]]


def city_diseases(frame: pd.DataFrame) -> pd.DataFrame:
    f = by_priority(frame[frame["is_city_disease"]])
    return f[["rank", *_HEAD, "priority", *_EVIDENCE, "responsible_department"]]


def risk_notices(frame: pd.DataFrame, study_year: int) -> pd.DataFrame:
    """风险隐患通知单: every safety-related indicator that fails objectively, whatever residents think."""
    f = by_priority(frame[frame["is_risk"]])
    f.insert(1, "notice_no", [f"FX-{study_year}-{k:03d}" for k in f["rank"]])
    perception = {"satisfied": "居民较满意，未感知风险（隐性风险）", "dissatisfied": "居民不满意，已感知",
                  "uncertain": "居民满意度不确定", "unknown": "无居民满意度数据"}
    f["perception"] = f["subjective_status"].map(perception)
    f["requirement"] = [f"请{d}牵头，立即组织排查，落实{a or '整治'}，定期报告进展" for d, a in
                        zip(f["responsible_department"], f["action"].fillna(""))]
    return f[["rank", "notice_no", *_HEAD, "perception", "priority", *_EVIDENCE, "responsible_department",
              "requirement"]]


def _split(quantity: float, years: list[int], integer: bool) -> str:
    n = len(years)
    if integer:
        q = int(round(quantity))
        base, extra = divmod(q, n)
        parts = [base + (1 if k < extra else 0) for k in range(n)]
        return "；".join(f"{y}年 {p:,}" for y, p in zip(years, parts))
    return "；".join(f"{y}年 {quantity / n:,.1f}" for y in years)


def _task(r: dict) -> tuple[str, str, str]:
    """(task, content, target) for one row of the plan."""
    action = r["action"] if isinstance(r.get("action"), str) and r["action"] else f"{r['name']}提升"
    value, unit = r.get("value", np.nan), r.get("unit", "") or ""
    if r["quadrant"] == "体感温差":
        return (f"{action}（服务与管理提升）",
                f"设施已达标，但居民满意度 {r['score']:.1f} 低于 {r['threshold']:.0f}：改进运营服务、维护管理与信息公开",
                f"满意度达到 {r['threshold']:.0f}")
    if r["objective_status"] == "unknown":
        return (action, f"居民满意度 {r['score']:.1f} 低于 {r['threshold']:.0f}，且无客观评价：补充调查查明原因",
                f"满意度达到 {r['threshold']:.0f}")
    if r["method"] in COUNT_METHODS:
        share = f"（占存量 {100 * r['rate']:.1f}%）" if np.isfinite(r.get("rate", np.nan)) else ""
        return action, f"{r['name']} {value:,.{_dec(value)}f} {unit}{share}", "动态清零"
    std = r.get("standard", np.nan)
    if np.isfinite(std):
        sym = "≥" if r.get("direction") == "higher_better" else "≤"
        return action, f"{r['name']} 现状 {value:,.{_dec(value)}f} {unit}，标准 {sym} {std:g} {unit}", f"达到标准（{sym} {std:g} {unit}）"
    return action, f"{r['name']} 现状 {value:,.{_dec(value)}f} {unit}", "达到同级较好水平"


def _dec(x: float) -> int:
    return 0 if np.isfinite(x) and float(x).is_integer() else 1


def action_plan(frame: pd.DataFrame, cfg: DiagnosisConfig, *, study_year: int) -> pd.DataFrame:
    """更新行动计划表: every 短板, 城市病 and 风险隐患 row, ordered by the stated priority score.

    Parameters
    ----------
    frame : pandas.DataFrame
        The diagnosis frame (:func:`diagnose_frame`).
    cfg : DiagnosisConfig
        ``plan_years``: how many years the plan runs.
    study_year : int
        The plan starts the year after.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``area``, ``indicator_id``, ``name``, ``level``, ``element``,
        ``diagnosis``, ``short_type``, ``priority`` and its four components, ``task`` (the
        catalog's action, or one derived from the indicator), ``content``, ``target``,
        ``annual_targets`` (a problem count split over the plan's years), ``responsible_department``,
        ``start_year``, ``end_year``, ``evidence``.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> from citysurvey.diagnosis import DiagnosisConfig, action_plan, diagnose_frame
    >>> plan = action_plan(diagnose_frame(grades, catalog, crosswalk, scores, voice), DiagnosisConfig(), study_year=2026)
    >>> print(plan[["rank", "area", "indicator_id", "diagnosis", "annual_targets"]].to_string(index=False))
     rank area indicator_id diagnosis                annual_targets
        1   全市          H02      风险隐患 2027年 304；2028年 303；2029年 303
        2   甲区          H02      风险隐患 2027年 300；2028年 300；2029年 300
        3   甲区          U02       城市病
        4   全市          U02        短板
    """
    f = by_priority(frame[frame["is_shortcoming"] | frame["is_city_disease"] | frame["is_risk"]])
    years = [study_year + 1 + k for k in range(cfg.plan_years)]
    tasks = [_task(r) for r in f.to_dict("records")]
    f["task"] = [t[0] for t in tasks]
    f["content"] = [t[1] for t in tasks]
    f["target"] = [t[2] for t in tasks]
    f["annual_targets"] = [
        _split(v, years, integer=float(v).is_integer()) if m in COUNT_METHODS and np.isfinite(v) and v > 0 else ""
        for v, m in zip(f["value"], f["method"])
    ]
    f["start_year"], f["end_year"] = years[0], years[-1]
    return f[["rank", *_HEAD, "diagnosis", "short_type", "priority", "objective_gap", "subjective_gap",
              "voice_component", "safety_component", "task", "content", "target", "annual_targets",
              "responsible_department", "start_year", "end_year", "evidence"]]


def project_library(plan: pd.DataFrame, frame: pd.DataFrame, *, study_year: int) -> pd.DataFrame:
    """更新项目库 seeds: one project per problem-count row of the plan, located in its district.

    Quantities come from the problem counts; investment and site are left to the feasibility
    study. City-wide rows are used only when no district has a row for that indicator.

    Parameters
    ----------
    plan : pandas.DataFrame
        The action plan (:func:`action_plan`).
    frame : pandas.DataFrame
        The diagnosis frame it was made from.
    study_year : int
        Numbers the projects (``XM-<year>-001`` …).

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``project_name``, ``area``, ``project_type`` (level/element),
        ``level``, ``element``, ``indicator_id``, ``quantity`` (the problem count), ``unit``,
        ``stock``, ``rate``, ``responsible_department``, ``priority_rank``, ``diagnosis``,
        ``start_year``, ``end_year``, ``investment`` (blank), ``note``.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> from citysurvey.diagnosis import DiagnosisConfig, action_plan, diagnose_frame, project_library
    >>> frame = diagnose_frame(grades, catalog, crosswalk, scores, voice)
    >>> plan = action_plan(frame, DiagnosisConfig(), study_year=2026)
    >>> print(project_library(plan, frame, study_year=2026)[["project_id", "project_name", "quantity", "unit"]]
    ...       .to_string(index=False))
     project_id   project_name  quantity unit
    XM-2026-001 甲区住宅燃气安全隐患整治项目     900.0    栋
    """
    info = frame.set_index(["area", "indicator_id"])
    rows = []
    for r in plan.to_dict("records"):
        key = (r["area"], r["indicator_id"])
        fr = info.loc[key]
        if fr["method"] not in COUNT_METHODS or not np.isfinite(fr["value"]) or fr["value"] <= 0:
            continue
        if r["area"] == CITY_AREA and (plan["indicator_id"].eq(r["indicator_id"]) & plan["area"].ne(CITY_AREA)).any():
            continue  # the district projects already add up to the city's
        rows.append({**r, "quantity": fr["value"], "unit": fr["unit"], "stock": fr["stock"], "rate": fr["rate"]})
    cols = ["project_id", "project_name", "area", "project_type", "level", "element", "indicator_id", "quantity",
            "unit", "stock", "rate", "responsible_department", "priority_rank", "diagnosis", "start_year",
            "end_year", "investment", "note"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["project_id"] = [f"XM-{study_year}-{k:03d}" for k in range(1, len(out) + 1)]
    out["project_name"] = [f"{a}{t}项目" for a, t in zip(out["area"], out["task"])]
    out["project_type"] = [f"{lv}/{el}" if el else lv for lv, el in zip(out["level"], out["element"].fillna(""))]
    out["priority_rank"] = out["rank"]
    out["investment"] = np.nan
    out["note"] = "项目种子：规模取自问题数量指标，选址、投资与年度安排待可行性研究确定"
    return out[cols]
