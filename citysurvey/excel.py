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
import itertools
import math
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.etree.ElementTree import _escape_cdata  # what openpyxl's writer escapes text with

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

# defined apart: a report or a plan reads them without loading openpyxl
from .headers import COMMON_HEADERS_ZH, DECIMAL, INTEGER, P_VALUE, PERCENT, SCORE, SE, YEAR  # noqa: F401
from .textio import atomic_path

#: Chinese headers for column names the stages share; a stage's own ``headers`` win.
#: Every column a workbook shows should be here or in its stage's headers (a test
#: reads every demo workbook and fails on an English header).
GLOSSARY_ZH: dict[str, str] = {
    "achieved": "已完成", "alpha": "α系数", "alpha_ci_high": "α系数95%置信区间上限",
    "alpha_ci_low": "α系数95%置信区间下限", "alpha_if_deleted": "删除该题后的α系数", "answer": "回答",
    "aspect": "方面", "base": "分母口径", "base_weight": "基础权数", "category": "类别", "cell": "单元",
    "cells_over": "超额单元数", "cells_short": "未完成单元数", "coef": "回归系数", "cv": "变异系数",
    "deff_kish": "设计效应（Kish）", "description": "说明", "df": "自由度", "df_denom": "分母自由度",
    "diff": "与全市之差", "diff_ci_high": "差值95%置信区间上限", "diff_ci_low": "差值95%置信区间下限",
    "diff_pp": "差异（百分点）", "diff_se": "差值标准误", "direction": "方向",
    "dissatisfied_ci_high": "不满意率95%置信区间上限", "dissatisfied_ci_low": "不满意率95%置信区间下限",
    "dissatisfied_rate": "不满意率", "districts": "涉及区", "domain": "分组", "domain_var": "分组变量",
    "domain_var_label": "分组变量名称", "dup_group": "重复组", "dup_n": "重复次数", "exact": "是否精确",
    "examples": "示例", "fill_rate": "完成率", "flag": "标记", "g": "校准调整系数", "group": "分组",
    "group_answers": "分组回答数", "group_label": "分组名称", "group_variable": "分组变量",
    "hardest_rank": "完成难度排名", "importance": "重要性", "importance_cut": "重要性分界",
    "index": "指数", "indicators": "对应指标", "item": "题目代码", "item_level": "题目层级",
    "item_rest_corr": "校正题总相关", "items": "题目", "k": "题目数", "keyword": "关键词",
    "kind": "类型", "label": "名称", "level": "层级", "lmg": "LMG贡献", "lmg_pct": "LMG贡献占比（%）",
    "margin": "边际", "max": "最大值", "max_min_ratio": "最大最小比", "mean": "均值", "measure": "指标",
    "median": "中位数", "method": "方法", "min": "最小值", "model": "模型", "n_answers": "回答数",
    "n_eff": "有效样本量", "flag_zh": "答案类型", "primary_topic": "主要主题（代码）", "primary_label": "主要主题", "unit": "单位", "role": "角色", "n_effective": "有效样本量（成对作答调和平均）", "n_item": "题目作答数", "n_meeting": "达标人数", "n_mention": "提及人数",
    "n_not_answered": "未作答人数", "n_out_of_range": "超出范围人数", "n_respondents": "受访者人数",
    "n_same": "相同意见数", "n_sample": "样本量", "n_special": "特殊选项人数", "n_topics": "话题数",
    "n_valid": "有效回答数", "nan_policy": "缺失值处理", "over_quota": "超额", "p01": "第1百分位数",
    "p05": "第5百分位数", "p95": "第95百分位数", "p99": "第99百分位数", "p_adjusted": "校正后p值",
    "p_value": "p值", "performance": "表现", "performance_cut": "表现分界", "personal_data": "个人信息",
    "predictor": "自变量", "quadrant": "象限", "quote": "原话", "r2": "R²", "r_with_overall": "与总体满意度的相关",
    "raises_alpha": "删除后α提高", "rank": "排名", "reason_en": "原因（英文）", "reason_zh": "原因",
    "rel_error": "相对误差", "relative_weight": "相对权重", "relative_weight_pct": "相对权重占比（%）",
    "remaining": "尚缺", "required": "要求", "resp_id": "问卷编号", "respondent_id": "问卷编号", "row": "行号",
    "rule": "规则", "sample_share": "样本占比", "satisfied_ci_high": "满意率95%置信区间上限",
    "satisfied_ci_low": "满意率95%置信区间下限", "satisfied_diff": "满意率与全市之差",
    "satisfied_flag": "满意率标记", "satisfied_p": "满意率p值", "satisfied_rate": "满意率",
    "scheme": "计分方案", "score": "得分", "score_ci_high": "得分95%置信区间上限",
    "score_ci_low": "得分95%置信区间下限", "score_diff": "得分与全市之差", "score_flag": "得分标记",
    "score_p": "得分p值", "score_se": "得分标准误", "share_meeting": "达标比例",
    "share_population": "总体占比", "share_sample": "样本占比", "share_weighted": "加权占比",
    "significant": "是否显著", "small_n": "样本偏少", "source": "来源", "special_labels": "特殊选项",
    "statistic": "统计量", "status": "状态", "status_zh": "状态", "std_coef": "标准化系数", "step": "步骤",
    "sum": "合计", "target": "目标", "target_share": "目标占比", "text_redacted": "意见（已脱敏）",
    "theme": "主题", "tolerance_pp": "容差（百分点）", "top_terms": "高频词", "topic": "话题代码",
    "topics": "话题", "topics_model": "话题（模型）", "topics_rule": "话题（规则）", "type": "类型",
    "valid_rate": "有效回答率", "variable": "变量", "variable_label": "变量名称", "year": "年份",
}

