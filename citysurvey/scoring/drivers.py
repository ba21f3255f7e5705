"""Key drivers of overall satisfaction and the importance–performance (IPA) matrix.

*Regression.* Overall satisfaction (the overall item's score) on the item
scores, fitted by :func:`citysurvey.estimation.svyglm` (R's ``svyglm``): weighted least
squares with design-based SEs (strata, PSUs, later stages, calibration; replicate designs
refit every replicate); t tests use the design df minus the number of slopes.

*Relative importance.* Items are correlated, so slopes and their squares do
not split R². Johnson's (2000) relative weights do: with the weighted
correlation matrix ``Rxx = VΛV'`` and ``L = VΛ^½V'``, the outcome is regressed
on the orthogonal counterparts (``β* = L⁻¹r_xy``) and item j gets
``ε_j = Σ_k L_jk² β*_k²``; the ε sum to R². For few predictors (the level
indices) LMG/Shapley — the average gain in R² over all orders of entry — is
computed exactly. With uncorrelated predictors both equal r²_jy.

*IPA.* Importance = an item's share of R² (relative weight, %), performance =
its score. Quadrant lines are the mean (or median) importance and performance
over the items; a value on a line counts as high:

=================  =================  ============
importance          performance        quadrant
=================  =================  ============
high                high               优势保持区
high                low                优先改进区
low                 low                次要改进区
low                 high               继续保持区
=================  =================  ============

>>> import numpy as np
>>> R = np.eye(2); r = np.array([0.6, 0.3])
>>> relative_weights(R, r)[0].round(2).tolist(), lmg(R, r).round(2).tolist()
([0.36, 0.09], [0.36, 0.09])
"""
from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from ..estimation import svyglm
from ..weighting.design import SurveyDesign

QUADRANTS = {(True, True): "优势保持区", (True, False): "优先改进区", (False, False): "次要改进区", (False, True): "继续保持区"}
QUADRANT_ORDER = ["优先改进区", "优势保持区", "次要改进区", "继续保持区"]
MAX_LMG_PREDICTORS = 12  # 2^12 subsets; beyond this only relative weights are computed


