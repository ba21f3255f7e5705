"""Objective indicators: the catalog (national base + provincial/local), validation, grading, comparisons.

>>> import pandas as pd
>>> from citysurvey.indicators import IndicatorsConfig, evaluate, load_catalog
>>> values = pd.DataFrame({"area": ["全市"], "year": [2026], "indicator_id": ["U02"], "value": [55.0], "unit": ["%"],
...                        "stock": [None]})
>>> res = evaluate(values, load_catalog(["MOHURD_2024_4level"]), IndicatorsConfig())
>>> res.current[["indicator_id", "grade", "warning"]].to_dict("records")
[{'indicator_id': 'U02', 'grade': '一般', 'warning': '黄色预警'}]
"""

from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "CATALOG_COLUMNS": "catalog",
    "DIRECTIONS": "catalog",
    "apply_catalog_rows": "catalog",
    "load_catalog": "catalog",
    "national_catalog": "catalog",
    "compare_areas": "compare",
    "trends": "compare",
    "GRADES": "config",
    "LEVEL_GRADES": "config",
    "NO_STANDARD": "config",
    "IndicatorsConfig": "config",
    "composite_grades": "grading",
    "grade_one": "grading",
    "grade_values": "grading",
    "grading_rules": "grading",
    "IndicatorResults": "stage",
    "IndicatorsStage": "stage",
    "evaluate": "stage",
    "check_values": "values",
}

__all__ = [
    "CATALOG_COLUMNS", "DIRECTIONS", "GRADES", "LEVEL_GRADES", "NO_STANDARD", "IndicatorResults",
    "IndicatorsConfig", "IndicatorsStage", "apply_catalog_rows", "check_values", "compare_areas",
    "composite_grades", "evaluate", "grade_one", "grade_values", "grading_rules", "load_catalog",
    "national_catalog", "trends",
]


__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
