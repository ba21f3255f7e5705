"""Personal data the study holds in its own columns (role: personal) is masked wherever an answer repeats it."""
import subprocess

import pandas as pd
import pytest

from citysurvey.codebook import Variable
from citysurvey.text import analyse_suggestions
from citysurvey.text.known import KnownValues, kind_of_column

LABELS = {"tel": "联系电话（选填，用于回访）", "who": "您的姓名", "home": "家庭住址", "wx": "微信号", "card": "身份证号"}


def _known(**columns) -> KnownValues:
    n = max(len(v) for v in columns.values())
    frame = pd.DataFrame({k: list(v) + [None] * (n - len(v)) for k, v in columns.items()})
    return KnownValues.from_frame(frame, {k: LABELS.get(k, "") for k in columns})


@pytest.mark.parametrize("label, kind", [
    ("联系电话（选填，用于回访）", "phone"), ("您的手机号", "phone"), ("您的姓名", "name"), ("家庭住址", "address"),
    ("微信号", "wechat"), ("QQ号码", "qq"), ("身份证号码", "id_card"), ("电子邮箱", "email"), ("contact_phone", "phone"),
    ("您的年龄", None), ("意见建议", None),
])
def test_kind_of_a_column_from_its_label(label, kind):
    assert kind_of_column(label) == kind


@pytest.mark.parametrize("text, masked", [
    # a name no rule reads (no cue, a surname missing from the lists), the respondent's own number in groups
    ("区婉仪 反映路灯坏了 138-0013-8000", "〔姓名〕 反映路灯坏了 〔电话〕"),
    ("+86 138 0013 8000 有事打这个", "〔电话〕 有事打这个"),
    ("电话64287731，楼道灯不亮", "电话〔电话〕，楼道灯不亮"),  # a landline without the area code the column has
    ("我家在梧桐巷21-3号后门，下水道堵", "我家在〔地址〕后门，下水道堵"),
    ("加我微信 qiuyu_1988 细聊", "加我微信 〔微信号〕 细聊"),
    ("身份证11010519491231002x丢了", "身份证〔身份证号〕丢了"),
])
def test_known_values_are_masked_wherever_they_appear(text, masked):
    known = _known(tel=["13800138000", "021-64287731"], who=["区婉仪"], home=["梧桐巷21-3号"], wx=["qiuyu_1988"],
                   card=["11010519491231002X"])
    out, counts = known.mask([text])
    assert out == [masked]
    assert sum(counts.values()) == masked.count("〔")


@pytest.mark.parametrize("text", [
    "早晚高峰堵车，公交太慢",  # a respondent named 高峰: a common word, left to the rules
    "订单号 1380013800012 查不到",  # digits that hold a known number inside a longer number
    "工单 64287731 号还没处理",  # no landline is known here (the next test: one is)
    "区里的路灯坏了",
])
def test_near_misses_stay(text):
    known = _known(tel=["13800138000"], who=["区婉仪", "高峰"])
    out, counts = known.mask([text])
    assert out == [text] and counts == {}


def test_a_known_landline_is_masked_even_as_a_work_order_number():
    # the decision: digits equal to a respondent's own number are masked whatever the label (a missed number costs
    # more than a masked work order)
    out, _ = _known(tel=["021-64287731"]).mask(["工单 64287731 号还没处理"])
    assert out == ["工单 〔电话〕 号还没处理"]


def test_skipped_values_are_counted_and_blank_ones_ignored():
    known = _known(who=["高峰", "李", None, "", "区婉仪"], tel=["1234"])
    assert known.whole == {"区婉仪": "name"}
    assert known.skipped == 3  # 高峰 (a word), 李 (one character), 1234 (too short)
    assert not _known(who=[None, ""])


def test_the_analysis_counts_them_with_the_redactor_and_redacts_the_rest():
    texts = ["区婉仪：垃圾站太臭，电话13900139000", "停车难，联系王建国 13700137000", "无"]
    known = _known(tel=["13900139000"], who=["区婉仪"])
    with_known = analyse_suggestions(texts, known=known)
    without = analyse_suggestions(texts)
    assert with_known.frame["text_redacted"].tolist()[:2] == ["〔姓名〕：垃圾站太臭，电话〔电话〕", "停车难，联系〔姓名〕 〔电话〕"]
    assert "区婉仪" in without.frame["text_redacted"].iloc[0]  # the rules alone miss this name
    assert with_known.pii_counts == {"name": 2, "phone": 2}
    # nothing known: the same analysis as before, byte for byte
    pd.testing.assert_frame_equal(analyse_suggestions(texts, known=_known(who=[None])).frame, without.frame)


def test_a_personal_variable_must_be_text():
    with pytest.raises(ValueError, match="personal"):
        Variable(type="integer", role="personal", label="联系电话")
    assert Variable(type="text", role="personal", label="联系电话").role == "personal"


