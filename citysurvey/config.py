"""The study config: one YAML file describes one study.

Paths are relative to the config file. Each stage owns the model of its own
section (``citysurvey/<stage>/config.py``); this module only assembles them, so a
new stage adds its section without touching the others.

Example::

    study: {id: demo_city, name: 示例市2026年城市体检社会满意度调查, city: 示例市, year: 2026}
    inputs:
      responses: ../../data_samples/demo_city/responses.csv
      codebook: ../../data_samples/demo_city/codebook.yaml
      margins: ../../data_samples/demo_city/population_margins.csv
    output: {dir: ../../output/demo_city}
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError, Problem
from .privacy import PrivacyConfig
from .textio import decode_bytes

M = TypeVar("M", bound=BaseModel)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StudyInfo(_Section):
    id: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    name: str
    city: str
    year: int = Field(ge=2000, le=2100)
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    organisation: str = ""


class Inputs(_Section):
    """The study's files, and how to read a platform export as it comes.

    ``columns`` maps raw headers to codebook variables, so an export is read as downloaded::

        columns:
          "3、您的年龄：": age                 # a header as written (full/half width and spaces ignored)
          "re:^8、.*—停车.*$": q8_3            # re: + a regular expression the whole header matches
          "12(公园绿地)": q12_1                # a multi-select option column → name_1 … name_k

    Headers not named keep their own name. ``header_rows: 2`` reads a two-row header (a group
    title merged over sub-items) as ``title—sub``. ``sheet`` names the worksheet (or its index
    from 0); left out, the sheet that looks like a data table is read and the choice is logged.
    ``missing_values`` are the platform's codes for a skipped question (问卷星 code downloads
    write ``-3``): read as no answer, each cell logged.
    """

    responses: Path
    codebook: Path
    margins: Path | None = None
    indicators: Path | None = None
    quota_plan: Path | None = None  # a plan from `citysurvey quota design`; the run reports its fulfilment
    sheet: str | int | None = None  # worksheet name/index when responses is .xlsx; None = detect
    encoding: str = "auto"  # auto detects UTF-8, UTF-8 with BOM and GBK/GB18030
    columns: dict[str, str] = Field(default_factory=dict)  # raw header (or re:pattern) → codebook variable
    #: 2: a group title merged over sub-items, read as title—sub; a header of more rows is refused
    #: naming the row that is still header (merge the header into two rows)
    header_rows: int = Field(default=1, ge=1, le=2)
    missing_values: list[str] = Field(default_factory=list)  # platform skip codes, e.g. ["-3"]


class CleaningConfig(_Section):
    """Quality rules applied after validation. Each dropped respondent is logged."""

    invalid_values: Literal["error", "missing"] = "error"
    min_age: int | None = 18  # screening: target population is adults (常住人口 18+)
    speeder_ratio: float | None = Field(default=1 / 3, gt=0, lt=1)  # drop if duration < ratio × median
    straightline_min_items: int | None = Field(default=10, ge=3)  # drop if all ≥N answered items identical
    duplicate_ids: Literal["error", "drop"] = "error"
    duplicate_devices: Literal["keep", "drop"] = "drop"


class OutputConfig(_Section):
    dir: Path
    excel: bool = True


def _stage_sections() -> dict[str, type]:
    """Sections owned by stages (see :mod:`citysurvey.registry`)."""
    from .registry import stage_config_models

    return stage_config_models()


class StudyConfig(_Section):
    study: StudyInfo
    inputs: Inputs
    cleaning: CleaningConfig = CleaningConfig()
    output: OutputConfig
    #: minimum-cell suppression of tiny domains in every shared output (citysurvey/privacy.py)
    privacy: PrivacyConfig = PrivacyConfig()
    stages: dict[str, Any] = Field(default_factory=dict)  # validated stage sections, filled by load
    path: Path | None = None  # the config file itself

    def section(self, name: str) -> Any:
        return self.stages[name]


def read_yaml(path: str | Path) -> dict:
    path = Path(path)
    if not path.exists():
        raise ConfigError(
            Problem(
                zh="找不到文件。",
                en="file not found.",
                file=str(path),
                hint_zh="请检查路径（相对路径以配置文件所在目录为准）。",
                hint_en="Check the path (relative paths are relative to the config file).",
            )
        )
    text, _enc = decode_bytes(path.read_bytes(), path=path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            Problem(
                zh=f"YAML 格式错误：{getattr(exc, 'problem', exc)}",
                en=f"invalid YAML: {getattr(exc, 'problem', exc)}",
                file=str(path),
                row=(mark.line + 1) if mark else None,
                hint_zh="请检查缩进和冒号。",
                hint_en="Check indentation and colons.",
            )
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(Problem(zh="顶层应为键值映射。", en="the top level must be a mapping.", file=str(path)))
    return data


def parse_model(model: type[M], data: Any, path: str | Path | None, *, prefix: str = "") -> M:
    """Validate `data` against `model`, turning pydantic's errors into ours."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in (prefix, *err["loc"]) if p != "")
            value = err.get("input")
            shown = value if isinstance(value, (str, int, float, bool)) or value is None else None
            problems.append(
                Problem(
                    zh=f"配置项「{key}」无效：{_zh_reason(err)}",
                    en=f"key '{key}' is invalid: {err['msg']}",
                    file=str(path) if path else None,
                    value=shown,
                    hint_zh="请按文档修改该配置项。",
                    hint_en="Fix this key as documented.",
                )
            )
        raise ConfigError(problems) from None


