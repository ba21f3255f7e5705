"""Weighted estimates for the city and its domains, and the domain-vs-city test.

Thin wrappers on :mod:`citysurvey.estimation`: point estimates, SEs and
intervals come from ``svymean`` / ``svyciprop``; the variance of a domain's
difference from the city comes from ``estimation.domain_variance`` (Taylor designs)
or ``compare_domains`` (replicate-weight designs). Nothing here re-weights.

Domain vs city. A domain is part of the city, so ``ȳ_d`` and ``ȳ`` are
positively correlated and ``se(ȳ_d − ȳ) < √(se_d² + se²)``. We linearise the
difference itself: its influence function is
``1_d(y − ȳ_d)/N̂_d − (y − ȳ)/N̂`` over valid answers, whose design variance
(strata, PSUs, calibration residuals) estimation computes. The t test uses the
city's design degrees of freedom minus one (as ``svyttest``). On replicate
designs we use ``compare_domains(d vs rest)``: since
``ȳ_d − ȳ = (1 − P̂_d)(ȳ_d − ȳ_rest)`` with ``P̂_d`` the domain's weighted share,
the two tests agree to first order and the SE is scaled by ``1 − P̂_d``.
"""
from __future__ import annotations


import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from ..estimation import compare_domains, domain_variance, domains, svyciprop, svymean
from ..estimation.variance import residual_scores
from ..estimation.estimators import compare_coded_domains
from ..schemas import CITY_AREA as CITY  # domain value of the whole-city rows
from ..weighting.design import SurveyDesign

OUT_COLS = ["variable", "domain", "estimate", "se", "ci_low", "ci_high", "n", "deff"]


def _tidy(res: pd.DataFrame, by: str | None) -> pd.DataFrame:
    res = res.copy()
    res["domain"] = CITY if by is None else res[by].astype(str)
    return res[OUT_COLS]


def estimate(design: SurveyDesign, means: list[str], props: list[str], by: str | None, level: float) -> pd.DataFrame:
    """Means (scores, with normal intervals) and proportions (logit intervals) per domain of ``by``."""
    parts = []
    if means:
        parts.append(_tidy(svymean(design, means, by, level=level), by))
    if props:
        parts.append(_tidy(svyciprop(design, props, by, level=level), by))
    return pd.concat(parts, ignore_index=True)


def _matrix(design: SurveyDesign, variables: list[str]) -> np.ndarray:
    data = design.data
    if all(v in data.columns and pd.api.types.is_numeric_dtype(data[v]) and not pd.api.types.is_bool_dtype(data[v])
           for v in variables):
        # one pass over a numeric block; row-major like the column stack (BLAS sums in the same order)
        return np.ascontiguousarray(data[variables].to_numpy(dtype=float, na_value=np.nan))
    return np.column_stack([
        pd.to_numeric(design.variable(v), errors="coerce").to_numpy(dtype=float, na_value=np.nan) for v in variables
    ])


def compare_to_city(design: SurveyDesign, variables: list[str], by: str, level: float) -> pd.DataFrame:
    """Each domain of ``by`` against the whole city, for every variable: one row per variable × domain.

    A domain is part of the city, so the difference is linearised as a whole (its SE is
    smaller than the two SEs combined); replicate designs use :func:`compare_domains`
    (domain against the rest) scaled by one minus the domain's weighted share.

    Parameters
    ----------
    design : SurveyDesign
        The (weighted) design; its variance accounts for strata, PSUs and calibration.
    variables : list of str
        Numeric variables of the design (scores, 0/1 satisfied flags); blanks are left out of
        that variable only.
    by : str
        The domain variable (the district, a group).
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``variable``, ``domain``, ``diff`` (domain − city), ``diff_se``,
        ``diff_ci_low``, ``diff_ci_high``, ``statistic`` (t), ``df`` (the city's design
        degrees of freedom minus one, as R's ``svyttest``), ``p_value`` (two-sided,
        unadjusted).

    Raises
    ------
    StageError
        ``by`` or a variable not in the design.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.scoring import compare_to_city
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "q1": [5, 4, 4, 3, 2, 3, 4, 5]})
    >>> d = svydesign(df, strata="district")
    >>> print(compare_to_city(d, ["q1"], "district", 0.95).round(3).to_string(index=False))
    variable domain  diff  diff_se  diff_ci_low  diff_ci_high  statistic  df  p_value
          q1     乙区 -0.25    0.382       -1.232         0.732     -0.655 5.0    0.542
          q1     甲区  0.25    0.382       -0.732         1.232      0.655 5.0    0.542
    """
    return compare_each_to_city(design, variables, [by], level)[by]


