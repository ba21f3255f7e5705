"""满意度评价 chapter: facts, tables and charts from the scoring stage's outputs.

Used by ``reports/chapters/_satisfaction.qmd``; reads ``scoring/*.csv`` only and
never recomputes. ``district=None`` is the city report; with a district the
facts and tables describe that district next to the city.

>>> from citysurvey.report import load_outputs
>>> f = facts(load_outputs("output/demo_city"))     # doctest: +SKIP
>>> f.composite, f.scheme                           # doctest: +SKIP
('72.3', '100/80/60/40/20')
"""
from __future__ import annotations

from ...lazy import lazy_module
from . import Facts, missing_figure, missing_table, shared_chart, shared_result
from ..numbers import fmt_int, fmt_num, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from ...plotting import DOWN, UP

pd = lazy_module("pandas")

SCORES = "scoring/scores.csv"
ITEM_DISTRICT = "scoring/item_district.csv"
METHOD = "scoring/method.csv"
DRIVERS = "scoring/drivers.csv"
IPA = "scoring/ipa.csv"
RELIABILITY = "scoring/reliability.csv"
RULES = "scoring/index_rules.csv"
GROUP_TESTS = "scoring/group_tests.csv"
COMPOSITE = "index:综合"
TOP_N = 3  # items named in the text at each end


def _ci(row) -> str:
    return f"{fmt_num(row['ci_low'])}～{fmt_num(row['ci_high'])}"


def _text(col: pd.Series) -> pd.Series:
    """A column of labels as text, blanks as "" (a column blank throughout is read from its CSV as float, and pandas
    will refuse a text fill for a float column)."""
    return col.astype(object).fillna("").astype(str)


def scores(out: ReportOutputs) -> pd.DataFrame:
    s = out.table(SCORES)
    for c in ("flag", "domain_var", "domain"):
        s[c] = _text(s[c])
    s["significant"] = s["significant"].astype(str).str.lower() == "true"
    return s


def _item_district(out: ReportOutputs) -> pd.DataFrame:
    t = out.table(ITEM_DISTRICT)
    for c in ("score_flag", "satisfied_flag", "quadrant"):
        t[c] = _text(t[c])
    return t


def _city_score(s: pd.DataFrame, item: str, domain: str = CITY_AREA) -> pd.Series | None:
    var = "city" if domain == CITY_AREA else "district"
    rows = s[(s["item"] == item) & (s["measure"] == "score") & (s["domain_var"] == var) & (s["domain"] == domain)]
    return rows.iloc[0] if len(rows) else None


def _names(rows: pd.DataFrame, value: str = "estimate", digits: int = 1) -> str:
    return "、".join(f"{r['label']}（{fmt_num(r[value], digits)}）" for _, r in rows.iterrows()) or "无"


@shared_result(saved=True)  # the 摘要 (summary.headline_facts) and the chapter itself both ask
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Formatted numbers for the chapter's prose."""
    if not out.has(SCORES):
        return Facts({}, missing=SCORES)
    s = scores(out)
    scope = district or CITY_AREA
    method = out.table(METHOD).set_index("aspect")["rule"] if out.has(METHOD) else pd.Series(dtype=str)
    comp = _city_score(s, COMPOSITE, scope)
    comp_city = _city_score(s, COMPOSITE)
    items = s[(s["kind"] == "item") & (s["measure"] == "score") & (s["domain"] == scope)
              & (s["domain_var"] == ("city" if district is None else "district"))]
    overall_items = items[items["level"] == "总体"]
    items = items[items["level"] != "总体"].sort_values("estimate")
    levels = s[(s["kind"] == "level_index") & (s["measure"] == "score") & (s["domain_var"] == "city")]
    sat = s[(s["kind"] == "item") & (s["measure"] == "satisfied_rate") & (s["domain_var"] == "city")]
    scheme = str(s.loc[s["measure"] == "score", "scheme"].dropna().iloc[0]) if s["scheme"].notna().any() else "—"
    values = {
        "scope": scope,
        "scheme": scheme,
        "scheme_rule": str(method.get("评分方案", scheme)),
        "satisfied_rule": str(method.get("满意率", "—")),
        "dissatisfied_rule": str(method.get("不满意率", "—")),
        "min_rule": str(method.get("最少作答规则", "—")),
        "weights_rule": str(method.get("题目权重", "—")),
        "test_rule": str(method.get("与全市比较", "—")),
        "weighting": str(method.get("加权", "—")),
        "n_items": fmt_int(len(items)),
        "composite": fmt_num(comp["estimate"]) if comp is not None else "—",
        "composite_ci": _ci(comp) if comp is not None else "—",
        "composite_city": fmt_num(comp_city["estimate"]) if comp_city is not None else "—",
        "composite_flag": (comp["flag"] or "与全市无显著差异") if comp is not None and district else "",
        "overall_item": _names(overall_items),
        "lowest_items": _names(items.head(TOP_N)),
        "highest_items": _names(items.tail(TOP_N).iloc[::-1]),
        "highest_level": _names(levels.nlargest(1, "estimate")),
        "lowest_level": _names(levels.nsmallest(1, "estimate")),
        "sat_mean": fmt_pct(sat["estimate"].mean()) if len(sat) else "—",
        "sat_lowest": "、".join(f"{r['label']}（{fmt_pct(r['estimate'])}）" for _, r in sat.nsmallest(TOP_N, "estimate").iterrows())
        or "—",
    }
    values.update(_district_facts(s))
    values.update(_group_facts(s))
    values.update(_driver_facts(out))
    return Facts(values)


