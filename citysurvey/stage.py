"""The contract every pipeline stage follows.

A stage is a small object with a name and a ``run(ctx)`` method. It reads the
validated study data and the typed results of the stages before it from the
:class:`RunContext`, and returns a :class:`StageResult`: tidy tables the
pipeline writes to ``<output>/<stage>/``, one typed value for the stages after
it, and a small JSON-ready summary for the manifest and the report. A stage
never writes outside its own folder and never reads the internals of another.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

if TYPE_CHECKING:
    from .config import StudyConfig
    from .loading import StudyData


@dataclass(frozen=True)
class StageResult:
    name: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    value: Any = None
    summary: dict[str, Any] = field(default_factory=dict)
    #: extra files (charts, workbooks) as relative path → bytes, written under the stage folder
    files: dict[str, bytes] = field(default_factory=dict)
    #: Chinese sheet names for the stage workbook, table name → sheet name
    sheet_names: dict[str, str] = field(default_factory=dict)
    #: Chinese column headers for the stage workbook (added to the project's common ones)
    headers: dict[str, str] = field(default_factory=dict)
    #: codes the stage workbook shows by name, column → {code: name} (the CSVs keep the codes)
    workbook_values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: write the generic ``<stage>/<stage>.xlsx``; off for a stage that writes its own workbook
    workbook: bool = True


@dataclass
class RunContext:
    config: "StudyConfig"
    study: "StudyData"
    out_dir: Path  # the run's staging folder; becomes the output folder only if the run succeeds
    results: dict[str, StageResult] = field(default_factory=dict)

    def result(self, name: str) -> StageResult | None:
        return self.results.get(name)


def run_design(ctx: RunContext):
    """(design, weighted): the design every estimate of a run goes through.

    The weighting stage's calibrated design when it ran on these respondents; else
    equal weights, still stratified by district, and ``weighted`` False so the
    report says "unweighted". The one place that decides the fallback.
    """
    from .weighting.design import SurveyDesign

    study = ctx.study
    prev = ctx.result("weighting")
    design = getattr(prev, "value", None)
    if isinstance(design, SurveyDesign) and len(design.weights) == study.n:
        ids = design.data[study.codebook.respondent_id].astype(str).to_numpy()
        if (ids == study.responses.index.astype(str).to_numpy()).all():
            return design, True
    return SurveyDesign.from_frame(study.responses.reset_index(), strata=study.codebook.district), False


def section_enabled(config: "StudyConfig", name: str) -> bool:
    """The ``enabled`` key of a stage's config section (on when the config has no such section)."""
    section = (getattr(config, "stages", None) or {}).get(name)
    return bool(getattr(section, "enabled", True))


def unknown_variables(config: "StudyConfig", study: "StudyData", key: str, names, default_zh: str,
                      default_en: str) -> list:
    """A problem for every name under config `key` that is not a categorical variable of the study's data.

    The config named it, so leaving it out silently would hide a mistake; the hint
    lists what the study has and says what the default would be.
    """
    from .errors import Problem

    categorical = study.codebook.names(type="categorical")
    return [
        Problem(
            zh=f"{key} 中的「{name}」不是本研究数据中的分类变量。",
            en=f"{key} names {name!r}, which is not a categorical variable of this study.",
            file=str(config.path) if config.path else None, value=name,
            hint_zh=f"可用的分类变量：{'、'.join(categorical) or '（无）'}；或删去该项，默认取{default_zh}。",
            hint_en=f"Name categorical variables of the codebook, or drop the key to use {default_en}.",
        )
        for name in names or []
        if name not in categorical or name not in study.responses.columns
    ]


class Stage(Protocol):
    name: str  # folder name and key in RunContext.results
    title_zh: str  # shown in progress and the report

    def enabled(self, config: "StudyConfig") -> bool: ...

    def run(self, ctx: RunContext) -> StageResult: ...
