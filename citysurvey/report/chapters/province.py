"""省级汇总报告 (provincial summary) chapter: facts, tables and a chart from a batch folder.

Used by ``reports/province.qmd``; reads the roll-up tables ``citysurvey batch`` wrote under
``<batch>/rollup/`` and ``<batch>/statuses.csv``, never a study's raw data, and recomputes
nothing: each city's numbers are the ones of its own report.

>>> b = load_batch("output/batch_province")   # doctest: +SKIP
>>> facts(b).n_cities                           # doctest: +SKIP
'24'
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...lazy import lazy_module
from . import Facts, missing_figure, missing_table
from ..numbers import fmt_int, fmt_num, fmt_pct
from ..tables import MarkdownTable, md_table

pd = lazy_module("pandas")

COMPOSITE = "index:综合"
WORST_N = 10  # indicators listed as the most common weaknesses


@dataclass
class BatchOutputs:
    root: Path
    tables: dict[str, pd.DataFrame]
    statuses: pd.DataFrame

    def has(self, name: str) -> bool:
        return name in self.tables and len(self.tables[name]) > 0


def load_batch(batch_dir: str | Path) -> BatchOutputs:
    root = Path(batch_dir)
    tables = {}
    for path in sorted((root / "rollup").glob("*.csv")):
        tables[path.stem] = pd.read_csv(path, encoding="utf-8-sig")
    status_file = root / "statuses.csv"
    statuses = pd.read_csv(status_file, encoding="utf-8-sig") if status_file.is_file() else pd.DataFrame(
        columns=["study_id", "city", "status", "message_zh"])
    return BatchOutputs(root, tables, statuses)


def _ci(low, high) -> str:
    return f"{fmt_num(low)}～{fmt_num(high)}"


def facts(b: BatchOutputs) -> Facts:
    if not b.has("city_overview"):
        return Facts(missing="rollup/city_overview.csv")
    ov = b.tables["city_overview"].sort_values("composite_rank")
    failed = b.statuses[b.statuses["status"] == "failed"]
    top, bottom = ov.iloc[0], ov.iloc[-1]
    worst_levels = b.tables.get("city_indices", pd.DataFrame())
    lv = worst_levels[worst_levels["kind"] == "level_index"] if len(worst_levels) else worst_levels
    lv_mean = lv.groupby("label")["estimate"].mean().sort_values() if len(lv) else pd.Series(dtype=float)
    return Facts({
        "n_studies": fmt_int(len(b.statuses)),
        "n_cities": fmt_int(len(ov)),
        "n_failed": fmt_int(len(failed)),
        "failed_cities": "、".join(failed["city"].fillna(failed["study_id"]).astype(str)) or "无",
        "n_valid": fmt_int(ov["n_valid"].sum()),
        "top_city": str(top["city"]), "top_score": fmt_num(top["composite"]),
        "bottom_city": str(bottom["city"]), "bottom_score": fmt_num(bottom["composite"]),
        "median_score": fmt_num(ov["composite"].median()),
        "spread": fmt_num(ov["composite"].max() - ov["composite"].min()),
        "lowest_level": str(lv_mean.index[0]) if len(lv_mean) else "—",
        "lowest_level_score": fmt_num(lv_mean.iloc[0]) if len(lv_mean) else "—",
        "n_diseases": fmt_int(ov["n_city_diseases"].sum()),
        "n_risks": fmt_int(ov["n_risks"].sum()),
        "cities_with_risks": fmt_int((ov["n_risks"] > 0).sum()),
        "n_red": fmt_int(ov["n_red"].sum()),
    })


def overview_table(b: BatchOutputs) -> MarkdownTable:
    if not b.has("city_overview"):
        return missing_table("城市总览")
    ov = b.tables["city_overview"].sort_values(["composite_rank", "study_id"])
    t = pd.DataFrame({
        "排名": ov["composite_rank"].map(fmt_int), "城市": ov["city"], "有效样本": ov["n_valid"].map(fmt_int),
        "综合满意度指数": ov["composite"].map(fmt_num),
        "95%置信区间": [_ci(lo, hi) for lo, hi in zip(ov["composite_ci_low"], ov["composite_ci_high"])],
        "城市病": ov["n_city_diseases"].map(fmt_int), "风险隐患": ov["n_risks"].map(fmt_int),
        "红色预警指标": ov["n_red"].map(fmt_int),
    })
    return md_table(t, "rlrrrrrr", wide=(1,))


def level_table(b: BatchOutputs) -> MarkdownTable:
    if not b.has("city_indices"):
        return missing_table("分层级满意度指数")
    ix = b.tables["city_indices"]
    order = b.tables["city_overview"].sort_values("composite_rank")["city"].tolist() if b.has("city_overview") else None
    wide = ix.pivot_table(index="city", columns="label", values="estimate", sort=False)
    labels = list(dict.fromkeys(ix.loc[ix["kind"] == "level_index", "label"])) + \
        list(dict.fromkeys(ix.loc[ix["kind"] == "composite_index", "label"]))
    wide = wide.reindex(index=order or wide.index, columns=labels)
    t = wide.apply(lambda c: c.map(fmt_num)).reset_index().rename(columns={"city": "城市"})
    return md_table(t, "l" + "r" * (t.shape[1] - 1), wide=(0,))


def weakness_table(b: BatchOutputs, top: int = WORST_N) -> MarkdownTable:
    """Indicators graded 较差 in the most cities, with the batch's quartiles."""
    if not b.has("indicator_grades"):
        return missing_table("客观指标评价")
    g = b.tables["indicator_grades"]
    n_cities = g["study_id"].nunique()
    agg = g.groupby(["indicator_id", "name", "unit"], sort=False).agg(
        poor=("grade", lambda s: int((s == "较差").sum())), fair=("grade", lambda s: int((s == "一般").sum())),
        year=("year", "max")).reset_index()
    agg = agg[agg["poor"] + agg["fair"] > 0].sort_values(["poor", "fair", "indicator_id"], ascending=[False, False, True])
    agg = agg.head(top)
    if not len(agg):
        return missing_table("评价为较差或一般的指标")
    pp = b.tables.get("peer_percentiles", pd.DataFrame())
    q = pp.drop_duplicates(["year", "indicator_id"]).set_index(["year", "indicator_id"]) if len(pp) else None
    rows = []
    for r in agg.itertuples():
        key = (r.year, r.indicator_id)
        has_q = q is not None and key in q.index
        rows.append({"指标": f"{r.indicator_id} {r.name}", "单位": r.unit if isinstance(r.unit, str) else "",
                     "较差城市": f"{r.poor}/{n_cities}", "一般城市": f"{r.fair}/{n_cities}",
                     "同级P25～P75": _ci(q.loc[key, "p25"], q.loc[key, "p75"]) if has_q else "—",
                     "同级中位数": fmt_num(q.loc[key, "p50"]) if has_q else "—"})
    return md_table(pd.DataFrame(rows), "llrrrr", wide=(0,))


