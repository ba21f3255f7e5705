"""Design-based tests of association in two-way tables: Rao–Scott adjusted chi-square (R's ``svychisq``).

Pearson's X² is computed on the weighted table scaled to the sample size. Its design-based
distribution depends on ``Δ = (C'D⁻¹C/N)⁻¹ C'D⁻¹ V D⁻¹ C``, with ``V`` the design covariance of
the cell proportions, ``D`` their diagonal and ``C`` the interaction contrasts (orthogonal to the
row and column effects); the eigenvalues of Δ are the generalised design effects.

* ``statistic="F"`` (R's default, second-order Rao–Scott): ``F = X²/tr(Δ)`` on
  ``d₀ = tr(Δ)²/tr(Δ²)`` and ``d₀·ν`` degrees of freedom, ν = PSUs − strata;
* ``statistic="Chisq"`` (first-order): the p-value of ``X²/mean(eigenvalues)`` on
  ``(r − 1)(c − 1)`` df; ``statistic`` reports X² itself, as R.

Group comparisons in reports (e.g. satisfied or not × district) use the F form.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import Problem, StageError
from ..weighting.design import SurveyDesign
from .variance import covariance

STATISTICS = ("F", "Chisq")


def _cell_covariance(design: SurveyDesign, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cell proportions of the 0/1 indicator matrix ``M`` (rows without a cell are all 0) and their covariance."""
    w = design.weights
    inside = M.sum(axis=1) > 0
    total = w[inside].sum()
    p = (w[:, None] * M).sum(axis=0) / total
    if design.replicates is not None:
        reps = design.replicates
        th = (reps.weights.T @ M) / (reps.weights[inside].sum(axis=0))[:, None]
        centre = p if reps.mse else th[reps.rscales > 0].mean(axis=0)
        dev = th - centre
        return p, reps.scale * (dev * reps.rscales[:, None]).T @ dev
    scores = np.where(inside[:, None], w[:, None] * (M - p) / total, 0.0)
    return p, covariance(design, scores)


def svychisq(design: SurveyDesign, row: str, col: str, *, statistic: str = "F") -> pd.DataFrame:
    """Rao–Scott test of independence of two categorical variables, as R's ``svychisq``.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    row, col : str
        The two variables (each needs two categories or more among the respondents).
    statistic : {"F", "Chisq"}
        ``F``: the second-order Rao–Scott F (R's default); ``Chisq``: the first-order
        corrected chi-square.

    Returns
    -------
    pandas.DataFrame
        One row: ``row``, ``col``, ``pearson_x2`` (Pearson's X² on the weighted table scaled
        to the sample size), ``mean_deff`` (the mean generalised design effect, tr(Δ)/its
        size), ``statistic`` (F, or X² itself with ``Chisq``, as R), ``df``, ``df_denom``
        (NaN with ``Chisq``), ``p_value``, ``method``.

    Raises
    ------
    StageError
        An unknown statistic, or a variable with fewer than two categories.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svychisq
    >>> print(svychisq(d, "sex", "sat").round(3).to_string(index=False))
    row col  pearson_x2  mean_deff  statistic  df  df_denom  p_value      method
    sex sat       0.036      1.214      0.029 1.0       6.0     0.87 Rao–Scott F
    """
    if statistic not in STATISTICS:
        raise StageError(Problem(zh=f"检验统计量「{statistic}」无效，可选 {', '.join(STATISTICS)}。",
                                 en=f"statistic must be one of {', '.join(STATISTICS)}; got {statistic!r}."))
    a = design.variable(row).reset_index(drop=True).astype("category")
    b = design.variable(col).reset_index(drop=True).astype("category")
    a = a.cat.remove_unused_categories()
    b = b.cat.remove_unused_categories()
    nr, nc = len(a.cat.categories), len(b.cat.categories)
    if nr < 2 or nc < 2:
        raise StageError(Problem(zh=f"「{row}」与「{col}」各需至少两个类别才能检验关联。",
                                 en=f"'{row}' and '{col}' each need at least two categories to test association."))
    ra, cb = np.asarray(a.cat.codes), np.asarray(b.cat.codes)
    ok = (ra >= 0) & (cb >= 0)
    cell = np.where(ok, ra + nr * cb, -1)  # rows vary fastest, as R's interaction()
    M = np.zeros((design.n, nr * nc))
    M[np.flatnonzero(ok), cell[ok]] = 1.0
    N = design.n  # R scales the weighted table to the design's rows
    p, V = _cell_covariance(design, M)
    table = p.reshape(nc, nr).T * N
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = float(np.nansum((table - expected) ** 2 / expected))
    # interaction contrasts, residualised on the row and column effects
    rows_i, cols_i = np.tile(np.arange(nr), nc), np.repeat(np.arange(nc), nr)
    X1 = np.column_stack([np.ones(nr * nc)] + [(rows_i == i).astype(float) for i in range(1, nr)]
                         + [(cols_i == j).astype(float) for j in range(1, nc)])
    X12 = np.column_stack([((rows_i == i) & (cols_i == j)).astype(float) for j in range(1, nc) for i in range(1, nr)])
    C = X12 - X1 @ np.linalg.lstsq(X1, X12, rcond=None)[0]
    with np.errstate(divide="ignore"):
        idp = np.where(p == 0, 0.0, 1 / p)
    denom = C.T @ (C * (idp / N)[:, None])
    numr = (C * idp[:, None]).T @ V @ (C * idp[:, None])
    delta = np.linalg.solve(denom, numr)
    tr = float(np.trace(delta))
    d0 = tr**2 / float(np.trace(delta @ delta))
    nu = design.degf()  # PSUs − strata of the whole design (replicates: rank − 1), as R
    if statistic == "F":
        f = x2 / tr
        out = {"statistic": f, "df": d0, "df_denom": d0 * nu, "p_value": float(stats.f.sf(f, d0, d0 * nu)),
               "method": "Rao–Scott F"}
    else:
        k = delta.shape[1]
        out = {"statistic": x2, "df": float(k), "df_denom": np.nan,
               "p_value": float(stats.chi2.sf(x2 / (tr / k), k)), "method": "Rao–Scott chi-square"}
    return pd.DataFrame([{"row": row, "col": col, "pearson_x2": x2, "mean_deff": tr / delta.shape[1], **out}])
