"""Formatted, deterministic Excel workbooks.

Survey firms read our tables in Excel, so every workbook the project writes goes
through :func:`write_workbook`: Chinese headers, a bold frozen header row,
column widths that fit Chinese text, number formats, and fixed document
properties and zip timestamps so that the same tables give the same bytes (a
re-run that changes nothing changes no file).

>>> import pandas as pd
>>> df = pd.DataFrame({"district": ["城东区"], "n": [300], "share": [0.25]})
>>> write_workbook({"汇总": df}, "out.xlsx", headers={"district": "区", "n": "样本量"},
...                number_formats={"share": PERCENT})  # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .textio import atomic_path

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0%"

#: Headers shared across stages; pass ``headers=COMMON_HEADERS_ZH | {...}`` to extend.
COMMON_HEADERS_ZH: dict[str, str] = {
    "district": "区",
    "sex": "性别",
    "age_band": "年龄段",
    "hukou": "户籍",
    "income_band": "家庭月收入",
    "population": "常住人口",
    "share": "占比",
    "n": "样本量",
    "estimate": "估计值",
    "se": "标准误",
    "ci_low": "95%置信区间下限",
    "ci_high": "95%置信区间上限",
    "deff": "设计效应",
    "weight": "权重",
}

#: Fixed document timestamp: a workbook's bytes must not depend on when it was written.
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold

_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 60


def write_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    *,
    headers: Mapping[str, str] | None = None,
    number_formats: Mapping[str, str] | None = None,
    widths: Mapping[str, float] | None = None,
    title: str = "",
    creator: str = "citysurvey",
) -> Path:
    """Write ``sheets`` (sheet name → table) to ``path`` atomically; return the path.

    ``headers`` renames columns for display (original name → Chinese header);
    ``number_formats`` and ``widths`` are keyed by the original column name.
    Integer columns default to ``#,##0`` and float columns to ``#,##0.00``.
    Missing values are written as empty cells.
    """
    data = workbook_bytes(
        sheets, headers=headers, number_formats=number_formats, widths=widths, title=title, creator=creator
    )
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    headers: Mapping[str, str] | None = None,
    number_formats: Mapping[str, str] | None = None,
    widths: Mapping[str, float] | None = None,
    title: str = "",
    creator: str = "citysurvey",
) -> bytes:
    """The bytes :func:`write_workbook` would write (for ``StageResult.files``)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    headers = headers or {}
    number_formats = number_formats or {}
    widths = widths or {}
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, frame in sheets.items():
        ws = wb.create_sheet(_sheet_name(str(name), used))
        _fill_sheet(ws, frame, headers, number_formats, widths)
    props = wb.properties
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = title or None
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp `modified` with now().
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_zip(buf.getvalue())


def sheet_name(name: str) -> str:
    """The sheet name Excel will show for ``name`` (≤31 characters, no ``[]:*?/\\``)."""
    return _sheet_name(name, set())


def _sheet_name(name: str, used: set[str]) -> str:
    base = _INVALID_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    candidate, k = base, 2
    while candidate.lower() in used:  # Excel compares sheet names case-insensitively
        suffix = f"({k})"
        candidate = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(candidate.lower())
    return candidate


def _fill_sheet(ws, frame: pd.DataFrame, headers, number_formats, widths) -> None:
    columns = [str(c) for c in frame.columns]
    bold = Font(bold=True)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=headers.get(col, col))
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for j, col in enumerate(columns, start=1):
        series = frame.iloc[:, j - 1]
        fmt = number_formats.get(col) or _default_format(series)
        for i, value in enumerate(series.tolist(), start=2):
            cell = ws.cell(row=i, column=j, value=_cell_value(value))
            if fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = fmt
        letter = get_column_letter(j)
        width = widths.get(col) or _fit_width(headers.get(col, col), series, fmt)
        ws.column_dimensions[letter].width = width
        if width >= _MAX_WIDTH:  # long text (method notes): wrap rather than run off the screen
            for i in range(2, len(frame) + 2):
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if len(frame):
        ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(frame) + 1}"


def _default_format(series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INTEGER
    if pd.api.types.is_float_dtype(series):
        return DECIMAL
    return None


def _cell_value(value):
    """Plain Python values openpyxl can store; missing → empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (str, int, float, bool, dt.date, dt.datetime)):
        return value
    return str(value)


def display_width(text: str) -> int:
    """Columns a string occupies in a fixed-width font: CJK characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit_width(header: str, series: pd.Series, fmt: str | None) -> float:
    width = display_width(str(header))
    for value in series.tolist()[:2000]:  # a sample is enough to size a column
        value = _cell_value(value)
        if value is None:
            continue
        if isinstance(value, float) and fmt == PERCENT:
            text = f"{value:.1%}"
        elif isinstance(value, float):
            text = f"{value:,.2f}"
        elif isinstance(value, int) and not isinstance(value, bool):
            text = f"{value:,}"
        else:
            text = str(value)
        width = max(width, display_width(text))
    return float(min(max(width + 2, 6), _MAX_WIDTH))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry timestamps so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
