"""Fieldwork status: counts per cell, over-quota and hardest cells, respondents outside every cell."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from citysurvey.codebook import Codebook
from citysurvey.errors import InputError
from citysurvey.sampling.plan import design_quota_plan, read_plan
from citysurvey.sampling.status import quota_status

MARGINS = pd.DataFrame(
    [
        ("district×sex×age_band", "甲区", "男", "青", None, 300),
        ("district×sex×age_band", "甲区", "男", "老", None, 200),
        ("district×sex×age_band", "甲区", "女", "青", None, 300),
        ("district×sex×age_band", "甲区", "女", "老", None, 200),
        ("district×sex×age_band", "乙区", "男", "青", None, 250),
        ("district×sex×age_band", "乙区", "男", "老", None, 250),
        ("district×sex×age_band", "乙区", "女", "青", None, 250),
        ("district×sex×age_band", "乙区", "女", "老", None, 250),
        ("district×hukou", "甲区", None, None, "本地", 800),
        ("district×hukou", "甲区", None, None, "外地", 200),
        ("district×hukou", "乙区", None, None, "本地", 500),
        ("district×hukou", "乙区", None, None, "外地", 500),
    ],
    columns=["margin", "district", "sex", "age_band", "hukou", "population"],
)


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory):
    # 100 per district: 甲区 男青 30 男老 20 女青 30 女老 20 / 本地 80 外地 20; 乙区 25 each / 50 50
    plan = design_quota_plan(MARGINS, 200, marginal=["hukou"], tolerance=10)
    return plan.to_csv(tmp_path_factory.mktemp("plan") / "quota_plan.csv")


def responses(rows):
    return pd.DataFrame(rows, columns=["rid", "district", "sex", "age_band", "hukou"])


def build(counts):
    """Responses with `k` copies of each (district, sex, age, hukou)."""
    rows, i = [], 0
    for (d, s, a, h), k in counts.items():
        for _ in range(k):
            rows.append((f"R{i}", d, s, a, h))
            i += 1
    return responses(rows)


def cell(status, district, label):
    c = status.cells
    return c[(c["district"] == district) & (c["cell"] == label)].iloc[0]


def test_counts_remaining_fill_and_status(plan_path):
    data = build({
        ("甲区", "男", "青", "本地"): 45,   # target 30, max 40 → over by 5
        ("甲区", "女", "青", "本地"): 25,   # target 30, min 20 → within
        ("甲区", "男", "老", "外地"): 5,    # target 20, min 10 → short
        ("乙区", "女", "老", "外地"): 25,   # target 25 → met
    })
    s = quota_status(read_plan(plan_path), data)
    over = cell(s, "甲区", "男×青")
    assert (over["target"], over["achieved"], over["remaining"], over["over_quota"], over["status"]) == \
        (30, 45, 0, 5, "over")
    assert over["fill_rate"] == pytest.approx(1.5)
    assert cell(s, "甲区", "女×青")["status"] == "within"
    short = cell(s, "甲区", "男×老")
    assert (short["achieved"], short["remaining"], short["status"]) == (5, 15, "short")
    assert cell(s, "乙区", "女×老")["status"] == "met"
    assert cell(s, "甲区", "本地")["achieved"] == 70
    assert cell(s, "乙区", "男×青")["achieved"] == 0
    d = s.districts.set_index("district")
    assert (d.at["甲区", "target"], d.at["甲区", "achieved"], d.at["甲区", "remaining"]) == (100, 75, 25)
    assert d.at["全市", "achieved"] == 100
    assert s.over_quota()["cell"].tolist() == ["男×青"]  # 甲区 本地: 70 ≤ max 90
    assert s.outside.empty


def test_hardest_cells_are_lowest_fill_then_most_remaining(plan_path):
    data = build({("甲区", "男", "青", "本地"): 15, ("乙区", "男", "青", "本地"): 5})
    s = quota_status(read_plan(plan_path), data)
    top = s.hardest(3)
    # zero fill everywhere else: ties broken by most remaining (外地 乙区 50, 本地 乙区 45 after 5, ...)
    assert top["fill_rate"].tolist()[0] == 0
    assert top["remaining"].tolist() == sorted(top["remaining"], reverse=True)
    assert top["hardest_rank"].tolist() == [1, 2, 3]
    filled = cell(s, "甲区", "男×青")
    assert filled["hardest_rank"] > top["hardest_rank"].max()


def test_respondents_outside_every_cell_are_flagged(plan_path):
    data = responses([
        ("R1", "甲区", "男", "青", "本地"),
        ("R2", "丙区", "男", "青", "本地"),
        ("R3", "甲区", "", "青", "本地"),
        ("R4", "甲区", "男", "中", "港澳"),
    ])
    s = quota_status(read_plan(plan_path), data)
    out = s.outside.set_index("respondent_id")
    assert out.index.tolist() == ["R2", "R3", "R4"]
    assert out.at["R2", "row"] == 3  # header is row 1
    assert out.at["R2", "reason_en"] == "district '丙区' is not in the plan"
    assert out.at["R3", "reason_zh"] == "sex 为空"
    assert "age_band '中' is not a category" in out.at["R4", "reason_en"]
    assert "hukou '港澳' is not a category" in out.at["R4", "reason_en"]
    assert s.districts.set_index("district").at["甲区", "achieved"] == 3  # district counts still count them


def test_codebook_codes_and_aliases_map_to_labels(plan_path):
    codebook = Codebook.model_validate({
        "respondent_id": "rid",
        "variables": {
            "rid": {"type": "id"},
            "district": {"type": "categorical", "categories": ["甲区", "乙区"], "aliases": {"甲": "甲区"}},
            "sex": {"type": "categorical", "categories": ["男", "女"], "codes": {1: "男", 2: "女"}},
        },
    })
    data = responses([("R1", "甲", "1", "青", "本地"), ("R2", "乙区", "2", "老", "外地")])
    s = quota_status(read_plan(plan_path), data, codebook=codebook)
    assert s.outside.empty
    assert cell(s, "甲区", "男×青")["achieved"] == 1


def test_missing_quota_column(plan_path):
    with pytest.raises(InputError, match="lack quota variable column.*hukou"):
        quota_status(read_plan(plan_path), responses([]).drop(columns="hukou"))


def test_status_workbook_holds_the_numbers(plan_path, tmp_path):
    data = build({("甲区", "男", "青", "本地"): 45, ("乙区", "女", "老", "外地"): 7})
    data.loc[len(data)] = ("X", "丙区", "男", "青", "本地")
    s = quota_status(read_plan(plan_path), data)
    path = s.to_excel(tmp_path / "status.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["进度汇总", "最难完成", "超额单元", "全部单元", "未归入配额", "说明"]
    every = pd.read_excel(path, sheet_name="全部单元")
    assert every["已完成"].tolist() == s.cells["achieved"].tolist()
    assert every["目标"].tolist() == s.cells["target"].tolist()
    assert every["剩余"].tolist() == s.cells["remaining"].tolist()
    summary = pd.read_excel(path, sheet_name="进度汇总")
    assert summary["已完成"].tolist() == s.districts["achieved"].tolist()
    outside = pd.read_excel(path, sheet_name="未归入配额")
    assert outside["样本编号"].tolist() == ["X"]
    assert wb["全部单元"]["J2"].number_format == "0.0%"  # fill rate
