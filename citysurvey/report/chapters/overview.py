"""摘要 and 调查概况: fieldwork, sample size, cleaning, sample against the population.

Reads ``manifest.json``, ``data/cleaning_summary.csv`` and
``sampling/sample_profile.csv``. ``district=None`` means the whole city.

>>> facts = sample_facts(load_outputs("tests/fixtures/report_outputs"))  # doctest: +SKIP
>>> facts.n_valid, facts.fieldwork                                        # doctest: +SKIP
('1,203', '2026年7月1日至7月31日')
"""
from __future__ import annotations

from ...lazy import lazy_module
from ..numbers import MISSING, fmt_date_range, fmt_int, fmt_pct, fmt_pp, fmt_wan
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from . import NO_GAP, Facts, gap_phrase, largest_gap, missing_figure, missing_table, shared_chart, shared_result

np = lazy_module("numpy")
pd = lazy_module("pandas")

PROFILE = "sampling/sample_profile.csv"
CLEANING = "data/cleaning_summary.csv"
GAP_THRESHOLD_PP = 5  # a category this far from the population share is called out in the text
STATUS_ZH = {"kept": "保留（未修改）", "changed": "保留（已修正）", "dropped": "剔除", "total": "合计"}


def _scope(district: str | None) -> str:
    return district or CITY_AREA


def _clauses(*parts: tuple[bool, str], end: str = "") -> str:
    """The clauses whose fact is known, joined by a comma and closed by ``end`` (nothing when none is): a sentence of
    the study's facts that leaves out what the study does not say instead of printing "—" in it."""
    said = [text for known, text in parts if known]
    return "，".join(said) + end if said else ""


def study_facts(out: ReportOutputs) -> Facts:
    """Facts every chapter may use: city, year, fieldwork, counts, and the sentences built of them that leave out
    what the study does not say (``survey_sentence``: who ran the survey, when, of whom; ``fieldwork_clause``,
    ``when_clause``; ``drop_clause``)."""
    s, c = out.study, out.counts
    n_input, n_dropped = c.get("n_input_rows"), c.get("n_dropped")
    org, city, name = s.get("organisation", "") or "", s.get("city", "") or "", s.get("name", "") or ""
    fieldwork = fmt_date_range(s.get("fieldwork_start"), s.get("fieldwork_end"))
    dated = fieldwork != MISSING
    return Facts({
        "survey_sentence": _clauses((bool(org), f"本次调查由{org}组织"), (dated, f"调查时间为{fieldwork}"),
                                    (bool(city), f"调查对象为{city}常住居民"), end="。"),
        "survey_sentence_district": _clauses((bool(org), f"本次调查由{org}组织"), (dated, f"调查时间为{fieldwork}"), end="。"),
        # "调查于…进行，" (the summary) and "<study>于…进行，" (a district's summary), or nothing with no dates
        "fieldwork_clause": f"调查于{fieldwork}进行，" if dated else "",
        "when_clause": f"{name or '调查'}于{fieldwork}进行，" if dated else "",
        # "剔除 12 份（占 1.2%，最多的原因是“…”），" or "无剔除问卷，"
        "drop_clause": (f"剔除{fmt_int(n_dropped)}份（占{fmt_pct(n_dropped / n_input)}，最多的原因是“{_top_drop_reason(out)}”），"
                        if n_dropped and n_input else "无剔除问卷，"),
        "city": s.get("city", ""),
        "year": str(s.get("year", "")),
        "study_name": s.get("name", ""),
        "organisation": s.get("organisation", "") or "—",
        "fieldwork": fmt_date_range(s.get("fieldwork_start"), s.get("fieldwork_end")),
        "n_input": fmt_int(n_input),
        "n_valid": fmt_int(c.get("n_valid")),  # 有效样本: kept as is + kept after a correction
        "n_changed": fmt_int(c.get("n_changed")),
        "n_dropped": fmt_int(n_dropped),
        "drop_rate": fmt_pct(n_dropped / n_input) if n_input else "—",
        "n_districts": fmt_int(len(out.districts)),
        # the district clause of a sentence: "，覆盖全市6个区" or nothing when the study has no district
        "coverage": f"，覆盖全市{fmt_int(len(out.districts))}个区" if out.districts else "",
    })


