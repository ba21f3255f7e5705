"""配额完成情况, a subsection of 调查概况: how the cleaned sample filled the quota plan.

Reads ``sampling/quota_districts.csv``, ``quota_status.csv`` and
``quota_outside.csv``, which the sampling stage writes only when the study names
``inputs.quota_plan``. Without them the subsection says there was no plan.

The subsection is printed whole by :func:`quota_section` (``output: asis``):
whether it has tables depends on a file inside ``sampling/``, and the
``missing-<folder>`` switch of the report documents works on folders only.

>>> print(quota_section(load_outputs("output/demo_city")))   # doctest: +SKIP
全市目标样本量2,000份……
"""
from __future__ import annotations

from ...lazy import lazy_module
from ..numbers import MISSING, fmt_int, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from . import Facts, missing_table, shared_result
from .weighting import DISTRICT_WORD, SEP, margin_label, variable_labels

pd = lazy_module("pandas")

DISTRICTS = "sampling/quota_districts.csv"
STATUS = "sampling/quota_status.csv"
OUTSIDE = "sampling/quota_outside.csv"
HARDEST_N = 10  # cells listed in the city report's table
HARDEST_IN_TEXT = 3  # cells named in the prose
TYPE_WORD = {"hard": "硬配额", "soft": "软配额"}
# the reader is a city official: no configuration key in the prose (the methods appendix lists the inputs)
NO_PLAN = "本次调查未设定配额方案，样本结构与总体的差异见上文，并在加权环节按人口控制数校正。"
NO_PLAN_NO_MARGINS = "本次调查未设定配额方案。"  # nor margins: no population to compare with or weight to


def has_quota(out: ReportOutputs) -> bool:
    return out.has(DISTRICTS) and out.has(STATUS)


def _cells(out: ReportOutputs, district: str | None = None) -> pd.DataFrame:
    """The quota cells (not the district sample sizes), optionally of one district."""
    c = out.table(STATUS)
    c = c[c["type"] != "district"]
    if district:
        c = c[c["district"].astype(str) == district]
    return c


def _cell_sentence(row: pd.Series, labels: dict[str, str], with_district: bool) -> str:
    """``城西区“女×60+”（性别×年龄段；目标42份，完成16份，完成率38.1%）``."""
    variables = cell_label(row["margin"], "", labels).rstrip("：")
    where = str(row["district"]) if with_district else ""
    return (f"{where}“{row['cell']}”（{variables + '；' if variables else ''}目标{fmt_int(row['target'])}份，"
            f"完成{fmt_int(row['achieved'])}份，完成率{fmt_pct(row['fill_rate'])}）")


def hardest_cells(out: ReportOutputs, district: str | None = None, k: int | None = HARDEST_N) -> pd.DataFrame:
    """Unfinished cells, hardest first (the sampling stage's ranking: lowest fill rate first)."""
    c = _cells(out, district)
    c = c[c["hardest_rank"].notna()].sort_values("hardest_rank", kind="mergesort")
    return c if k is None else c.head(k)


