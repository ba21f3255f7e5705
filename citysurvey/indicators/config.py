"""Config section `indicators:` of a study: which catalog, which grading cut-offs.

Every cut-off here is a configurable default (domain notes §2.7 mark them EST, not law);
the stage exports them as the ``grading_rules`` table for the report's method appendix.

Example::

    indicators:
      systems: [MOHURD_2024_4level]
      catalog_files: [guangxi_2026.csv]        # provincial/local indicators and overrides
      overrides: {C05: {standard_source: 本市停车配建标准}}
      rate: {good: 0.03, fair: 0.10}
      rules: {U22: {method: count, count: {fair: 5}}}
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

GRADES: tuple[str, ...] = ("很好", "较好", "一般", "较差")
NO_STANDARD = "无标准"
LEVEL_GRADES: tuple[str, ...] = ("优", "良", "中", "差")
Method = Literal["auto", "ratio", "rate", "count", "interval", "peer", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatioBands(_Model):
    """Standard-ratio bands. r = value/standard (higher_better) or standard/value (lower_better)."""

    very_good: float = Field(1.1, gt=0)  # r ≥ 1.1 → 很好
    good: float = Field(1.0, gt=0)  # r ≥ 1.0 (meets the standard) → 较好
    fair: float = Field(0.8, gt=0)  # r ≥ 0.8 → 一般, below → 较差 (lower_better: value ≤ 1.25 S)
    #: also 很好 when the standard is met and the value is at or beyond this peer quantile
    #: (direction-aware); null turns the peer criterion off
    very_good_peer_quantile: float | None = Field(0.75, gt=0, lt=1)

    @model_validator(mode="after")
    def _order(self) -> "RatioBands":
        if not self.very_good >= self.good >= self.fair:
            raise ValueError("须满足 very_good ≥ good ≥ fair / need very_good ≥ good ≥ fair")
        return self


class RateBands(_Model):
    """Problem counts as a share of stock (value/stock, or value/100 for % units); upper limits."""

    very_good: float = Field(0.0, ge=0, le=1)  # rate ≤ 0 → 很好 (动态清零 achieved)
    good: float = Field(0.05, ge=0, le=1)  # ≤ 5% → 较好
    fair: float = Field(0.15, ge=0, le=1)  # ≤ 15% → 一般, above → 较差

    @model_validator(mode="after")
    def _order(self) -> "RateBands":
        if not self.very_good <= self.good <= self.fair:
            raise ValueError("须满足 very_good ≤ good ≤ fair / need very_good ≤ good ≤ fair")
        return self


class CountBands(_Model):
    """Problem counts without a stock (e.g. 积水点): upper limits on the count itself."""

    very_good: float = Field(0.0, ge=0)
    good: float = Field(0.0, ge=0)  # target is zero: any problem object leaves 较好
    #: ≤ fair → 一般; null compares with peers instead: 较差 when the count exceeds
    #: `peer_multiple` × the median of the other areas of the same kind, else 一般
    fair: float | None = Field(None, ge=0)
    peer_multiple: float = Field(2.0, gt=0)

    @model_validator(mode="after")
    def _order(self) -> "CountBands":
        if not self.very_good <= self.good <= (self.fair if self.fair is not None else self.good):
            raise ValueError("须满足 very_good ≤ good ≤ fair / need very_good ≤ good ≤ fair")
        return self


class IntervalBands(_Model):
    """Interval indicators with [standard_low, standard_high]."""

    core: float = Field(0.5, gt=0, le=1)  # inside the central half of the band → 很好, rest of band → 较好
    tolerance: float = Field(0.1, ge=0)  # outside by ≤ 10% of the nearer bound → 一般, further → 较差


class PeerBands(_Model):
    """Percentile bands among areas of the same kind (districts with districts) in the same year."""

    very_good: float = Field(0.75, gt=0, lt=1)  # at or beyond P75 → 很好
    good: float = Field(0.50, gt=0, lt=1)
    fair: float = Field(0.25, gt=0, lt=1)
    min_peers: int = Field(3, ge=2)  # fewer areas than this → 无标准

    @model_validator(mode="after")
    def _order(self) -> "PeerBands":
        if not self.very_good >= self.good >= self.fair:
            raise ValueError("须满足 very_good ≥ good ≥ fair / need very_good ≥ good ≥ fair")
        return self


class CompositeConfig(_Model):
    """Level grades 优/良/中/差 from the weighted mean of indicator scores."""

    basis: Literal["grade_points", "attainment"] = "grade_points"
    grade_points: dict[str, float] = Field(default_factory=lambda: {"很好": 100, "较好": 80, "一般": 60, "较差": 40})
    excellent: float = 85  # composite ≥ 85 → 优
    good: float = 75  # ≥ 75 → 良
    fair: float = 60  # ≥ 60 → 中, below → 差

    @model_validator(mode="after")
    def _check(self) -> "CompositeConfig":
        missing = [g for g in GRADES if g not in self.grade_points]
        if missing:
            raise ValueError(f"grade_points 缺少 {missing} / grade_points lacks {missing}")
        if not self.excellent >= self.good >= self.fair:
            raise ValueError("须满足 excellent ≥ good ≥ fair / need excellent ≥ good ≥ fair")
        return self


class IndicatorRule(_Model):
    """Per-indicator choice of method and bands, overriding the study-wide ones."""

    method: Method = "auto"
    ratio: RatioBands | None = None
    rate: RateBands | None = None
    count: CountBands | None = None
    interval: IntervalBands | None = None


class IndicatorsConfig(_Model):
    """Indicator systems, catalog files and overrides, the grading bands, warnings, composites, peers.

    The ``indicators:`` section of study.yaml. Every key, its type, default and meaning is in
    the generated :doc:`/reference/study_yaml` (section ``indicators``); unknown keys are
    refused.

    Examples
    --------
    >>> from citysurvey.indicators import IndicatorsConfig
    >>> cfg = IndicatorsConfig(systems=["MOHURD_2024_4level"])
    >>> cfg.systems, cfg.ratio.good, cfg.ratio.fair
    (['MOHURD_2024_4level'], 1.0, 0.8)
    """
    enabled: bool = True  # off: no objective grading; the diagnosis rests on residents' views
    #: systems of the national base catalog to use (the `system` column of the catalog)
    systems: list[str] = Field(default_factory=lambda: ["MOHURD_2024_4level"])
    #: CSV files adding provincial/local indicators or overriding catalog fields, applied in order;
    #: relative paths are relative to study.yaml
    catalog_files: list[Path] = Field(default_factory=list)
    #: inline overrides, indicator id → {catalog column: value}, applied after the files
    overrides: dict[str, dict[str, str | float | int | bool | None]] = Field(default_factory=dict)
    #: the year graded and diagnosed; default: the study's year if the data have it, else the latest
    year: int | None = None
    #: how indicators without a standard are graded: 无标准, or percentile among peers
    no_standard: Literal["none", "peer"] = "none"
    #: a batch folder (``citysurvey batch`` writes ``peer_values.csv`` there): the cities of that
    #: batch become the peers of this city's whole-city values, as districts are of districts;
    #: relative to study.yaml. Null: the city has no peers (the default)
    peer_group: Path | None = None
    ratio: RatioBands = RatioBands()
    rate: RateBands = RateBands()
    count: CountBands = CountBands()
    interval: IntervalBands = IntervalBands()
    peer: PeerBands = PeerBands()
    composite: CompositeConfig = CompositeConfig()
    warnings: dict[str, str] = Field(
        default_factory=lambda: {"较差": "红色预警", "一般": "黄色预警", "较好": "正常", "很好": "正常", NO_STANDARD: "无"}
    )
    rules: dict[str, IndicatorRule] = Field(default_factory=dict)
    #: a relative change smaller than this (of the graded quantity) counts as unchanged over time
    trend_tolerance: float = Field(0.01, ge=0)
    #: unit spellings treated as the catalog's (written unit → catalog unit)
    unit_aliases: dict[str, str] = Field(
        default_factory=lambda: {"％": "%", "百分比": "%", "m²/人": "平方米/人", "㎡/人": "平方米/人",
                                 "km": "千米", "公里": "千米", "km/km²": "千米/平方公里", "min": "分钟",
                                 "处": "个", "座": "个", "幢": "栋"}
    )

    @model_validator(mode="after")
    def _check(self) -> "IndicatorsConfig":
        missing = [g for g in (*GRADES, NO_STANDARD) if g not in self.warnings]
        if missing:
            raise ValueError(f"warnings 缺少 {missing} / warnings lacks {missing}")
        if not self.systems:
            raise ValueError("systems 不能为空 / systems must not be empty")
        return self
