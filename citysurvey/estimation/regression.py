"""Design-based generalised linear models, R's ``svyglm``: linear and logistic (quasibinomial).

The coefficients solve the survey-weighted estimating equations (weighted least squares, or the
weighted binomial likelihood by iteratively reweighted least squares, replaying R's ``glm.fit``
step by step, so that the working weights its SEs use are the same). The covariance is the
sandwich ``A⁻¹ V(U) A⁻¹``: the scores ``U_i = x_i·w_i·(y_i − μ_i)`` times ``A⁻¹ = (X'WX)⁻¹`` go
through :func:`~citysurvey.estimation.covariance`, so strata, PSUs, later stages, fpc and
calibration all count; a replicate design refits the model with every replicate's weights.
Rows with a missing outcome or predictor are left out of the fit but stay in the design (their
scores are zero), as for a domain. t tests use the design df + 1 − the number of coefficients.

:func:`svyglm` has an example that runs.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import Problem, StageError
from ..weighting.design import SurveyDesign
from .variance import covariance

FAMILIES = ("gaussian", "quasibinomial")
_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class SvyGlm:
    """A fitted design-based GLM (:func:`svyglm`).

    Attributes
    ----------
    family : str
        ``gaussian`` or ``quasibinomial``.
    table : pandas.DataFrame
        One row per term: ``term`` (``(Intercept)`` first), ``coef``, ``se``, ``statistic``
        (t), ``df`` (residual design df), ``p_value``, ``ci_low``, ``ci_high``.
    vcov : pandas.DataFrame
        Terms × terms: the design-based covariance of the coefficients.
    df_resid : float
        Residual degrees of freedom: design df minus slopes, as R.
    n : int
        Rows used.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svyglm
    >>> fit = svyglm(d, "q1", ["sat"])
    >>> fit.family, fit.df_resid, fit.n, fit.vcov.round(4).values.tolist()
    ('gaussian', 5, 8, [[0.081, -0.0827], [-0.0827, 0.1167]])
    """

    family: str
    table: pd.DataFrame
    vcov: pd.DataFrame
    df_resid: float
    n: int

    @property
    def coef(self) -> pd.Series:
        return self.table.set_index("term")["coef"]


def model_matrix(design: SurveyDesign, predictors) -> tuple[np.ndarray, list[str]]:
    """Intercept, numeric predictors as they are, categorical ones as treatment dummies (first level left out), as R.

    ``predictors`` names variables of the design, or is a DataFrame with one row per respondent in
    the design's row order (e.g. scores computed from the data).
    """
    cols, names = [np.ones(design.n)], ["(Intercept)"]
    frame = predictors.reset_index(drop=True) if isinstance(predictors, pd.DataFrame) else None
    if frame is not None and len(frame) != design.n:
        raise StageError(Problem(zh=f"自变量表有 {len(frame)} 行，设计有 {design.n} 行。",
                                 en=f"the predictor table has {len(frame)} rows; the design has {design.n}."))
    for v in (list(frame.columns) if frame is not None else [predictors] if isinstance(predictors, str) else list(predictors)):
        s = frame[v] if frame is not None else design.variable(v).reset_index(drop=True)
        if isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == object or pd.api.types.is_string_dtype(s) \
                or pd.api.types.is_bool_dtype(s):
            cat = s.astype("category")
            codes = np.asarray(cat.cat.codes)
            for i, lev in enumerate(cat.cat.categories[1:], start=1):
                cols.append(np.where(codes < 0, np.nan, (codes == i).astype(float)))
                names.append(f"{v}{lev}")
        else:
            cols.append(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
            names.append(str(v))
    return np.column_stack(cols), names


def _outcome(design: SurveyDesign, y) -> tuple[np.ndarray, str]:
    if isinstance(y, str):
        s = design.variable(y).reset_index(drop=True)
        if pd.api.types.is_bool_dtype(s):
            s = s.astype(float)
        return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan), y
    return np.asarray(y, dtype=float), "y"


def _logit_irls(X: np.ndarray, y: np.ndarray, W: np.ndarray):
    """R's ``glm.fit`` for the binomial family, logit link, default control (ε = 1e-8, 25 iterations).

    Returns the coefficients, the final μ and η, and the working weights of the last iteration.
    """
    mu = (W * y + 0.5) / (W + 1)
    eta = np.log(mu / (1 - mu))
    mu = _logit_inverse(eta)

    def dev(m):
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(2 * W * np.where(y == 1, -np.log(m), 0.0) + 2 * W * np.where(y == 0, -np.log(1 - m), 0.0)))

    def mu_eta(e):
        ee = np.exp(e)
        return np.where((e > 30) | (e < -30), _EPS, ee / (1 + ee) ** 2)

    devold = dev(mu)
    beta = np.zeros(X.shape[1])
    ww = W
    for _ in range(25):
        me = mu_eta(eta)
        var = mu * (1 - mu)
        z = eta + (y - mu) / me
        ww = W * me**2 / var
        sw = np.sqrt(ww)
        beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]
        eta = X @ beta
        mu = _logit_inverse(eta)
        d = dev(mu)
        if abs(d - devold) / (abs(d) + 0.1) < 1e-8:
            break
        devold = d
    else:
        warnings.warn("svyglm: the logistic fit did not converge in 25 iterations (R: 'glm.fit: algorithm "
                      "did not converge'); 逻辑回归 25 次迭代未收敛。", RuntimeWarning, stacklevel=4)
    if np.any((mu > 1 - 10 * _EPS) | (mu < 10 * _EPS)):
        # complete separation: a predictor decides the outcome; the coefficients run off, as in R
        warnings.warn("svyglm: fitted probabilities numerically 0 or 1 occurred (a predictor separates the "
                      "outcome; its coefficient and SE are not meaningful); 拟合概率为 0 或 1：某个自变量完全"
                      "区分了因变量，其系数与标准误没有意义。", RuntimeWarning, stacklevel=4)
    return beta, mu, eta, ww, mu_eta


def _logit_inverse(eta: np.ndarray) -> np.ndarray:
    """R's logit ``linkinv``: η beyond ±30 is held there, so μ never reaches exactly 0 or 1."""
    t = np.where(eta < -30, _EPS, np.where(eta > 30, 1 / _EPS, np.exp(np.clip(eta, -30, 30))))
    return t / (1 + t)


