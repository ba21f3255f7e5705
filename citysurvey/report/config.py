"""Config section ``report:`` of a study.

Every key has a usable default, so a study needs no ``report:`` section at all::

    report:
      engine: builtin          # auto (Quarto when installed) | quarto | builtin
      formats: [html, pdf, docx]
      districts: [城东区, 城西区]  # or all (default) or none
      streets: true            # also one short report per street (default false)
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ReportConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    #: auto uses the Quarto CLI when it is on PATH, else the built-in engine
    engine: Literal["auto", "quarto", "builtin"] = "auto"
    formats: tuple[Literal["html", "pdf", "docx"], ...] = Field(default=("html", "pdf", "docx"), min_length=1)
    #: district reports to render: all, none, or a list of district names
    districts: Literal["all", "none"] | tuple[str, ...] = "all"
    city: bool = True  # render the city report
    #: one short report per street (reports/street.qmd, the quarterly 街道/社区 民意 brief); off by default,
    #: as a city has dozens of streets. One street alone: ``citysurvey report … --only street:<name>``
    streets: bool = False
    #: the Quarto project holding city.qmd and district.qmd; relative to the study config.
    #: Default: the ``reports/`` folder of the citysurvey source tree.
    reports_dir: Path | None = None

    @field_validator("formats")
    @classmethod
    def _unique(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v))
