"""Allocation across districts: exact sums, floors, proportionality, Kish's deff, infeasible requests."""
from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citysurvey.errors import StageError
from citysurvey.sampling.allocation import allocate, kish_deff
from citysurvey.sampling.example import LIUZHOU_RESIDENTS
from citysurvey.sampling.rounding import largest_remainder


def test_liuzhou_example_of_the_domain_readme():
    # domain README §4.3: n = 2,000, proportional and with a floor of 300
    prop = allocate(LIUZHOU_RESIDENTS, 2000)
    assert prop.table["n"].tolist() == [180, 535, 494, 388, 403]
    floored = allocate(LIUZHOU_RESIDENTS, 2000, floor=300)
    assert floored.table["n"].tolist() == [300, 500, 462, 362, 376]
    assert floored.table["bound"].tolist() == ["floor", "", "", "", ""]


def test_proportional_deff_is_one_and_floor_costs_something():
    prop = allocate(LIUZHOU_RESIDENTS, 2000)
    assert prop.deff == pytest.approx(1.0, abs=1e-4)  # rounding leaves a trace
    floored = allocate(LIUZHOU_RESIDENTS, 2000, floor=300)
    assert floored.deff > 1.02
    assert floored.n_effective == pytest.approx(2000 / floored.deff)


def kish_from_weights(pops, sizes):
    """Kish's 1 + cv² of the weights, computed respondent by respondent."""
    weights = [p / n for p, n in zip(pops, sizes) for _ in range(n)]
    n = len(weights)
    return n * sum(w * w for w in weights) / sum(weights) ** 2


def test_kish_deff_matches_the_weights_formula():
    floored = allocate(LIUZHOU_RESIDENTS, 2000, floor=300)
    pops, sizes = floored.table["population"].tolist(), floored.table["n"].tolist()
    assert floored.deff == pytest.approx(kish_from_weights(pops, sizes), rel=1e-12)
    assert kish_deff([100, 0], [5, 0]) == pytest.approx(1.0)
    assert kish_deff([100, 50], [5, 0]) == math.inf


def test_square_root_allocation_lies_between_proportional_and_equal():
    sqrt = allocate(LIUZHOU_RESIDENTS, 2000, method="power", power=0.5).table.set_index("district")["n"]
    prop = allocate(LIUZHOU_RESIDENTS, 2000).table.set_index("district")["n"]
    assert prop["城中区"] < sqrt["城中区"] < 400 < sqrt["鱼峰区"] < prop["鱼峰区"]
    equal = allocate(LIUZHOU_RESIDENTS, 2000, method="power", power=0).table["n"]
    assert equal.tolist() == [400] * 5


def test_neyman_follows_population_times_sd():
    alloc = allocate({"a": 1000, "b": 1000}, 300, method="neyman", sd={"a": 1.0, "b": 2.0})
    assert alloc.table["n"].tolist() == [100, 200]
    with pytest.raises(StageError, match="standard deviation"):
        allocate({"a": 1000, "b": 1000}, 300, method="neyman", sd={"a": 1.0})


def test_population_caps_small_districts():
    # equal allocation would give 小区 500 interviews from 50 people
    alloc = allocate({"大区": 10_000, "小区": 50}, 1000, method="power", power=0)
    assert alloc.table["n"].tolist() == [950, 50]
    assert alloc.table["bound"].tolist() == ["", "population"]


def test_per_district_floors():
    alloc = allocate({"a": 800, "b": 150, "c": 50}, 100, floor={"c": 30})
    # c rises from 5 to 30; the other 70 are shared 800:150 → 58.95, 11.05
    assert alloc.table["n"].tolist() == [59, 11, 30]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"total": 1000, "floor": 300}, r"5 个区 × 300 = 1,500，超过总样本量 1,000"),
        ({"total": 1000, "floor": 300}, r"5 districts × 300 = 1,500, more than the total 1,000"),
        ({"total": 3_000_000}, r"the total 3,000,000 exceeds the population of all districts, 2,500,423"),
        ({"total": 0}, r"positive integer"),
        ({"total": 2000, "method": "cube"}, r"unknown allocation method 'cube'"),
    ],
)
def test_infeasible_requests_name_the_numbers(kwargs, message):
    with pytest.raises(StageError, match=message):
        allocate(LIUZHOU_RESIDENTS, **kwargs)


def test_zero_population_district_and_floor_above_population():
    with pytest.raises(StageError, match="district '乙区' has population 0"):
        allocate({"甲区": 100, "乙区": 0}, 10)
    with pytest.raises(StageError, match=r"district '乙区': the floor 300 exceeds its population 200"):
        allocate({"甲区": 10_000, "乙区": 200}, 1000, floor=300)


def test_largest_remainder_tie_break_is_documented_order():
    # equal fractions: larger exact value first, then name
    assert largest_remainder([Fraction(3, 2), Fraction(5, 2)], ["b", "a"]) == [1, 3]
    assert largest_remainder([Fraction(3, 2), Fraction(3, 2)], ["b", "a"]) == [1, 2]
    # the result does not depend on the order of the input
    alloc1 = allocate({"x": 1, "y": 1, "z": 1}, 2).table.set_index("district")["n"].to_dict()
    alloc2 = allocate({"z": 1, "y": 1, "x": 1}, 2).table.set_index("district")["n"].to_dict()
    assert alloc1 == alloc2 == {"x": 1, "y": 1, "z": 0}


populations = st.dictionaries(
    st.text(alphabet="甲乙丙丁戊己庚辛壬癸", min_size=1, max_size=3),
    st.integers(min_value=1, max_value=2_000_000),
    min_size=1, max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(pops=populations, total=st.integers(1, 5000), floor=st.integers(0, 600),
       method=st.sampled_from(["proportional", "power"]), power=st.floats(0, 1))
def test_allocations_sum_exactly_and_respect_bounds(pops, total, floor, method, power):
    feasible = floor * len(pops) <= total <= sum(pops.values()) and all(floor <= p for p in pops.values())
    if not feasible:
        with pytest.raises(StageError):
            allocate(pops, total, floor=floor, method=method, power=power)
        return
    alloc = allocate(pops, total, floor=floor, method=method, power=power)
    t = alloc.table
    assert t["n"].sum() == total
    assert (t["n"] >= floor).all()
    assert (t["n"] <= t["population"]).all()
    assert ((t["n"] - t["exact"]).abs() < 1).all()
    assert t.loc[t["bound"] == "floor", "n"].eq(floor).all()


@settings(max_examples=150, deadline=None)
@given(pops=populations, total=st.integers(1, 5000))
def test_proportional_is_within_one_unit_of_exact_shares(pops, total):
    if total > sum(pops.values()):
        return
    t = allocate(pops, total).table
    big_n = sum(pops.values())
    for d, n in zip(t["district"], t["n"]):
        # total ≤ N, so the population cap never binds on a proportional share
        assert abs(n - Fraction(total * pops[d], big_n)) < 1
