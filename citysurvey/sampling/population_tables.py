"""Population tables as statistical yearbooks and census (七普) releases print them → long margins.

A yearbook table has a title row, a header of one or two rows (男 / 女 merged over the age
groups), a 合计 row and column, a unit (单位：万人) and a 资料来源 note. This module reads such a
table without hand-editing:

- title and note rows (one filled cell, or 资料来源/注/说明 …) are set aside; 单位：万人 scales ×10,000;
- the header is every row above the first row of numbers; merged cells are filled across;
- every header and row label is matched to a categorical variable of the codebook, by its
  categories and aliases, or through a derived variable's merge map (``18-24岁`` → ``18-34``);
- age groups (``20-24岁``, ``65岁及以上``) are aggregated onto a variable whose categories are age
  intervals (``18-34``, ``60+``); a group straddling a band's bound is split in proportion to its
  years (stated as a warning); groups below the youngest band are left out (noted);
- 合计/总计/小计 rows and columns are dropped after checking that the parts add up to them (a
  warning with both numbers when they do not: yearbooks round);
- anything that matches nothing is an error naming its cell and what to do (an alias).

Several tables become one margins file. Later tables are rescaled to agree with the first on the
variables they share (a 户籍 table of all ages scaled to the 18+ district totals of the age table),
because calibration needs margins that describe one population; the factors are noted.

>>> margins, notes = population_margins(["七普分区年龄.xlsx", "户籍.csv"], codebook)  # doctest: +SKIP
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import InputError, Problem
from ..loading.auxiliary import MARGIN_SEP
from ..loading.normalize import canon
from ..loading.readers import excel_column, read_raw, read_table

TOTAL_WORDS = ("合计", "总计", "小计", "总数", "全市", "总人口", "合 计", "total", "Total", "TOTAL")
NOTE_PREFIXES = ("资料来源", "数据来源", "来源", "注", "说明", "备注", "Source", "Note")
#: labels of a value column that names no category ("常住人口", "人数")
NEUTRAL = re.compile(r"^(常住|户籍|年末|)(人口|人数|人口数|数量|总人口)(（人）|\(人\)|（万人）|\(万人\))?$")

_RANGE = re.compile(r"^(\d+)\s*(?:岁)?\s*[-–—~～至到]\s*(\d+)\s*(?:岁|周岁)?$")
_OPEN_TOP = re.compile(r"^(\d+)\s*(?:岁|周岁)?\s*(?:及以上|以上|及其以上|\+|岁以上)$")
_OPEN_BOTTOM = re.compile(r"^(\d+)\s*(?:岁|周岁)?\s*(及以下|以下)$")


def age_interval(label: str) -> tuple[float, float] | None:
    """'20-24岁' → (20, 25); '65岁及以上' / '60+' → (65, inf); '18岁以下' → (0, 18); else None."""
    s = canon(label).replace(" ", "")
    if m := _RANGE.match(s):
        lo, hi = int(m[1]), int(m[2])
        return (lo, hi + 1) if hi >= lo else None
    if m := _OPEN_TOP.match(s):
        return (int(m[1]), math.inf)
    if m := _OPEN_BOTTOM.match(s):
        return (0, int(m[1]) + (1 if m[2] == "及以下" else 0))
    return None


def _key(label: str) -> str:
    return re.sub(r"\s+", "", canon(str(label)))


def _is_total(label: str) -> bool:
    return _key(label) in {_key(w) for w in TOTAL_WORDS}


@dataclass
class LabelIndex:
    """Every spelling a table may use for a codebook category."""

    spellings: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (variable, category)
    age_var: str | None = None
    age_bands: list[tuple[str, float, float]] = field(default_factory=list)

    @classmethod
    def of(cls, codebook: Codebook) -> "LabelIndex":
        idx = cls()
        # derived variables first: the margins speak the bands weighting uses, not the raw answers
        names = codebook.derived + [n for n in codebook.names(type="categorical") if n not in codebook.derived]
        for name in names:
            var = codebook.variables[name]
            spell = {c: c for c in var.categories or []} | dict(var.aliases)
            if var.derive is not None and var.derive.map is not None:
                src = codebook.variables[var.derive.source]
                for k, v in ({c: c for c in src.categories or []} | dict(src.aliases)).items():
                    if v in var.derive.map:
                        spell.setdefault(k, var.derive.map[v])
            for s, cat in spell.items():
                idx.spellings.setdefault(_key(s), (name, cat))
            if idx.age_var is None and var.role == "demographic":
                bands = [age_interval(c) for c in var.categories or []]
                if len(bands) > 1 and all(bands):
                    idx.age_var = name
                    idx.age_bands = [(c, b[0], b[1]) for c, b in zip(var.categories or [], bands)]  # type: ignore[index]
        return idx

    def match(self, label: str) -> tuple[str, list[tuple[str, float]]] | None:
        """(variable, [(category, share of the label's population)]) or None."""
        hit = self.spellings.get(_key(label))
        if hit is not None:
            return hit[0], [(hit[1], 1.0)]
        iv = age_interval(label)
        if iv is None or self.age_var is None:
            return None
        lo, hi = iv
        parts = []
        for cat, b_lo, b_hi in self.age_bands:
            overlap = min(hi, b_hi) - max(lo, b_lo)
            if overlap > 0:
                parts.append((cat, 1.0 if math.isinf(hi) and b_hi == math.inf else overlap / (hi - lo)))
        if math.isinf(hi) and parts and parts[-1][1] != 1.0:
            return None  # an open top group reaching over several bands cannot be split
        return self.age_var, parts


@dataclass
class Table:
    """One population table read into long margins."""

    margins: pd.DataFrame
    notes: list[str]


@dataclass
class _Parsed:
    g: np.ndarray  # the cells, title and note rows included
    rows: list  # spreadsheet row index (0-based) of each g row
    cols: list  # column index (0-based) of each g column
    header: list[int]
    data: list[int]
    labels_by_col: dict[int, list[str]]
    numeric: np.ndarray
    unit: float
    notes: list[str]
    nlab: int = 1  # how many leading columns label the rows


def _parse(path: Path, sheet: str | int | None = None) -> _Parsed:
    """Split a table into title/notes, header rows (merged cells filled across) and rows of numbers."""
    file = str(path)
    raw = read_raw(path, sheet=sheet, header_rows=1, grid=True)
    grid = raw.frame.map(lambda v: str(v).strip())
    notes = [n for n in raw.notes]
    grid = grid.loc[grid.ne("").any(axis=1), grid.ne("").any(axis=0)]
    rows, cols = list(grid.index), list(grid.columns)
    g = grid.to_numpy()
    unit = 1.0
    numeric = np.vectorize(is_number)(g) if g.size else np.zeros(g.shape, bool)
    filled = g != ""
    # title/notes: one filled cell, or a note prefix in the first cell
    text_only = (filled.sum(axis=1) <= 1) | np.array([str(r[0]).startswith(NOTE_PREFIXES) for r in g], dtype=bool)
    for i in np.flatnonzero(text_only):
        line = " ".join(x for x in g[i] if x)
        if "万人" in line and ("单位" in line or "万人" == line.strip("（）()单位：: ")):
            unit = 10000.0
        notes.append(f"略去标题/注释行 {rows[i] + 1}：{line[:40]} / skipped a title or note row")
    body = [i for i in range(len(g)) if not text_only[i]]
    first_num = next((i for i in body if numeric[i, 1:].sum() >= max(1, filled[i, 1:].sum() / 2)
                      or _labels_then_numbers(numeric[i], filled[i])), None)
    if first_num is None:
        raise InputError(Problem(zh="表中找不到数字行。", en="the table has no row of numbers.", file=file,
                                 hint_zh="请提供含人口数的统计表。", hint_en="Give a table that holds population counts."))
    header = [i for i in body if i < first_num]
    data = [i for i in body if i >= first_num]
    if any("万人" in x for i in header for x in g[i]):
        unit = 10000.0
    if unit != 1.0:
        notes.append("单位为万人，已乘以 10000。 / the unit is 10,000 persons; multiplied by 10,000.")
    # leading columns of text are row labels (区县, then 街道 under it); merged label cells fill down
    nlab = 1
    while nlab < len(cols) - 1 and not any(numeric[i, nlab] for i in data) and any(g[i, nlab] for i in data):
        nlab += 1
    # a blank continues the group above only while every label left of it is blank too: a new 区县
    # (or a 合计 row) starts afresh, so its blank 性别 is not the previous district's 女
    was_blank = g[:, :nlab] == ""
    for k in range(nlab - 1):
        last = ""
        for i in data:
            if g[i, k]:
                last = g[i, k]
            elif last and was_blank[i, :k].all():
                g[i, k] = last
    labels_by_col: dict[int, list[str]] = {j: [] for j in range(nlab, len(cols))}
    for i in header:
        last = ""
        for j in range(nlab, len(cols)):
            cell = g[i, j]
            below = [g[k, j] for k in header if k > i]
            if cell:
                last = cell
            elif last and any(below):
                cell = last  # a group title merged across its sub-columns
            if cell:
                labels_by_col[j].append(cell)
    return _Parsed(g, rows, cols, header, data, labels_by_col, numeric, unit, notes, nlab)


def _labels_then_numbers(numeric: np.ndarray, filled: np.ndarray) -> bool:
    """A tidy (long) row: labels, then counts (``天元区, 男, 18-34岁, 70870``)."""
    cells = [bool(n) for n, f in zip(numeric, filled) if f]
    return bool(cells) and not cells[0] and cells[-1] and cells == sorted(cells)


def _long_format(path: Path) -> pd.DataFrame | None:
    """The package's own long margins (``margin``, variables…, ``population``), read as is; else None."""
    try:
        head = read_table(path)
    except InputError:
        return None
    return head if {"margin", "population"} <= set(head.columns) else None


def table_labels(path: str | Path, sheet: str | int | None = None) -> list[str]:
    """Every header and row label of a table (totals and notes left out), in the order met."""
    long = _long_format(Path(path))
    if long is not None:
        cols = [c for c in long.columns if c not in ("margin", "population")]
        return [v for v in dict.fromkeys(long[cols].to_numpy().ravel().tolist()) if v]
    p = _parse(Path(path), sheet)
    labels = [lab for j in sorted(p.labels_by_col) for lab in p.labels_by_col[j]] + \
        [p.g[i, k] for i in p.data for k in range(p.nlab)]
    return [lab for lab in dict.fromkeys(labels) if lab and not _is_total(lab)]


def read_population_table(path: str | Path, codebook: Codebook, *, sheet: str | int | None = None) -> Table:
    """Read one yearbook-style table (xlsx or CSV in any supported encoding) into long margins."""
    path = Path(path)
    file = str(path)
    long = _long_format(path)
    if long is not None:
        from ..loading import validate_margins

        table = validate_margins(long, codebook, file=file)
        return Table(table[table.columns[table.columns != ""]],
                     ["已是长格式边际表，按原样校验后使用。 / already long margins; checked and used as they are."])
    p = _parse(path, sheet)
    g, rows, cols, header, data, labels_by_col, numeric, unit, notes = (
        p.g, p.rows, p.cols, p.header, p.data, p.labels_by_col, p.numeric, p.unit, p.notes)
    index = LabelIndex.of(codebook)
    problems: list[Problem] = []

    def where(i: int | None, j: int | None) -> dict:
        return {"file": file, "row": None if i is None else int(rows[i]) + 1,
                "column": None if j is None else excel_column(int(cols[j]))}

    col_info: dict[int, tuple[bool, dict]] = {}  # j → (is total, {var: [(cat, share)]})
    for j, labels in labels_by_col.items():
        if not labels and not any(numeric[i, j] for i in data):
            continue
        total, vars_ = False, {}
        for lab in labels:
            if _is_total(lab):
                total = True
                continue
            m = index.match(lab)
            if m is None and NEUTRAL.match(_key(lab)):
                continue
            if m is None and len(labels_by_col) == 1 and (p.nlab > 1 or re.search(r"人口|人数", lab)):
                # a tidy table's one count column ("2020年常住人口"): its header names no category
                notes.append(f"「{lab}」列读作人口数。 / column '{lab}' read as the population counts.")
                continue
            if m is None:
                if age_interval(lab) is not None and (iv := age_interval(lab)) and index.age_var and \
                        iv[1] <= index.age_bands[0][1]:
                    vars_ = None  # entirely below the youngest band: not the target population
                    notes.append(f"年龄组「{lab}」低于 {index.age_var} 的最低年龄段，已略去。 / "
                                 f"age group '{lab}' is below the youngest band of {index.age_var}; left out.")
                    break
                problems.append(_unmatched(lab, codebook, index, **where(header[0] if header else None, j)))
                continue
            var, parts = m
            if not parts:
                vars_ = None
                notes.append(f"年龄组「{lab}」低于 {var} 的最低年龄段，已略去。 / age group '{lab}' is below the youngest band; left out.")
                break
            if any(s != 1.0 for _, s in parts):
                notes.append(f"警告：年龄组「{lab}」跨越年龄段，按年数比例拆分为 "
                             f"{'、'.join(f'{c} {s:.0%}' for c, s in parts)}。 / warning: age group '{lab}' straddles a band "
                             f"and is split in proportion to its years.")
            vars_[var] = parts
        if vars_ is not None:
            col_info[j] = (total, vars_)
    bare = [j for j, (total, vars_) in col_info.items() if not total and not vars_]
    if len(bare) > 1 and not problems:
        # 常住人口 beside 户籍人口: two populations, and adding them up would count people twice
        shown = "、".join(f"{excel_column(int(cols[j]))}「{'/'.join(labels_by_col[j])}」" for j in bare)
        problems.append(Problem(
            zh=f"表中有 {len(bare)} 列人口数（{shown}），不知用哪一列。",
            en=f"the table has {len(bare)} columns of population counts ({shown}); which one to use is unclear.",
            **where(header[-1] if header else None, bare[1]), value="/".join(labels_by_col[bare[1]]),
            hint_zh="请只保留一列人口数（如常住人口），删去其他列后再读取。",
            hint_en="Keep one column of counts (e.g. 常住人口) and delete the others."))
    row_info: dict[int, tuple[bool, dict]] = {}
    for i in data:
        labs = [g[i, k] for k in range(p.nlab)]
        if any(_is_total(lab) for lab in labs):
            # a subtotal (天元区, 合计) covers the rows of its district; 合计 alone covers them all
            row_info[i] = (True, {m[0]: m[1] for lab in labs
                                  if lab and not _is_total(lab) and (m := index.match(lab)) is not None})
            continue
        if not any(labs):
            problems.append(Problem(zh="数据行没有行标签。", en="a row of numbers has no label.", **where(i, 0),
                                    hint_zh="请填写地区名称或删除该行。", hint_en="Label the row or delete it."))
            continue
        found: dict = {}
        for k, lab in enumerate(labs):
            m = index.match(lab) if lab else None
            if m is None and lab:
                problems.append(_unmatched(lab, codebook, index, **where(i, k)))
            elif m is not None:
                found[m[0]] = m[1]
        row_info[i] = (False, found)
    if problems:
        raise InputError(problems)
    values: dict[tuple[int, int], float] = {}
    for i in row_info:
        for j in col_info:
            cell = g[i, j]
            if cell == "" or cell in ("-", "—", "…"):
                continue
            if not numeric[i, j]:
                problems.append(Problem(zh="人口数应为数字。", en="a population count must be a number.", **where(i, j),
                                        value=cell, hint_zh="请更正该单元格。", hint_en="Fix the cell."))
                continue
            values[(i, j)] = float(canon(cell).replace(",", "")) * unit
    if problems:
        raise InputError(problems)
    notes += _check_totals(values, row_info, col_info, lambda i, j: where(i, j))
    long = _to_long(values, row_info, col_info, codebook)
    if long.empty:
        raise InputError(Problem(zh="表中没有可用的人口数。", en="the table holds no usable population counts.", file=file))
    return Table(long, notes)


def is_number(x: str) -> bool:
    """'1,234', '５' and '3.0' are numbers; '' and '—' are not."""
    try:
        float(canon(x).replace(",", ""))
        return True
    except ValueError:
        return False


def _unmatched(label: str, codebook: Codebook, index: LabelIndex, **where) -> Problem:
    guess = _closest_variable(label, codebook)
    return Problem(
        zh=f"名称「{label}」与编码本中任何分类变量的类别或别名都不匹配。",
        en=f"'{label}' matches no category or alias of a categorical codebook variable.",
        value=label, **where,
        hint_zh=(f"请在编码本变量 {guess} 的 aliases 中加入「{label}: 类别」" if guess else
                 f"请在编码本相应变量的 aliases 中加入「{label}: 类别」") + "；年龄组须能读作「20-24岁」「65岁及以上」。",
        hint_en=f"Add '{label}: <category>' to the aliases of {guess or 'the matching variable'} in the codebook; "
                "age groups must read like 20-24岁 or 65岁及以上.",
    )


def _closest_variable(label: str, codebook: Codebook) -> str | None:
    best, score = None, 0
    for name in codebook.names(type="categorical"):
        for cat in codebook.variables[name].categories or []:
            common = len(set(_key(cat)) & set(_key(label)))
            if common > score:
                best, score = name, common
    return best


def _check_totals(values, row_info, col_info, where) -> list[str]:
    """合计 rows/columns against the sum of their parts: a warning per mismatch, a note when absent."""
    notes: list[str] = []
    leaf_rows = [i for i, (t, _) in row_info.items() if not t]
    leaf_cols = [j for j, (t, _) in col_info.items() if not t]
    total_rows = [i for i, (t, _) in row_info.items() if t]
    total_cols = [j for j, (t, _) in col_info.items() if t]

    def part_of(need: dict, have: dict) -> bool:  # a leaf with categories `have` falls under a total's `need`
        return all(v in have and {c for c, _ in have[v]} <= {c for c, _ in need[v]} for v in need)

    def covered(j_total: int, j: int) -> bool:  # leaf column j is a part of total column j_total
        return part_of(col_info[j_total][1], col_info[j][1])

    def compare(total: float, parts: float, i: int, j: int) -> None:
        if abs(total - parts) > max(1.0, 1e-3 * abs(total)):
            loc = where(i, j)
            notes.append(f"警告：第 {loc['row']} 行第 {loc['column']} 列的合计为 {total:,.0f}，各分项之和为 {parts:,.0f}。"
                         f" / warning: row {loc['row']}, column {loc['column']}: total {total:,.0f}, parts sum to {parts:,.0f}.")

    checked = 0
    for jt in total_cols:
        parts_cols = [j for j in leaf_cols if covered(jt, j)]
        for i in row_info:
            if (i, jt) in values and parts_cols:
                compare(values[(i, jt)], sum(values.get((i, j), 0.0) for j in parts_cols), i, jt)
                checked += 1
    for it in total_rows:
        for j in col_info:
            if (it, j) in values:
                parts = [i for i in leaf_rows if part_of(row_info[it][1], row_info[i][1])]
                compare(values[(it, j)], sum(values.get((i, j), 0.0) for i in parts), it, j)
                checked += 1
    if checked:
        notes.append(f"已核对 {checked} 个合计并删去合计行列。 / checked {checked} totals, then dropped the total rows and columns.")
    else:
        notes.append("警告：表中没有合计行或合计列，无法核对。 / warning: the table has no total row or column to check against.")
    return notes


def _to_long(values, row_info, col_info, codebook: Codebook) -> pd.DataFrame:
    cells: dict[tuple, float] = {}
    for (i, j), v in values.items():
        (rt, rvars), (ct, cvars) = row_info[i], col_info[j]
        if rt or ct:
            continue
        allv = {**rvars, **cvars}
        names = [n for n in codebook.variables if n in allv]
        for combo in product(*(allv[n] for n in names)):
            share = float(np.prod([s for _, s in combo]))
            key = (tuple(names), tuple(c for c, _ in combo))
            cells[key] = cells.get(key, 0.0) + v * share
    rows = []
    for (names, cats), pop in cells.items():
        rows.append({"margin": MARGIN_SEP.join(names), **dict(zip(names, cats)), "population": pop})
    return pd.DataFrame(rows)


def population_margins(paths: list[str | Path], codebook: Codebook, *, rescale: bool = True
                       ) -> tuple[pd.DataFrame, list[str]]:
    """Read every table, rescale later ones to the first on shared variables, and order the rows."""
    notes: list[str] = []
    frames: list[pd.DataFrame] = []
    for p in paths:
        t = read_population_table(p, codebook)
        notes += [f"{Path(p).name}：{n}" for n in t.notes]
        frames.append(t.margins)
    seen: dict[str, str] = {}
    out: list[pd.DataFrame] = []
    ref = frames[0]
    for p, f in zip(paths, frames):
        for name, m in f.groupby("margin", sort=False):
            if name in seen:
                notes.append(f"警告：边际 {name} 在 {seen[name]} 与 {Path(p).name} 中都有，保留前者。 / warning: margin {name} "
                             f"appears in two tables; the first is kept.")
                continue
            seen[name] = Path(p).name
            if rescale and out:
                m = _rescale(m, ref, name, notes)
            out.append(m)
    margins = pd.concat(out, ignore_index=True)
    var_cols = [n for n in codebook.variables if n in margins.columns]
    margins = margins[["margin", *var_cols, "population"]].fillna("")
    margins["population"] = margins["population"].round(6)
    # codebook order within each margin, margins in table order: a stable, readable file
    order = {"margin": margins["margin"].map({n: k for k, n in enumerate(dict.fromkeys(margins["margin"]))})}
    for v in var_cols:
        pos = {c: k for k, c in enumerate(codebook.variables[v].categories or [])}
        order[v] = margins[v].map(lambda c, pos=pos: pos.get(c, -1))
    keys = pd.DataFrame(order)
    margins = margins.loc[keys.sort_values(list(keys.columns), kind="stable").index].reset_index(drop=True)
    return margins, notes


def write_margins(margins: pd.DataFrame, path: str | Path) -> Path:
    """Write the long margins CSV the way every table is written (UTF-8 with BOM, atomic)."""
    from ..outputs import write_csv

    return write_csv(margins, path)


def _rescale(m: pd.DataFrame, ref: pd.DataFrame, name: str, notes: list[str]) -> pd.DataFrame:
    """Scale margin `m` so its totals agree with the first table's on the variables both carry."""
    vars_m = name.split(MARGIN_SEP)
    first = ref[ref["margin"] == ref["margin"].iat[0]]
    vars_r = first["margin"].iat[0].split(MARGIN_SEP)
    shared = [v for v in vars_m if v in vars_r]
    m = m.copy()
    if shared:
        target = first.groupby(shared)["population"].sum()
        have = m.groupby(shared)["population"].sum()
        factor = (target / have).reindex(pd.MultiIndex.from_frame(m[shared]) if len(shared) > 1 else m[shared[0]])
        m["population"] = m["population"].to_numpy() * factor.to_numpy()
        lo, hi = float(np.nanmin(target / have)), float(np.nanmax(target / have))
    else:
        lo = hi = float(first["population"].sum() / m["population"].sum())
        m["population"] *= lo
    if abs(lo - 1) > 1e-9 or abs(hi - 1) > 1e-9:
        notes.append(f"边际 {name} 按{('、'.join(shared) or '总体')}缩放到第一张表的合计（系数 {lo:.4g}–{hi:.4g}），"
                     f"以便各边际描述同一总体。 / margin {name} rescaled to the first table's totals by "
                     f"{', '.join(shared) or 'the whole'} (factors {lo:.4g}–{hi:.4g}).")
    return m
