"""The weighting stage: base weights → calibration to the population margins → trimming."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem, StageError
from ..stage import RunContext, StageResult, unknown_variables
from .calibrate import calibrate, poststratify, rake
from .config import WeightingConfig
from .design import SurveyDesign
from .diagnostics import diagnose, kish_deff, margin_report
from .margins import margins_from_long
from .trim import trim_weights


def weighting_config(config) -> WeightingConfig:
    stages = getattr(config, "stages", {}) or {}
    cfg = stages.get("weighting")
    return cfg if isinstance(cfg, WeightingConfig) else WeightingConfig()


def collapse_order(cfg: WeightingConfig, codebook) -> list[str]:
    """The configured collapse order, or the codebook's ordered demographic variables."""
    if cfg.collapse_order is not None:
        return list(cfg.collapse_order)
    return [n for n in codebook.names(type="categorical", role="demographic") if codebook.variables[n].ordered]


def check_weighting(config, study) -> list[Problem]:
    """What would stop the stage, found before any stage runs (``citysurvey validate``)."""
    return unknown_variables(config, study, "weighting.collapse_order", weighting_config(config).collapse_order,
                             "编码本中有序的人口变量", "the ordered demographic ones")


def weight_design(
    responses: pd.DataFrame, margins_long: pd.DataFrame, cfg: WeightingConfig, district: str | None
) -> tuple[SurveyDesign, np.ndarray]:
    """Build the design and weight it as ``cfg`` says; returns it and the base weights.

    The steps taken are in ``design.history``.
    """
    data = responses.reset_index()
    margins = margins_from_long(margins_long, cfg.margins or None)
    if cfg.base_weight:
        base = pd.to_numeric(data[cfg.base_weight], errors="coerce").to_numpy(dtype=float)
    else:
        base = np.ones(len(data))
    # start from weights summing to the population, so g bounds read as "× the base weight"
    total = float(pd.to_numeric(margins[0].table["population"]).sum())
    base = base * total / base.sum()
    strata = district if cfg.strata == "auto" else cfg.strata
    design = SurveyDesign.from_frame(data, weights=base, strata=strata, clusters=cfg.clusters)
    common = {"empty": cfg.empty, "collapse_order": cfg.collapse_order or ()}
    if cfg.method == "rake":
        design = rake(design, margins, tol=cfg.tol, max_iter=cfg.max_iter, variance=cfg.variance, **common)
    elif cfg.method == "poststratify":
        design = poststratify(design, margins[0], **common)
    else:
        bounds = cfg.bounds or ((0.3, 3.0) if cfg.method == "logit" else (-np.inf, np.inf))
        design = calibrate(
            design, margins, calfun=cfg.method, bounds=bounds, tol=cfg.tol, max_iter=max(cfg.max_iter, 100), **common
        )
    if cfg.trim is not None:
        t = cfg.trim
        design = trim_weights(
            design, upper=t.upper, lower=t.lower, upper_mult=t.upper_mult, lower_mult=t.lower_mult,
            redistribute=t.redistribute, recalibrate=t.recalibrate, tol=1e-9,
        )
    return design, base


class WeightingStage:
    name = "weighting"
    title_zh = "加权"

    def enabled(self, config) -> bool:
        return weighting_config(config).enabled and getattr(config.inputs, "margins", None) is not None

    def check(self, config, study) -> list[Problem]:
        return check_weighting(config, study)

    def run(self, ctx: RunContext) -> StageResult:
        study = ctx.study
        cfg = weighting_config(ctx.config)
        if study.margins is None:
            raise StageError(
                Problem(zh="加权需要总体边际表（inputs.margins）。", en="weighting needs population margins (inputs.margins).")
            )
        district = study.codebook.district
        cfg = cfg.model_copy(update={"collapse_order": collapse_order(cfg, study.codebook)})
        design, first_w = weight_design(study.responses, study.margins, cfg, district)
        id_col = study.codebook.respondent_id
        weights = pd.DataFrame({id_col: design.data[id_col].to_numpy()})
        if district:
            weights[district] = design.data[district].to_numpy()
        weights["base_weight"] = first_w
        weights["weight"] = design.weights
        weights["g"] = design.weights / first_w
        margins = margins_from_long(study.margins, cfg.margins or None)
        achieved = margin_report(design, margins, empty=cfg.empty, collapse_order=cfg.collapse_order)
        diag = diagnose(design, by=district) if district else diagnose(design)
        history = pd.DataFrame([{"step": s.kind, "description": s.description} for s in design.history])
        tables = {"weights": weights, "margins": achieved, "diagnostics": diag, "history": history}
        sheets = {"weights": "权数", "margins": "边际达成", "diagnostics": "权数诊断", "history": "加权步骤"}
        trims = [s for s in design.history if s.kind == "trim"]
        if trims:
            tables["trimming"] = trims[-1].report
            sheets["trimming"] = "截尾"
        collapsed = [c for s in design.history for c in s.details.get("collapsed", [])]
        summary = {
            "method": cfg.method,
            "n": design.n,
            "sum_weights": float(design.weights.sum()),
            "deff_kish": round(kish_deff(design.weights), 4),
            "n_eff": round(design.n / kish_deff(design.weights), 1),
            "max_abs_rel_margin_error": float(np.abs(achieved["rel_error"]).max()),
            "weight_ratio_max_min": float(design.weights.max() / design.weights.min()),
            "collapsed_cells": collapsed,
            "collapse_order": cfg.collapse_order,
            "trimmed": int(trims[-1].details["n_trimmed"]) if trims else 0,
            "steps": [s.kind for s in design.history],
        }
        return StageResult(self.name, tables=tables, value=design, summary=summary, sheet_names=sheets)
