"""客观指标评价 chapter: facts and tables from the indicators stage's outputs.

Used by ``reports/chapters/_indicators.qmd``; reads ``indicators/*.csv`` only and
never recomputes. ``district=None`` is the city report.

>>> from citysurvey.report import load_outputs
>>> f = facts(load_outputs("output/demo_city"))   # doctest: +SKIP
>>> f.n_red, f.year                               # doctest: +SKIP
('9', '2026')
"""
from __future__ import annotations

from ...lazy import lazy_module
from . import Facts, missing_table, shared_result
from ..numbers import fmt_int, fmt_num, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from ...indicators.config import GRADES, NO_STANDARD

pd = lazy_module("pandas")

GRADES_CSV = "indicators/indicator_grades.csv"
LEVELS_CSV = "indicators/level_grades.csv"
TRENDS_CSV = "indicators/indicator_trends.csv"
RULES_CSV = "indicators/grading_rules.csv"
MARK = {"红色预警": "●", "黄色预警": "○"}  # marks next to a grade in wide tables


def _grades(out: ReportOutputs) -> pd.DataFrame:
    g = out.table(GRADES_CSV)
    g["safety_related"] = g["safety_related"].astype(str).str.lower() == "true"
    return g


def _year(g: pd.DataFrame, out: ReportOutputs) -> int:
    study_year = out.study.get("year")
    years = sorted(int(y) for y in g["year"].dropna().unique())
    return int(study_year) if study_year in years else years[-1]


def _n(x) -> str:
    return fmt_num(x, 0 if pd.notna(x) and float(x).is_integer() else 1)


def _value(r) -> str:
    if r["method"] == "rate" and pd.notna(r.get("rate")):
        return f"{fmt_num(r['value'], 0 if float(r['value']).is_integer() else 1)}（{fmt_pct(r['rate'])}）"
    return fmt_num(r["value"], 0 if float(r["value"]).is_integer() else 1)


@shared_result(saved=True)
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Formatted numbers for the chapter's prose."""
    if not out.has(GRADES_CSV):
        return Facts({}, missing=GRADES_CSV)
    g = _grades(out)
    year = _year(g, out)
    scope = district or CITY_AREA
    cur = g[(g["year"] == year) & (g["area"] == scope)]
    counts = cur["grade"].value_counts()
    red = cur[cur["warning"] == "红色预警"]
    yellow = cur[cur["warning"] == "黄色预警"]
    allcur = g[g["year"] == year]
    red_all = allcur[(allcur["warning"] == "红色预警") & (allcur["area"] != CITY_AREA)]
    values = {
        "scope": scope,
        "year": str(year),
        "n_indicators": fmt_int(cur["indicator_id"].nunique()),
        "n_catalog_levels": fmt_int(cur["level"].nunique()),
        "grade_counts": "、".join(f"{gr}{fmt_int(counts.get(gr, 0))}项" for gr in (*GRADES, NO_STANDARD)),
        "n_red": fmt_int(len(red)),
        "n_yellow": fmt_int(len(yellow)),
        "red_list": "、".join(f"{r['name']}（{r['grade']}）" for _, r in red.iterrows()) or "无",
        "n_red_districts": fmt_int(len(red_all)),
        "red_districts": "、".join(f"{r['area']}{r['name']}" for _, r in red_all.iterrows()) or "无",  # every one: each is a warning
        "safety_red": "、".join(f"{r['name']}" for _, r in red[red["safety_related"]].iterrows()) or "无",
    }
    if out.has(TRENDS_CSV):
        t = out.table(TRENDS_CSV)
        t = t[(t["year"] == year) & (t["area"] == scope)]
        tc = t["trend"].value_counts()
        values["n_improved"] = fmt_int(tc.get("improved", 0))
        values["n_worsened"] = fmt_int(tc.get("worsened", 0))
        values["n_unchanged"] = fmt_int(tc.get("unchanged", 0))
        values["worsened_list"] = "、".join(t.loc[t["trend"] == "worsened", "name"]) or "无"
        prev = t["previous_year"].dropna()
        values["previous_year"] = str(int(prev.iloc[0])) if len(prev) else "—"
    if out.has(LEVELS_CSV):
        lv = out.table(LEVELS_CSV)
        lv = lv[(lv["year"] == year) & (lv["area"] == scope)]
        overall = lv[lv["scope"] == "overall"]
        values["overall_grade"] = str(overall["grade"].iloc[0]) if len(overall) else "—"
        values["overall_score"] = fmt_num(overall["composite"].iloc[0]) if len(overall) else "—"
        levels = lv[lv["scope"] == "level"]
        values["level_grades"] = "、".join(f"{r['level']}{r['grade']}（{fmt_num(r['composite'])}）"
                                           for _, r in levels.iterrows()) or "—"
    return Facts(values)


