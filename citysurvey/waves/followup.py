"""上年问题整改成效: last wave's 城市病 and 短板 and where they stand now, with the evidence of both years.

The rule is :data:`RULE_ZH` (printed in the stage's ``method`` table): an indicator
× area on none of this wave's problem lists is resolved; otherwise the linked
item's score change in that area (significant after the FDR adjustment of
:mod:`.changes`) and the indicator's grade change are read, and it is improved,
worse or unchanged as they say. A move between lists alone (a 城市病 now only a
短板, because fewer residents raised it) is not counted: it may be a threshold
crossed by chance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators.config import GRADES

STATUS_ZH = {"resolved": "已解决", "improved": "改善", "unchanged": "无明显变化", "worse": "恶化", "unknown": "无法判断"}
LIST_ZH = {"city_diseases": "城市病", "shortcomings": "短板"}
FOLLOWUP_COLUMNS = [
    "area", "indicator_id", "name", "list_previous", "item", "item_label", "year_previous", "value_previous",
    "grade_previous", "score_previous", "year", "value", "grade", "score", "diagnosis_now", "score_diff",
    "score_diff_ci_low", "score_diff_ci_high", "score_p_adjusted", "score_change", "grade_change", "status",
    "status_zh", "evidence", "unit",
]
RULE_ZH = (
    "已解决：该指标×地区本期不在城市病、短板、风险隐患任一清单中；"
    "否则看两项证据——对应题目在该地区的得分变化（FDR 校正后显著）与指标评级变化（很好＞较好＞一般＞较差）："
    "得分显著上升或评级上升、且无反向证据为“改善”；得分显著下降或评级下降、且无反向证据为“恶化”；"
    "都没有或两者方向相反为“无明显变化”；本期无该指标诊断结果为“无法判断”。"
    "仅在清单间移动（如城市病变为短板）不作为改善证据。"
)
_RANK = {g: k for k, g in enumerate(reversed(GRADES))}  # 较差 0 … 很好 3


def _grade_change(before: object, now: object) -> str:
    if before not in _RANK or now not in _RANK:
        return "unknown"
    d = _RANK[now] - _RANK[before]
    return "up" if d > 0 else "down" if d < 0 else "same"


def _num(x: object, unit: str = "") -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    if not np.isfinite(v):
        return "—"
    text = f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"
    return f"{text} {unit}".strip()


def _text(x: object) -> str:
    return x if isinstance(x, str) and x else "—"


def _now_label(r: pd.Series | None) -> str:
    if r is None:
        return "无本期数据"
    if r["is_city_disease"]:
        return "城市病"
    if r["is_risk"]:
        return "风险隐患"
    if r["is_shortcoming"]:
        return "短板"
    return str(r["diagnosis"])


def status(listed_before: str, now: pd.Series | None, score_change: str, grade_change: str) -> str:
    """One row's status by the rule of this module (see its docstring)."""
    if now is None:
        return "unknown"
    if not (now["is_city_disease"] or now["is_shortcoming"] or now["is_risk"]):
        return "resolved"
    up = score_change == "improved" or grade_change == "up"
    down = score_change == "worsened" or grade_change == "down"
    if up and not down:
        return "improved"
    if down and not up:
        return "worse"
    return "unchanged"


def followup(lists: dict[str, pd.DataFrame], diagnosis: pd.DataFrame | None, changes: pd.DataFrame, *,
             year: int, year_previous: int, rename: dict[str, str] | None = None,
             district_var: str | None = None, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per indicator × area on the earlier wave's lists (a 城市病 once, though it is a 短板 too)."""
    back = {b: n for n, b in (rename or {}).items()}
    parts = [t.assign(list_previous=k) for k, t in lists.items() if len(t)]
    if not parts:
        return pd.DataFrame(columns=FOLLOWUP_COLUMNS)
    before = pd.concat(parts, ignore_index=True)
    before["_k"] = before["list_previous"].map({"city_diseases": 0, "shortcomings": 1})
    before = before.sort_values(["_k"], kind="stable").drop_duplicates(["area", "indicator_id"])
    now = diagnosis.set_index(["area", "indicator_id"]) if diagnosis is not None and len(diagnosis) else None
    sc = changes[(changes["kind"] == "item") & (changes["measure"] == "score")
                 & changes["domain_var"].isin(["city", district_var])].set_index(["item", "domain"])
    rows = []
    for r in before.to_dict("records"):
        item_before = r.get("item") if isinstance(r.get("item"), str) else ""
        item = back.get(item_before, item_before)
        key = (r["area"], r["indicator_id"])
        cur = now.loc[key] if now is not None and key in now.index else None
        if isinstance(cur, pd.DataFrame):
            cur = cur.iloc[0]
        ch = sc.loc[(item, r["area"])] if item and (item, r["area"]) in sc.index else None
        score_change = ch["change"] if ch is not None else "unknown"
        gchange = _grade_change(r.get("grade"), cur["grade"] if cur is not None else None)
        st = status(r["list_previous"], cur, score_change, gchange)
        unit = str(r.get("unit") or "")
        label = (labels or {}).get(item, item)
        evidence = (f"{year_previous}年：{LIST_ZH[r['list_previous']]}，指标值 {_num(r.get('value'), unit)}"
                    f"（{_text(r.get('grade'))}），{label}得分 {_num(r.get('score'))}；"
                    f"{year}年：{_now_label(cur)}，指标值 {_num(cur['value'] if cur is not None else None, unit)}"
                    f"（{_text(cur['grade']) if cur is not None else '—'}），得分 {_num(cur['score'] if cur is not None else None)}")
        if ch is not None:
            evidence += (f"，得分变化 {ch['diff']:+.1f}（95%置信区间 {ch['diff_ci_low']:+.1f} 至 {ch['diff_ci_high']:+.1f}，"
                         f"校正后 p = {ch['p_adjusted']:.3g}，{ch['change_zh']}）")
        if st == "unchanged" and score_change in ("improved", "worsened") and gchange in ("up", "down"):
            evidence += "；得分与指标评级变化方向相反"
        rows.append({
            "area": r["area"], "indicator_id": r["indicator_id"], "name": r.get("name", ""),
            "list_previous": LIST_ZH[r["list_previous"]], "item": item, "item_label": label,
            "year_previous": year_previous, "value_previous": r.get("value"), "grade_previous": r.get("grade"),
            "score_previous": r.get("score"), "year": year,
            "value": cur["value"] if cur is not None else np.nan, "grade": cur["grade"] if cur is not None else "",
            "score": cur["score"] if cur is not None else np.nan, "diagnosis_now": _now_label(cur),
            "score_diff": ch["diff"] if ch is not None else np.nan,
            "score_diff_ci_low": ch["diff_ci_low"] if ch is not None else np.nan,
            "score_diff_ci_high": ch["diff_ci_high"] if ch is not None else np.nan,
            "score_p_adjusted": ch["p_adjusted"] if ch is not None else np.nan,
            "score_change": score_change, "grade_change": gchange, "status": st, "status_zh": STATUS_ZH[st],
            "evidence": evidence, "unit": unit,
        })
    return pd.DataFrame(rows, columns=FOLLOWUP_COLUMNS)
