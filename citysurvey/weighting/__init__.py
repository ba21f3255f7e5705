"""Weighting: survey designs, base weights, post-stratification, raking, calibration, trimming.

>>> from citysurvey.weighting import SurveyDesign, Margin, rake
>>> d = SurveyDesign.from_frame(df, weights="w", strata="district")          # doctest: +SKIP
>>> d = rake(d, [Margin.of("sex", {"男": 510, "女": 490}), age_margin])      # doctest: +SKIP
"""
from .base import base_weights, design_from_plan
from .calibrate import calibrate, ipf, poststratify, rake
from .design import Calibration, Replicates, Step, SurveyDesign, svydesign
from .diagnostics import diagnose, kish_deff, margin_report, weight_summary
from .margins import Margin, margins_from_long
from .replicates import bootstrap, jk1, with_replicate_weights
from .trim import trim_weights

__all__ = [
    "SurveyDesign", "svydesign", "Calibration", "Replicates", "Step", "Margin", "margins_from_long",
    "base_weights", "design_from_plan", "poststratify", "rake", "ipf", "calibrate", "trim_weights",
    "jk1", "bootstrap", "with_replicate_weights", "kish_deff", "weight_summary", "diagnose", "margin_report",
]