def _dropped(log: pd.DataFrame) -> pd.DataFrame:
    """The cleaning log's reasons for dropping respondents, the most frequent first."""
    return log[log["status"] == "dropped"].sort_values("n", ascending=False)


def _top_drop_reason(out: ReportOutputs) -> str:
    """The reason most respondents were dropped for, from the cleaning log ("—" without one)."""
    dropped = _dropped(out.table(CLEANING)) if out.has(CLEANING) else ()
    return str(dropped["reason"].iloc[0]) if len(dropped) else MISSING


def _profile(out: ReportOutputs, district: str | None) -> pd.DataFrame:
    profile = out.table(PROFILE)
    return profile[profile["district"] == _scope(district)]


@shared_result(saved=True)
def sample_facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Facts of the sample chapter for the city or one district."""
    base = dict(study_facts(out))
    if not out.has(PROFILE):
        return Facts(base, missing=PROFILE)
    rows = _profile(out, district)
    demo = rows[rows["variable"] != out.district_variable]
    first_var = demo["variable"].iloc[0] if len(demo) else None
    n_scope = int(demo.loc[demo["variable"] == first_var, "n_sample"].sum()) if first_var else 0
    city = _profile(out, None)
    by_district = city[city["variable"] == out.district_variable]
    gaps = demo.dropna(subset=["diff_pp"])
    gap = largest_gap(gaps, "diff_pp")
    gap_text = gap_phrase(gap, "diff_pp", "受访者") if gap is not None else ""
    without_pop = list(dict.fromkeys(demo.loc[demo["share_population"].isna(), "variable_label"]))
    values = {
        **base,
        "scope": _scope(district),
        "n_scope": fmt_int(n_scope),
        "n_variables": fmt_int(demo["variable"].nunique()),
        "variables": "、".join(dict.fromkeys(demo["variable_label"])),
        "largest_gap": gap_text or NO_GAP,
        # whole sentences, so a study whose sample matches its population reads well too
        "gap_sentence": f"偏差最大的是：{gap_text}。" if gap_text else f"{NO_GAP}。",
        "gap_clause": (f"样本与总体构成偏差最大的是{gap_text}，已由加权校正。" if gap_text
                       else f"样本{NO_GAP}。"),
        "gap_threshold": fmt_int(GAP_THRESHOLD_PP),
        "n_gaps_over": fmt_int((gaps["diff_pp"].abs() > GAP_THRESHOLD_PP).sum()),
        "without_population": "、".join(without_pop) if without_pop else "",
    }
    # the population of the whole: every category of one variable (districts override below)
    values["population"] = fmt_wan(city.loc[city["variable"] == first_var, "population"].sum(min_count=1)) \
        if first_var else MISSING
    if len(by_district):
        pop_total = by_district["population"].sum(min_count=1)
        values["population"] = fmt_wan(pop_total)
        over = by_district.loc[by_district["diff_pp"].idxmax()] if by_district["diff_pp"].notna().any() else None
        under = by_district.loc[by_district["diff_pp"].idxmin()] if by_district["diff_pp"].notna().any() else None
        values["district_over"] = f"{over['category']}（{fmt_pp(over['diff_pp'])}）" if over is not None else "—"
        values["district_under"] = f"{under['category']}（{fmt_pp(under['diff_pp'])}）" if under is not None else "—"
        values["district_n_min"] = fmt_int(by_district["n_sample"].min())
        values["district_n_max"] = fmt_int(by_district["n_sample"].max())
        values["district_range"] = f"各区有效样本在{values['district_n_min']}至{values['district_n_max']}份之间"
        if district:
            mine = by_district[by_district["category"] == district]
            if len(mine):
                values["share_of_city"] = fmt_pct(mine["share_sample"].iloc[0])
                values["population_scope"] = fmt_wan(mine["population"].iloc[0])
                values["population_share"] = fmt_pct(mine["share_population"].iloc[0])
                # "；北山区调查总体约…人，占全市的…" or nothing when no population table gives it
                population = (f"；{district}调查总体约{values['population_scope']}人，占全市的{values['population_share']}"
                              if values["population_scope"] != MISSING else "")
                values["district_sample_sentence"] = (
                    f"{values['survey_sentence_district']}{district}获得有效样本{values['n_scope']}份，"
                    f"占全市有效样本的{values['share_of_city']}{population}。")
    else:
        values["district_range"] = "本次调查未设置所在区题，不分区统计"
        # prose about districts is hidden for such a study, but its cells still run
        values |= {k: MISSING for k in ("district_over", "district_under", "district_n_min", "district_n_max")}
    # "；按人口控制数，全市调查总体约…人" or nothing when no population table gives it
    values["population_clause"] = f"；按人口控制数，全市调查总体约{values['population']}人" \
        if values["population"] != MISSING else ""
    values["coverage_population"] = values["coverage"] + values["population_clause"]  # (one span: two would touch)
    return Facts(values)


def cleaning_facts(out: ReportOutputs) -> Facts:
    """Facts of the cleaning log: the reasons for dropping and correcting, and ``cleaning_sentence``, which says what
    was corrected and what dropped, or that nothing was."""
    base = dict(study_facts(out))
    if not out.has(CLEANING):
        return Facts(base, missing=CLEANING)
    log = out.table(CLEANING)
    dropped = _dropped(log)
    changed = log[log["status"] == "changed"]
    top = dropped.iloc[0] if len(dropped) else None
    drop_reasons = "、".join(f"“{r}”" for r in dropped["reason"])
    change_reasons = "、".join(f"“{r}”" for r in changed["reason"])
    corrected = f"{base['n_changed']}份问卷中不规范的填写经核实后修正并保留，修正原因包括{change_reasons}" \
        if change_reasons else "没有问卷需要修正"
    removed = f"{base['n_dropped']}份问卷被剔除，占回收问卷的{base['drop_rate']}，剔除原因包括{drop_reasons}" \
        if drop_reasons else "没有问卷被剔除"
    return Facts({
        **base,
        "n_drop_reasons": fmt_int(len(dropped)),
        "top_drop_reason": _top_drop_reason(out),
        "top_drop_n": fmt_int(top["n"]) if top is not None else "0",
        "n_change_reasons": fmt_int(len(changed)),
        "drop_reasons": drop_reasons or MISSING,
        "change_reasons": change_reasons or MISSING,
        "cleaning_sentence": f"{corrected}；{removed}。",
    })


def district_table(out: ReportOutputs) -> MarkdownTable:
    """Sample size and population share by district."""
    if not out.has(PROFILE):
        return missing_table("各区样本")
    city = _profile(out, None)
    rows = city[city["variable"] == out.district_variable]
    table = pd.DataFrame({
        "区": rows["category"],
        "样本量": rows["n_sample"].map(fmt_int),
        "样本占比": rows["share_sample"].map(fmt_pct),
        "总体人口": rows["population"].map(fmt_wan),
        "人口占比": rows["share_population"].map(fmt_pct),
        "差异（百分点）": rows["diff_pp"].map(lambda x: fmt_pp(x, unit=False)),
    })
    total = pd.DataFrame([{"区": "合计", "样本量": fmt_int(rows["n_sample"].sum()), "样本占比": fmt_pct(1.0),
                           "总体人口": fmt_wan(rows["population"].sum(min_count=1)), "人口占比": fmt_pct(1.0),
                           "差异（百分点）": ""}])
    return md_table(pd.concat([table, total], ignore_index=True), align="lrrrrr")


def cleaning_table(out: ReportOutputs) -> MarkdownTable:
    """The cleaning log's summary: how every input row was handled."""
    if not out.has(CLEANING):
        return missing_table("数据清理")
    log = out.table(CLEANING)
    total = log.loc[log["status"] == "total", "n"].sum() or log.loc[log["status"] != "total", "n"].sum()
    table = pd.DataFrame({
        "处理结果": log["status"].map(lambda s: STATUS_ZH.get(s, s)),
        "原因": log["reason"].fillna("").replace("", "—"),
        "份数": log["n"].map(fmt_int),
        "占回收问卷": (log["n"] / total).map(fmt_pct),
    })
    return md_table(table, align="llrr")