def compare_each_to_city(design: SurveyDesign, variables: list[str], bys: list[str], level: float) -> dict[str, pd.DataFrame]:
    """:func:`compare_to_city` for several domain variables: the city's side is computed once for all.

    Returns
    -------
    dict
        Each domain variable's table, as :func:`compare_to_city` gives it.
    """
    found = {by: domains(design, by) for by in bys}
    if not found:
        return {}
    # a block of variables at a time keeps memory at a few n × block matrices (several GB at 1,000,000
    # respondents otherwise); up to _COMPARE_CELLS respondents × variables is one block, as before
    step = max(1, _COMPARE_CELLS // max(design.n, 1))
    blocks = [_compare_block(design, variables[a:a + step], level, found) for a in range(0, len(variables), step)]
    sizes = [len(variables[a:a + step]) for a in range(0, len(variables), step)]
    out = {}
    for by, (_, labels) in found.items():
        parts = [b[by] for b in blocks]
        if len(parts) == 1:
            out[by] = parts[0]
            continue
        # the one-block row order: domain by domain, every variable within each domain
        whole = pd.concat(parts, ignore_index=True)
        D = len(labels)
        starts = np.cumsum([0] + [D * k for k in sizes[:-1]])
        order = np.concatenate([s + np.arange(D)[:, None] * k + np.arange(k)[None, :] for s, k in zip(starts, sizes)],
                               axis=1).ravel()
        out[by] = whole.iloc[order].reset_index(drop=True)
    return out


_COMPARE_CELLS = 30_000_000  # respondents × variables per block of compare_to_city (about 240 MB a matrix)


def _compare_block(design: SurveyDesign, variables: list[str], level: float,
                   found: dict[str, tuple[np.ndarray, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    Y = _matrix(design, variables)
    w = design.weights
    valid = ~np.isnan(Y)
    y0 = np.where(valid, Y, 0.0)
    del Y
    wv = w[:, None] * valid
    N = wv.sum(axis=0)
    wy = wv * y0  # once for the city and every domain variable
    ybar = wy.sum(axis=0) / np.where(N > 0, N, np.nan)
    df = (design.degf_by(np.zeros(design.n, dtype=np.int64), 1, valid)[0] - 1).astype(float)
    p_df, q = np.maximum(df, 1)[None, :], stats.t.ppf(0.5 + level / 2, np.maximum(df, 1))[None, :]
    sums = {}  # every domain variable's weighted counts and totals first: wv and wy are not needed for the SEs
    for by, (dom, labels) in found.items():
        onehot = np.zeros((design.n, len(labels)))
        inside = dom >= 0
        onehot[np.flatnonzero(inside), dom[inside]] = 1.0
        # skinny products: OpenBLAS's threads gain nothing here and, spinning on a busy machine, cost up to
        # a hundred times the work; one thread sums each cell in the same order (identical results)
        with threadpool_limits(1, user_api="blas"):
            sums[by] = (onehot.T @ wv, onehot.T @ wy)  # D × J each
        del onehot
    del wv, wy
    city = residual = None
    out = {}
    for by, (dom, labels) in found.items():
        D = len(labels)
        Nd, wy_d = sums.pop(by)
        with np.errstate(invalid="ignore", divide="ignore"):
            ybar_d = wy_d / Nd
        diff = ybar_d - ybar[None, :]
        if design.replicates is None:
            if city is None:  # the city's scores and their calibration residuals serve every domain variable
                city = np.where(valid, w[:, None] * (y0 - ybar[None, :]) / N[None, :], 0.0)
                residual = residual_scores(design, city) if design.calibrations else city
            se = _taylor_se(design, y0, valid, dom, ybar_d, Nd, city, residual)
        else:
            se = _replicate_se(design, variables, dom, labels, by, Nd / N[None, :])
        with np.errstate(invalid="ignore", divide="ignore"):
            t = diff / se
        p = 2 * stats.t.sf(np.abs(t), p_df)
        J = len(variables)
        out[by] = pd.DataFrame({
            "variable": np.tile(variables, D),
            "domain": np.repeat(labels[by].astype(str).to_numpy(), J),
            "diff": diff.ravel(),
            "diff_se": se.ravel(),
            "diff_ci_low": (diff - q * se).ravel(),
            "diff_ci_high": (diff + q * se).ravel(),
            "statistic": t.ravel(),
            "df": np.tile(df, D),
            "p_value": p.ravel(),
        })
    return out


def _taylor_se(design, y0, valid, dom, ybar_d, Nd, city, residual) -> np.ndarray:
    D, J = Nd.shape
    w = design.weights[:, None]
    # each row's score in its own domain (0 outside every domain); estimation takes domain d's column
    # as this on the rows of d minus the city's score on every row, for all domains at once
    inside = dom >= 0
    domc = np.where(inside, dom, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        # w(y − ȳ_d)/N_d, in place (at a million respondents each fresh n × J array costs as much as the arithmetic)
        own = ybar_d[domc]
        np.subtract(y0, own, out=own)
        own *= w
        np.divide(own, Nd[domc], out=own)
    own[~(valid & inside[:, None])] = 0.0
    if not np.isfinite(own).all():  # nan_to_num's passes (isnan, isposinf, isneginf) only when they change something
        np.nan_to_num(own, copy=False)
    var = domain_variance(design, own, domc, D, common=city, common_residual=residual)  # strata, PSUs, calibration
    return np.sqrt(np.maximum(var, 0.0))


def _replicate_se(design, variables, dom, labels, by, share) -> np.ndarray:
    D, J = share.shape
    se = np.full((D, J), np.nan)
    for d in range(D):
        flag = pd.Series(np.where(dom == d, "in", "rest"), dtype="category")
        flag[dom < 0] = np.nan
        aug = design.with_columns(__in_domain=flag)
        for j, v in enumerate(variables):
            res = compare_domains(aug, v, "__in_domain", reference="rest")
            row = res[res["contrast"] != "all equal"]
            if len(row):
                se[d, j] = (1 - share[d, j]) * float(row["se"].iloc[0])
    return se


def group_tests(design: SurveyDesign, variables: list[str], by: str) -> pd.DataFrame:
    """Wald F test that every domain of ``by`` has the same mean (``compare_domains`` 'all equal')."""
    cols = ["variable", "statistic", "df", "df_denom", "p_value"]
    if not variables:
        return pd.DataFrame(columns=cols)
    res = compare_coded_domains(design, variables, *domains(design, by))  # every variable in one pass
    if "df_denom" not in res.columns:  # one domain: no test
        return pd.DataFrame(columns=cols)
    return res.loc[res["contrast"] == "all equal", cols].reset_index(drop=True)


def adjust_p(p: pd.Series, method: str) -> pd.Series:
    """Multiple-testing adjustment over one family (statsmodels ``multipletests``); NaN stays NaN."""
    out = p.astype(float).copy()
    ok = out.notna()
    if method != "none" and ok.any():
        from statsmodels.stats.multitest import multipletests

        out[ok] = multipletests(out[ok].to_numpy(), method=method)[1]
    return out
