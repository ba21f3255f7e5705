"""`citysurvey init` on a hand-made file: a row of variable names over the question texts, codes
listed in the headers (``性别（1=男 2=女）``), and the same guesses from a one-row platform header."""
from __future__ import annotations

import csv

import numpy as np
import pytest
import yaml

from citysurvey.codebook import load_codebook
from citysurvey.config import load_study
from citysurvey.init import init_study
from citysurvey.init.draft import names_over_texts
from citysurvey.init.headers import code_labels, parse_header
from citysurvey.loading import load_study_data

PLACES = ["莱山区", "福山区", "芝罘区", "牟平区", "蓬莱区", "长岛县"]
ITEM_TEXTS = ["住房条件", "小区环境", "物业服务", "街道卫生", "公共交通", "公园绿地", "医疗服务"]
OVERALL = "总体上，您对本市城市建设的评价"
WORDS = ["希望多建停车场", "公交车班次太少", "小区绿化需要加强", "菜市场离得远", "夜间路灯不亮", "医院挂号难",
         "希望增加养老设施", "人行道被占用"]


def _answers(n: int, seed: int = 7) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        items = [str(int(v)) for v in rng.integers(1, 6, len(ITEM_TEXTS))]
        overall = str(int(rng.choice([1, 2, 3, 4, 5, 6], p=[.05, .1, .25, .3, .2, .1])))
        idea = "" if i % 3 == 0 else f"{WORDS[i % len(WORDS)]}（{i}）"
        rows.append([str(1000 + i), PLACES[i % len(PLACES)], str(1 + i % 2), str(int(rng.integers(18, 80))),
                     *items, overall, str(int(rng.integers(90, 900))), idea])
    return rows


def _handmade(path, n: int = 90) -> None:
    """Row 1 variable names, row 2 question texts, as a firm types them into Excel and saves as CSV."""
    names = ["id", "quxian", "xingbie", "nianling", *[f"q1_{k}" for k in range(1, 8)], "q2", "yongshi", "jianyi"]
    texts = ["问卷编号", "所在区县", "性别（1=男 2=女）", "年龄（周岁）",
             *[f"1.{k} 您对{t}的满意程度" for k, t in enumerate(ITEM_TEXTS, 1)],
             f"2 {OVERALL}", "所用时间（秒）", "3 您对城市建设还有哪些意见和建议？"]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerows([names, texts, *_answers(n)])


def _platform(path, n: int = 90) -> None:
    """The same questions under one row of Chinese headers, as a platform numbers them."""
    texts = ["序号", "1、您所在区县：", "2、性别（1=男，2=女）", "3、您的年龄（周岁）",
             *[f"4、您对以下方面的满意程度—{t}" for t in ITEM_TEXTS], f"5、{OVERALL}", "所用时间",
             "6、您对城市建设还有哪些意见和建议？"]
    rows = _answers(n)
    for r in rows:
        r[-2] = f"{r[-2]}秒"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerows([texts, *rows])


def test_code_lists_and_bare_numbers_in_headers():
    assert code_labels("性别（1=男 2=女）") == (("1", "男"), ("2", "女"))
    assert code_labels("2、性别(1=男，2=女；9=拒答)") == (("1", "男"), ("2", "女"), ("9", "拒答"))
    assert code_labels("年龄（周岁）") == ()
    h = parse_header("性别（1=男 2=女）")
    assert (h.stem, h.number, h.codes) == ("性别", None, (("1", "男"), ("2", "女")))
    assert (parse_header("1.3 您对物业服务的满意程度").number, parse_header("1.3 您对物业服务的满意程度").stem) == \
        (1, "您对物业服务的满意程度")
    assert parse_header("1.3 您对物业服务的满意程度").part == 3
    assert parse_header("2 总体上,您对本市的评价").number == 2
    assert parse_header("2020年常住人口").number is None  # a year is not a question number


def test_names_over_texts_only_when_the_top_row_holds_distinct_identifiers():
    names, texts = names_over_texts(["id—问卷编号", "xingbie—性别", "q1_1—1.1 住房"])
    assert names == {"id—问卷编号": "id", "xingbie—性别": "xingbie", "q1_1—1.1 住房": "q1_1"}
    assert texts["q1_1—1.1 住房"] == "1.1 住房"
    # merged question titles over their sub-items: the title repeats, so it names no variable
    assert names_over_texts(["Q8—停车", "Q8—绿化"]) == ({}, {})
    assert names_over_texts(["8、满意程度—停车", "序号"]) == ({}, {})
    assert names_over_texts(["q1.1—住房", "q1-2—小区"])[0] == {"q1.1—住房": "q1_1", "q1-2—小区": "q1_2"}
    assert names_over_texts(["q1.1—住房", "q1_1—小区"]) == ({}, {})  # one name twice once read