def weighted_corr(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted Pearson correlations of the columns of ``X`` (complete rows)."""
    w = w / w.sum()
    mu = w @ X
    Xc = X - mu
    C = Xc.T @ (Xc * w[:, None])
    d = np.sqrt(np.diag(C))
    with np.errstate(invalid="ignore", divide="ignore"):
        return C / np.outer(d, d)


def _r2(Rxx: np.ndarray, rxy: np.ndarray) -> float:
    if len(rxy) == 0:
        return 0.0
    return float(rxy @ np.linalg.pinv(Rxx, rcond=1e-10, hermitian=True) @ rxy)


def relative_weights(Rxx: np.ndarray, rxy: np.ndarray) -> tuple[np.ndarray, float]:
    """Johnson's raw relative weights (they sum to R²) and R², from correlations.

    Parameters
    ----------
    Rxx : numpy.ndarray
        p × p correlation matrix of the predictors.
    rxy : numpy.ndarray
        Correlations of the p predictors with the outcome.

    Returns
    -------
    weights : numpy.ndarray
        Each predictor's share of R² (ε_j, see the module text above); they sum to R².
    r2 : float
        R² of the regression of the outcome on all predictors.

    Examples
    --------
    >>> import numpy as np
    >>> from citysurvey.scoring import relative_weights
    >>> eps, r2 = relative_weights(np.array([[1.0, 0.5], [0.5, 1.0]]), np.array([0.6, 0.4]))
    >>> eps.round(4).tolist(), round(r2, 4)
    ([0.2867, 0.0867], 0.3733)
    """
    lam, V = np.linalg.eigh(Rxx)
    lam = np.clip(lam, 0.0, None)  # tiny negative eigenvalues of near-collinear items are rounding
    L = V @ np.diag(np.sqrt(lam)) @ V.T
    beta = np.linalg.pinv(L, rcond=1e-10, hermitian=True) @ rxy
    eps = (L**2) @ (beta**2)
    return eps, float(eps.sum())


def lmg(Rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """LMG (Shapley) decomposition of R²: each predictor's average gain in R² over all orders of entry.

    Exact, over all 2^p subsets, so meant for few predictors (the stage computes it up to
    12; the level indices, not the items, in a large questionnaire).

    Parameters
    ----------
    Rxx : numpy.ndarray
        p × p correlation matrix of the predictors.
    rxy : numpy.ndarray
        Correlations of the p predictors with the outcome.

    Returns
    -------
    numpy.ndarray
        Each predictor's LMG share; they sum to R².

    Examples
    --------
    With two predictors LMG and Johnson's weights agree:

    >>> import numpy as np
    >>> from citysurvey.scoring import lmg
    >>> lmg(np.array([[1.0, 0.5], [0.5, 1.0]]), np.array([0.6, 0.4])).round(4).tolist()
    [0.2867, 0.0867]
    """
    p = len(rxy)
    r2 = {}
    for size in range(p + 1):
        for s in combinations(range(p), size):
            idx = list(s)
            r2[s] = _r2(Rxx[np.ix_(idx, idx)], rxy[idx])
    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            weight = factorial(size) * factorial(p - size - 1) / factorial(p)
            for s in combinations(others, size):
                with_j = tuple(sorted(s + (j,)))
                out[j] += weight * (r2[with_j] - r2[s])
    return out


def driver_matrix(scores: pd.DataFrame, by_level: dict[str, list[str]], missing: str) -> pd.DataFrame:
    """Predictor scores with skipped items handled as configured.

    ``impute``: a skipped item takes the respondent's mean over the answered
    items of its level (their own level of satisfaction), so respondents who
    did not know one service still count; a level with no answer stays missing.
    ``listwise``: no filling.
    """
    items = [it for its in by_level.values() for it in its]
    X = scores[items].astype(float).copy()
    if missing == "impute":
        for its in by_level.values():
            mean = scores[its].mean(axis=1)
            for it in its:
                X[it] = X[it].fillna(mean)
    return X


def fit_drivers(design: SurveyDesign, y: pd.Series, X: pd.DataFrame, level: float = 0.95) -> tuple[pd.DataFrame, dict]:
    """Weighted regression of ``y`` on ``X`` with design SEs, and relative importance of every column.

    Parameters
    ----------
    design : SurveyDesign
        The design ``y`` and ``X`` are aligned with (same rows, same order).
    y : pandas.Series
        The outcome (the overall item's score).
    X : pandas.DataFrame
        Predictors (item scores or level indices), one column each. Rows with any missing
        value are left out; their influence is zero, so every PSU still counts, as for a domain.
    level : float
        Confidence level of the coefficient intervals.

    Returns
    -------
    table : pandas.DataFrame
        One row per predictor: ``predictor``, ``coef``, ``se`` (design-based, R's ``svyglm``),
        ``ci_low``, ``ci_high``, ``statistic`` (t), ``p_value``, ``std_coef`` (standardised
        slope), ``r_with_overall`` (weighted correlation with ``y``), ``relative_weight``
        (Johnson's ε), ``relative_weight_pct`` (% of R²), ``lmg``, ``lmg_pct`` (NaN beyond 12
        predictors), ``rank`` (1 = largest relative weight).
    info : dict
        ``n`` (rows used), ``r2`` (weighted R²), ``r2_from_weights`` (the ε summed; equals
        ``r2``), ``df`` (residual design df), ``intercept``, ``intercept_se``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.scoring import fit_drivers
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4,
    ...                    "q1": [5, 4, 4, 3, 2, 3, 4, 5], "q2": [4, 4, 5, 3, 3, 2, 4, 4],
    ...                    "q3": [5, 5, 4, 4, 3, 2, 2, 3], "overall": [5, 4, 4, 3, 2, 3, 3, 4]})
    >>> d = svydesign(df, strata="district")
    >>> table, info = fit_drivers(d, df["overall"].astype(float), df[["q1", "q2", "q3"]].astype(float))
    >>> print(table[["predictor", "coef", "relative_weight_pct", "rank"]].round(2).to_string(index=False))
    predictor  coef  relative_weight_pct  rank
           q1  0.75                60.22     1
           q2 -0.14                13.71     3
           q3  0.32                26.07     2
    >>> info["n"], round(info["r2"], 3)
    (8, 0.938)
    """
    used = y.notna().to_numpy() & X.notna().all(axis=1).to_numpy()
    names = list(X.columns)
    yv = y.to_numpy(dtype=float)[used]
    Xv = X.to_numpy(dtype=float)[used]
    w = design.weights[used]
    fit = svyglm(design, y.to_numpy(dtype=float), X, level=level)
    coefs = fit.table.iloc[1:]  # the slopes; the intercept goes to info
    beta = fit.table["coef"].to_numpy()
    df = max(fit.df_resid, 1)
    resid = yv - np.column_stack([np.ones(len(yv)), Xv]) @ beta
    ybar = np.sum(w * yv) / w.sum()
    rsquared = 1 - np.sum(w * resid**2) / np.sum(w * (yv - ybar) ** 2)
    R = weighted_corr(np.column_stack([yv, Xv]), w)
    rxy, Rxx = R[0, 1:], R[1:, 1:]
    raw, r2 = relative_weights(Rxx, rxy)
    sd = np.sqrt(np.diag(np.cov(np.column_stack([yv, Xv]).T, aweights=w)))
    table = pd.DataFrame({
        "predictor": names,
        "coef": beta[1:],
        "se": coefs["se"].to_numpy(),
        "ci_low": coefs["ci_low"].to_numpy(),
        "ci_high": coefs["ci_high"].to_numpy(),
        "statistic": coefs["statistic"].to_numpy(),
        "p_value": coefs["p_value"].to_numpy(),
        "std_coef": beta[1:] * sd[1:] / sd[0],
        "r_with_overall": rxy,
        "relative_weight": raw,
        "relative_weight_pct": 100 * raw / r2 if r2 > 0 else np.nan,
    })
    table["lmg"] = lmg(Rxx, rxy) if len(names) <= MAX_LMG_PREDICTORS else np.nan
    table["lmg_pct"] = 100 * table["lmg"] / r2 if r2 > 0 else np.nan
    table["rank"] = table["relative_weight"].rank(ascending=False, method="min").astype(int)
    info = {"n": int(used.sum()), "r2": float(rsquared), "r2_from_weights": r2, "df": int(df),
            "intercept": float(beta[0]), "intercept_se": float(fit.table["se"].iloc[0])}
    return table, info


def ipa(importance: pd.Series, performance: pd.Series, cut: str = "mean") -> pd.DataFrame:
    """Importance–performance quadrant of each item (the quadrant table is in the module text above).

    Parameters
    ----------
    importance : pandas.Series
        Item → importance (share of R², %).
    performance : pandas.Series
        Item → performance (score).
    cut : {"mean", "median"}
        Where the quadrant lines lie, over the items (``scoring.ipa_cut``); a value on a line
        counts as high.

    Returns
    -------
    pandas.DataFrame
        Indexed by item (items missing either value are left out): ``importance``,
        ``performance``, ``importance_cut``, ``performance_cut`` (the lines) and ``quadrant``
        (优势保持区 / 优先改进区 / 次要改进区 / 继续保持区).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.scoring import ipa
    >>> q = ipa(pd.Series({"q1": 50.0, "q2": 30.0, "q3": 20.0}), pd.Series({"q1": 70.0, "q2": 85.0, "q3": 60.0}))
    >>> q["quadrant"].to_dict()
    {'q1': '优先改进区', 'q2': '继续保持区', 'q3': '次要改进区'}
    """
    frame = pd.DataFrame({"importance": importance, "performance": performance}).dropna()
    agg = np.mean if cut == "mean" else np.median
    ci, cp = float(agg(frame["importance"])), float(agg(frame["performance"]))
    frame["importance_cut"], frame["performance_cut"] = ci, cp
    frame["quadrant"] = [QUADRANTS[(i >= ci, p >= cp)] for i, p in zip(frame["importance"], frame["performance"])]
    return frame


def ipa_rule(cut: str) -> str:
    word = "均值" if cut == "mean" else "中位数"
    return (f"重要性=关键驱动分析中各题目相对权重占R²的比例，表现=题目满意度得分；"
            f"以全部题目重要性与表现的{word}为分界（等于分界值视为高）：高重要高表现为优势保持区，"
            f"高重要低表现为优先改进区，低重要低表现为次要改进区，低重要高表现为继续保持区。"
            f"区级象限沿用全市的重要性，表现及分界取该区的值。")
