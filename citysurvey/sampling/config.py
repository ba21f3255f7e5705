"""Config section `sampling:` of a study."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SamplingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: variables whose sample distribution is compared with the population margins
    profile_variables: list[str] = ["sex", "age_band", "hukou", "income_band"]
