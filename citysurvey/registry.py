"""The stages of a run, in data-flow order: adding a stage is one line here.

Each entry names the stage, its class and the pydantic model of its config
section (the section of study.yaml with the stage's name). Classes are imported
only when used, so stages stay independent of each other.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple


class StageSpec(NamedTuple):
    name: str
    stage: str  # "module:Class"
    config: str | None  # "module:Model" of its study.yaml section, or None


STAGES: tuple[StageSpec, ...] = (
    StageSpec("sampling", "citysurvey.sampling.stage:SamplingStage", "citysurvey.sampling.config:SamplingConfig"),
    StageSpec("weighting", "citysurvey.weighting.stage:WeightingStage", "citysurvey.weighting.config:WeightingConfig"),
    StageSpec("estimation", "citysurvey.estimation.stage:EstimationStage",
              "citysurvey.estimation.stage:EstimationConfig"),
    StageSpec("scoring", "citysurvey.scoring.stage:ScoringStage", "citysurvey.scoring.config:ScoringConfig"),
    StageSpec("smallarea", "citysurvey.smallarea.stage:SmallAreaStage", "citysurvey.smallarea.config:SmallAreaConfig"),
    StageSpec("text", "citysurvey.text.stage:TextStage", "citysurvey.text.config:TextConfig"),
    StageSpec("indicators", "citysurvey.indicators.stage:IndicatorsStage", "citysurvey.indicators.config:IndicatorsConfig"),
    StageSpec("diagnosis", "citysurvey.diagnosis.stage:DiagnosisStage", "citysurvey.diagnosis.config:DiagnosisConfig"),
    StageSpec("waves", "citysurvey.waves.stage:WavesStage", "citysurvey.waves.config:WavesConfig"),
    StageSpec("report", "citysurvey.report.stage:ReportStage", "citysurvey.report.config:ReportConfig"),
)


def load_object(spec: str) -> Any:
    module, name = spec.split(":")
    return getattr(import_module(module), name)


def stage_config_models() -> dict[str, type]:
    return {s.name: load_object(s.config) for s in STAGES if s.config}


def default_stages() -> list:
    return [load_object(s.stage)() for s in STAGES]
