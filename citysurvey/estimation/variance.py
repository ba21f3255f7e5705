"""Taylor-linearisation and replicate variances for a :class:`SurveyDesign`.

Estimators hand in *weighted scores* ``x = w · u`` (``u`` the influence
function). Calibration steps first replace them by residual scores, then PSU
totals are centred within strata and summed with ``(1 − f_h) n_h/(n_h − 1)``,
as R's ``svyrecvar``. Domains are columns whose scores are zero outside the
domain, so every PSU of the full design counts (R's ``subset`` semantics).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..weighting.design import SurveyDesign
from ..weighting.margins import unique_inverse


def _indicator(codes: np.ndarray, size: int) -> sp.csr_matrix:
    n = len(codes)
    return sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(size, n))


def residual_scores(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    for cal in design.calibrations:
        x = cal.residualize(x)
    return x


def _strata_var(design: SurveyDesign, Z: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    """Σ_h c_h Σ_psu (z − z̄_h)² for PSU totals ``Z`` (rows) in ``stratum``."""
    H = design.n_strata
    Hm = _indicator(stratum, H)
    sums = Hm @ Z
    sq = Hm @ (Z * Z)
    n_h = design.psu_per_stratum[:, None]
    return design.stratum_factor @ (sq - sums * sums / n_h)


def variance(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    """Variances of the p estimates whose weighted scores are the columns of ``x``."""
    x = residual_scores(design, np.asarray(x, dtype=float).reshape(design.n, -1))
    Z = design.psu_matrix @ x if design.has_clusters else x
    stratum = design.psu_stratum if design.has_clusters else design.strata
    return _strata_var(design, Z, stratum)


def covariance(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    """Full covariance matrix (p × p) of the estimates with weighted scores ``x``."""
    x = residual_scores(design, np.asarray(x, dtype=float).reshape(design.n, -1))
    Z = design.psu_matrix @ x if design.has_clusters else x
    stratum = design.psu_stratum if design.has_clusters else design.strata
    Hm = _indicator(stratum, design.n_strata)
    means = (Hm @ Z) / design.psu_per_stratum[:, None]
    Zc = Z - means[stratum]
    return Zc.T @ (Zc * design.stratum_factor[stratum][:, None])


def domain_variance(design: SurveyDesign, x: np.ndarray, dom: np.ndarray, D: int) -> np.ndarray:
    """Variances (D × J) for scores ``x`` (n × J) taken separately within each domain.

    Column (d, j) has scores ``x[:, j]`` on rows with ``dom == d`` and 0 elsewhere.
    Without calibration this never builds the n × D·J matrix: PSU × domain totals
    come from one sparse product. With calibration the residuals spread outside
    the domain, so each item is expanded to n × D and residualised.
    """
    x = np.asarray(x, dtype=float)
    J = x.shape[1]
    if design.calibrations:
        out = np.empty((D, J))
        onehot = _indicator(dom, D).T.tocsc()
        for j in range(J):
            X = onehot.multiply(x[:, [j]]).toarray()
            out[:, j] = variance(design, X)
        return out
    H = design.n_strata
    if not design.has_clusters:
        key = design.strata * D + dom
        K = _indicator(key, H * D)
        sums, sq = K @ x, K @ (x * x)
        n_h = np.repeat(design.psu_per_stratum, D)[:, None]
        c = np.repeat(design.stratum_factor, D)[:, None]
        per = c * (sq - sums * sums / n_h)
        return per.reshape(H, D, J).sum(axis=0)
    pkey = design.psu.astype(np.int64) * D + dom
    upairs, inv = unique_inverse(pkey, design.n_psu * D)
    Z = _indicator(inv, len(upairs)) @ x
    pair_h = design.psu_stratum[upairs // D]
    key2 = pair_h * D + upairs % D
    K = _indicator(key2, H * D)
    sums, sq = K @ Z, K @ (Z * Z)
    n_h = np.repeat(design.psu_per_stratum, D)[:, None]
    c = np.repeat(design.stratum_factor, D)[:, None]
    return (c * (sq - sums * sums / n_h)).reshape(H, D, J).sum(axis=0)


def replicate_variance(design: SurveyDesign, thetas: np.ndarray, full: np.ndarray) -> np.ndarray:
    """R's ``svrVar``: ``thetas`` is R × … replicate estimates; replicates giving NaN are dropped."""
    reps = design.replicates
    r = reps.rscales.reshape((-1,) + (1,) * (thetas.ndim - 1))
    ok = np.isfinite(thetas)
    if reps.mse:
        centre = full
    else:
        use = ok & (r > 0)
        centre = np.where(use, thetas, 0).sum(axis=0) / np.maximum(use.sum(axis=0), 1)
    dev = np.where(ok, thetas - centre, 0.0)
    return reps.scale * (dev * dev * r).sum(axis=0)
