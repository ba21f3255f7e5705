"""Population margins and how respondents map onto them.

A margin is a table of population counts over one or more variables; an
interaction margin such as ``district×sex×age_band`` is just a margin with three
variables. :func:`code_margin` maps every respondent to a cell, and applies the
empty-cell policy *before* any solving:

* a sample cell with no population (or population 0), or
* a population cell (> 0) with no respondent

is either an error naming the cells (``empty="error"``) or is merged with its
neighbour along an ordered variable (``empty="collapse"``). The collapse rule:
take the first variable of ``collapse_order`` that is in the margin; merge the
cell with the next category of that variable (the previous one for the last
category), holding every other variable fixed — so age bands merge within
district × sex, never across districts. Repeat until no cell is empty.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Problem, StageError

SEP = "×"


@dataclass(frozen=True, eq=False)
class Margin:
    """Population counts over ``variables``: ``table`` has those columns and ``population``."""

    variables: tuple[str, ...]
    table: pd.DataFrame

    @property
    def name(self) -> str:
        return SEP.join(self.variables)

    @classmethod
    def of(cls, variables: str | Sequence[str], table: pd.DataFrame | Mapping) -> "Margin":
        """``Margin.of("stype", {"E": 4421, "H": 755, "M": 1018})`` or with a DataFrame."""
        vars_ = (variables,) if isinstance(variables, str) else tuple(variables)
        if isinstance(table, Mapping):
            table = pd.DataFrame({vars_[0]: list(table), "population": list(table.values())})
        t = table.rename(columns={"Freq": "population"})
        missing = [c for c in (*vars_, "population") if c not in t.columns]
        if missing:
            raise StageError(
                Problem(
                    zh=f"边际表缺少列 {missing}。",
                    en=f"the margin table lacks columns {missing}.",
                    hint_zh="边际表需要每个变量一列和 population 列。",
                    hint_en="A margin table needs one column per variable and a 'population' column.",
                )
            )
        return cls(vars_, t[[*vars_, "population"]].reset_index(drop=True))


def margins_from_long(long: pd.DataFrame, names: Iterable[str] | None = None) -> list[Margin]:
    """Split the study's long margins table (column ``margin`` = ``district×sex``…) into margins."""
    if "margin" not in long.columns or "population" not in long.columns:
        raise StageError(
            Problem(zh="边际表需要 margin 和 population 列。", en="the margins table needs 'margin' and 'population' columns.")
        )
    available = list(dict.fromkeys(long["margin"].astype(str)))
    wanted = list(names) if names is not None else available
    unknown = [m for m in wanted if m not in available]
    if unknown:
        raise StageError(
            Problem(
                zh=f"边际表中没有 {unknown}。",
                en=f"the margins table has no margin {unknown}.",
                hint_zh=f"可用的边际：{available}",
                hint_en=f"Available margins: {available}",
            )
        )
    out = []
    for name in wanted:
        vars_ = tuple(name.split(SEP))
        rows = long[long["margin"].astype(str) == name]
        out.append(Margin.of(vars_, rows[[*vars_, "population"]]))
    return out


def _norm(values: pd.Series) -> pd.Series:
    """Text keys that match across CSV-read tables and typed data (1 == 1.0 == '1')."""
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_numeric_dtype(s) and not isinstance(s.dtype, pd.CategoricalDtype):
        f = s.astype(float)
        if np.all(np.isnan(f) | (f == np.round(f))):
            return f.map(lambda v: "" if np.isnan(v) else str(int(v)))
        return f.map(lambda v: "" if np.isnan(v) else repr(float(v)))
    return s.astype(object).map(lambda v: "" if pd.isna(v) else str(v).strip())


def factor_codes(data: pd.DataFrame, variable: str) -> tuple[np.ndarray, list[str], bool]:
    """Integer codes of a column, its category labels (normalised text) and whether ordered by the codebook."""
    if variable not in data.columns:
        raise StageError(
            Problem(zh=f"数据中没有加权变量「{variable}」。", en=f"the data have no weighting variable '{variable}'.", column=variable)
        )
    col = data[variable]
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = np.asarray(col.cat.codes, dtype=np.int64)
        labels = list(_norm(pd.Series(col.cat.categories)))
        return codes, labels, True
    codes, uniques = pd.factorize(col, sort=True)
    return np.asarray(codes, dtype=np.int64), list(_norm(pd.Series(uniques))), False


