"""The stages of a run, in data-flow order: adding a stage is one line here.

Each entry names the stage, its class and the pydantic model of its config
section (the section of study.yaml with the stage's name). Classes are imported
only when used, so stages stay independent of each other.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple


class StageSpec(NamedTuple):
    """One stage of the registry: its name, class and config model, as ``"module:Name"`` strings.

    Strings, not objects, so listing the stages imports none of them.

    Attributes
    ----------
    name : str
        The stage's name: its folder and its section of study.yaml.
    stage : str
        ``"module:Class"`` of the stage.
    config : str or None
        ``"module:Model"`` of the pydantic model of its section, or None without one.

    Examples
    --------
    >>> from citysurvey.registry import STAGES
    >>> STAGES[1]
    StageSpec(name='weighting', stage='citysurvey.weighting.stage:WeightingStage', config='citysurvey.weighting.config:WeightingConfig')
    """
    name: str
    stage: str  # "module:Class"
    config: str | None  # "module:Model" of its study.yaml section, or None


STAGES: tuple[StageSpec, ...] = (
    StageSpec("sampling", "citysurvey.sampling.stage:SamplingStage", "citysurvey.sampling.config:SamplingConfig"),
    StageSpec("weighting", "citysurvey.weighting.stage:WeightingStage", "citysurvey.weighting.config:WeightingConfig"),
    StageSpec("estimation", "citysurvey.estimation.stage:EstimationStage",
              "citysurvey.estimation.config:EstimationConfig"),
    StageSpec("scoring", "citysurvey.scoring.stage:ScoringStage", "citysurvey.scoring.config:ScoringConfig"),
    StageSpec("smallarea", "citysurvey.smallarea.stage:SmallAreaStage", "citysurvey.smallarea.config:SmallAreaConfig"),
    StageSpec("text", "citysurvey.text.stage:TextStage", "citysurvey.text.config:TextConfig"),
    StageSpec("indicators", "citysurvey.indicators.stage:IndicatorsStage", "citysurvey.indicators.config:IndicatorsConfig"),
    StageSpec("diagnosis", "citysurvey.diagnosis.stage:DiagnosisStage", "citysurvey.diagnosis.config:DiagnosisConfig"),
    StageSpec("waves", "citysurvey.waves.stage:WavesStage", "citysurvey.waves.config:WavesConfig"),
    StageSpec("report", "citysurvey.report.stage:ReportStage", "citysurvey.report.config:ReportConfig"),
)


def load_object(spec: str) -> Any:
    """The object a ``"module:Name"`` string names, importing its module.

    Parameters
    ----------
    spec : str
        ``"package.module:Name"``.

    Returns
    -------
    object
        The module's attribute ``Name``.

    Raises
    ------
    ModuleNotFoundError, AttributeError
        The module or the name does not exist.

    Examples
    --------
    >>> from citysurvey.registry import load_object
    >>> load_object("citysurvey.scoring.config:ScoringConfig").__name__
    'ScoringConfig'
    """
    module, name = spec.split(":")
    return getattr(import_module(module), name)


def stage_config_models() -> dict[str, type]:
    """The pydantic model of each stage's section of study.yaml, by section name.

    Returns
    -------
    dict of str to type
        Stage name → config model, for the stages that have one, in data-flow order. The study
        loader validates each section with it; the config reference is generated from them.

    Examples
    --------
    >>> from citysurvey.registry import stage_config_models
    >>> models = stage_config_models()
    >>> list(models)[:4], models["scoring"].__name__
    (['sampling', 'weighting', 'estimation', 'scoring'], 'ScoringConfig')
    """
    return {s.name: load_object(s.config) for s in STAGES if s.config}


def default_stages() -> list:
    """A fresh instance of every registered stage, in data-flow order: what ``citysurvey run`` runs.

    Returns
    -------
    list of Stage
        One instance per entry of :data:`STAGES`.

    Examples
    --------
    >>> from citysurvey.registry import default_stages
    >>> [(s.name, s.title_zh) for s in default_stages()][:3]
    [('sampling', '样本构成'), ('weighting', '加权'), ('estimation', '估计')]
    """
    return [load_object(s.stage)() for s in STAGES]


__all__ = ["StageSpec", "STAGES", "load_object", "stage_config_models", "default_stages"]