@shared_result(saved=True)
def quota_facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Formatted numbers of the quota subsection, for the city or one district."""
    if not has_quota(out):
        return Facts({"no_plan": NO_PLAN_NO_MARGINS if out.lacks("margins") else NO_PLAN}, missing=DISTRICTS)
    labels = variable_labels(out)
    d = out.table(DISTRICTS)
    d["district"] = d["district"].astype(str)
    scope = district or CITY_AREA
    row = d[d["district"] == scope]
    row = row.iloc[0] if len(row) else None
    city = d[d["district"] == CITY_AREA]
    city = city.iloc[0] if len(city) else None
    per_district = d[d["district"] != CITY_AREA]
    cells = _cells(out, district)
    status = cells["status"].value_counts()
    hardest = hardest_cells(out, district, HARDEST_IN_TEXT)
    kinds = {t: "、".join(dict.fromkeys(margin_label(m, labels) for m in cells.loc[cells["type"] == t, "margin"]))
             for t in TYPE_WORD}
    below = per_district[per_district["achieved"] < per_district["target"]]
    n_outside = len(out.table(OUTSIDE)) if out.has(OUTSIDE) else 0
    values = {
        "scope": scope,
        "target": fmt_int(row["target"]) if row is not None else MISSING,
        "achieved": fmt_int(row["achieved"]) if row is not None else MISSING,
        "fill_rate": fmt_pct(row["fill_rate"]) if row is not None else MISSING,
        "remaining": fmt_int(row["remaining"]) if row is not None else MISSING,
        "fill_rate_city": fmt_pct(city["fill_rate"]) if city is not None else MISSING,
        "n_districts": fmt_int(len(per_district)),
        "n_districts_met": fmt_int(len(per_district) - len(below)),
        "districts_below": "、".join(f"{r['district']}（{fmt_pct(r['fill_rate'])}）" for _, r in below.iterrows()),
        "n_cells": fmt_int(len(cells)),
        "n_short": fmt_int(status.get("short", 0)),
        "n_within": fmt_int(status.get("within", 0)),
        "n_met": fmt_int(status.get("met", 0)),
        "n_over": fmt_int(status.get("over", 0)),
        "n_open": fmt_int(cells["hardest_rank"].notna().sum()),
        "hard_margins": kinds["hard"] or "无",
        "soft_margins": kinds["soft"] or "无",
        "hardest": "、".join(_cell_sentence(r, labels, district is None) for _, r in hardest.iterrows()) or "无",
        "n_outside": fmt_int(n_outside),
    }
    return Facts(values)


def district_table(out: ReportOutputs) -> MarkdownTable:
    """Target, achieved, fill rate and cells short of / over their range, by district."""
    if not has_quota(out):
        return missing_table("各区配额完成情况")
    d = out.table(DISTRICTS)
    table = pd.DataFrame({
        DISTRICT_WORD: d["district"].astype(str),
        "目标样本量": d["target"].map(fmt_int),
        "完成样本量": d["achieved"].map(fmt_int),
        "完成率": d["fill_rate"].map(fmt_pct),
        "尚缺样本": d["remaining"].map(fmt_int),
        "未达下限单元": d["cells_short"].map(fmt_int),
        "超出上限单元": d["cells_over"].map(fmt_int),
    })
    return md_table(table, align="lrrrrrr")


def hardest_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """The unfinished cells, hardest first: the city's top ten, or all of one district's."""
    from ...sampling.status import STATUS_ZH  # here: the sampling stage's module loads its planner and pandas

    if not has_quota(out):
        return missing_table("最难完成的配额单元")
    labels = variable_labels(out)
    c = hardest_cells(out, district, None if district else HARDEST_N)
    table = pd.DataFrame({
        **({} if district else {DISTRICT_WORD: c["district"].astype(str)}),
        "配额单元": [cell_label(m, cell, labels) for m, cell in zip(c["margin"], c["cell"])],
        "目标": c["target"].map(fmt_int),
        "容差范围": [f"{fmt_int(lo)}～{fmt_int(hi)}" for lo, hi in zip(c["min"], c["max"])],
        "完成": c["achieved"].map(fmt_int),
        "完成率": c["fill_rate"].map(fmt_pct),
        "尚缺": c["remaining"].map(fmt_int),
        "状态": c["status"].map(STATUS_ZH).fillna(c["status"]),
    })
    return md_table(table, align="l" * (table.shape[1] - 6) + "rrrrrl", wide=(table.shape[1] - 7,))


def cell_label(margin: str, cell: str, labels: dict[str, str]) -> str:
    """``district×sex×age_band``, ``男×60+`` → ``性别×年龄段：男×60+`` (the district is said elsewhere)."""
    names = [labels.get(v, v) for v in str(margin).split(SEP) if labels.get(v, v) != DISTRICT_WORD]
    return f"{SEP.join(names)}：{cell}" if names else str(cell)


def _float(table: str, label: str, caption: str) -> str:
    # the same Markdown a labelled table cell becomes, so Quarto and the built-in engine number it
    return f"::: {{#{label}}}\n{table}\n\n: {caption}\n\n:::"


@shared_result(saved=True)
def quota_section(out: ReportOutputs, district: str | None = None) -> str:
    """The body of 配额完成情况 as Markdown: prose and tables, or the no-plan sentence."""
    q = quota_facts(out, district)
    if not q.available:
        return q.no_plan + "\n"
    parts = []
    n_open = len(hardest_cells(out, district, None))
    n_outside = len(out.table(OUTSIDE)) if out.has(OUTSIDE) else 0
    if district:
        parts.append(
            f"{q.scope}配额目标样本量为{q.target}份，按清理后的有效样本计，实际完成{q.achieved}份，"
            f"完成率{q.fill_rate}（全市{q.fill_rate_city}）。该区{q.n_cells}个配额单元中，{q.n_met}个达到目标，"
            f"{q.n_within}个在容差范围内但未达目标，{q.n_short}个未达容差下限，{q.n_over}个超出容差上限。")
        if n_open:
            parts.append(f"尚未完成的{q.n_open}个单元见[@tbl-quota-hardest]，其中最难完成的是{q.hardest}。")
            parts.append(_float(hardest_table(out, district), "tbl-quota-hardest", f"{q.scope}未完成的配额单元"))
        else:
            parts.append("该区所有配额单元均已达到目标。")
    else:
        districts = (f"{q.n_districts}个区均达到目标样本量" if not q.districts_below
                     else f"{q.n_districts}个区中有{q.n_districts_met}个达到目标样本量，未达到的是{q.districts_below}")
        parts.append(
            f"本次调查按配额方案控制样本结构：硬配额为{q.hard_margins}的交叉单元，软配额为{q.soft_margins}。"
            f"全市目标样本量{q.target}份，按清理后的有效样本计，实际完成{q.achieved}份，完成率{q.fill_rate}；"
            f"{districts}（[@tbl-quota-districts]）。")
        parts.append(_float(district_table(out), "tbl-quota-districts", "各区配额完成情况"))
        parts.append(
            f"在{q.n_cells}个配额单元中，{q.n_met}个达到目标，{q.n_within}个在容差范围内但未达目标，"
            f"{q.n_short}个未达容差下限，{q.n_over}个超出容差上限。"
            + (f"最难完成的是{q.hardest}（[@tbl-quota-hardest]）。" if n_open else "所有配额单元均已达到目标。"))
        if n_open:
            parts.append(_float(hardest_table(out), "tbl-quota-hardest", "最难完成的配额单元"))
    if n_outside:
        parts.append(f"另有{q.n_outside}份有效问卷无法归入配额单元（明细见结果目录 sampling/quota_outside.csv）。")
    if out.has("weighting"):
        parts.append("未完成或超额的单元使样本结构偏离总体，这一偏差在加权环节按人口控制数校正。")
    return "\n\n".join(parts) + "\n"
