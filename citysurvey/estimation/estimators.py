"""Design-based estimators returning tidy long tables.

Every estimator takes a design, any number of variables and optional domain
variables (``by``), and returns one row per estimate with columns ``stat``,
``variable``, the ``by`` columns, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
``n`` (respondents with a valid answer) and ``deff``. Domains are subsets of the
full design — never reweighted separately — and all domains and variables are
computed in one vectorised pass.

>>> svymean(design, ["q1", "q2"], by="district")            # doctest: +SKIP
   stat variable district  estimate        se  ci_low  ci_high    n  deff
0  mean       q1    城东区     3.812  0.031...
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from ..errors import Problem, StageError
from ..weighting.design import SurveyDesign
from .variance import covariance, domain_variance, replicate_variance

_CHUNK_CELLS = 20_000_000  # n × items per chunk, to bound memory on large surveys


def _as_list(v) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def domains(design: SurveyDesign, by) -> tuple[np.ndarray, pd.DataFrame]:
    """Domain code per respondent (−1 = in no domain) and one label row per domain."""
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


def _values(design: SurveyDesign, variables) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Numeric matrix (NaN = missing); categorical variables become one 0/1 column per level."""
    vs = _as_list(variables)
    if vs and all(v in design.data.columns and pd.api.types.is_numeric_dtype(design.data[v])
                  and not pd.api.types.is_bool_dtype(design.data[v]) for v in vs):
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


def _core(design: SurveyDesign, num: np.ndarray, den: np.ndarray | None, dom: np.ndarray, D: int, stat: str):
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
        return est, var, n, _deff(stat, var, ss, wsum, n)
    y = num if all_valid else np.where(valid, num, 0.0)
    n = _dsum(ind, valid.astype(float))
    wsum = _dsum(ind, w[:, None] * valid)
    wy = w[:, None] * y
    ty = _dsum(ind, wy)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_y = ty / wsum
        if is_mean:
            # x is the validity indicator: Σwx = Σw, and the influence is (y − ȳ_d)/W_d on valid rows
            est, tx = mean_y, wsum
            dev = y - mean_y[domc]
            if not all_valid:
                dev = np.where(valid, dev, 0.0)
            u = dev / tx[domc]
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
        u = np.where(valid, u, 0.0)
    if not keep_all:
        u[~keep] = 0.0
    xw = w[:, None] * u
    if design.replicates is not None:
        var = _replicate_var(design, num, valid.astype(float) if is_mean else den, valid, dom, D, est, stat)
    else:
        var = domain_variance(design, xw, domc, D)
    with np.errstate(divide="ignore", invalid="ignore"):
        ss = _dsum(ind, xw * u) * tx**2 if is_mean else _dsum(ind, w[:, None] * dev * dev)
    return est, var, n, _deff(stat, var, ss, wsum, n)


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