@dataclass(frozen=True, eq=False)
class CodedMargin:
    """A margin ready for solving: respondent → group code, and each group's target."""

    margin: Margin
    codes: np.ndarray  # (n,) group index
    targets: np.ndarray  # (G,)
    groups: pd.DataFrame  # one row per group: variables (merged cells joined by '+'), population
    collapsed: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.margin.name


def code_margin(
    data: pd.DataFrame,
    margin: Margin,
    weights: np.ndarray | None = None,
    *,
    empty: str = "error",
    collapse_order: Sequence[str] = (),
    counts: np.ndarray | None = None,
) -> CodedMargin:
    """Map rows of ``data`` onto the margin's cells, applying the empty-cell policy.

    Rows are respondents, or already-collapsed cells with ``counts`` respondents each.
    """
    n = len(data)
    var_codes, var_labels = [], []
    for v in margin.variables:
        c, labels, _ = factor_codes(data, v)
        if (c < 0).any():
            i = int(np.flatnonzero(c < 0)[0])
            raise StageError(
                Problem(
                    zh=f"有 {int((c < 0).sum())} 名受访者的加权变量「{v}」缺失，无法加权。",
                    en=f"{int((c < 0).sum())} respondents have no value for weighting variable '{v}'.",
                    row=i + 2,
                    column=v,
                    hint_zh="请补全或在清洗阶段剔除这些样本。",
                    hint_en="Fill these values in or drop the rows during cleaning.",
                )
            )
        var_codes.append(c)
        var_labels.append(labels)
    # sample cells: mixed-radix code over the margin's variables, then the few unique combinations
    radix = [len(lab) for lab in var_labels]
    key = np.zeros(n, dtype=np.int64)
    for c, r in zip(var_codes, radix):
        key = key * r + c
    ukeys, inv = unique_inverse(key, int(np.prod(radix, dtype=float)))
    fast = _code_margin_fast(margin, ukeys, inv, radix, var_labels, counts)
    if fast is not None:
        return fast
    sample_cells = pd.DataFrame(index=range(len(ukeys)))
    rem = ukeys.copy()
    for v, r, labels in reversed(list(zip(margin.variables, radix, var_labels))):
        sample_cells[v] = np.asarray(labels, dtype=object)[rem % r]
        rem //= r
    sample_cells = sample_cells[list(margin.variables)]
    sample_cells["n_sample"] = np.bincount(inv, counts, minlength=len(ukeys)).astype(np.int64)

    pop = margin.table.copy()
    for v in margin.variables:
        pop[v] = _norm(pop[v]).to_numpy()
    pop["population"] = pd.to_numeric(pop["population"], errors="coerce")
    if pop["population"].isna().any() or (pop["population"] < 0).any():
        raise StageError(
            Problem(zh=f"边际「{margin.name}」的总体数有缺失或负值。", en=f"margin '{margin.name}' has missing or negative population counts.")
        )
    pop = pop.groupby(list(margin.variables), sort=False, as_index=False)["population"].sum()
    cells = pop.merge(sample_cells, on=list(margin.variables), how="outer")
    cells["population"] = cells["population"].fillna(0.0)
    cells["n_sample"] = cells["n_sample"].fillna(0).astype(int)
    cells = cells[(cells["population"] > 0) | (cells["n_sample"] > 0)].reset_index(drop=True)
    group = np.arange(len(cells))
    collapsed: list[str] = []

    def problems_now() -> np.ndarray:
        gp = np.bincount(group, cells["population"].to_numpy(), minlength=len(cells))
        gn = np.bincount(group, cells["n_sample"].to_numpy(), minlength=len(cells))
        bad = ((gp > 0) & (gn == 0)) | ((gp == 0) & (gn > 0))
        return np.flatnonzero(bad[group])

    bad = problems_now()
    if len(bad) and empty == "collapse":
        cvar = next((v for v in collapse_order if v in margin.variables), None)
        if cvar is not None:
            order = {lab: i for i, lab in enumerate(var_labels[margin.variables.index(cvar)])}
            others = [v for v in margin.variables if v != cvar]
            for _ in range(len(cells)):
                bad = problems_now()
                if not len(bad):
                    break
                i = int(bad[0])
                same = np.ones(len(cells), bool)
                for v in others:
                    same &= (cells[v] == cells.at[i, v]).to_numpy()
                pos = cells[cvar].map(order).to_numpy(dtype=float)
                cand = np.flatnonzero(same & (group != group[i]))
                if not len(cand):
                    break
                here = order.get(cells.at[i, cvar], np.nan)
                up = cand[pos[cand] > here]
                down = cand[pos[cand] < here]
                j = up[np.argmin(pos[up])] if len(up) else down[np.argmax(pos[down])]
                collapsed.append(f"{_cell_label(cells, i, margin.variables)} → {_cell_label(cells, j, margin.variables)}")
                group[group == group[i]] = group[j]
        bad = problems_now()
    if len(bad):
        raise StageError([_empty_problem(cells, i, margin) for i in bad])

    # dense group numbering, sample respondents → group
    gid, group_dense = np.unique(group, return_inverse=True)
    key_to_cell = {tuple(r): k for k, r in enumerate(cells[list(margin.variables)].itertuples(index=False))}
    sample_to_cell = np.array(
        [key_to_cell[tuple(r)] for r in sample_cells[list(margin.variables)].itertuples(index=False)], dtype=np.int64
    )
    codes = group_dense[sample_to_cell][inv]
    targets = np.bincount(group_dense, cells["population"].to_numpy(), minlength=len(gid))
    groups = pd.DataFrame(
        {
            v: [" + ".join(dict.fromkeys(cells[v][group_dense == g])) for g in range(len(gid))]
            for v in margin.variables
        }
    )
    groups["population"] = targets
    return CodedMargin(margin, codes, targets.astype(float), groups, collapsed)


