"""Weighting: survey designs, base weights, post-stratification, raking, calibration, trimming.

>>> import pandas as pd
>>> from citysurvey.weighting import Margin, rake, svydesign
>>> df = pd.DataFrame({"district": ["甲区", "甲区", "乙区", "乙区"], "sex": ["男", "女", "女", "女"], "w": [1.0] * 4})
>>> d = rake(svydesign(df, weights="w", strata="district"), [Margin.of("sex", {"男": 510, "女": 490})])
>>> d.weights.round(2).tolist(), [s.kind for s in d.history]
([510.0, 163.33, 163.33, 163.33], ['design', 'rake'])
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
