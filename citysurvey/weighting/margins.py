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
from functools import cached_property
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Problem, StageError

SEP = "×"


@dataclass(frozen=True, eq=False)
class Margin:
    """Population counts over ``variables``: ``table`` has those columns and ``population``.

    Build with :meth:`Margin.of` (a mapping for one variable, or a table); the study's long
    margins file splits with :func:`margins_from_long`.

    Attributes
    ----------
    variables : tuple of str
        The variables crossed (``("district", "sex")`` is the margin ``district×sex``).
    table : pandas.DataFrame
        One row per cell: a column per variable and ``population``.
    name : str
        The variables joined by ``×`` (a property).

    Examples
    --------
    >>> from citysurvey.weighting import Margin
    >>> m = Margin.of("sex", {"男": 800, "女": 800})
    >>> m.name, m.table.to_dict("list")
    ('sex', {'sex': ['男', '女'], 'population': [800, 800]})
    """

    variables: tuple[str, ...]
    table: pd.DataFrame

    @property
    def name(self) -> str:
        return SEP.join(self.variables)

    @classmethod
    def of(cls, variables: str | Sequence[str], table: pd.DataFrame | Mapping) -> "Margin":
        """A margin from a mapping (one variable) or a table with one column per variable.

        Parameters
        ----------
        variables : str or sequence of str
            The variable(s) crossed.
        table : pandas.DataFrame or mapping
            One variable: category → population. Several: a table with a column per variable
            and ``population`` (R's ``Freq`` is accepted).

        Returns
        -------
        Margin
            The margin, named by its variables joined with ``×``.

        Raises
        ------
        StageError
            A table without a column for each variable and ``population``.

        Examples
        --------
        >>> from citysurvey.weighting import Margin
        >>> Margin.of("stype", {"E": 4421, "H": 755, "M": 1018}).name
        'stype'
        >>> import pandas as pd
        >>> t = pd.DataFrame({"sex": ["男", "女"], "hukou": ["本市", "本市"], "population": [5, 6]})
        >>> Margin.of(["sex", "hukou"], t).name
        'sex×hukou'
        """
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
    """Split the study's long margins table (column ``margin`` = ``district×sex`` …) into margins.

    Parameters
    ----------
    long : pandas.DataFrame
        ``margin``, one column per variable used by any margin (blank where not part of
        the row's margin) and ``population`` — the validated ``margins.csv``.
    names : iterable of str, optional
        The margins to take, in this order; default all, in file order.

    Returns
    -------
    list of Margin
        One per margin name.

    Raises
    ------
    StageError
        No ``margin`` or ``population`` column, or a name not in the table (the available
        ones are listed).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.weighting import margins_from_long
    >>> long = pd.DataFrame({"margin": ["district", "district", "sex", "sex"], "district": ["甲区", "乙区", None, None],
    ...                      "sex": [None, None, "男", "女"], "population": [400.0, 1200.0, 800.0, 800.0]})
    >>> ms = margins_from_long(long)
    >>> [m.name for m in ms], ms[1].table.to_dict("list")
    (['district', 'sex'], {'sex': ['男', '女'], 'population': [800.0, 800.0]})
    """
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


def _norm_list(values) -> list[str]:
    """``_norm(values).tolist()`` without a pandas ``map``: the same keys, for the short label lists."""
    s = values if isinstance(values, (pd.Series, pd.Index)) else pd.Index(values)
    if pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        f = np.asarray(s.astype(float), dtype=float)
        vals = f.tolist()
        if np.all(np.isnan(f) | (f == np.round(f))):
            return ["" if v != v else str(int(v)) for v in vals]
        return ["" if v != v else repr(float(v)) for v in vals]
    return ["" if pd.isna(v) else str(v).strip() for v in s.astype(object).tolist()]


