"""Street-level diagnosis (街道诊断): 街区-level items per street, where the estimates allow it.

Input: the small-area stage's published street estimates (:func:`.inputs.streets_from_smallarea`),
the district scores (for context and for ``subjective.reference: city``), the crosswalk and,
when the indicators stage graded streets, their grades. One row per street × item of the
configured levels (``diagnosis.street_levels``, 街区 by default).

* A street whose estimate the publication rule suppressed is not diagnosed: its row says
  so (``subjective_status = suppressed``), because a diagnosis from an estimate too imprecise
  to print would be a finding nobody can check.
* Satisfied / dissatisfied / uncertain use the same rule as the districts
  (:func:`.classify.subjective_status`), on the published estimate and its interval (the
  direct CI, or ± z·√MSE for a model estimate). With ``reference: city`` a street is
  compared with its district's score, as a district is with the city's.
* The quadrant rule (:func:`.classify.verdict`) needs the objective grade of the street: the
  worst grade of the item's indicators given for that street. Without street indicators the
  objective status is unknown, so a dissatisfied street is a 短板 (居民反映), a satisfied one
  reads "居民满意（无客观评价）" and nothing can be an 优势. Residents' voice is not estimated
  per street: no 城市病 at this level.

>>> t = diagnose_streets(streets, crosswalk, DiagnosisConfig(), district_scores=scores)   # doctest: +SKIP
>>> t.query("is_shortcoming")[["area", "item_label", "score"]]                           # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .classify import OBJECTIVE_ZH, SUBJECTIVE_ZH, objective_status, subjective_status, verdict
from .config import DiagnosisConfig

SUPPRESSED = "suppressed"  # the small-area publication rule's word for an estimate not printed
STREET_SUBJECTIVE_ZH = {**SUBJECTIVE_ZH, SUPPRESSED: "不发布（精度不足，未诊断）"}
#: worst first: the item's indicators in a street are summarised by the worst grade given
_GRADE_ORDER = ("较差", "一般", "较好", "很好")

#: the row's diagnosis when the street has no objective grade and residents are not dissatisfied
_RESIDENTS_ONLY = {"satisfied": "居民满意（无客观评价）", "uncertain": "满意度不确定（无客观评价）"}

COLUMNS = [
    "area_var", "area", "district", "item", "item_label", "item_level", "indicators", "published", "published_zh",
    "score", "se", "ci_low", "ci_high", "n", "n_eff", "district_score", "diff_district", "threshold",
    "grade", "objective_status", "objective_zh", "subjective_status", "subjective_zh", "quadrant", "diagnosis",
    "short_type", "is_advantage", "is_shortcoming", "rank_in_district", "evidence",
]


def _worst_grade(grades: pd.DataFrame | None, area: str, ids: list[str]) -> object:
    if grades is None or not ids:
        return np.nan
    g = grades[(grades["area"] == area) & grades["indicator_id"].isin(ids)]["grade"]
    for grade in _GRADE_ORDER:
        if (g == grade).any():
            return grade
    return np.nan


def diagnose_streets(streets: pd.DataFrame | None, crosswalk: pd.DataFrame, cfg: DiagnosisConfig | None = None, *,
                     district_scores: pd.DataFrame | None = None, grades: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per street × item of ``cfg.street_levels`` (columns :data:`COLUMNS`); empty without streets.

    `streets`: ``area_var, area, district, item, measure, estimate, se, ci_low, ci_high, n, n_eff,
    published, published_zh`` (score rows are used). `district_scores`: ``item, area, score``.
    """
    cfg = cfg or DiagnosisConfig()
    if streets is None or streets.empty:
        return pd.DataFrame(columns=COLUMNS)
    cw = crosswalk[crosswalk["item_level"].isin(cfg.street_levels) & (crosswalk["item"].fillna("") != "")]
    ids_of = {it: [i for i in g if isinstance(i, str) and i] for it, g in cw.groupby("item", sort=False)["indicator_id"]}
    info = cw.drop_duplicates("item").set_index("item")
    s = streets[(streets["measure"] == "score") & streets["item"].isin(ids_of)].copy()
    if s.empty:
        return pd.DataFrame(columns=COLUMNS)
    dist = (district_scores.set_index(["item", "area"])["score"] if district_scores is not None
            else pd.Series(dtype=float))
    rows = []
    for r in s.to_dict("records"):
        item, area = r["item"], r["area"]
        d_score = float(dist.get((item, r["district"]), np.nan))
        thr = d_score if cfg.subjective.reference == "city" else cfg.subjective.threshold
        grade = _worst_grade(grades, area, ids_of[item])
        obj = objective_status(grade, cfg)
        if r["published"] == SUPPRESSED:
            subj, v = SUPPRESSED, verdict(obj, "unknown", "unknown", safety=False)
            diagnosis, quadrant, short, adv, shortc = "不发布", "精度不足", "", False, False
        else:
            subj = subjective_status(r["estimate"], r["ci_low"], r["ci_high"], thr, cfg)
            v = verdict(obj, subj, "unknown", safety=False)
            diagnosis, quadrant, short, adv, shortc = v.diagnosis, v.quadrant, v.short_type, v.advantage, v.shortcoming
            if obj == "unknown" and subj in _RESIDENTS_ONLY:
                # streets rarely have indicator data: say what residents said rather than "cannot tell"
                diagnosis = quadrant = _RESIDENTS_ONLY[subj]
        rows.append({
            "area_var": r["area_var"], "area": area, "district": r["district"], "item": item,
            "item_label": info.at[item, "item_label"], "item_level": info.at[item, "item_level"],
            "indicators": ";".join(ids_of[item]), "published": r["published"], "published_zh": r["published_zh"],
            "score": r["estimate"], "se": r["se"], "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": r["n"],
            "n_eff": r["n_eff"], "district_score": d_score, "diff_district": r["estimate"] - d_score, "threshold": thr,
            "grade": grade, "objective_status": obj, "objective_zh": OBJECTIVE_ZH[obj], "subjective_status": subj,
            "subjective_zh": STREET_SUBJECTIVE_ZH[subj], "quadrant": quadrant, "diagnosis": diagnosis,
            "short_type": short, "is_advantage": adv, "is_shortcoming": shortc,
        })
    out = pd.DataFrame(rows)
    # rank among the district's published streets on the item, lowest score first (1 = most in need)
    pub = out["published"] != SUPPRESSED
    out["rank_in_district"] = (out[pub].groupby(["district", "item"])["score"].rank(method="min").reindex(out.index))
    out["evidence"] = [street_evidence(r) for r in out.to_dict("records")]
    out["is_advantage"] = out["is_advantage"].astype(bool)
    out["is_shortcoming"] = out["is_shortcoming"].astype(bool)
    return out[COLUMNS].reset_index(drop=True)