def _areas(rows: pd.DataFrame) -> str:
    return "、".join(f"{r['domain']}（{fmt_num(r['estimate'])}）" for _, r in rows.iterrows()) or "无"


def _district_facts(s: pd.DataFrame) -> dict[str, str]:
    comp = s[(s["item"] == COMPOSITE) & (s["measure"] == "score") & (s["domain_var"] == "district")]
    above = comp[comp["flag"] == "高于全市"]
    below = comp[comp["flag"] == "低于全市"]
    items = s[(s["kind"] == "item") & (s["measure"] == "score") & (s["domain_var"] == "district") & s["significant"]]
    worst = items.nsmallest(TOP_N, "diff")
    gaps = "、".join(f"{r['domain']}的{r['label']}（比全市低{fmt_num(-r['diff'])}分）" for _, r in worst.iterrows()
                     if r["diff"] < 0) or "无"
    return {
        "districts_above": _areas(above),
        "districts_below": _areas(below),
        "n_district_flags": fmt_int(len(items)),
        "n_district_cells": fmt_int(((s["kind"] == "item") & (s["measure"] == "score") & (s["domain_var"] == "district")).sum()),
        "largest_gaps": gaps,
    }


def _group_facts(s: pd.DataFrame) -> dict[str, str]:
    comp = s[(s["item"] == COMPOSITE) & (s["measure"] == "score") & ~s["domain_var"].isin(["city", "district"])]
    flagged = comp[comp["flag"] != ""]
    text = "；".join(
        f"{r['domain_var_label']}为“{r['domain']}”的居民{r['flag']}（{fmt_num(r['estimate'])}，差{fmt_num(r['diff'], sign=True)}分）"
        for _, r in flagged.iterrows()
    )
    return {"group_differences": text or "各群体的综合满意度指数与全市均无显著差异",
            "group_variables": "、".join(dict.fromkeys(comp["domain_var_label"])) or "—"}


def _driver_facts(out: ReportOutputs) -> dict[str, str]:
    if not out.has(DRIVERS) or out.table(DRIVERS).empty:
        return {"r2": "—", "top_drivers": "—", "priority_items": "—", "ipa_rule": "—", "level_shares": "—",
                "r2_pct": "—", "n_drivers": "—", "n_priority": "—"}
    d = out.table(DRIVERS)
    items = d[d["model"] == "items"].sort_values("rank")
    levels = d[d["model"] == "levels"].sort_values("rank")
    ipa = out.table(IPA) if out.has(IPA) else pd.DataFrame(columns=["domain_var", "quadrant", "label", "importance"])
    city = ipa[(ipa["domain_var"] == "city") & (ipa["quadrant"] == "优先改进区")].sort_values("importance", ascending=False)
    method = out.table(METHOD).set_index("aspect")["rule"] if out.has(METHOD) else pd.Series(dtype=str)
    return {
        "r2": fmt_num(items["r2"].iloc[0], 3) if len(items) else "—",
        "r2_pct": fmt_pct(items["r2"].iloc[0]) if len(items) else "—",
        "n_drivers": fmt_int(items["n"].iloc[0]) if len(items) else "—",
        "top_drivers": "、".join(f"{r['label']}（{fmt_num(r['relative_weight_pct'])}%）" for _, r in items.head(5).iterrows()),
        "priority_items": "、".join(city["label"]) or "无",
        "n_priority": fmt_int(len(city)),
        "ipa_rule": str(method.get("重要性—表现分析", "—")),
        "level_shares": "、".join(f"{r['label']}{fmt_num(r['lmg_pct'])}%" for _, r in levels.iterrows()) or "—",
    }


