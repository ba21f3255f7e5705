"""主客观综合诊断: objective status × subjective status × residents' voice → one verdict per indicator × area.

The quadrant rule (domain notes §2.6; thresholds in :class:`DiagnosisConfig`):

==============  ==============  ===============================  ==========================================
objective       subjective      quadrant                         lists
==============  ==============  ===============================  ==========================================
good            satisfied       优势                             优势清单
good            dissatisfied    体感温差                         短板清单 (服务管理类)
poor            satisfied       隐性问题                         风险隐患 if safety-related and severe, else 短板
poor            dissatisfied    突出短板                         短板清单; + 城市病清单 when raised often
poor            uncertain/none  不达标                           短板清单
none            dissatisfied    居民不满意（无客观评价）          短板清单
==============  ==============  ===============================  ==========================================

Every safety-related indicator graded severe (``risk_grades``, 较差 = 红色预警 by
default) goes on the 风险隐患通知单, whatever residents think. 'Dissatisfied' needs the interval (ci_high below the
threshold) unless configured otherwise; in between is 'uncertain'.

>>> verdict("poor", "satisfied", "not_often", safety=True, severe=True).diagnosis
'风险隐患'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..loading import CITY_AREA
from .config import DiagnosisConfig
from .crosswalk import links

OBJECTIVE_ZH = {"good": "达标", "poor": "不达标", "unknown": "无客观评价"}
SUBJECTIVE_ZH = {"satisfied": "满意", "dissatisfied": "不满意", "uncertain": "不确定", "unknown": "未评估"}
VOICE_ZH = {"often": "反映集中", "not_often": "反映不集中", "unknown": "未分析"}


@dataclass(frozen=True)
class Verdict:
    quadrant: str
    diagnosis: str  # the row's headline: 城市病 / 短板 / 风险隐患 / 优势 / 正常 / 无法判定
    short_type: str  # what kind of 短板, "" when not one
    advantage: bool
    shortcoming: bool
    city_disease: bool
    risk: bool


def objective_status(grade: object, cfg: DiagnosisConfig) -> str:
    """The objective status of an indicator's grade: good, poor or unknown.

    Parameters
    ----------
    grade : object
        The indicator's grade (很好, 较好, 一般, 较差, 无标准) or NaN without data.
    cfg : DiagnosisConfig
        ``objective_good`` and ``objective_poor`` say which grades are which.

    Returns
    -------
    str
        ``good``, ``poor`` or ``unknown`` (无标准, no data, any other grade).

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig, objective_status
    >>> [objective_status(g, DiagnosisConfig()) for g in ["较好", "一般", "无标准", None]]
    ['good', 'poor', 'unknown', 'unknown']
    """
    if grade in cfg.objective_good:
        return "good"
    if grade in cfg.objective_poor:
        return "poor"
    return "unknown"


def subjective_status(score: float, ci_low: float, ci_high: float, threshold: float, cfg: DiagnosisConfig) -> str:
    """Whether residents are satisfied with an item in an area (see :class:`SubjectiveRule`).

    Parameters
    ----------
    score : float
        The item's score in the area (0–100).
    ci_low, ci_high : float
        Its confidence interval (NaN when unknown: the estimate is used).
    threshold : float
        The satisfaction threshold (``subjective.threshold``, or the city's score with
        ``reference: city``).
    cfg : DiagnosisConfig
        ``subjective.dissatisfied_when`` / ``satisfied_when``: the interval or the estimate.

    Returns
    -------
    str
        ``dissatisfied`` (by default: the whole interval below the threshold),
        ``satisfied`` (the estimate at or above it), ``uncertain`` in between, ``unknown``
        without a score.

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig, subjective_status
    >>> cfg = DiagnosisConfig()
    >>> [subjective_status(s, lo, hi, 75.0, cfg) for s, lo, hi in [(64, 60, 68), (72, 68, 76), (80, 76, 84)]]
    ['dissatisfied', 'uncertain', 'satisfied']
    >>> subjective_status(float("nan"), float("nan"), float("nan"), 75.0, cfg)
    'unknown'
    """
    r = cfg.subjective
    if score is None or not np.isfinite(score) or not np.isfinite(threshold):
        return "unknown"
    has_ci = ci_low is not None and ci_high is not None and np.isfinite(ci_low) and np.isfinite(ci_high)
    upper = ci_high if (r.dissatisfied_when == "ci" and has_ci) else score
    if upper < threshold:
        return "dissatisfied"
    lower = ci_low if (r.satisfied_when == "ci" and has_ci) else score
    if lower >= threshold:
        return "satisfied"
    return "uncertain"


def voice_status(share: float, ci_low: float, city_share: float, *, is_city: bool, cfg: DiagnosisConfig) -> str:
    """Whether residents of an area raise a topic often in their suggestions (see :class:`VoiceRule`).

    Parameters
    ----------
    share : float
        The area's share of residents mentioning the topic (0–1).
    ci_low : float
        Its lower confidence bound (NaN when unknown).
    city_share : float
        The city's share.
    is_city : bool
        The row is 全市: compared with ``voice.city_often_share`` instead of the city.
    cfg : DiagnosisConfig
        ``voice``: the ratio to the city, the minimum share, whether the interval must agree.

    Returns
    -------
    str
        ``often``, ``not_often`` or ``unknown`` (no share, or no city share for a district).

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig, voice_status
    >>> cfg = DiagnosisConfig()
    >>> voice_status(0.15, 0.11, 0.08, is_city=False, cfg=cfg), voice_status(0.15, 0.07, 0.08, is_city=False, cfg=cfg)
    ('often', 'not_often')
    >>> voice_status(0.12, 0.10, 0.12, is_city=True, cfg=cfg)
    'often'
    """
    v = cfg.voice
    if share is None or not np.isfinite(share):
        return "unknown"
    if is_city:
        return "often" if share >= v.city_often_share - 1e-12 else "not_often"
    if city_share is None or not np.isfinite(city_share):
        return "unknown"
    eps = 1e-12  # thresholds are inclusive; 1.5 × 0.10 is 0.15000000000000002 in binary
    often = share >= v.often_min_share - eps and share >= v.often_ratio * city_share - eps
    if often and v.require_ci and ci_low is not None and np.isfinite(ci_low):
        often = ci_low > city_share
    return "often" if often else "not_often"


def verdict(objective: str, subjective: str, voice: str, *, safety: bool, severe: bool = True) -> Verdict:
    """The quadrant rule (the table above) for one indicator × area.

    Parameters
    ----------
    objective : str
        ``good`` / ``poor`` / ``unknown`` (:func:`objective_status`).
    subjective : str
        ``satisfied`` / ``dissatisfied`` / ``uncertain`` / ``unknown`` (:func:`subjective_status`).
    voice : str
        ``often`` / ``not_often`` / ``unknown`` (:func:`voice_status`).
    safety : bool
        The indicator is safety-related (catalog ``safety_related``).
    severe : bool
        The grade is one of ``risk_grades`` (较差 by default).

    Returns
    -------
    Verdict
        ``quadrant`` (优势, 体感温差, 隐性问题, 突出短板, 不达标, 居民不满意（无客观评价）,
        达标, 无法判定), ``diagnosis`` (the row's headline: 城市病 / 短板 / 风险隐患 / 优势 / 正常 /
        无法判定), ``short_type`` (what kind of 短板, empty when not one) and the flags
        ``advantage``, ``shortcoming``, ``city_disease``, ``risk`` that put the row on the lists.

    Examples
    --------
    >>> from citysurvey.diagnosis import verdict
    >>> v = verdict("poor", "dissatisfied", "often", safety=False)
    >>> v.quadrant, v.diagnosis, v.shortcoming, v.city_disease
    ('突出短板', '城市病', True, True)
    >>> verdict("poor", "satisfied", "not_often", safety=True, severe=True).diagnosis
    '风险隐患'
    """
    risk = objective == "poor" and safety and severe
    if objective == "good":
        if subjective == "satisfied":
            return Verdict("优势", "优势", "", True, False, False, False)
        if subjective == "dissatisfied":
            return Verdict("体感温差", "短板", "服务管理类（体感温差）", False, True, False, False)
        return Verdict("达标", "正常", "", False, False, False, False)
    if objective == "poor":
        if subjective == "satisfied":
            if risk:
                return Verdict("隐性问题", "风险隐患", "", False, False, False, True)
            kind = "隐性问题（涉及安全，需关注）" if safety else "隐性问题（居民未感知，低紧迫）"
            return Verdict("隐性问题", "短板", kind, False, True, False, False)
        if subjective == "dissatisfied":
            disease = voice == "often"
            return Verdict("突出短板", "城市病" if disease else "短板", "突出短板", False, True, disease, risk)
        kind = "客观不达标（满意度不确定）" if subjective == "uncertain" else "客观不达标（无满意度数据）"
        return Verdict("不达标", "短板", kind, False, True, False, risk)
    if subjective == "dissatisfied":
        return Verdict("居民不满意（无客观评价）", "短板", "居民反映（无客观评价）", False, True, False, False)
    return Verdict("无法判定", "无法判定", "", False, False, False, False)


def _subjective(rows: pd.DataFrame, items_of: dict, scores: pd.DataFrame | None, cfg: DiagnosisConfig) -> pd.DataFrame:
    """Per row: the linked item with the lowest score in the area (if any item shows a problem, say so)."""
    cols = ["item", "items", "score", "ci_low", "ci_high", "threshold"]
    out = pd.DataFrame(index=rows.index, columns=cols, dtype=object)
    out["items"] = [";".join(items_of.get(i, [])) for i in rows["indicator_id"]]
    if scores is None:
        return out
    s = scores.set_index(["item", "area"])
    city = scores[scores["area"] == CITY_AREA].set_index("item")["score"]
    for idx, iid, area in zip(rows.index, rows["indicator_id"], rows["area"]):
        best = None
        for it in items_of.get(iid, []):
            if (it, area) in s.index:
                r = s.loc[(it, area)]
                if best is None or r["score"] < best[1]["score"]:
                    best = (it, r)
        if best is None:
            continue
        it, r = best
        thr = cfg.subjective.threshold
        if cfg.subjective.reference == "city" and area != CITY_AREA and it in city.index:
            thr = float(city[it])
        out.loc[idx, ["item", "score", "ci_low", "ci_high", "threshold"]] = [it, r["score"], r["ci_low"], r["ci_high"], thr]
    return out


def _voice(rows: pd.DataFrame, topics_of: dict, voice: pd.DataFrame | None, quotes: pd.DataFrame | None,
           cfg: DiagnosisConfig) -> pd.DataFrame:
    """Per row: the linked topic residents raise most in the area, the city's share of it, quotes."""
    cols = ["topic", "share", "share_ci_low", "share_ci_high", "city_share", "quotes"]
    out = pd.DataFrame(index=rows.index, columns=cols, dtype=object)
    out["quotes"] = ""
    if voice is None:
        return out
    v = voice.set_index(["topic", "area"])
    city = voice[voice["area"] == CITY_AREA].set_index("topic")["share"]
    q = quotes.groupby(["topic", "area"], sort=False)["quote"].apply(list).to_dict() if quotes is not None else {}
    for idx, iid, area in zip(rows.index, rows["indicator_id"], rows["area"]):
        best = None
        for t in topics_of.get(iid, []):
            if (t, area) in v.index:
                r = v.loc[(t, area)]
                if best is None or r["share"] > best[1]["share"]:
                    best = (t, r)
        if best is None:
            continue
        t, r = best
        shown = [s for s in q.get((t, area), []) if isinstance(s, str) and s][: cfg.voice.quotes]
        out.loc[idx, cols] = [t, r["share"], r["ci_low"], r["ci_high"], city.get(t, np.nan), " ｜ ".join(shown)]
    return out


