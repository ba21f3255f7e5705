"""Config section ``estimation:`` of a study (a module of its own, so reading a study config loads no pandas).

Example::

    estimation:
      enabled: false   # no estimates.csv (scoring computes its own from the same design)
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class EstimationConfig(BaseModel):
    """Config section ``estimation:`` (the estimates follow the design and ``scoring.top_boxes``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True  # off: no estimates.csv (scoring computes its own from the same design)