def _deff(stat: str, var: np.ndarray, ss: np.ndarray, wsum: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Design variance over the SRS-without-replacement variance of the same estimate, as R."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s2 = ss / wsum * n / (n - 1)
        if stat == "mean":
            vsrs = s2 * (wsum - n) / (wsum * n)
        elif stat == "total":
            vsrs = s2 * wsum**2 * (wsum - n) / (wsum * n)
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
    q = stats.norm.ppf(0.5 + level / 2) if df is None else stats.t.ppf(0.5 + level / 2, df)
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
    return out


def _chunks(design: SurveyDesign, J: int):
    step = max(1, _CHUNK_CELLS // max(design.n, 1))
    for a in range(0, J, step):
        yield slice(a, min(J, a + step))


def _run(design, stat, variables, by, level, denominators=None):
    dom, labels = domains(design, by)
    D = len(labels)
    Y, names = _values(design, variables)
    X = None
    if denominators is not None:
        X, _ = _values(design, denominators)
    parts = [
        _core(design, np.ascontiguousarray(Y[:, sl]), None if X is None else np.ascontiguousarray(X[:, sl]), dom, D, stat)
        for sl in _chunks(design, Y.shape[1])
    ]
    est, var, n, deff = (np.concatenate([p[i] for p in parts], axis=1) for i in range(4))
    return _tidy(stat, names, labels, est, var, n, deff, level)


def svymean(design: SurveyDesign, variables, by=None, *, level: float = 0.95) -> pd.DataFrame:
    """Weighted means (proportions for categorical variables), overall or by domain."""
    return _run(design, "mean", variables, by, level)


def svytotal(design: SurveyDesign, variables, by=None, *, level: float = 0.95) -> pd.DataFrame:
    """Weighted totals, overall or by domain."""
    return _run(design, "total", variables, by, level)


def svyratio(design: SurveyDesign, numerator, denominator, by=None, *, level: float = 0.95) -> pd.DataFrame:
    """Ratios of totals Σwy/Σwx; ``numerator`` and ``denominator`` are paired lists."""
    num, den = _as_list(numerator), _as_list(denominator)
    if len(num) != len(den):
        raise StageError(Problem(zh="分子与分母变量个数不同。", en="numerator and denominator lists differ in length."))
    Y, _ = _values(design, num)
    X, _ = _values(design, den)
    dom, labels = domains(design, by)
    est, var, n, deff = _core(design, Y, X, dom, len(labels), "ratio")
    names = [(f"{a}/{b}", "") for a, b in zip(num, den)]
    return _tidy("ratio", names, labels, est, var, n, deff, level)


def svyciprop(design: SurveyDesign, variables, by=None, *, level: float = 0.95) -> pd.DataFrame:
    """Proportions of 0/1 variables with logit confidence intervals (R's ``svyciprop(method="logit")``).

    The interval is ``expit(logit(p) ± t·se/(p(1−p)))`` with the design's degrees
    of freedom (PSUs minus strata among the domain's respondents), as R.
    """
    res = svymean(design, variables, by, level=level)
    dom, labels = domains(design, by)
    Y, names = _values(design, variables)
    bad = ~np.isnan(Y) & (Y != 0) & (Y != 1)
    if bad.any():
        j = int(np.flatnonzero(bad.any(axis=0))[0])
        raise StageError(
            Problem(zh=f"变量「{names[j][0]}」不是 0/1 变量。", en=f"variable '{names[j][0]}' is not a 0/1 variable.", column=names[j][0])
        )
    D, J = len(labels), Y.shape[1]
    dfs = np.empty((D, J))
    for d in range(D):
        for j in range(J):
            if design.replicates is not None:
                dfs[d, j] = design.degf()
            else:
                dfs[d, j] = design.degf((dom == d) & ~np.isnan(Y[:, j]))
    p = res["estimate"].to_numpy()
    se = res["se"].to_numpy()
    df = dfs.ravel()
    q = stats.t.ppf(0.5 + level / 2, np.maximum(df, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.log(p / (1 - p))
        half = q * se / (p * (1 - p))
        res["ci_low"] = 1 / (1 + np.exp(-(lo - half)))
        res["ci_high"] = 1 / (1 + np.exp(-(lo + half)))
    res["stat"] = "proportion"
    res["df"] = df
    return res


def _qrule_math(x: np.ndarray, w: np.ndarray, p: float) -> float:
    """R's ``qrule="math"``: the smallest x whose weighted CDF reaches p."""
    keep = w != 0
    x, w = x[keep], w[keep]
    o = np.argsort(x, kind="stable")
    x, cw = x[o], np.cumsum(w[o])
    total = cw[-1]
    below = np.flatnonzero(cw <= p * total)
    if not len(below):
        return float(x[0])
    pos = below[-1]
    if p - cw[pos] / total == 0:
        return float(x[pos])
    return float(x[min(pos + 1, len(x) - 1)])


def svyquantile(
    design: SurveyDesign, variables, quantiles: Sequence[float] = (0.5,), by=None, *, level: float = 0.95
) -> pd.DataFrame:
    """Quantiles (R's ``qrule="math"``) with Woodruff intervals; se = CI width / (2·t)."""
    dom, labels = domains(design, by)
    Y, names = _values(design, variables)
    rows = []
    for j, (v, _) in enumerate(names):
        for d in range(len(labels)):
            m = (dom == d) & ~np.isnan(Y[:, j])
            df = design.degf(m)
            q = stats.t.ppf(0.5 + level / 2, df)
            for p in quantiles:
                qhat = _qrule_math(Y[m, j], design.weights[m], p)
                ind = np.where(m, (Y[:, j] <= qhat).astype(float), np.nan)
                sub = _core(design, ind[:, None], np.where(np.isnan(ind), np.nan, 1.0)[:, None], np.zeros(design.n, np.int64), 1, "mean")
                phat, se_p = sub[0][0, 0], np.sqrt(sub[1][0, 0])
                plo, phi = phat - q * se_p, phat + q * se_p
                lo = _qrule_math(Y[m, j], design.weights[m], plo) if 0 <= plo <= 1 else np.nan
                hi = _qrule_math(Y[m, j], design.weights[m], phi) if 0 <= phi <= 1 else np.nan
                row = {"stat": "quantile", "variable": v, "quantile": p}
                row.update({b: labels[b].iloc[d] for b in labels.columns})
                row.update(
                    {"estimate": qhat, "se": (hi - lo) / (2 * q), "ci_low": lo, "ci_high": hi, "n": int(m.sum()), "deff": np.nan}
                )
                rows.append(row)
    return pd.DataFrame(rows)


def compare_domains(
    design: SurveyDesign, variable: str, by, *, reference=None, level: float = 0.95
) -> pd.DataFrame:
    """Design-based tests of differences in means between domains.

    One row per pair (``contrast`` "b − a"; or each domain vs ``reference``) with
    estimate, se, t, df, p_value and CI, plus a final row ``all equal``: the
    Wald F test that every domain mean is the same (``statistic``, ``df``,
    ``df_denom``). With two domains it is R's ``svyttest(y ~ group)``.
    """
    dom, labels = domains(design, by)
    D = len(labels)
    Y, _ = _values(design, [variable])
    y = Y[:, 0]
    valid = ~np.isnan(y) & (dom >= 0)
    w = design.weights
    ind = np.zeros((design.n, D))
    ind[np.flatnonzero(valid), dom[valid]] = 1.0
    wsum = (w[:, None] * ind).sum(axis=0)
    yz = np.where(valid, y, 0.0)
    est = (w[:, None] * ind * yz[:, None]).sum(axis=0) / wsum
    scores = w[:, None] * ind * (yz[:, None] - est[None, :]) / wsum[None, :]
    if design.replicates is not None:
        Wr = design.replicates.weights
        th = (Wr.T @ (ind * yz[:, None])) / (Wr.T @ ind)
        dev = th - th.mean(axis=0) if not design.replicates.mse else th - est
        V = design.replicates.scale * (dev * design.replicates.rscales[:, None]).T @ dev
    else:
        V = covariance(design, scores)
    lab = labels.astype(str).agg(" × ".join, axis=1).tolist() if len(labels.columns) else ["all"]
    ddf = design.degf(valid) + 1 - D if design.replicates is None else design.degf() + 1 - D
    pairs = [(reference_index(lab, reference), b) for b in range(D) if b != reference_index(lab, reference)] if reference is not None else [
        (a, b) for a in range(D) for b in range(a + 1, D)
    ]
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
    return pd.DataFrame(rows)


def reference_index(labels: list[str], reference) -> int:
    if reference is None:
        return 0
    try:
        return labels.index(str(reference))
    except ValueError:
        raise StageError(
            Problem(zh=f"参照组「{reference}」不存在。", en=f"reference domain {reference!r} does not exist.", hint_en=f"Domains: {labels}")
        ) from None