def _fit(X, y, W, family):
    """Coefficients, A⁻¹ and the per-row score multipliers for one set of weights (rows already complete)."""
    if family == "gaussian":
        A = X.T @ (X * W[:, None])
        ainv = np.linalg.pinv(A)
        beta = ainv @ (X.T @ (W * y))
        return beta, ainv, W * (y - X @ beta)
    beta, mu, eta, ww, mu_eta = _logit_irls(X, y, W)
    ainv = np.linalg.pinv(X.T @ (X * ww[:, None]))
    return beta, ainv, ww * (y - mu) / mu_eta(eta)  # working residual × working weight, as R's estfun


def svyglm(design: SurveyDesign, y, predictors, *, family: str = "gaussian", level: float = 0.95) -> SvyGlm:
    """Fit ``y ~ predictors`` on the design, as R's ``svyglm``, with design-based SEs.

    Parameters
    ----------
    design : SurveyDesign
        The design: strata, PSUs, later stages, calibration; a replicate design refits every
        replicate.
    y : str or array-like
        The outcome: a variable of the design or one value per row. Blank rows are left out
        (their influence is zero, so every PSU still counts).
    predictors : str, list of str or pandas.DataFrame
        Variables of the design (categorical ones as treatment dummies, first level left out,
        as R), or a table with one row per respondent in the design's order.
    family : {"gaussian", "quasibinomial"}
        Linear regression, or logistic regression of a 0/1 outcome.
    level : float
        Confidence level of the coefficient intervals.

    Returns
    -------
    SvyGlm
        The coefficient table and covariance (see :class:`SvyGlm`).

    Raises
    ------
    StageError
        An unknown family, a non-0/1 outcome for ``quasibinomial`` (its row named), fewer
        rows than coefficients, a predictor table of the wrong length.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svyglm
    >>> fit = svyglm(d, "q1", ["sat"])
    >>> print(fit.table.round(3).to_string(index=False))
           term  coef    se  statistic  df  p_value  ci_low  ci_high
    (Intercept) 2.700 0.285      9.487   5    0.000   1.968    3.432
            sat 1.467 0.342      4.293   5    0.008   0.588    2.345
    """
    if family not in FAMILIES:
        raise StageError(Problem(zh=f"模型族「{family}」无效，可选 {', '.join(FAMILIES)}。",
                                 en=f"family must be one of {', '.join(FAMILIES)}; got {family!r}."))
    yv, yname = _outcome(design, y)
    X, names = model_matrix(design, predictors)
    used = ~np.isnan(yv) & ~np.isnan(X).any(axis=1) & (design.weights > 0)
    if family == "quasibinomial":
        bad = used & (yv != 0) & (yv != 1)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise StageError(Problem(zh=f"逻辑回归的因变量「{yname}」应为 0/1，第 {i + 2} 行为 {yv[i]:g}。",
                                     en=f"the outcome '{yname}' of a logistic model must be 0/1; row {i + 2} holds {yv[i]:g}.",
                                     row=i + 2, column=yname if isinstance(y, str) else None))
    if int(used.sum()) <= X.shape[1]:
        raise StageError(Problem(zh=f"有效样本 {int(used.sum())} 个，不足以估计 {X.shape[1]} 个系数。",
                                 en=f"{int(used.sum())} complete rows cannot fit {X.shape[1]} coefficients."))
    Xu, yu = X[used], yv[used]
    w = design.weights[used]
    W = w / design.weights.mean()  # R rescales the weights to mean 1; neither coefficients nor SEs change
    beta, ainv, mult = _fit(Xu, yu, W, family)
    if design.replicates is not None:
        reps = design.replicates
        thetas = np.array([_fit(Xu, yu, reps.weights[used, r] / design.weights.mean(), family)[0]
                           for r in range(reps.n_replicates)])
        centre = beta if reps.mse else thetas[reps.rscales > 0].mean(axis=0)
        dev = thetas - centre
        V = reps.scale * (dev * reps.rscales[:, None]).T @ dev
        df = design.degf() + 1 - len(beta)
    else:
        # scores w·(y − μ)·x'A⁻¹: the weights' scale cancels between the score and A⁻¹
        scores = np.zeros((design.n, len(beta)))
        scores[used] = mult[:, None] * (Xu @ ainv)
        V = covariance(design, scores)
        df = design.degf(used) + 1 - len(beta)
    se = np.sqrt(np.maximum(np.diag(V), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se
    dfp = max(df, 1)
    q = stats.t.ppf(0.5 + level / 2, dfp)
    table = pd.DataFrame({
        "term": names, "coef": beta, "se": se, "statistic": t, "df": df,
        "p_value": 2 * stats.t.sf(np.abs(t), dfp), "ci_low": beta - q * se, "ci_high": beta + q * se,
    })
    return SvyGlm(family=family, table=table, vcov=pd.DataFrame(V, index=names, columns=names), df_resid=df,
                  n=int(used.sum()))
