"""Taylor-linearisation and replicate variances for a :class:`SurveyDesign`.

Estimators hand in *weighted scores* ``x = w · u`` (``u`` the influence
function). Calibration steps first replace them by residual scores, then PSU
totals are centred within strata and summed with ``(1 − f_h) n_h/(n_h − 1)``,
as R's ``svyrecvar``. Domains are columns whose scores are zero outside the
domain, so every PSU of the full design counts (R's ``subset`` semantics).
"""
from __future__ import annotations

from types import SimpleNamespace

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


def _centring(design: SurveyDesign, sums: np.ndarray, n_h: np.ndarray, repeat: int = 1) -> np.ndarray:
    """``Σz·Σz/n_h`` per stratum (rows), zero for strata that the ``adjust`` rule leaves uncentred."""
    c = sums * sums / n_h
    centre = design.stratum_centre
    if centre is not None:
        c = c * np.repeat(centre, repeat).reshape((-1,) + (1,) * (c.ndim - 1))
    return c


def _strata_var(design: SurveyDesign, Z: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    """Σ_h c_h Σ_psu (z − z̄_h)² for PSU totals ``Z`` (rows) in ``stratum``."""
    Hm = _indicator(stratum, design.n_strata)
    return _stratum_sums_var(design, Hm @ Z, Hm @ (Z * Z))


def _stratum_sums_var(design: SurveyDesign, sums: np.ndarray, sq: np.ndarray) -> np.ndarray:
    """The between-PSU variance from per-stratum sums ``Σz`` and ``Σz²`` of PSU totals (H × …), as R's ``onestage``."""
    shape = sums.shape[1:]
    sums, sq = sums.reshape(len(sums), -1), sq.reshape(len(sq), -1)
    n_h = design.psu_per_stratum[:, None]
    out = design.stratum_factor @ (sq - _centring(design, sums, n_h))
    out = out * design.lonely_scale if design.lonely_scale != 1.0 else out
    return out.reshape(shape)


def _later_stages(design: SurveyDesign, x: np.ndarray, dom: np.ndarray | None = None, D: int = 1, full: bool = False):
    """Stages 2, 3, … of a multistage design (R's ``multistage``): variances (p; D × J with ``dom``) or, with ``full``, p × p.

    Unit totals are centred within the unit above and weighted by the stage's factor, which carries the
    sampling fractions of the stages above. A lonely unit under ``average`` makes the variance NaN (as R)
    for every column that has rows in its group.
    """
    out = 0.0
    for st in design.stages:
        fac = np.nan_to_num(st.factor, nan=0.0)
        bad = np.isnan(st.factor)
        G = len(st.n_group)
        n_g = np.maximum(st.n_group, 1)[:, None]
        if dom is None:
            Z = _indicator(st.unit, int(st.unit.max()) + 1) @ x
            Gm = _indicator(st.group, G)
            if full:
                means = (Gm @ Z) / n_g
                Zc = Z - (st.centre[:, None] * means)[st.group]
                v = Zc.T @ (Zc * fac[st.group][:, None])
            else:
                sums = Gm @ Z
                v = fac @ (Gm @ (Z * Z) - st.centre[:, None] * sums * sums / n_g)
            if bad.any():
                v = v + np.nan
        else:
            key = st.unit * D + dom
            upairs, inv = unique_inverse(key, (int(st.unit.max()) + 1) * D)
            Z = _indicator(inv, len(upairs)) @ x
            gkey = st.group[upairs // D] * D + upairs % D
            K = _indicator(gkey, G * D)
            sums, sq = K @ Z, K @ (Z * Z)
            per = sq - np.repeat(st.centre, D)[:, None] * sums * sums / np.repeat(n_g[:, 0], D)[:, None]
            v = np.tensordot(fac, per.reshape(G, D, -1), axes=1)
            if bad.any():
                present = np.zeros(G * D, bool)
                present[gkey] = True
                v[present.reshape(G, D)[bad].any(axis=0)] = np.nan
        out = out + v
    return out


def variance(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    """Variances of the p estimates whose weighted scores (influence values) are the columns of ``x``.

    The one variance engine every estimator uses: strata, PSUs, fpc, later stages, lonely
    PSUs, calibration residuals, or the replicates of a replicate design.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    x : numpy.ndarray
        n × p: each estimate's linearised score per respondent (for a mean,
        ``w·(y − ȳ)/Σw``).

    Returns
    -------
    numpy.ndarray
        p variances.

    Examples
    --------
    The score of a mean gives its squared standard error:

    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> import numpy as np
    >>> from citysurvey.estimation import svymean, variance
    >>> y = df["q1"].to_numpy(float)
    >>> score = d.weights * (y - np.average(y, weights=d.weights)) / d.weights.sum()
    >>> se = float(np.sqrt(variance(d, score[:, None]))[0])
    >>> round(se, 6) == round(float(svymean(d, "q1")["se"].iloc[0]), 6), round(se, 4)
    (True, 0.3227)
    """
    x = residual_scores(design, np.asarray(x, dtype=float).reshape(design.n, -1))
    Z = design.psu_matrix @ x if design.has_clusters else x
    stratum = design.psu_stratum if design.has_clusters else design.strata
    v = _strata_var(design, Z, stratum)
    return v + _later_stages(design, x) if design.stages else v


def covariance(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    """Full covariance matrix (p × p) of the estimates with weighted scores ``x``.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    x : numpy.ndarray
        n × p scores, as :func:`variance`.

    Returns
    -------
    numpy.ndarray
        p × p covariance; its diagonal is :func:`variance`.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> import numpy as np
    >>> from citysurvey.estimation import covariance
    >>> y = df["q1"].to_numpy(float)
    >>> score = d.weights * (y - np.average(y, weights=d.weights)) / d.weights.sum()
    >>> covariance(d, np.column_stack([score, 2 * score])).round(4).tolist()  # var(2θ) = 4 var(θ)
    [[0.1042, 0.2083], [0.2083, 0.4167]]
    """
    x = residual_scores(design, np.asarray(x, dtype=float).reshape(design.n, -1))
    Z = design.psu_matrix @ x if design.has_clusters else x
    stratum = design.psu_stratum if design.has_clusters else design.strata
    Hm = _indicator(stratum, design.n_strata)
    means = (Hm @ Z) / design.psu_per_stratum[:, None]
    if design.stratum_centre is not None:
        means = means * design.stratum_centre[:, None]
    Zc = Z - means[stratum]
    v = Zc.T @ (Zc * design.stratum_factor[stratum][:, None]) * design.lonely_scale
    return v + _later_stages(design, x, full=True) if design.stages else v


def _outside_zeroed(x: np.ndarray, dom: np.ndarray) -> np.ndarray:
    """``x`` with the rows in no domain (``dom < 0``) set to 0; ``x`` itself when they are all +0 already (no copy)."""
    outside = x[dom < 0]
    if outside.any() or np.signbit(outside).any():
        return np.where((dom >= 0)[:, None], x, 0.0)
    return x


def _domain_lonely_scale(design: SurveyDesign, dom: np.ndarray, D: int) -> np.ndarray | float:
    """``average``: per domain, strata with rows in it / those of them that are not lonely (R's ``onestage`` on a subset)."""
    if design.lonely_scale == 1.0:
        return 1.0
    present = np.zeros(design.n_strata * D, bool)
    present[design.strata * D + dom] = True
    present = present.reshape(design.n_strata, D)
    h = present.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (h / (h - present[design._lonely].sum(axis=0)))[:, None]


def domain_variance(design: SurveyDesign, x: np.ndarray, dom: np.ndarray, D: int,
                    common: np.ndarray | None = None, common_residual: np.ndarray | None = None) -> np.ndarray:
    """Variances (D × J) for scores ``x`` (n × J) taken separately within each domain.

    Column (d, j) has scores ``x[:, j]`` on rows with ``dom == d`` and 0 elsewhere
    (minus ``common[:, j]`` on every row when ``common`` is given: a domain's
    estimate against one of the whole design, such as a district against the city).
    Without calibration this never builds the n × D·J matrix: PSU × domain totals
    come from one sparse product. With calibration the residuals spread outside
    the domain, so each item is expanded to n × D and residualised.

    Parameters
    ----------
    design : SurveyDesign
        The design.
    x : numpy.ndarray
        n × J scores.
    dom : numpy.ndarray
        Domain code per row, 0 … D−1 (−1: in no domain).
    D : int
        Number of domains.
    common : numpy.ndarray, optional
        n × J scores subtracted from every domain's column, on every row.
    common_residual : numpy.ndarray, optional
        ``residual_scores(design, common)`` when the caller has it already (several domain
        variables against the same city).

    Returns
    -------
    numpy.ndarray
        D × J variances.

    Examples
    --------
    One domain holding everyone gives :func:`variance`:

    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> import numpy as np
    >>> from citysurvey.estimation import domain_variance, variance
    >>> y = df["q1"].to_numpy(float)
    >>> score = (d.weights * (y - np.average(y, weights=d.weights)) / d.weights.sum())[:, None]
    >>> domain_variance(d, score, np.zeros(d.n, dtype=int), 1).round(6).tolist(), variance(d, score).round(6).tolist()
    ([[0.104167]], [0.104167])
    """
    x = np.asarray(x, dtype=float)
    J = x.shape[1]
    if common is not None:
        return _domain_difference_variance(design, x, np.asarray(dom), D, np.asarray(common, dtype=float),
                                           common_residual)
    if design.calibrations:
        out = _calibrated_domain_variance(design, x, dom, D)
        if out is not None:
            return out
        # general case (several calibrations, backfitting, one cell per respondent): each item is
        # expanded to n × D and residualised; the calibration's factorisation is computed once
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
        per = c * (sq - _centring(design, sums, n_h, D))
        return per.reshape(H, D, J).sum(axis=0) * _domain_lonely_scale(design, dom, D)
    pkey = design.psu.astype(np.int64) * D + dom
    upairs, inv = unique_inverse(pkey, design.n_psu * D)
    Z = _indicator(inv, len(upairs)) @ x
    pair_h = design.psu_stratum[upairs // D]
    key2 = pair_h * D + upairs % D
    K = _indicator(key2, H * D)
    sums, sq = K @ Z, K @ (Z * Z)
    n_h = np.repeat(design.psu_per_stratum, D)[:, None]
    c = np.repeat(design.stratum_factor, D)[:, None]
    v = (c * (sq - _centring(design, sums, n_h, D))).reshape(H, D, J).sum(axis=0) * _domain_lonely_scale(design, dom, D)
    return v + _later_stages(design, x, dom, D) if design.stages else v


_CELL_BLOCK = 4_000_000  # cells × domains × items of the per-cell fitted values, per block
_PSU_BLOCK = 20_000_000  # PSUs × domains × items of the PSU totals, per block (clustered designs)


def _exclusive_sum(a: np.ndarray) -> np.ndarray:
    """``out[..., d] = Σ_{d' ≠ d} a[..., d']`` as sums of the others (exact zeros stay exact: no subtraction)."""
    out = np.zeros_like(a)
    out[..., 1:] += np.cumsum(a[..., :-1], axis=-1)
    out[..., :-1] += np.cumsum(a[..., :0:-1], axis=-1)[..., ::-1]
    return out


def _domain_fit(cal, to_cell_dom: sp.csr_matrix, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``u = x / w1`` (0 where w1 = 0), as :meth:`Calibration.residualize`, and the fitted values ``F``
    (cells × D·J) of the regression of every domain column ``u·1[dom = d]`` on the auxiliaries."""
    reg = cal.regression
    u = xs / reg.safe[:, None]
    if not reg.all_nonzero:
        u[~reg.nonzero] = 0.0
    A = (to_cell_dom @ (u * cal.w_before[:, None])).reshape(len(cal.aux), -1)
    return u, cal.aux @ (reg.pinv @ (cal.aux.T @ A))


def _calibrated_domain_variance(design: SurveyDesign, x: np.ndarray, dom: np.ndarray, D: int) -> np.ndarray | None:
    """Domain variances after one regression calibration, without an n × D matrix per item.

    Column (d, j) has scores ``x_j·1[dom = d]``; its calibration residual is
    ``e = x_j·1[dom = d] − w1·F[cell, d, j]``, where ``F`` (cells × D × J) are
    the fitted values of the regression on the auxiliaries — small, because
    respondents are collapsed to cells. So:

    * with clusters, PSU totals are ``X[psu, d, j] − (V @ F)`` with ``V`` the
      PSU × cell sums of ``w1``: exact PSU totals, then the usual strata sums;
    * without clusters (every respondent a PSU), a respondent's residual in
      its own domain is computed exactly (n × J), and its residual in every
      other domain, ``−w1·F[cell, d, j]``, enters through per stratum × cell ×
      domain sums of ``w1`` and ``w1²``.

    The same variances as residualising each expanded item (to rounding), in O(n·J). Returns None
    when this does not apply (several calibrations, backfitting, or too many
    cells — e.g. one cell per respondent with numeric auxiliaries).
    """
    cals = design.calibrations
    if len(cals) != 1 or cals[0].method != "regression" or design.stages or design.stratum_centre is not None:
        return None
    cal = cals[0]
    ncell, J = len(cal.aux), x.shape[1]
    step = _CELL_BLOCK // max(ncell * D, 1)
    if design.has_clusters:
        step = min(step, _PSU_BLOCK // max(design.n_psu * D, 1))
    elif design.n_strata * ncell * D > _CELL_BLOCK:
        return None
    if step < 1:
        return None
    reg = cal.regression
    w1 = cal.w_after
    dom = np.asarray(dom, dtype=np.intp)
    cd = cal.cells.astype(np.intp) * D + dom
    to_cell_dom = _indicator(cd, ncell * D)
    if design.has_clusters:
        V = sp.csr_matrix((w1, (design.psu, cal.cells)), shape=(design.n_psu, ncell))
        to_psu_dom = _indicator(design.psu.astype(np.intp) * D + dom, design.n_psu * D)
    else:
        H = design.n_strata
        to_stratum_dom = _indicator(design.strata.astype(np.intp) * D + dom, H * D)
        hcd = (design.strata.astype(np.intp) * ncell + cal.cells) * D + dom
        size = H * ncell * D
        w_not = _exclusive_sum(np.bincount(hcd, w1, minlength=size).reshape(H, ncell, D)).transpose(2, 0, 1)
        q_not = _exclusive_sum(np.bincount(hcd, w1 * w1, minlength=size).reshape(H, ncell, D)).transpose(2, 0, 1)
    out = np.empty((D, J))
    for a in range(0, J, step):
        xs = x[:, a:a + step]
        Jc = xs.shape[1]
        u, F = _domain_fit(cal, to_cell_dom, xs)  # cells × (D·Jc)
        if design.has_clusters:
            Z = (to_psu_dom @ (u * w1[:, None])).reshape(design.n_psu, D * Jc)
            Z -= V @ F
            out[:, a:a + Jc] = _strata_var(design, Z, design.psu_stratum).reshape(D, Jc)
            continue
        # own domain: exact residuals (u − F)·w1, summed by stratum × domain
        e = F.reshape(ncell * D, Jc)[cd]
        np.subtract(u, e, out=e)
        e *= w1[:, None]
        s_own = (to_stratum_dom @ e).reshape(H, D, Jc)
        e *= e
        q_own = (to_stratum_dom @ e).reshape(H, D, Jc)
        # other domains: −w1·F[cell, d], through the stratum × cell sums of w1 and w1² outside domain d
        F3 = F.reshape(ncell, D, Jc).transpose(1, 0, 2)  # D × cells × Jc
        S = s_own - (w_not @ F3).transpose(1, 0, 2)
        Q = q_own + (q_not @ (F3 * F3)).transpose(1, 0, 2)
        out[:, a:a + Jc] = _stratum_sums_var(design, S, Q)  # with the lonely-stratum rule, as every path
    return out


def _domain_maps(design: SurveyDesign, dom: np.ndarray, D: int, cal) -> SimpleNamespace:
    """The sparse maps from respondents to PSU × domain (or stratum × domain) sums, and with a calibration to
    cell × domain and stratum × cell × domain sums, with the per stratum × cell × domain sums of ``w1`` and
    ``w1²``: what :func:`_domain_difference_variance` and :func:`domain_covariance` share."""
    H = design.n_strata
    m = SimpleNamespace(w1=cal.w_after if cal is not None else design.weights)  # trimming after calibration: the residuals' scale
    if design.has_clusters:
        m.to_psu_dom = _indicator(design.psu.astype(np.intp) * D + dom, design.n_psu * D)
        if cal is not None:
            m.V = sp.csr_matrix((m.w1, (design.psu, cal.cells)), shape=(design.n_psu, len(cal.aux)))
    else:
        m.to_stratum_dom = _indicator(design.strata.astype(np.intp) * D + dom, H * D)
    if cal is not None:
        ncell = len(cal.aux)
        m.cd = cal.cells.astype(np.intp) * D + dom
        m.to_cell_dom = _indicator(m.cd, ncell * D)
        if not design.has_clusters:
            hcd = (design.strata.astype(np.intp) * ncell + cal.cells) * D + dom
            size = H * ncell * D
            m.to_stratum_cell_dom = _indicator(hcd, size)
            m.w_hcd = np.bincount(hcd, m.w1, minlength=size).reshape(H, ncell, D)
            m.q_hcd = np.bincount(hcd, m.w1 * m.w1, minlength=size).reshape(H, ncell, D)
    return m


def _domain_difference_variance(design: SurveyDesign, x: np.ndarray, dom: np.ndarray, D: int,
                                c: np.ndarray, c_residual: np.ndarray | None = None) -> np.ndarray:
    """:func:`domain_variance` with ``common``: column (d, j) is ``x_j·1[dom = d] − c_j``, in O(n·J).

    Residualising is linear, so the column's calibration residual is the domain part's,
    ``w1·(u_j·1[dom = d] − F[cell, d, j])`` (``F`` the small cells × D × J fitted values, as in
    :func:`_calibrated_domain_variance`), minus the common part's residual ``e_j``, computed once.
    With clusters the PSU totals follow directly. Without clusters, each stratum's sums of the
    column and of its square add the rows of domain d (exact residuals) to those outside it, where
    the column is ``−w1·F[cell, d, j] − e_j``: their squares expand into per stratum × cell sums of
    ``w1``, ``w1²`` and ``w1·e_j`` outside domain d. Designs beyond one regression calibration
    and one stage take each domain's column in turn (the definition).
    """
    dom = np.asarray(dom, dtype=np.intp)
    if (dom < 0).any():  # a row in no domain is outside every one: in domain 0 with a zero domain part
        x = _outside_zeroed(x, dom)
        dom = np.where(dom < 0, 0, dom)
    cals = design.calibrations
    cal = cals[0] if len(cals) == 1 and cals[0].method == "regression" else None
    ncell = len(cal.aux) if cal is not None else 1
    H, J = design.n_strata, x.shape[1]
    if design.has_clusters:
        step = _PSU_BLOCK // max(design.n_psu * D, 1)
    else:
        step = _CELL_BLOCK // max(H * ncell * D, 1)
    if design.stages or (cals and cal is None) or step < 1:
        out = np.empty((D, J))
        for d in range(D):
            z = np.subtract(0.0, c)
            rows = np.flatnonzero(dom == d)
            z[rows] += x[rows]
            out[d] = variance(design, z)
        return out
    m = _domain_maps(design, dom, D, cal)
    w1 = m.w1
    if cal is not None and not design.has_clusters:
        w_not = _exclusive_sum(m.w_hcd).transpose(2, 0, 1)  # outside domain d
        q_not = _exclusive_sum(m.q_hcd).transpose(2, 0, 1)
    out = np.empty((D, J))
    for a in range(0, J, step):
        xs, cs = x[:, a:a + step], c[:, a:a + step]
        es = c_residual[:, a:a + step] if c_residual is not None else None
        Jc = xs.shape[1]
        if cal is not None:
            u, F = _domain_fit(cal, m.to_cell_dom, xs)  # cells × (D·Jc)
            e = cal.residualize(cs) if es is None else es
        else:
            e = cs
        if design.has_clusters:
            Z = (m.to_psu_dom @ (u * w1[:, None] if cal is not None else xs)).reshape(design.n_psu, D * Jc)
            if cal is not None:
                Z -= m.V @ F
            Z = Z.reshape(design.n_psu, D, Jc) - (design.psu_matrix @ e)[:, None, :]
            out[:, a:a + Jc] = _strata_var(design, Z.reshape(design.n_psu, D * Jc), design.psu_stratum).reshape(D, Jc)
            continue
        # the rows of domain d: exact residuals, the domain part's minus the common part's
        if cal is not None:
            own = F.reshape(ncell * D, Jc)[m.cd]
            np.subtract(u, own, out=own)
            own *= w1[:, None]
            own -= e
        else:
            own = xs - e
        S = (m.to_stratum_dom @ own).reshape(H, D, Jc)
        own *= own
        Q = (m.to_stratum_dom @ own).reshape(H, D, Jc)
        del own
        # the rows outside domain d: −e, and −w1·F[cell, d] with a calibration
        S -= _exclusive_sum((m.to_stratum_dom @ e).reshape(H, D, Jc).transpose(0, 2, 1)).transpose(0, 2, 1)
        Q += _exclusive_sum((m.to_stratum_dom @ (e * e)).reshape(H, D, Jc).transpose(0, 2, 1)).transpose(0, 2, 1)
        if cal is not None:
            F3 = F.reshape(ncell, D, Jc).transpose(1, 0, 2)  # D × cells × Jc
            S -= (w_not @ F3).transpose(1, 0, 2)
            Q += (q_not @ (F3 * F3)).transpose(1, 0, 2)
            # the cross term 2·w1·F·e, through the stratum × cell sums of w1·e outside domain d
            g = (m.to_stratum_cell_dom @ (e * w1[:, None])).reshape(H, ncell, D, Jc)
            g = _exclusive_sum(g.transpose(0, 1, 3, 2)).transpose(0, 1, 3, 2)
            Q += 2 * np.einsum("hcdj,cdj->hdj", g, F.reshape(ncell, D, Jc))
        out[:, a:a + Jc] = _stratum_sums_var(design, S, Q)
    return out


def domain_covariance(design: SurveyDesign, x: np.ndarray, dom: np.ndarray, D: int) -> np.ndarray:
    """Covariances (J × D × D) between the domains' columns of each item, in O(n·J).

    Column (d, j) has scores ``x[:, j]`` on rows with ``dom == d`` (−1: in no domain) and 0
    elsewhere, as :func:`domain_variance`; ``out[j]`` is :func:`covariance` of item j's D
    columns, without its n × D matrix. After one regression calibration a column's residual is
    ``w1·(u_j·1[dom = d] − F[cell, d, j])``: exact on the rows of domain d, and a cell function
    outside it, so each stratum's cross-products follow from per stratum × cell × domain sums of
    the exact residuals, ``w1`` and ``w1²``. With clusters the PSU × domain totals are formed
    directly. Other designs (later stages, several calibrations, backfitting) expand each item.

    Parameters
    ----------
    design : SurveyDesign
        The design (Taylor linearisation; not a replicate design).
    x : numpy.ndarray
        n × J scores.
    dom : numpy.ndarray
        Domain code per row, 0 … D−1 (−1: in no domain).
    D : int
        Number of domains.

    Returns
    -------
    numpy.ndarray
        J × D × D covariances; each diagonal is :func:`domain_variance`.

    Examples
    --------
    Two domains of the toy survey: the diagonal holds each domain's variance.

    >>> from citysurvey.datasets.tiny import toy_survey
    >>> df, d = toy_survey()
    >>> import numpy as np
    >>> from citysurvey.estimation import domain_covariance, domain_variance
    >>> dom = df["district"].astype("category").cat.codes.to_numpy()
    >>> x = d.weights[:, None] * df[["q1"]].to_numpy(float)
    >>> V = domain_covariance(d, x, dom, 2)
    >>> bool(np.allclose(np.diag(V[0]), domain_variance(d, x, dom, 2)[:, 0]))
    True
    """
    x = np.asarray(x, dtype=float)
    dom = np.asarray(dom, dtype=np.intp)
    if (dom < 0).any():  # a row in no domain: in domain 0 with a zero score (it adds only through calibration)
        x = _outside_zeroed(x, dom)
        dom = np.where(dom < 0, 0, dom)
    n, J = x.shape
    cals = design.calibrations
    cal = cals[0] if len(cals) == 1 and cals[0].method == "regression" else None
    ncell = len(cal.aux) if cal is not None else 1
    H = design.n_strata
    if design.has_clusters:
        step = _PSU_BLOCK // max(design.n_psu * D, 1)
    else:
        step = _CELL_BLOCK // max(H * ncell * D * D, 1)
    if design.stages or (cals and cal is None) or step < 1:
        out = np.empty((J, D, D))
        onehot = _indicator(dom, D).T.tocsc()
        for j in range(J):
            out[j] = covariance(design, onehot.multiply(x[:, [j]]).toarray())
        return out
    m = _domain_maps(design, dom, D, cal)
    w1 = m.w1
    if design.has_clusters:
        Hm = _indicator(design.psu_stratum, H)
        f = design.stratum_factor[design.psu_stratum]
    if cal is not None and not design.has_clusters:
        w_not, q_not = _exclusive_sum(m.w_hcd), _exclusive_sum(m.q_hcd)  # outside domain d
        # Σw1² outside both d and e (d ≠ e): the cells' other domains, as sums (no subtraction)
        k = np.arange(D)
        neither = ((k[:, None, None] != k[None, :, None]) & (k[:, None, None] != k[None, None, :])).astype(float)
        q_not2 = np.einsum("hck,kde->hcde", m.q_hcd, neither)
    out = np.empty((J, D, D))
    for a in range(0, J, step):
        xs = x[:, a:a + step]
        Jc = xs.shape[1]
        if cal is not None:
            u, F = _domain_fit(cal, m.to_cell_dom, xs)  # cells × (D·Jc)
        if design.has_clusters:
            Z = (m.to_psu_dom @ (u * w1[:, None] if cal is not None else xs)).reshape(design.n_psu, D * Jc)
            if cal is not None:
                Z -= m.V @ F
            means = (Hm @ Z) / design.psu_per_stratum[:, None]
            if design.stratum_centre is not None:
                means = means * design.stratum_centre[:, None]
            Zc = (Z - means[design.psu_stratum]).reshape(design.n_psu, D, Jc)
            out[a:a + Jc] = np.einsum("pdj,pej->jde", Zc * f[:, None, None], Zc) * design.lonely_scale
            continue
        if cal is not None:
            r = F.reshape(ncell * D, Jc)[m.cd]
            np.subtract(u, r, out=r)
            r *= w1[:, None]  # exact residuals in the row's own domain
        else:
            r = xs
        S = (m.to_stratum_dom @ r).reshape(H, D, Jc)
        Q = np.zeros((H, D, D, Jc))
        diag = (m.to_stratum_dom @ (r * r)).reshape(H, D, Jc)
        if cal is not None:
            F3 = F.reshape(ncell, D, Jc)
            S -= np.einsum("hcd,cdj->hdj", w_not, F3)
            diag += np.einsum("hcd,cdj->hdj", q_not, F3 * F3)
            R = (m.to_stratum_cell_dom @ (r * w1[:, None])).reshape(H, ncell, D, Jc)
            # rows of d against column e (−w1·F[cell, e]), rows of e against column d, rows of neither
            cross = np.einsum("hcdj,cej->hdej", R, F3)
            Q -= cross
            Q -= cross.transpose(0, 2, 1, 3)
            Q += np.einsum("hcde,cdj,cej->hdej", q_not2, F3, F3, optimize=True)
        idx = np.arange(D)
        Q[:, idx, idx, :] = diag
        c = S[:, :, None, :] * S[:, None, :, :] / design.psu_per_stratum[:, None, None, None]
        if design.stratum_centre is not None:
            c = c * design.stratum_centre[:, None, None, None]
        out[a:a + Jc] = (np.tensordot(design.stratum_factor, Q - c, axes=1) * design.lonely_scale).transpose(2, 0, 1)
    return out


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
