"""Objective indicators: the catalog (national base + provincial/local), validation, grading, comparisons.

>>> import pandas as pd
>>> from citysurvey.indicators import IndicatorsConfig, evaluate, load_catalog
>>> values = pd.DataFrame({"area": ["全市"], "year": [2026], "indicator_id": ["U02"], "value": [55.0], "unit": ["%"],
...                        "stock": [None]})
>>> res = evaluate(values, load_catalog(["MOHURD_2024_4level"]), IndicatorsConfig())
>>> res.current[["indicator_id", "grade", "warning"]].to_dict("records")
[{'indicator_id': 'U02', 'grade': '一般', 'warning': '黄色预警'}]
"""
from .catalog import CATALOG_COLUMNS, DIRECTIONS, apply_catalog_rows, load_catalog, national_catalog
from .compare import compare_areas, trends
from .config import GRADES, LEVEL_GRADES, NO_STANDARD, IndicatorsConfig
from .grading import composite_grades, grade_one, grade_values, grading_rules
from .stage import IndicatorResults, IndicatorsStage, evaluate
from .values import check_values

__all__ = [
    "CATALOG_COLUMNS", "DIRECTIONS", "GRADES", "LEVEL_GRADES", "NO_STANDARD", "IndicatorResults",
    "IndicatorsConfig", "IndicatorsStage", "apply_catalog_rows", "check_values", "compare_areas",
    "composite_grades", "evaluate", "grade_one", "grade_values", "grading_rules", "load_catalog",
    "national_catalog", "trends",
]
