"""Weight diagnostics: Kish design effect, effective n, distribution, margins achieved."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .design import SurveyDesign
from .margins import Margin, code_margin


def kish_deff(w: np.ndarray) -> float:
    """Kish's design effect from unequal weights, n·Σw² / (Σw)²; the effective n is n / deff.

    Parameters
    ----------
    w : array-like
        The weights.

    Returns
    -------
    float
        1 for equal weights, larger the more they vary.

    Examples
    --------
    >>> from citysurvey.weighting import kish_deff
    >>> kish_deff([1.0, 1.0, 1.0, 1.0]), kish_deff([1.0, 1.0, 1.0, 3.0])
    (1.0, 1.3333333333333333)
    """
    w = np.asarray(w, dtype=float)
    return float(len(w) * np.sum(w * w) / np.sum(w) ** 2) if len(w) else np.nan


def weight_summary(w: np.ndarray) -> pd.DataFrame:
    """One row describing a weight distribution.

    Parameters
    ----------
    w : array-like
        The weights.

    Returns
    -------
    pandas.DataFrame
        One row: ``n``, ``sum``, ``mean``, ``min``, ``p01``, ``p05``, ``median``, ``p95``,
        ``p99``, ``max``, ``max_min_ratio``, ``cv`` (standard deviation / mean),
        ``deff_kish`` (:func:`kish_deff`), ``n_eff`` (n / deff).

    Examples
    --------
    >>> from citysurvey.weighting import weight_summary
    >>> s = weight_summary([100.0] * 4 + [300.0] * 4)
    >>> s[["n", "mean", "max_min_ratio", "cv", "deff_kish", "n_eff"]].to_dict("records")
    [{'n': 8, 'mean': 200.0, 'max_min_ratio': 3.0, 'cv': 0.5, 'deff_kish': 1.25, 'n_eff': 6.4}]
    """
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
    """Kish deff, effective n and weight spread overall and, optionally, by a domain such as district.

    Parameters
    ----------
    design : SurveyDesign
        The weighted design.
    by : str, optional
        A domain variable of the design's data.

    Returns
    -------
    pandas.DataFrame
        :func:`weight_summary`'s columns, one row for all (``全部 / all``) and, with ``by``,
        one per domain (the ``by`` column first) with ``share_weighted`` (its share of the
        weight total).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import diagnose, svydesign
    >>> t = diagnose(svydesign(df, weights="w", strata="district"), by="district")
    >>> t[["district", "n", "sum", "deff_kish", "share_weighted"]].to_dict("records")
    [{'district': '全部 / all', 'n': 8, 'sum': 1600.0, 'deff_kish': 1.25, 'share_weighted': 1.0}, {'district': '乙区', 'n': 4, 'sum': 1200.0, 'deff_kish': 1.0, 'share_weighted': 0.75}, {'district': '甲区', 'n': 4, 'sum': 400.0, 'deff_kish': 1.0, 'share_weighted': 0.25}]
    """
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
    """Achieved weighted total against the population target for every cell of every margin.

    Parameters
    ----------
    design : SurveyDesign
        The weighted design.
    margins : sequence of Margin
        The population margins.
    empty, collapse_order
        As :func:`base_weights`: how a cell without respondents is treated.

    Returns
    -------
    pandas.DataFrame
        One row per margin × cell: ``margin``, ``cell`` (categories joined by ``×``),
        ``n_sample`` (respondents), ``target``, ``achieved`` (weighted total),
        ``target_share``, ``sample_share`` (unweighted), ``rel_error`` ((achieved −
        target)/target).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import Margin, margin_report, rake, svydesign
    >>> margins = [Margin.of("district", {"甲区": 400, "乙区": 1200}), Margin.of("sex", {"男": 800, "女": 800})]
    >>> before = margin_report(svydesign(df, weights="w"), margins)
    >>> after = margin_report(rake(svydesign(df, weights="w"), margins), margins)
    >>> before["achieved"].tolist(), after["achieved"].round(6).tolist()
    ([400.0, 1200.0, 1000.0, 600.0], [400.0, 1200.0, 800.0, 800.0])
    """
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