def _missing_problem(c: np.ndarray, v: str) -> StageError:
    i = int(np.flatnonzero(c < 0)[0])
    return StageError(
        Problem(
            zh=f"有 {int((c < 0).sum())} 名受访者的加权变量「{v}」缺失，无法加权。",
            en=f"{int((c < 0).sum())} respondents have no value for weighting variable '{v}'.",
            row=i + 2,
            column=v,
            hint_zh="请补全或在清洗阶段剔除这些样本。",
            hint_en="Fill these values in or drop the rows during cleaning.",
        )
    )


def _column_codes(data: pd.DataFrame, variable: str) -> tuple[np.ndarray, list[str], bool]:
    """Like :func:`factor_codes`, but a categorical's codes stay in their own (int8/int16) dtype: no copy."""
    if variable not in data.columns:
        raise StageError(
            Problem(zh=f"数据中没有加权变量「{variable}」。", en=f"the data have no weighting variable '{variable}'.", column=variable)
        )
    col = data[variable]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return np.asarray(col.array.codes), _norm_list(col.cat.categories), True
    codes, uniques = pd.factorize(col, sort=True)
    return np.asarray(codes), _norm_list(uniques), False


def factor_codes(data: pd.DataFrame, variable: str) -> tuple[np.ndarray, list[str], bool]:
    """Integer codes of a column, its category labels (normalised text) and whether ordered by the codebook."""
    codes, labels, ordered = _column_codes(data, variable)
    return np.asarray(codes, dtype=np.int64), labels, ordered


def _checked_codes(data: pd.DataFrame, variable: str) -> tuple[np.ndarray, list[str]]:
    c, labels, _ = _column_codes(data, variable)
    if len(c) and c.min() < 0:
        raise _missing_problem(c, variable)
    return c, labels


def _mixed_key(codes: Sequence[np.ndarray], radix: Sequence[int]) -> np.ndarray:
    """Mixed-radix cell index of every row (``np.ravel_multi_index``), as ``intp``.

    The arithmetic runs in the narrowest integer type that holds the cell space
    (int16 for a few thousand cells), so a million rows cost a few MB of traffic.
    """
    space = float(np.prod(radix, dtype=float))
    dtype = np.int16 if space < 2**15 else np.int32 if space < 2**31 else np.int64
    key = np.asarray(codes[0]).astype(dtype)
    for c, r in zip(codes[1:], radix[1:]):
        key *= dtype(r)
        key += c
    return key.astype(np.intp, copy=False)


@dataclass(frozen=True, eq=False)
class CodedMargin:
    """A margin ready for solving: respondent → group code, and each group's target."""

    margin: Margin
    codes: np.ndarray  # (n,) group index
    targets: np.ndarray  # (G,)
    labels: dict[str, list[str]]  # per variable, each group's category (merged cells joined by ' + ')
    collapsed: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.margin.name

    @cached_property
    def groups(self) -> pd.DataFrame:
        """One row per group: the variables (merged cells joined by ' + ') and ``population``."""
        groups = pd.DataFrame({v: list(self.labels[v]) for v in self.margin.variables})
        groups["population"] = self.targets
        return groups

    def group_labels(self) -> list[str]:
        """One text label per group: the variables' categories joined by '×'."""
        cols = [[str(x) for x in self.labels[v]] for v in self.margin.variables]
        return cols[0] if len(cols) == 1 else [SEP.join(t) for t in zip(*cols)]


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
    var_codes, var_labels = [], []
    for v in margin.variables:
        c, labels = _checked_codes(data, v)
        var_codes.append(c)
        var_labels.append(labels)
    # sample cells: mixed-radix code over the margin's variables, then the few unique combinations
    radix = [len(lab) for lab in var_labels]
    key = _mixed_key(var_codes, radix)
    ukeys, inv = unique_inverse(key, _space(radix))
    digits = _digits(ukeys, radix)
    n_s = np.bincount(inv, counts, minlength=len(ukeys))
    fast = _match_fast(margin, digits, radix, var_labels, n_s)
    if fast is not None:
        cell_codes, targets, labels = fast
        return CodedMargin(margin, cell_codes[inv], targets, labels, [])
    sample_cells = pd.DataFrame(index=range(len(ukeys)))
    for v, d, labels in zip(margin.variables, digits, var_labels):
        sample_cells[v] = np.asarray(labels, dtype=object)[d]
    sample_cells = sample_cells[list(margin.variables)]
    sample_cells["n_sample"] = n_s.astype(np.int64)

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
                if not len(up) and not len(down):
                    break  # a category the data do not know has no ordered neighbour: reported below
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
    labels = {
        v: [" + ".join(dict.fromkeys(cells[v][group_dense == g])) for g in range(len(gid))] for v in margin.variables
    }
    return CodedMargin(margin, codes, targets.astype(float), labels, collapsed)


