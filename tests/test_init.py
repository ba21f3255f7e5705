"""`citysurvey init`: drafts that validate as they are, every guess with its evidence."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from citysurvey.cli import app
from citysurvey.codebook import load_codebook
from citysurvey.config import load_study
from citysurvey.init import init_study
from citysurvey.init.headers import parse_header
from citysurvey.init.levels import guess_level
from citysurvey.init.scales import guess_code_scale, guess_scale
from citysurvey.loading import load_study_data

from platform_export import (DISTRICTS, EDU_ANSWERS, ITEMS, Q_AGE, Q_EDU, Q_MULTI, SEVEN, platform_export,
                             population_table)


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _validate(study):
    return load_study_data(load_study(study))


# -- the pieces ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, number, stem, sub", [
    ("3、您的年龄：", 3, "您的年龄", None),
    ("8、您对以下方面的满意程度—停车", 8, "您对以下方面的满意程度", "停车"),
    ("8(小区停车)", 8, "", "小区停车"),
    ("Q12. 您的性别 [单选题]", 12, "您的性别", None),
    ("提交答卷时间", None, "提交答卷时间", None),
])
def test_platform_headers(raw, number, stem, sub):
    h = parse_header(raw)
    assert (h.number, h.stem, h.sub) == (number, stem, sub)


@pytest.mark.parametrize("answers, k", [
    (["很不满意", "不满意", "满意", "很满意"], 4),
    (["非常满意", "满意", "一般", "不满意", "非常不满意", "不了解"], 5),
    (["比较不满意", "一般", "满意", "非常满意"], 7),  # only a 7-point wording has 比较不满意 beside 满意
    ([f"{i}分" for i in range(1, 11)], 10),
    (["0分", "3分", "7分", "10分", "不清楚"], 11),
])
def test_scales_from_chinese_wordings(answers, k):
    s = guess_scale(answers)
    assert s is not None and len(s.codes) == k


def test_special_answers_group_by_meaning():
    s = guess_scale(["满意", "一般", "不满意", "不清楚", "说不清", "不适用"])
    assert list(s.special.values()) == [["不清楚", "说不清"], ["不适用"]]
    assert set(s.special) == {9, 10}
    assert guess_scale(["男", "女"]) is None and guess_scale(["1", "2", "3"]) is None


def test_code_download_scale_and_skip_codes():
    s, skips = guess_code_scale(["1", "2", "3", "4", "5", "6", "7", "8", "-3"])
    assert s.codes == list(range(1, 8)) and list(s.special) == [8] and skips == ["-3"]
    assert s.confidence == "低"
    assert guess_code_scale([str(i) for i in range(1, 11)])[0].codes == list(range(1, 11))
    assert guess_code_scale(["3", "4", "5", "6"])[0].codes == [1, 2, 3, 4, 5]  # a small sample misses point 1…2


@pytest.mark.parametrize("stem, sub, level", [
    ("您对您家住房的以下方面是否满意", "燃气使用安全", "住房"),
    ("您对所在小区的以下方面是否满意", "物业服务", "小区（社区）"),
    ("", "街道卫生与环境", "街区"),
    ("您对城市公共交通是否满意", None, "城区（城市）"),
    ("总体而言，您对居住的城市是否满意", None, "总体"),
    ("", "停车难", "小区（社区）"),  # no stem word: the lexicon's topic decides
])
def test_levels_from_stems_and_lexicon(stem, sub, level):
    assert guess_level(stem, sub).level == level


# -- whole drafts ----------------------------------------------------------------------------

@pytest.fixture
def text_export(tmp_path):
    raw = platform_export(120)
    with pd.ExcelWriter(tmp_path / "青川市2026年满意度调查_问卷星.xlsx") as xw:
        pd.DataFrame({"说明": ["问卷星导出", "共 120 份"]}).to_excel(xw, sheet_name="说明", index=False)
        raw.to_excel(xw, sheet_name="数据", index=False)
    population_table(tmp_path / "pop.xlsx")
    lines = ["区县,户籍人口,外来人口,合计"] + [f"{d},{2000 * (k + 1)},{1000 * (k + 1)},{3000 * (k + 1)}"
                                             for k, d in enumerate(DISTRICTS)]
    (tmp_path / "hukou.csv").write_bytes("\n".join(lines).encode("gbk"))
    return tmp_path, raw


def test_text_export_draft_validates_as_is(text_export):
    folder, raw = text_export
    draft, written = init_study(folder / "青川市2026年满意度调查_问卷星.xlsx", [folder / "pop.xlsx", folder / "hukou.csv"],
                                out=folder / "study")
    names = {p.name for p in written}
    assert {"study.yaml", "codebook.yaml", "margins.csv", "init_report.md", "init_report.xlsx"} <= names
    data = _validate(folder / "study" / "study.yaml")
    assert data.n == 120
    cb = load_codebook(folder / "study" / "codebook.yaml")
    v = cb.variables
    assert cb.respondent_id == "rid"
    assert v["district"].role == "district" and v["district"].categories == DISTRICTS
    assert v["street"].role == "street" and v["sex"].role == "demographic"
    assert v["duration_sec"].role == "duration" and v["device_id"].role == "device"
    assert v["submitted_at"].role == "fieldwork_date"
    assert v["suggestion"].role == "suggestion"
    assert v["q12"].type == "multiselect" and v["q12"].other == "其他"
    assert cb.scales["sat7"].special == {9: "不清楚/说不清"}
    levels = {n: v[n].level for n in cb.items}
    assert [levels[n] for n in ["q6_1", "q6_2", "q7_1", "q7_2", "q8_1", "q9", "q10"]] == \
        [lv for _, lv in ITEMS[:5]] + [lv for _, lv in ITEMS[6:]]
    assert v["q6_2"].topic == "H_SAFETY" and v["q7_1"].topic == "C_PARKING"
    # 户籍人口/外来人口 became aliases of the answers' categories, and the 户籍 table was converted
    m = pd.read_csv(folder / "study" / "margins.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(m["margin"]) == {"district×sex×age_band", "district×sex", "district×age_band", "district×hukou"}
    assert v["hukou"].aliases == {"户籍人口": "本市户籍", "外来人口": "外地户籍"}
    study = _yaml(folder / "study" / "study.yaml")
    # 120 answers over 3 districts × 2 sexes × 6 age groups leave cells of a few respondents: the
    # crossed margin stays in margins.csv, the weighting uses its two-way margins
    assert study["weighting"]["margins"] == ["district×sex", "district×age_band", "district×hukou"]
    assert any("district×sex×age_band" in n and "少于 20" in n for n in draft.notes)
    pop = m.assign(population=m["population"].astype(float))
    crossed = pop[pop["margin"] == "district×sex×age_band"].groupby(["district", "sex"])["population"].sum()
    two_way = pop[pop["margin"] == "district×sex"].set_index(["district", "sex"])["population"]
    assert np.allclose(crossed.sort_index(), two_way.sort_index())
    assert study["study"]["year"] == 2026
    report = (folder / "study" / "init_report.md").read_text(encoding="utf-8")
    assert "需要您回答的问题" in report and "study.name" in report
    assert "自动选择工作表「数据」" in report
    assert "| 1、您所在的区： | district | 角色 |" in report


def test_answer_bands_merged_onto_the_tables_bands(tmp_path):
    """Answers 18-24岁, 25-34岁 … and a yearbook with 18-34 / 35-59 / 60+ → a derived age_band."""
    raw = platform_export(60)
    raw[Q_AGE] = raw[Q_AGE].replace({"55-64岁": "55-59岁", "65岁及以上": "60岁及以上"})
    raw.to_csv(tmp_path / "export.csv", index=False, encoding="utf-8-sig")
    wb = Workbook()
    ws = wb.active
    ws.append(["区县", "18-34岁", "35-59岁", "60岁及以上", "合计"])
    for k, d in enumerate(DISTRICTS):
        ws.append([d, 100 * (k + 1), 200 * (k + 1), 50 * (k + 1), 350 * (k + 1)])
    ws.append(["资料来源：统计年鉴"])
    wb.save(tmp_path / "age.xlsx")
    init_study(tmp_path / "export.csv", [tmp_path / "age.xlsx"], out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    age = cb.variables["age_band"]
    assert age.categories == ["18-34", "35-59", "60+"]
    assert age.derive.source == "age_answer"
    assert age.derive.map["18-24岁"] == age.derive.map["25-34岁"] == "18-34"
    assert age.derive.map["55-59岁"] == "35-59"
    data = _validate(tmp_path / "s" / "study.yaml")
    merged = raw[Q_AGE].map(age.derive.map)
    assert data.responses["age_band"].astype(str).tolist() == merged.tolist()


def test_exact_ages_and_education_groups(tmp_path):
    raw = platform_export(60)
    raw[Q_AGE] = [str(18 + (i * 7) % 60) for i in range(60)]
    raw = raw.rename(columns={Q_AGE: "4、您的年龄（周岁）："})
    raw.to_csv(tmp_path / "export.csv", index=False, encoding="gb18030")
    wb = Workbook()
    ws = wb.active
    ws.append(["表 各区分年龄人口"])
    ws.append(["区县", "15-19岁", "20-34岁", "35-49岁", "50-59岁", "60岁及以上"])
    for k, d in enumerate(DISTRICTS):
        ws.append([d, 50, 300, 300, 200, 250])
    wb.save(tmp_path / "age.xlsx")
    edu = ["区县,初中及以下,高中（含中专）,大学专科,大学本科及以上"] + [f"{d},100,80,60,40" for d in DISTRICTS]
    (tmp_path / "edu.csv").write_bytes("\n".join(edu).encode("gbk"))
    draft, _ = init_study(tmp_path / "export.csv", [tmp_path / "age.xlsx", tmp_path / "edu.csv"], out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.variables["age"].type == "integer" and cb.variables["age"].role == "screening"
    assert cb.variables["age_band"].derive.cuts == [18, 35, 50, 60]
    edu_var = cb.variables["education"]
    assert edu_var.derive.source == "education_answer" and len(edu_var.categories) == 4
    assert edu_var.derive.map == dict(zip(EDU_ANSWERS, ["初中及以下", "初中及以下", "高中（含中专）", "大学专科",
                                                        "大学本科及以上", "大学本科及以上"]))
    data = _validate(tmp_path / "s" / "study.yaml")
    assert data.responses["education"].astype(str).tolist() == raw[Q_EDU].map(edu_var.derive.map).tolist()
    m = pd.read_csv(tmp_path / "s" / "margins.csv", encoding="utf-8-sig")
    assert set(m["margin"]) == {"district×age_band", "district×education"}
    assert "15-19岁" in "\n".join(draft.notes)  # split by years, and said so


def test_code_download_draft(tmp_path):
    raw = platform_export(60, codes=True)
    raw.to_csv(tmp_path / "codes.csv", index=False, encoding="gbk")
    draft, _ = init_study(tmp_path / "codes.csv", out=tmp_path / "s")
    study = _yaml(tmp_path / "s" / "study.yaml")
    assert study["inputs"]["missing_values"] == ["-3"]
    assert "# margins: margins.csv   # TODO" in (tmp_path / "s" / "study.yaml").read_text(encoding="utf-8")
    assert any("1 = 最不满意" in q for q in draft.questions)
    assert any("数字代码" in q or "codes" in q for q in draft.questions)
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.scales["sat7"].codes == list(range(1, 8)) and list(cb.scales["sat7"].special) == [8]
    assert study["weighting"] == {"enabled": False}
    data = _validate(tmp_path / "s" / "study.yaml")
    assert data.n == 60


def test_sav_value_labels_become_categories(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    raw = platform_export(30)
    seven = SEVEN
    df = pd.DataFrame({
        "ID": raw["序号"].astype(float),
        "district": raw["1、您所在的区："].map({d: float(i) for i, d in enumerate(DISTRICTS, 1)}),
        "q1": raw[ITEMS[6][0]].map(lambda v: float(seven.index(v) + 1) if v in seven else 9.0),
    })
    pyreadstat.write_sav(df, str(tmp_path / "data.sav"), column_labels={"ID": "编号", "district": "您所在的区", "q1":
                         "您对城市公共交通是否满意"},
                         variable_value_labels={"district": {float(i): d for i, d in enumerate(DISTRICTS, 1)},
                                                "q1": {**{float(i): s for i, s in enumerate(seven, 1)}, 9.0: "不清楚"}})
    init_study(tmp_path / "data.sav", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert set(cb.variables["district"].categories) == set(DISTRICTS)
    data = _validate(tmp_path / "s" / "study.yaml")
    assert set(data.responses["district"].astype(str)) == set(DISTRICTS)


def test_multiselect_01_columns_draft(tmp_path):
    raw = platform_export(40)
    joined = raw.pop(Q_MULTI)
    for lab in ["公园绿地", "停车设施", "养老服务"]:
        raw[f"12({lab})"] = joined.map(lambda v, lab=lab: str(int(lab in v)))
    raw["12(其他〖请注明〗)"] = joined.map(lambda v: v.split(":")[1] if ":" in v else "(空)")
    raw.to_csv(tmp_path / "e.csv", index=False)
    init_study(tmp_path / "e.csv", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    q12 = cb.variables["q12"]
    assert q12.type == "multiselect" and q12.options[:3] == ["公园绿地", "停车设施", "养老服务"]
    data = _validate(tmp_path / "s" / "study.yaml")
    assert data.responses["q12_2"].tolist() == joined.map(lambda v: int("停车设施" in v)).tolist()


def test_indicators_keyed_by_chinese_names(tmp_path):
    from citysurvey.indicators.catalog import national_catalog

    cat = national_catalog(["MOHURD_2021_8dim"])
    names = cat["name"].head(3).tolist()
    lines = ["地区,年份,指标名称,数值,单位"] + [f"全市,2025,{n},1.5,{u}" for n, u in zip(names, cat["unit"].head(3))]
    lines.append("全市,2025,本市特色指标,3,个")
    (tmp_path / "ind.csv").write_text("\n".join(lines), encoding="utf-8")
    platform_export(20).to_csv(tmp_path / "e.csv", index=False)
    draft, _ = init_study(tmp_path / "e.csv", out=tmp_path / "s", indicators=tmp_path / "ind.csv")
    ind = pd.read_csv(tmp_path / "s" / "indicators.csv", encoding="utf-8-sig")
    assert ind["indicator_id"].tolist() == cat["indicator_id"].head(3).tolist()
    assert _yaml(tmp_path / "s" / "study.yaml")["indicators"] == {"systems": ["MOHURD_2021_8dim"]}
    assert any("本市特色指标" in q for q in draft.questions)
    _validate(tmp_path / "s" / "study.yaml")


def test_init_command(tmp_path):
    platform_export(20).to_csv(tmp_path / "e.csv", index=False)
    res = CliRunner().invoke(app, ["init", str(tmp_path / "e.csv"), "--out", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "s" / "init_report.md").exists()
    res = CliRunner().invoke(app, ["validate", str(tmp_path / "s" / "study.yaml")])
    assert res.exit_code == 0, res.output
    bad = CliRunner().invoke(app, ["init", str(tmp_path / "none.csv"), "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "找不到文件" in bad.output.replace("\n", "")


def test_english_headers_coded_battery_and_long_margins(tmp_path):
    """A file that is no platform export (the demo city): codes, short spellings, margins already long."""
    from conftest import REPO

    demo = REPO / "data_samples" / "demo_city"
    draft, _ = init_study(demo / "responses.csv", [demo / "population_margins.csv"], out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.respondent_id == "rid" and cb.variables["rid"].type == "id"
    assert cb.scales["sat5"].codes == [1, 2, 3, 4, 5] and list(cb.scales["sat5"].special) == [9]
    want = [n for n, v in load_codebook(demo / "codebook.yaml").variables.items() if v.type == "likert"]
    assert cb.items == want and all(cb.variables[i].scale == "sat5" for i in cb.items)
    assert cb.variables["district"].aliases["南湖"] == "南湖区" and len(cb.variables["district"].categories) == 6
    assert cb.variables["age_band"].derive is None  # the file's own age_band is kept, not recomputed
    study = _yaml(tmp_path / "s" / "study.yaml")
    # the demo's sample has 8 men of 60+ in 新城区: under 20, so the draft weights on the two-way margins
    assert study["weighting"]["margins"] == ["district×sex", "district×age_band", "district×hukou", "income_band"]
    assert any("q_h01" in q and "level" in q for q in draft.questions)  # English headers say no level
    assert cb.variables["q_overall"].role == "overall" and cb.variables["q_overall"].level == "总体"
    assert cb.variables["suggestion"].role == "suggestion"
    data = _validate(tmp_path / "s" / "study.yaml")
    assert data.log.n_input == 3099


def test_two_row_header_export_and_header_only_file(tmp_path):
    raw = platform_export(30)
    wb = Workbook()
    ws = wb.active
    top = [c.split("—")[0] if "—" in c else c for c in raw.columns]
    bottom = [c.split("—")[1] if "—" in c else None for c in raw.columns]
    top = [t if i == 0 or t != top[i - 1] or bottom[i] is None else None for i, t in enumerate(top)]
    ws.append(top)
    ws.append(bottom)
    for row in raw.itertuples(index=False):
        ws.append(list(row))
    wb.save(tmp_path / "two.xlsx")
    draft, _ = init_study(tmp_path / "two.xlsx", out=tmp_path / "s")
    assert _yaml(tmp_path / "s" / "study.yaml")["inputs"]["header_rows"] == 2
    assert load_codebook(tmp_path / "s" / "codebook.yaml").variables["q6_2"].level == "住房"
    assert _validate(tmp_path / "s" / "study.yaml").n == 30
    raw.iloc[:0].to_csv(tmp_path / "empty.csv", index=False)
    from citysurvey.errors import InputError

    with pytest.raises(InputError, match="no responses"):
        init_study(tmp_path / "empty.csv", out=tmp_path / "e")


def test_sav_variable_labels_are_read_as_question_texts(tmp_path):
    """Short SPSS names (q1, q6_1) say nothing: the variable labels carry the questions."""
    pyreadstat = pytest.importorskip("pyreadstat")
    rng = np.random.default_rng(3)
    n = 60
    four = ["很不满意", "不太满意", "比较满意", "很满意"]
    df = pd.DataFrame({"q1": rng.choice([1.0, 2.0], n), "q6_1": rng.choice([1.0, 2.0, 3.0, 4.0, 98.0, 99.0], n),
                       "q6_2": rng.choice([1.0, 2.0, 3.0, 4.0, 98.0], n)})
    labels = {"q1": {1.0: "男", 2.0: "女"}}
    for q in ("q6_1", "q6_2"):
        labels[q] = {**{float(i): w for i, w in enumerate(four, 1)}, 98.0: "不知道", 99.0: "拒答"}
    pyreadstat.write_sav(df, str(tmp_path / "d.sav"), variable_value_labels=labels,
                         column_labels={"q1": "性别", "q6_1": "住房：房屋质量", "q6_2": "住房：采光通风"})
    init_study(tmp_path / "d.sav", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.variables["sex"].role == "demographic"  # found by its label 性别, not its name q1
    assert cb.items == ["q6_1", "q6_2"]  # 4 points, with 不知道 and 拒答 (refusals) as special answers
    scale = cb.scales[cb.variables["q6_1"].scale]
    assert scale.labels == four and len(scale.special) == 2


def test_bare_zero_to_ten_ratings_are_an_eleven_point_scale():
    g = guess_scale([str(v) for v in range(0, 11)] + ["不了解"])
    assert g is not None and g.codes == list(range(0, 11)) and g.special
    assert guess_scale(["0", "1", "2", "3"]) is None  # a short list of numbers may be anything
    assert guess_scale(["1", "2", "3", "4", "5"]) is None  # codes of a worded scale: a question, not a guess


def test_respondents_without_a_district_are_dropped_and_logged(tmp_path):
    raw = platform_export(30)
    raw.loc[[3, 7], "1、您所在的区："] = "(跳过)"
    raw.to_csv(tmp_path / "e.csv", index=False)
    init_study(tmp_path / "e.csv", out=tmp_path / "s")
    data = _validate(tmp_path / "s" / "study.yaml")
    log = data.log.rows.set_index("row")
    assert log.loc[[5, 9], "status"].eq("dropped").all()  # Excel rows of data rows 3 and 7
    assert log.loc[[5, 9], "reason"].str.contains("所在区").all()


# -- income, and headers of more than two rows -----------------------------------------------------

INCOME_BANDS = ["3000元以下", "3000-5000元", "5000-8000元", "8000-12000元", "12000元及以上"]
Q_INCOME = "14、您的家庭月收入："


def _income_files(tmp_path, answers):
    raw = platform_export(90)
    raw.insert(11, Q_INCOME, answers)
    population_table(tmp_path / "pop.xlsx")
    lines = ["区县,5000元以下,5000-12000元,1.2万元及以上"] + [f"{d},{1000 * (k + 1)},{800 * (k + 1)},{300 * (k + 1)}"
                                                       for k, d in enumerate(DISTRICTS)]
    (tmp_path / "income.csv").write_text("\n".join(lines), encoding="utf-8")
    return raw


def test_income_bands_are_merged_onto_the_tables_bands_and_weighted_on(tmp_path):
    rng = np.random.default_rng(5)
    raw = _income_files(tmp_path, [INCOME_BANDS[i] for i in rng.integers(0, 5, 90)])
    raw.to_csv(tmp_path / "e.csv", index=False, encoding="utf-8-sig")
    init_study(tmp_path / "e.csv", [tmp_path / "pop.xlsx", tmp_path / "income.csv"], out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    band = cb.variables["income_band"]
    assert band.role == "demographic" and band.categories == ["5000元以下", "5000-12000元", "1.2万元及以上"]
    assert band.derive.source == "income_answer" and cb.variables["income_answer"].label == "您的家庭月收入（答案）"
    assert band.derive.map == dict(zip(INCOME_BANDS, ["5000元以下", "5000元以下", "5000-12000元", "5000-12000元",
                                                      "1.2万元及以上"]))
    study = _yaml(tmp_path / "s" / "study.yaml")
    assert study["weighting"]["margins"] == ["district×sex", "district×age_band", "district×income_band"]
    assert study["weighting"]["collapse_order"] == ["age_band", "income_band"]
    data = _validate(tmp_path / "s" / "study.yaml")
    assert data.responses["income_band"].astype(str).tolist() == raw[Q_INCOME].map(band.derive.map).tolist()


def test_an_income_amount_is_cut_at_the_tables_bounds(tmp_path):
    amounts = [str(int(x)) for x in np.random.default_rng(6).lognormal(8.8, 0.6, 90)]
    raw = _income_files(tmp_path, amounts).rename(columns={Q_INCOME: "14、个人月收入（元）："})
    raw.to_csv(tmp_path / "e.csv", index=False)
    draft, _ = init_study(tmp_path / "e.csv", [tmp_path / "pop.xlsx", tmp_path / "income.csv"], out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.variables["income"].type == "number"
    assert cb.variables["income_band"].derive.cuts == [0, 5000, 12000]
    assert any("金额" in g.value and g.variable == "income" for g in draft.guesses)
    assert "district×income_band" in _yaml(tmp_path / "s" / "study.yaml")["weighting"]["margins"]
    data = _validate(tmp_path / "s" / "study.yaml")
    x = pd.Series(amounts, dtype=float)
    want = np.select([x < 5000, x < 12000], ["5000元以下", "5000-12000元"], "1.2万元及以上")
    assert data.responses["income_band"].astype(str).tolist() == list(want)


def _three_row_header(path, raw):
    """Section titles merged over their columns, then the questions, then the matrix sub-items."""
    wb = Workbook()
    ws = wb.active
    section = ["基本信息" if i < 12 else "满意度评价" if "—" in c or "、您对" in c else "其他" for i, c in enumerate(raw.columns)]
    ws.append([s if i == 0 or s != section[i - 1] else None for i, s in enumerate(section)])
    top = [c.split("—")[0] for c in raw.columns]
    ws.append([t if i == 0 or t != top[i - 1] else None for i, t in enumerate(top)])
    ws.append([c.split("—")[1] if "—" in c else None for c in raw.columns])
    for row in raw.itertuples(index=False):
        ws.append(list(row))
    wb.save(path)


def test_a_three_row_header_is_refused_naming_the_row_and_the_setting(tmp_path):
    from citysurvey.errors import InputError

    _three_row_header(tmp_path / "three.xlsx", platform_export(40))
    with pytest.raises(InputError) as exc:
        init_study(tmp_path / "three.xlsx", out=tmp_path / "s")
    text = exc.value.format()
    assert "第 3 行" in text and "row 3" in text and "inputs.header_rows" in text
    assert "房屋质量与安全" in text  # the sub-item the third row holds
    assert "three.xlsx" in text and not (tmp_path / "s" / "study.yaml").exists()


def test_loading_refuses_a_header_row_read_as_a_respondent(tmp_path):
    """A two-row header read with header_rows: 1 (every top cell filled, so no unnamed column)."""
    from citysurvey.errors import InputError
    from citysurvey.loading import read_raw

    raw = platform_export(40)
    wb = Workbook()
    ws = wb.active
    ws.append([c.split("—")[0] for c in raw.columns])
    ws.append([c.split("—")[1] if "—" in c else None for c in raw.columns])
    for row in raw.itertuples(index=False):
        ws.append(list(row))
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(InputError) as exc:
        read_raw(tmp_path / "two.xlsx")
    assert "第 2 行" in exc.value.format() and "inputs.header_rows: 2" in exc.value.format()
    two = read_raw(tmp_path / "two.xlsx", header_rows=2).frame
    assert len(two) == 40 and list(two.columns) == list(raw.columns)
