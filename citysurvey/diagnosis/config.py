"""Config section `diagnosis:` of a study: the crosswalk and every threshold of the quadrant rule.

All thresholds are configurable defaults (domain notes §2.6, EST); the stage
exports them as the ``diagnosis_rules`` table.

Example::

    diagnosis:
      crosswalk: crosswalk.csv            # item, topic, indicator_id — replaces the codebook's links
      subjective: {threshold: 75, reference: absolute}
      voice: {often_ratio: 1.5}
      priority: {objective: 0.35, subjective: 0.35, voice: 0.15, safety: 0.15}
      street_levels: [街区]               # items diagnosed per street from the small-area estimates
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubjectiveRule(_Model):
    """When residents count as satisfied or dissatisfied with an item (scores 0–100).

    The ``diagnosis.subjective`` section; its keys are in the generated
    :doc:`/reference/study_yaml`. Used by :func:`subjective_status`.

    Examples
    --------
    >>> from citysurvey.diagnosis import SubjectiveRule
    >>> r = SubjectiveRule(threshold=80)
    >>> r.threshold, r.dissatisfied_when, r.satisfied_when
    (80.0, 'ci', 'estimate')
    """

    threshold: float = Field(75.0, ge=0, le=100)  # domain §2.6: subjective good = score ≥ 75
    #: absolute: the threshold above; city: the item's 全市 score (districts compared with their city)
    reference: Literal["absolute", "city"] = "absolute"
    #: dissatisfied only when the interval says so (ci_high < threshold); `estimate` uses the point estimate
    dissatisfied_when: Literal["ci", "estimate"] = "ci"
    #: satisfied when the estimate reaches the threshold; `ci` asks ci_low ≥ threshold
    satisfied_when: Literal["estimate", "ci"] = "estimate"


class VoiceRule(_Model):
    """When residents "raise a topic often" in their suggestions.

    The ``diagnosis.voice`` section; its keys are in the generated
    :doc:`/reference/study_yaml`. Used by :func:`voice_status`.

    Examples
    --------
    >>> from citysurvey.diagnosis import VoiceRule
    >>> v = VoiceRule()
    >>> v.often_ratio, v.often_min_share, v.city_often_share
    (1.5, 0.05, 0.1)
    """

    often_ratio: float = Field(1.5, gt=0)  # district share ≥ 1.5 × the city's share …
    often_min_share: float = Field(0.05, ge=0, le=1)  # … and at least 5% of residents
    #: with intervals, also ci_low above the city share (more often than the city, not by chance)
    require_ci: bool = True
    city_often_share: float = Field(0.10, ge=0, le=1)  # the 全市 row: at least 10% raise it
    quotes: int = Field(2, ge=0, le=10)  # quotes shown per row of a list


class PriorityWeights(_Model):
    """priority = 100 × Σ wᵢ·componentᵢ / Σ wᵢ, each component in [0, 1] (see :func:`priority_components`).

    The ``diagnosis.priority`` section; its keys are in the generated
    :doc:`/reference/study_yaml`. The weights must not all be zero.

    Examples
    --------
    >>> from citysurvey.diagnosis import PriorityWeights
    >>> w = PriorityWeights(safety=0.3)
    >>> w.objective + w.subjective + w.voice + w.safety
    1.15
    """

    objective: float = Field(0.35, ge=0)
    subjective: float = Field(0.35, ge=0)
    voice: float = Field(0.15, ge=0)
    safety: float = Field(0.15, ge=0)
    #: the score at which the subjective gap counts in full ((threshold − score)/(threshold − floor))
    subjective_floor: float = Field(40.0, ge=0, le=100)
    #: the district/city mention ratio at which the voice component counts in full
    voice_full_ratio: float = Field(2.0, gt=1)

    @model_validator(mode="after")
    def _positive(self) -> "PriorityWeights":
        if self.objective + self.subjective + self.voice + self.safety <= 0:
            raise ValueError("权重之和须大于 0 / the weights must not all be zero")
        return self


class DiagnosisConfig(_Model):
    """Crosswalk, objective statuses, risk grades, subjective and voice rules, priority, plan length.

    The ``diagnosis:`` section of study.yaml. Every key, its type, default and meaning is in
    the generated :doc:`/reference/study_yaml` (section ``diagnosis``); grades cannot be both
    good and poor, and ``risk_grades`` must be among ``objective_poor``.

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig
    >>> cfg = DiagnosisConfig(plan_years=5)
    >>> cfg.objective_poor, cfg.risk_grades, cfg.plan_years
    (['一般', '较差'], ['较差'], 5)
    >>> DiagnosisConfig(objective_good=["很好", "较好", "一般"])
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for DiagnosisConfig
    ...
    """
    enabled: bool = True  # off: no 清单; the report leaves its chapter out and says so
    #: CSV (item, topic, indicator_id) replacing the crosswalk built from the codebook; relative to study.yaml
    crosswalk: Path | None = None
    #: grades that count as objectively good / poor (the rest — 无标准, no data — are unknown)
    objective_good: list[str] = Field(default_factory=lambda: ["很好", "较好"])
    objective_poor: list[str] = Field(default_factory=lambda: ["一般", "较差"])
    #: grades of a safety-related indicator that put it on the 风险隐患通知单 (红色预警 by default);
    #: a safety indicator graded poor but not this badly stays on the 短板清单
    risk_grades: list[str] = Field(default_factory=lambda: ["较差"])
    subjective: SubjectiveRule = SubjectiveRule()
    voice: VoiceRule = VoiceRule()
    priority: PriorityWeights = PriorityWeights()
    #: the action plan runs from the year after the study for this many years
    plan_years: int = Field(3, ge=1, le=10)
    #: item levels diagnosed per street from the small-area estimates (街区: the street's own
    #: domain in 城市体检's 住房–小区（社区）–街区–城区 levels); [] switches the street diagnosis off
    street_levels: list[str] = Field(default_factory=lambda: ["街区"])

    @field_validator("street_levels")
    @classmethod
    def _levels(cls, v: list[str]) -> list[str]:
        from ..codebook import LEVELS

        bad = [x for x in v if x not in LEVELS]
        if bad:
            raise ValueError(f"street_levels 中的 {bad} 不是层级（{'、'.join(LEVELS)}）/ "
                             f"{bad} are not levels ({', '.join(LEVELS)})")
        return v

    @model_validator(mode="after")
    def _disjoint(self) -> "DiagnosisConfig":
        both = set(self.objective_good) & set(self.objective_poor)
        if both:
            raise ValueError(f"评价结果 {sorted(both)} 不能同时算好和差 / grades cannot be both good and poor")
        if not set(self.risk_grades) <= set(self.objective_poor):
            raise ValueError("risk_grades 须是 objective_poor 的一部分 / risk_grades must be among objective_poor")
        return self
