"""与上期比较 chapter: change per index and item since the previous wave, the trend, 上年问题整改成效.

Used by ``reports/chapters/_waves.qmd``; reads ``waves/changes.csv``, ``waves/trends.csv``
and ``waves/followup.csv`` only. ``district=None`` is the city report (全市 rows; the
follow-up of every district counted by status); with a district, that district's rows.

Significance marks: ``*`` after a change means it is significant at the study's level after
the multiple-comparison adjustment the waves stage applied (``p_adjusted``); ▲ improved,
▼ worsened.

>>> f = facts(load_outputs("output/demo_city"))   # doctest: +SKIP
>>> f.year_previous                               # doctest: +SKIP
'2025'
"""
from __future__ import annotations

from ...lazy import lazy_module
from . import Facts, missing_figure, shared_chart, shared_result
from ..numbers import fmt_int, fmt_num
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table

pd = lazy_module("pandas")

CHANGES = "waves/changes.csv"
TRENDS = "waves/trends.csv"
FOLLOWUP = "waves/followup.csv"
TREND_PNG = "waves/charts/index_trend.png"
ARROW = {"improved": "▲", "worsened": "▼"}
STATUS_ORDER = ["resolved", "improved", "unchanged", "worse", "unknown"]


def absent_sentence(out: ReportOutputs) -> str:
    """Why there is no comparison, in plain words; "" when the waves stage wrote its tables."""
    for key in ("waves", "stage:waves"):
        if out.lacks(key):
            return next(g["zh"] for g in out.absent if g.get("key") == key)
    if not out.has(CHANGES):
        return "本次运行没有生成与上期比较的结果（waves/changes.csv），本章从略。"
    return ""


def _truthy(s: pd.Series) -> pd.Series:
    return s.astype(str).str.lower().isin(["true", "1"])  # what _true says of each value


def changes(out: ReportOutputs, district: str | None = None, kind: str = "index") -> pd.DataFrame:
    """Score changes of the scope: ``kind`` index (level and composite indices) or item."""
    c = out.table(CHANGES)
    c = c[c["measure"] == "score"]
    if district is None:
        c = c[c["domain_var"] == "city"]
    else:
        c = c[(c["domain_var"] == out.district_variable) & (c["domain"].astype(str) == district)]
    return c[(c["kind"] == "item") if kind == "item" else (c["kind"] != "item")].reset_index(drop=True)


def _true(value) -> bool:
    """One value as :func:`_truthy` reads a column (a Series per table cell cost most of the table's time)."""
    return str(value).lower() in ("true", "1")


def _change_cell(r) -> str:
    if not _true(r["comparable"]):
        return "—"
    star = "*" if _true(r["significant"]) else ""
    return f"{fmt_num(r['diff'], sign=True)}{star}{ARROW.get(r['change'], '')}"


def _table(c: pd.DataFrame, with_level: bool) -> MarkdownTable:
    cols = {"指数" if not with_level else "题目": c["label"]}
    if with_level:
        cols["层级"] = c["level"]
    y0, y1 = int(c["year_previous"].iloc[0]), int(c["year"].iloc[0])
    cols |= {f"{y0}年": c["estimate_previous"].map(fmt_num), f"{y1}年": c["estimate"].map(fmt_num),
             "变化": [_change_cell(r) for r in c.to_dict("records")],
             "差值标准误": [fmt_num(se) if ok else "—" for se, ok in zip(c["diff_se"], _truthy(c["comparable"]))],
             "判断": c["change_zh"].fillna("—")}
    return md_table(pd.DataFrame(cols), align="l" + ("l" if with_level else "") + "rrrrl")


@shared_result(saved=True)
def index_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Level and composite indices: both waves, the change with its marks, its SE."""
    return _change_table(out, district, "index", "两期没有可比较的指数。")


@shared_result(saved=True)
def item_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Every item matched across the waves, in the questionnaire's order."""
    return _change_table(out, district, "item", "两期没有可匹配的题目。")


def _change_table(out: ReportOutputs, district: str | None, kind: str, empty: str) -> MarkdownTable:
    why = absent_sentence(out)
    if why:
        return md_table(pd.DataFrame({"说明": [why]}))
    c = changes(out, district, kind)
    if c.empty:
        return md_table(pd.DataFrame({"说明": [empty]}))
    return _table(c, with_level=kind == "item")


