"""Allocating a survey's total sample across districts.

Methods (``a_h`` is the share each district would get without bounds):

* ``proportional`` — ``a_h = N_h`` (adult population);
* ``power`` — ``a_h = N_h ** power`` (``power=0.5`` is square-root allocation,
  a compromise between city-wide precision and comparable districts);
* ``neyman`` — ``a_h = N_h · S_h`` when the standard deviations are known.

A ``floor`` (minimum per district) and the population itself (no district can
give more interviews than it has people) bound each allocation. The exact
allocation is ``n_h = clip(λ·a_h, floor_h, N_h)`` with the single ``λ`` that
makes the total come out right — districts below the floor are raised to it
and the others rescaled, as in the 柳州 example (domain README §4.3). The exact
values are then rounded by largest remainder, see
:func:`citysurvey.sampling.rounding.largest_remainder` for the tie-break.

>>> alloc = allocate({"城东区": 600_000, "城西区": 150_000}, 1000, floor=300)
>>> alloc.table["n"].tolist()
[700, 300]
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..errors import Problem, ProblemCollector, StageError
from .rounding import largest_remainder

METHODS = ("proportional", "power", "neyman")
METHOD_ZH = {"proportional": "按人口比例分配", "power": "幂分配", "neyman": "Neyman 最优分配"}


@dataclass(frozen=True)
class Allocation:
    """Sample sizes per district.

    ``table`` has one row per district: ``district``, ``population``, ``share``
    (W_h = N_h/N), ``proportional`` (the exact proportional quota, for
    comparison), ``exact`` (the exact bounded quota), ``n`` (integer),
    ``bound`` (``floor`` / ``population`` / blank: which bound is binding).
    """

    table: pd.DataFrame
    total: int
    method: str
    floor: int | dict[str, int]
    power: float | None = None

    @property
    def deff(self) -> float:
        """Kish design effect of the allocation for city-wide estimates: n Σ W_h²/n_h."""
        return kish_deff(self.table["population"], self.table["n"])

    @property
    def n_effective(self) -> float:
        return self.total / self.deff


def _as_float(value) -> float:
    """`value` as a float, NaN when it is not a number (the caller names the problem)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def kish_deff(populations, sizes) -> float:
    """Kish's design effect from unequal weights implied by an allocation.

    With weights ``w_h = N_h/n_h`` for every respondent in district ``h``,
    ``deff = n Σ w_i² / (Σ w_i)² = n Σ_h W_h² / n_h``; 1 for proportional
    allocation, larger the further the allocation departs from it.
    """
    pops = [float(x) for x in populations]
    ns = [int(x) for x in sizes]
    big_n, n = sum(pops), sum(ns)
    if any(size == 0 and pop > 0 for pop, size in zip(pops, ns)):
        return math.inf  # a district with people but no interviews cannot be weighted up
    return n * sum((pop / big_n) ** 2 / size for pop, size in zip(pops, ns) if size > 0)


def allocate(
    populations: Mapping[str, float] | pd.Series,
    total: int,
    *,
    method: str = "proportional",
    floor: int | Mapping[str, int] = 0,
    power: float = 0.5,
    sd: Mapping[str, float] | pd.Series | None = None,
) -> Allocation:
    """Allocate ``total`` interviews across districts; the integers sum exactly to ``total``."""
    pops = _validate_populations(populations)
    names = list(pops)
    floors = _validate(names, pops, total, method, floor, power, sd)
    if method == "proportional":
        basis = {d: Fraction(pops[d]) for d in names}
    elif method == "power":
        basis = {d: Fraction(float(pops[d]) ** power) for d in names}
    else:
        basis = {d: Fraction(pops[d]) * Fraction(float(sd[d])) for d in names}
    caps = {d: math.floor(pops[d]) for d in names}
    exact = _bounded(names, basis, floors, caps, total)
    n = largest_remainder([exact[d] for d in names], names)
    big_n = sum(pops.values(), Fraction(0))
    rows = []
    for d, size in zip(names, n):
        bound = "floor" if exact[d] == floors[d] and floors[d] > 0 else "population" if exact[d] == caps[d] else ""
        rows.append({
            "district": d,
            "population": float(pops[d]),
            "share": float(pops[d] / big_n),
            "proportional": float(total * pops[d] / big_n),
            "exact": float(exact[d]),
            "n": size,
            "bound": bound,
        })
    table = pd.DataFrame(rows).astype({"n": "int64"})
    floor_out = dict(floor) if isinstance(floor, Mapping) else int(floor)
    return Allocation(table=table, total=int(total), method=method, floor=floor_out,
                      power=power if method == "power" else None)


