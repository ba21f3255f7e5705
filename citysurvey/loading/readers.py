"""Read survey exports into a table of strings, exactly as the user sees them.

Every cell comes back as ``str`` ("" for empty) so validation sees what is in
the file, not what a parser guessed. Input files are only ever opened for
reading.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..textio import decode_bytes

SUPPORTED = (".csv", ".txt", ".xlsx", ".xlsm", ".sav")

#: The first data row is row 2 in Excel and in a CSV editor (row 1 is the header).
FIRST_DATA_ROW = 2


@dataclass
class RawTable:
    """A file read as strings, with what reading it had to decide.

    ``notes``: bilingual lines for the cleaning log (a dropped empty column, the sheet chosen…);
    ``value_labels`` / ``user_missing``: SPSS value labels and user-missing codes by column, codes
    rendered as strings the way cells are; ``first_row``: the row number of the first data row as a
    spreadsheet shows it (2 with one header row, 3 with two).
    """

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    user_missing: dict[str, set[str]] = field(default_factory=dict)
    #: SPSS variable labels (the question text) by column, where the file has them
    column_labels: dict[str, str] = field(default_factory=dict)
    first_row: int = FIRST_DATA_ROW


def read_table(path: str | Path, *, encoding: str = "auto", sheet: str | int | None = None,
               header_rows: int = 1) -> pd.DataFrame:
    """Read CSV (UTF-8, UTF-8 BOM, GBK/GB18030), Excel or SPSS into strings.

    >>> df = read_table("data_samples/demo_city/responses.csv")  # doctest: +SKIP
    """
    return read_raw(path, encoding=encoding, sheet=sheet, header_rows=header_rows).frame


def read_raw(path: str | Path, *, encoding: str = "auto", sheet: str | int | None = None,
             header_rows: int = 1, grid: bool = False) -> RawTable:
    """Like :func:`read_table`, keeping the notes, SPSS labels and the first data row's number.

    ``grid=True`` returns every row as it stands, columns numbered from 0 (a yearbook table whose
    title, header and notes the caller sorts out); CSV rows of any length are padded.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(
            Problem(zh="找不到文件。", en="file not found.", file=str(path), hint_zh="请检查路径。", hint_en="Check the path.")
        )
    suffix = path.suffix.lower()
    table = RawTable(pd.DataFrame(), first_row=header_rows + 1)
    headed = suffix == ".sav"  # .sav carries its names; the CSV fast path lets pandas read the header
    if grid and suffix in (".csv", ".txt"):
        table.frame = _read_csv_grid(path, encoding)
        return table
    if grid and suffix in (".xlsx", ".xlsm"):
        table.frame = _read_excel(path, sheet, table.notes)
        table.frame.columns = range(table.frame.shape[1])
        return table
    if suffix in (".csv", ".txt"):
        grid = _read_csv(path, encoding, header_rows)
        headed = header_rows == 1
    elif suffix in (".xlsx", ".xlsm"):
        grid = _read_excel(path, sheet, table.notes)
    elif suffix == ".sav":
        grid = _read_sav(path, table)
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
    if not headed:
        grid = _apply_header(grid, header_rows, path)
    check_ends = not headed or suffix in (".csv", ".txt")
    try:
        table.frame = _drop_empty_columns(grid, path, table.notes, table.first_row)
    except InputError:
        if check_ends:  # unnamed columns over a row of sub-items: the header has another row
            _check_header_ends(grid, path, header_rows)
        raise
    table.frame = _drop_trailing_blank_rows(table.frame, path, table.notes)
    if check_ends:  # before the names: a header row read as data also repeats the names above it
        _check_header_ends(table.frame, path, header_rows)
    _check_header(table.frame, path)
    return table


def excel_column(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names the i-th column."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _read_csv(path: Path, encoding: str, header_rows: int) -> pd.DataFrame:
    data = path.read_bytes()
    # Decode once to detect (and prove) the encoding, then let the C parser decode the bytes itself:
    # 2.5× faster than parsing the decoded text.
    _, used = decode_bytes(data, path=path, encoding=encoding)
    try:
        if header_rows == 1:  # the fast path: pandas reads the header itself
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False, encoding=used)
            # Empty header cells come back as "Unnamed: 7"; make them empty again.
            df.columns = ["" if re.fullmatch(r"Unnamed: \d+(\.\d+)?", str(c)) else str(c) for c in df.columns]
            return df
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False, encoding=used,
                           header=None)
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