@shared_result(saved=True)
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    why = absent_sentence(out)
    if why:
        return Facts({}, missing=why)
    items = changes(out, district, "item")
    idx = changes(out, district, "index")
    if items.empty and idx.empty:
        return Facts({}, missing=f"{district or '全市'}没有可比较的结果")
    anyc = items if len(items) else idx
    sig = items[_truthy(items["significant"])] if len(items) else items
    up, down = sig[sig["change"] == "improved"], sig[sig["change"] == "worsened"]

    def names(t: pd.DataFrame, limit: int = 6) -> str:
        t = t.reindex(t["diff"].abs().sort_values(ascending=False).index)
        s = "、".join(f"{lab}（{fmt_num(d, sign=True)}分）" for lab, d in zip(t["label"].head(limit), t["diff"].head(limit)))
        return (s + (f"等{fmt_int(len(t))}项" if len(t) > limit else "")) or "无"

    comp = idx[idx["kind"] == "composite_index"]
    comp_text = "两期综合指数口径不同，不作比较"
    if len(comp) and not _truthy(comp["comparable"]).iloc[0]:
        r = comp.iloc[0]
        comp_text = (f"综合满意度指数{int(r['year_previous'])}年为{fmt_num(r['estimate_previous'])}分，"
                     f"{int(r['year'])}年为{fmt_num(r['estimate'])}分；两期纳入的题目不同，口径不一致，不作显著性判断")
    elif len(comp):
        r = comp.iloc[0]
        comp_text = (f"综合满意度指数由{fmt_num(r['estimate_previous'])}分变为{fmt_num(r['estimate'])}分"
                     f"（{fmt_num(r['diff'], sign=True)}分，差值标准误{fmt_num(r['diff_se'])}，{r['change_zh']}）")
    f = followup(out, district)
    counts = f["status"].value_counts() if len(f) else pd.Series(dtype=int)
    return Facts({
        "scope": district or "全市",
        "year_previous": str(int(anyc["year_previous"].iloc[0])),
        "year": str(int(anyc["year"].iloc[0])),
        "n_items": fmt_int(len(items)),
        "n_improved": fmt_int(len(up)), "n_worsened": fmt_int(len(down)),
        "improved": names(up), "worsened": names(down),
        "composite": comp_text,
        "n_followup": fmt_int(len(f)),
        **{f"fu_{k}": fmt_int(counts.get(k, 0)) for k in STATUS_ORDER},
        "by_area": _by_area(out) if district is None else "",
    })


def _by_area(out: ReportOutputs) -> str:
    """For the city report: each district's followed-up problems by status, one clause per district."""
    from ...waves.followup import STATUS_ZH

    if not out.has(FOLLOWUP):
        return ""
    f = out.table(FOLLOWUP)
    f = f[f["area"] != CITY_AREA]
    if f.empty:
        return ""
    parts = []
    for area, g in f.groupby("area", sort=False):
        c = g["status"].value_counts()
        parts.append(f"{area}{fmt_int(len(g))}项（" + "、".join(
            f"{STATUS_ZH[k]}{fmt_int(c[k])}项" for k in STATUS_ORDER if c.get(k, 0)) + "）")
    return "各区上期问题的整改状态：" + "；".join(parts) + "。各区的明细见各区分报告和 waves/followup.csv。"


@shared_chart(TREND_PNG)
def trend_chart(out: ReportOutputs, district: str | None = None):
    """Level and composite indices over every wave, with 95% intervals (the city's, or a district's)."""
    from ...waves.charts import index_trend_chart

    if absent_sentence(out) or not out.has(TRENDS):
        return missing_figure("历年指数趋势")
    t = out.table(TRENDS)
    if district is None:
        return index_trend_chart(t)
    rows = t[(t["domain_var"] == out.district_variable) & (t["domain"].astype(str) == district)]
    if rows.empty or (rows["kind"] == "item").all():
        return missing_figure(f"{district}历年指数趋势")
    return index_trend_chart(t, title=f"各层级指数与综合指数（{district}，95%置信区间）",
                             domain_var=out.district_variable, domain=district)


def followup(out: ReportOutputs, district: str | None = None) -> pd.DataFrame:
    """The 上年问题整改成效 rows of the scope (the city report: the 全市 rows)."""
    if not out.has(FOLLOWUP):
        return pd.DataFrame(columns=["area", "status"])
    f = out.table(FOLLOWUP)
    return f[f["area"] == (district or CITY_AREA)].reset_index(drop=True)


@shared_result(saved=True)
def followup_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Last wave's 城市病 and 短板 of the scope, their status now and the evidence (grade and score, both waves)."""
    why = absent_sentence(out)
    if why:
        return md_table(pd.DataFrame({"说明": [why]}))
    f = followup(out, district)
    if f.empty:
        return md_table(pd.DataFrame({"说明": [f"上期{district or '全市'}没有列入城市病或短板清单的问题。"]}))
    order = {k: i for i, k in enumerate(STATUS_ORDER)}
    f = f.assign(_o=f["status"].map(order)).sort_values(["_o", "list_previous"], kind="stable")
    y0, y1 = int(f["year_previous"].iloc[0]), int(f["year"].iloc[0])

    def state(grade, score) -> str:
        g = grade if isinstance(grade, str) and grade else "无评价"
        return f"{g}，{fmt_num(score)}分" if pd.notna(score) else g

    diff = [f"{fmt_num(d, sign=True)}（{fmt_num(lo)}～{fmt_num(hi)}）" if pd.notna(d) else "—"
            for d, lo, hi in zip(f["score_diff"], f["score_diff_ci_low"], f["score_diff_ci_high"])]
    table = pd.DataFrame({
        "上期清单": f["list_previous"], "指标": f["name"],
        f"{y0}年（评价，得分）": [state(g, s) for g, s in zip(f["grade_previous"], f["score_previous"])],
        f"{y1}年（评价，得分）": [state(g, s) for g, s in zip(f["grade"], f["score"])],
        "得分变化（95%区间）": diff, "本期诊断": f["diagnosis_now"].fillna("—"), "整改状态": f["status_zh"],
    })
    return md_table(table, wide=(5, 6))  # the short status words would otherwise wrap one per line

