"""Errors a user can act on: which file, row, column and value, and what to do.

Every message is bilingual (Chinese first, then English) because the people who
read them are survey firms and report writers as well as researchers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    zh: str
    en: str
    file: str | None = None
    row: int | None = None  # 1-based line/row number as the user sees it in Excel or an editor
    column: str | None = None
    value: object = None
    hint_zh: str = ""
    hint_en: str = ""

    def where_zh(self) -> str:
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列「{self.column}」")
        if self.value is not None:
            parts.append(f"值「{self.value}」")
        return "，".join(parts)

    def where_en(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)

    def format(self) -> str:
        zh_where, en_where = self.where_zh(), self.where_en()
        zh = f"{zh_where}：{self.zh}" if zh_where else self.zh
        en = f"{en_where}: {self.en}" if en_where else self.en
        if self.hint_zh:
            zh += f" {self.hint_zh}"
        if self.hint_en:
            en += f" {self.hint_en}"
        return f"[错误] {zh}\n[Error] {en}"


class CitySurveyError(Exception):
    """Base class: an error whose message is meant for the user, not a traceback."""

    def __init__(self, problems: Problem | list[Problem], *, limit: int = 20):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.limit = limit
        super().__init__(self.format())

    def __reduce__(self):
        # rebuilt from its problems (not from the formatted text): the report's worker processes send errors back
        return _rebuild_error, (type(self), self.problems, self.limit)

    def format(self) -> str:
        shown = self.problems[: self.limit]
        text = "\n".join(p.format() for p in shown)
        rest = len(self.problems) - len(shown)
        if rest > 0:
            text += f"\n……另有 {rest} 处问题未列出 / … and {rest} more problems not shown"
        return text


def _rebuild_error(cls, problems, limit):
    return cls(problems, limit=limit)


class InputError(CitySurveyError):
    """A data file does not fit the codebook or cannot be read."""


class ConfigError(CitySurveyError):
    """A study config or codebook is invalid."""


class StageError(CitySurveyError):
    """A pipeline stage cannot proceed with the data it was given."""


def display_path(path: str | Path) -> str:
    """Name a file the way the user wrote it, not as an absolute path."""
    return str(path)


@dataclass
class ProblemCollector:
    """Collect every problem in one pass so the user fixes them all at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self, cls: type[CitySurveyError] = InputError) -> None:
        if self.problems:
            raise cls(self.problems)

    def __bool__(self) -> bool:  # pragma: no cover - trivial
        return bool(self.problems)
