"""The street ranking grid: one panel per district, its areas ranked with their intervals.

Drawn from the stage's ``street_table`` so the report can redraw it from the CSV.
Call :func:`citysurvey.plotting.use_theme` first (the stage does).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..plotting import FIGSIZE, PALETTE

METHOD_COLOURS = {"direct": PALETTE[0], "model": PALETTE[1]}
METHOD_ZH = {"direct": "直接估计", "model": "模型估计（EBLUP，已基准化）"}


def wrap(text: str, width: int = 7) -> str:
    """Long Chinese area names on several lines (no spaces to break at, so by characters)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=True)) or str(text)


def ranking_outcome(table: pd.DataFrame) -> str:
    """The composite index when there is one, else the first index, else the first item."""
    scores = table[table["measure"] == "score"] if "score" in set(table["measure"]) else table
    idx = list(dict.fromkeys(scores.loc[scores["kind"] == "index", "item"]))
    return "index:综合" if "index:综合" in idx else (idx[0] if idx else str(scores["item"].iloc[0]))


def ranking_grid(table: pd.DataFrame, area_label: str = "街道", item: str | None = None, ncols: int = 3, wrap_at: int = 7):
    """Panels by district (shared x axis), areas ranked by the published estimate with its interval.

    Suppressed areas are left out and counted in their panel's title; the dashed
    line is the district's direct estimate the model estimates are benchmarked to.
    """
    import matplotlib.pyplot as plt

    item = item or ranking_outcome(table)
    measure = "score" if "score" in set(table["measure"]) else table["measure"].iloc[0]
    rows = table[(table["item"] == item) & (table["measure"] == measure)]
    districts = list(dict.fromkeys(rows["district"]))
    ncols = max(1, min(ncols, len(districts)))
    nrows = int(np.ceil(len(districts) / ncols))
    per = rows.groupby("district").size().max()
    lines = max(1, int(np.ceil(rows["area"].map(len).max() / wrap_at)))
    panel_h = (0.22 + 0.08 * (lines - 1)) * per + 0.7
    fig, axes = plt.subplots(nrows, ncols, figsize=(FIGSIZE[0], panel_h * nrows + 0.9), squeeze=False, sharex=True)
    shown_all = rows[rows["published"] != "suppressed"]
    lo, hi = shown_all["ci_low"].min(), shown_all["ci_high"].max()
    for ax, dist in zip(axes.ravel(), districts):
        r = rows[rows["district"] == dist]
        shown = r[r["published"] != "suppressed"].sort_values("estimate", ascending=True, kind="stable")
        y = np.arange(len(shown))
        for method, colour in METHOD_COLOURS.items():
            m = (shown["published"] == method).to_numpy()
            if m.any():
                s = shown[m]
                ax.errorbar(s["estimate"], y[m], xerr=[s["estimate"] - s["ci_low"], s["ci_high"] - s["estimate"]],
                            fmt="o", ms=3, lw=0.9, capsize=1.5, color=colour, label=METHOD_ZH[method])
        if "district_estimate" in r.columns and r["district_estimate"].notna().any():
            ax.axvline(float(r["district_estimate"].iloc[0]), color="#8C8C8C", lw=0.8, ls="--")
        ax.set_yticks(y, [wrap(a, wrap_at) for a in shown["area"]], fontsize=6.5)
        ax.set_ylim(-0.7, max(per, 1) - 0.3)
        hidden = int((r["published"] == "suppressed").sum())
        ax.set_title(dist + (f"（{hidden}个不发布）" if hidden else ""), loc="left", fontsize=9)
        ax.grid(axis="y", visible=False)
        if np.isfinite(lo) and np.isfinite(hi):
            ax.set_xlim(lo - 1, hi + 1)
    for ax in axes.ravel()[len(districts):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("满意度得分", fontsize=8)
    handles, names = [], []
    for ax in axes.ravel():
        for h, n in zip(*ax.get_legend_handles_labels()):
            if n not in names:
                handles.append(h)
                names.append(n)
    label = rows["label"].iloc[0] if len(rows) else item
    fig.suptitle(f"各{area_label}{label}排名（95%区间；虚线为所在区直接估计）", x=0.01, ha="left", fontsize=10)
    fig.legend(handles, names, loc="lower center", frameon=False, ncols=2, fontsize=8)
    # fixed margins: tight_layout measures every CJK tick label again and again (seconds)
    h = fig.get_figheight()
    fig.subplots_adjust(left=0.13, right=0.98, wspace=0.55, hspace=0.45, bottom=0.75 / h, top=1 - 0.7 / h)
    return fig
