"""Quotas within a district: controlled rounding keeps every margin."""
from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citysurvey.sampling.quotas import interlocking_targets, marginal_targets, tolerance_range
from citysurvey.sampling.rounding import controlled_round, largest_remainder


def _within_one(value: int, exact: Fraction) -> bool:
    return math.floor(exact) <= value <= math.ceil(exact)


def check_controlled(exact: list[list[Fraction]], rounded: list[list[int]]) -> None:
    assert sum(map(sum, rounded)) == sum(map(sum, exact))
    for row_e, row_r in zip(exact, rounded):
        assert all(_within_one(r, e) for r, e in zip(row_r, row_e))
        assert _within_one(sum(row_r), sum(row_e))
    for j in range(len(exact[0])):
        assert _within_one(sum(r[j] for r in rounded), sum(r[j] for r in exact))
    for row_e, row_r in zip(exact, rounded):  # exact zeros and integers stay put
        assert all(r == e for r, e in zip(row_r, row_e) if e.denominator == 1)


def test_controlled_rounding_small_example():
    third = Fraction(1, 3)
    exact = [[third, third, third], [third, third, third]]
    rounded = controlled_round(exact)
    check_controlled(exact, rounded)
    assert [sum(r) for r in rounded] == [1, 1]


tables = st.integers(1, 5).flatmap(lambda k: st.lists(
    st.lists(st.integers(0, 100_000), min_size=k, max_size=k), min_size=1, max_size=5))


@settings(max_examples=200, deadline=None)
@given(pops=tables, n=st.integers(0, 2000))
def test_controlled_rounding_preserves_margins_on_random_tables(pops, n):
    total = sum(map(sum, pops))
    if total == 0:
        return
    exact = [[Fraction(n * p, total) for p in row] for row in pops]
    check_controlled(exact, controlled_round(exact))


@settings(max_examples=100, deadline=None)
@given(pops=st.lists(st.integers(0, 10_000), min_size=1, max_size=10), n=st.integers(0, 3000))
def test_largest_remainder_sums_and_stays_within_one(pops, n):
    total = sum(pops)
    if total == 0:
        return
    exact = [Fraction(n * p, total) for p in pops]
    out = largest_remainder(exact, [str(i) for i in range(len(pops))])
    assert sum(out) == n
    assert all(_within_one(o, e) for o, e in zip(out, exact))


def _grid(pops: list[int]) -> pd.DataFrame:
    sexes, ages = ["男", "女"], ["18-34岁", "35-59岁", "60岁及以上"]
    return pd.DataFrame([(s, a) for s in sexes for a in ages], columns=["sex", "age_band"]).assign(population=pops)


def test_interlocking_targets_keep_sex_and_age_totals():
    cells = _grid([25_923, 42_317, 17_596, 27_350, 44_648, 18_566])  # 城中区 adults, example data
    out = interlocking_targets(cells, 300, ["sex", "age_band"])
    assert out["target"].sum() == 300
    for var in ("sex", "age_band"):
        exact = out.groupby(var)["exact"].sum()
        got = out.groupby(var)["target"].sum()
        assert ((got - exact).abs() < 1).all()


@settings(max_examples=100, deadline=None)
@given(pops=st.lists(st.integers(1, 500_000), min_size=6, max_size=6), n=st.integers(6, 1500))
def test_interlocking_targets_random(pops, n):
    out = interlocking_targets(_grid(pops), n, ["sex", "age_band"])
    assert out["target"].sum() == n
    assert ((out["target"] - out["exact"]).abs() < 1).all()
    for var in ("sex", "age_band"):
        diff = out.groupby(var)["target"].sum() - out.groupby(var)["exact"].sum()
        assert (diff.abs() < 1).all()


def test_three_variables_preserve_first_and_joint_rest():
    rows = [(s, a, h) for s in "男女" for a in ("青", "中", "老") for h in ("本地", "外地")]
    cells = pd.DataFrame(rows, columns=["sex", "age_band", "hukou"]).assign(population=range(11, 23))
    out = interlocking_targets(cells, 97, ["sex", "age_band", "hukou"])
    assert out["target"].sum() == 97
    for keys in (["sex"], ["age_band", "hukou"]):
        diff = out.groupby(keys)["target"].sum() - out.groupby(keys)["exact"].sum()
        assert (diff.abs() < 1).all()


def test_marginal_targets():
    cells = pd.DataFrame({"hukou": ["本市户籍", "非本市户籍"], "population": [75, 25]})
    assert marginal_targets(cells, 301, "hukou")["target"].tolist() == [226, 75]


@pytest.mark.parametrize("target, n, tol, expected", [
    (50, 300, 5, (35, 65)),   # ±5 pp of 300 = ±15
    (10, 300, 5, (0, 25)),
    (0, 300, 5, (0, 0)),      # an empty cell accepts nobody
    (50, 310, 5, (35, 65)),   # 15.5 rounds down to 15
    (290, 300, 5, (275, 300)),
])
def test_tolerance_range(target, n, tol, expected):
    assert tolerance_range(target, n, tol) == expected