def _bounded(names, basis, lo, hi, total) -> dict[str, Fraction]:
    """Exact ``clip(λ·a_h, lo_h, hi_h)`` summing to ``total``.

    The sum is piecewise linear and non-decreasing in λ with breakpoints at
    lo/a and hi/a, so we find the segment holding ``total`` and solve it exactly.
    """
    total = Fraction(total)

    def clipped(lam: Fraction) -> dict[str, Fraction]:
        return {d: min(max(lam * basis[d], lo[d]), hi[d]) if basis[d] > 0 else Fraction(lo[d]) for d in names}

    breaks = sorted({Fraction(b) / basis[d] for d in names if basis[d] > 0 for b in (lo[d], hi[d])} | {Fraction(0)})
    prev = Fraction(0)
    for bp in breaks:
        value = sum(clipped(bp).values(), Fraction(0))
        if value == total:
            return clipped(bp)
        if value > total:
            mid = (prev + bp) / 2
            fixed = sum((x for d, x in clipped(mid).items() if not (lo[d] < mid * basis[d] < hi[d])), Fraction(0))
            slope = sum((basis[d] for d in names if lo[d] < mid * basis[d] < hi[d]), Fraction(0))
            return clipped((total - fixed) / slope)
        prev = bp
    # Only reachable when districts with zero basis (e.g. S_h = 0) cannot absorb the rest.
    raise StageError(Problem(
        zh=f"无法分配 {int(total):,} 份：有人口的区已全部取到上限（各区人口），其余区的分配基数为 0。",
        en=f"cannot allocate {int(total):,}: every district with a positive basis is at its cap "
           f"(its population) and the others have a basis of 0.",
        hint_zh="请减少总样本量或检查标准差。", hint_en="Lower the total or check the standard deviations.",
    ))


def _validate_populations(populations) -> dict[str, Fraction]:
    items = list(pd.Series(populations).items()) if not isinstance(populations, Mapping) else list(populations.items())
    problems = ProblemCollector()
    out: dict[str, Fraction] = {}
    for name, value in items:
        name = str(name)
        if name in out:
            problems.add(Problem(zh=f"区「{name}」出现了两次。", en=f"district '{name}' appears twice."))
            continue
        value = _as_float(value)
        if not math.isfinite(value) or value < 0:
            problems.add(Problem(zh=f"区「{name}」的人口 {value} 不是非负数。",
                                 en=f"district '{name}' has population {value}, not a non-negative number."))
            continue
        if value == 0:
            problems.add(Problem(
                zh=f"区「{name}」的人口为 0，无法为其分配样本。",
                en=f"district '{name}' has population 0; no sample can be allocated to it.",
                hint_zh="请检查人口数据，或从计划中删除该区。",
                hint_en="Check the population data, or drop the district from the plan.",
            ))
            continue
        out[name] = Fraction(value)
    if not items:
        problems.add(Problem(zh="没有任何区的人口数据。", en="no district populations were given."))
    problems.raise_if_any(StageError)
    return out


