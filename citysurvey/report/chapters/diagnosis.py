"""主客观综合诊断 chapter: 四单一表一库 from the diagnosis stage's outputs.

Used by ``reports/chapters/_diagnosis.qmd``; reads ``diagnosis/*.csv`` only.
``district=None`` is the city report; with a district every list is that district's.

>>> from citysurvey.report import load_outputs
>>> f = facts(load_outputs("output/demo_city"))   # doctest: +SKIP
>>> f.n_city_diseases                             # doctest: +SKIP
'2'
"""
from __future__ import annotations

from ...lazy import lazy_module
from . import Facts, missing_figure, missing_table, shared_chart, shared_result
from ..numbers import fmt_int, fmt_num, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table

pd = lazy_module("pandas")

FRAME = "diagnosis/diagnosis.csv"
LISTS = {k: f"diagnosis/{k}.csv" for k in
         ("advantages", "shortcomings", "city_diseases", "risk_notices", "action_plan", "project_library")}
NOTES = "diagnosis/notes.csv"
RULES = "diagnosis/diagnosis_rules.csv"
SUBJECTIVE_ONLY = "diagnosis/subjective_only.csv"
TOP_N = 10  # rows of the action plan shown in the report; the workbook has all


def list_rows(out: ReportOutputs, key: str, district: str | None) -> pd.DataFrame:
    t = out.table(LISTS[key])
    return t[t["area"] == district] if district else t


def _names(t: pd.DataFrame, with_area: bool = True, limit: int = 8) -> str:
    """Names for prose; a long list is cut after `limit` with the total ("等12项")."""
    names = [f"{r['area']}{r['name']}" if with_area else str(r["name"]) for _, r in t.head(limit).iterrows()]
    if not names:
        return "无"
    return "、".join(names) + (f"等{fmt_int(len(t))}项" if len(t) > limit else "")


@shared_result(saved=True)  # the 摘要 (summary.headline_facts) and the chapter itself both ask
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    if not out.has(FRAME):
        return Facts({}, missing=FRAME)
    lists = {k: list_rows(out, k, district) for k in LISTS}
    notes = out.table(NOTES) if out.has(NOTES) else pd.DataFrame(columns=["topic", "note"])
    plan = lists["action_plan"]
    short = lists["shortcomings"]
    return Facts({
        "scope": district or "全市",
        "n_advantages": fmt_int(len(lists["advantages"])),
        "n_shortcomings": fmt_int(len(short)),
        "n_city_diseases": fmt_int(len(lists["city_diseases"])),
        "n_risks": fmt_int(len(lists["risk_notices"])),
        "n_plan": fmt_int(len(plan)),
        "n_projects": fmt_int(len(lists["project_library"])),
        "city_diseases": _names(lists["city_diseases"], district is None),
        "risks": _names(lists["risk_notices"], district is None),
        "advantages": _names(lists["advantages"].head(5), district is None),
        "n_gap_type": fmt_int((short["short_type"] == "服务管理类（体感温差）").sum()),
        "gap_type": _names(short[short["short_type"] == "服务管理类（体感温差）"], district is None, limit=5),
        "top_priorities": "、".join(f"{r['area']}{r['task']}（{fmt_num(r['priority'])}分）"
                                    for _, r in plan.head(3).iterrows()) or "无",
        "degraded": "；".join(notes["note"]) if len(notes) else "",
        "top_n": fmt_int(min(TOP_N, len(plan))),
        "top_n_short": fmt_int(min(TOP_N, len(short))),
    })


@shared_result(saved=True)
def notes_callout(out: ReportOutputs) -> str:
    """A visible warning when an upstream stage did not run (Markdown; empty otherwise)."""
    if not out.has(NOTES):
        return ""
    notes = out.table(NOTES)
    lines = [f"- {n}" for t, n in zip(notes["topic"], notes["note"]) if t != "题目指标对应"]
    if not lines:
        return ""
    return "::: {.callout-warning}\n## 诊断的数据局限\n" + "\n".join(lines) + "\n:::\n"


def _evidence_table(t: pd.DataFrame, district: str | None, extra: dict[str, pd.Series] | None = None) -> MarkdownTable:
    cols = {} if district else {"地区": t["area"]}
    cols |= {
        "指标": t["name"],
        "客观评价": t["grade"].fillna("—"),
        # short headers; the 注 under the table says what the brackets hold
        "满意度": [f"{fmt_num(s)}（{fmt_num(lo)}～{fmt_num(hi)}）" if pd.notna(s) else "—"
                         for s, lo, hi in zip(t["score"], t["ci_low"], t["ci_high"])],
        "提及率": [f"{fmt_pct(s)}（{fmt_pct(c)}）" if pd.notna(s) else "—" for s, c in zip(t["share"], t["city_share"])],
    }
    cols |= extra or {}
    table = pd.DataFrame(cols)
    return md_table(table)


@shared_result(saved=True)
def city_disease_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    if not out.has(LISTS["city_diseases"]):
        return missing_table("城市病清单")
    t = list_rows(out, "city_diseases", district)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["未发现同时满足“客观不达标、居民不满意、居民反映集中”的城市病。"]}))
    return _evidence_table(t, district, {"优先级": t["priority"].map(fmt_num), "责任部门": t["responsible_department"]})


