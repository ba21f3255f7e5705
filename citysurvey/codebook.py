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

A special code may carry several wordings (``special: {9: [不清楚, 说不清, 不了解]}``,
stored as ``不清楚/说不清/不了解``); a scale or a Likert item may declare ``aliases``
(another wording → a label or code of the scale), as categorical variables do.

Two more kinds of variable describe what platform exports hold::

      q12:                                   # 多选题 → q12_1 … q12_5 (0/1) and q12_other (text)
        type: multiselect
        options: [公园绿地, 停车, 养老, 教育, 其他]
        other: 其他                          # the option whose answer carries a text
      age_band:                              # derived before weighting, never read from the file
        type: categorical
        categories: [18-34, 35-49, 50-59, 60+]
        derive: {source: age, cuts: [18, 35, 50, 60]}      # [18, 35) → 18-34, …, ≥ 60 → 60+
      edu4:
        type: categorical
        categories: [初中及以下, 高中, 大专, 本科及以上]
        derive: {source: edu, map: {小学及以下: 初中及以下, 初中: 初中及以下, …}}
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

VariableType = Literal["id", "categorical", "likert", "integer", "number", "text", "date", "multiselect"]

#: Wordings of one special code are joined with this in `Scale.special`.
SPECIAL_SEP = "/"
#: How a multi-select question's cell joins its choices in 问卷星/腾讯问卷 exports.
MULTISELECT_SEP = "┋"
Role = Literal[
    "district",  # the main reporting domain (区)
    "street",  # 街道/乡镇, inside a district (see `parent`)
    "community",  # 社区, inside a street
    "demographic",  # profile/weighting variables
    "overall",  # overall satisfaction item(s)
    "duration",  # completion time in seconds, used by the speeder rule
    "fieldwork_date",  # when the interview happened
    "device",  # device/openid used by the duplicate rule
    "suggestion",  # open suggestions (意见建议)
    "personal",  # the respondent's own name, phone, address or id (a call-back number): stays in data/, masked in answers
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
    aliases: dict[str, str] = Field(default_factory=dict)  # another wording → a label or code

    @field_validator("special", mode="before")
    @classmethod
    def _join_wordings(cls, v):
        if isinstance(v, dict):
            return {k: SPECIAL_SEP.join(map(str, w)) if isinstance(w, (list, tuple)) else w for k, w in v.items()}
        return v

    def answers(self) -> dict[str, int]:
        """Every spelling the scale knows → position (1…k) or special slot (−1, −2, …)."""
        out: dict[str, int] = {}
        for pos, (code, label) in enumerate(zip(self.codes, self.labels), start=1):
            out[str(code)] = pos
            out[label] = pos
        for k, (code, label) in enumerate(self.special.items(), start=1):
            out[str(code)] = -k
            out[label] = -k
            for wording in label.split(SPECIAL_SEP):
                out.setdefault(wording.strip(), -k)
        return out

    def resolve_aliases(self, aliases: dict[str, str]) -> dict[str, int]:
        """Aliases → positions; raises ValueError naming the targets the scale does not know."""
        known = self.answers()
        bad = sorted(t for t in aliases.values() if str(t) not in known)
        if bad:
            raise ValueError(
                f"aliases 指向量表中不存在的答案 {bad} / aliases point to answers the scale does not have"
            )
        return {a: known[str(t)] for a, t in aliases.items()}

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
        self.resolve_aliases(self.aliases)
        return self

    @property
    def n_points(self) -> int:
        return len(self.codes)


class Derive(_Model):
    """How a variable is made from another before weighting: bands by cut points, or a merge map."""

    source: str  # the variable it is made from
    cuts: list[float] | None = None  # lower bounds of the categories, ascending; below the first → blank
    map: dict[str, str] | None = None  # source category → this variable's category

    @model_validator(mode="after")
    def _check(self) -> "Derive":
        if (self.cuts is None) == (self.map is None):
            raise ValueError("derive 需要 cuts 或 map 之一 / derive needs exactly one of cuts or map")
        if self.cuts is not None and any(b <= a for a, b in zip(self.cuts, self.cuts[1:])):
            raise ValueError("derive.cuts 应严格递增 / derive.cuts must increase")
        return self


class Variable(_Model):
    type: VariableType
    label: str = ""
    role: Role | None = None
    parent: str | None = None  # street/community: the variable of the enclosing area (district, street)
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
    # multiselect
    options: list[str] | None = None  # multiselect: the options in questionnaire order → name_1 … name_k
    other: str | None = None  # the option that carries a text (其他〖请注明〗) → name_other
    separator: str = MULTISELECT_SEP  # how one cell joins the chosen options (问卷星 and 腾讯问卷: ┋)
    # derived from another variable (see Derive)
    derive: Derive | None = None  # computed before weighting from another variable, never read from the file

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
        if self.role == "personal" and self.type != "text":
            raise ValueError("role: personal 的变量应为 type: text（电话号码等按文本读入，前导 0 与 +86 不丢失） / a personal "
                             "variable must be type: text, so that numbers keep their leading 0 and +86")
        if self.type == "multiselect":
            if not self.options:
                raise ValueError("multiselect 变量需要 options / a multiselect variable needs options")
            if self.other is not None and self.other not in self.options:
                raise ValueError(f"other「{self.other}」不在 options 中 / other must be one of the options")
        if self.derive is not None:
            if self.type != "categorical":
                raise ValueError("只有 categorical 变量可以 derive / only categorical variables can be derived")
            if self.derive.cuts is not None and len(self.derive.cuts) != len(self.categories or []):
                raise ValueError(
                    f"derive.cuts 个数（{len(self.derive.cuts)}）应等于类别数（{len(self.categories or [])}）/ "
                    f"derive.cuts needs one lower bound per category"
                )
            if self.derive.map is not None:
                bad = sorted(set(self.derive.map.values()) - set(self.categories or []))
                if bad:
                    raise ValueError(f"derive.map 指向不存在的类别 {bad} / derive.map points to unlisted categories")
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
            if var.type == "likert" and var.aliases:
                try:
                    self.scales[var.scale].resolve_aliases(var.aliases)  # type: ignore[index]
                except ValueError as exc:
                    raise ValueError(f"变量 {name}：{exc}") from None
            if var.derive is not None:
                self._check_derive(name, var)
            if var.parent is not None and (var.parent not in self.variables or var.parent == name):
                raise ValueError(f"变量 {name} 的 parent「{var.parent}」不是其他变量 / parent of {name} is not another variable")
            if var.role in ("street", "community") and var.type != "categorical":
                raise ValueError(f"变量 {name} 是地区（{var.role}），应为 categorical / an area variable must be categorical")
        districts = [n for n, v in self.variables.items() if v.role == "district"]
        if len(districts) > 1:
            raise ValueError(f"只能有一个 district 角色的变量，现有 {districts} / only one district variable")
        return self

    def _check_derive(self, name: str, var: Variable) -> None:
        d = var.derive
        src = self.variables.get(d.source)  # type: ignore[union-attr]
        if src is None:
            raise ValueError(f"变量 {name} 的 derive.source「{d.source}」不在 variables 中 / is not a variable")  # type: ignore[union-attr]
        if d.cuts is not None and src.type not in ("integer", "number"):  # type: ignore[union-attr]
            raise ValueError(f"变量 {name}：按 cuts 分段需要数值型来源 / cuts need a numeric source")
        if d.map is not None:  # type: ignore[union-attr]
            if src.type != "categorical":
                raise ValueError(f"变量 {name}：按 map 合并需要分类型来源 / map needs a categorical source")
            unmapped = [c for c in src.categories or [] if c not in d.map]  # type: ignore[union-attr]
            unknown = [c for c in d.map if c not in (src.categories or [])]  # type: ignore[union-attr]
            if unmapped or unknown:
                raise ValueError(
                    f"变量 {name} 的 derive.map 应恰好覆盖 {d.source} 的类别：缺 {unmapped}，多 {unknown} / "  # type: ignore[union-attr]
                    f"derive.map must map every category of its source, and only those"
                )

    # -- convenient views -------------------------------------------------
    def labels(self) -> dict[str, str]:
        """Each labelled variable's label (sex → 性别), for cells that name a variable."""
        return {n: v.label for n, v in self.variables.items() if v.label}

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

    @property
    def derived(self) -> list[str]:
        """Variables computed from others (``derive``), in codebook order."""
        return [n for n, v in self.variables.items() if v.derive is not None]

    def multiselect_columns(self, name: str) -> list[str]:
        """The columns a multi-select question becomes: one 0/1 column per option, then its text."""
        var = self.variables[name]
        cols = [f"{name}_{i}" for i in range(1, len(var.options or []) + 1)]
        return cols + ([f"{name}_other"] if var.other else [])

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


__all__ = ["Codebook", "Derive", "Scale", "Variable", "SPECIAL_SEP", "MULTISELECT_SEP", "LEVELS", "OVERALL_LEVEL", "load_codebook", "dump_codebook", "Problem", "ConfigError"]
