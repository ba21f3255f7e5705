"""Weighted topic mention shares with confidence intervals, city-wide and by domain.

A share is a ratio mean ``Σ w·x·y / Σ w·x``: ``y`` = 1 when the respondent's
suggestion mentions the topic, ``x`` = 1 for respondents in the base (all
respondents, or only those who wrote an informative suggestion) and in the
domain. Domains are subsets of the whole sample, never re-weighted on their own.

Variance: when the weighting stage handed over a survey design, the project's
design-based estimator (:func:`citysurvey.estimation.svymean`) is used, so strata,
clusters and calibration enter the standard error. Otherwise weights come from a
column or are equal, and :func:`ratio_mean_wr` computes the same linearised
with-replacement variance (one PSU per respondent, no strata) in a few
``bincount`` passes over the respondents and their mentions — fast enough for a
million respondents. Intervals are logit intervals
(as R's ``svyciprop``); at a share of 0 or 1, where the logit is undefined,
the Wilson score bound with the domain's n is used instead.

:func:`topic_shares` and :func:`ratio_mean_wr` have examples that run.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from ..loading import CITY_AREA

COLUMNS = ["domain_variable", "domain", "base", "topic", "estimate", "se", "ci_low", "ci_high", "n", "n_mention", "deff"]


# --- TO BE REPLACED by citysurvey.estimation when it offers a fast path for simple designs -------------
def ratio_mean_wr(Y: np.ndarray, w: np.ndarray, x: np.ndarray, dom: np.ndarray, D: int) -> tuple[np.ndarray, ...]:
    """Ratio means of 0/1 columns ``Y`` over a base in ``D`` domains, with linearised SEs.

    With-replacement variance, one PSU per respondent, no strata:
    ``v = n/(n−1) Σ_i z_i²`` with ``z_i = w_i x_i d_i (y_i − R)/X̂`` (the z_i sum to 0).
    For 0/1 ``y`` the sum of squares reduces to per-domain sums of ``w²`` and ``w²y``,
    so only the 1s of ``Y`` are visited: fast enough for a million respondents.

    Parameters
    ----------
    Y : numpy.ndarray
        n × K, 0/1: respondent i mentions topic k.
    w : numpy.ndarray
        n weights.
    x : numpy.ndarray
        n booleans: the respondent is in the base (the denominator).
    dom : numpy.ndarray
        n domain codes 0 … D−1; −1 outside every domain.
    D : int
        Number of domains.

    Returns
    -------
    estimate, se, n, n_mention : numpy.ndarray
        Each D × K: the weighted share Σwxy/Σwx, its SE, the base respondents, and the
        respondents mentioning the topic.

    Examples
    --------
    >>> import numpy as np
    >>> from citysurvey.text import ratio_mean_wr
    >>> Y = np.array([[1, 0], [0, 1], [1, 0], [0, 0]])
    >>> est, se, n, n_mention = ratio_mean_wr(Y, np.array([1.0, 1.0, 2.0, 4.0]), np.ones(4, bool), np.zeros(4, np.int64), 1)
    >>> est.round(3).tolist(), se.round(3).tolist(), n.tolist(), n_mention.tolist()
    ([[0.375, 0.125]], [[0.301, 0.151]], [[4.0, 4.0]], [[2.0, 1.0]])
    """
    Y = np.asarray(Y)
    rows, cols = _ones(Y)
    return _ratio_mean_ones(rows, cols, Y.shape[1], w, x, dom, D)


def _ones(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every nonzero of ``Y``, scanning it in memory order (pandas hands out column-major blocks)."""
    if Y.flags.f_contiguous and not Y.flags.c_contiguous:
        cols, rows = np.nonzero(Y.T)
        return rows, cols
    return np.nonzero(Y)