@pytest.mark.parametrize("header, codes", [
    ("性别（男=1，女=2）", (("1", "男"), ("2", "女"))),
    ("性别(1:男;2:女)", (("1", "男"), ("2", "女"))),
    ("您的年龄（1=18-34岁 2=35-59岁 3=60岁及以上）", (("1", "18-34岁"), ("2", "35-59岁"), ("3", "60岁及以上"))),
    ("收入(单位=元)", ()),  # one "x=…" is a remark, not a code list
])
def test_code_list_spellings(header, codes):
    assert code_labels(header) == codes


@pytest.fixture(params=["handmade", "platform"])
def drafted(request, tmp_path):
    raw = tmp_path / "raw.csv"
    (_handmade if request.param == "handmade" else _platform)(raw)
    draft, _ = init_study(raw, out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    return request.param, draft, cb, tmp_path / "s" / "study.yaml"


def _by_role(cb, role):
    return [n for n, v in cb.variables.items() if v.role == role]


def test_district_from_the_question_and_its_place_names(drafted):
    _, _, cb, _ = drafted
    assert _by_role(cb, "district") == ["district"]
    assert set(cb.variables["district"].categories) == set(PLACES)


def test_sex_codes_listed_in_the_header_become_categories(drafted):
    _, draft, cb, _ = drafted
    sex = cb.variables["sex"]
    assert sex.role == "demographic" and sex.categories == ["男", "女"]
    assert {str(k): v for k, v in sex.codes.items()} == {"1": "男", "2": "女"}
    assert not any("sex" in q and "codes" in q for q in draft.questions)  # nothing left to ask


def test_age_in_years_duration_and_suggestion(drafted):
    _, _, cb, _ = drafted
    assert cb.variables["age"].type == "integer"
    duration = _by_role(cb, "duration")
    assert len(duration) == 1 and cb.variables[duration[0]].type == "number"
    assert len(_by_role(cb, "suggestion")) == 1


def test_overall_evaluation_coded_with_a_special_code(drafted):
    _, _, cb, _ = drafted
    overall = _by_role(cb, "overall")
    assert len(overall) == 1
    var = cb.variables[overall[0]]
    assert var.type == "likert"
    scale = cb.scales[var.scale]
    assert scale.codes == [1, 2, 3, 4, 5] and list(scale.special) == [6]
    assert len(cb.items) == len(ITEM_TEXTS) + 1


def test_the_draft_loads_and_the_codes_read_as_labels(drafted):
    kind, _, cb, study = drafted
    config = load_study(study)
    data = load_study_data(config)
    # the speeder rule needs the duration: it drops those under a share of the median time
    seconds = np.array([float(r[-2]) for r in _answers(90)])
    kept = int((seconds >= config.cleaning.speeder_ratio * np.median(seconds)).sum())
    assert 0 < 90 - kept and data.n == kept
    assert set(data.responses["sex"].astype(str)) == {"男", "女"}
    assert set(data.responses["district"].astype(str)) == set(PLACES)
    duration = _by_role(cb, "duration")[0]
    assert data.responses[duration].astype(float).between(90, 900).all()  # 312秒 and 312 read alike


def test_handmade_names_are_kept_and_texts_become_labels(tmp_path):
    _handmade(tmp_path / "raw.csv")
    draft, _ = init_study(tmp_path / "raw.csv", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.respondent_id == "id"
    assert [n for n in cb.variables if n.startswith("q")] == [f"q1_{k}" for k in range(1, 8)] + ["q2"]
    assert "yongshi" in cb.variables and "jianyi" in cb.variables
    assert cb.variables["q1_3"].label == "您对物业服务的满意程度"
    assert cb.variables["q1_1"].level == "住房"
    assert _yaml_inputs(tmp_path / "s" / "study.yaml")["header_rows"] == 2
    assert any("变量名" in n for n in draft.notes)


def _yaml_inputs(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["inputs"]


def test_district_from_place_names_alone(tmp_path):
    """A header without 区 (您住在哪里): answers that are all 区/县/市 names make the district."""
    rows = _answers(60)
    with open(tmp_path / "raw.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "1、您住在哪里", "2、性别", "3、年龄", *[f"4、满意程度—{t}" for t in ITEM_TEXTS],
                    f"5、{OVERALL}", "所用时间", "6、意见和建议"])
        w.writerows(rows)
    draft, _ = init_study(tmp_path / "raw.csv", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert _by_role(cb, "district") == ["district"]
    g = next(g for g in draft.guesses if g.variable == "district" and g.what == "角色")
    assert "区县名" in g.evidence and g.confidence == "中"


def test_a_scale_worded_in_the_header_takes_its_words(tmp_path):
    _handmade(tmp_path / "raw.csv")
    lines = (tmp_path / "raw.csv").read_text(encoding="utf-8-sig").splitlines()
    worded = "（1=很不满意 2=不太满意 3=一般 4=比较满意 5=很满意 6=说不清）"
    lines[1] = lines[1].replace(OVERALL, OVERALL + worded)
    (tmp_path / "raw.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    init_study(tmp_path / "raw.csv", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    scale = cb.scales[cb.variables["q2"].scale]
    assert scale.labels == ["很不满意", "不太满意", "一般", "比较满意", "很满意"]
    assert scale.special == {6: "说不清"}


def test_a_long_population_table_drafts_margins(tmp_path):
    """init reads a tidy 区县 × 性别 × 年龄组 table and derives the age bands weighting needs."""
    _handmade(tmp_path / "raw.csv")
    groups = ["18-34岁", "35-59岁", "60岁及以上"]
    rows = [(d, s, g, 10000 + 1000 * i + 100 * j + 10 * k) for i, d in enumerate(PLACES)
            for j, s in enumerate(["男", "女"]) for k, g in enumerate(groups)]
    text = "区县,性别,年龄组,常住人口\n" + "".join(f"{d},{s},{g},{n}\n" for d, s, g, n in rows)
    (tmp_path / "pop.csv").write_text(text + f"合计,,,{sum(r[-1] for r in rows)}\n", encoding="utf-8")
    draft, _ = init_study(tmp_path / "raw.csv", [tmp_path / "pop.csv"], out=tmp_path / "s")
    assert draft.margins is not None, draft.questions
    m = draft.margins
    assert m["population"].sum() == pytest.approx(sum(r[-1] for r in rows) * len(set(m["margin"])))
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.variables["age_band"].derive.source == "age"
    assert set(cb.variables["age_band"].categories) >= {"60+"}


def test_numbered_sub_questions_in_one_header_row_are_named_by_their_numbers(tmp_path):
    rows = _answers(60)
    with open(tmp_path / "raw.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["问卷编号", "所在区县", "性别（1=男 2=女）", "年龄（周岁）",
                    *[f"1.{k} 您对{t}的满意程度" for k, t in enumerate(ITEM_TEXTS, 1)],
                    f"2 {OVERALL}", "所用时间（秒）", "3 您对城市建设还有哪些意见和建议？"])
        w.writerows(rows)
    init_study(tmp_path / "raw.csv", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.items == [f"q1_{k}" for k in range(1, 8)] + ["q2"]
    assert _by_role(cb, "overall") == ["q2"] and _by_role(cb, "suggestion") == ["suggestion"]
    assert cb.variables["sex"].categories == ["男", "女"] and _by_role(cb, "district") == ["district"]


def test_spss_names_are_kept_like_a_row_of_names(tmp_path):
    """A .sav carries the same two rows as names and variable labels: one reading for both."""
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    _handmade(tmp_path / "raw.csv")
    with open(tmp_path / "raw.csv", encoding="utf-8-sig") as f:
        names, texts, *rows = list(csv.reader(f))
    df = pd.DataFrame(rows, columns=names)
    for c in names:
        if c not in ("quxian", "jianyi"):
            df[c] = df[c].astype(float)
    pyreadstat.write_sav(df, str(tmp_path / "d.sav"), column_labels=dict(zip(names, texts)))
    init_study(tmp_path / "d.sav", out=tmp_path / "s")
    cb = load_codebook(tmp_path / "s" / "codebook.yaml")
    assert cb.respondent_id == "id" and "yongshi" in cb.variables and "jianyi" in cb.variables
    assert cb.items == [f"q1_{k}" for k in range(1, 8)] + ["q2"]
    assert cb.variables["sex"].categories == ["男", "女"] and _by_role(cb, "overall") == ["q2"]
    assert load_study_data(load_study(tmp_path / "s" / "study.yaml")).responses["sex"].notna().all()