def _read_csv_grid(path: Path, encoding: str) -> pd.DataFrame:
    import csv

    text, _ = decode_bytes(path.read_bytes(), path=path, encoding=encoding)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(Problem(zh="文件为空。", en="the file is empty.", file=str(path)))
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def _read_excel(path: Path, sheet: str | int | None, notes: list[str]) -> pd.DataFrame:
    try:
        if sheet is not None:
            df = pd.read_excel(path, sheet_name=sheet, dtype=object, engine="openpyxl", header=None)
        else:
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl", header=None)
            name = _pick_data_sheet(sheets)
            df = sheets[name]
            if len(sheets) > 1:
                others = "、".join(str(s) for s in sheets if s != name)
                notes.append(
                    f"自动选择工作表「{name}」作为数据（其余工作表：{others}）；如不对，请设置 inputs.sheet。 / "
                    f"worksheet '{name}' looks like the data and was read (others: {others}); set inputs.sheet otherwise."
                )
    except ValueError as exc:  # unknown sheet name
        raise InputError(
            Problem(zh=f"无法读取工作表：{exc}", en=f"cannot read the worksheet: {exc}", file=str(path),
                    hint_zh="请检查 inputs.sheet（工作表名称或从 0 开始的序号）。",
                    hint_en="Check inputs.sheet (a sheet name, or its index from 0).")
        ) from None
    if df.empty:
        raise InputError(Problem(zh="工作表为空。", en="the worksheet is empty.", file=str(path)))
    return df.apply(_cells_to_str).astype(object)


def _pick_data_sheet(sheets: dict[str, pd.DataFrame]) -> str:
    """The sheet that looks like a data table: most rows filled across at least half its width.

    A cover or 说明 sheet holds a few long lines in one or two columns, so it scores low.
    Ties keep the workbook's order.
    """
    best, best_score = next(iter(sheets)), -1
    for name, df in sheets.items():
        if df.empty:
            continue
        filled = df.notna().to_numpy() & (df.map(lambda v: str(v).strip()).to_numpy() != "")
        width = int(filled.sum(axis=1).max())
        score = int((filled.sum(axis=1) >= max(2, width / 2)).sum()) * width
        if score > best_score:
            best, best_score = name, score
    return best


def _read_sav(path: Path, table: RawTable) -> pd.DataFrame:
    import pyreadstat

    # Codes are kept; value labels and user-missing codes travel beside them, so validation maps a
    # code through its label only when the codebook speaks labels, and never drops a code silently.
    df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
    one = _cell_text
    table.value_labels = {
        col: {one(code): str(label) for code, label in labels.items()}
        for col, labels in (meta.variable_value_labels or {}).items()
    }
    missing: dict[str, set[str]] = {}
    for col, values in (getattr(meta, "missing_user_values", None) or {}).items():
        missing.setdefault(col, set()).update(one(v) for v in values)
    for col, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        codes = set(df[col].dropna().unique()) if col in df.columns else set()
        for r in ranges:
            missing.setdefault(col, set()).update(
                one(v) for v in codes if isinstance(v, (int, float)) and r["lo"] <= v <= r["hi"])
    table.user_missing = {k: v for k, v in missing.items() if v}
    table.column_labels = {k: str(v) for k, v in (meta.column_names_to_labels or {}).items() if v}
    return df.apply(_cells_to_str).astype(object)


