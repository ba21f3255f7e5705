"""Config section ``weighting:`` of a study.

Example::

    weighting:
      method: rake                 # rake | poststratify | linear | logit
      margins: [district×sex×age_band, district×hukou, income_band]
      bounds: [0.3, 3.0]           # g = weight / base weight (linear: truncated; logit: required)
      trim: {upper_mult: 5, recalibrate: true}   # default: no trimming
      empty: collapse              # or error
      collapse_order: [age_band, income_band]
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TrimConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    upper_mult: float | None = Field(default=5.0, gt=1)  # cap at this multiple of the mean weight
    lower_mult: float | None = Field(default=None, gt=0, lt=1)
    upper: float | None = Field(default=None, gt=0)  # absolute caps, if preferred
    lower: float | None = Field(default=None, ge=0)
    redistribute: Literal["additive", "proportional"] = "proportional"
    recalibrate: bool = True  # trim, re-rake, repeat until both the caps and the margins hold


class WeightingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    method: Literal["rake", "poststratify", "linear", "logit"] = "rake"
    #: margin names from the margins file (``district×sex×age_band``…); empty = all of them
    margins: list[str] = Field(default_factory=list)
    bounds: tuple[float, float] | None = None
    #: off by default: re-raking after trimming need not settle on small cells; turn on per study
    trim: TrimConfig | None = None
    empty: Literal["error", "collapse"] = "collapse"
    #: which variable's neighbouring categories merge first; null = the codebook's ordered
    #: demographic variables (age bands, income bands …), in codebook order
    collapse_order: list[str] | None = None
    tol: float = Field(default=1e-8, gt=0, lt=1e-2)  # largest relative error allowed on any margin cell
    max_iter: int = Field(default=1000, ge=1)
    #: column of base weights (from the sampling plan) in the responses; none = equal
    base_weight: str | None = None
    #: stratum variable for variances; "auto" = the codebook's district variable
    strata: str | None = "auto"
    clusters: str | None = None
    variance: Literal["regression", "backfit"] = "regression"

    @model_validator(mode="after")
    def _check(self) -> "WeightingConfig":
        if self.bounds is not None and not (self.bounds[0] < 1 < self.bounds[1]):
            raise ValueError("bounds 须满足 下界 < 1 < 上界 / bounds must satisfy lower < 1 < upper")
        if self.method == "poststratify" and len(self.margins) > 1:
            raise ValueError("poststratify 只能用一个边际 / poststratify takes one margin")
        return self
