"""The tables a stage hands to the report and the diagnosis: the columns each must have.

One definition, checked twice: when the stage returns its result (the pipeline,
so a stage that drops a column fails at once, naming the table and the column)
and when the report reads a finished output folder (which may come from another
version). Only the columns readers rely on are listed; a stage may add others.
"""
from __future__ import annotations

import pandas as pd

from .errors import Problem, StageError

AREA = ("district",)  # ``全市`` or a district, in every by-area table

TABLES: dict[str, tuple[str, ...]] = {
    "data/cleaning_summary.csv": ("status", "reason", "n"),
    "sampling/sample_profile.csv": (
        *AREA, "variable", "variable_label", "category", "n_sample", "share_sample",
        "population", "share_population", "diff_pp",
    ),
    # what the weighting chapter reads (citysurvey/report/chapters/weighting.py)
    "weighting/weights.csv": ("base_weight", "weight", "g"),
    "weighting/margins.csv": ("margin", "cell", "n_sample", "target", "achieved", "rel_error"),
    "weighting/diagnostics.csv": ("n", "cv", "deff_kish", "n_eff"),
    "weighting/history.csv": ("step", "description"),
    "estimation/estimates.csv": ("variable", "label", "item_level", "measure", *AREA, "estimate", "se",
                                 "ci_low", "ci_high", "n", "deff"),
    "scoring/scores.csv": ("kind", "item", "label", "level", "measure", "domain_var", "domain", "estimate",
                           "se", "ci_low", "ci_high", "n", "significant", "flag"),
    "scoring/method.csv": ("aspect", "rule"),  # the method text of every chapter quotes its rules
    # what the diagnosis reads (citysurvey/diagnosis/inputs.py)
    "scoring/item_district.csv": ("item", *AREA, "n", "score", "score_ci_low", "score_ci_high"),
    "scoring/drivers.csv": ("model", "predictor", "label", "level", "relative_weight", "relative_weight_pct",
                            "rank", "n", "r2"),
    "text/topic_shares.csv": (*AREA, "topic", "estimate", "ci_low", "ci_high"),
    "text/floods.csv": ("text_redacted", "n_respondents", "districts"),
}


def missing_columns(relpath: str, columns) -> list[str]:
    return [c for c in TABLES.get(relpath, ()) if c not in set(columns)]


def check_handoff(stage: str, tables: dict[str, pd.DataFrame]) -> None:
    """Every table of a stage result against its schema; the error names the table and the columns."""
    problems = []
    for name, frame in tables.items():
        relpath = f"{stage}/{name}.csv"
        missing = missing_columns(relpath, frame.columns)
        if missing:
            problems.append(Problem(
                zh=f"环节「{stage}」交出的表「{name}」缺少列：{'、'.join(missing)}。",
                en=f"stage {stage!r} handed over table {name!r} without the columns: {', '.join(missing)}.",
                file=relpath, column=missing[0],
                hint_zh="这是程序缺陷，请报告给 citysurvey 维护者。", hint_en="This is a bug; please report it.",
            ))
    if problems:
        raise StageError(problems)
