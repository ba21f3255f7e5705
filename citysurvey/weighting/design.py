"""The survey design: one immutable value that carries everything a variance needs.

Like R's ``svydesign`` object it holds the data, the weights, strata, primary
sampling units (PSUs), finite population corrections and the record of every
calibration. Weighting steps (:func:`~citysurvey.weighting.poststratify`,
:func:`~citysurvey.weighting.rake`, :func:`~citysurvey.weighting.calibrate`,
:func:`~citysurvey.weighting.trim_weights`) return a *new* design; nothing is
changed in place.

>>> d = SurveyDesign.from_frame(df, weights="pw", strata="stype", fpc="fpc")  # doctest: +SKIP
>>> d.n, round(d.weights.sum())                                            # doctest: +SKIP
(200, 6194)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable

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

    The auxiliary design matrix is stored collapsed: ``aux[cells[i]]`` is the
    row of respondent ``i``. ``w_before``/``w_after`` are the weights the step
    started from and produced. ``method`` is ``regression`` (weighted least
    squares residuals, R's ``calibrate``/``postStratify``) or ``backfit``
    (R's ``rake``: 10 sweeps of unweighted centring within each margin).
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
        """Fitted values per cell (cells × p) of the regression of ``u`` on the auxiliaries, ``uw = u · w_before``."""
        return self.aux @ (self.regression.pinv @ (self.aux.T @ (self._cell_matrix @ uw)))

    def residualize(self, x: np.ndarray) -> np.ndarray:
        """Replace weighted scores ``x`` (n × p) by calibration residual scores."""
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

    Variance = ``scale * Σ_r rscales[r] (θ_r − θ̄)²`` with θ̄ the replicate mean
    (or the full-sample estimate when ``mse``), as R's ``svrVar``.
    """

    weights: np.ndarray
    scale: float
    rscales: np.ndarray
    kind: str
    mse: bool = False

    @property
    def n_replicates(self) -> int:
        return self.weights.shape[1]


@dataclass(frozen=True, eq=False)
class Step:
    """One entry of a design's history, with its before/after report."""

    kind: str
    description: str
    report: pd.DataFrame | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """A survey design. Build with :meth:`from_frame`; never mutate.

    ``strata``/``psu`` are integer codes (PSU codes are unique across strata);
    ``fpc`` holds the population number of PSUs per stratum (``inf`` = none).
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

    # -- construction ------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        weights: str | np.ndarray | None = None,
        probs: str | np.ndarray | None = None,
        strata: str | None = None,
        clusters: str | None = None,
        fpc: str | np.ndarray | None = None,
    ) -> "SurveyDesign":
        """Like R's ``svydesign(ids=~clusters, strata=~strata, weights=~weights, fpc=~fpc)``.

        ``fpc`` is the population size per stratum (number of PSUs when there
        are clusters) or, if every value is ≤ 1, the sampling fraction.
        """
        data = data.reset_index(drop=True)
        n = len(data)

        def col(x):
            return np.asarray(data[x] if isinstance(x, str) else x, dtype=float)

        if weights is not None:
            w = col(weights)
        elif probs is not None:
            w = 1.0 / col(probs)
        else:
            w = np.ones(n)
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
        design = cls(
            data=data,
            weights=_frozen(w.astype(float)),
            strata=_frozen(s_codes.astype(np.int64)),
            psu=_frozen(np.asarray(psu, dtype=np.int64)),
            fpc=_frozen(pop),
            strata_labels=tuple(s_labels),
            history=(Step("design", f"n={n}, strata={H}, psu={len(psu_stratum)}"),),
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
    def stratum_factor(self) -> np.ndarray:
        """``(1 − n_h/N_h) · n_h/(n_h − 1)`` per stratum; R's default lonely-PSU rule is to fail."""
        n_h = self.psu_per_stratum
        f = np.where(np.isinf(self.fpc), 1.0, (self.fpc - n_h) / np.where(np.isinf(self.fpc), 1.0, self.fpc))
        lonely = (n_h == 1) & (f > 1e-7)
        if lonely.any():
            h = int(np.flatnonzero(lonely)[0])
            raise StageError(
                Problem(
                    zh=f"分层「{self.strata_labels[h] if self.strata_labels else h}」只有 1 个 PSU，无法估计方差。",
                    en=f"stratum {self.strata_labels[h] if self.strata_labels else h!r} has only one PSU; its variance cannot be estimated.",
                    hint_zh="请合并该层与相邻层。",
                    hint_en="Collapse it with a neighbouring stratum.",
                )
            )
        return np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), 0.0)

    @cached_property
    def psu_matrix(self) -> sp.csr_matrix:
        """PSU × respondent indicator, so ``psu_matrix @ x`` gives PSU totals."""
        return sp.csr_matrix((np.ones(self.n), (self.psu, np.arange(self.n))), shape=(self.n_psu, self.n))

    @property
    def has_clusters(self) -> bool:
        return self.n_psu != self.n

    def degf(self, mask: np.ndarray | None = None) -> int:
        """Design degrees of freedom, R's ``degf``: PSUs minus strata (among ``mask`` rows)."""
        if self.replicates is not None and mask is None:
            return int(np.linalg.matrix_rank(self.replicates.weights)) - 1
        m = np.ones(self.n, bool) if mask is None else mask & (self.weights != 0)
        return len(np.unique(self.psu[m])) - len(np.unique(self.strata[m]))

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
        return replace(
            self,
            replicates=replicates,
            history=self.history + (Step("replicates", f"{replicates.kind}, R={replicates.n_replicates}"),),
        )

    def with_columns(self, **columns) -> "SurveyDesign":
        """A new design whose data carry extra (derived) variables; weights and structure unchanged.

        Each value is an array or Series with one value per respondent, in the design's row
        order. Replacing an existing variable is refused, so a derived variable never hides a
        variable the weights were calibrated on.

        >>> d2 = design.with_columns(low=(design.data["q1"] <= 2).astype(float))  # doctest: +SKIP
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


def svydesign(data: pd.DataFrame, **kwargs) -> SurveyDesign:
    """Alias of :meth:`SurveyDesign.from_frame` for readers coming from R."""
    return SurveyDesign.from_frame(data, **kwargs)
