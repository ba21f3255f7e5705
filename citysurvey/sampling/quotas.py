"""Quotas inside one district: interlocking cells and marginal quotas.

*Interlocking* (hard) quotas cross two or more variables, usually sex × age
band: the cell targets are the district's sample times the cells' population
shares, rounded by controlled rounding so that the sex totals, the age-band
totals and the district total all hold (each within one unit of exact).
*Marginal* (soft) quotas control one variable at a time (户籍, income band) by
largest remainder. A tolerance in percentage points of the district sample
turns each target into an accepted range.

>>> import pandas as pd
>>> cells = pd.DataFrame({"sex": ["男", "男", "女", "女"], "age_band": ["18-59", "60+"] * 2,
...                       "population": [400, 100, 380, 120]})
>>> interlocking_targets(cells, 300, ["sex", "age_band"])["target"].tolist()
[120, 30, 114, 36]
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from .rounding import controlled_round, largest_remainder

CELL_SEPARATOR = "×"


def interlocking_targets(cells: pd.DataFrame, n: int, variables: Sequence[str]) -> pd.DataFrame:
    """Integer targets for every cell of ``cells`` (one row per cell, ``variables`` + ``population``).

    The first variable gives the table's rows and the others together its
    columns, so with more than two variables the first variable's totals and
    the joint totals of the rest are the ones preserved.
    Returns ``cells`` with ``share``, ``exact`` and ``target`` added.
    """
    variables = list(variables)
    out = cells.reset_index(drop=True).copy()
    pops = [Fraction(float(p)) for p in out["population"]]
    total = sum(pops, Fraction(0))
    exact = [n * p / total for p in pops] if total else [Fraction(0)] * len(pops)
    names = [label(out.loc[i, variables]) for i in range(len(out))]
    if len(variables) == 1:
        targets = largest_remainder(exact, names)
    else:
        row_keys = list(dict.fromkeys(out[variables[0]]))
        col_keys = list(dict.fromkeys(map(tuple, out[variables[1:]].itertuples(index=False, name=None))))
        where = {}
        grid = [[Fraction(0)] * len(col_keys) for _ in row_keys]
        for i, rec in enumerate(out[variables].itertuples(index=False, name=None)):
            r, c = row_keys.index(rec[0]), col_keys.index(tuple(rec[1:]))
            grid[r][c] = exact[i]
            where[i] = (r, c)
        rounded = controlled_round(grid)
        targets = [rounded[r][c] for r, c in (where[i] for i in range(len(out)))]
    out["share"] = [float(p / total) if total else 0.0 for p in pops]
    out["exact"] = [float(x) for x in exact]
    out["target"] = pd.Series(targets, dtype="int64")
    return out


def marginal_targets(cells: pd.DataFrame, n: int, variable: str) -> pd.DataFrame:
    """Integer targets for one variable's categories, by largest remainder."""
    return interlocking_targets(cells, n, [variable])


def tolerance_range(target: int, n: int, tolerance_pp: float) -> tuple[int, int]:
    """Accepted range for a cell: target ± ``tolerance_pp`` percentage points of the district sample ``n``.

    The slack is rounded down to whole interviews, so ±5 pp of 300 is ±15.
    A target of 0 (an empty cell) accepts nothing.
    """
    if target == 0:
        return 0, 0
    slack = math.floor(round(tolerance_pp / 100 * n, 9))
    return max(0, target - slack), min(n, target + slack)


def label(values) -> str:
    """A cell's display label, e.g. ``男×18-34岁``."""
    return CELL_SEPARATOR.join(str(v) for v in values)