def _n(x, digits: int = 1) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:,.{digits}f}"


def street_evidence(r: dict) -> str:
    """The sentence behind a street row: published estimate and interval, threshold, district, grade."""
    if r["subjective_status"] == SUPPRESSED:
        return (f"{r['area']}{r['item_label']}：样本量 {int(r['n'])}，按发布规则精度不足，不发布估计，不作诊断"
                f"（所在区{r['district']}得分 {_n(r['district_score'])}）")
    obj = f"客观：{r['grade']}" if isinstance(r["grade"], str) else "客观：无本街道指标数据"
    return (f"{r['area']}{r['item_label']} 得分 {_n(r['score'])}（{r['published_zh']}，95%区间 "
            f"{_n(r['ci_low'])}–{_n(r['ci_high'])}，样本量 {int(r['n'])}），阈值 {_n(r['threshold'])} → "
            f"{r['subjective_zh']}；所在区{r['district']} {_n(r['district_score'])}；{obj}")


def street_summary(table: pd.DataFrame) -> dict:
    """Counts for the manifest: streets diagnosed, suppressed, 短板 by street."""
    if table.empty:
        return {"rows": 0}
    sup = table["published"] == SUPPRESSED
    short = table[table["is_shortcoming"]]
    return {"rows": int(len(table)), "streets": int(table["area"].nunique()), "suppressed": int(sup.sum()),
            "shortcomings": int(len(short)), "advantages": int(table["is_advantage"].sum()),
            "streets_with_shortcomings": int(short["area"].nunique())}
