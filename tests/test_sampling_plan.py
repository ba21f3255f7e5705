"""Quota plans: margins kept, the design's price stated, infeasible requests explained, Excel readable."""
from __future__ import annotations

import itertools
import math

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citysurvey.errors import InputError, StageError
from citysurvey.sampling.example import liuzhou_margins
from citysurvey.sampling.plan import design_quota_plan, read_plan
from citysurvey.sampling.size import z_value


@pytest.fixture(scope="module")
def plan():
    return design_quota_plan(liuzhou_margins(), 2000, floor=300)


def hard(cells):
    return cells[cells["type"] == "hard"]


def test_every_quota_adds_up_to_the_district_sample(plan):
    n = plan.districts.set_index("district")["n"]
    assert n.drop("全市").sum() == 2000 == n["全市"]
    for (d, margin), part in plan.cells[plan.cells["type"] != "district"].groupby(["district", "margin"]):
        assert part["target"].sum() == n[d], (d, margin)
    assert (plan.cells["min"] <= plan.cells["target"]).all()
    assert (plan.cells["target"] <= plan.cells["max"]).all()


def test_interlocking_quotas_preserve_sex_and_age_margins(plan):
    for d, part in hard(plan.cells).groupby("district"):
        for var in ("sex", "age_band"):
            diff = part.groupby(var)["target"].sum() - part.groupby(var)["exact"].sum()
            assert (diff.abs() < 1).all(), (d, var)
        assert ((part["target"] - part["exact"]).abs() < 1).all()


def test_floor_example_and_tolerance(plan):
    d = plan.districts.set_index("district")
    assert d.at["城中区", "n"] == 300 and d.at["城中区", "bound"] == "floor"
    row = hard(plan.cells).iloc[0]
    assert row["max"] - row["target"] == 15  # ±5 pp of 300


def test_design_effect_matches_kish_computed_from_weights(plan):
    t = plan.districts[plan.districts["district"] != "全市"]
    weights = [p / n for p, n in zip(t["population"], t["n"]) for _ in range(int(n))]
    kish = len(weights) * sum(w * w for w in weights) / sum(weights) ** 2
    design = dict(zip(plan.design["measure"], plan.design["value"]))
    assert design["deff_allocation"] == pytest.approx(kish, rel=1e-12)
    assert design["n_effective"] == pytest.approx(2000 / kish)
    assert plan.deff == pytest.approx(kish)


def test_district_margins_of_error(plan):
    z = z_value(0.95)
    for r in plan.districts.itertuples():
        if r.district == "全市":
            continue
        srs = z * math.sqrt(0.25 / r.n * (1 - r.n / r.population))
        assert r.moe_srs == pytest.approx(srs)
        assert r.moe == pytest.approx(srs * math.sqrt(1.5))


def test_city_level_margin_is_applied_in_every_district(plan):
    income = plan.cells[plan.cells["margin"] == "income_band"]
    shares = income.groupby("income_band", sort=False)["share"].first()
    assert shares.round(2).tolist() == [0.18, 0.32, 0.25, 0.17, 0.08]
    assert income["district"].nunique() == 5
    assert "全市比例" in plan.method.set_index("item").at["区内软配额", "text_zh"]


