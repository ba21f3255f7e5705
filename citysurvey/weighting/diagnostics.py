"""Weight diagnostics: Kish design effect, effective n, distribution, margins achieved."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .design import SurveyDesign
from .margins import Margin, code_margin


def kish_deff(w: np.ndarray) -> float:
    """Kish's design effect from unequal weights, n·Σw² / (Σw)²; effective n is n / deff.

    >>> from citysurvey.weighting import kish_deff
    >>> kish_deff([1.0, 1.0, 1.0, 1.0]), kish_deff([1.0, 1.0, 1.0, 3.0])
    (1.0, 1.3333333333333333)
    """
    w = np.asarray(w, dtype=float)
    return float(len(w) * np.sum(w * w) / np.sum(w) ** 2) if len(w) else np.nan


def weight_summary(w: np.ndarray) -> pd.DataFrame:
    """One row describing a weight distribution."""
    w = np.asarray(w, dtype=float)
    q = np.quantile(w, [0.01, 0.05, 0.5, 0.95, 0.99]) if len(w) else [np.nan] * 5
    deff = kish_deff(w)
    return pd.DataFrame(
        [
            {
                "n": len(w),
                "sum": w.sum(),
                "mean": w.mean(),
                "min": w.min(),
                "p01": q[0],
                "p05": q[1],
                "median": q[2],
                "p95": q[3],
                "p99": q[4],
                "max": w.max(),
                "max_min_ratio": w.max() / w.min() if w.min() > 0 else np.inf,
                "cv": w.std() / w.mean(),
                "deff_kish": deff,
                "n_eff": len(w) / deff,
            }
        ]
    )


def diagnose(design: SurveyDesign, by: str | None = None) -> pd.DataFrame:
    """Kish deff, effective n and weight spread overall and (optionally) by a domain such as district."""
    rows = [weight_summary(design.weights).assign(**({by: "全部 / all"} if by else {}))]
    if by:
        col = design.variable(by).reset_index(drop=True)
        for level, idx in col.groupby(col, observed=True, sort=True).groups.items():
            rows.append(weight_summary(design.weights[np.asarray(idx)]).assign(**{by: level}))
    out = pd.concat(rows, ignore_index=True)
    if by:
        out = out[[by, *[c for c in out.columns if c != by]]]
        out["share_weighted"] = out["sum"] / design.weights.sum()
    return out


def margin_report(
    design: SurveyDesign, margins: Sequence[Margin], *, empty: str = "error", collapse_order: Sequence[str] = ()
) -> pd.DataFrame:
    """Achieved weighted total vs population target for every cell of every margin."""
    rows = []
    for m in margins:
        c = code_margin(design.data, m, design.weights, empty=empty, collapse_order=collapse_order)
        got = np.bincount(c.codes, design.weights, minlength=len(c.targets))
        unweighted = np.bincount(c.codes, minlength=len(c.targets))
        cell = c.groups.drop(columns="population").astype(str).agg("×".join, axis=1)
        rows.append(
            pd.DataFrame(
                {
                    "margin": c.name,
                    "cell": cell.to_numpy(),
                    "n_sample": unweighted,
                    "target": c.targets,
                    "achieved": got,
                    "target_share": c.targets / c.targets.sum(),
                    "sample_share": unweighted / unweighted.sum(),
                    "rel_error": (got - c.targets) / np.where(c.targets != 0, c.targets, 1.0),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)
