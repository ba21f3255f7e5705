"""Weighting: survey designs, base weights, post-stratification, raking, calibration, trimming.

>>> import pandas as pd
>>> from citysurvey.weighting import Margin, rake, svydesign
>>> df = pd.DataFrame({"district": ["甲区", "甲区", "乙区", "乙区"], "sex": ["男", "女", "女", "女"], "w": [1.0] * 4})
>>> d = rake(svydesign(df, weights="w", strata="district"), [Margin.of("sex", {"男": 510, "女": 490})])
>>> d.weights.round(2).tolist(), [s.kind for s in d.history]
([510.0, 163.33, 163.33, 163.33], ['design', 'rake'])
"""
from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "base_weights": "base",
    "design_from_plan": "base",
    "calibrate": "calibrate",
    "ipf": "calibrate",
    "poststratify": "calibrate",
    "rake": "calibrate",
    "Calibration": "design",
    "Replicates": "design",
    "Step": "design",
    "SurveyDesign": "design",
    "svydesign": "design",
    "diagnose": "diagnostics",
    "kish_deff": "diagnostics",
    "margin_report": "diagnostics",
    "weight_summary": "diagnostics",
    "Margin": "margins",
    "margins_from_long": "margins",
    "bootstrap": "replicates",
    "jk1": "replicates",
    "with_replicate_weights": "replicates",
    "trim_weights": "trim",
}

__all__ = [
    "SurveyDesign", "svydesign", "Calibration", "Replicates", "Step", "Margin", "margins_from_long",
    "base_weights", "design_from_plan", "poststratify", "rake", "ipf", "calibrate", "trim_weights",
    "jk1", "bootstrap", "with_replicate_weights", "kish_deff", "weight_summary", "diagnose", "margin_report",
]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
