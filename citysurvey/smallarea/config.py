"""Config section ``smallarea:`` of a study (areas below the district: streets, communities).

Every default is a common practice, stated as such, never a law; the method table prints
the values used.

Example::

    smallarea:
      areas: null                  # every codebook variable with role street or community
      measures: [score]            # score (0–100 mean score) and/or satisfied_rate
      method: REML                 # REML (Prasad–Rao MSE) | ML (Datta–Lahiri MSE)
      covariates: [district_estimate]   # or indicator:<id> (a value per area in the indicators file)
      sampling_variance: smoothed  # smoothed (district design variance per respondent / n) | direct
      mse: auto                    # analytic; where σ²_u is estimated at 0, as zero_variance says
      zero_variance: li_lahiri     # refit σ²_u = 0 items by the adjusted likelihood; or bootstrap
      bootstrap_reps: 200
      benchmark: ratio             # ratio | difference | none
      publish: {direct_max_cv: 0.2, direct_min_n_eff: 30, model_max_cv: 0.3}
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PublishRule(BaseModel):
    """Which estimate an area gets: direct when precise and large enough, else the model, else none.

    Defaults follow common statistical-office practice (e.g. a CV of 20 % as the limit for
    publishing a direct estimate without caveat, 30 % as the limit for any estimate; at least
    30 effective respondents for a direct estimate).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    direct_max_cv: float = Field(default=0.2, gt=0)  # publish the direct estimate only if its CV is at most this
    direct_min_n_eff: float = Field(default=30, ge=0)  # … and its effective n (n ÷ design effect) at least this
    model_max_cv: float = Field(default=0.3, gt=0)  # else the model estimate if its CV (√MSE ÷ estimate) is at most this


class SmallAreaConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True  # run the small-area stage (it does nothing when the codebook has no street/community)
    #: area variables to estimate; none = every codebook variable with role street or community
    areas: list[str] | None = None
    measures: list[Literal["score", "satisfied_rate"]] = Field(default_factory=lambda: ["score"])  # what is estimated
    method: Literal["REML", "ML"] = "REML"  # fit of σ²_u: REML (Prasad–Rao MSE) or ML (Datta–Lahiri MSE)
    #: area-level covariates besides the intercept: ``district_estimate`` (the direct estimate of the
    #: same item in the area's parent district) or ``indicator:<id>`` (its value for each area)
    covariates: list[str] = Field(default_factory=lambda: ["district_estimate"])
    #: D_i, the sampling variance of an area's direct estimate: ``smoothed`` = the parent district's
    #: design variance × its n / the area's n (a generalised variance function: the area shares the
    #: district's unit variance and design effect), or ``direct`` = the area's own design variance
    sampling_variance: Literal["smoothed", "direct"] = "smoothed"
    #: ``auto``: Prasad–Rao/Datta–Lahiri, and the parametric bootstrap where σ̂²_u = 0; or always one
    mse: Literal["auto", "analytic", "bootstrap"] = "auto"
    #: with ``mse: auto``, where REML/ML puts σ̂²_u at 0 (the EBLUP is then the synthetic estimate and its
    #: MSE ignores the area effect): ``li_lahiri`` refits those items by Li & Lahiri's (2010) adjusted
    #: likelihood, whose σ̂²_u is always positive, with the Prasad–Rao MSE at that estimate; ``bootstrap``
    #: keeps σ̂²_u = 0 and bootstraps the MSE. In the demo simulation (bench/bench_smallarea.py) those
    #: cells' 95% intervals covered 87% with li_lahiri against 62% with the bootstrap
    zero_variance: Literal["bootstrap", "li_lahiri"] = "li_lahiri"
    bootstrap_reps: int = Field(default=200, ge=20)  # parametric bootstrap replicates per model
    seed: int = 20260  # seed of the bootstrap, so tables are identical across runs
    #: make the areas of a district add up (population-weighted) to its direct estimate
    benchmark: Literal["ratio", "difference", "none"] = "ratio"
    min_n: int = Field(default=2, ge=1)  # areas with fewer respondents get the synthetic estimate
    publish: PublishRule = Field(default_factory=PublishRule)  # which estimate each area gets (see PublishRule)
    alpha: float = Field(default=0.05, gt=0, lt=0.5)  # intervals are 1 − alpha
    charts: bool = True  # draw the ranking grid of each area variable

    @field_validator("covariates")
    @classmethod
    def _covariates(cls, v: list[str]) -> list[str]:
        for c in v:
            if c != "district_estimate" and not (c.startswith("indicator:") and len(c) > len("indicator:")):
                raise ValueError(
                    f"协变量「{c}」无法识别，应为 district_estimate 或 indicator:<指标编号> / "
                    f"covariate {c!r} must be district_estimate or indicator:<id>"
                )
        return v

    @property
    def level(self) -> float:
        return 1.0 - self.alpha