def _f(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def priority_components(obj_points: float, objective: str, score: float, threshold: float, share: float,
                        city_share: float, is_city: bool, risk: bool, cfg: DiagnosisConfig) -> tuple[float, ...]:
    """The four priority components, each in [0, 1], and the priority score 0–100.

    * objective gap = (100 − grade points)/60: 较差 1, 一般 ⅔, 较好 ⅓, 很好 0; unknown 0
    * subjective gap = (threshold − score)/(threshold − floor), clipped; unknown 0
    * voice = (share/city share − 1)/(full ratio − 1), clipped; 全市: share/city_often_share; unknown 0
    * safety = 1 for a row on the 风险隐患通知单 (safety-related and graded one of ``risk_grades``)

    Parameters
    ----------
    obj_points : float
        The grade's points (``grade_points`` of the indicators stage).
    objective : str
        The objective status (``unknown`` gives no objective gap).
    score, threshold : float
        The item's score and the satisfaction threshold.
    share, city_share : float
        The area's and the city's mention shares.
    is_city : bool
        The row is 全市.
    risk : bool
        The row is on the 风险隐患通知单.
    cfg : DiagnosisConfig
        ``priority``: the weights, ``subjective_floor``, ``voice_full_ratio``.

    Returns
    -------
    tuple of float
        (objective gap, subjective gap, voice, safety, priority) where priority =
        100 × Σ wᵢ·componentᵢ / Σ wᵢ.

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig, priority_components
    >>> parts = priority_components(60.0, "poor", 64.0, 75.0, 0.15, 0.08, False, False, DiagnosisConfig())
    >>> [round(x, 3) for x in parts]
    [0.667, 0.314, 0.875, 0.0, 47.458]
    """
    p = cfg.priority
    g_o = float(np.clip((100.0 - obj_points) / 60.0, 0, 1)) if objective != "unknown" and np.isfinite(obj_points) else 0.0
    g_s = 0.0
    if np.isfinite(score) and np.isfinite(threshold) and threshold > p.subjective_floor:
        g_s = float(np.clip((threshold - score) / (threshold - p.subjective_floor), 0, 1))
    g_v = 0.0
    if np.isfinite(share):
        if is_city:
            g_v = float(np.clip(share / cfg.voice.city_often_share, 0, 1)) if cfg.voice.city_often_share > 0 else 0.0
        elif np.isfinite(city_share) and city_share > 0:
            g_v = float(np.clip((share / city_share - 1) / (p.voice_full_ratio - 1), 0, 1))
    g_f = 1.0 if risk else 0.0
    w = np.array([p.objective, p.subjective, p.voice, p.safety])
    score_ = 100.0 * float(np.dot(w, [g_o, g_s, g_v, g_f]) / w.sum())
    return g_o, g_s, g_v, g_f, score_


def diagnose_frame(grades: pd.DataFrame, catalog: pd.DataFrame, crosswalk: pd.DataFrame,
                   scores: pd.DataFrame | None = None, voice: pd.DataFrame | None = None,
                   quotes: pd.DataFrame | None = None, cfg: DiagnosisConfig | None = None,
                   areas: list[str] | None = None) -> pd.DataFrame:
    """One row per indicator × area with its statuses, verdict, priority and evidence.

    Parameters
    ----------
    grades : pandas.DataFrame or None
        Graded indicators of one year (``IndicatorResults.current``); None: every linked
        indicator gets a row where residents were scored, objective status unknown.
    catalog : pandas.DataFrame
        The indicator catalog.
    crosswalk : pandas.DataFrame
        ``item``, ``topic``, ``indicator_id`` links.
    scores, voice, quotes : pandas.DataFrame, optional
        As :func:`diagnose`. Several items of one indicator: the lowest score in the area counts.
    cfg : DiagnosisConfig, optional
        Thresholds and weights.
    areas : list of str, optional
        Area order.

    Returns
    -------
    pandas.DataFrame
        Rows in catalog order, then area order; columns: the indicator (``area``,
        ``area_type``, ``indicator_id``, ``name``, ``level``, ``element``, ``unit``,
        ``direction``, ``value``, ``stock``, ``rate``, ``standard``, ``method``, ``grade``,
        ``warning``, ``rule``, ``objective_status``, ``objective_zh``), the residents' scores
        (``item``, ``items``, ``score``, ``ci_low``, ``ci_high``, ``threshold``,
        ``subjective_status``, ``subjective_zh``), their suggestions (``topic``, ``share``,
        ``share_ci_low``, ``share_ci_high``, ``city_share``, ``share_ratio``,
        ``voice_status``, ``voice_zh``, ``quotes``), the verdict (``safety_related``,
        ``quadrant``, ``diagnosis``, ``short_type``, ``is_advantage``, ``is_shortcoming``,
        ``is_city_disease``, ``is_risk``), the priority (``objective_gap``,
        ``subjective_gap``, ``voice_component``, ``safety_component``, ``priority``), and
        ``responsible_department``, ``action``, ``data_gaps``, ``evidence`` (the reasoning
        in one Chinese sentence).

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> from citysurvey.diagnosis import diagnose_frame
    >>> frame = diagnose_frame(grades, catalog, crosswalk, scores, voice)
    >>> print(frame[["area", "indicator_id", "objective_zh", "subjective_zh", "voice_zh", "quadrant"]]
    ...       .to_string(index=False))
    area indicator_id objective_zh subjective_zh voice_zh quadrant
      全市          H02          不达标            满意    反映不集中     隐性问题
      甲区          H02          不达标            满意    反映不集中     隐性问题
      全市          U02           达标           不满意    反映不集中     体感温差
      甲区          U02          不达标           不满意     反映集中     突出短板
    """
    cfg = cfg or DiagnosisConfig()
    items_of, topics_of = links(crosswalk)
    have_grades = grades is not None and len(grades) > 0
    g = grades.copy() if have_grades else pd.DataFrame(columns=["area", "indicator_id"])
    area_list = list(dict.fromkeys(
        (areas or []) + list(g["area"]) + (list(scores["area"]) if scores is not None else [])))
    if have_grades:
        rows = g.reset_index(drop=True)
    else:
        # degraded: without objective grades every linked indicator gets a row where residents were scored;
        # with grades, items whose indicators have no data are subjective-only signals instead
        linked = [i for i in items_of if i in set(catalog["indicator_id"])]
        score_areas = [a for a in area_list if scores is not None and a in set(scores["area"])]
        rows = pd.DataFrame([(a, i) for i in linked for a in score_areas], columns=["area", "indicator_id"])
    info = catalog.set_index("indicator_id")
    for c in ("name", "level", "element", "unit", "safety_related", "responsible_department", "action", "direction",
              "standard"):
        fill = rows["indicator_id"].map(info[c])
        rows[c] = rows[c].where(rows[c].notna(), fill) if c in rows.columns else fill
    for c in ("grade", "warning", "rule", "method", "value", "stock", "rate", "grade_points", "attainment"):
        if c not in rows.columns:
            rows[c] = np.nan
    kind = rows["area_type"] if "area_type" in rows.columns else pd.Series(np.nan, index=rows.index)
    rows["area_type"] = kind.where(kind.notna(), np.where(rows["area"] == CITY_AREA, "city", "district"))
    rows["safety_related"] = rows["safety_related"].astype(bool)

    subj = _subjective(rows, items_of, scores, cfg)
    voi = _voice(rows, topics_of, voice, quotes, cfg)
    rows = pd.concat([rows, subj, voi], axis=1)
    for c in ("score", "ci_low", "ci_high", "threshold", "share", "share_ci_low", "share_ci_high", "city_share",
              "value", "stock", "rate", "grade_points", "standard"):
        rows[c] = rows[c].map(_f).astype(float)
    rows["objective_status"] = [objective_status(x, cfg) for x in rows["grade"]]
    rows["subjective_status"] = [subjective_status(s, lo, hi, t, cfg) for s, lo, hi, t in
                                 zip(rows["score"], rows["ci_low"], rows["ci_high"], rows["threshold"])]
    rows["voice_status"] = [voice_status(s, lo, c, is_city=a == CITY_AREA, cfg=cfg) for s, lo, c, a in
                            zip(rows["share"], rows["share_ci_low"], rows["city_share"], rows["area"])]
    rows["share_ratio"] = np.where(rows["city_share"] > 0, rows["share"] / rows["city_share"], np.nan)
    verdicts = [verdict(o, s, v, safety=f, severe=gr in cfg.risk_grades) for o, s, v, f, gr in
                zip(rows["objective_status"], rows["subjective_status"], rows["voice_status"], rows["safety_related"],
                    rows["grade"])]
    for field in ("quadrant", "diagnosis", "short_type"):
        rows[field] = [getattr(v, field) for v in verdicts]
    # explicit bool dtype: an empty object column used as a mask would select columns, not rows
    rows["is_advantage"] = np.array([v.advantage for v in verdicts], dtype=bool)
    rows["is_shortcoming"] = np.array([v.shortcoming for v in verdicts], dtype=bool)
    rows["is_city_disease"] = np.array([v.city_disease for v in verdicts], dtype=bool)
    rows["is_risk"] = np.array([v.risk for v in verdicts], dtype=bool)
    comps = [priority_components(pts, o, s, t, sh, cs, a == CITY_AREA, r, cfg) for pts, o, s, t, sh, cs, a, r in
             zip(rows["grade_points"], rows["objective_status"], rows["score"], rows["threshold"], rows["share"],
                 rows["city_share"], rows["area"], rows["is_risk"])]
    for k, name in enumerate(("objective_gap", "subjective_gap", "voice_component", "safety_component", "priority")):
        rows[name] = [c[k] for c in comps]
    rows["objective_zh"] = rows["objective_status"].map(OBJECTIVE_ZH)
    rows["subjective_zh"] = rows["subjective_status"].map(SUBJECTIVE_ZH)
    rows["voice_zh"] = rows["voice_status"].map(VOICE_ZH)
    rows["data_gaps"] = _gaps(rows, scores is not None, voice is not None)
    rows["evidence"] = [evidence(r) for r in rows.to_dict("records")]
    order_a = {a: k for k, a in enumerate(area_list)}
    order_i = {i: k for k, i in enumerate(catalog["indicator_id"])}
    rows = rows.assign(_a=rows["area"].map(order_a), _i=rows["indicator_id"].map(order_i))
    rows = rows.sort_values(["_i", "_a"], kind="stable").drop(columns=["_a", "_i"])
    return rows[FRAME_COLUMNS].reset_index(drop=True)


FRAME_COLUMNS = [
    "area", "area_type", "indicator_id", "name", "level", "element", "unit", "direction", "value", "stock", "rate",
    "standard", "method", "grade", "warning", "rule", "objective_status", "objective_zh",
    "item", "items", "score", "ci_low", "ci_high", "threshold", "subjective_status", "subjective_zh",
    "topic", "share", "share_ci_low", "share_ci_high", "city_share", "share_ratio", "voice_status", "voice_zh", "quotes",
    "safety_related", "quadrant", "diagnosis", "short_type", "is_advantage", "is_shortcoming", "is_city_disease",
    "is_risk", "objective_gap", "subjective_gap", "voice_component", "safety_component", "priority",
    "responsible_department", "action", "data_gaps", "evidence",
]


def _gaps(rows: pd.DataFrame, have_scores: bool, have_voice: bool) -> list[str]:
    out = []
    for r in rows.itertuples():
        gaps = []
        if r.objective_status == "unknown":
            gaps.append("无客观数据" if not isinstance(r.grade, str) else "无评价标准")
        if not have_scores:
            gaps.append("未运行满意度评分")
        elif r.subjective_status == "unknown":
            gaps.append("无对应满意度题目" if not r.items else "无该地区满意度得分")
        if not have_voice:
            gaps.append("未运行意见建议分析，未判定城市病")
        elif r.voice_status == "unknown":
            gaps.append("无对应意见话题")
        out.append("；".join(gaps))
    return out


def _n(x: float, digits: int = 1) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:,.{digits}f}"


