"""Replicate-weight designs: JK1 and bootstrap, or weights supplied from elsewhere.

A replicate design keeps its Taylor structure too; any later weighting step
(:func:`poststratify`, :func:`rake`, :func:`calibrate`, :func:`trim_weights`)
re-weights *every replicate* the same way, so the replicate variance includes
the calibration — R's approach for ``svrepdesign`` objects.
"""
from __future__ import annotations

import numpy as np

from ..errors import Problem, StageError
from .design import Replicates, SurveyDesign, _frozen


def jk1(design: SurveyDesign) -> SurveyDesign:
    """Delete-one-PSU jackknife (R's ``as.svrepdesign(type="JK1")``), for unstratified designs.

    Replicate r drops PSU r and multiplies the others by n/(n−1);
    scale = (1 − f)(n − 1)/n with f the PSU sampling fraction.

    Parameters
    ----------
    design : SurveyDesign
        An unstratified design (clusters allowed); its calibrations are redone on every
        replicate, as R does for a calibrated design turned into replicates.

    Returns
    -------
    SurveyDesign
        The same design with ``replicates`` (kind ``JK1``, one per PSU); estimators then take
        their SEs from the replicates.

    Raises
    ------
    StageError
        The design is stratified.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import jk1, svydesign
    >>> from citysurvey.estimation import svymean
    >>> j = jk1(svydesign(df, weights="w"))
    >>> j.replicates.n_replicates, j.replicates.scale
    (8, 0.875)
    >>> print(svymean(j, "q1").round(3).to_string(index=False))
    stat variable  estimate    se  ci_low  ci_high  n  deff
    mean       q1      3.25 0.348   2.567    3.933  8 1.241
    """
    if design.n_strata > 1:
        raise StageError(
            Problem(
                zh="JK1 只适用于不分层的设计。",
                en="JK1 is for unstratified designs.",
                hint_zh="分层设计请用 bootstrap。",
                hint_en="Use bootstrap for a stratified design.",
            )
        )
    n = design.n_psu
    factor = np.full((design.n, n), n / (n - 1))
    factor[np.arange(design.n), design.psu] = 0.0
    pop = design.fpc[0]
    f = 1.0 if np.isinf(pop) else (pop - n) / pop
    reps = Replicates(
        weights=_frozen(design.weights[:, None] * factor),
        scale=f * (n - 1) / n,
        rscales=_frozen(np.ones(n)),
        kind="JK1",
    )
    return design.with_replicates(reps)


def bootstrap(design: SurveyDesign, replicates: int = 50, *, seed: int | None = None) -> SurveyDesign:
    """Bootstrap replicate weights as R's ``as.svrepdesign(type="bootstrap")`` makes them.

    Within each stratum, n_h PSUs are drawn: with replacement when there is no fpc; with an fpc,
    without replacement from the N_h-long list that repeats the n_h sampled PSUs (Canty and
    Davison's with-fpc bootstrap, R's ``bootstratum``), which shrinks the spread by about 1 − f_h. A
    replicate multiplies each PSU's weights by the times it was drawn. Variance =
    ``n̄/((n̄ − 1)(R − 1)) Σ(θ_r − θ̄)²`` with n̄ the harmonic mean PSUs per stratum, as R.

    Parameters
    ----------
    design : SurveyDesign
        The design (strata, clusters, fpc, calibrations redone on every replicate).
    replicates : int
        Number of replicates R.
    seed : int, optional
        Seed of the draws, for a reproducible result.

    Returns
    -------
    SurveyDesign
        The design with ``replicates`` of kind ``bootstrap``.

    Raises
    ------
    StageError
        A stratum with a single PSU.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import bootstrap, svydesign
    >>> b = bootstrap(svydesign(df, weights="w", strata="district"), 20, seed=1)
    >>> b.replicates.kind, b.replicates.n_replicates
    ('bootstrap', 20)
    >>> round(float(b.replicates.scale), 6) == round(4 / (3 * 19), 6)  # n̄/((n̄ − 1)(R − 1)), 4 PSUs per stratum
    True
    """
    rng = np.random.default_rng(seed)
    n_h = design.psu_per_stratum.astype(int)
    if (n_h < 2).any():
        raise StageError(Problem(zh="有分层只有 1 个 PSU，无法做 bootstrap。", en="a stratum has a single PSU; bootstrap needs two or more."))
    mult = np.zeros((design.n_psu, replicates))
    for h in range(design.n_strata):
        psus = np.flatnonzero(design.psu_stratum == h)
        k = len(psus)
        pop = design.fpc[h]
        for r in range(replicates):
            if np.isinf(pop):
                drawn = rng.integers(0, k, size=k)
            else:
                drawn = rng.permutation(np.resize(np.arange(k), int(round(pop))))[:k]
            mult[psus, r] = np.bincount(drawn, minlength=k)
    nbar = 1 / np.mean(1 / n_h)
    reps = Replicates(
        weights=_frozen(design.weights[:, None] * mult[design.psu]),
        scale=nbar / ((nbar - 1) * (replicates - 1)),
        rscales=_frozen(np.ones(replicates)),
        kind="bootstrap",
    )
    return design.with_replicates(reps)


def with_replicate_weights(
    design: SurveyDesign, weights: np.ndarray, *, scale: float, rscales=None, kind: str = "supplied", mse: bool = False
) -> SurveyDesign:
    """Attach replicate weights made elsewhere (e.g. exported from R or a statistics bureau).

    Parameters
    ----------
    design : SurveyDesign
        The full-sample design.
    weights : numpy.ndarray
        n × R replicate weights (full analysis weights, not factors).
    scale : float
        The overall scale of the variance.
    rscales : array-like, optional
        One scale per replicate (default 1).
    kind : str
        A name for the method, kept in the design.
    mse : bool
        Centre on the full-sample estimate rather than the replicates' mean.

    Returns
    -------
    SurveyDesign
        The design with those replicates.

    Raises
    ------
    StageError
        ``weights`` is not a matrix with one row per respondent.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import jk1, svydesign, with_replicate_weights
    >>> from citysurvey.estimation import svymean
    >>> d = svydesign(df, weights="w")
    >>> made = jk1(d).replicates
    >>> same = with_replicate_weights(d, made.weights, scale=made.scale)
    >>> float(svymean(same, "q1")["se"].round(3).iloc[0])
    0.348
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2 or weights.shape[0] != design.n:
        raise StageError(
            Problem(
                zh=f"重复权数应为 {design.n} 行的矩阵，现为 {weights.shape}。",
                en=f"replicate weights must have {design.n} rows; got shape {weights.shape}.",
            )
        )
    R = weights.shape[1]
    rs = np.ones(R) if rscales is None else np.asarray(rscales, dtype=float)
    return design.with_replicates(Replicates(_frozen(weights), float(scale), _frozen(rs), kind, mse))