# -- tables ----------------------------------------------------------------------

@shared_result(saved=True)
def level_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Composite and level indices (and the overall item) with intervals: city, or district next to city."""
    if not out.has(SCORES):
        return missing_table("满意度指数")
    s = scores(out)
    keep = s[((s["kind"] != "item") | (s["level"] == "总体")) & (s["measure"] == "score")]
    city = keep[keep["domain_var"] == "city"].set_index("item")
    table = pd.DataFrame({"指标": city["label"], "全市得分": city["estimate"].map(fmt_num),
                          "95%置信区间": [_ci(r) for _, r in city.iterrows()], "有效样本": city["n"].map(fmt_int)})
    if district:
        d = keep[(keep["domain_var"] == "district") & (keep["domain"] == district)].set_index("item").reindex(city.index)
        table[f"{district}得分"] = d["estimate"].map(fmt_num)
        table["与全市差"] = d["diff"].map(lambda x: fmt_num(x, sign=True))
        table["比较"] = d["flag"].replace("", "无显著差异")
    return md_table(table.reset_index(drop=True), align="l" + "r" * (table.shape[1] - 1))


@shared_result(saved=True)
def item_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Every item: score with interval, satisfied and dissatisfied rates, awareness/applicability rate."""
    if not out.has(ITEM_DISTRICT):
        return missing_table("各题目满意度")
    t = _item_district(out)
    t = t[t["district"] == (district or CITY_AREA)]
    table = pd.DataFrame({
        "层级": t["level"].where(~t["level"].duplicated(), ""),
        "题目": t["label"],
        "得分": t["score"].map(fmt_num),
        "95%置信区间": [f"{fmt_num(a)}～{fmt_num(b)}" for a, b in zip(t["score_ci_low"], t["score_ci_high"])],
        "满意率": t["satisfied_rate"].map(fmt_pct),
        "不满意率": t["dissatisfied_rate"].map(fmt_pct),
        "知晓/适用率": t["valid_rate"].map(fmt_pct),
    })
    if district:
        table["与全市比较"] = t["score_flag"].replace("", "—").to_numpy()
    return md_table(table, align="ll" + "r" * (table.shape[1] - 2))


@shared_result(saved=True)
def district_table(out: ReportOutputs) -> MarkdownTable:
    """District × index scores; ▲/▼ mark significant differences from the city."""
    if not out.has(SCORES):
        return missing_table("各区满意度指数")
    s = scores(out)
    rows = s[(s["kind"] != "item") & (s["measure"] == "score") & s["domain_var"].isin(["city", "district"])]
    mark = rows["flag"].map({"高于全市": UP, "低于全市": DOWN}).fillna("")
    rows = rows.assign(cell=rows["estimate"].map(fmt_num) + mark)
    wide = rows.pivot(index="domain", columns="label", values="cell")
    wide = wide.reindex(index=list(dict.fromkeys(rows["domain"])), columns=list(dict.fromkeys(rows["label"])))
    wide = wide.rename_axis(None, axis=1).reset_index().rename(columns={"domain": "区"})
    # short headers (住房, 综合): the table's note says each column is that level's index
    wide = wide.rename(columns=lambda c: c.removesuffix(INDEX_SUFFIX) or c)
    return md_table(wide, align="l" + "r" * (wide.shape[1] - 1))


INDEX_SUFFIX = "满意度指数"  # 住房满意度指数 → 住房 in a table headed by the note below it