def test_csv_roundtrip(plan, tmp_path):
    path = plan.to_csv(tmp_path / "plan.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = read_plan(path)
    for col in ("district", "margin", "type", "cell", "target", "min", "max"):
        assert back[col].tolist() == plan.cells[col].tolist(), col
    assert back["exact"].tolist() == pytest.approx(plan.cells["exact"].tolist(), abs=1e-4)


def test_excel_workbook_holds_the_plan(plan, tmp_path):
    path = plan.to_excel(tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    districts = [d for d in plan.districts["district"] if d != "全市"]
    assert wb.sheetnames == ["汇总", "设计代价", *districts, "方法说明"]
    summary = pd.read_excel(path, sheet_name="汇总")
    assert summary["分配样本量"].tolist() == plan.districts["n"].tolist()
    for d in districts:
        sheet = pd.read_excel(path, sheet_name=d)
        cells = plan.cells[plan.cells["district"] == d]
        assert sheet["目标"].tolist() == cells["target"].tolist()
        assert sheet["下限"].tolist() == cells["min"].tolist()
        assert sheet["上限"].tolist() == cells["max"].tolist()
        assert sheet["单元"].tolist() == cells["cell"].tolist()
        assert sheet["已完成"].isna().all()  # left blank for the field team
    design = pd.read_excel(path, sheet_name="设计代价").set_index("指标")["数值"]
    assert design["deff_allocation"] == pytest.approx(plan.deff)
    ws = wb["城中区"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert plan.to_excel(tmp_path / "again.xlsx").read_bytes() == path.read_bytes()


# --- infeasible requests ------------------------------------------------------------------------


def test_floors_exceeding_the_total():
    with pytest.raises(StageError, match=r"5 个区 × 300 = 1,500，超过总样本量 1,200"):
        design_quota_plan(liuzhou_margins(), 1200, floor=300)


def test_zero_population_cell_is_named():
    m = liuzhou_margins()
    m.loc[(m["district"] == "柳江区") & (m["sex"] == "女") & (m["age_band"] == "60岁及以上"), "population"] = 0
    with pytest.raises(StageError, match="district '柳江区': cell 女×60岁及以上 has zero or missing population"):
        design_quota_plan(m, 2000, margin_rtol=0.2)
    plan = design_quota_plan(m, 2000, margin_rtol=0.2, allow_empty_cells=True)
    row = plan.cells[(plan.cells["district"] == "柳江区") & (plan.cells["cell"] == "女×60岁及以上")].iloc[0]
    assert (row["target"], row["min"], row["max"]) == (0, 0, 0)


def test_missing_cell_counts_as_empty():
    m = liuzhou_margins()
    m = m.drop(m.index[(m["district"] == "城中区") & (m["sex"] == "男") & (m["age_band"] == "18-34岁")])
    with pytest.raises(StageError, match="城中区.*男×18-34岁"):
        design_quota_plan(m, 2000, margin_rtol=0.5)


def test_margins_that_disagree_name_both_totals():
    m = liuzhou_margins().astype({"population": "float64"})
    m.loc[(m["margin"] == "district×hukou") & (m["district"] == "鱼峰区"), "population"] *= 1.1
    with pytest.raises(StageError) as info:
        design_quota_plan(m, 2000)
    text = str(info.value)
    assert "鱼峰区" in text and "523,099" in text and "575,410" in text and "10.0%" in text
    m2 = liuzhou_margins().astype({"population": "float64"})
    m2.loc[m2["margin"] == "income_band", "population"] /= 2
    with pytest.raises(StageError, match=r"city population sums to 1,954,398 .* but 977,200 in 'income_band'"):
        design_quota_plan(m2, 2000)


def test_missing_margin_lists_what_exists():
    m = liuzhou_margins()
    with pytest.raises(InputError, match="no 'district×tenure' or 'tenure' margin.*available: district×hukou, "):
        design_quota_plan(m, 2000, marginal=["tenure"])


def test_bad_rows_are_located():
    m = liuzhou_margins()
    m.loc[3, "population"] = -5
    m.loc[4, "margin"] = "district×sex×age_band×tenure"
    with pytest.raises(InputError) as info:
        design_quota_plan(m, 2000)
    text = str(info.value)
    assert "row 5" in text and "population" in text  # row 3 of the frame is row 5 in Excel
    assert "variable 'tenure', which has no column" in text


def test_duplicate_cells_are_refused():
    m = liuzhou_margins()
    m = pd.concat([m, m.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError, match="lists cell 城中区×男×18-34岁 more than once|lists cell .* more than once"):
        design_quota_plan(m, 2000)


def test_quota_variable_used_twice():
    with pytest.raises(StageError, match="both interlocking and marginal"):
        design_quota_plan(liuzhou_margins(), 2000, marginal=["sex"])


def test_finer_margin_is_summed_down():
    m = liuzhou_margins()
    inter = m[m["margin"] == "district×sex×age_band"]
    plan = design_quota_plan(m, 2000, floor=300, interlock=["sex"], marginal=["hukou"])
    sex = hard(plan.cells)
    assert sex["margin"].unique().tolist() == ["district×sex"]
    expected = inter.groupby(["district", "sex"], sort=False)["population"].sum()
    got = sex.set_index(["district", "sex"])["population"]
    assert got.to_dict() == expected.to_dict()


# --- property test over random margins -----------------------------------------------------------


@st.composite
def random_margins(draw):
    districts = [f"区{i}" for i in range(draw(st.integers(1, 6)))]
    ages = [f"年龄{j}" for j in range(draw(st.integers(1, 4)))]
    rows = []
    pops = {}
    for d, s, a in itertools.product(districts, ["男", "女"], ages):
        p = draw(st.integers(1, 200_000))
        pops[d] = pops.get(d, 0) + p
        rows.append({"margin": "district×sex×age_band", "district": d, "sex": s, "age_band": a, "population": p})
    for d in districts:
        local = draw(st.integers(1, pops[d] - 1)) if pops[d] > 1 else None
        if local is None:
            rows.append({"margin": "district×hukou", "district": d, "hukou": "本地", "population": pops[d]})
        else:
            rows += [{"margin": "district×hukou", "district": d, "hukou": "本地", "population": local},
                     {"margin": "district×hukou", "district": d, "hukou": "外地", "population": pops[d] - local}]
    return pd.DataFrame(rows), pops


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=random_margins(), total=st.integers(1, 3000), floor=st.integers(0, 400), tol=st.floats(0, 20))
def test_random_plans_keep_every_total(data, total, floor, tol):
    margins, pops = data
    if floor * len(pops) > total or total > sum(pops.values()) or any(floor > p for p in pops.values()):
        with pytest.raises(StageError):
            design_quota_plan(margins, total, floor=floor, marginal=["hukou"], tolerance=tol,
                              allow_empty_cells=True)
        return
    from citysurvey.sampling.allocation import allocate

    if (allocate(pops, total, floor=floor).table["n"] == 0).any():  # a district left without interviews is refused
        with pytest.raises(StageError, match="0 interviews"):
            design_quota_plan(margins, total, floor=floor, marginal=["hukou"], tolerance=tol, allow_empty_cells=True)
        return
    plan = design_quota_plan(margins, total, floor=floor, marginal=["hukou"], tolerance=tol, allow_empty_cells=True)
    cells = plan.cells
    n = cells[cells["type"] == "district"].set_index("district")["target"]
    assert n.sum() == total and (n >= floor).all()
    for (d, _margin), part in cells[cells["type"] != "district"].groupby(["district", "margin"]):
        assert part["target"].sum() == n[d]
        assert ((part["target"] - part["exact"]).abs() < 1).all()
    for d, part in hard(cells).groupby("district"):
        for var in ("sex", "age_band"):
            diff = part.groupby(var)["target"].sum() - part.groupby(var)["exact"].sum()
            assert (diff.abs() < 1).all()
    assert ((cells["min"] <= cells["target"]) & (cells["target"] <= cells["max"])).all()
    t = plan.districts[plan.districts["district"] != "全市"]
    assert (t["n"] > 0).all() and math.isfinite(plan.deff)
    if (t["n"] > 0).all():
        weights = [p / k for p, k in zip(t["population"], t["n"]) for _ in range(int(k))]
        kish = len(weights) * sum(w * w for w in weights) / sum(weights) ** 2
        assert plan.deff == pytest.approx(kish, rel=1e-9)


def test_a_district_rounded_to_zero_interviews_is_named_with_the_floor_that_fixes_it():
    # 4 interviews over 5 districts: 城中区's proportional share is 0.36 and rounds to 0, which made
    # the Kish deff, effective n and margin of error infinite without a word
    with pytest.raises(StageError) as err:
        design_quota_plan(liuzhou_margins(), 4)
    msg = str(err.value)
    assert "城中区" in msg and "0 interviews" in msg and "0 份访问" in msg
    assert "--floor" in msg and "floor=" in msg
    assert "at least 12" in msg  # total at which 城中区's proportional share reaches one interview
    fixed = design_quota_plan(liuzhou_margins(), 5, floor=1)
    assert fixed.allocation.table["n"].min() == 1 and math.isfinite(fixed.deff)
