"""Config section `sampling:` of a study."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SamplingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: variables whose sample distribution is compared with the population margins
    enabled: bool = True  # off: no sample profile or quota fulfilment
    #: variables compared with the population; null = the codebook's categorical demographic variables
    profile_variables: list[str] | None = None