@shared_result(saved=True)
def profile_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Sample composition against the population, one row per category."""
    if not out.has(PROFILE):
        return missing_table("样本构成")
    rows = _profile(out, district)
    rows = rows[rows["variable"] != out.district_variable]
    label = rows["variable_label"].where(~rows["variable_label"].duplicated(), "")
    table = pd.DataFrame({
        "特征": label,
        "类别": rows["category"],
        "样本量": rows["n_sample"].map(fmt_int),
        "样本占比": rows["share_sample"].map(fmt_pct),
        "总体占比": rows["share_population"].map(fmt_pct),
        "差异（百分点）": rows["diff_pp"].map(lambda x: fmt_pp(x, unit=False)),
    })
    return md_table(table, align="llrrrr")


@shared_chart()
def profile_chart(out: ReportOutputs, district: str | None = None):
    """Paired bars per category: sample share next to the population share."""
    import matplotlib.pyplot as plt

    from ...plotting import LAYOUT_PAD, PALETTE, fixed_margins, pct_axis, text_height, widest_text

    if not out.has(PROFILE):
        return missing_figure("样本构成")
    rows = _profile(out, district)
    rows = rows[rows["variable"] != out.district_variable]
    variables = list(dict.fromkeys(rows["variable"]))
    if not variables:  # no demographic question: the section is hidden, but its cells still run
        return missing_figure("样本构成")
    sizes = [int((rows["variable"] == v).sum()) for v in variables]
    fig, axes = plt.subplots(len(variables), 1, figsize=(7.2, 0.34 * sum(sizes) + 0.5 * len(variables) + 0.4),
                             sharex=True, gridspec_kw={"height_ratios": sizes}, squeeze=False)
    top = np.nanmax(rows[["share_sample", "share_population"]].to_numpy(dtype=float))
    for ax, var in zip(axes[:, 0], variables):
        part = rows[rows["variable"] == var].iloc[::-1]
        y = np.arange(len(part))
        h = 0.38
        ax.barh(y + h / 2, part["share_sample"], height=h, color=PALETTE[0], label="样本")
        has_pop = part["share_population"].notna()
        ax.barh(y[has_pop.to_numpy()] - h / 2, part.loc[has_pop, "share_population"], height=h,
                color=PALETTE[5], label="总体")
        for yi, share in zip(y, part["share_sample"]):
            ax.text(share + top * 0.01, yi + h / 2, fmt_pct(share), va="center", fontsize=7.5, color="#333")
        ax.set_yticks(y, part["category"])
        ax.set_title(part["variable_label"].iloc[0] + ("（无总体数据）" if not has_pop.any() else ""),
                     loc="left", fontsize=10, fontweight="bold")
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, top * 1.15)
    pct_axis(axes[-1, 0])
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=2, frameon=False, bbox_to_anchor=(0.98, 1.0))
    # every text that sets the margins is known here: the categories at the left, one row of percentages
    # at the bottom, a bold title over each panel and the legend's row at the top (no tight_layout)
    rc = plt.rcParams
    tick = (rc["ytick.major.pad"] + (rc["ytick.major.size"] if rc["ytick.left"] else 0)) / 72
    title = text_height(10) + rc["axes.titlepad"] / 72
    legend = text_height(rc["legend.fontsize"]) + 2 * rc["legend.borderaxespad"] * rc["legend.fontsize"] / 72
    fixed_margins(fig, left=widest_text(fig, rows["category"], rc["ytick.labelsize"]) + tick + LAYOUT_PAD,
                  bottom=text_height(rc["xtick.labelsize"]) + tick + LAYOUT_PAD, top=legend + title,
                  row_gap=title + LAYOUT_PAD)
    plt.close(fig)  # shown once, as the cell's result; an open pyplot figure would be shown twice
    return fig
