"""Charts of the scoring stage, drawn from its tidy tables in the shared theme.

Each function takes the stage's tables and returns a matplotlib figure, so the
stage saves PNGs and the report chapter draws the same charts from the CSVs.
Call :func:`citysurvey.plotting.use_theme` first (the stage and the report do).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..plotting import DOWN, FIGSIZE, PALETTE, UP, axes_margins, place_labels, wrap_label
from ..plotting import figure_png as png  # noqa: F401 — the stages' and tests' name for it
from ..schemas import CITY_AREA as CITY


LABEL_WIDTH = 11  # characters per line of an item name on an axis; longer names wrap


def _row_height(labels, base: float) -> float:
    """Inches per row: more when a wrapped name takes two lines."""
    lines = max((str(t).count("\n") + 1 for t in labels), default=1)
    return max(base, 0.13 * lines + 0.05)


#: Height / width above which a one-row-per-item chart goes into two columns: a taller picture either runs
#: past an A4 page at the text width (Quarto) or is shown narrower, its text smaller (the built-in engine)
MAX_RATIO = 1.2


def _column_split(groups: list[str]) -> int:
    """Where a list of rows in `groups` (their level, in order) is cut into two columns: at the level
    boundary nearest the middle, unless that leaves one column an eighth of the rows longer than an even cut."""
    n = len(groups)
    half = (n + 1) // 2
    bounds = [k for k in range(1, n) if groups[k] != groups[k - 1]]
    best = min(bounds, key=lambda k: (max(k, n - k), k), default=half)
    return best if max(best, n - best) <= half + n / 8 else half


def item_scores_chart(scores: pd.DataFrame, title: str = "各题目满意度得分（全市，95%置信区间）"):
    """City item scores with intervals, grouped by level, lowest first within each level.

    One row per item; when one column would be more than :data:`MAX_RATIO` times as tall as wide,
    the rows go into two columns side by side (cut between levels where that keeps them even).
    """
    import matplotlib.pyplot as plt

    rows = scores[(scores["kind"] == "item") & (scores["measure"] == "score") & (scores["domain_var"] == "city")]
    levels = list(dict.fromkeys(rows["level"]))
    rows = pd.concat([rows[rows["level"] == lv].sort_values("estimate", ascending=False) for lv in levels])
    names = rows["label"].map(lambda t: wrap_label(t, LABEL_WIDTH)).to_numpy()
    row_h = _row_height(names, 0.24)
    parts = [slice(0, len(rows))]
    if row_h * len(rows) + 1.2 > MAX_RATIO * FIGSIZE[0]:
        cut = _column_split(list(rows["level"]))
        parts = [slice(0, cut), slice(cut, len(rows))]
    longest = max(p.stop - p.start for p in parts)
    fig, axes = plt.subplots(1, len(parts), figsize=(FIGSIZE[0], row_h * longest + 1.2), sharex=True, squeeze=False)
    colors = {lv: PALETTE[k % len(PALETTE)] for k, lv in enumerate(levels)}
    for ax, part in zip(axes[0], parts):
        r = rows.iloc[part]
        y = np.arange(longest)[::-1][:len(r)]  # every column starts at the top
        for lv in dict.fromkeys(r["level"]):
            m = (r["level"] == lv).to_numpy()
            ax.errorbar(r["estimate"][m], y[m], xerr=[(r["estimate"] - r["ci_low"])[m], (r["ci_high"] - r["estimate"])[m]],
                        fmt="o", ms=3.5, lw=1, capsize=2, color=colors[lv], label=lv)
        ax.set_yticks(y, names[part])
        ax.set_ylim(-0.7, longest - 0.3)
        ax.set_xlabel("满意度得分")
        ax.grid(axis="y", visible=False)
    axes[0, 0].set_title(title, loc="left")
    handles = [plt.Line2D([], [], color=colors[lv], marker="o", ms=3.5, lw=1) for lv in levels]
    fig.legend(handles, levels, loc="lower center", frameon=False, ncols=min(len(levels), 5))
    fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))  # room for the legend under the axis
    return fig


def district_heatmap(item_district: pd.DataFrame, title: str = "各区分题目满意度得分"):
    """District × item score heat map; ▲/▼ mark scores significantly above/below the city.

    One row per item, like :func:`item_scores_chart`: a list taller than :data:`MAX_RATIO` times the
    width goes into two heat maps side by side, cut between levels where that keeps them even.
    """
    import matplotlib.pyplot as plt

    from ..plotting import heatmap

    t = item_district.copy()
    areas = list(dict.fromkeys(t["district"]))
    items = list(dict.fromkeys(t["item"]))
    first = t.drop_duplicates("item").set_index("item")
    labels = first["label"].reindex(items).map(lambda x: wrap_label(x, LABEL_WIDTH))
    grid = t.pivot(index="item", columns="district", values="score").reindex(index=items, columns=areas)
    flag = t.pivot(index="item", columns="district", values="score_flag").reindex(index=items, columns=areas)
    mark = flag.fillna("").map(lambda f: UP if f == "高于全市" else DOWN if f == "低于全市" else "")
    annot = grid.map(lambda v: "" if pd.isna(v) else f"{v:.0f}") + mark
    row_h = _row_height(labels, 0.26)
    parts = [slice(0, len(items))]
    if row_h * len(items) + 1.4 > MAX_RATIO * FIGSIZE[0]:
        levels = list(first["level"].reindex(items)) if "level" in first else [""] * len(items)
        cut = _column_split(levels)
        parts = [slice(0, cut), slice(cut, len(items))]
    two = len(parts) > 1
    longest = max(p.stop - p.start for p in parts)
    fig, axes = plt.subplots(1, len(parts), figsize=(FIGSIZE[0], row_h * longest + 1.4), squeeze=False)
    values = grid.to_numpy(dtype=float)
    scale = {"cmap": "RdYlGn", "vmin": np.nanmin(values), "vmax": np.nanmax(values),  # one scale for both
             "center": float(np.nanmean(grid[CITY])) if CITY in grid else None}
    for k, (ax, part) in enumerate(zip(axes[0], parts)):
        # each column as many rows high, a shorter one filled with empty (masked) rows at its foot
        block = grid.iloc[part].reset_index(drop=True).reindex(range(longest))
        text = annot.iloc[part].reset_index(drop=True).reindex(range(longest)).fillna("")
        heatmap(block, annot=text.to_numpy(), linewidths=0.4, linecolor="white", cbar=k == len(parts) - 1,
                cbar_kws={"label": "满意度得分", "shrink": 0.5}, annot_kws={"fontsize": 6.5 if two else 7},
                ax=ax, **scale)
        ax.grid(False)  # no grid lines through the empty rows
        ax.set_yticks(np.arange(part.stop - part.start) + 0.5, labels.iloc[part].to_numpy(), rotation=0)
        ax.set_xticks(np.arange(len(areas)) + 0.5, areas, rotation=90 if two else 0)  # narrow columns: upright names
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.xaxis.tick_top()
    axes[0, 0].set_title(f"{title}（{UP}/{DOWN} 显著高于/低于全市）", loc="left", pad=40 if two else 24)
    fig.tight_layout()
    return fig


def group_chart(scores: pd.DataFrame, item: str = "index:综合", title: str | None = None):
    """One panel per domain variable: each group's estimate and interval against the city line."""
    import matplotlib.pyplot as plt

    rows = scores[(scores["item"] == item) & (scores["measure"] == "score")]
    city = rows[rows["domain_var"] == "city"]
    rows = rows[rows["domain_var"] != "city"]
    variables = list(dict.fromkeys(rows["domain_var"]))
    if not variables:
        fig, ax = plt.subplots(figsize=(6, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, "（无分组）", ha="center", va="center")
        return fig
    sizes = [int((rows["domain_var"] == v).sum()) for v in variables]
    fig, axes = plt.subplots(len(variables), 1, figsize=(FIGSIZE[0], 0.3 * sum(sizes) + 0.55 * len(variables) + 0.6),
                             sharex=True, gridspec_kw={"height_ratios": sizes}, squeeze=False)
    c = float(city["estimate"].iloc[0]) if len(city) else np.nan
    colors = {"高于全市": PALETTE[2], "低于全市": PALETTE[3]}
    for ax, var in zip(axes[:, 0], variables):
        part = rows[rows["domain_var"] == var]
        y = np.arange(len(part))[::-1]
        for yi, (_, r) in zip(y, part.iterrows()):
            ax.errorbar(r["estimate"], yi, xerr=[[r["estimate"] - r["ci_low"]], [r["ci_high"] - r["estimate"]]],
                        fmt="o", ms=4, lw=1.2, capsize=2, color=colors.get(r["flag"], PALETTE[0]))
        ax.axvline(c, color=PALETTE[5], lw=1, ls="--")
        ax.set_yticks(y, part["domain"])
        ax.set_title(part["domain_var_label"].iloc[0], loc="left", fontsize=10, fontweight="bold")
        ax.grid(axis="y", visible=False)
    label = rows["label"].iloc[0] if len(rows) else item
    axes[-1, 0].set_xlabel(f"{label}（虚线为全市；绿/红 = 显著高于/低于全市）")
    fig.suptitle(title or f"不同群体的{label}", x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return fig


def district_index_chart(scores: pd.DataFrame, title: str = "各区满意度指数"):
    """Level and composite indices by district (dots) with the city value (bar)."""
    import matplotlib.pyplot as plt

    rows = scores[(scores["kind"] != "item") & (scores["measure"] == "score")
                  & scores["domain_var"].isin(["city", "district"])]
    idx = list(dict.fromkeys(rows["label"]))
    areas = list(dict.fromkeys(rows["domain"]))
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], 0.45 * len(idx) + 1.2))
    y = np.arange(len(idx))[::-1]
    off = np.linspace(0.3, -0.3, max(len(areas), 1))  # the city on top of each group
    for k, area in enumerate(areas):
        part = rows[rows["domain"] == area].set_index("label").reindex(idx)
        style = {"marker": "s", "ms": 6, "color": "#333333"} if area == CITY else \
                {"marker": "o", "ms": 4.5, "color": PALETTE[k % len(PALETTE)]}
        ax.errorbar(part["estimate"], y + off[k], xerr=[part["estimate"] - part["ci_low"], part["ci_high"] - part["estimate"]],
                    fmt=style["marker"], ms=style["ms"], lw=1, capsize=1.5, color=style["color"], label=area)
    ax.set_yticks(y, idx)
    ax.set_xlabel("满意度指数（95%置信区间）")
    ax.set_title(title, loc="left")
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig


def ipa_chart(ipa: pd.DataFrame, domain: str = CITY, title: str | None = None):
    """Importance–performance scatter with the quadrant lines and names."""
    import matplotlib.pyplot as plt

    rows = ipa[ipa["domain"] == domain]
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], 5.4))
    if rows.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, "（无重要性—表现数据）", ha="center", va="center")
        return fig
    quad_color = {"优先改进区": PALETTE[3], "优势保持区": PALETTE[2], "次要改进区": PALETTE[1], "继续保持区": PALETTE[0]}
    for q, part in rows.groupby("quadrant", sort=False):
        ax.scatter(part["importance"], part["performance"], s=22, color=quad_color.get(q, PALETTE[5]), label=q, zorder=3)
    ax.margins(x=0.1, y=0.08)  # room for the labels of the outermost points
    ci, cp = rows["importance_cut"].iloc[0], rows["performance_cut"].iloc[0]
    ax.axvline(ci, color=PALETTE[5], lw=1, ls="--")
    ax.axhline(cp, color=PALETTE[5], lw=1, ls="--")
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for text, x, y, ha, va in (("优势保持区", x1, y1, "right", "top"), ("优先改进区", x1, y0, "right", "bottom"),
                               ("次要改进区", x0, y0, "left", "bottom"), ("继续保持区", x0, y1, "left", "top")):
        ax.text(x, y, text, ha=ha, va=va, fontsize=9, color=quad_color[text], fontweight="bold", alpha=0.8)
    ax.set_xlabel("重要性（相对权重占R²的比例，%）")
    ax.set_ylabel("表现（满意度得分）")
    ax.set_title(title or f"重要性—表现分析（{domain}）", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes_margins(ax, legend_right=True)  # before labelling: the labels are placed in the final layout
    place_labels(ax, rows["importance"], rows["performance"], [wrap_label(t, 7) for t in rows["label"]], fontsize=6.5)
    return fig