def _ratio_mean_ones(rows: np.ndarray, cols: np.ndarray, K: int, w: np.ndarray, x: np.ndarray, dom: np.ndarray,
                     D: int) -> tuple[np.ndarray, ...]:
    """:func:`ratio_mean_wr` from the positions (row, column) of the 1s of a 0/1 matrix with ``K`` columns.

    Every sum is a ``bincount`` over respondents or over the 1s: a million respondents
    who mention one or two topics each cost a few passes over a few million numbers.
    """
    n = len(w)
    keep = (dom >= 0) & x
    d = np.where(keep, dom, 0)
    wk = np.where(keep, w, 0.0)
    tx = np.bincount(d, weights=wk, minlength=D)[:, None]
    b = np.bincount(d, weights=wk * wk, minlength=D)[:, None]
    nd = np.bincount(d, weights=keep.astype(np.float64), minlength=D)[:, None]
    on = keep[rows]
    r, c = rows[on], cols[on]
    cell = d[r] * K + c
    wr = w[r]
    ty = np.bincount(cell, weights=wr, minlength=D * K).reshape(D, K)
    a = np.bincount(cell, weights=wr * wr, minlength=D * K).reshape(D, K)
    cnt = np.bincount(cell, minlength=D * K).reshape(D, K).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        R = ty / tx
        ss = (a - 2 * R * a + R * R * b) / (tx * tx)
        var = np.maximum(ss, 0.0) * n / (n - 1) if n > 1 else np.full_like(ss, np.nan)
    return R, np.sqrt(var), np.broadcast_to(nd, R.shape).copy(), cnt
# ----------------------------------------------------------------------------------------------------


def _domain_codes(col: pd.Series) -> tuple[np.ndarray, list]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        return np.asarray(col.cat.codes, dtype=np.int64), list(col.cat.categories)
    codes, uniques = pd.factorize(col, sort=True)
    return codes.astype(np.int64), list(uniques)


def _logit_ci(p: np.ndarray, se: np.ndarray, n: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.log(p / (1 - p))
        half = q * se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(lo - half)))
        high = 1 / (1 + np.exp(-(lo + half)))
        edge = (p <= 0) | (p >= 1)
        wilson = q * q / (n + q * q)  # Wilson bound at p = 0 (mirrored at p = 1)
    low = np.where(edge, np.where(p >= 1, 1 - wilson, 0.0), low)
    high = np.where(edge, np.where(p <= 0, wilson, 1.0), high)
    return low, high


