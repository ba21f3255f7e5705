"""Weight trimming that always says what it did.

Caps are absolute (``upper``/``lower``) or multiples of the mean weight
(``upper_mult``/``lower_mult``). The weight cut off is spread over the
untrimmed respondents (``additive``: equal shares, as R's ``trimWeights``;
``proportional``: in proportion to their weights), so the total is kept.
``strict`` repeats until no weight is outside the caps; ``recalibrate`` then
re-runs the last calibration and trims again until both the caps and the
margins hold. Impossible caps and loops that do not settle are errors.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..errors import Problem, StageError
from .design import Step, SurveyDesign
from .diagnostics import weight_summary


def _caps(w, upper, lower, upper_mult, lower_mult):
    mean = w.mean()
    hi = min(x for x in (upper, None if upper_mult is None else upper_mult * mean, np.inf) if x is not None)
    lo = max(x for x in (lower, None if lower_mult is None else lower_mult * mean, -np.inf) if x is not None)
    return float(lo), float(hi)


def _trim_once(w: np.ndarray, lo: float, hi: float, redistribute: str) -> tuple[np.ndarray, int]:
    outside = (w < lo) | (w > hi)
    if not outside.any():
        return w, 0
    new = np.clip(w, lo, hi)
    cut = (w - new).sum()
    inside = ~outside
    if redistribute == "additive":
        new[inside] += cut / inside.sum()
    else:
        new[inside] += cut * w[inside] / w[inside].sum()
    return new, int(outside.sum())


def trim_weights(
    design: SurveyDesign,
    *,
    upper: float | None = None,
    lower: float | None = None,
    upper_mult: float | None = None,
    lower_mult: float | None = None,
    redistribute: str = "additive",
    strict: bool = True,
    recalibrate: bool = False,
    tol: float = 1e-9,
    max_rounds: int = 200,
) -> SurveyDesign:
    """Trim weights to caps and redistribute what is cut (R's ``trimWeights``).

    Parameters
    ----------
    design : SurveyDesign
        The design to trim; it is not changed.
    upper, lower : float, optional
        Absolute caps on the weights.
    upper_mult, lower_mult : float, optional
        Caps as multiples of the mean weight (used when the absolute cap is not given).
    redistribute : {"additive", "proportional"}
        How the trimmed amount is spread over the weights inside the caps: equally (R) or in
        proportion to them. The total weight is kept.
    strict : bool
        Repeat until no weight is past a cap after redistribution (R's ``strict = TRUE``);
        ``False`` trims once, as R's default.
    recalibrate : bool
        After trimming, redo the design's calibrations and trim again, until both the caps and
        the margins hold (within ``tol``, at most ``max_rounds`` rounds).

    Returns
    -------
    SurveyDesign
        A new design; its ``history`` step reports weights before and after.

    Raises
    ------
    StageError
        Caps that no set of weights with the same total can meet, or trimming and
        recalibration that do not settle (the message gives the weight range and the caps).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import SurveyDesign, trim_weights
    >>> d = SurveyDesign.from_frame(pd.DataFrame({"w": [100.0, 100.0, 100.0, 700.0]}), weights="w")
    >>> trim_weights(d, upper=400).weights
    array([200., 200., 200., 400.])
    """
    if redistribute not in ("additive", "proportional"):
        raise StageError(Problem(zh="redistribute 应为 additive 或 proportional。", en="redistribute must be additive or proportional."))
    w0 = design.weights
    lo, hi = _caps(w0, upper, lower, upper_mult, lower_mult)
    n, total = len(w0), w0.sum()
    if lo > hi or hi * n < total * (1 - 1e-12) or lo * n > total * (1 + 1e-12):
        raise StageError(
            Problem(
                zh=f"截尾界限 [{lo:.6g}, {hi:.6g}] 无法满足：{n} 个权数之和须为 {total:.6g}（平均 {total / n:.6g}）。",
                en=f"trimming caps [{lo:.6g}, {hi:.6g}] are infeasible: {n} weights must sum to {total:.6g} (mean {total / n:.6g}).",
                hint_zh="请放宽界限。",
                hint_en="Widen the caps.",
            )
        )
    if recalibrate and not (design.calibrations and design.calibrations[-1].redo):
        raise StageError(
            Problem(zh="recalibrate=True 但该设计没有可重做的校准。", en="recalibrate=True but the design has no calibration to redo.")
        )
    cur = design
    outside0 = int(((w0 < lo) | (w0 > hi)).sum())
    rounds = trimmed_total = 0
    for rounds in range(1, max_rounds + 1):
        w = cur.weights.copy()
        k = 0
        while True:
            w, m = _trim_once(w, lo, hi, redistribute)
            k += m
            if not (strict and m):
                break
            if k > 100 * n:
                break
        trimmed_total += k
        ratio = np.divide(w, cur.weights, out=np.ones_like(w), where=cur.weights != 0)
        reps = None if cur.replicates is None else cur.replicates.weights * ratio[:, None]
        cur = cur.with_weights(w, replicate_weights=reps)
        if not recalibrate:
            break
        redo = design.calibrations[-1].redo
        try:
            cur = redo(cur)
        except StageError as exc:
            raise StageError(
                [
                    Problem(zh="截尾后重新校准失败：", en="recalibration after trimming failed:"),
                    *exc.problems,
                ]
            ) from None
        # only the final calibration matters for the variance: it starts from the trimmed weights
        cur = replace(cur, calibrations=design.calibrations[:-1] + (cur.calibrations[-1],), history=design.history)
        if cur.weights.min() >= lo * (1 - tol) and cur.weights.max() <= hi * (1 + tol):
            break
    else:
        raise StageError(
            Problem(
                zh=f"截尾与重新校准交替 {max_rounds} 轮后仍不能同时满足：权数范围 [{cur.weights.min():.6g}, {cur.weights.max():.6g}]，界限 [{lo:.6g}, {hi:.6g}]。",
                en=f"trimming and recalibration did not settle in {max_rounds} rounds: weights span [{cur.weights.min():.6g}, {cur.weights.max():.6g}], caps [{lo:.6g}, {hi:.6g}].",
                hint_zh="请放宽截尾界限或合并边际格。",
                hint_en="Widen the caps or collapse margin cells.",
            )
        )
    if strict and not recalibrate and (cur.weights.min() < lo * (1 - tol) or cur.weights.max() > hi * (1 + tol)):
        raise StageError(Problem(zh="截尾未能使所有权数落入界限内。", en="trimming could not bring every weight within the caps."))
    before = weight_summary(w0).assign(when="before")
    after = weight_summary(cur.weights).assign(when="after")
    report = pd.concat([before, after], ignore_index=True)
    report["lower_cap"], report["upper_cap"] = lo, hi
    at_cap = int(((cur.weights >= hi * (1 - 1e-9)) | (cur.weights <= lo * (1 + 1e-9))).sum())
    report["n_outside_caps"] = [outside0, int(((cur.weights < lo * (1 - tol)) | (cur.weights > hi * (1 + tol))).sum())]
    report["n_at_cap"] = [int(((w0 >= hi * (1 - 1e-9)) | (w0 <= lo * (1 + 1e-9))).sum()), at_cap]
    report["rounds"] = [0, rounds]
    desc = f"caps [{lo:.6g}, {hi:.6g}], {outside0} weights outside before, {at_cap} at a cap after" + (
        f", recalibrated ({rounds} rounds)" if recalibrate else ""
    )
    if trimmed_total == 0:
        desc += " (all weights were already within the caps: nothing changed)"
    step = Step("trim", desc, report, {"lower": lo, "upper": hi, "n_trimmed": outside0, "n_at_cap": at_cap, "rounds": rounds})
    return cur.with_weights(cur.weights, step=step)
