"""Waves (历年比较): change since earlier waves of the same survey, and the follow-up of their problems.

>>> from citysurvey.waves import compare_waves, load_wave    # doctest: +SKIP
>>> cmp = compare_waves(scores_2026, load_wave("output/demo_city_2025").scores, year=2026, year_previous=2025)  # doctest: +SKIP
"""
from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "CHANGE_COLUMNS": "changes",
    "Comparison": "changes",
    "compare_waves": "changes",
    "diff_se": "changes",
    "trends": "changes",
    "WavesConfig": "config",
    "FOLLOWUP_COLUMNS": "followup",
    "followup": "followup",
    "Wave": "previous",
    "load_wave": "previous",
    "WavesStage": "stage",
}

__all__ = ["CHANGE_COLUMNS", "Comparison", "FOLLOWUP_COLUMNS", "WavesConfig", "Wave", "WavesStage", "compare_waves",
           "diff_se", "followup", "load_wave", "trends"]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