@shared_result(saved=True)
def grade_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Indicators of the year: value, standard, grade and warning for the scope (city or one district)."""
    if not out.has(GRADES_CSV):
        return missing_table("客观指标评价")
    g = _grades(out)
    year = _year(g, out)
    cur = g[(g["year"] == year) & (g["area"] == (district or CITY_AREA))]
    std = [("—" if pd.isna(s) else fmt_num(s, 0 if float(s).is_integer() else 1)) for s in cur["standard"]]
    table = pd.DataFrame({
        "层级": cur["level"], "指标": cur["name"], "单位": cur["unit"], "指标值": [_value(r) for _, r in cur.iterrows()],
        "标准": std, "评价": cur["grade"], "预警": cur["warning"],
    })
    table["层级"] = table["层级"].where(~table["层级"].duplicated(), "")
    return md_table(table, align="lllrrll")


@shared_result(saved=True)
def district_table(out: ReportOutputs) -> MarkdownTable:
    """Grades by district (columns) for each indicator; ● 红色预警, ○ 黄色预警."""
    if not out.has(GRADES_CSV):
        return missing_table("各区客观指标评价")
    g = _grades(out)
    cur = g[g["year"] == _year(g, out)].copy()
    cur["cell"] = cur["grade"] + cur["warning"].map(MARK).fillna("")
    areas = list(dict.fromkeys(cur["area"]))
    wide = cur.pivot_table(index=["indicator_id", "name"], columns="area", values="cell", aggfunc="first", sort=False)
    wide = wide.reindex(columns=areas).reset_index().fillna("—")
    wide = wide.drop(columns="indicator_id").rename(columns={"name": "指标"})
    return md_table(wide, align="l" + "c" * len(areas))


@shared_result(saved=True)
def level_table(out: ReportOutputs) -> MarkdownTable:
    """Level composites 优/良/中/差 by area."""
    if not out.has(LEVELS_CSV):
        return missing_table("层级综合评价")
    lv = out.table(LEVELS_CSV)
    g = _grades(out) if out.has(GRADES_CSV) else None
    year = _year(g, out) if g is not None else int(lv["year"].max())
    lv = lv[(lv["year"] == year) & lv["scope"].isin(["level", "overall"])].copy()
    lv["cell"] = [f"{gr}（{fmt_num(c)}）" if pd.notna(c) else gr for gr, c in zip(lv["grade"], lv["composite"])]
    wide = lv.pivot_table(index="area", columns="level", values="cell", aggfunc="first", sort=False).reset_index()
    wide = wide.rename(columns={"area": "地区"}).fillna("—")
    return md_table(wide, align="l" + "c" * (wide.shape[1] - 1))


@shared_result(saved=True)
def trend_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Indicators that changed grade or worsened since the previous year."""
    if not out.has(TRENDS_CSV):
        return missing_table("年度变化")
    t = out.table(TRENDS_CSV)
    g = _grades(out)
    t = t[(t["year"] == _year(g, out)) & (t["area"] == (district or CITY_AREA)) & t["previous_year"].notna()]
    t = t[(t["trend"] == "worsened") | (t["grade"] != t["previous_grade"])]
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["与上年相比，各指标评价等级均未变化，也没有指标恶化。"]}))
    table = pd.DataFrame({
        "指标": t["name"], "上年": t["previous_value"].map(_n), "本年": t["value"].map(_n),
        "上年评价": t["previous_grade"], "本年评价": t["grade"], "趋势": t["trend_zh"],
    })
    return md_table(table, align="lrrlll")


@shared_result(saved=True)
def rules_table(out: ReportOutputs) -> MarkdownTable:
    """Every grading cut-off in force (method appendix)."""
    if not out.has(RULES_CSV):
        return missing_table("评价规则")
    r = out.table(RULES_CSV)
    table = pd.DataFrame({"适用范围": r["scope"], "方法": r["method_zh"], "结果": r["outcome"], "条件": r["condition"]})
    return md_table(table, align="llll")
