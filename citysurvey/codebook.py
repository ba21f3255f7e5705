"""The codebook: what every column of the responses file means.

A codebook is YAML. Example (abridged)::

    respondent_id: resp_id
    scales:
      sat5:
        codes: [1, 2, 3, 4, 5]                 # least → most satisfied
        labels: [非常不满意, 不满意, 一般, 满意, 非常满意]
        special: {9: 不了解/不适用}
    variables:
      resp_id: {type: id, label: 问卷编号}
      district:
        type: categorical
        role: district
        label: 所在区
        categories: [城东区, 城西区]
        aliases: {城东: 城东区}
      q_h01: {type: likert, scale: sat5, level: 住房, label: 房屋安全与质量,
              topic: H_SAFETY, indicators: [H01, H04]}

Answers are mapped by *position* on the scale (cities word the five points
differently), so `labels` only documents the wording; data may hold codes or
labels and both resolve to the same position.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import ConfigError, Problem

#: The four levels of the 2023+ national system, in their canonical spelling.
LEVELS: tuple[str, ...] = ("住房", "小区（社区）", "街区", "城区（城市）")
OVERALL_LEVEL = "总体"

VariableType = Literal["id", "categorical", "likert", "integer", "number", "text", "date"]
Role = Literal[
    "district",  # the main reporting domain (区)
    "demographic",  # profile/weighting variables
    "overall",  # overall satisfaction item(s)
    "duration",  # completion time in seconds, used by the speeder rule
    "fieldwork_date",  # when the interview happened
    "device",  # device/openid used by the duplicate rule
    "suggestion",  # open suggestions (意见建议)
    "screening",  # eligibility questions
    "other",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Model):
    """An ordinal answer scale. `codes[i]` is the code stored for position i+1."""

    codes: list[int]
    labels: list[str]
    special: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> "Scale":
        if len(self.codes) != len(self.labels):
            raise ValueError(
                f"codes 与 labels 个数不同 ({len(self.codes)} vs {len(self.labels)}) / "
                f"codes and labels differ in length"
            )
        if len(set(self.codes)) != len(self.codes):
            raise ValueError("codes 有重复 / codes repeat")
        clash = set(self.codes) & set(self.special)
        if clash:
            raise ValueError(f"special codes {sorted(clash)} 与量表代码重复 / clash with scale codes")
        return self

    @property
    def n_points(self) -> int:
        return len(self.codes)


class Variable(_Model):
    type: VariableType
    label: str = ""
    role: Role | None = None
    required: bool = True  # the column must exist; values may still be blank if `allow_missing`
    allow_missing: bool = True
    # categorical
    categories: list[str] | None = None
    codes: dict[int | str, str] | None = None  # stored code → category label
    aliases: dict[str, str] = Field(default_factory=dict)  # variant spelling → category label
    ordered: bool = False
    # likert
    scale: str | None = None
    level: str | None = None
    topic: str | None = None  # topic code in the lexicon (H_SAFETY, C_PARKING, …)
    reverse: bool = False  # worded negatively (1 = most satisfied): positions are reversed before any analysis
    indicators: list[str] = Field(default_factory=list)  # crosswalk to objective indicators
    # numeric
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _check(self) -> "Variable":
        if self.type == "categorical":
            if not self.categories:
                raise ValueError("categorical 变量需要 categories / a categorical variable needs categories")
            unknown = {v for v in (self.codes or {}).values()} | set(self.aliases.values())
            unknown -= set(self.categories)
            if unknown:
                raise ValueError(
                    f"codes/aliases 指向不存在的类别 {sorted(unknown)} / codes or aliases point to "
                    f"categories that are not listed"
                )
        if self.type == "likert":
            if not self.scale:
                raise ValueError("likert 变量需要 scale / a likert variable needs a scale")
            if self.level is not None and self.level not in (*LEVELS, OVERALL_LEVEL):
                raise ValueError(
                    f"level 应为 {', '.join((*LEVELS, OVERALL_LEVEL))} 之一 / level must be one of these"
                )
        return self


class Codebook(_Model):
    respondent_id: str
    scales: dict[str, Scale] = Field(default_factory=dict)
    variables: dict[str, Variable]

    @field_validator("variables")
    @classmethod
    def _non_empty(cls, v: dict[str, Variable]) -> dict[str, Variable]:
        if not v:
            raise ValueError("variables 不能为空 / variables must not be empty")
        return v

    @model_validator(mode="after")
    def _check(self) -> "Codebook":
        if self.respondent_id not in self.variables:
            raise ValueError(
                f"respondent_id「{self.respondent_id}」不在 variables 中 / is not among the variables"
            )
        for name, var in self.variables.items():
            if var.type == "likert" and var.scale not in self.scales:
                raise ValueError(
                    f"变量 {name} 的 scale「{var.scale}」未定义 / variable {name} uses undefined scale"
                )
        districts = [n for n, v in self.variables.items() if v.role == "district"]
        if len(districts) > 1:
            raise ValueError(f"只能有一个 district 角色的变量，现有 {districts} / only one district variable")
        return self

    # -- convenient views -------------------------------------------------
    def names(self, *, type: str | None = None, role: str | None = None) -> list[str]:
        return [
            n
            for n, v in self.variables.items()
            if (type is None or v.type == type) and (role is None or v.role == role)
        ]

    @property
    def district(self) -> str | None:
        found = self.names(role="district")
        return found[0] if found else None

    @property
    def items(self) -> list[str]:
        """Likert satisfaction items, in questionnaire order."""
        return self.names(type="likert")

    def items_by_level(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for n in self.items:
            out.setdefault(self.variables[n].level or OVERALL_LEVEL, []).append(n)
        return out

    def categories(self, name: str) -> list[str]:
        cats = self.variables[name].categories
        if cats is None:
            raise KeyError(f"{name} is not categorical")
        return list(cats)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file."""
    from .config import parse_model, read_yaml

    return parse_model(Codebook, read_yaml(path), path)


def dump_codebook(codebook: Codebook) -> str:
    """Serialise to YAML with Chinese left readable."""
    data = codebook.model_dump(exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


__all__ = ["Codebook", "Scale", "Variable", "LEVELS", "OVERALL_LEVEL", "load_codebook", "dump_codebook", "Problem", "ConfigError"]
