"""Post-stratification, raking and calibration (linear, raking, logit).

Every function takes a design and returns a new one whose ``calibrations``
record the auxiliary matrix, so SEs use calibration residuals as R's
``survey`` does. Respondents are collapsed to the unique cells of the margin
variables first: raking 1,000,000 respondents is raking a few thousand cell
totals, then broadcasting each cell's factor back.

:func:`rake`, :func:`poststratify` and :func:`calibrate` are checked against R on the "Coming from
R survey" page; :func:`ipf` has an example that runs.
"""
from __future__ import annotations

import warnings
from functools import partial
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import Problem, StageError
from .design import Calibration, Step, SurveyDesign
from .margins import CellCoding, CodedMargin, Margin, check_totals, code_cells


def _weight_matrix(design: SurveyDesign) -> np.ndarray:
    """Main weights and, if any, replicate weights side by side: every step treats them alike."""
    if design.replicates is None:
        return design.weights[:, None]
    return np.column_stack([design.weights, design.replicates.weights])


def _split(design: SurveyDesign, W: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    return W[:, 0].copy(), (W[:, 1:].copy() if design.replicates is not None else None)


def _code_all(design, margins, empty, collapse_order) -> CellCoding | None:
    """Respondents → cells of all margin variables → groups of each margin (policy applied, totals checked)."""
    ms = [margins] if isinstance(margins, Margin) else list(margins)
    if not ms:
        return None
    coding = code_cells(design.data, ms, empty=empty, collapse_order=collapse_order)
    check_totals(coding.coded)
    return coding


def _cell_sums(cell: np.ndarray, W: np.ndarray, ncell: int) -> np.ndarray:
    if W.shape[1] == 1:
        return np.bincount(cell, W[:, 0], minlength=ncell)[:, None]
    return np.column_stack([np.bincount(cell, W[:, j], minlength=ncell) for j in range(W.shape[1])])


def _dummies(maps: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    ncell = len(maps[0])
    out = np.zeros((ncell, int(sum(sizes))))
    rows = np.arange(ncell)
    offset = 0
    for m, g in zip(maps, sizes):
        out[rows, offset + m] = 1.0
        offset += g
    return out


def _margin_report(coded: Sequence[CodedMargin], cell_w: np.ndarray) -> pd.DataFrame:
    """Achieved vs target for every group of every margin (``cell_w``: weight total per cell)."""
    if not coded:
        return pd.DataFrame()
    names, cells, targets, got = [], [], [], []
    for c in coded:
        got.append(np.bincount(c.codes, cell_w, minlength=len(c.targets)))
        targets.append(c.targets)
        cells += c.group_labels()
        names += [c.name] * len(c.targets)
    target, achieved = np.concatenate(targets), np.concatenate(got)
    return pd.DataFrame(
        {
            "margin": names,
            "cell": cells,
            "target": target,
            "achieved": achieved,
            "rel_error": (achieved - target) / np.where(target != 0, target, 1.0),
        }
    )


def _not_converged(what: str, report: pd.DataFrame, iters: int, tol: float) -> StageError:
    worst = report.iloc[int(np.argmax(np.abs(report["rel_error"].to_numpy())))]
    return StageError(
        Problem(
            zh=(
                f"{what}在 {iters} 次迭代后仍未收敛：最差的是边际「{worst['margin']}」的格「{worst['cell']}」，"
                f"目标 {worst['target']:,.6g}，达到 {worst['achieved']:,.6g}（相对误差 {worst['rel_error']:.3g}，容差 {tol:g}）。"
            ),
            en=(
                f"{what} did not converge in {iters} iterations: worst is margin '{worst['margin']}', "
                f"cell '{worst['cell']}', target {worst['target']:,.6g}, achieved {worst['achieved']:,.6g} "
                f"(relative error {worst['rel_error']:.3g}, tolerance {tol:g})."
            ),
            hint_zh="请检查边际是否相互矛盾、是否有过细的交叉格，或放宽权数界限。",
            hint_en="Check for contradictory margins or too-fine interaction cells, or widen the bounds.",
        )
    )


# --------------------------------------------------------------------------- post-stratification
def poststratify(
    design: SurveyDesign,
    margin: Margin,
    *,
    empty: str = "error",
    collapse_order: Sequence[str] = (),
) -> SurveyDesign:
    """Post-stratify (R's ``postStratify``): within each cell, weights are scaled to its population.

    Parameters
    ----------
    design : SurveyDesign
        The design to adjust; it is not changed.
    margin : Margin
        Population counts over one or more variables (an interaction margin is one margin).
    empty : {"error", "collapse"}
        A cell with population but no respondent (or respondents but no population) is an
        error naming the cell, or is merged with its neighbour along ``collapse_order``.
    collapse_order : sequence of str
        Ordered variables whose adjacent categories may be merged, tried in order.

    Returns
    -------
    SurveyDesign
        A new design: weights adjusted, replicate weights (if any) adjusted the same way, the
        calibration recorded for the variance, and a ``history`` step whose ``report`` has one
        row per cell (``margin``, ``cell``, ``target``, ``achieved``, ``rel_error``).

    Raises
    ------
    StageError
        A margin variable is missing, or a cell is empty under ``empty="error"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import SurveyDesign, Margin, poststratify
    >>> df = pd.DataFrame({"sex": ["男", "男", "女", "女", "女", "女"]})
    >>> d = poststratify(SurveyDesign.from_frame(df), Margin.of("sex", {"男": 480, "女": 520}))
    >>> d.weights
    array([240., 240., 130., 130., 130., 130.])
    """
    coding = _code_all(design, [margin], empty, collapse_order)
    (coded,) = coding.coded
    codes = coding.respondent_codes(0)
    G = len(coded.targets)
    W = _weight_matrix(design)
    sums = _cell_sums(codes, W, G)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(sums > 0, coded.targets[:, None] / sums, 0.0)
    W1 = W * g[codes]
    w, reps = _split(design, W1)
    report = _margin_report([coded], np.bincount(coding.cell, w, minlength=coding.n_cells))
    cal = Calibration(
        kind="poststratify",
        cells=codes,
        aux=np.eye(G),
        w_before=design.weights,
        w_after=w,
        redo=partial(poststratify, margin=margin, empty=empty, collapse_order=tuple(collapse_order)),
    )
    step = Step("poststratify", coded.name, report, {"collapsed": coded.collapsed})
    return design.with_weights(w, calibration=cal, step=step, replicate_weights=reps)


# --------------------------------------------------------------------------- raking
def ipf(t0: np.ndarray, maps: Sequence[np.ndarray], targets: Sequence[np.ndarray], tol: float, max_iter: int):
    """Iterative proportional fitting on cell totals ``t0`` (cells × columns): the engine of :func:`rake`.

    Columns (the main and the replicate weights) are fitted together, one sweep over the
    margins at a time, until the largest relative margin error is at most ``tol``.

    Parameters
    ----------
    t0 : numpy.ndarray
        Cells × columns: the starting weighted totals.
    maps : sequence of numpy.ndarray
        Per margin, each cell's category code.
    targets : sequence of numpy.ndarray
        Per margin, the population of each category.
    tol : float
        Convergence: the largest relative margin error allowed.
    max_iter : int
        Sweeps at most.

    Returns
    -------
    totals : numpy.ndarray
        The fitted cell totals (cells × columns).
    sweeps : int
        Sweeps done.
    error : float
        The largest relative margin error left.

    Examples
    --------
    >>> import numpy as np
    >>> from citysurvey.weighting import ipf
    >>> t0 = np.array([[100.0], [100.0], [300.0], [300.0]])
    >>> totals, sweeps, error = ipf(t0, [np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])],
    ...                             [np.array([400.0, 1200.0]), np.array([800.0, 800.0])], tol=1e-10, max_iter=100)
    >>> totals.ravel().tolist(), sweeps, error
    ([200.0, 200.0, 600.0, 600.0], 1, 0.0)
    """
    ncell = t0.shape[0]
    if t0.shape[1] == 1:
        # one column: margin sums by bincount (no sparse matrices to build)
        def msum(k, t):
            return np.bincount(maps[k], t[:, 0], minlength=len(targets[k]))[:, None]
    else:
        mats = [sp.csr_matrix((np.ones(ncell), (m, np.arange(ncell))), shape=(len(tg), ncell)) for m, tg in zip(maps, targets)]

        def msum(k, t):
            return mats[k] @ t
    tgs = [tg[:, None] for tg in targets]
    floors = [np.maximum(tg, 1e-300) for tg in tgs]
    t = t0.copy()
    err = np.inf
    it = 0
    for it in range(1, max_iter + 1):
        for k, (m, tg) in enumerate(zip(maps, tgs)):
            s = msum(k, t)
            with np.errstate(divide="ignore", invalid="ignore"):
                f = np.where(s > 0, tg / s, 0.0)
            t *= f[m]
        err = 0.0
        for k in range(len(maps) - 1):  # the last margin was just fitted exactly
            s = msum(k, t)
            live = s > 0
            e = np.abs(s - tgs[k]) / floors[k]
            err = max(err, float(e[live].max(initial=0.0)))
        if err < tol:
            break
    return t, it, err


def rake(
    design: SurveyDesign,
    margins: Sequence[Margin] | Margin,
    *,
    tol: float = 1e-10,
    max_iter: int = 1000,
    empty: str = "error",
    collapse_order: Sequence[str] = (),
    variance: str = "regression",
) -> SurveyDesign:
    """Rake (iterative proportional fitting) to any number of margins, as R's ``rake``.

    Parameters
    ----------
    design : SurveyDesign
        The design to adjust; it is not changed.
    margins : Margin or sequence of Margin
        Population counts; a margin may be an interaction (``district×sex×age_band``).
    tol : float
        Largest relative error allowed on any margin cell at convergence.
    max_iter : int
        Sweeps allowed; not reaching ``tol`` within them is an error naming the worst cell.
    empty, collapse_order
        The empty-cell policy, as in :func:`poststratify`.
    variance : {"regression", "backfit"}
        How later SEs account for the raking: ``"regression"`` uses weighted least-squares
        residuals on all margin dummies (R's ``calibrate(calfun="raking")``); ``"backfit"``
        reproduces R's ``rake()`` (10 unweighted backfitting sweeps).

    Returns
    -------
    SurveyDesign
        A new design; its last ``history`` step has the margin report (``margin``, ``cell``,
        ``target``, ``achieved``, ``rel_error``) and ``details`` (``iterations``,
        ``max_rel_error``, ``cells``, ``collapsed``).

    Raises
    ------
    StageError
        No margins; a missing variable; an empty cell under ``empty="error"``; margins whose
        totals disagree; or no convergence (the message names the worst margin cell and how
        far it misses).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import SurveyDesign, Margin, rake
    >>> df = pd.DataFrame({"sex": ["男", "男", "女", "女", "女", "女"],
    ...                    "age": ["18-59", "60+", "18-59", "18-59", "60+", "60+"]})
    >>> d = rake(SurveyDesign.from_frame(df), [Margin.of("sex", {"男": 480, "女": 520}),
    ...                                         Margin.of("age", {"18-59": 700, "60+": 300})])
    >>> d.weights
    array([336., 144., 182., 182.,  78.,  78.])
    >>> print(d.history[-1].report.to_string(index=False))
    margin  cell  target  achieved  rel_error
       sex     男   480.0     480.0        0.0
       sex     女   520.0     520.0        0.0
       age 18-59   700.0     700.0        0.0
       age   60+   300.0     300.0        0.0
    """
    coding = _code_all(design, margins, empty, collapse_order)
    if coding is None:
        raise StageError(Problem(zh="没有给出任何边际。", en="no margins were given."))
    coded, cell = coding.coded, coding.cell
    maps = [c.codes for c in coded]
    ncell = coding.n_cells
    W = _weight_matrix(design)
    t0 = _cell_sums(cell, W, ncell)
    targets = [c.targets for c in coded]
    t, iters, err = ipf(t0, maps, targets, tol, max_iter)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(t0 > 0, t / t0, 0.0)
    if design.replicates is None:
        w, reps = g[:, 0][cell], None
        w *= design.weights  # in place: one n-vector fewer to allocate
    else:
        w, reps = _split(design, W * g[cell])
    report = _margin_report(coded, t[:, 0])
    if not err < tol:
        raise _not_converged("迭代比例拟合（raking） / Raking", report, iters, tol)
    cal = Calibration(
        kind="rake",
        cells=cell,
        aux=_dummies(maps, [len(tg) for tg in targets]),
        w_before=design.weights,
        w_after=w,
        method=variance,
        margin_codes=tuple(coding.respondent_codes(k) for k in range(len(coded))) if variance == "backfit" else (),
        redo=partial(
            rake, margins=tuple(c.margin for c in coded), tol=tol, max_iter=max_iter, empty=empty,
            collapse_order=tuple(collapse_order), variance=variance,
        ),
    )
    collapsed = [x for c in coded for x in c.collapsed]
    step = Step(
        "rake",
        " + ".join(c.name for c in coded),
        report,
        {"iterations": iters, "max_rel_error": err, "cells": ncell, "collapsed": collapsed},
    )
    return design.with_weights(w, calibration=cal, step=step, replicate_weights=reps)


# --------------------------------------------------------------------------- calibration (grake)
def _calfun(name: str, L: float, U: float):
    """Inverse distance function F⁻¹(u) − 1 and its derivative, as in Deville & Särndal (1992)."""
    if name == "linear":
        def Fm1(u):
            return np.clip(u + 1, L, U) - 1

        def dF(u):
            return ((u + 1 >= L) & (u + 1 <= U)).astype(float)
    elif name == "raking":
        def Fm1(u):
            return np.exp(u) - 1

        def dF(u):
            return np.exp(u)
    elif name == "logit":
        A = (U - L) / ((U - 1) * (1 - L))

        def Fm1(u):
            e = np.exp(np.clip(A * u, -300, 300))
            return (L * (U - 1) + U * (1 - L) * e) / (U - 1 + (1 - L) * e) - 1

        def dF(u):
            e = np.exp(np.clip(A * u, -300, 300))
            return A * e * (U - 1) * (1 - L) * (U - L) / (U - 1 + (1 - L) * e) ** 2
    else:
        raise StageError(Problem(zh=f"未知的校准函数「{name}」。", en=f"unknown calibration function '{name}'.", hint_en="Use linear, raking or logit."))
    return Fm1, dF


def grake(aux: np.ndarray, t: np.ndarray, population: np.ndarray, calfun: str, bounds, tol: float, max_iter: int):
    """Newton's method for the calibration equations, following R's ``grake``.

    ``aux`` is cells × k, ``t`` the cells' total base weight. Returns g per cell,
    the iterations used and the largest ``|misfit| / (1 + |population|)``.
    """
    L, U = bounds
    Fm1, dF = _calfun(calfun, L, U)
    eta = np.zeros(aux.shape[1])
    xeta = aux @ eta
    it, err = 0, np.inf
    for it in range(1, max_iter + 1):
        T = aux.T @ (aux * (t * dF(xeta))[:, None])
        misfit = population - aux.T @ (t * (1 + Fm1(xeta)))
        deta = np.linalg.pinv(T, rcond=256 * np.finfo(float).eps) @ misfit
        eta = eta + deta
        xeta = aux @ eta
        halvings = 0
        while halvings < 50 and not (np.all(np.isfinite(Fm1(xeta))) and np.all(np.isfinite(dF(xeta)))):
            deta = deta / 2
            eta = eta - deta
            xeta = aux @ eta
            halvings += 1
        misfit = population - aux.T @ (t * (1 + Fm1(xeta)))
        err = float(np.max(np.abs(misfit) / (1 + np.abs(population))))
        if err < tol:
            break
    return 1 + Fm1(xeta), it, err


def calibrate(
    design: SurveyDesign,
    margins: Sequence[Margin] | Margin = (),
    totals: Mapping[str, float] | None = None,
    *,
    calfun: str = "linear",
    bounds: tuple[float, float] = (-np.inf, np.inf),
    population_size: float | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
    empty: str = "error",
    collapse_order: Sequence[str] = (),
) -> SurveyDesign:
    """Calibrate to categorical margins and numeric totals, as R's ``calibrate``.

    Parameters
    ----------
    design : SurveyDesign
        The design to adjust; it is not changed.
    margins : Margin or sequence of Margin
        Categorical population counts.
    totals : mapping of str to float, optional
        Population totals of numeric variables (``{"api99": 3914069}``).
    calfun : {"linear", "raking", "logit"}
        The distance: ``linear`` (GREG; with finite ``bounds``, truncated linear), ``raking``
        (exponential) or ``logit`` (needs finite ``bounds`` with ``L < 1 < U``).
    bounds : (float, float)
        Limits on g = new weight / old weight.
    population_size : float, optional
        The population size, needed for the intercept when only numeric ``totals`` are given.
    tol, max_iter
        Convergence: the largest relative error on any constraint, and the Newton steps
        allowed.
    empty, collapse_order
        The empty-cell policy, as in :func:`poststratify`.

    Returns
    -------
    SurveyDesign
        A new design with the calibration recorded (SEs use its residuals) and a ``history``
        step with the constraint report.

    Raises
    ------
    StageError
        Bounds that ``logit`` cannot use, infeasible bounds, missing variables, empty cells
        under ``empty="error"``, or no convergence (naming the worst constraint).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import SurveyDesign, Margin, calibrate
    >>> df = pd.DataFrame({"sex": ["男", "男", "女", "女", "女", "女"],
    ...                    "income": [3.0, 8.0, 5.0, 6.0, 2.0, 4.0]})
    >>> d = calibrate(SurveyDesign.from_frame(df), [Margin.of("sex", {"男": 480, "女": 520})],
    ...               {"income": 4800.0})
    >>> d.weights.round(1)
    array([245.9, 234.1, 128.2, 125.9, 135.3, 130.6])
    >>> round(float((d.weights * df["income"]).sum()), 6)
    4800.0
    """
    totals = dict(totals or {})
    L, U = float(bounds[0]), float(bounds[1])
    if calfun == "logit" and not (np.isfinite(L) and np.isfinite(U) and L < 1 < U):
        raise StageError(
            Problem(
                zh=f"logit 校准需要有限的界限且下界 < 1 < 上界，现为 ({L:g}, {U:g})。",
                en=f"logit calibration needs finite bounds with lower < 1 < upper; got ({L:g}, {U:g}).",
            )
        )
    if L > 1 or U < 1:
        raise StageError(
            Problem(zh=f"权数比界限 ({L:g}, {U:g}) 不包含 1。", en=f"the g bounds ({L:g}, {U:g}) do not contain 1.")
        )
    coding = _code_all(design, margins, empty, collapse_order)
    coded = coding.coded if coding is not None else []
    W = _weight_matrix(design)
    labels: list[tuple[str, str]] = []
    pop_parts = []
    if totals or population_size is not None:
        # numeric auxiliaries: no collapsing, one aux row per respondent
        cols = []
        if coded:
            cols.append(_dummies([coding.respondent_codes(k) for k in range(len(coded))], [len(c.targets) for c in coded]))
        if population_size is not None:
            cols.append(np.ones((design.n, 1)))
        for name in totals:
            x = pd.to_numeric(design.variable(name), errors="coerce").to_numpy(dtype=float)
            if np.isnan(x).any():
                raise StageError(
                    Problem(
                        zh=f"校准变量「{name}」有 {int(np.isnan(x).sum())} 个缺失值。",
                        en=f"calibration variable '{name}' has {int(np.isnan(x).sum())} missing values.",
                        column=name,
                    )
                )
            cols.append(x[:, None])
        aux = np.hstack(cols)
        cell = np.arange(design.n)
        t0 = W
    else:
        if not coded:
            raise StageError(Problem(zh="没有给出校准目标。", en="no calibration targets were given."))
        cell = coding.cell
        aux = _dummies([c.codes for c in coded], [len(c.targets) for c in coded])
        t0 = _cell_sums(cell, W, coding.n_cells)
    for c in coded:
        pop_parts.append(c.targets)
        labels += [(c.name, x) for x in c.group_labels()]
    if population_size is not None:
        pop_parts.append(np.array([float(population_size)]))
        labels.append(("(population size)", "N"))
    for name, v in totals.items():
        pop_parts.append(np.array([float(v)]))
        labels.append((name, "total"))
    population = np.concatenate(pop_parts)

    G = np.empty_like(t0)
    worst = (0.0, 0, 0)
    for j in range(t0.shape[1]):
        g, it, err = grake(aux, t0[:, j], population, calfun, (L, U), tol, max_iter)
        G[:, j] = g
        if not err < tol and (j == 0 or err > worst[0]):
            worst = (err, it, j)
    W1 = W * G[cell]
    w, reps = _split(design, W1)
    achieved = aux.T @ (t0[:, 0] * G[:, 0])
    report = pd.DataFrame(
        {
            "margin": [a for a, _ in labels],
            "cell": [b for _, b in labels],
            "target": population,
            "achieved": achieved,
            "rel_error": (achieved - population) / np.where(population != 0, population, 1.0),
        }
    )
    if worst[0] > 0:
        what = "校准 / Calibration" if worst[2] == 0 else f"第 {worst[2]} 个重复样本的校准 / Calibration of replicate {worst[2]}"
        if worst[2] > 0:
            ach = aux.T @ (t0[:, worst[2]] * G[:, worst[2]])
            report = report.assign(achieved=ach, rel_error=(ach - population) / np.where(population != 0, population, 1.0))
        raise _not_converged(what, report, worst[1], tol)
    if (w < 0).any():
        warnings.warn(f"linear calibration produced {(w < 0).sum()} negative weights; consider bounds", stacklevel=2)
    cal = Calibration(
        kind=f"calibrate:{calfun}",
        cells=cell,
        aux=aux,
        w_before=design.weights,
        w_after=w,
        redo=partial(
            calibrate, margins=tuple(c.margin for c in coded), totals=totals, calfun=calfun, bounds=(L, U),
            population_size=population_size, tol=tol, max_iter=max_iter, empty=empty, collapse_order=tuple(collapse_order),
        ),
    )
    g0 = G[cell, 0]
    step = Step(
        f"calibrate:{calfun}",
        " + ".join([c.name for c in coded] + list(totals)),
        report,
        {"g_min": float(g0.min()), "g_max": float(g0.max()), "bounds": (L, U), "collapsed": [x for c in coded for x in c.collapsed]},
    )
    return design.with_weights(w, calibration=cal, step=step, replicate_weights=reps)
