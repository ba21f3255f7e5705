"""Config section ``scoring:`` of a study.

Every default is a common local practice (domain README §2.5–2.7, tagged EST),
so each is a setting, and the report prints the one used.

Example::

    scoring:
      scheme: step                 # step = 100/80/60/40/20; linear = 100/75/50/25/0; or a list by position
      top_boxes: above_midpoint    # 满意 = the answers above the scale's middle; or a count, or {7: 2, 10: 3}
      bottom_boxes: below_midpoint # 不满意 likewise below it
      item_weights: equal          # equal | importance | {q_h01: 0.2, q_h02: 0.1, ...}
      level_weights: equal         # equal | {住房: 0.3, 小区（社区）: 0.3, 街区: 0.2, 城区（城市）: 0.2}
      min_share: 0.5               # a level index needs at least half of the level's items answered
      groups: [age_band, hukou, income_band, tenure]
      alpha: 0.05                  # tests at 5%, intervals at 95%
      p_adjust: fdr_bh             # none | holm | fdr_bh, within each table × measure × domain variable
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator

#: how the report explains each named scheme (k = scale points)
SCHEME_NAMES = {"step": "每档相差 {step:g} 分，最不满意一档得 {step:g} 分", "linear": "线性映射到 0–100，每档相差 {lin:g} 分"}


class ScoringConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    #: score of each scale position, least → most satisfied: ``step`` gives 100·p/k (100/80/60/40/20
    #: on five points), ``linear`` 100·(p−1)/(k−1) (100/75/50/25/0), or an explicit list
    scheme: Literal["step", "linear"] | list[float] = "step"
    #: 满意 (满意率's numerator) relative to each item's scale. ``above_midpoint`` (the default, common
    #: practice): every answer above the scale's middle, ⌊k/2⌋ boxes — 满意 + 非常满意 on 5 points,
    #: 比较满意 … 非常满意 on 7, 6–10 on a 1–10 or a 0–10 rating. A number: that many boxes on every
    #: scale; ``{points: boxes}``: per scale length (a length not listed keeps the default).
    top_boxes: Literal["above_midpoint"] | PositiveInt | dict[PositiveInt, PositiveInt] = "above_midpoint"
    #: 不满意, the same way from the bottom: ``below_midpoint`` = ⌊k/2⌋ boxes
    bottom_boxes: Literal["below_midpoint"] | PositiveInt | dict[PositiveInt, PositiveInt] = "below_midpoint"
    #: within-level item weights: equal, from derived importance (Johnson's relative weights), or given
    item_weights: Literal["equal", "importance"] | dict[str, float] = "equal"
    level_weights: Literal["equal"] | dict[str, float] = "equal"
    #: a respondent's level index needs ≥ max(ceil(min_share·k), min_count) of the level's k items
    #: answered on the scale; the composite index applies the same rule to the levels
    min_share: float = Field(default=0.5, gt=0, le=1)
    min_count: int = Field(default=1, ge=1)
    #: domain variables besides the district; none = every categorical demographic variable
    groups: list[str] | None = None
    #: the overall-satisfaction item (key-driver outcome); none = the codebook's ``role: overall`` item
    overall_item: str | None = None
    alpha: float = Field(default=0.05, gt=0, lt=0.5)  # significance level; intervals are 1 − alpha
    p_adjust: Literal["none", "holm", "fdr_bh"] = "fdr_bh"
    min_domain_n: int = Field(default=30, ge=2)  # smaller domains are estimated but never flagged
    reliability_missing: Literal["pairwise", "listwise"] = "pairwise"
    #: key drivers: fill a skipped item with the respondent's mean over the level's answered items
    #: (``impute``), or keep only respondents who answered every item (``listwise``)
    drivers_missing: Literal["impute", "listwise"] = "impute"
    ipa_cut: Literal["mean", "median"] = "mean"  # IPA quadrant lines, over items
    charts: bool = True

    @field_validator("scheme")
    @classmethod
    def _scheme(cls, v):
        if isinstance(v, list):
            if len(v) < 2:
                raise ValueError("scheme 至少需要两个分值 / a custom scheme needs at least two scores")
            if any(b < a for a, b in zip(v, v[1:])):
                raise ValueError("scheme 分值须从最不满意到最满意递增 / scores must not decrease from least to most satisfied")
        return v

    @field_validator("top_boxes", "bottom_boxes", mode="before")
    @classmethod
    def _boxes(cls, v, info):
        """One message for a wrong setting (not one per form the union allows); {"7": 2} from JSON reads as {7: 2}."""
        word = "above_midpoint" if info.field_name == "top_boxes" else "below_midpoint"

        def count(x) -> int | None:
            if isinstance(x, bool):
                return None
            try:
                return int(str(x).strip())
            except ValueError:
                return None

        if v == word:
            return v
        if isinstance(v, dict) and v:
            out = {count(k): count(n) for k, n in v.items()}
            if all(k is not None and k >= 2 and n is not None and n >= 1 for k, n in out.items()):
                return out
        elif (n := count(v)) is not None and n >= 1:
            return n
        raise ValueError(f"须为 {word}（量表中点以上/以下的各档）、正整数（每个量表相同的档数）或 {{量表点数: 档数}}"
                         f"，而不是 {v!r} / must be {word}, a positive number of boxes, or {{points: boxes}}; got {v!r}")

    @field_validator("item_weights", "level_weights")
    @classmethod
    def _weights(cls, v):
        if isinstance(v, dict):
            bad = {k: w for k, w in v.items() if not (w >= 0)}
            if bad:
                raise ValueError(f"权重不能为负 {bad} / weights must be ≥ 0")
            if not any(w > 0 for w in v.values()):
                raise ValueError("权重不能全为 0 / weights must not all be 0")
        return v

    def boxes(self, k: int) -> tuple[int, int]:
        """(top, bottom): how many positions of a ``k``-point scale count as 满意 and as 不满意.

        The one definition of 满意, read by estimation, scoring, small areas and the report.

        >>> ScoringConfig().boxes(5), ScoringConfig().boxes(7), ScoringConfig().boxes(11)
        ((2, 2), (3, 3), (5, 5))
        """
        return _count(self.top_boxes, k), _count(self.bottom_boxes, k)

    @property
    def level(self) -> float:
        """Confidence level of every interval."""
        return 1 - self.alpha

    def scheme_label(self, k: int = 5) -> str:
        """How the report states the scheme: ``100/80/60/40/20``."""
        return "/".join(f"{s:g}" for s in reversed(scheme_scores(self.scheme, k)))


def scoring_config(config) -> ScoringConfig:
    """The study's ``scoring:`` section (defaults when absent). Its ``top_boxes`` defines 满意 for every stage."""
    stages = getattr(config, "stages", {}) or {}
    cfg = stages.get("scoring")
    return cfg if isinstance(cfg, ScoringConfig) else ScoringConfig()


def _count(setting, k: int) -> int:
    if isinstance(setting, dict):
        setting = setting.get(k, "above_midpoint")
    return k // 2 if isinstance(setting, str) else int(setting)


def scheme_scores(scheme, k: int) -> list[float]:
    """Scores of positions 1 … k (least → most satisfied)."""
    if scheme == "step":
        return [100.0 * p / k for p in range(1, k + 1)]
    if scheme == "linear":
        return [100.0 * (p - 1) / (k - 1) for p in range(1, k + 1)]
    return [float(s) for s in scheme]
