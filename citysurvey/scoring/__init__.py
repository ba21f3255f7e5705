"""满意度评价: weighted satisfaction scores, indices, domain flags, reliability, key drivers and IPA.

The stage is :class:`~citysurvey.scoring.stage.ScoringStage` (config section
``scoring:``, :class:`~citysurvey.scoring.config.ScoringConfig`); its tables and
their columns are documented in :mod:`citysurvey.scoring.stage`.

>>> import pandas as pd
>>> from citysurvey.scoring import ScoringConfig, item_scores, scheme_scores
>>> cfg = ScoringConfig(scheme="linear")
>>> item_scores(pd.Series([5, 4, 1, -1]), 5, scheme_scores(cfg.scheme, 5)).tolist()
[100.0, 75.0, 0.0, nan]

:func:`score_study` runs the whole stage on a design (its example scores a small study).
"""

from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "ScoringConfig": "config",
    "scheme_scores": "config",
    "compare_to_city": "domains",
    "fit_drivers": "drivers",
    "ipa": "drivers",
    "lmg": "drivers",
    "relative_weights": "drivers",
    "level_index": "indices",
    "respondent_indices": "indices",
    "item_scores": "items",
    "cronbach_alpha": "reliability",
    "item_analysis": "reliability",
    "ITEM_DISTRICT_COLUMNS": "stage",
    "SCORE_COLUMNS": "stage",
    "ScoringStage": "stage",
    "score_study": "stage",
}

__all__ = [
    "ScoringStage", "ScoringConfig", "score_study", "scheme_scores", "item_scores", "level_index",
    "respondent_indices", "compare_to_city", "cronbach_alpha", "item_analysis", "relative_weights", "lmg",
    "fit_drivers", "ipa", "ITEM_DISTRICT_COLUMNS", "SCORE_COLUMNS",
]


__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
