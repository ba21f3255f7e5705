"""Design-based estimators returning tidy long tables.

Every estimator takes a design, any number of variables and optional domain
variables (``by``), and returns one row per estimate with columns ``stat``,
``variable``, the ``by`` columns, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
``n`` (respondents with a valid answer) and ``deff``. Domains are subsets of the
full design — never reweighted separately — and all domains and variables are
computed in one vectorised pass.

:func:`svymean` and the other estimators have examples that run.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats
from threadpoolctl import threadpool_limits

from ..errors import Problem, StageError
from ..weighting.design import SurveyDesign
from .variance import domain_covariance, domain_variance, replicate_variance

_CHUNK_CELLS = 20_000_000  # n × items per chunk, to bound memory on large surveys


def _as_list(v) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def domains(design: SurveyDesign, by) -> tuple[np.ndarray, pd.DataFrame]:
    """Domain code per respondent and one label row per domain: the one domain mechanism of every estimator.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    by : str or list of str or None
        Domain variables; None is one domain, everyone.

    Returns
    -------
    codes : numpy.ndarray
        Each respondent's domain (0 … D−1), −1 when a ``by`` value is blank (in no domain).
    labels : pandas.DataFrame
        One row per domain (sorted), one column per ``by`` variable.

    Raises
    ------
    StageError
        A domain variable not in the design.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import domains
    >>> codes, labels = domains(d, "district")
    >>> codes.tolist(), labels["district"].tolist()
    ([1, 1, 1, 1, 0, 0, 0, 0], ['乙区', '甲区'])
    """
    by = _as_list(by)
    if not by:
        return np.zeros(design.n, dtype=np.int64), pd.DataFrame(index=[0])
    frame = pd.DataFrame({b: design.variable(b).reset_index(drop=True) for b in by})
    codes = np.zeros(design.n, dtype=np.int64)
    missing = np.zeros(design.n, bool)
    levels = []
    for b in by:
        col = frame[b]
        if isinstance(col.dtype, pd.CategoricalDtype):
            c, u = np.asarray(col.cat.codes, dtype=np.int64), col.cat.categories
        else:
            c, u = pd.factorize(col, sort=True)
        missing |= c < 0
        codes = codes * len(u) + np.maximum(c, 0)
        levels.append(u)
    present, codes = np.unique(np.where(missing, -1, codes), return_inverse=True)
    if (present < 0).any():
        codes = codes - 1  # the missing group becomes −1
        present = present[1:]
    labels = {}
    rem = present.copy()
    for b, u in reversed(list(zip(by, levels))):
        labels[b] = np.asarray(u, dtype=object)[rem % len(u)]
        rem //= len(u)
    return codes.astype(np.int64), pd.DataFrame({b: labels[b] for b in by})


def _all_numeric(design: SurveyDesign, vs: list[str]) -> bool:
    """Every variable a numeric (not boolean) column of the design's data: read as it is, one column each."""
    return bool(vs) and all(v in design.data.columns and pd.api.types.is_numeric_dtype(design.data[v])
                            and not pd.api.types.is_bool_dtype(design.data[v]) for v in vs)