@dataclass(frozen=True, eq=False)
class CellCoding:
    """Respondents collapsed to the unique cells of every margin variable.

    ``cell[i]`` is respondent i's cell; ``frame`` has one row per cell (the
    variables as categoricals, and ``n`` respondents); ``coded[k].codes`` maps
    cells (not respondents) to the groups of margin k.
    """

    cell: np.ndarray
    frame: pd.DataFrame
    coded: list[CodedMargin]

    @property
    def n_cells(self) -> int:
        return len(self.coded[0].codes)

    def respondent_codes(self, k: int) -> np.ndarray:
        return self.coded[k].codes[self.cell]


def code_cells(
    data: pd.DataFrame, margins: Sequence[Margin], *, empty: str = "error", collapse_order: Sequence[str] = ()
) -> CellCoding:
    """Collapse respondents to unique cells once, then code every margin on the (small) cell table."""
    variables = list(dict.fromkeys(v for m in margins for v in m.variables))
    codes, radix, labels = [], [], []
    for v in variables:
        c, lab, _ = factor_codes(data, v)
        if (c < 0).any():
            i = int(np.flatnonzero(c < 0)[0])
            raise StageError(
                Problem(
                    zh=f"有 {int((c < 0).sum())} 名受访者的加权变量「{v}」缺失，无法加权。",
                    en=f"{int((c < 0).sum())} respondents have no value for weighting variable '{v}'.",
                    row=i + 2,
                    column=v,
                    hint_zh="请补全或在清洗阶段剔除这些样本。",
                    hint_en="Fill these values in or drop the rows during cleaning.",
                )
            )
        codes.append(c)
        radix.append(len(lab))
        labels.append(lab)
    space = float(np.prod(radix, dtype=float))
    if space <= 65536:
        # small cell space: the mixed-radix key is the cell index itself (empty cells carry no weight)
        cell = np.ravel_multi_index(codes, radix)
        counts_full = np.bincount(cell, minlength=int(space)).astype(float)
        ukeys = np.flatnonzero(counts_full)
    else:
        key = np.zeros(len(data), dtype=np.int64)
        for c, r in zip(codes, radix):
            key = key * r + c
        ukeys, cell = unique_inverse(key, int(space) if space < 2**62 else 2**62)
        counts_full = None
    frame = {}
    rem = ukeys.copy()
    for v, r, lab in reversed(list(zip(variables, radix, labels))):
        frame[v] = pd.Categorical.from_codes(rem % r, categories=lab)
        rem //= r
    cells = pd.DataFrame({v: frame[v] for v in variables})
    counts = counts_full[ukeys] if counts_full is not None else np.bincount(cell, minlength=len(ukeys)).astype(float)
    cells["n"] = counts
    coded = [code_margin(cells, m, empty=empty, collapse_order=collapse_order, counts=counts) for m in margins]
    if counts_full is not None:
        expanded = []
        for c in coded:
            full = np.zeros(len(counts_full), dtype=np.int64)
            full[ukeys] = c.codes
            expanded.append(CodedMargin(c.margin, full, c.targets, c.groups, c.collapsed))
        coded = expanded
    return CellCoding(cell, cells, coded)