def evidence(r: dict) -> str:
    """The sentence that explains a row: value vs standard and grade, score and CI, mention share."""
    parts = []
    if isinstance(r.get("grade"), str):
        parts.append(f"客观：{r['name']}，{r['rule']}（{r['warning']}）")
    else:
        parts.append(f"客观：{r['name']}，无指标数据")
    if np.isfinite(r.get("score", np.nan)):
        ci = (f"，95%置信区间 {_n(r['ci_low'])}–{_n(r['ci_high'])}" if np.isfinite(r.get("ci_low", np.nan)) else "，无置信区间")
        parts.append(f"主观：{r['item']} 得分 {_n(r['score'])}{ci}，阈值 {_n(r['threshold'])} → {SUBJECTIVE_ZH[r['subjective_status']]}")
    elif r.get("items"):
        parts.append("主观：无满意度得分")
    else:
        parts.append("主观：无对应满意度题目")
    if np.isfinite(r.get("share", np.nan)):
        ref = (f"全市 {100 * r['city_share']:.1f}%，{r['share'] / r['city_share']:.1f} 倍"
               if r["area"] != CITY_AREA and np.isfinite(r.get("city_share", np.nan)) and r["city_share"] > 0 else "全市")
        parts.append(f"居民意见：话题 {r['topic']} 提及率 {100 * r['share']:.1f}%（{ref}）→ {VOICE_ZH[r['voice_status']]}")
    if r.get("quotes"):
        parts.append(f"居民原话：{r['quotes']}")
    return "；".join(parts)