@dataclass(frozen=True, eq=False)
class CellCoding:
    """Respondents collapsed to the unique cells of every margin variable.

    ``cell[i]`` is respondent i's cell; ``frame`` has one row per present cell
    (the variables as categoricals, and ``n`` respondents); ``coded[k].codes``
    maps cells (not respondents) to the groups of margin k. With a small cell
    space the cells are the whole space (``ukeys`` lists the present ones).
    """

    cell: np.ndarray
    coded: list[CodedMargin]
    variables: tuple[str, ...] = ()
    radix: tuple[int, ...] = ()
    labels: tuple[list[str], ...] = ()
    ukeys: np.ndarray | None = None
    counts: np.ndarray | None = None

    @property
    def n_cells(self) -> int:
        return len(self.coded[0].codes)

    @cached_property
    def frame(self) -> pd.DataFrame:
        return _cell_frame(self.variables, _digits(self.ukeys, self.radix), self.labels, self.counts)

    def respondent_codes(self, k: int) -> np.ndarray:
        return self.coded[k].codes[self.cell]


def _space(radix: Sequence[int]) -> int:
    space = float(np.prod(radix, dtype=float))
    return int(space) if space < 2**62 else 2**62


def _digits(keys: np.ndarray, radix: Sequence[int]) -> list[np.ndarray]:
    """Per-variable codes of mixed-radix ``keys`` (the inverse of :func:`_mixed_key`)."""
    out, rem = [], np.asarray(keys, dtype=np.int64)
    for r in reversed(radix):
        out.append(rem % r)
        rem = rem // r
    return out[::-1]


def _cell_frame(variables, digits, labels, counts) -> pd.DataFrame:
    cells = pd.DataFrame({v: pd.Categorical.from_codes(d, categories=lab) for v, d, lab in zip(variables, digits, labels)})
    cells["n"] = counts
    return cells


def code_cells(
    data: pd.DataFrame, margins: Sequence[Margin], *, empty: str = "error", collapse_order: Sequence[str] = ()
) -> CellCoding:
    """Collapse respondents to unique cells once, then code every margin on the (small) cell table.

    All per-respondent work is integer arithmetic on the category codes: one
    mixed-radix key (``np.ravel_multi_index`` in the narrowest integer type)
    and one ``bincount``. Matching cells against the population tables is done
    on the few cells, vectorised; only margins needing the empty-cell policy go
    through the general (pandas) path of :func:`code_margin`.
    """
    variables = list(dict.fromkeys(v for m in margins for v in m.variables))
    codes, radix, labels = [], [], []
    for v in variables:
        c, lab = _checked_codes(data, v)
        codes.append(c)
        radix.append(len(lab))
        labels.append(lab)
    space = _space(radix)
    key = _mixed_key(codes, radix)
    if space <= 65536:
        # small cell space: the mixed-radix key is the cell index itself (empty cells carry no weight)
        cell = key
        counts_full = np.bincount(cell, minlength=space).astype(float)
        ukeys = np.flatnonzero(counts_full)
        counts = counts_full[ukeys]
    else:
        ukeys, cell = unique_inverse(key, space)
        counts_full = None
        counts = np.bincount(cell, minlength=len(ukeys)).astype(float)
    digits = dict(zip(variables, _digits(ukeys, radix)))
    pos = {v: i for i, v in enumerate(variables)}
    frame = None
    coded = []
    for m in margins:
        idx = [pos[v] for v in m.variables]
        fast = _match_fast(m, [digits[v] for v in m.variables], [radix[i] for i in idx], [labels[i] for i in idx], counts)
        if fast is not None:
            cell_codes, targets, group_labels = fast
            c = CodedMargin(m, cell_codes, targets, group_labels, [])
        else:
            if frame is None:
                frame = _cell_frame(variables, [digits[v] for v in variables], labels, counts)
            c = code_margin(frame, m, empty=empty, collapse_order=collapse_order, counts=counts)
        if counts_full is not None:
            full = np.zeros(len(counts_full), dtype=np.int64)
            full[ukeys] = c.codes
            c = CodedMargin(c.margin, full, c.targets, c.labels, c.collapsed)
        coded.append(c)
    return CellCoding(cell, coded, tuple(variables), tuple(radix), tuple(labels), ukeys, counts)