@shared_result(saved=True)
def driver_table(out: ReportOutputs, top: int = 10) -> MarkdownTable:
    """The strongest key drivers: relative weight, standardised coefficient, design-based p value."""
    if not out.has(DRIVERS) or out.table(DRIVERS).empty:
        return missing_table("关键驱动因素")
    d = out.table(DRIVERS)
    d = d[d["model"] == "items"].sort_values("rank").head(top)
    ipa = out.table(IPA) if out.has(IPA) else pd.DataFrame(columns=["domain_var", "item", "quadrant", "performance"])
    city = ipa[ipa["domain_var"] == "city"].set_index("item")
    table = pd.DataFrame({
        "排序": d["rank"].map(fmt_int),
        "题目": d["label"],
        "层级": d["level"],
        "相对权重（%）": d["relative_weight_pct"].map(fmt_num),
        "标准化系数": d["std_coef"].map(lambda x: fmt_num(x, 3)),
        "p值": d["p_value"].map(lambda p: "<0.001" if p < 0.001 else fmt_num(p, 3)),
        "满意度得分": d["predictor"].map(city["performance"]).map(fmt_num) if len(city) else "—",
        "IPA象限": d["predictor"].map(city["quadrant"]).fillna("—") if len(city) else "—",
    })
    # the numbers and the quadrant get room to stay on one line; the item names wrap instead
    return md_table(table, align="rllrrrrl", wide=(4, 6, 7))


@shared_result(saved=True)
def reliability_table(out: ReportOutputs) -> MarkdownTable:
    if not out.has(RELIABILITY):
        return missing_table("信度分析")
    r = out.table(RELIABILITY)
    per = r.groupby("level", sort=False).agg(
        k=("k", "first"), alpha=("alpha", "first"), lo=("alpha_ci_low", "first"), hi=("alpha_ci_high", "first"),
        n=("n", "first"), raise_=("raises_alpha", lambda x: "、".join(r.loc[x.index[x.astype(str).str.lower() == "true"], "label"]) or "无"),
    )
    table = pd.DataFrame({
        "层级": per.index, "题目数": per["k"].map(fmt_int), "Cronbach's α": per["alpha"].map(lambda x: fmt_num(x, 3)),
        "95%置信区间": [f"{fmt_num(a, 3)}～{fmt_num(b, 3)}" for a, b in zip(per["lo"], per["hi"])],
        "样本量": per["n"].map(fmt_int), "删除后α升高的题目": per["raise_"],
    })
    return md_table(table.reset_index(drop=True), align="lrrrrl")


# -- charts ------------------------------------------------------------------------

@shared_chart("scoring/charts/item_scores.png")
def item_chart(out: ReportOutputs):
    if not out.has(SCORES):
        return missing_figure("各题目满意度得分")
    return _shown(_charts().item_scores_chart(scores(out)))


@shared_chart("scoring/charts/district_heatmap.png")
def heatmap(out: ReportOutputs):
    if not out.has(ITEM_DISTRICT):
        return missing_figure("各区分题目满意度")
    return _shown(_charts().district_heatmap(_item_district(out)))


@shared_chart("scoring/charts/district_indices.png")
def district_chart(out: ReportOutputs):
    if not out.has(SCORES):
        return missing_figure("各区满意度指数")
    return _shown(_charts().district_index_chart(scores(out)))


@shared_chart("scoring/charts/groups.png")
def group_chart(out: ReportOutputs):
    if not out.has(SCORES):
        return missing_figure("不同群体满意度")
    return _shown(_charts().group_chart(scores(out)))


@shared_chart("scoring/charts/ipa.png")
def ipa_chart(out: ReportOutputs, district: str | None = None):
    if not out.has(IPA) or out.table(IPA).empty:
        return missing_figure("重要性—表现分析")
    return _shown(_charts().ipa_chart(out.table(IPA), district or CITY_AREA))


def _charts():
    """The scoring stage's chart functions, imported only to draw (they bring in the statistics)."""
    from ...scoring import charts

    return charts


def _shown(fig):
    import matplotlib.pyplot as plt

    plt.close(fig)  # shown once, as the cell's result
    return fig
