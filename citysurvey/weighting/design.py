"""The survey design: one immutable value that carries everything a variance needs.

Like R's ``svydesign`` object it holds the data, the weights, strata, primary
sampling units (PSUs), finite population corrections and the record of every
calibration. Weighting steps (:func:`~citysurvey.weighting.poststratify`,
:func:`~citysurvey.weighting.rake`, :func:`~citysurvey.weighting.calibrate`,
:func:`~citysurvey.weighting.trim_weights`) return a *new* design; nothing is
changed in place.

:meth:`SurveyDesign.from_frame` has an example that runs; the "Coming from R survey" page builds
R's ``apistrat`` design with it and checks it against R.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import Problem, StageError


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class Calibration:
    """What a calibration step did, kept so that SEs use its residuals (as R does).

    The auxiliary design matrix is stored collapsed: ``aux[cells[i]]`` is the row of
    respondent ``i``. Made by ``poststratify``, ``rake`` and ``calibrate``; read by the
    variance estimators.

    Attributes
    ----------
    kind : str
        ``poststratify``, ``rake`` or ``calibrate``.
    cells : numpy.ndarray
        Each respondent's cell (row of ``aux``).
    aux : numpy.ndarray
        Cells × auxiliary columns.
    w_before, w_after : numpy.ndarray
        The weights the step started from and produced.
    method : str
        ``regression`` (weighted least squares residuals, R's ``calibrate``/``postStratify``)
        or ``backfit`` (R's ``rake``: 10 sweeps of unweighted centring within each margin).
    margin_codes : tuple of numpy.ndarray
        Each margin's cell codes (raking).
    redo : callable or None
        Re-runs the step on a design with other weights (to calibrate replicate weights too).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import Margin, rake, svydesign
    >>> d = rake(svydesign(df, weights="w", strata="district"),
    ...          [Margin.of("district", {"甲区": 400, "乙区": 1200}), Margin.of("sex", {"男": 800, "女": 800})])
    >>> c = d.calibrations[0]
    >>> c.kind, c.w_before[:2].tolist(), c.w_after[:2].round(2).tolist()
    ('rake', [100.0, 100.0], [60.56, 113.15])
    """

    kind: str
    cells: np.ndarray
    aux: np.ndarray
    w_before: np.ndarray
    w_after: np.ndarray
    method: str = "regression"
    margin_codes: tuple[np.ndarray, ...] = ()
    redo: Callable[["SurveyDesign"], "SurveyDesign"] | None = None

    @cached_property
    def _cell_matrix(self) -> sp.csr_matrix:
        n, k = len(self.cells), len(self.aux)
        return sp.csr_matrix((np.ones(n), (self.cells, np.arange(n))), shape=(k, n))

    @cached_property
    def regression(self) -> "CalibrationRegression":
        """The weighted least-squares fit of the residual scores, factorised once per calibration.

        Every ``residualize`` (one per ``variance`` call: per item, per domain…)
        reuses it instead of redoing ``pinv(X'WX)``.
        """
        w0, w1 = self.w_before, self.w_after
        nonzero = w1 != 0
        sw = np.bincount(self.cells, w0, minlength=len(self.aux))
        xtwx = self.aux.T @ (self.aux * sw[:, None])
        return CalibrationRegression(
            pinv=_frozen(np.linalg.pinv(xtwx, rcond=1e-12)),
            safe=_frozen(np.where(nonzero, w1, 1.0)),
            all_nonzero=bool(nonzero.all()),
            nonzero=_frozen(nonzero),
        )

    @cached_property
    def _margin_matrices(self) -> tuple[tuple[sp.csr_matrix, np.ndarray, np.ndarray], ...]:
        """Per margin: respondent → group indicator, max(count, 1) and the codes (R's ``rake`` backfitting)."""
        out = []
        for codes in self.margin_codes:
            cnt = np.bincount(codes)
            n = len(codes)
            M = sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(len(cnt), n))
            out.append((M, np.maximum(cnt, 1).astype(float), codes))
        return tuple(out)

    def cell_fit(self, uw: np.ndarray) -> np.ndarray:
        """Fitted values per cell of the regression of ``u`` on the calibration's auxiliaries.

        Parameters
        ----------
        uw : numpy.ndarray
            n × p: the scores ``u`` times ``w_before``.

        Returns
        -------
        numpy.ndarray
            Cells × p fitted values (row ``cells[i]`` is respondent i's).

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> import numpy as np
        >>> from citysurvey.weighting import poststratify, Margin
        >>> c = poststratify(d, Margin.of("sex", {"男": 800, "女": 800})).calibrations[0]
        >>> c.cell_fit(np.ones((8, 1)) * c.w_before[:, None]).round(6).ravel().tolist()  # a constant fits itself
        [1.0, 1.0]
        """
        return self.aux @ (self.regression.pinv @ (self.aux.T @ (self._cell_matrix @ uw)))

    def residualize(self, x: np.ndarray) -> np.ndarray:
        """Replace weighted scores ``x`` (n × p) by calibration residual scores, as R does for calibrated designs.

        Parameters
        ----------
        x : numpy.ndarray
            n × p weighted scores of some estimates.

        Returns
        -------
        numpy.ndarray
            n × p: the scores with what the calibration variables explain removed; their
            variance is the calibrated estimate's.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> import numpy as np
        >>> from citysurvey.weighting import poststratify, Margin
        >>> c = poststratify(d, Margin.of("sex", {"男": 800, "女": 800})).calibrations[0]
        >>> float(np.abs(c.residualize(c.w_after[:, None] * 1.0)).max()) < 1e-9  # a calibration variable has no residual
        True
        """
        w1 = self.w_after
        reg = self.regression
        u = x / reg.safe[:, None]
        if not reg.all_nonzero:
            u[~reg.nonzero] = 0.0
        if self.method == "backfit":
            # R's rake(): the projection is approximated by 10 backfitting sweeps
            for _ in range(10):
                for M, cnt, codes in self._margin_matrices:
                    u -= ((M @ u) / cnt[:, None])[codes]
            u *= w1[:, None]
            return u
        # weighted least squares of u on the auxiliaries (weights w_before); residuals back on the w1 scale
        fitted = self.cell_fit(u * self.w_before[:, None])[self.cells]
        np.subtract(u, fitted, out=u)
        u *= w1[:, None]
        return u


@dataclass(frozen=True, eq=False)
class CalibrationRegression:
    """Constants of a calibration's residual regression (see :attr:`Calibration.regression`)."""

    pinv: np.ndarray  # pinv(X'WX), aux columns × aux columns
    safe: np.ndarray  # w_after, 1 where it is 0
    all_nonzero: bool
    nonzero: np.ndarray  # w_after != 0


@dataclass(frozen=True, eq=False)
class Replicates:
    """Replicate weights (n × R, full analysis weights) and how to combine them.

    Variance = ``scale * Σ_r rscales[r] (θ_r − θ̄)²`` with θ̄ the replicate mean (or the
    full-sample estimate when ``mse``), as R's ``svrVar``.

    Attributes
    ----------
    weights : numpy.ndarray
        n × R replicate weights.
    scale : float
        The overall scale.
    rscales : numpy.ndarray
        One scale per replicate.
    kind : str
        ``JK1``, ``bootstrap`` or ``supplied``.
    mse : bool
        Centre on the full-sample estimate rather than the replicates' mean.
    n_replicates : int
        R (a property).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import jk1, svydesign
    >>> rep = jk1(svydesign(df, weights="w")).replicates
    >>> rep.kind, rep.n_replicates, rep.scale
    ('JK1', 8, 0.875)
    """

    weights: np.ndarray
    scale: float
    rscales: np.ndarray
    kind: str
    mse: bool = False

    @property
    def n_replicates(self) -> int:
        return self.weights.shape[1]


#: What to do with a stratum that has a single sampled PSU (R's ``options(survey.lonely.psu=)``):
#: ``fail`` stops; ``remove`` and ``certainty`` let it add nothing; ``adjust`` centres its PSU total
#: at zero (the population mean of the scores) instead of the stratum mean; ``average`` leaves it out
#: and scales the other strata's variance up by strata / strata kept (at later stages a lonely
#: unit's group has no other strata, so the variance is undefined: NaN, as R).
LONELY_PSU = ("fail", "remove", "certainty", "adjust", "average")


@dataclass(frozen=True, eq=False)
class Stage:
    """A later sampling stage (2, 3, …) of a multistage design, as R's ``svydesign(id=~psu+ssu, fpc=~N1+N2)``.

    ``unit``: code of each respondent's stage unit (unique across the design);
    ``group``: per unit, the code of the higher-stage unit it was drawn within;
    ``factor``: per group, ``Π(n/N of the stages above) · (1 − n_g/N_g) · n_g/(n_g − 1)``
    (the lonely-unit rule applied); ``centre``: per group, 1 to centre unit totals
    at the group mean, 0 to leave them (``adjust``); ``n_group``: sampled units per group.
    """

    unit: np.ndarray
    group: np.ndarray
    n_group: np.ndarray
    factor: np.ndarray
    centre: np.ndarray


@dataclass(frozen=True, eq=False)
class Step:
    """One entry of a design's history, with its before/after report.

    Attributes
    ----------
    kind : str
        What made it: ``design``, ``poststratify``, ``rake``, ``calibrate``, ``trim``, ``jk1`` ….
    description : str
        One line for people (margins raked, bounds, replicates).
    report : pandas.DataFrame or None
        The step's table: margins before/after, weights trimmed ….
    details : dict
        Numbers for programs: iterations, convergence, bounds ….

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import Margin, rake, svydesign
    >>> d = rake(svydesign(df, weights="w"), [Margin.of("sex", {"男": 800, "女": 800})])
    >>> [(s.kind, s.description) for s in d.history]
    [('design', 'n=8, strata=1, psu=8'), ('rake', 'sex')]
    """

    kind: str
    description: str
    report: pd.DataFrame | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """A survey design: data, weights, strata, PSUs, fpc, calibration history, replicate weights.

    Build it with :meth:`from_frame` (R's ``svydesign``); never mutate it: ``rake``,
    ``calibrate``, ``poststratify``, ``trim_weights``, ``jk1`` … each return a new design,
    recording what they did in ``calibrations`` (so SEs use the calibration residuals, as R)
    and ``history``. Every estimator of :mod:`citysurvey.estimation` takes one.

    Attributes
    ----------
    data : pandas.DataFrame
        The respondents' variables (index reset).
    weights : numpy.ndarray
        Analysis weights, one per row (read-only).
    strata : numpy.ndarray
        Stratum code per row (0 … H−1, in the order of ``strata_labels``).
    psu : numpy.ndarray
        PSU code per row, unique across strata (each respondent its own PSU without clusters).
    fpc : numpy.ndarray
        Population number of PSUs per stratum (``inf`` = no finite population correction).
    strata_labels : tuple
        The stratum variable's values, sorted, for codes 0 … H−1.
    calibrations : tuple of Calibration
        The calibration steps, oldest first.
    history : tuple of Step
        Every step that made this design, with its report.
    replicates : Replicates or None
        Replicate weights and how to combine them, on a replicate design.
    lonely_psu : str
        What a stratum with one PSU does (:data:`LONELY_PSU`, R's ``survey.lonely.psu``).
    stages : tuple
        Later sampling stages of a multistage design with an fpc at each stage.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import SurveyDesign
    >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
    >>> d.n, float(d.weights.sum()), d.strata_labels, d.history[0].description
    (8, 1600.0, ('乙区', '甲区'), 'n=8, strata=2, psu=8')
    """

    data: pd.DataFrame
    weights: np.ndarray
    strata: np.ndarray
    psu: np.ndarray
    fpc: np.ndarray
    strata_labels: tuple = ()
    calibrations: tuple[Calibration, ...] = ()
    history: tuple[Step, ...] = ()
    replicates: Replicates | None = None
    lonely_psu: str = "fail"
    stages: tuple[Stage, ...] = ()

    # -- construction ------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        weights: str | np.ndarray | None = None,
        probs: str | np.ndarray | None = None,
        strata: str | None = None,
        clusters: str | Sequence[str] | None = None,
        fpc: str | np.ndarray | Sequence[str] | None = None,
        lonely_psu: str = "fail",
    ) -> "SurveyDesign":
        """Like R's ``svydesign(ids=~clusters, strata=~strata, weights=~weights, fpc=~fpc)``.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per respondent (the index is reset).
        weights : str or numpy.ndarray, optional
            Sampling (or analysis) weights: a column or one value per row.
        probs : str or numpy.ndarray, optional
            Selection probabilities instead (weights = 1 / probs).
        strata : str, optional
            The stratum column.
        clusters : str or sequence of str, optional
            The PSU column; one column per stage for a multistage design
            (``clusters=["dnum", "snum"]``, R's ``id=~dnum+snum``). Later stages are nested in the
            earlier ones and, as in R, count only when their fpc is given (otherwise the first
            stage is the ultimate cluster).
        fpc : str, numpy.ndarray or sequence of str, optional
            The population size per stratum (number of PSUs when there are clusters) or, if every
            value is ≤ 1, the sampling fraction; one column per stage of a multistage design.
            Without weights or probs the weights come from the fpc (product of N/n over the
            stages), as R.
        lonely_psu : str
            R's ``survey.lonely.psu`` option (see :data:`LONELY_PSU`).

        Returns
        -------
        SurveyDesign
            The design; its history starts with ``design: n=…, strata=…, psu=…``.

        Raises
        ------
        StageError
            A weight missing, negative or infinite (its row named), blanks in the strata or
            cluster column, an fpc below the sample size, one fpc column per stage missing, a
            lonely PSU with ``lonely_psu="fail"``, an unknown ``lonely_psu``.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> d.n, d.n_strata, d.n_psu, d.strata_labels
        (8, 2, 8, ('乙区', '甲区'))
        >>> SurveyDesign.from_frame(df.assign(N=[40] * 4 + [120] * 4), strata="district", fpc="N").weights.tolist()
        [10.0, 10.0, 10.0, 10.0, 30.0, 30.0, 30.0, 30.0]
        """
        data = data.reset_index(drop=True)
        n = len(data)
        if lonely_psu not in LONELY_PSU:
            raise StageError(Problem(zh=f"lonely_psu 取值「{lonely_psu}」无效，可选 {', '.join(LONELY_PSU)}。",
                                     en=f"lonely_psu must be one of {', '.join(LONELY_PSU)}; got {lonely_psu!r}."))
        cluster_cols = [clusters] if isinstance(clusters, str) else list(clusters or [])
        multistage = len(cluster_cols) > 1
        if multistage:
            fpc_cols = [fpc] if isinstance(fpc, str) else (list(fpc) if fpc is not None else [])
            if fpc_cols and len(fpc_cols) != len(cluster_cols):
                raise StageError(Problem(
                    zh=f"多阶段设计有 {len(cluster_cols)} 个阶段，但给了 {len(fpc_cols)} 个有限总体校正列。",
                    en=f"the design has {len(cluster_cols)} stages but {len(fpc_cols)} fpc columns.",
                    hint_zh="请每个阶段给一列（各阶段的总体单位数），或都不给（只按第一阶段计算方差）。",
                    hint_en="Give one column per stage (population units at that stage), or none (first stage only)."))
            fpc = fpc_cols[0] if fpc_cols else None
            clusters = cluster_cols[0]
        else:
            fpc_cols = []
            clusters = cluster_cols[0] if cluster_cols else None

        def col(x):
            return np.asarray(data[x] if isinstance(x, str) else x, dtype=float)

        if weights is not None:
            w = col(weights)
        elif probs is not None:
            w = 1.0 / col(probs)
        else:
            w = np.ones(n)  # replaced by the fpc's weights below when an fpc is given
        bad = ~np.isfinite(w) | (w < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise StageError(
                Problem(
                    zh=f"有 {int(bad.sum())} 个权数缺失、为负或无穷大。",
                    en=f"{int(bad.sum())} weights are missing, negative or infinite.",
                    row=i + 2,
                    column=weights if isinstance(weights, str) else None,
                    value=float(w[i]) if np.isfinite(w[i]) else str(w[i]),
                    hint_zh="请检查权数列。",
                    hint_en="Check the weight column.",
                )
            )
        if strata is not None:
            s_codes, s_labels = pd.factorize(data[strata], sort=True)
            if (s_codes < 0).any():
                raise StageError(Problem(zh="分层变量有缺失值。", en="the strata variable has missing values.", column=strata))
        else:
            s_codes, s_labels = np.zeros(n, dtype=np.int64), pd.Index(["all"])
        if clusters is not None:
            c_codes, _ = pd.factorize(data[clusters], sort=True)
            if (c_codes < 0).any():
                raise StageError(Problem(zh="PSU（群）变量有缺失值。", en="the cluster (PSU) variable has missing values.", column=clusters))
            psu = pd.factorize(pd.Series(s_codes.astype(np.int64) * (c_codes.max() + 1) + c_codes), sort=True)[0]
        else:
            psu = np.arange(n)
        H = len(s_labels)
        psu_stratum = np.zeros(psu.max() + 1 if n else 0, dtype=np.int64)
        psu_stratum[psu] = s_codes
        n_h = np.bincount(psu_stratum, minlength=H).astype(float)
        pop = np.full(H, np.inf)
        if fpc is not None:
            f = col(fpc)
            for h in range(H):
                vals = np.unique(f[s_codes == h])
                if len(vals) != 1:
                    raise StageError(
                        Problem(
                            zh=f"分层「{s_labels[h]}」内的有限总体校正值不唯一：{vals.tolist()[:5]}。",
                            en=f"stratum {s_labels[h]!r} has more than one fpc value: {vals.tolist()[:5]}.",
                            column=fpc if isinstance(fpc, str) else None,
                        )
                    )
                pop[h] = vals[0]
            if np.all(pop <= 1):  # sampling fractions, as R accepts
                pop = n_h / pop
            if np.any(pop < n_h):
                h = int(np.flatnonzero(pop < n_h)[0])
                raise StageError(
                    Problem(
                        zh=f"分层「{s_labels[h]}」的总体 PSU 数 {pop[h]:g} 小于样本 PSU 数 {n_h[h]:g}。",
                        en=f"stratum {s_labels[h]!r}: population PSUs {pop[h]:g} < sampled PSUs {n_h[h]:g}.",
                    )
                )
        stages: tuple[Stage, ...] = ()
        if weights is None and probs is None and fpc is not None:
            w = (pop / n_h)[s_codes]  # first-stage N_h/n_h
        if multistage and fpc_cols:
            stages, w_later = _later_stages(data, np.asarray(psu, dtype=np.int64), n_h / pop, s_codes, cluster_cols,
                                            fpc_cols, lonely_psu)
            if weights is None and probs is None:
                w = w * w_later
        design = cls(
            data=data,
            weights=_frozen(w.astype(float)),
            strata=_frozen(s_codes.astype(np.int64)),
            psu=_frozen(np.asarray(psu, dtype=np.int64)),
            fpc=_frozen(pop),
            strata_labels=tuple(s_labels),
            history=(Step("design", f"n={n}, strata={H}, psu={len(psu_stratum)}"
                          + (f", stages={len(stages) + 1}" if stages else "")),),
            lonely_psu=lonely_psu,
            stages=stages,
        )
        return design

    # -- derived structure ----------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.weights)

    @cached_property
    def n_psu(self) -> int:
        return int(self.psu.max()) + 1 if self.n else 0

    @cached_property
    def psu_stratum(self) -> np.ndarray:
        out = np.zeros(self.n_psu, dtype=np.int64)
        out[self.psu] = self.strata
        return out

    @cached_property
    def n_strata(self) -> int:
        return int(self.strata.max()) + 1 if self.n else 0

    @cached_property
    def psu_per_stratum(self) -> np.ndarray:
        return np.bincount(self.psu_stratum, minlength=self.n_strata).astype(float)

    @cached_property
    def _lonely(self) -> np.ndarray:
        """Strata with one sampled PSU and a first-stage sampling fraction below 1 (a certainty PSU is not lonely)."""
        n_h = self.psu_per_stratum
        return (n_h == 1) & (_finite_fraction(self.fpc, n_h) > 1e-7)

    @cached_property
    def stratum_factor(self) -> np.ndarray:
        """``(1 − n_h/N_h) · n_h/(n_h − 1)`` per stratum, with the design's lonely-PSU rule (R's default: fail)."""
        n_h = self.psu_per_stratum
        f = _finite_fraction(self.fpc, n_h)
        lonely = self._lonely
        if lonely.any() and self.lonely_psu == "fail":
            h = int(np.flatnonzero(lonely)[0])
            raise StageError(_lonely_problem(self.strata_labels[h] if self.strata_labels else h, 1))
        out = np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), 0.0)
        if self.lonely_psu == "adjust":
            out = np.where(lonely, f, out)  # its PSU total, uncentred, times (1 − f)
        return out

    @cached_property
    def stratum_centre(self) -> np.ndarray | None:
        """Per stratum 1 (centre PSU totals at the stratum mean) or 0 (``adjust``'s lonely strata); None = all 1."""
        if self.lonely_psu == "adjust" and self._lonely.any():
            return np.where(self._lonely, 0.0, 1.0)
        return None

    @cached_property
    def lonely_scale(self) -> float:
        """``average``: strata / strata kept, multiplying the first-stage variance (R's ``onestage``)."""
        if self.lonely_psu == "average" and self._lonely.any():
            return self.n_strata / (self.n_strata - int(self._lonely.sum()))
        return 1.0

    @cached_property
    def psu_matrix(self) -> sp.csr_matrix:
        """PSU × respondent indicator, so ``psu_matrix @ x`` gives PSU totals."""
        return sp.csr_matrix((np.ones(self.n), (self.psu, np.arange(self.n))), shape=(self.n_psu, self.n))

    @property
    def has_clusters(self) -> bool:
        return self.n_psu != self.n

    def degf(self, mask: np.ndarray | None = None) -> int:
        """Design degrees of freedom, R's ``degf``: PSUs minus strata (among ``mask`` rows).

        Parameters
        ----------
        mask : numpy.ndarray of bool, optional
            Count only these rows (a domain's respondents); default all.

        Returns
        -------
        int
            PSUs minus strata with a row in ``mask``; on a replicate design the rank of the
            replicate weights minus 1, as R.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> d.degf(), d.degf(d.data["district"].eq("甲区").to_numpy())
        (6, 3)
        """
        if self.replicates is not None and mask is None:
            return int(np.linalg.matrix_rank(self.replicates.weights)) - 1
        m = np.ones(self.n, bool) if mask is None else mask & self._weighted
        # PSU and stratum codes are small non-negative integers: counting the codes present is exact
        # and, unlike np.unique, does not sort or hash (scoring asks this thousands of times)
        return _n_present(self.psu[m], self.n_psu) - _n_present(self.strata[m], self.n_strata)

    def degf_by(self, dom: np.ndarray, D: int, valid: np.ndarray) -> np.ndarray:
        """:meth:`degf` of every domain × column at once: ``degf((dom == d) & valid[:, j])`` (D × J).

        Parameters
        ----------
        dom : numpy.ndarray
            Each row's domain, 0 … D − 1 (−1: in none).
        D : int
            Number of domains.
        valid : numpy.ndarray of bool
            n × J: the rows each column counts (answered).

        Returns
        -------
        numpy.ndarray
            D × J integers, as :meth:`degf` with those masks (estimators ask for hundreds).

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "w": [100.0] * 8})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> valid = np.ones((8, 2), bool); valid[:3, 1] = False
        >>> d.degf_by(np.array([0, 0, 0, 0, 1, 1, 1, 1]), 2, valid).tolist()
        [[3, 0], [3, 3]]
        """
        valid = np.asarray(valid, dtype=bool).reshape(self.n, -1)
        inside = (dom >= 0) & self._weighted
        J = valid.shape[1]
        out = np.empty((D, J), dtype=np.int64)
        rows = np.flatnonzero(inside)
        # rows answering, counted per stratum × domain (without clusters every row is its own PSU) or
        # per PSU × domain, for a block of columns at a time: one sparse product instead of a pass per column
        unit = self.psu[rows] if self.has_clusters else self.strata[rows]
        n_unit = self.n_psu if self.has_clusters else self.n_strata
        K = sp.csr_matrix((np.ones(len(rows), np.float32), (unit.astype(np.int64) * D + dom[rows], np.arange(len(rows)))),
                          shape=(n_unit * D, len(rows)))
        if self.has_clusters:
            to_stratum = sp.csr_matrix((np.ones(self.n_psu), (self.psu_stratum, np.arange(self.n_psu))),
                                       shape=(self.n_strata, self.n_psu))
        step = max(1, 16_000_000 // max(len(rows), n_unit * D, 1))
        for a in range(0, J, step):
            # counts are exact in float32 up to 2²⁴ rows; beyond, float64
            block = valid[rows, a:a + step].astype(np.float32 if len(rows) < 2**24 else np.float64)
            counts = np.asarray(K @ block).reshape(n_unit, D, -1)
            present = counts > 0
            if self.has_clusters:
                psus = present.sum(axis=0)
                strata = (to_stratum @ present.reshape(self.n_psu, -1).astype(np.float64) > 0).reshape(
                    self.n_strata, D, -1).sum(axis=0)
            else:
                psus = counts.sum(axis=0, dtype=np.float64).astype(np.int64)
                strata = present.sum(axis=0)
            out[:, a:a + step] = psus - strata
        return out

    @cached_property
    def _weighted(self) -> np.ndarray:
        return self.weights != 0

    # -- functional updates ---------------------------------------------------
    def with_weights(
        self,
        weights: np.ndarray,
        *,
        calibration: Calibration | None = None,
        step: Step | None = None,
        replicate_weights: np.ndarray | None = None,
        calibrations: tuple[Calibration, ...] | None = None,
    ) -> "SurveyDesign":
        """A new design with other weights, recording the step that made them (used by every adjustment).

        Parameters
        ----------
        weights : numpy.ndarray
            The new weights, one per row.
        calibration : Calibration, optional
            Appended to the design's calibrations (so SEs use its residuals).
        step : Step, optional
            Appended to the history.
        replicate_weights : numpy.ndarray, optional
            The replicate weights adjusted the same way (replicate designs).
        calibrations : tuple of Calibration, optional
            Replaces the calibrations before ``calibration`` is appended.

        Returns
        -------
        SurveyDesign
            The new design; this one is unchanged.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> from citysurvey.weighting import Step
        >>> d2 = d.with_weights(d.weights * 2, step=Step("scale", "weights doubled"))
        >>> float(d2.weights.sum()), float(d.weights.sum()), d2.history[-1].kind
        (3200.0, 1600.0, 'scale')
        """
        cals = self.calibrations if calibrations is None else calibrations
        if calibration is not None:
            cals = cals + (calibration,)
        reps = self.replicates
        if replicate_weights is not None and reps is not None:
            reps = replace(reps, weights=_frozen(replicate_weights))
        return replace(
            self,
            weights=_frozen(np.asarray(weights, dtype=float)),
            calibrations=cals,
            history=self.history + ((step,) if step else ()),
            replicates=reps,
        )

    def with_replicates(self, replicates: Replicates) -> "SurveyDesign":
        """A new design carrying replicate weights (made by :func:`jk1`, :func:`bootstrap`, …).

        Parameters
        ----------
        replicates : Replicates
            The replicate weights and how to combine them.

        Returns
        -------
        SurveyDesign
            The design with ``replicates`` set and a ``replicates`` step in its history.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> import numpy as np
        >>> from citysurvey.weighting import Replicates
        >>> reps = Replicates(np.tile(d.weights[:, None], 3), scale=1.0, rscales=np.ones(3), kind="supplied")
        >>> d.with_replicates(reps).history[-1].description
        'supplied, R=3'
        """
        return replace(
            self,
            replicates=replicates,
            history=self.history + (Step("replicates", f"{replicates.kind}, R={replicates.n_replicates}"),),
        )

    def with_columns(self, **columns) -> "SurveyDesign":
        """A new design whose data carry extra (derived) variables; weights and structure unchanged.

        Parameters
        ----------
        **columns : array-like or pandas.Series
            Name → one value per respondent, in the design's row order.

        Returns
        -------
        SurveyDesign
            The new design; replacing an existing variable is refused, so a derived variable never
            hides a variable the weights were calibrated on.

        Raises
        ------
        StageError
            A name that exists already, or values of the wrong length.

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> from citysurvey.estimation import svymean
        >>> d2 = d.with_columns(low=(d.data["q1"] <= 3).astype(float))
        >>> float(svymean(d2, "low")["estimate"].iloc[0])
        0.625
        """
        clash = [k for k in columns if k in self.data.columns]
        wrong = {k: len(v) for k, v in columns.items() if len(v) != self.n}
        if clash or wrong:
            raise StageError(
                Problem(
                    zh=f"新变量与已有变量重名 {clash}，或长度不等于样本量 {self.n}：{wrong}。",
                    en=f"new variables clash with existing ones {clash} or do not have {self.n} values: {wrong}.",
                    hint_zh="请换一个变量名，并按设计的行顺序给出每个受访者的值。",
                    hint_en="Use a new name and give one value per respondent, in the design's row order.",
                )
            )
        values = {k: (v.to_numpy() if isinstance(v, pd.Series) else np.asarray(v)) for k, v in columns.items()}
        return replace(self, data=self.data.assign(**values))

    def variable(self, name: str) -> pd.Series:
        """One variable of the design's data, with a clear error when it is not there.

        Parameters
        ----------
        name : str
            The variable.

        Returns
        -------
        pandas.Series
            Its values, in the design's row order.

        Raises
        ------
        StageError
            No such variable (the message lists those there are).

        Examples
        --------
        >>> import pandas as pd
        >>> from citysurvey.weighting import SurveyDesign
        >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
        ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
        >>> d = SurveyDesign.from_frame(df, weights="w", strata="district")
        >>> d.variable("q1").tolist()
        [5, 4, 3, 4, 2, 3, 3, 4]
        """
        if name not in self.data.columns:
            raise StageError(
                Problem(
                    zh=f"数据中没有变量「{name}」。",
                    en=f"the data have no variable '{name}'.",
                    column=name,
                    hint_zh=f"现有变量：{', '.join(map(str, list(self.data.columns)[:20]))}",
                    hint_en="Check the variable name.",
                )
            )
        return self.data[name]

    def __repr__(self) -> str:  # pragma: no cover - display only
        rep = f", replicates={self.replicates.kind}×{self.replicates.n_replicates}" if self.replicates else ""
        return (
            f"SurveyDesign(n={self.n}, strata={self.n_strata}, psu={self.n_psu}, "
            f"sum_w={self.weights.sum():.6g}, calibrations={len(self.calibrations)}{rep})"
        )


def _finite_fraction(pop: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``1 − n/N`` (1 where N is infinite)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isinf(pop), 1.0, (pop - n) / np.where(np.isinf(pop), 1.0, pop))


def _lonely_problem(where, stage: int) -> Problem:
    return Problem(
        zh=f"第 {stage} 阶段「{where}」只抽到 1 个单位，无法估计方差。",
        en=f"stage {stage}: '{where}' has only one PSU (sampling unit) sampled; its variance cannot be estimated.",
        hint_zh="请合并该层与相邻层，或设定 lonely_psu（remove、certainty、adjust、average，同 R 的 survey.lonely.psu）。",
        hint_en="Collapse it with a neighbouring stratum, or set lonely_psu (remove, certainty, adjust, average; "
                "R's survey.lonely.psu).",
    )


def _later_stages(data, psu, frac1, s_codes, cluster_cols, fpc_cols, lonely_psu):
    """Stages 2, 3, … of a multistage design (R's ``multistage`` recursion) and their weight factors N/n.

    Each stage's units are nested in the unit above (R's ``interaction`` of the ids);
    ``frac1`` is the first stage's n_h/N_h per stratum.
    """
    n = len(data)
    parent = psu  # stage k−1 unit of every respondent
    # product of n/N of the stages above, per parent unit
    psu_stratum = np.zeros(psu.max() + 1, dtype=np.int64)
    psu_stratum[psu] = s_codes
    parent_mult = frac1[psu_stratum]
    w_later = np.ones(n)
    stages = []
    for k in range(1, len(cluster_cols)):
        ids = pd.factorize(data[cluster_cols[k]], sort=True)[0]
        if (ids < 0).any():
            raise StageError(Problem(zh=f"第 {k + 1} 阶段的群变量有缺失值。",
                                     en=f"the stage {k + 1} cluster variable has missing values.", column=cluster_cols[k]))
        unit = pd.factorize(pd.Series(parent * (ids.max() + 1) + ids), sort=True)[0].astype(np.int64)
        n_units = unit.max() + 1
        group = np.zeros(n_units, dtype=np.int64)
        group[unit] = parent
        n_g = np.bincount(group, minlength=len(parent_mult)).astype(float)
        f = np.asarray(data[fpc_cols[k]], dtype=float)
        pop = np.full(len(n_g), np.inf)
        for g in np.unique(parent):
            vals = np.unique(f[parent == g])
            if len(vals) != 1:
                raise StageError(Problem(
                    zh=f"第 {k + 1} 阶段同一上级单位内的有限总体校正值不唯一：{vals.tolist()[:5]}。",
                    en=f"stage {k + 1}: more than one fpc value within one higher-stage unit: {vals.tolist()[:5]}.",
                    column=fpc_cols[k]))
            pop[g] = vals[0]
        if np.all(pop[n_g > 0] <= 1):
            pop = np.where(n_g > 0, n_g / pop, pop)
        if np.any(pop < n_g):
            raise StageError(Problem(zh=f"第 {k + 1} 阶段的总体单位数小于样本单位数。",
                                     en=f"stage {k + 1}: population units fewer than sampled units.", column=fpc_cols[k]))
        fr = _finite_fraction(pop, n_g)
        factor = parent_mult * np.where(n_g > 1, fr * n_g / np.maximum(n_g - 1, 1), 0.0)
        centre = np.ones(len(n_g))
        lonely = (n_g == 1) & (fr > 1e-7)
        if lonely.any():
            if lonely_psu == "fail":
                g = int(np.flatnonzero(lonely)[0])
                raise StageError(_lonely_problem(f"{cluster_cols[k - 1]} {data[cluster_cols[k - 1]].iloc[int(np.flatnonzero(parent == g)[0])]}", k + 1))
            if lonely_psu == "adjust":
                factor = np.where(lonely, parent_mult * fr, factor)
                centre = np.where(lonely, 0.0, 1.0)
            elif lonely_psu == "average":
                factor = np.where(lonely, np.nan, factor)
        stages.append(Stage(unit=_frozen(unit), group=_frozen(group), n_group=_frozen(n_g),
                            factor=_frozen(factor), centre=_frozen(centre)))
        with np.errstate(divide="ignore"):
            w_later = w_later * (pop / n_g)[parent]
        parent_mult = (parent_mult * np.where(np.isinf(pop), 0.0, n_g / np.where(np.isinf(pop), 1.0, pop)))[group]
        parent = unit
    return tuple(stages), w_later


def svydesign(data: pd.DataFrame, **kwargs) -> SurveyDesign:
    """Build a design, as R's ``svydesign``: an alias of :meth:`SurveyDesign.from_frame`.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    **kwargs
        ``weights`` or ``probs`` (a column or an array), ``strata`` (a column), ``clusters``
        (a column, or one per stage), ``fpc`` (population size per stratum — PSUs with
        clusters — or the sampling fraction when every value is ≤ 1; one column per stage of a
        multistage design), ``lonely_psu``. Without weights or probs, equal weights (or the
        fpc's N/n).

    Returns
    -------
    SurveyDesign
        The design; its history starts with ``design: n=…, strata=…, psu=…``.

    Raises
    ------
    StageError
        A weight that is missing, negative or infinite (its row named), a strata or cluster
        column with blanks, an fpc smaller than the sample, a lonely PSU with ``fail``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.estimation import svymean
    >>> d = svydesign(df, weights="w", strata="district")
    >>> float(svymean(d, "q1")["estimate"].iloc[0])
    3.25
    >>> svydesign(df.assign(w=[100.0, -1.0] + [1.0] * 6), weights="w")
    Traceback (most recent call last):
        ...
    citysurvey.errors.StageError: [错误] 第 3 行，列「w」，值「-1.0」：有 1 个权数缺失、为负或无穷大。 请检查权数列。...
    """
    return SurveyDesign.from_frame(data, **kwargs)


def _n_present(codes: np.ndarray, n_codes: int) -> int:
    """How many distinct codes in ``0 … n_codes − 1`` occur in `codes`."""
    return int(np.count_nonzero(np.bincount(codes, minlength=n_codes))) if len(codes) else 0