def _validate(names, pops, total, method, floor, power, sd) -> dict[str, int]:
    if method not in METHODS:
        raise StageError(Problem(zh=f"未知的分配方法「{method}」；可选 {', '.join(METHODS)}。",
                                 en=f"unknown allocation method '{method}'; choose one of {', '.join(METHODS)}."))
    if isinstance(total, bool) or int(total) != total or total <= 0:
        raise StageError(Problem(zh=f"总样本量 {total} 应为正整数。", en=f"the total {total} must be a positive integer."))
    if method == "power" and not 0 <= power <= 1:
        raise StageError(Problem(zh=f"幂分配的指数 {power} 应在 0 到 1 之间（0.5 = 平方根分配）。",
                                 en=f"the power {power} must be between 0 and 1 (0.5 = square-root allocation)."))
    if method == "neyman":
        _validate_sd(names, sd)
    floors = {d: int(floor.get(d, 0)) for d in names} if isinstance(floor, Mapping) else {d: int(floor) for d in names}
    problems = ProblemCollector()
    if isinstance(floor, Mapping):
        for d in floor:
            if str(d) not in pops:
                problems.add(Problem(zh=f"底线样本量中的区「{d}」不在人口数据中。",
                                     en=f"the floor names district '{d}', which is not in the population data."))
    for d in names:
        if floors[d] < 0:
            problems.add(Problem(zh=f"区「{d}」的底线样本量 {floors[d]} 为负数。",
                                 en=f"district '{d}' has a negative floor {floors[d]}."))
        elif floors[d] > math.floor(pops[d]):
            problems.add(Problem(
                zh=f"区「{d}」的底线样本量 {floors[d]:,} 超过其人口 {float(pops[d]):,.0f}。",
                en=f"district '{d}': the floor {floors[d]:,} exceeds its population {float(pops[d]):,.0f}.",
            ))
    problems.raise_if_any(StageError)
    floor_sum = sum(floors.values())
    if floor_sum > total:
        same = len(set(floors.values())) == 1
        detail_zh = f"{len(names)} 个区 × {floors[names[0]]:,}" if same else "各区底线之和"
        detail_en = f"{len(names)} districts × {floors[names[0]]:,}" if same else "the sum of the floors"
        raise StageError(Problem(
            zh=f"底线样本量无法满足：{detail_zh} = {floor_sum:,}，超过总样本量 {int(total):,}。",
            en=f"the floors cannot be met: {detail_en} = {floor_sum:,}, more than the total {int(total):,}.",
            hint_zh=f"请把总样本量提高到至少 {floor_sum:,}，或把底线降到 {int(total) // len(names):,} 及以下。",
            hint_en=f"Raise the total to at least {floor_sum:,}, or lower the floor to {int(total) // len(names):,} or less.",
        ))
    cap_sum = sum(math.floor(p) for p in pops.values())
    if total > cap_sum:
        raise StageError(Problem(
            zh=f"总样本量 {int(total):,} 超过各区人口之和 {cap_sum:,}。",
            en=f"the total {int(total):,} exceeds the population of all districts, {cap_sum:,}.",
        ))
    return floors


def _validate_sd(names, sd) -> None:
    if sd is None:
        raise StageError(Problem(zh="Neyman 分配需要各区的标准差。", en="Neyman allocation needs each district's standard deviation.",
                                 hint_zh="请提供 district,sd 两列的文件。", hint_en="Give a file with columns district,sd."))
    sd = dict(pd.Series(sd).items()) if not isinstance(sd, Mapping) else dict(sd)
    problems = ProblemCollector()
    for d in names:
        v = _as_float(sd.get(d))
        if not math.isfinite(v) or v < 0:
            problems.add(Problem(zh=f"区「{d}」缺少有效的标准差（得到 {sd.get(d)}）。",
                                 en=f"district '{d}' lacks a valid standard deviation (got {sd.get(d)})."))
    problems.raise_if_any(StageError)
    if all(float(sd[d]) == 0 for d in names):
        raise StageError(Problem(zh="所有区的标准差都为 0，Neyman 分配无定义。",
                                 en="every district's standard deviation is 0; Neyman allocation is undefined."))
