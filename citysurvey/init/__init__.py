"""`citysurvey init`: draft study.yaml and codebook.yaml from the files a survey firm hands over.

>>> draft = draft_study("问卷星导出.xlsx", [Path("七普分区年龄.xlsx")])   # doctest: +SKIP
>>> write_draft(draft, Path("问卷星导出.xlsx"), Path("analysis/my_city"))  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from .draft import Draft, draft_study
from .write import write_draft

__all__ = ["Draft", "draft_study", "write_draft", "init_study"]


def init_study(raw: str | Path, tables: list[str | Path] = (), *, out: str | Path, indicators: str | Path | None = None,
               sheet: str | int | None = None) -> tuple[Draft, list[Path]]:
    """Draft a study from `raw` (and population tables, indicators) into the folder `out`."""
    raw, out = Path(raw), Path(out)
    table_paths = [Path(t) for t in tables]
    draft = draft_study(raw, table_paths, sheet=sheet)
    written = write_draft(draft, raw, out, tables=table_paths, indicators=Path(indicators) if indicators else None)
    return draft, written