@shared_result(saved=True)
def risk_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    if not out.has(LISTS["risk_notices"]):
        return missing_table("风险隐患通知单")
    t = list_rows(out, "risk_notices", district)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["没有涉及安全且严重不达标的指标。"]}))
    cols = {"编号": t["notice_no"]} | ({} if district else {"地区": t["area"]})
    table = pd.DataFrame(cols | {"指标": t["name"], "客观评价": t["grade"], "居民感知": t["perception"],
                                 "责任部门": t["responsible_department"]})
    return md_table(table)


@shared_result(saved=True)
def advantage_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    if not out.has(LISTS["advantages"]):
        return missing_table("优势清单")
    t = list_rows(out, "advantages", district)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["没有同时达标且居民满意的指标。"]}))
    return _evidence_table(t, district)


@shared_result(saved=True)
def plan_table(out: ReportOutputs, district: str | None = None, top: int = TOP_N) -> MarkdownTable:
    if not out.has(LISTS["action_plan"]):
        return missing_table("更新行动计划表")
    t = list_rows(out, "action_plan", district).head(top)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["没有需要列入行动计划的短板或隐患。"]}))
    cols = {"序号": _numbers(t, district)} | ({} if district else {"地区": t["area"]})
    table = pd.DataFrame(cols | {"任务": t["task"], "诊断": t["diagnosis"], "优先级": t["priority"].map(fmt_num),
                                 "目标": t["target"], "责任部门": t["responsible_department"]})
    return md_table(table)


def _numbers(t: pd.DataFrame, district: str | None) -> pd.Series:
    """序号 of a list: the city-wide rank in the city report, 1, 2, 3… within a district's own list."""
    if district:
        return pd.Series([fmt_int(i) for i in range(1, len(t) + 1)], index=t.index)
    return t["rank"].map(fmt_int)


@shared_result(saved=True)
def shortcoming_table(out: ReportOutputs, district: str | None = None, top: int = TOP_N) -> MarkdownTable:
    """The 短板清单's most urgent entries by priority (the workbook lists every one)."""
    if not out.has(LISTS["shortcomings"]):
        return missing_table("短板清单")
    t = list_rows(out, "shortcomings", district).head(top)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["没有客观不达标或居民不满意的指标。"]}))
    cols = {"序号": _numbers(t, district)} | ({} if district else {"地区": t["area"]})
    table = pd.DataFrame(cols | {
        "指标": t["name"], "短板类型": t["short_type"], "客观评价": t["grade"].fillna("—"),
        "满意度": t["score"].map(fmt_num), "优先级": t["priority"].map(fmt_num),
        "责任部门": t["responsible_department"]})
    return md_table(table)


@shared_result(saved=True)
def project_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Project seeds summed by type (the workbook lists each one)."""
    if not out.has(LISTS["project_library"]):
        return missing_table("更新项目库")
    t = list_rows(out, "project_library", district)
    if t.empty:
        return md_table(pd.DataFrame({"说明": ["没有可从问题数量指标生成的项目。"]}))
    grp = t.groupby(["project_type", "indicator_id", "unit"], sort=False).agg(
        n=("project_id", "size"), quantity=("quantity", "sum"), areas=("area", lambda s: "、".join(s))).reset_index()
    table = pd.DataFrame({"项目类型": grp["project_type"], "指标": grp["indicator_id"], "项目数": grp["n"].map(fmt_int),
                          "规模": [f"{fmt_num(q, 0)} {u}" for q, u in zip(grp["quantity"], grp["unit"])],
                          "所在地区": grp["areas"]})
    return md_table(table)


@shared_result(saved=True)
def rules_table(out: ReportOutputs) -> MarkdownTable:
    if not out.has(RULES):
        return missing_table("诊断规则")
    r = out.table(RULES)
    return md_table(pd.DataFrame({"规则": r["rule"], "结果": r["outcome"], "条件": r["condition"]}), align="lll")


@shared_chart()
def quadrant_chart(out: ReportOutputs, district: str | None = None):
    """Satisfaction score (x) against the objective grade (y), one point per indicator × area."""
    import matplotlib.pyplot as plt

    from ...plotting import PALETTE, axes_margins

    if not out.has(FRAME):
        return missing_figure("主客观四象限")
    f = out.table(FRAME)
    f = f[(f["area"] == district) if district else (f["area"] != CITY_AREA)]
    f = f[f["score"].notna() & f["grade"].isin(["很好", "较好", "一般", "较差"])]
    if f.empty:
        return missing_figure("主客观四象限")
    y_of = {"较差": 1, "一般": 2, "较好": 3, "很好": 4}
    colors = {"优势": PALETTE[2], "城市病": PALETTE[3], "风险隐患": PALETTE[1], "短板": PALETTE[0]}
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    jitter = (f.groupby(["grade"]).cumcount() % 5 - 2) * 0.06
    for diag, part in f.groupby("diagnosis", sort=False):
        ax.scatter(part["score"], part["grade"].map(y_of) + jitter[part.index], s=22,
                   color=colors.get(diag, "#999999"), label=diag, alpha=0.85)
    thr = float(f["threshold"].dropna().median()) if f["threshold"].notna().any() else 75.0
    ax.axvline(thr, color="#555", lw=0.8, ls="--")
    ax.axhline(2.5, color="#555", lw=0.8, ls="--")
    ax.set_yticks([1, 2, 3, 4], ["较差", "一般", "较好", "很好"])
    ax.set_xlabel("满意度得分")
    ax.set_ylabel("客观评价")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    axes_margins(fig.axes[0])  # texts at the edges known: no tight_layout measuring the whole chart
    plt.close(fig)
    return fig
