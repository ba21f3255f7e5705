"""Trend charts of the waves stage, drawn from its tidy tables in the shared theme."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..plotting import FIGSIZE, PALETTE, axes_margins, wrap_label
from ..scoring.charts import png

__all__ = ["district_change_heatmap", "index_trend_chart", "png", "slope_chart"]

COLOURS = {"improved": PALETTE[2], "worsened": PALETTE[3], "none": PALETTE[5], "not_compared": PALETTE[5]}


def slope_chart(changes: pd.DataFrame, top: int = 12, title: str | None = None):
    """City item scores of the two waves for the `top` largest changes (by |z|); colour = significance."""
    import matplotlib.pyplot as plt

    rows = changes[(changes["kind"] == "item") & (changes["measure"] == "score") & (changes["domain_var"] == "city")]
    rows = rows.assign(_a=rows["z"].abs()).sort_values("_a", ascending=False).head(top)
    y0, y1 = int(rows["year_previous"].iloc[0]), int(rows["year"].iloc[0])
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], max(FIGSIZE[1], 0.32 * len(rows) + 1.6)))
    lo = min(rows["estimate"].min(), rows["estimate_previous"].min())
    hi = max(rows["estimate"].max(), rows["estimate_previous"].max())
    label_y = _spread(rows["estimate"].to_numpy(dtype=float), gap=0.045 * max(hi - lo, 1.0))
    for r, ly in zip(rows.itertuples(), label_y):
        c = COLOURS[r.change]
        ax.plot([0, 1], [r.estimate_previous, r.estimate], color=c, lw=2 if r.change != "none" else 1, marker="o", ms=4)
        ax.annotate(f"{wrap_label(str(r.label), 12)} {r.diff:+.1f}", (1, r.estimate), xytext=(1.06, ly),
                    textcoords="data", va="center", fontsize=8, color=c,
                    arrowprops={"arrowstyle": "-", "color": c, "lw": 0.5, "alpha": 0.6})
    ax.set_xticks([0, 1], [f"{y0}年", f"{y1}年"])
    ax.set_xlim(-0.15, 1.9)
    ax.set_ylabel("满意度得分（全市）")
    ax.set_title(title or f"变化最大的{len(rows)}个题目（绿：显著改善，红：显著变差，灰：无显著变化）", loc="left", fontsize=10)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def _spread(y: np.ndarray, gap: float) -> np.ndarray:
    """Label positions near `y`, at least `gap` apart, in the same order (labels of close lines do not overlap)."""
    order = np.argsort(y, kind="stable")
    pos = y[order].astype(float).copy()
    for k in range(1, len(pos)):
        pos[k] = max(pos[k], pos[k - 1] + gap)
    pos -= max(0.0, (pos[-1] - y[order][-1]) / 2) if len(pos) else 0.0  # centre the shifted block
    out = np.empty_like(pos)
    out[order] = pos
    return out


def index_trend_chart(trend: pd.DataFrame, title: str = "各层级指数与综合指数（全市，95%置信区间）",
                      domain_var: str = "city", domain: str | None = None):
    """One line per index (the item families: each level, and the composite) over the waves.

    The city's by default; ``domain_var``/``domain`` pick another domain (a district).
    """
    import matplotlib.pyplot as plt

    rows = trend[(trend["kind"] != "item") & (trend["measure"] == "score") & (trend["domain_var"] == domain_var)]
    if domain is not None:
        rows = rows[rows["domain"].astype(str) == domain]
    fig, ax = plt.subplots(figsize=FIGSIZE)
    years = sorted(rows["year"].unique())
    groups = list(rows.groupby("label", sort=False))
    for k, (label, g) in enumerate(groups):
        g = g.sort_values("year")
        dodge = 0.04 * (k - (len(groups) - 1) / 2)  # side by side, so the intervals do not hide each other
        ax.errorbar(g["year"] + dodge, g["estimate"], yerr=[g["estimate"] - g["ci_low"], g["ci_high"] - g["estimate"]],
                    marker="o", ms=4, lw=1.5, capsize=3, color=PALETTE[k % len(PALETTE)], label=label)
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_ylabel("指数得分")
    ax.set_title(title, loc="left")
    handles, names = ax.get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", frameon=False, fontsize=8, ncols=3)
    axes_margins(ax, below=0.7)  # room for the legend under the axis
    return fig


def district_change_heatmap(changes: pd.DataFrame, district_var: str, title: str | None = None):
    """District × index score change; ▲/▼ mark significant changes."""
    import matplotlib.pyplot as plt

    rows = changes[(changes["kind"] != "item") & (changes["measure"] == "score")
                   & changes["domain_var"].isin(["city", district_var])]
    rows = rows.assign(label=np.where(rows["comparable"].astype(bool), rows["label"], rows["label"] + "*"))
    labels = list(dict.fromkeys(rows["label"]))
    areas = list(dict.fromkeys(rows["domain"]))
    grid = rows.pivot(index="label", columns="domain", values="diff").reindex(index=labels, columns=areas)
    sig = rows.pivot(index="label", columns="domain", values="change").reindex(index=labels, columns=areas)
    lim = float(np.nanmax(np.abs(grid.to_numpy()))) or 1.0
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], 0.45 * len(labels) + 1.6))
    im = ax.imshow(grid.to_numpy(dtype=float), cmap="RdYlGn", vmin=-lim, vmax=lim, aspect="auto")
    for i in range(len(labels)):
        for j in range(len(areas)):
            v, s = grid.iat[i, j], sig.iat[i, j]
            if np.isfinite(v):
                mark = "▲" if s == "improved" else "▼" if s == "worsened" else ""
                ax.text(j, i, f"{v:+.1f}{mark}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(areas)), areas)
    ax.set_yticks(range(len(labels)), labels)
    ax.grid(False)
    y0, y1 = int(rows["year_previous"].iloc[0]), int(rows["year"].iloc[0])
    note = "；* 两期题目不同，不作检验" if rows["label"].str.endswith("*").any() else ""
    ax.set_title(title or f"指数得分变化（{y1}年减{y0}年；▲▼ 显著{note}）", loc="left", fontsize=10)
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.tight_layout()
    return fig
