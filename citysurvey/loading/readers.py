"""Read survey exports into a table of strings, exactly as the user sees them.

Every cell comes back as ``str`` ("" for empty) so validation sees what is in
the file, not what a parser guessed. Input files are only ever opened for
reading.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..textio import decode_bytes

SUPPORTED = (".csv", ".txt", ".xlsx", ".xlsm", ".sav")

#: The first data row is row 2 in Excel and in a CSV editor (row 1 is the header).
FIRST_DATA_ROW = 2


def read_table(path: str | Path, *, encoding: str = "auto", sheet: str | int | None = None) -> pd.DataFrame:
    """Read CSV (UTF-8, UTF-8 BOM, GBK/GB18030), Excel or SPSS into strings.

    >>> df = read_table("data_samples/demo_city/responses.csv")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise InputError(
            Problem(zh="找不到文件。", en="file not found.", file=str(path), hint_zh="请检查路径。", hint_en="Check the path.")
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        df = _read_csv(path, encoding)
    elif suffix in (".xlsx", ".xlsm"):
        df = _read_excel(path, sheet)
    elif suffix == ".sav":
        df = _read_sav(path)
    else:
        raise InputError(
            Problem(
                zh=f"不支持的文件类型「{suffix}」。",
                en=f"unsupported file type '{suffix}'.",
                file=str(path),
                hint_zh=f"请提供 {', '.join(SUPPORTED)} 文件。",
                hint_en=f"Provide one of {', '.join(SUPPORTED)}.",
            )
        )
    _check_header(df, path)
    return df


def _read_csv(path: Path, encoding: str) -> pd.DataFrame:
    data = path.read_bytes()
    # Decode once to detect (and prove) the encoding, then let the C parser decode the bytes itself:
    # 2.5× faster than parsing the decoded text.
    _, used = decode_bytes(data, path=path, encoding=encoding)
    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False, encoding=used)
    except pd.errors.ParserError as exc:
        raise InputError(
            Problem(
                zh=f"CSV 格式错误：{exc}",
                en=f"malformed CSV: {exc}",
                file=str(path),
                hint_zh="常见原因是某行的逗号个数与表头不同，或引号未闭合。",
                hint_en="Usually a row has more or fewer commas than the header, or an unclosed quote.",
            )
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError(Problem(zh="文件为空。", en="the file is empty.", file=str(path))) from None


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    try:
        df = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=object, engine="openpyxl")
    except ValueError as exc:  # unknown sheet name
        raise InputError(
            Problem(zh=f"无法读取工作表：{exc}", en=f"cannot read the worksheet: {exc}", file=str(path))
        ) from None
    return df.apply(_cells_to_str).astype(object)


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    # Codes, not value labels: the codebook maps codes; labels can differ by wave.
    df, _meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    return df.apply(_cells_to_str).astype(object)


def _cells_to_str(col: pd.Series) -> pd.Series:
    """Render cells as a person would type them: 3.0 → "3", NaN → ""."""

    def one(v) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, pd.Timestamp):
            return v.isoformat(sep=" ")
        return str(v)

    return col.map(one)


def _check_header(df: pd.DataFrame, path: Path) -> None:
    cols = [str(c) for c in df.columns]
    seen: set[str] = set()
    problems = []
    for c in cols:
        name = c.strip()
        if name.startswith("Unnamed:") or name == "":
            problems.append(
                Problem(zh="表头有空列名。", en="the header has an empty column name.", file=str(path), row=1,
                        hint_zh="请为每一列填写列名。", hint_en="Give every column a name.")
            )
        elif name in seen or any(s == name for s in seen):
            problems.append(
                Problem(zh="列名重复。", en="duplicate column name.", file=str(path), row=1, column=name,
                        hint_zh="请重命名重复的列。", hint_en="Rename the duplicate column.")
            )
        seen.add(name)
    # pandas renames duplicates to "x.1"; detect those too
    for c in cols:
        base, _, suffix = c.rpartition(".")
        if suffix.isdigit() and base in seen and c not in (base,):
            problems.append(
                Problem(zh="列名重复。", en="duplicate column name.", file=str(path), row=1, column=base,
                        hint_zh="请重命名重复的列。", hint_en="Rename the duplicate column.")
            )
    if problems:
        raise InputError(problems)
    df.columns = [c.strip() for c in cols]