def _zh_reason(err: dict) -> str:
    kind = err["type"]
    reasons = {
        "missing": "缺少必填项",
        "extra_forbidden": "未知的配置项（拼写错误？）",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "int_from_float": "应为整数",
        "float_parsing": "应为数字",
        "string_type": "应为文本",
        "bool_parsing": "应为 true/false",
        "literal_error": "取值不在允许范围内",
        "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
        "date_parsing": "应为日期 YYYY-MM-DD",
        "greater_than_equal": "数值过小",
        "less_than_equal": "数值过大",
        "greater_than": "数值过小",
        "less_than": "数值过大",
        "string_pattern_mismatch": "格式不符（只允许字母、数字、_ 和 -）",
        "value_error": err.get("msg", "").removeprefix("Value error, "),
    }
    return reasons.get(kind, err["msg"])


def load_study(path: str | Path) -> StudyConfig:
    """Read, validate and resolve a study config.

    >>> cfg = load_study("analysis/demo_city/study.yaml")  # doctest: +SKIP
    >>> cfg.inputs.responses.name                              # doctest: +SKIP
    'responses.csv'
    """
    path = Path(path)
    data = read_yaml(path)
    sections = _stage_sections()
    stage_data = {k: data.pop(k) for k in list(data) if k in sections}
    data.pop("stages", None)
    # every section is checked before any error is raised: one run lists every mistake
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for name, model, section_data, prefix in [("", StudyConfig, data, ""),
                                              *((n, m, stage_data.get(n) or {}, n) for n, m in sections.items())]:
        try:
            parsed[name] = parse_model(model, section_data, path, prefix=prefix)
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    cfg = parsed.pop("")
    stages = parsed
    base = path.parent
    # a section naming other runs' folders (waves.previous) resolves and checks them now, not mid-run
    stages = {name: s.resolve(base) if hasattr(s, "resolve") else s for name, s in stages.items()}
    inputs = cfg.inputs.model_copy(
        update={
            k: (base / v).resolve() if isinstance(v, Path) else v
            for k, v in cfg.inputs.model_dump().items()
        }
    )
    output = cfg.output.model_copy(update={"dir": (base / cfg.output.dir).resolve()})
    cfg = cfg.model_copy(update={"inputs": inputs, "output": output, "stages": stages, "path": path.resolve()})
    _check_inputs_exist(cfg)
    return cfg


def missing_file_problem(key: str, path: Path) -> Problem:
    """The problem of a config key (``inputs.margins``, ``text.lexicon``) naming a file that is not there."""
    return Problem(
        zh=f"配置项「{key}」指向的文件不存在。",
        en=f"the file named by '{key}' does not exist.",
        file=str(path),
        hint_zh="相对路径以配置文件所在目录为准。",
        hint_en="Relative paths are resolved against the config file's folder.",
    )


def _check_inputs_exist(cfg: StudyConfig) -> None:
    problems = [missing_file_problem(f"inputs.{key}", value) for key, value in cfg.inputs.model_dump().items()
                if isinstance(value, Path) and not value.exists()]
    if problems:
        raise ConfigError(problems)


def config_as_dict(cfg: StudyConfig) -> dict:
    """A JSON-ready view for the manifest."""
    data = cfg.model_dump(mode="json", exclude={"stages"})
    data["stages"] = {k: v.model_dump(mode="json") for k, v in cfg.stages.items()}
    return data