#: Code values the stages share, shown by name in workbooks (a stage's own ``values`` win;
#: the CSVs keep the codes). Only values listed here change; any other stays as it is.
VALUES_ZH: dict[str, dict[str, str]] = {
    "status": {"informative": "有效意见", "non_informative": "无实质内容", "blank": "未填写",
               "kept": "保留", "changed": "已修改", "dropped": "已剔除", "total": "合计",
               "met": "已达标", "within": "在容差内", "short": "未完成", "over": "超额",
               "improved": "改善", "resolved": "已解决", "unchanged": "无变化", "worse": "变差"},
    "flag": {"informative": "有效意见", "non_answer": "无实质内容", "off_topic": "与主题无关", "blank": "未填写"},
    "base": {"all": "全部受访者", "informative": "提出有效意见者"},
    "measure": {"topic": "话题", "level": "层级", "score": "得分", "satisfied_rate": "满意率",
                "dissatisfied_rate": "不满意率", "index": "指数", "satisfied_share": "满意率",
                "mean_position": "平均量表位置"},
    "method": {"tfidf": "TF-IDF", "textrank": "TextRank"},
    "kind": {"item": "题目", "index": "指数", "level_index": "层级指数", "composite_index": "综合指数"},
    "area_type": {"city": "全市", "district": "区", "street": "街道", "community": "社区"},
    "direction": {"higher_better": "越高越好", "lower_better": "越低越好", "problem_count": "问题数量（越少越好）"},
    "membership": {"national": "国家基础指标", "provincial": "省级指标", "local": "本地指标"},
    "standard_source": {"none": "无"},
    "scope": {"overall": "总体", "level": "层级", "element": "要素"},
    "type": {"hard": "硬配额", "soft": "软配额", "district": "分区配额"},
    "model": {"items": "各题目", "levels": "各层级"},
    "source": {"equal": "等权", "codebook": "编码本"},
    "nan_policy": {"pairwise": "成对删除", "listwise": "列表删除"},
    "step": {"design": "设计权数", "rake": "迭代比例加权（raking）", "trim": "截尾", "poststratify": "事后分层",
             "replicates": "重复权数", "calibrate:linear": "校准（线性）", "calibrate:raking": "校准（raking）",
             "calibrate:logit": "校准（logit）"},
    "vs_city": {"better": "优于全市", "same": "与全市相同", "worse": "差于全市"},
    "trend": {"improved": "改善", "unchanged": "无变化", "worsened": "变差", "no_previous": "无上期"},
    "change": {"improved": "改善", "worsened": "变差", "none": "无显著变化", "not_compared": "未比较"},
    "score_change": {"improved": "改善", "worsened": "变差", "none": "无显著变化", "unknown": "未知"},
    "grade_change": {"same": "不变", "up": "上升", "down": "下降"},
}