def _cell_text(v) -> str:
    """Render a cell as a person would type it: 3.0 → "3", NaN → ""."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, pd.Timestamp):
        return v.isoformat(sep=" ")
    return str(v)


def _cells_to_str(col: pd.Series) -> pd.Series:
    return col.map(_cell_text)


def _apply_header(grid: pd.DataFrame, header_rows: int, path: Path) -> pd.DataFrame:
    """Turn the first `header_rows` rows into column names.

    Two header rows (a group title merged across columns over the sub-items) combine as
    ``title—sub`` — the way 问卷星 names matrix items — or the one that is filled.
    """
    if len(grid) < header_rows:
        raise InputError(Problem(zh="文件为空（没有表头）。", en="the file is empty (no header).", file=str(path)))
    head = grid.iloc[:header_rows].astype(str).map(str.strip)
    if header_rows == 1:
        names = list(head.iloc[0])
    else:
        top = list(head.iloc[0])
        for i in range(1, len(top)):  # merged cells hold their text in the first cell only
            if top[i] == "" and head.iloc[1:, i].ne("").any():
                top[i] = top[i - 1]
        bottom = [" ".join(x for x in head.iloc[1:, i] if x) for i in range(len(top))]
        names = [f"{t}—{b}" if t and b and t != b else (t or b) for t, b in zip(top, bottom)]
    body = grid.iloc[header_rows:].reset_index(drop=True)
    body.columns = names
    return body


def _drop_empty_columns(df: pd.DataFrame, path: Path, notes: list[str], first_row: int) -> pd.DataFrame:
    """Unnamed columns: dropped and noted when empty (a stray trailing comma), an error otherwise."""
    names = [str(c).strip() for c in df.columns]
    unnamed = [i for i, c in enumerate(names) if c == ""]
    if not unnamed:
        return df
    problems, drop = [], []
    for i in unnamed:
        col = df.iloc[:, i].astype(str).str.strip()
        filled = np.flatnonzero(col.ne("").to_numpy())
        letter = excel_column(i)
        if len(filled) == 0:
            drop.append(i)
            notes.append(f"已忽略第 {letter} 列：没有列名且全空。 / ignored column {letter}: no name and no data.")
        else:
            problems.append(
                Problem(zh=f"第 {letter} 列（第 {i + 1} 列）没有列名，但有数据。",
                        en=f"column {letter} (column {i + 1}) has no name but holds data.",
                        file=str(path), row=int(filled[0]) + first_row, column=letter, value=col.iat[filled[0]],
                        hint_zh="请在表头为该列填写名称，或删除该列。", hint_en="Name the column in the header or delete it.")
            )
    if problems:
        raise InputError(problems)
    keep = [i for i in range(df.shape[1]) if i not in drop]
    return df.iloc[:, keep]


def _drop_trailing_blank_rows(df: pd.DataFrame, path: Path, notes: list[str]) -> pd.DataFrame:
    """Spreadsheets keep formatted but empty rows at the end; they are not respondents."""
    n = 0  # walk up from the last row: a million-row file is not scanned whole for this
    while n < len(df) and all(str(v).strip() == "" for v in df.iloc[len(df) - 1 - n]):
        n += 1
    if n:
        notes.append(f"已忽略文件末尾的 {n} 个空行。 / ignored {n} empty row(s) at the end of the file.")
        df = df.iloc[: len(df) - n]
    return df


#: the marker of the "header goes on" refusal, so `init` can try another number of header rows
HEADER_CONTINUES = "看起来仍是表头"
MAX_HEADER_ROWS = 2


def _check_header_ends(df: pd.DataFrame, path: Path, header_rows: int) -> None:
    """Refuse a first data row that is really one more header row (sub-items under merged titles).

    Such a row fills answer columns with words no respondent gave: in every column whose answers
    repeat (a category, a scale), its cell is a value found nowhere else. A real first respondent
    shares nearly all of theirs with someone. Judged on the first 2,000 rows, so a big file costs
    no more than a small one.
    """
    head = df.iloc[:2000]
    if len(head) < 10:
        return
    first = head.iloc[0].astype(str).str.strip()
    unique_cells = []
    for i in range(head.shape[1]):
        rest = head.iloc[1:, i].astype(str).str.strip()
        rest = rest[rest != ""]
        if first.iat[i] == "" or len(rest) < 5 or rest.nunique() > max(2, 0.2 * len(rest)):
            continue  # not a column of repeated answers
        if first.iat[i] in set(rest):
            return  # a value someone else gave too: a respondent
        unique_cells.append(i)
    if len(unique_cells) < 2:
        return
    row = header_rows + 1
    shown = "、".join(f"{excel_column(i)}「{first.iat[i]}」" for i in unique_cells[:4])
    fix_zh = (f"若表头共有 {row} 行，请设置 inputs.header_rows: {row}。" if row <= MAX_HEADER_ROWS else
              f"citysurvey 读一行或两行表头（inputs.header_rows: 1 或 2）；请在 Excel 中把第 1–{row} 行合并为两行"
              f"（题干在上、子项在下，如第 {row - 1} 行写题干、第 {row} 行写子项），删去其余表头行后再读取。")
    fix_en = (f"If the header has {row} rows, set inputs.header_rows: {row}." if row <= MAX_HEADER_ROWS else
              f"citysurvey reads one or two header rows (inputs.header_rows: 1 or 2): in Excel, merge rows 1–{row} "
              f"into two (the question above, the sub-item below) and delete the other header rows.")
    raise InputError(Problem(
        zh=f"第 {row} 行{HEADER_CONTINUES}：{shown} 等 {len(unique_cells)} 格在各自列的答卷中从未出现；"
           f"表头可能有 {row} 行，而现在按 {header_rows} 行读取。",
        en=f"row {row} looks like part of the header: {len(unique_cells)} cells (e.g. column {excel_column(unique_cells[0])} "
           f"'{first.iat[unique_cells[0]]}') hold values no respondent gave in their columns; the header seems to have "
           f"{row} rows, read as {header_rows}.",
        file=str(path), row=row, column=excel_column(unique_cells[0]), value=first.iat[unique_cells[0]],
        hint_zh=fix_zh, hint_en=fix_en))


def _check_header(df: pd.DataFrame, path: Path) -> None:
    cols = [str(c) for c in df.columns]
    seen: set[str] = set()
    problems = []
    for i, c in enumerate(cols):
        name = c.strip()
        if name in seen:
            problems.append(
                Problem(zh=f"列名重复（第 {excel_column(i)} 列）。", en=f"duplicate column name (column {excel_column(i)}).",
                        file=str(path), row=1, column=name,
                        hint_zh="请重命名重复的列。", hint_en="Rename the duplicate column.")
            )
        seen.add(name)
    # pandas renames duplicates to "x.1"; detect those too
    for i, c in enumerate(cols):
        base, _, suffix = c.rpartition(".")
        if suffix.isdigit() and base in seen and c not in (base,):
            problems.append(
                Problem(zh=f"列名重复（第 {excel_column(i)} 列）。", en=f"duplicate column name (column {excel_column(i)}).",
                        file=str(path), row=1, column=base,
                        hint_zh="请重命名重复的列。", hint_en="Rename the duplicate column.")
            )
    if problems:
        raise InputError(problems)
    df.columns = [c.strip() for c in cols]