def unique_inverse(key: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for small non-negative keys, in O(n) via bincount."""
    if space <= 8_000_000:
        present = np.bincount(key, minlength=space) > 0
        ukeys = np.flatnonzero(present)
        lookup = np.cumsum(present) - 1
        return ukeys, lookup[key]
    return np.unique(key, return_inverse=True)


def _code_margin_fast(margin, ukeys, inv, radix, var_labels, counts) -> CodedMargin | None:
    """Plain-dict matching for the usual case (every cell has both sample and population); None otherwise."""
    digits, rem = [], ukeys.copy()
    for r in reversed(radix):
        digits.append(rem % r)
        rem //= r
    digits = digits[::-1]
    s_keys = list(zip(*[np.asarray(lab, dtype=object)[d] for lab, d in zip(var_labels, digits)]))
    pop_cols = [_norm(margin.table[v]).tolist() for v in margin.variables]
    popv = pd.to_numeric(margin.table["population"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(popv).any() or (popv < 0).any():
        return None  # the general path names the problem
    pop: dict[tuple, float] = {}
    for k, p in zip(zip(*pop_cols), popv):
        pop[k] = pop.get(k, 0.0) + p
    p_keys = [k for k, p in pop.items() if p > 0]
    pos = {k: i for i, k in enumerate(p_keys)}
    if len(p_keys) != len(s_keys) or any(k not in pos for k in s_keys):
        return None
    n_s = np.bincount(inv, counts, minlength=len(ukeys))
    if (n_s == 0).any():
        return None
    codes = np.fromiter((pos[k] for k in s_keys), dtype=np.int64, count=len(s_keys))[inv]
    targets = np.array([pop[k] for k in p_keys], dtype=float)
    groups = pd.DataFrame(p_keys, columns=list(margin.variables))
    groups["population"] = targets
    return CodedMargin(margin, codes, targets, groups, [])


def _cell_label(cells: pd.DataFrame, i: int, variables: Sequence[str]) -> str:
    return SEP.join(str(cells.at[i, v]) for v in variables)


def _empty_problem(cells: pd.DataFrame, i: int, margin: Margin) -> Problem:
    label = _cell_label(cells, i, margin.variables)
    if cells.at[i, "n_sample"] == 0:
        return Problem(
            zh=f"边际「{margin.name}」的格「{label}」总体数为 {cells.at[i, 'population']:g}，但样本中没有受访者。",
            en=f"margin '{margin.name}', cell '{label}': population {cells.at[i, 'population']:g} but no respondent.",
            hint_zh="可设置 empty: collapse 按相邻类别合并，或改用较粗的边际。",
            hint_en="Set empty: collapse to merge adjacent categories, or use a coarser margin.",
        )
    return Problem(
        zh=f"边际「{margin.name}」的格「{label}」有 {cells.at[i, 'n_sample']} 名受访者，但总体数为 0 或未给出。",
        en=f"margin '{margin.name}', cell '{label}': {cells.at[i, 'n_sample']} respondents but no population.",
        hint_zh="请检查边际表是否漏列该格或受访者类别是否录错。",
        hint_en="Check whether the margins table misses this cell or the respondents' category is wrong.",
    )


def check_totals(coded: Sequence[CodedMargin], rtol: float = 1e-6) -> None:
    """Margins must describe the same population: their totals must agree."""
    if len(coded) < 2:
        return
    totals = np.array([c.targets.sum() for c in coded])
    ref = totals[0]
    rel = np.abs(totals - ref) / max(abs(ref), 1e-300)
    if rel.max() > rtol:
        k = int(np.argmax(rel))
        listing = "；".join(f"{c.name}={t:,.6g}" for c, t in zip(coded, totals))
        raise StageError(
            Problem(
                zh=f"各边际的总体合计不一致（{listing}），最不一致的是「{coded[k].name}」，相差 {totals[k] - ref:+,.6g}（{rel[k]:.3%}）。",
                en=f"margin totals disagree ({listing}); worst is '{coded[k].name}', off by {totals[k] - ref:+,.6g} ({rel[k]:.3%}).",
                hint_zh="请使用同一口径（同一年份、同一总体）的边际。",
                hint_en="Use margins from the same source and reference population.",
            )
        )