def failure_table(b: BatchOutputs) -> MarkdownTable:
    failed = b.statuses[b.statuses["status"] == "failed"]
    if not len(failed):
        return md_table(pd.DataFrame({"说明": ["全部研究均已完成。"]}), "l")
    t = pd.DataFrame({"研究": failed["study_id"], "城市": failed["city"].fillna(""),
                      "原因": failed["message_zh"].fillna("").str.slice(0, 160)})
    return md_table(t, "lll", wide=(2,))


def composite_chart(b: BatchOutputs):
    """Each city's composite index with its 95% CI, best first."""
    import matplotlib.pyplot as plt

    from ...plotting import PALETTE

    if not b.has("city_overview"):
        return missing_figure("综合满意度指数")
    ov = b.tables["city_overview"].sort_values(["composite_rank", "study_id"], ascending=[False, False])
    fig, ax = plt.subplots(figsize=(7.2, 0.28 * len(ov) + 0.9))
    y = range(len(ov))
    ax.errorbar(ov["composite"], list(y), xerr=[ov["composite"] - ov["composite_ci_low"],
                                              ov["composite_ci_high"] - ov["composite"]],
                fmt="o", color=PALETTE[0], ecolor=PALETTE[5], capsize=2, markersize=4)
    ax.axvline(ov["composite"].median(), color="#888", linestyle="--", linewidth=0.8, label="中位数")
    ax.set_yticks(list(y), ov["city"])
    ax.set_xlabel("综合满意度指数（95%置信区间）")
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    plt.close(fig)
    return fig


def share_poor(b: BatchOutputs) -> str:
    if not b.has("indicator_grades"):
        return "—"
    g = b.tables["indicator_grades"]
    graded = g[g["grade"] != "无标准"]
    return fmt_pct((graded["grade"] == "较差").mean()) if len(graded) else "—"
