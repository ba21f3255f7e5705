"""Config section ``waves:`` of a study: the earlier waves to compare with.

Example::

    waves:
      previous: [../../data_samples/demo_city_2025/outputs]   # output folders (or their manifest.json)
      rename: {q_c05: q_c12}          # this wave's name → the name the same question had before
      top_changes: 12                 # the slope chart shows the biggest changes

Paths are relative to study.yaml. Each must be the output folder of a complete run
(its ``manifest.json`` says ``complete: true`` and lists the tables read here); the
study stops at load with a message naming the path otherwise.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class WavesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True  # compare with the earlier waves named in `previous`
    #: earlier waves' output folders or manifests; the stage runs only when at least one is named
    previous: list[Path] = Field(default_factory=list)
    #: this wave's variable name → its name in the earlier waves (items, domain variables)
    rename: dict[str, str] = Field(default_factory=dict)
    #: lists of the latest earlier wave followed up in the 上年问题整改成效 table
    followup_lists: list[Literal["city_diseases", "shortcomings"]] = Field(
        default_factory=lambda: ["city_diseases", "shortcomings"])
    top_changes: int = Field(12, ge=1, le=40)  # items in the slope chart of the biggest city changes
    charts: bool = True  # draw the trend charts (PNG, Chinese labels) into waves/charts/

    @field_validator("rename")
    @classmethod
    def _one_to_one(cls, v: dict[str, str]) -> dict[str, str]:
        seen: dict[str, str] = {}
        for now, before in v.items():
            if before in seen:
                raise ValueError(f"上期变量 {before} 被 {seen[before]} 和 {now} 同时对应 / "
                                 f"previous name {before} is mapped from both {seen[before]} and {now}")
            seen[before] = now
        return v

    @property
    def active(self) -> bool:
        """On, and at least one earlier wave named: there is something to compare with."""
        return self.enabled and bool(self.previous)

    def resolve(self, base: Path) -> "WavesConfig":
        """Paths made absolute against the study file's folder, and every earlier wave checked now."""
        if not self.previous:  # nothing to check, and reading a study config then loads no pandas
            return self
        from dataclasses import replace

        from ..errors import ConfigError
        from .previous import load_wave

        paths = [(p if p.is_absolute() else base / p).resolve() for p in self.previous]
        for p in paths:
            try:
                load_wave(p)
            except ConfigError as exc:  # say which key named it
                raise ConfigError([replace(pr, zh=f"配置项「waves.previous」所列的上期结果有误——{pr.zh}",
                                           en=f"an earlier wave listed in 'waves.previous' is unusable: {pr.en}")
                                   for pr in exc.problems]) from None
        return self.model_copy(update={"previous": paths})