def _values(design: SurveyDesign, variables) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Numeric matrix (NaN = missing); categorical variables become one 0/1 column per level."""
    vs = _as_list(variables)
    if _all_numeric(design, vs):
        # one pass over a numeric block, no per-column copies
        return design.data[vs].to_numpy(dtype=float, na_value=np.nan), [(v, "") for v in vs]
    cols, names = [], []
    for v in _as_list(variables):
        s = design.variable(v).reset_index(drop=True)
        if isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == object or pd.api.types.is_string_dtype(s):
            cat = s.astype("category")
            codes = np.asarray(cat.cat.codes)
            for i, lev in enumerate(cat.cat.categories):
                cols.append(np.where(codes < 0, np.nan, (codes == i).astype(float)))
                names.append((v, str(lev)))
        else:
            cols.append(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
            names.append((v, ""))
    if not cols:
        raise StageError(Problem(zh="没有给出要估计的变量。", en="no variables to estimate."))
    return np.column_stack(cols), names


def _dsum(ind: sp.csr_matrix, M: np.ndarray) -> np.ndarray:
    return np.asarray(ind @ M)


def _core(design: SurveyDesign, num: np.ndarray, den: np.ndarray | None, dom: np.ndarray, D: int, stat: str,
          deff: str = "without"):
    """Ratio-type (den given: Σwy/Σwx) or total-type estimates for every domain × column.

    For ``stat="mean"`` ``den`` may be None: the denominator is the validity
    indicator (answered = 1). Returns estimate, variance, n and deff arrays of shape D × J.
    """
    w = design.weights
    keep = dom >= 0
    keep_all = bool(keep.all())
    domc = dom if keep_all else np.where(keep, dom, 0)
    ind = sp.csr_matrix((keep.astype(float), (domc, np.arange(design.n))), shape=(D, design.n))
    is_mean = stat == "mean"
    valid = ~np.isnan(num) if (den is None or is_mean) else ~(np.isnan(num) | np.isnan(den))
    if is_mean and den is not None:
        valid &= ~np.isnan(den)
    if not keep_all:
        valid &= keep[:, None]
    all_valid = bool(valid.all())
    if is_mean and all_valid and design.replicates is None:
        est, var, n, wsum, ss = _mean_complete(design, num, domc, ind, D)
        return est, var, n, _deff(stat, var, ss, wsum, n, deff)
    y = num if all_valid else np.where(valid, num, 0.0)
    # n × J temporaries are reused in place: at a million respondents each fresh one costs as much as the arithmetic
    tmp = valid.astype(float)
    n = _dsum(ind, tmp)
    tmp *= w[:, None]  # w·1[valid], as w × valid
    wsum = _dsum(ind, tmp)
    np.multiply(w[:, None], y, out=tmp)
    ty = _dsum(ind, tmp)
    del tmp
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_y = ty / wsum
        if is_mean:
            # x is the validity indicator: Σwx = Σw, and the influence is (y − ȳ_d)/W_d on valid rows
            est, tx = mean_y, wsum
            dev = mean_y[domc]
            np.subtract(y, dev, out=dev)
            y = None  # not needed further: one n × J array fewer while the variance is computed
            if not all_valid:
                dev[~valid] = 0.0
            u = np.divide(dev, tx[domc], out=dev)  # the deviations become the scores (not needed apart)
        elif den is not None:
            x = den if all_valid else np.where(valid, den, 0.0)
            tx = _dsum(ind, w[:, None] * x)
            est = ty / tx
            u = (y - est[domc] * x) / tx[domc]
            dev = np.where(valid, y - mean_y[domc], 0.0)
        else:
            est = ty
            u = y
            dev = np.where(valid, y - mean_y[domc], 0.0)
    if not all_valid:
        u[~valid] = 0.0
    if not keep_all:
        u[~keep] = 0.0
    xw = w[:, None] * u
    with np.errstate(divide="ignore", invalid="ignore"):
        ss = _dsum(ind, xw * u) * tx**2 if is_mean else _dsum(ind, w[:, None] * dev * dev)
    u = dev = None  # before the variance, which needs only xw: two n × J arrays fewer while it runs
    if design.replicates is not None:
        var = _replicate_var(design, num, valid.astype(float) if is_mean else den, valid, dom, D, est, stat)
    else:
        var = domain_variance(design, xw, domc, D)
    return est, var, n, _deff(stat, var, ss, wsum, n, deff)


def _mean_complete(design: SurveyDesign, y: np.ndarray, dom: np.ndarray, ind: sp.csr_matrix, D: int):
    """Domain means when every row is in a domain and answers every item: the fewest n × J passes.

    Counts and weight totals are per domain (the same for every item); the
    scores ``w(y − ȳ_d)/W_d`` are built in place. Returns estimate, variance,
    n, Σw and Σw(y − ȳ_d)² (for the deff), each D × J.
    """
    w = design.weights
    J = y.shape[1]
    n = np.repeat(np.bincount(dom, minlength=D).astype(float)[:, None], J, axis=1)
    W_d = np.bincount(dom, w, minlength=D)
    wsum = np.repeat(W_d[:, None], J, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = _dsum(ind, w[:, None] * y) / wsum
        dev = est[dom]
        np.subtract(y, dev, out=dev)  # y − ȳ_d
        xw = dev * (w / W_d[dom])[:, None]  # weighted scores
        var = domain_variance(design, xw, dom, D)
        xw *= dev  # w(y − ȳ_d)²/W_d
        ss = _dsum(ind, xw) * W_d[:, None]
    return est, var, n, wsum, ss


DEFF_KINDS = ("without", "replace")


def _deff(stat: str, var: np.ndarray, ss: np.ndarray, wsum: np.ndarray, n: np.ndarray, kind: str = "without") -> np.ndarray:
    """Design variance over the variance of the same estimate under simple random sampling, as R.

    ``without`` (R's ``deff=TRUE``): SRS without replacement of n from Σw, ``s²(1 − n/Σw)/n``;
    ``replace`` (R's ``deff="replace"``): with replacement, ``s²/n`` (no finite population correction).
    """
    fpc = 1.0 if kind == "replace" else None
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = ss / wsum * n / (n - 1)
        f = (wsum - n) / wsum if fpc is None else fpc
        if stat == "mean":
            vsrs = s2 * f / n
        elif stat == "total":
            vsrs = s2 * wsum**2 * f / n
        else:
            vsrs = np.full_like(var, np.nan)
        return var / vsrs


def _replicate_var(design, num, den, valid, dom, D, est, stat):
    reps = design.replicates
    Wr = reps.weights
    R = Wr.shape[1]
    J = num.shape[1]
    thetas = np.empty((R, D, J))
    y = np.where(valid, num, 0.0)
    x = np.where(valid, den, 0.0) if den is not None else None
    for d in range(D):
        idx = np.flatnonzero(dom == d)
        Wd = Wr[idx]
        t = Wd.T @ y[idx]
        if den is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                t = t / (Wd.T @ x[idx])
        thetas[:, d, :] = t
    return replicate_variance(design, thetas, est)


def _tidy(stat, names, labels, est, var, n, deff, level, df=None) -> pd.DataFrame:
    D, J = est.shape
    se = np.sqrt(var)
    q = stats.norm.ppf(0.5 + level / 2) if df is None else stats.t.ppf(0.5 + level / 2, np.reshape(df, est.shape))
    out = pd.DataFrame(
        {
            "stat": stat,
            "variable": np.tile([a for a, _ in names], D),
            "level": np.tile([b for _, b in names], D),
        }
    )
    if not (out["level"] == "").all():
        pass
    else:
        out = out.drop(columns="level")
    for b in labels.columns:
        out[b] = np.repeat(labels[b].to_numpy(), J)
    out["estimate"] = est.ravel()
    out["se"] = se.ravel()
    out["ci_low"] = (est - q * se).ravel()
    out["ci_high"] = (est + q * se).ravel()
    out["n"] = n.ravel().astype(int)
    out["deff"] = deff.ravel()
    if df is not None:
        out["df"] = np.broadcast_to(np.reshape(df, est.shape) if np.ndim(df) else df, est.shape).ravel()
    return out


def _chunks(design: SurveyDesign, J: int):
    step = max(1, _CHUNK_CELLS // max(design.n, 1))
    for a in range(0, J, step):
        yield slice(a, min(J, a + step))


def _value_blocks(design: SurveyDesign, variables):
    """The blocks of :func:`_values` by :func:`_chunks`, each C-ordered with its names, without the whole matrix.

    Numeric variables are read a block at a time (at a million respondents the whole matrix of a
    hundred variables is 0.8 GB); the values are the same as the whole matrix's columns.
    """
    vs = _as_list(variables)
    if _all_numeric(design, vs):
        for sl in _chunks(design, len(vs)):
            # no name for the frame's own (column-major) copy: freed once the C-ordered one is made
            yield sl, np.ascontiguousarray(design.data[vs[sl]].to_numpy(dtype=float, na_value=np.nan)), [
                (v, "") for v in vs[sl]]
        return
    Y, names = _values(design, vs)
    for sl in _chunks(design, Y.shape[1]):
        yield sl, np.ascontiguousarray(Y[:, sl]), names[sl]


def domain_degf(design: SurveyDesign, dom: np.ndarray, Y: np.ndarray, D: int) -> np.ndarray:
    """Design degrees of freedom (D × J): PSUs minus strata among the domain's rows answering each column (R's ``degf``).

    A replicate design has one df for everything: the rank of its replicate weights minus 1, as R.
    """
    J = Y.shape[1]
    if design.replicates is not None:
        return np.full((D, J), float(design.degf()))
    if design.n and not np.isnan(Y).any() and (design.weights != 0).all():
        # one count per domain when every row answers every column (the common case)
        pk = np.unique(dom * (design.n_psu + 1) + design.psu)
        sk = np.unique(dom * (design.n_strata + 1) + design.strata)
        per = (np.bincount(pk // (design.n_psu + 1), minlength=D + 1)[:D]
               - np.bincount(sk // (design.n_strata + 1), minlength=D + 1)[:D]) if (dom >= 0).all() else None
        if per is not None:
            return np.repeat(per[:, None].astype(float), J, axis=1)
    return design.degf_by(dom, D, ~np.isnan(Y)).astype(float)


def _df_option(design, df, dom, Y, D):
    """``df``: None (normal quantiles, the default), ``"design"`` (per domain and variable, see
    :func:`domain_degf`) or a number."""
    if df is None:
        return None
    if isinstance(df, str):
        if df != "design":
            raise StageError(Problem(zh=f"df 取值「{df}」无效：可为 None、\"design\" 或一个数。",
                                     en=f"df must be None, \"design\" or a number; got {df!r}."))
        return domain_degf(design, dom, Y, D)
    return np.full((D, Y.shape[1]), float(df))


def _check_deff(deff: str) -> None:
    if deff not in DEFF_KINDS:
        raise StageError(Problem(zh=f"deff 取值「{deff}」无效，可选 {', '.join(DEFF_KINDS)}。",
                                 en=f"deff must be one of {', '.join(DEFF_KINDS)}; got {deff!r}."))


_MOMENT_GROUPS = 64  # stratum × domain groups up to which domain means go through group moments
_MOMENT_CELLS = 10_000_000  # rows × items per block of the moment path (two such blocks live at once)


def _moment_path_applies(design: SurveyDesign, variables, dom: np.ndarray) -> bool:
    vs = _as_list(variables)
    return (
        bool(vs) and design.replicates is None and not design.calibrations and not design.has_clusters
        and not design.stages and design.stratum_centre is None and design.lonely_scale == 1.0
        and bool((dom >= 0).all()) and _all_numeric(design, vs)
    )


def _group_moments(data, vs, A, G, step, shift, T1, U1, T2, U2) -> bool:
    """Fill Σwy′, Σw²y′, Σwy′², Σw²y′² per group (y′ = y − its first value); False if an item has a missing value."""
    n = len(data)
    for a in range(0, len(vs), step):
        cols = vs[a:a + step]
        Yc = np.empty((n, len(cols)), order="F")
        for k, v in enumerate(cols):
            y = data[v].to_numpy(dtype=float)
            if np.isnan(y).any():
                return False
            shift[a + k] = y[0]
            np.subtract(y, y[0], out=Yc[:, k])
        M1 = A @ Yc
        np.multiply(Yc, Yc, out=Yc)
        M2 = A @ Yc
        sl = slice(a, a + len(cols))
        T1[:, sl], U1[:, sl] = M1[:G], M1[G:]
        T2[:, sl], U2[:, sl] = M2[:G], M2[G:]
    return True


def _mean_by_moments(design: SurveyDesign, variables, dom: np.ndarray, D: int, deff: str):
    """Domain means and linearised variances of fully answered numeric items from per-group moments.

    For an unclustered design (every respondent a PSU) without calibration, the domain scores
    ``z = w(y − ȳ_d)/W_d`` enter the variance only through their sums and sums of squares within
    each stratum × domain group, and those follow from four weighted moments of y per group
    (Σwy, Σwy², Σw²y, Σw²y²): two matrix products with the small group × respondent matrix of w
    and w². Each item is first shifted by its first value (means and scores do not change) to keep
    the moments well conditioned. Returns None (use the general path) when an item has a missing
    value or there are too many groups.
    """
    vs = _as_list(variables)
    n, J = design.n, len(vs)
    w = design.weights
    H = design.n_strata
    key = design.strata * D + dom
    present = np.bincount(key, minlength=H * D) > 0
    G = int(present.sum())
    if G > _MOMENT_GROUPS or n < 2:
        return None
    gmap = np.cumsum(present) - 1
    g = gmap[key]
    gkeys = np.flatnonzero(present)
    gh, gd = gkeys // D, gkeys % D
    A = np.zeros((2 * G, n))
    rows = np.arange(n)
    A[g, rows] = w
    A[G + g, rows] = w * w
    T1, U1, T2, U2 = (np.empty((G, J)) for _ in range(4))
    shift = np.empty(J)
    step = max(1, _MOMENT_CELLS // n)
    with threadpool_limits(1, user_api="blas"):
        # a skinny product: BLAS threads gain little here and, spinning on a busy machine, cost a lot
        if not _group_moments(design.data, vs, A, G, step, shift, T1, U1, T2, U2):
            return None
    T0 = np.bincount(g, w, minlength=G)
    U0 = np.bincount(g, w * w, minlength=G)
    to_dom = np.zeros((D, G))
    to_dom[gd, np.arange(G)] = 1.0
    W_d = to_dom @ T0
    with np.errstate(divide="ignore", invalid="ignore"):
        ybar = (to_dom @ T1) / W_d[:, None]
        yg, Wg = ybar[gd], W_d[gd][:, None]
        S = (T1 - yg * T0[:, None]) / Wg
        Q = (U2 - 2 * yg * U1 + yg * yg * U0[:, None]) / (Wg * Wg)
        per = design.stratum_factor[gh][:, None] * (Q - S * S / design.psu_per_stratum[gh][:, None])
        var = to_dom @ per
        ss = to_dom @ T2 - ybar * ybar * W_d[:, None]
    counts = np.bincount(dom, minlength=D).astype(float)
    nn = np.repeat(counts[:, None], J, axis=1)
    wsum = np.repeat(W_d[:, None], J, axis=1)
    return ybar + shift, var, nn, _deff("mean", var, ss, wsum, nn, deff)


def _run(design, stat, variables, by, level, denominators=None, df=None, deff="without", found=None, each_block=None):
    """``found``: the domains of `by` when the caller has them already; ``each_block(values, names)`` sees every
    block of the variables' values (:func:`_value_blocks`) before it is estimated (a caller's checks, without a
    second copy of the values)."""
    _check_deff(deff)
    dom, labels = found if found is not None else domains(design, by)
    D = len(labels)
    if stat == "mean" and denominators is None and df is None and _moment_path_applies(design, variables, dom):
        fast = _mean_by_moments(design, variables, dom, D, deff)
        if fast is not None:
            for _, Y, names in _value_blocks(design, variables) if each_block is not None else ():
                each_block(Y, names)
            return _tidy(stat, [(v, "") for v in _as_list(variables)], labels, *fast, level)
    X = None
    if denominators is not None:
        X, _ = _values(design, denominators)
    parts, names, dfs = [], [], []
    for sl, Y, block_names in _value_blocks(design, variables):
        if each_block is not None:
            each_block(Y, block_names)
        parts.append(_core(design, Y, None if X is None else np.ascontiguousarray(X[:, sl]), dom, D, stat, deff))
        names += block_names
        dfs.append(_df_option(design, df, dom, Y, D))
        del Y
    est, var, n, dv = (np.concatenate([p[i] for p in parts], axis=1) for i in range(4))
    return _tidy(stat, names, labels, est, var, n, dv, level, None if df is None else np.concatenate(dfs, axis=1))


def svymean(design: SurveyDesign, variables, by=None, *, level: float = 0.95, df=None, deff: str = "without") -> pd.DataFrame:
    """Weighted means (proportions for categorical variables), overall or by domain (R's ``svymean``).

    Parameters
    ----------
    design : SurveyDesign
        The (weighted, calibrated) design. Its variance accounts for strata, clusters, fpc,
        the calibration history and replicate weights, whichever it has.
    variables : str or list of str
        Numeric variables give their mean; categorical or text variables give one proportion
        per category (a ``level`` column names it). Each variable uses its own respondents:
        a blank is left out of that variable only, as a domain of the full design.
    by : str or list of str, optional
        Domain variables (R's ``svyby``): one row per domain × variable. Domains are subsets of
        the full design, so every PSU still counts in the variance.
    level : float
        Confidence level of the intervals.
    df : None, "design" or float
        None: normal quantiles (R's ``confint``); ``"design"``: Student's t on the design's
        degrees of freedom (PSUs minus strata among the domain's respondents, R's ``degf``,
        given in a ``df`` column); a number: t on that many degrees of freedom.
    deff : {"without", "replace"}
        The design effect's denominator: simple random sampling without replacement (R's
        ``deff = TRUE``) or with replacement (R's ``deff = "replace"``).

    Returns
    -------
    pandas.DataFrame
        One row per estimate: ``stat`` ("mean"), ``variable``, ``level`` (categorical only),
        the ``by`` columns, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n`` (respondents
        with an answer), ``deff`` and, with ``df``, ``df``.

    Raises
    ------
    StageError
        A variable or domain variable not in the design, or an unknown ``deff``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.estimation import svymean
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4,
    ...                    "q1": [4, 5, 3, None, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> d = svydesign(df, weights="w", strata="district")
    >>> print(svymean(d, "q1").round(3).to_string(index=False))
    stat variable  estimate    se  ci_low  ci_high  n  deff
    mean       q1       3.2 0.348   2.517    3.883  7 1.055
    >>> print(svymean(d, "q1", by="district").round(3).to_string(index=False))
    stat variable district  estimate    se  ci_low  ci_high  n  deff
    mean       q1       乙区       3.0 0.408   2.200    3.800  4 1.003
    mean       q1       甲区       4.0 0.544   2.933    5.067  3 0.898
    """
    return _run(design, "mean", variables, by, level, df=df, deff=deff)


def svytotal(design: SurveyDesign, variables, by=None, *, level: float = 0.95, df=None, deff: str = "without") -> pd.DataFrame:
    """Weighted totals, overall or by domain (R's ``svytotal``).

    Parameters
    ----------
    design : SurveyDesign
        The (weighted, calibrated) design.
    variables : str or list of str
        Numeric variables give their total; categorical ones one total per category.
    by : str or list of str, optional
        Domain variables (R's ``svyby``).
    level, df, deff
        As :func:`svymean`.

    Returns
    -------
    pandas.DataFrame
        As :func:`svymean`, ``stat`` ``total``: ``variable``, (``level``), the ``by``
        columns, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``deff`` (and ``df``).

    Raises
    ------
    StageError
        A variable or domain variable not in the design.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svytotal
    >>> print(svytotal(d, "sat").round(3).to_string(index=False))
     stat variable  estimate      se  ci_low  ci_high  n  deff
    total      sat     600.0 316.228 -19.795 1219.795  8 1.173
    """
    return _run(design, "total", variables, by, level, df=df, deff=deff)


def svyratio(design: SurveyDesign, numerator, denominator, by=None, *, level: float = 0.95) -> pd.DataFrame:
    """Ratios of totals Σwy / Σwx (R's ``svyratio``), overall or by domain.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    numerator, denominator : str or list of str
        Paired: a variable each, or equal-length lists.
    by : str or list of str, optional
        Domain variables.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        ``stat`` (``ratio``), ``variable`` (``y/x``), the ``by`` columns, ``estimate``,
        ``se`` (linearised), ``ci_low``, ``ci_high``, ``n``, ``deff`` (NaN: R gives none for
        a ratio).

    Raises
    ------
    StageError
        Lists of unequal length, or a variable not in the design.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svyratio
    >>> print(svyratio(d, "sat", "q1").round(3).to_string(index=False))
     stat variable  estimate    se  ci_low  ci_high  n  deff
    ratio   sat/q1     0.115 0.052   0.014    0.217  8   NaN
    """
    num, den = _as_list(numerator), _as_list(denominator)
    if len(num) != len(den):
        raise StageError(Problem(zh="分子与分母变量个数不同。", en="numerator and denominator lists differ in length."))
    Y, _ = _values(design, num)
    X, _ = _values(design, den)
    dom, labels = domains(design, by)
    est, var, n, deff = _core(design, Y, X, dom, len(labels), "ratio")
    names = [(f"{a}/{b}", "") for a, b in zip(num, den)]
    return _tidy("ratio", names, labels, est, var, n, deff, level)


CIPROP_METHODS = ("logit", "likelihood", "beta", "mean", "xlogit")


def svyciprop(design: SurveyDesign, variables, by=None, *, level: float = 0.95, method: str = "logit", df=None) -> pd.DataFrame:
    """Proportions of 0/1 variables with confidence intervals, as R's ``svyciprop``.

    Methods (``df`` defaults to the design's degrees of freedom: PSUs minus strata among the
    domain's respondents, as R):

    * ``logit`` (default) and ``xlogit``: ``expit(logit(p) ± t·se/(p(1−p)))`` — R fits the first as
      an intercept-only ``svyglm`` and the second by the delta method; for a proportion they agree;
    * ``mean``: ``p ± t·se``;
    * ``beta``: Korn and Graubard's beta interval with the effective n ``p(1−p)/se²`` rescaled by
      ``(t_{n−1}/t_df)²`` (n = the domain's rows);
    * ``likelihood``: the design-scaled profile likelihood of the intercept-only quasibinomial
      ``svyglm``, computed the way R's ``confint.svyglm(method="likelihood")`` does.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    variables : str or list of str
        0/1 variables (blanks are left out of that variable).
    by : str or list of str, optional
        Domain variables.
    level : float
        Confidence level.
    method : {"logit", "likelihood", "beta", "mean", "xlogit"}
        The interval.
    df : float, optional
        Degrees of freedom of t (default the design's, per domain).

    Returns
    -------
    pandas.DataFrame
        ``stat`` (``proportion``), ``variable``, the ``by`` columns, ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``n``, ``deff``, ``df``.

    Raises
    ------
    StageError
        An unknown method, or a value other than 0, 1 or blank (its row named).

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import svyciprop
    >>> print(svyciprop(d, "sat").round(3).to_string(index=False))
          stat variable  estimate    se  ci_low  ci_high  n  deff  df
    proportion      sat     0.375 0.198   0.071    0.825  8 1.173 6.0
    >>> svyciprop(d, "sat", method="beta")[["ci_low", "ci_high"]].round(3).values.tolist()
    [[0.053, 0.818]]
    """
    if method not in CIPROP_METHODS:
        raise StageError(Problem(zh=f"区间方法「{method}」无效，可选 {', '.join(CIPROP_METHODS)}。",
                                 en=f"method must be one of {', '.join(CIPROP_METHODS)}; got {method!r}."))
    dom, labels = domains(design, by)
    D = len(labels)
    dfs, blocks = [], []

    def check(Y, names):  # each block of values, read once for the estimates and these
        bad = ~np.isnan(Y) & (Y != 0) & (Y != 1)
        if bad.any():
            j = int(np.flatnonzero(bad.any(axis=0))[0])
            raise StageError(Problem(zh=f"变量「{names[j][0]}」不是 0/1 变量。",
                                     en=f"variable '{names[j][0]}' is not a 0/1 variable.", column=names[j][0]))
        dfs.append(domain_degf(design, dom, Y, D) if df is None else _df_option(design, df, dom, Y, D))
        if method == "likelihood":
            blocks.append(Y)

    res = _run(design, "mean", variables, by, level, found=(dom, labels), each_block=check)
    dfs = np.concatenate(dfs, axis=1)
    J = dfs.shape[1]
    p = res["estimate"].to_numpy()
    se = res["se"].to_numpy()
    dfv = dfs.ravel()
    a = 1 - level
    q = stats.t.ppf(1 - a / 2, np.maximum(dfv, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        if method in ("logit", "xlogit"):
            lo = np.log(p / (1 - p))
            half = q * se / (p * (1 - p))
            ci_low, ci_high = expit(lo - half), expit(lo + half)
        elif method == "mean":
            ci_low, ci_high = p - q * se, p + q * se
        elif method == "beta":
            rows = np.repeat(np.bincount(dom[dom >= 0], minlength=D).astype(float), J) if D else np.zeros(0)
            n_eff = p * (1 - p) / se**2 * (stats.t.ppf(a / 2, rows - 1) / stats.t.ppf(a / 2, np.maximum(dfv, 1))) ** 2
            ci_low = stats.beta.ppf(a / 2, n_eff * p, n_eff * (1 - p) + 1)
            ci_high = stats.beta.ppf(1 - a / 2, n_eff * p + 1, n_eff * (1 - p))
        else:
            ci_low, ci_high = _likelihood_ci(design, dom, np.concatenate(blocks, axis=1), D, p, se, dfv, level)
    res["ci_low"], res["ci_high"] = ci_low, ci_high
    res["stat"] = "proportion"
    res["df"] = dfv
    return res


def expit(x):
    return 1 / (1 + np.exp(-x))


def _fmm_spline(x: np.ndarray, y: np.ndarray):
    """Cubic spline coefficients with Forsythe, Malcolm and Moler's end conditions (R's ``spline(method="fmm")``)."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        b[:] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, n - 1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0], b[n - 1] = -d[0], -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[n - 1] = c[n - 1] / b[n - 1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
    for i in range(n - 1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[n - 1] = 3.0 * c[n - 1]
    d[n - 1] = d[n - 2]
    return b, c, d


def _spline_eval(x, y, coef, u):
    b, c, d = coef
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, len(x) - 1)
    dx = u - x[i]
    return y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def _irls_last_mu(y: np.ndarray, W: np.ndarray) -> float:
    """μ at the start of R ``glm.fit``'s last iteration for ``y ~ 1``, binomial family (default control)."""
    mu_vec = (W * y + 0.5) / (W + 1)

    def dev(m):
        return -2 * np.sum(W * np.where(y == 1, np.log(m), np.log(1 - m)))

    eta = np.log(mu_vec / (1 - mu_vec))
    devold = dev(mu_vec)
    mu_prev = mu_vec
    for _ in range(25):
        mu_prev = 1 / (1 + np.exp(-eta))
        var = mu_prev * (1 - mu_prev)
        z = eta + (y - mu_prev) / var
        ww = W * var
        beta = np.sum(ww * z) / np.sum(ww)
        eta = np.full_like(y, beta, dtype=float)
        d = dev(1 / (1 + np.exp(-beta)))
        if abs(d - devold) / (abs(d) + 0.1) < 1e-8:
            break
        devold = d
    return mu_prev


def _likelihood_ci(design, dom, Y, D, p, se, dfv, level):
    """R's ``confint(svyglm(y ~ 1, family=quasibinomial), method="likelihood")`` for every domain × column.

    R profiles the binomial deviance at up to 9 steps of ``zmax/5`` design SEs either side of the
    estimate, scales it by the design-based dispersion, runs an FMM spline through the points
    (``3·points`` equally spaced values) and reads the cut-offs off by linear interpolation; the
    cut-off ``t_{df}·√λ`` (λ = design variance / model variance of the intercept) carries the design
    effect. The same steps are followed here, so the limits agree with R's, not merely with the
    exact root of the profile.
    """
    J = Y.shape[1]
    w_all = design.weights
    lo, hi = np.full(D * J, np.nan), np.full(D * J, np.nan)
    for d in range(D):
        rows = dom == d
        wnorm = w_all[rows] / w_all[rows].mean()  # svyglm's rescaled weights on the domain's rows
        for j in range(J):
            k = d * J + j
            y = Y[rows, j]
            ok = ~np.isnan(y)
            yv, W = y[ok], wnorm[ok]
            mu = p[k]
            if not (0 < mu < 1) or not np.isfinite(se[k]) or se[k] <= 0:
                continue
            b0 = np.log(mu / (1 - mu))
            se_b = se[k] / (mu * (1 - mu))
            # λ divides by the model variance 1/Σ W·μ(1−μ) that glm reports: its working weights are
            # those of the last IRLS step, one step behind the converged μ — replayed here
            mu_last = _irls_last_mu(yv, W)
            lam = se_b**2 * np.sum(W * mu_last * (1 - mu_last))
            half = (1 - level) / 2
            alpha = stats.norm.cdf(stats.t.ppf(half, dfv[k]) * np.sqrt(lam)) / 2
            # design-based dispersion: svyvar of svyglm's Pearson residuals, which divide the sampling
            # weights back out: (y − μ)/√(μ(1−μ))
            r = (yv - mu) / np.sqrt(mu * (1 - mu))
            wd = w_all[rows][ok]
            m = np.sum(wd != 0)
            rbar = np.sum(wd * r) / wd.sum()
            disp = np.sum(wd * (r - rbar) ** 2) / wd.sum() * m / (m - 1)

            def deviance(beta):
                q = 1 / (1 + np.exp(-beta))
                return -2 * np.sum(W * (yv * np.log(q) + (1 - yv) * np.log(1 - q)))

            dev0 = deviance(b0)
            zmax = np.sqrt(stats.f.isf(alpha, 1, len(yv) - 1))
            step_size = zmax / 5
            zs, bs = [0.0], [b0]
            for sgn in (-1, 1):
                step, z = 0, 0.0
                while True:
                    step += 1
                    if not (step < 10 and abs(z) < zmax):
                        break
                    bi = b0 + sgn * step * step_size * se_b
                    zz = (deviance(bi) - dev0) / disp
                    z = sgn * np.sqrt(max(zz, 0.0))
                    zs.append(z)
                    bs.append(bi)
            order = np.argsort(zs, kind="stable")
            xs, ys = np.asarray(bs)[order], np.asarray(zs)[order]
            grid = np.linspace(xs[0], xs[-1], 3 * len(xs))
            zgrid = _spline_eval(xs, ys, _fmm_spline(xs, ys), grid)
            cut = stats.norm.ppf([2 * alpha, 1 - 2 * alpha])
            srt = np.argsort(zgrid, kind="stable")
            lim = np.interp(cut, zgrid[srt], grid[srt], left=np.nan, right=np.nan)
            lo[k], hi[k] = expit(lim[0]), expit(lim[1])
    return lo, hi


def _qrule_math(x: np.ndarray, w: np.ndarray, p: float) -> float:
    """R's ``qrule="math"``: the smallest x whose weighted CDF reaches p.

    Sums run in extended precision and are rounded to doubles as R's ``cumsum`` and ``sum`` do, so
    that a CDF landing exactly on p (common with replicate weights that are multiples of the
    sampling weights) is recognised as R recognises it.
    """
    keep = w != 0
    x, w = x[keep], w[keep]
    o = np.argsort(x, kind="stable")
    x = x[o]
    cw = np.cumsum(w[o].astype(np.longdouble)).astype(float)
    total = float(np.cumsum(w.astype(np.longdouble))[-1])
    below = np.flatnonzero(cw <= p * total)
    if not len(below):
        return float(x[0])
    pos = below[-1]
    if p - cw[pos] / total == 0:
        return float(x[pos])
    return float(x[min(pos + 1, len(x) - 1)])


def svyquantile(
    design: SurveyDesign, variables, quantiles: Sequence[float] = (0.5,), by=None, *, level: float = 0.95,
    interval: str = "mean",
) -> pd.DataFrame:
    """Quantiles (R's ``qrule="math"``) with Woodruff intervals; se = CI width / (2·t).

    ``interval="mean"`` (R's default ``interval.type``): the interval of the CDF at the quantile,
    mapped back (Woodruff), with the design's SE of that proportion — linearised, or from the
    replicates on a replicate design. ``interval="quantile"`` (replicate designs only): the quantile
    is recomputed with every replicate's weights and its SE taken from them (R's
    ``interval.type="quantile"``); the interval is ``q ± t·se``. t uses the design's degrees of
    freedom (for a replicate design, the rank of its replicate weights minus 1, as R).

    Parameters
    ----------
    design : SurveyDesign
        The design.
    variables : str or list of str
        Numeric variables.
    quantiles : sequence of float
        Probabilities in (0, 1).
    by : str or list of str, optional
        Domain variables.
    level : float
        Confidence level.
    interval : {"mean", "quantile"}
        How the interval is made (above).

    Returns
    -------
    pandas.DataFrame
        ``stat`` (``quantile``), ``variable``, ``quantile`` (the probability), the ``by``
        columns, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``deff`` (NaN).

    Raises
    ------
    StageError
        An unknown ``interval``, or ``quantile`` on a design without replicate weights.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.estimation import svyquantile
    >>> d = svydesign(pd.DataFrame({"income": np.arange(1.0, 21.0), "w": [1.0, 2.0] * 10}), weights="w")
    >>> print(svyquantile(d, "income", [0.25, 0.5]).round(3).to_string(index=False))
        stat variable  quantile  estimate    se  ci_low  ci_high  n  deff
    quantile   income      0.25       6.0 2.150     2.0     11.0 20   NaN
    quantile   income      0.50      10.0 2.389     6.0     16.0 20   NaN
    """
    if interval not in ("mean", "quantile"):
        raise StageError(Problem(zh=f"interval 取值「{interval}」无效，可选 mean、quantile。",
                                 en=f"interval must be 'mean' or 'quantile'; got {interval!r}."))
    reps = design.replicates
    if interval == "quantile" and reps is None:
        raise StageError(Problem(zh="interval=\"quantile\" 需要重复权数设计。",
                                 en="interval='quantile' needs a replicate-weight design.",
                                 hint_zh="请先用 jk1()、bootstrap() 或 with_replicate_weights() 生成重复权数。",
                                 hint_en="Make replicate weights first with jk1(), bootstrap() or with_replicate_weights()."))
    dom, labels = domains(design, by)
    Y, names = _values(design, variables)
    rows = []
    for j, (v, _) in enumerate(names):
        for d in range(len(labels)):
            m = (dom == d) & ~np.isnan(Y[:, j])
            df = design.degf() if reps is not None else design.degf(m)
            q = stats.t.ppf(0.5 + level / 2, df)
            for p in quantiles:
                qhat = _qrule_math(Y[m, j], design.weights[m], p)
                if interval == "quantile":
                    th = np.array([_qrule_math(Y[m, j], reps.weights[m, r], p) for r in range(reps.n_replicates)])
                    se = float(np.sqrt(replicate_variance(design, th, np.asarray(qhat))))
                    lo, hi = qhat - q * se, qhat + q * se
                else:
                    ind = np.where(m, (Y[:, j] <= qhat).astype(float), np.nan)
                    sub = _core(design, ind[:, None], np.where(np.isnan(ind), np.nan, 1.0)[:, None],
                                np.zeros(design.n, np.int64), 1, "mean")
                    phat, se_p = sub[0][0, 0], np.sqrt(sub[1][0, 0])
                    plo, phi = phat - q * se_p, phat + q * se_p
                    lo = _qrule_math(Y[m, j], design.weights[m], plo) if 0 <= plo <= 1 else np.nan
                    hi = _qrule_math(Y[m, j], design.weights[m], phi) if 0 <= phi <= 1 else np.nan
                    se = (hi - lo) / (2 * q)
                row = {"stat": "quantile", "variable": v, "quantile": p}
                row.update({b: labels[b].iloc[d] for b in labels.columns})
                row.update({"estimate": qhat, "se": se, "ci_low": lo, "ci_high": hi, "n": int(m.sum()), "deff": np.nan})
                rows.append(row)
    return pd.DataFrame(rows)


def compare_domains(
    design: SurveyDesign, variable: str, by, *, reference=None, level: float = 0.95
) -> pd.DataFrame:
    """Design-based tests of differences in means between domains.

    Domains are subsets of the full design, so every PSU counts in the variance of each
    difference. With two domains it is R's ``svyttest(y ~ group)``.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    variable : str
        A numeric variable.
    by : str or list of str
        The domain variable(s).
    reference : str, optional
        Compare each domain with this one instead of every pair.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``variable``, ``contrast`` (``b − a``), ``estimate`` (the
        difference), ``se``, ``statistic`` (t), ``df`` (design df), ``p_value``, ``ci_low``,
        ``ci_high``; then a row ``all equal``: the Wald F test that every domain mean is the
        same (``statistic``, ``df``, ``df_denom``, ``p_value``).

    Raises
    ------
    StageError
        A variable not in the design, or an unknown reference domain.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> from citysurvey.estimation import compare_domains
    >>> print(compare_domains(d, "q1", "district").round(3).to_string(index=False))
    variable  contrast  estimate    se  statistic  df  p_value  ci_low  ci_high  df_denom
          q1   甲区 − 乙区       1.0 0.577      1.732   5    0.144  -0.484    2.484       NaN
          q1 all equal       NaN   NaN      3.000   1    0.144     NaN      NaN       5.0
    """
    return compare_coded_domains(design, variable, *domains(design, by), reference=reference, level=level)


def compare_coded_domains(design: SurveyDesign, variable, dom: np.ndarray, labels: pd.DataFrame, *,
                          reference=None, level: float = 0.95) -> pd.DataFrame:
    """:func:`compare_domains` for domains found already (a caller testing many variables finds them once).

    ``variable`` may be a list: the rows of each variable in turn, as separate calls would give,
    with every variable's domain covariances computed in one pass over the data.
    """
    variables = _as_list(variable)
    D = len(labels)
    lab = labels.astype(str).agg(" × ".join, axis=1).tolist() if len(labels.columns) else ["all"]
    pairs = [(reference_index(lab, reference), b) for b in range(D) if b != reference_index(lab, reference)] if reference is not None else [
        (a, b) for a in range(D) for b in range(a + 1, D)
    ]
    rows = []
    for sl in _chunks(design, len(variables)):  # a block of variables at a time bounds memory
        block = variables[sl]
        est, V, ddf = _domain_means_covariance(design, block, dom, D)
        for k, v in enumerate(block):
            rows.extend(_domain_contrasts(v, est[:, k], V[k], lab, pairs, ddf[k], level))
    return pd.DataFrame(rows)


def _domain_means_covariance(design: SurveyDesign, variables: list[str], dom: np.ndarray, D: int):
    """Domain means (D × J), their covariances (J × D × D) and each variable's design df for the tests."""
    Y, _ = _values(design, variables)
    valid = ~np.isnan(Y) & (dom >= 0)[:, None]
    yz = np.where(valid, Y, 0.0)
    del Y
    w = design.weights
    ind = sp.csr_matrix((np.ones(int((dom >= 0).sum())), (dom[dom >= 0], np.flatnonzero(dom >= 0))),
                        shape=(D, design.n))
    wv = np.where(valid, w[:, None], 0.0)
    wsum = np.asarray(ind @ wv)  # D × J
    with np.errstate(invalid="ignore", divide="ignore"):
        est = np.asarray(ind @ (wv * yz)) / wsum
    if design.replicates is not None:
        Wr = design.replicates.weights
        V = np.empty((len(variables), D, D))
        for k in range(len(variables)):
            indk = np.zeros((design.n, D))
            rows = np.flatnonzero(valid[:, k])
            indk[rows, dom[rows]] = 1.0
            th = (Wr.T @ (indk * yz[:, [k]])) / (Wr.T @ indk)
            dev = th - th.mean(axis=0) if not design.replicates.mse else th - est[:, k]
            V[k] = design.replicates.scale * (dev * design.replicates.rscales[:, None]).T @ dev
        return est, V, [design.degf() + 1 - D] * len(variables)
    # each valid row's score in its own domain (0 on blanks, which then count as outside every
    # domain): the D × D covariances of all variables without an n × D matrix per variable
    domc = np.where(dom >= 0, dom, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(valid, wv * (yz - est[domc]) / wsum[domc], 0.0)
    del wv, yz
    V = domain_covariance(design, score, dom, D)
    empty = ~(wsum > 0)  # a domain with no valid answer has no estimate and no variance
    for k in range(len(variables)):
        V[k][empty[:, k], :] = np.nan
        V[k][:, empty[:, k]] = np.nan
    return est, V, (design.degf_by(np.zeros(design.n, dtype=np.int64), 1, valid)[0] + 1 - D).tolist()


def _domain_contrasts(variable: str, est: np.ndarray, V: np.ndarray, lab: list[str], pairs, ddf: float,
                      level: float) -> list[dict]:
    """The pairwise t tests and the 'all equal' Wald F test of one variable's domain means."""
    D = len(est)
    rows = []
    q = stats.t.ppf(0.5 + level / 2, ddf)
    for a, b in pairs:
        diff = est[b] - est[a]
        se = float(np.sqrt(max(V[a, a] + V[b, b] - 2 * V[a, b], 0.0)))
        # a zero SE (e.g. a one-respondent domain) leaves the test undefined: report NaN, never p = 0
        t = diff / se if se > 0 else np.nan
        rows.append(
            {
                "variable": variable,
                "contrast": f"{lab[b]} − {lab[a]}",
                "estimate": diff,
                "se": se,
                "statistic": t,
                "df": ddf,
                "p_value": 2 * stats.t.sf(abs(t), ddf),
                "ci_low": diff - q * se,
                "ci_high": diff + q * se,
            }
        )
    if D > 1:
        C = np.zeros((D - 1, D))
        C[:, 0] = -1
        C[np.arange(D - 1), np.arange(1, D)] = 1
        c = C @ est
        CVC = C @ V @ C.T
        # a domain with no valid answer has no estimate: the omnibus test is undefined, not an SVD failure
        finite = np.all(np.isfinite(c)) and np.all(np.isfinite(CVC))
        stat = float(c @ np.linalg.pinv(CVC) @ c) / (D - 1) if finite else np.nan
        rows.append(
            {
                "variable": variable,
                "contrast": "all equal",
                "estimate": np.nan,
                "se": np.nan,
                "statistic": stat,
                "df": D - 1,
                "df_denom": ddf,
                "p_value": float(stats.f.sf(stat, D - 1, ddf)),
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
        )
    return rows


def reference_index(labels: list[str], reference) -> int:
    if reference is None:
        return 0
    try:
        return labels.index(str(reference))
    except ValueError:
        raise StageError(
            Problem(zh=f"参照组「{reference}」不存在。", en=f"reference domain {reference!r} does not exist.", hint_en=f"Domains: {labels}")
        ) from None