#: columns holding a variable's name: a workbook shows the codebook's label (sex → 性别, street → 街道)
VARIABLE_COLUMNS = ("variable", "area_var", "domain_var", "group_variable", "margin")


def variable_values(labels: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """``values`` for :func:`write_workbook` showing variables by their labels (``Codebook.labels()``).

    >>> variable_values({"sex": "性别"})["domain_var"]
    {'city': '全市', 'topic': '话题', 'sex': '性别'}
    """
    return {c: {"city": "全市", "topic": "话题"} | dict(labels) for c in VARIABLE_COLUMNS}

#: Number formats by what a column holds, read from its name (a stage's own formats win)
_P_COLUMNS = re.compile(r"^(p_value|p_adjusted|p|.+_p|.+_p_value|.+_p_adjusted)$")
_SHARE_COLUMNS = re.compile(r"^(share.*|.+_share|.+_rate|rate|share_meeting|rel_error|.+_ci_(low|high)_rate)$")
_SE_COLUMNS = re.compile(r"^(se|.+_se)$")
_YEAR_COLUMNS = re.compile(r"^(year|.+_year)$")
_SCORE_COLUMNS = re.compile(r"^(score|.+_score|score_.+|importance|performance|.+_cut|diff_pp|.+_pp|.+_pct)$")
#: columns holding a share in one row and a score in the next (a ``measure`` column says which)
_EITHER_COLUMNS = {"estimate", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high"}


def column_format(name: str, series: pd.Series) -> str | None:
    """The number format a column's name implies, or None to fall back on its dtype."""
    if _P_COLUMNS.match(name):
        return P_VALUE
    if _YEAR_COLUMNS.match(name):
        return YEAR
    if name.startswith(("satisfied_", "dissatisfied_")) and not name.endswith(("_flag", "_se")):
        return PERCENT
    if _SHARE_COLUMNS.match(name):
        return PERCENT
    if _SE_COLUMNS.match(name):
        return SE
    if _SCORE_COLUMNS.match(name):
        return SCORE
    return None


def _is_share(values: pd.Series) -> bool:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return len(numbers) > 0 and float(numbers.abs().max()) <= 1


def cell_formats(name: str, frame: pd.DataFrame) -> list[str | None] | None:
    """Per-row formats for a column mixing shares and scores, grouped by the frame's ``measure``."""
    if name not in _EITHER_COLUMNS and name not in ("se", "diff_se"):
        return None
    groups = frame["measure"].astype(str) if "measure" in frame.columns else pd.Series("", index=frame.index)
    out: list[str | None] = []
    judge = "estimate" if "estimate" in frame.columns else name  # an SE is small whatever it measures
    share = {g: _is_share(frame.loc[groups == g, judge]) for g in groups.unique()}
    for g in groups:
        if name in ("se", "diff_se"):
            out.append(SE if share[g] else "0.000")
        else:
            out.append(PERCENT if share[g] else SCORE)
    return out


def unique_headers(names: list[str]) -> list[str]:
    """Headers as shown, with a repeat numbered (与全市比较, 与全市比较（2）) so each is unique."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return out


def _header(col: str, headers: Mapping[str, str]) -> str:
    if col in headers:
        return headers[col]
    if col in COMMON_HEADERS_ZH or col in GLOSSARY_ZH:
        return COMMON_HEADERS_ZH.get(col) or GLOSSARY_ZH[col]
    special = re.fullmatch(r"n_special_(\d+)", col)
    if special:
        return f"特殊选项{special.group(1)}人数"
    return col


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
    values: Mapping[str, Mapping[str, str]] | None = None,
    title: str = "",
    creator: str = "citysurvey",
) -> Path:
    """Write ``sheets`` (sheet name → table) to ``path`` atomically; return the path.

    ``headers`` renames columns for display (original name → Chinese header);
    ``number_formats`` and ``widths`` are keyed by the original column name, and so is
    ``values``: codes shown by their names (``{"topic": {"C_PARKING": "停车"}}``; a cell
    listing codes as ``A|B`` reads ``名A、名B``; a code without a name stays as it is).
    Integer columns default to ``#,##0`` and float columns to ``#,##0.00``.
    Missing values are written as empty cells.
    """
    data = workbook_bytes(sheets, headers=headers, number_formats=number_formats, widths=widths, values=values,
                          title=title, creator=creator)
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
    values: Mapping[str, Mapping[str, str]] | None = None,
    title: str = "",
    creator: str = "citysurvey",
) -> bytes:
    """The bytes :func:`write_workbook` would write (for ``StageResult.files``)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    headers = headers or {}
    number_formats = number_formats or {}
    widths = widths or {}
    values = values or {}
    values = {c: VALUES_ZH.get(c, {}) | dict(values.get(c, {})) for c in set(VALUES_ZH) | set(values)}
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for name, frame in sheets.items():
        ws = wb.create_sheet(_sheet_name(str(name), used))
        _fill_sheet(ws, named_codes(without_code_twins(frame), values), headers, number_formats, widths)
    props = wb.properties
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = title or None
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp `modified` with now(). Stored, not
    # deflated: _normalise_zip compresses every entry once when it fixes the timestamps.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
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


EMPTY_NOTE = "（本表为空：本次运行没有符合条件的记录。）"
CODE_LIST_SEP = "|"  # how a table lists several codes in one cell (topics of one answer)
CROSS = "×"  # how a table names a crossed margin (district×sex)


def without_code_twins(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` without a code column whose Chinese twin ``<name>_zh`` sits beside it (状态 once, not twice)."""
    twins = [c for c in frame.columns if f"{c}_zh" in frame.columns]
    if not twins:
        return frame
    out = frame.drop(columns=twins)
    out.attrs = dict(frame.attrs)  # the empty sheet's note
    return out


def named_codes(frame: pd.DataFrame, values: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """`frame` with the columns in `values` showing names instead of codes (a reader knows 停车, not C_PARKING)."""
    cols = [c for c in frame.columns if str(c) in values]
    if not cols:
        return frame
    out = frame.copy()  # copy keeps attrs (the empty sheet's note)
    for col in cols:
        names = values[str(col)]

        def show(v, names=names):
            if not isinstance(v, str):
                return v
            if v in names:
                return names[v]
            for sep, joined in ((CODE_LIST_SEP, "、"), (CROSS, CROSS)):  # 名A、名B; a crossed margin 区×性别
                if sep in v:
                    return joined.join(names.get(c, c) for c in v.split(sep))
            return v

        out[col] = out[col].map(show)
    return out


def _fill_sheet(ws, frame: pd.DataFrame, headers, number_formats, widths) -> None:
    """Stream ``frame`` into a write-only sheet.

    A write-only sheet keeps no cell objects (a 100,000-row table is written a row at a time),
    and a styled value goes out through one reusable cell per column and style: a style is built
    once per column, not once per cell. Styles are registered column by column in the order a
    cell-by-cell writer meets them, so ``styles.xml`` and the workbook's bytes stay the same.
    The rows are written by :func:`_write_rows` through openpyxl 3.1's write-only internals
    (``_get_writer``, the sheet writer's ``write_rows``, ``cell._writer.write_cell``);
    tests/test_excel.py checks its text against openpyxl's own cell writer.
    """
    columns = [str(c) for c in frame.columns]
    shown = unique_headers([_header(c, headers) for c in columns])
    header_cells = []
    for title in shown:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        header_cells.append(cell)
    data: list = []  # per column: letter, values, each row's styled cell (or None), each row's text
    for j, col in enumerate(columns):
        series = frame.iloc[:, j]
        values = _column_values(series)
        per_row = None if col in number_formats else cell_formats(col, frame)
        fmt = number_formats.get(col) or column_format(col, series) or _default_format(series)
        formats = per_row if per_row else [fmt] * len(values)
        keys = [f if f and isinstance(v, (int, float)) and not isinstance(v, bool) else None
                for v, f in zip(values, formats)]
        templates = _templates(ws, values, keys)
        width = widths.get(col) or _fit_width(shown[j], values, fmt)
        ws.column_dimensions[get_column_letter(j + 1)].width = width
        wrap = width >= _MAX_WIDTH  # long text (method notes): wrap rather than run off the screen
        if wrap:
            templates[None] = WriteOnlyCell(ws)
            for cell in templates.values():
                cell.alignment = _WRAP
        data.append((_LETTERS[j], values, _column_cells(ws, values, keys, templates, wrap),
                     _fragments(values, series)))
    ws.freeze_panes = "A2"
    n = len(frame)
    dimension = _dimension(len(columns), n, note=frame.empty)
    ws.calculate_dimension = lambda: dimension  # write-only sheets leave it out; keep the bytes the same
    head = [(1, header_cells)] if columns else []
    if frame.empty:  # say why rather than hand over a bare header row
        head.append((2, [frame.attrs.get("empty_note", EMPTY_NOTE)]))
        data = []
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{n + 1}"
    ws._get_writer()  # writes everything above the rows (widths, frozen pane) ...
    ws._writer.write_rows = lambda: _write_rows(ws, head, data, n)  # ... and the rows when the workbook is saved


def _write_rows(ws, head: list, data: list, n: int) -> None:
    """The sheet's ``<sheetData>``: ``head`` rows ((row number, cells) pairs), then ``n`` rows from ``data``.

    openpyxl serialises each cell through an element tree; the common cells (text, finite numbers,
    an empty styled cell) are written here as the same text, prepared a column at a time, and every
    other cell (dates, booleans, text that looks like a formula, …) still goes through openpyxl.
    """
    writer = ws._writer
    xf = writer.xf.send(True)
    with xf.element("sheetData"):
        raw = getattr(xf, "_file", None)  # et_xmlfile's writer; lxml's (OPENPYXL_LXML=True) has no text path
        styles: dict[int, str] = {}  # ' s="3"' by cell object (alive while the sheet is written)

        def style(cell) -> str:  # a style's number is given at its first write, as openpyxl does
            found = styles.get(id(cell))
            if found is None:
                found = styles[id(cell)] = f' s="{cell.style_id}"' if cell.has_style else ""
            return found

        def openpyxl_cell(cell, c: int, r: int) -> None:
            cell.column, cell.row = c + 1, r
            write_cell(xf, ws, cell, cell.has_style)

        rows = head if raw is not None else itertools.chain(head, (  # lazily: a template holds one row's value
            (i + 2, [_filled(cells[i], values[i]) for _, values, cells, _ in data]) for i in range(n if data else 0)))
        for r, items in rows:
            if raw is None:
                writer.write_row(xf, ws._values_to_row(items, r), r)
                continue
            raw(f'<row r="{r}">')
            for c, item in enumerate(items):
                styled = isinstance(item, Cell)  # a header cell
                value = item._value if styled else item
                text = _fast_cell(value)
                if value is None and not (styled and style(item)):
                    continue
                if text is None:
                    openpyxl_cell(item if styled else WriteOnlyCell(ws, value=value), c, r)
                else:
                    raw(f'<c r="{_LETTERS[c]}{r}"{style(item) if styled else ""}{text}')
            raw("</row>")
        if raw is not None and data:
            for i in range(n):
                r = i + 2
                raw(f'<row r="{r}">')
                for c, (letter, values, cells, texts) in enumerate(data):
                    cell, text = cells[i], texts[i]
                    if cell is None:
                        if values[i] is None:
                            continue
                        if text is None:
                            openpyxl_cell(WriteOnlyCell(ws, value=values[i]), c, r)
                        else:
                            raw(f'<c r="{letter}{r}"{text}')
                    elif text is None:
                        cell.value = values[i]
                        openpyxl_cell(cell, c, r)
                    elif text is not _EMPTY or style(cell):  # openpyxl skips an empty cell without a style
                        raw(f'<c r="{letter}{r}"{style(cell)}{text}')
                raw("</row>")
    writer.xf.send(None)


def _filled(cell, value):
    if cell is None:
        return value
    cell.value = value
    return cell


_EMPTY = ' t="n" />'


def _fragments(values: list, series: pd.Series) -> list:
    """Each value's cell text after ``<c r=.. s=..`` (see :func:`_fast_cell`), a column at a time."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind in ("i", "u"):
        return [f' t="n"><v>{"%.16g" % v}</v></c>' for v in values]
    if kind == "f":  # v - v is 0 for a finite number only
        return [_EMPTY if v is None else f' t="n"><v>{"%.16g" % v}</v></c>' if v - v == 0 else None for v in values]
    return [_fast_cell(v) for v in values]


def _fast_cell(value) -> str | None:
    """The rest of a ``<c r=.. s=..`` element for a common value, or None to leave it to openpyxl."""
    if value is None:
        return _EMPTY
    kind = type(value)
    if kind is str:
        if (not value or len(value) > 32767 or value in ERROR_CODES or (value[0] == "=" and len(value) > 1)
                or value[0].isspace() or value[-1].isspace() or ILLEGAL_CHARACTERS_RE.search(value)):
            return None
        return f' t="inlineStr"><is><t>{_escape_cdata(value)}</t></is></c>'
    if kind is int or (kind is float and math.isfinite(value)):
        return f' t="n"><v>{"%.16g" % value}</v></c>'
    return None


_LETTERS = [get_column_letter(j) for j in range(1, 16385)]  # every column Excel has


_BOLD = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _column_values(series: pd.Series) -> list:
    """The column as plain Python values (see :func:`_cell_value`), without a call per value for numpy dtypes."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind == "f":
        return [None if v != v else v for v in series.tolist()]  # NaN is the one value unequal to itself
    if kind in ("i", "u", "b"):
        return series.tolist()
    return [_cell_value(v) for v in series.tolist()]


def _templates(ws, values: list, keys: list) -> dict:
    """One styled cell per number format of the column, registered in the order the rows meet them."""
    templates: dict = {}
    for v, key in zip(values, keys):
        if key is not None:
            if key not in templates:
                templates[key] = WriteOnlyCell(ws)
                templates[key].number_format = key
        elif isinstance(v, (dt.date, dt.time)):
            date_format = WriteOnlyCell(ws, value=v).number_format  # openpyxl's own format for a date
            templates.setdefault(("date", date_format), None)
    return {k: c for k, c in templates.items() if c is not None}


def _column_cells(ws, values: list, keys: list, templates: dict, wrap: bool) -> list:
    """Each row's styled cell: its format's template, a date's own cell in a wrapped column, or None."""
    if not templates:
        return [None] * len(values)
    out = []
    for v, key in zip(values, keys):
        if key is None and not wrap:
            out.append(None)
        elif key is None and isinstance(v, (dt.date, dt.time)):  # a date keeps its own format, plus the wrap
            cell = WriteOnlyCell(ws, value=v)
            cell.alignment = _WRAP
            out.append(cell)
        else:
            out.append(templates[key])
    return out


def _dimension(n_columns: int, n_rows: int, *, note: bool) -> str:
    """The used range a cell-by-cell sheet would report (header, data, and the empty sheet's note)."""
    rows, cols = [], []
    if n_columns:
        rows.append(1)
        cols += [1, n_columns]
        if n_rows:
            rows.append(n_rows + 1)
    if note:
        rows.append(2)
        cols.append(1)
    if not rows:
        return "A1:A1"
    return f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"


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


def _fit_width(header: str, values: list, fmt: str | None) -> float:
    """A width fitting the header and the first values (plain values, see :func:`_column_values`)."""
    width = display_width(str(header))
    for value in values[:2000]:  # a sample is enough to size a column
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