def unique_inverse(key: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for small non-negative keys, in O(n) via bincount."""
    if space <= 8_000_000:
        present = np.bincount(key, minlength=space) > 0
        ukeys = np.flatnonzero(present)
        lookup = np.cumsum(present) - 1
        return ukeys, lookup[key]
    return np.unique(key, return_inverse=True)


def _match_fast(
    margin: Margin, digits: Sequence[np.ndarray], radix: Sequence[int], var_labels: Sequence[list[str]], counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, list[str]]] | None:
    """Vectorised matching for the usual case: every sample cell has population and vice versa.

    ``digits``/``counts`` describe the sample cells (each variable's category
    code, respondents per cell). The population table is mapped onto the same
    integer codes, summed per cell with ``bincount`` and compared with the
    sample cell counts. Returns each sample cell's group, the group targets and
    each group's categories (groups in the table's order of first appearance), or None
    whenever the general path must decide (missing or negative counts,
    population cells without respondents or the reverse, unknown categories
    with population, labels that normalise alike).
    """
    space = _space(radix)
    if space > 4_000_000:
        return None
    if any(len(set(lab)) != len(lab) for lab in var_labels):
        return None
    table = margin.table
    popv = pd.to_numeric(table["population"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(popv).any() or (popv < 0).any():
        return None  # the general path names the problem
    pkey = np.zeros(len(popv), dtype=np.int64)
    known = np.ones(len(popv), dtype=bool)
    for v, r, lab in zip(margin.variables, radix, var_labels):
        where = {x: i for i, x in enumerate(lab)}
        idx = np.fromiter((where.get(x, -1) for x in _norm_list(table[v])), dtype=np.int64, count=len(popv))
        known &= idx >= 0
        pkey = pkey * r + np.maximum(idx, 0)
    if (popv[~known] > 0).any():
        return None  # a population cell no respondent belongs to
    pkey, popv = pkey[known], popv[known]
    pop_cell = np.bincount(pkey, popv, minlength=space)
    skey = np.zeros(len(counts), dtype=np.int64)
    for d, r in zip(digits, radix):
        skey = skey * r + d
    n_cell = np.bincount(skey, counts, minlength=space)
    if ((pop_cell > 0) != (n_cell > 0)).any() or (counts <= 0).any():
        return None
    uk, first = np.unique(pkey, return_index=True)
    order = uk[np.argsort(first, kind="stable")]
    gkeys = order[pop_cell[order] > 0]
    lookup = np.full(space, -1, dtype=np.int64)
    lookup[gkeys] = np.arange(len(gkeys))
    targets = pop_cell[gkeys]
    labels = {v: [lab[i] for i in d.tolist()] for v, lab, d in zip(margin.variables, var_labels, _digits(gkeys, radix))}
    return lookup[skey], targets, labels


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
