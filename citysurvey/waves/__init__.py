"""Waves (历年比较): change since earlier waves of the same survey, and the follow-up of their problems.

>>> from citysurvey.waves import compare_waves, load_wave    # doctest: +SKIP
>>> cmp = compare_waves(scores_2026, load_wave("output/demo_city_2025").scores, year=2026, year_previous=2025)  # doctest: +SKIP
"""
from .changes import CHANGE_COLUMNS, Comparison, compare_waves, diff_se, trends
from .config import WavesConfig
from .followup import FOLLOWUP_COLUMNS, followup
from .previous import Wave, load_wave
from .stage import WavesStage

__all__ = ["CHANGE_COLUMNS", "Comparison", "FOLLOWUP_COLUMNS", "WavesConfig", "Wave", "WavesStage", "compare_waves",
           "diff_se", "followup", "load_wave", "trends"]