def test_a_study_with_personal_columns_keeps_them_in_data_only(tmp_path):
    """A study unlike the demo (six respondents, no demographics, no margins) with two personal columns, end to end:
    their values, repeated in the answers, reach no CSV, workbook, chart page, HTML, PDF or docx outside data/."""
    from test_text_demo_privacy import _text_of

    from citysurvey.datasets.tiny import write_tiny_study
    from citysurvey.pipeline import run_study

    study = write_tiny_study(tmp_path)
    cb = tmp_path / "codebook.yaml"
    cb.write_text(cb.read_text(encoding="utf-8") + "  tel: {type: text, role: personal, label: 联系电话（选填）}\n"
                  "  who: {type: text, role: personal, label: 您的姓名}\n", encoding="utf-8")
    rows = (tmp_path / "responses.csv").read_text(encoding="utf-8").strip().split("\n")
    extra = [",tel,who", ",13900139000,区婉仪", ",,", ",021-64287731,", ",,", ",,", ",,"]
    rows = [r + e for r, e in zip(rows, extra)]
    rows[1] = rows[1].replace("垃圾分类没人管", "垃圾分类没人管 区婉仪 139 0013 9000")
    rows[4] = rows[4].replace("停车难", "停车难 打6428 7731")
    (tmp_path / "responses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_study(study)
    out = tmp_path / "out"
    restricted = (out / "data" / "validated_responses.csv").read_text(encoding="utf-8-sig")
    assert ",13900139000,区婉仪" in restricted and ",021-64287731," in restricted  # as typed: numbers keep their 0
    read = 0
    for path in sorted(out.rglob("*")):
        if path.is_file() and "data" not in path.relative_to(out).parts and (text := _text_of(path)) is not None:
            read += 1
            flat = text.replace(" ", "").replace("\n", "")
            assert not any(s in flat for s in ("区婉仪", "13900139000", "64287731")), path
    assert read >= 10 and {p.suffix for p in (out / "report").iterdir()} >= {".html", ".pdf", ".docx"}
    assert "〔姓名〕" in (out / "text" / "suggestions.csv").read_text(encoding="utf-8-sig")
    # no demographic question: the report says so and has no sample profile (its chart had failed the render)
    html = (out / "report" / "city_report.html").read_text(encoding="utf-8")
    assert "未设置人口特征题" in html and "fig-profile" not in html


def test_init_takes_contact_columns_as_personal():
    from citysurvey.init.guess import classify

    frame = pd.DataFrame({
        "1.您的性别": ["男", "女", "女"], "12.您对小区停车的满意程度": ["满意", "一般", "不满意"],
        "20.联系电话（选填，用于回访）": ["13800138000", "", "021-64287731"], "21.您的姓名": ["区婉仪", "", ""],
        "19.您对城市建设还有什么意见建议？": ["停车难", "", "路灯坏了"],
    })
    roles = {c.header.raw: (c.kind, c.role) for c in classify(frame)}
    assert roles["20.联系电话（选填，用于回访）"] == ("text", "personal")
    assert roles["21.您的姓名"] == ("text", "personal")
    assert roles["1.您的性别"][1] == "demographic" and roles["19.您对城市建设还有什么意见建议？"][1] == "suggestion"
    assert roles["12.您对小区停车的满意程度"][1] != "personal"


def test_a_reviewers_list_masks_what_it_names_common_words_too(tmp_path):
    listed = tmp_path / "redact_also.csv"
    listed.write_text("value,kind\n高峰,name\nKiki,name\n0571-88123456,landline\nwx_kiki_mum,wechat\n", encoding="utf-8-sig")
    known = KnownValues.from_file(listed)
    out, counts = known.mask(["高峰说早晚高峰堵车", "我家老二 Kiki 每天坐车", "打88123456或加wx_kiki_mum"])
    assert out == ["〔姓名〕说早晚〔姓名〕堵车", "我家老二 〔姓名〕 每天坐车", "打〔电话〕或加〔微信号〕"]
    assert counts == {"name": 3, "phone": 1, "wechat": 1}
    # a GBK text file of one value a line reads the same way
    gbk = tmp_path / "also.txt"
    gbk.write_bytes("区婉仪\n".encode("gbk"))
    assert KnownValues.from_file(gbk).mask(["区婉仪反映"])[0] == ["〔姓名〕反映"]
    # with the study's own columns
    both = _known(who=["覃秀娥"]) | known
    assert both.mask(["覃秀娥和Kiki"])[0] == ["〔姓名〕和〔姓名〕"]


def test_a_reviewers_list_without_a_value_column_is_refused(tmp_path):
    from citysurvey.errors import StageError

    bad = tmp_path / "also.csv"
    bad.write_text("name\n区婉仪\n", encoding="utf-8")
    with pytest.raises(StageError, match="value"):
        KnownValues.from_file(bad)


def test_the_study_reads_its_list_relative_to_the_study_file(tmp_path, monkeypatch):
    from citysurvey.config import load_study
    from citysurvey.datasets.tiny import write_tiny_study
    from citysurvey.pipeline import run_study
    from citysurvey.text import TextStage

    study = write_tiny_study(tmp_path / "s")
    study.write_text(study.read_text(encoding="utf-8").replace("text: {charts: false}",
                                                               "text: {charts: false, redact_also: also.txt}"), encoding="utf-8")
    rows = (study.parent / "responses.csv").read_text(encoding="utf-8").replace("垃圾桶太少", "垃圾桶太少 找Kiki妈妈")
    (study.parent / "responses.csv").write_text(rows, encoding="utf-8")
    (study.parent / "also.txt").write_text("Kiki\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_study(study).stages["text"].redact_also == (study.parent / "also.txt").resolve()
    res = run_study(study, stages=[TextStage()])
    texts = res.results["text"].tables["suggestions"]["text_redacted"].tolist()
    assert "垃圾桶太少 找〔姓名〕妈妈" in texts and not any("Kiki" in t for t in texts)