def topic_shares(
    mentions: pd.DataFrame,
    weights: np.ndarray | pd.Series | None = None,
    domains: pd.DataFrame | None = None,
    *,
    base: np.ndarray | pd.Series | None = None,
    base_name: str = "all",
    design=None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Weighted share of respondents mentioning each topic, city-wide and by domain, with intervals.

    Parameters
    ----------
    mentions : pandas.DataFrame
        0/1, respondents × topics (:attr:`SuggestionAnalysis.mentions`).
    weights : array-like, optional
        One weight per respondent; default equal weights. Ignored with ``design``.
    domains : pandas.DataFrame, optional
        One column per domain variable (district, sex …), rows aligned with ``mentions``; each
        adds one row per category and topic besides the whole-sample rows.
    base : array-like of bool, optional
        Respondents in the denominator (default all; e.g. only those who wrote an informative
        suggestion).
    base_name : str
        Written in the ``base`` column (``all``, ``informative``).
    design : SurveyDesign, optional
        A design whose rows are the respondents in the same order: its weights and
        :func:`citysurvey.estimation.svymean` give the SEs (strata, clusters, calibration).
        Without it, :func:`ratio_mean_wr` (with replacement, no strata).
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per domain × topic: ``domain_variable`` (empty for the whole sample),
        ``domain`` (``全市`` or the category), ``base``, ``topic``, ``estimate`` (share, 0–1),
        ``se``, ``ci_low``, ``ci_high`` (logit interval on the design df, as R's
        ``svyciprop``; Wilson bound at 0 or 1), ``n`` (base respondents), ``n_mention``
        (respondents mentioning it, unweighted), ``deff`` (against simple random sampling).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.text import topic_shares
    >>> m = pd.DataFrame({"C_PARKING": [1, 0, 1, 0], "H_SAFETY": [0, 1, 0, 0]}, dtype="uint8")
    >>> print(topic_shares(m, weights=[1.0, 1.0, 2.0, 4.0]).round(3).to_string(index=False))
    domain_variable domain base     topic  estimate    se  ci_low  ci_high  n  n_mention  deff
                        全市  all C_PARKING     0.375 0.301   0.010    0.973  4          2 1.544
                        全市  all  H_SAFETY     0.125 0.151   0.002    0.920  4          1 0.833
    >>> by = topic_shares(m, weights=[1.0, 1.0, 2.0, 4.0], domains=pd.DataFrame({"district": ["甲区", "甲区", "乙区", "乙区"]}))
    >>> by.query("domain == '乙区'")[["topic", "estimate", "n", "n_mention"]].round(3).to_dict("records")
    [{'topic': 'C_PARKING', 'estimate': 0.333, 'n': 2, 'n_mention': 1}, {'topic': 'H_SAFETY', 'estimate': 0.0, 'n': 2, 'n_mention': 0}]
    """
    n = len(mentions)
    Y = mentions.to_numpy()  # 0/1; converted once for every domain variable
    ones = _ones(Y) if design is None else None  # the 1s: all the fast estimator reads
    if design is not None:
        w = np.asarray(design.weights, dtype=float)
    elif weights is None:
        w = np.ones(n)
    else:
        w = np.asarray(weights, dtype=float)
    x = np.ones(n, bool) if base is None else np.asarray(base, dtype=bool)
    specs: list[tuple[str, np.ndarray, list]] = [("", np.zeros(n, np.int64), [CITY_AREA])]
    if domains is not None:
        for var in domains.columns:
            codes, labels = _domain_codes(domains[var].reset_index(drop=True))
            specs.append((var, codes, labels))
    df_design = design.degf() if design is not None else max(n - 1, 1)  # PSUs − strata, as R
    q = float(stats.t.ppf(0.5 + level / 2, df_design))
    frames = []
    topics = list(mentions.columns)
    topic_design = _topic_design(design, Y, x, topics) if design is not None else None
    for var, codes, labels in specs:
        D = len(labels)
        if design is not None:
            est, se, nn, cnt = _with_design(topic_design, Y, x, codes, labels, var, topics, level)
        else:
            est, se, nn, cnt = _ratio_mean_ones(ones[0], ones[1], Y.shape[1], w, x, codes, D)
        low, high = _logit_ci(est, se, nn, q)
        with np.errstate(divide="ignore", invalid="ignore"):
            deff = se**2 / (est * (1 - est) / nn)  # against simple random sampling of the same n
        K = len(topics)
        frames.append(pd.DataFrame({
            "domain_variable": var,
            "domain": np.repeat(np.asarray(labels, dtype=object), K),
            "base": base_name,
            "topic": np.tile(topics, D),
            "estimate": est.ravel(), "se": se.ravel(), "ci_low": low.ravel(), "ci_high": high.ravel(),
            "n": nn.ravel().astype(np.int64), "n_mention": cnt.ravel().astype(np.int64), "deff": deff.ravel(),
        }))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def _topic_names(topics: list) -> list[str]:
    return [f"__topic_{i}" for i in range(len(topics))]


def _topic_design(design, Y, x, topics):
    """The weighting stage's design whose data are the topic columns alone (missing outside the base).

    The estimators read only the variables they are given from a design's data (weights, strata
    and calibration are the design's own arrays), so the respondents' other columns, copied once
    per domain variable before, are left out: at 1,000,000 respondents that was a copy of every
    answer per domain variable.
    """
    vals = np.where(x[:, None], Y.astype(float), np.nan)
    return replace(design, data=pd.DataFrame(vals, columns=_topic_names(topics)))


def _with_design(design, Y, x, codes, labels, var, topics, level):
    """The project's estimator on :func:`_topic_design`'s design (topics outside the base are missing)."""
    from ..estimation import svymean

    names = _topic_names(topics)
    dom_name = "__domain"
    dom = pd.Categorical.from_codes(np.where(codes >= 0, codes, -1), categories=range(len(labels)))
    d = design.with_columns(**{dom_name: dom})
    res = svymean(d, names, by=dom_name if var else None, level=level)
    D, K = len(labels), len(topics)
    if var:
        res = res.set_index([dom_name, "variable"]).reindex(pd.MultiIndex.from_product([range(D), names])).reset_index(drop=True)
    est = res["estimate"].to_numpy().reshape(D, K)
    se = res["se"].to_numpy().reshape(D, K)
    nn = res["n"].fillna(0).to_numpy().reshape(D, K)
    keep = (codes >= 0) & x
    # counts of 0/1 mentions: whole numbers, the same in any order of summing (np.add.at is slow)
    to_domain = sp.csr_matrix((np.ones(int(keep.sum())), (codes[keep], np.flatnonzero(keep))), shape=(D, len(codes)))
    cnt = np.asarray(to_domain @ Y.astype(float))
    return est, se, nn, cnt
