"""The review list: answers that still hold something shaped like personal data after redaction."""
import pandas as pd
import pytest

from citysurvey.text.review import review_candidates


@pytest.mark.parametrize("text, tokens", [
    ("我家老二 Kiki 每天坐车四十分钟", ["Kiki"]),
    ("I live at 〔地址〕. The gym is always locked. Sophie Laurent", ["Sophie Laurent"]),
    ("je m'appelle Amadou Diallo, étudiant", ["Amadou Diallo"]),
    ("有事搵我 6192 3045", ["6192 3045"]),
    ("工单号 202406422029 还没处理", []),  # a number its label says is a work order's: no one's own
    ("学号 202406422029 的学生", ["202406422029"]),  # a student's number: a reviewer decides
    # nothing to review: glossary words, capitals, units, service numbers, placeholders
    ("Please fix the Parking and the Bus stop", []),
    ("CCTV 坏了，HK 的朋友说", []),
    ("房租 12000元，面积 30000平米", []),
    ("打12345没人管，95598 也打不通", []),
    ("我叫〔姓名〕，电话〔电话〕", []),
])
def test_what_is_listed_for_review(text, tokens):
    out = review_candidates(pd.Series([text]))
    assert out["token"].tolist() == tokens
    assert set(out["reason"]) <= {"拉丁字母词", "数字串"}


def test_rows_keep_the_answers_key_and_respondents():
    texts = pd.Series({7: "联系 Mandy", 9: "停车难"})
    out = review_candidates(texts, pd.Series({7: 3, 9: 1}))
    assert out[["answer", "n_respondents", "reason", "token"]].values.tolist() == [[7, 3, "拉丁字母词", "Mandy"]]


def _tiny_run(tmp_path, answer: str):
    """The text stage on the tiny study, with ``answer`` in place of its 停车难."""
    from citysurvey.datasets.tiny import write_tiny_study
    from citysurvey.pipeline import run_study
    from citysurvey.text import TextStage

    study = write_tiny_study(tmp_path)
    rows = (tmp_path / "responses.csv").read_text(encoding="utf-8").replace("停车难", answer)
    (tmp_path / "responses.csv").write_text(rows, encoding="utf-8")
    return run_study(study, stages=[TextStage()])


def test_the_stage_writes_the_list(tmp_path):
    res = _tiny_run(tmp_path, "停车难，Zorbek 也这么说")
    table = res.results["text"].tables["redaction_review"]
    assert table["token"].tolist() == ["Zorbek"] and table["n_respondents"].tolist() == [1]
    assert res.results["text"].summary["n_to_review"] == 1
    assert res.results["text"].sheet_names["redaction_review"] == "脱敏复核清单"


@pytest.mark.parametrize("text, reason, token", [
    # a name the model scores below the redaction threshold and above the review one
    ("外卖电动车乱窜，我们楼的李娜上个月就被撞了", "疑似姓名", "李娜"),
    # a given name right after a person cue (here a role and 的)
    ("麻烦转交给物业的佳慧，她上次说帮我登记车位", "称谓后疑似姓名", "佳慧"),
    # single characters between spaces, from the surname on
    ("楼上 漏水 找不到 人 ， 房主 叫 花 满 楼 ， 电话 我 没 有", "空格隔开的疑似姓名", "花 满 楼"),
    # what the redactor left of a name it cut short
    ("〔姓名〕雯帮我填这个问卷，我眼睛看不清", "姓名残片", "〔姓名〕雯"),
    # a Latin word after a cue, lower case too
    ("the bike lanes are terrible, my wife anna and I almost got hit", "称谓后拉丁字母词", "anna"),
    ("有事私信 @tom_88 就行", "疑似账号", "@tom_88"),
    ("公厕离我家太远。住在 梧桐巷21-3号 的 〔姓名〕", "疑似门牌", "巷21-3号"),
    ("托育太贵，我家娃 乐乐 只能扔给爷爷奶奶", "叠字小名", "乐乐"),
])
def test_each_new_reading(text, reason, token):
    out = review_candidates(pd.Series([text]))
    assert [reason, token] in out[["reason", "token"]].values.tolist(), out[["reason", "token"]].values.tolist()


@pytest.mark.parametrize("text", [
    "建议多修中山路和解放路，张自忠路也该修了",  # roads named after people
    "打了市长热线12345，居委会电话 021-6435 2210 也没人接",  # a hotline, an office's line
    "3号楼门口的灯坏了，5栋2单元也是",  # a building with no place and no home
    "人民医院在解放路120号，太远了",  # a public building's address
    "要学习雷锋精神，像诸葛亮一样想办法",  # figures of history
    "天天堵车，明明说好要修的，希望有人管管",  # doubled everyday words
    "社区网格员小刘人挺好的，王师傅修东西也快",  # 小X and a surname with a title are kept
    "订单号 202405171830224871 退款还没到，2023-11-05 停过水",  # a thing's number, a date
    "有意见发邮件到 service@lvcheng-wuye.com",  # an e-mail's domain is no handle
    "小区叫李白苑，我们这叫德胜门",  # places after 叫
])
def test_near_misses_are_not_listed(text):
    assert review_candidates(pd.Series([text])).empty


def test_the_workbook_sheet_has_chinese_headers(tmp_path):
    import openpyxl

    res = _tiny_run(tmp_path, "停车难，我们楼的李娜上个月也说")
    table = res.results["text"].tables["redaction_review"]
    assert ["疑似姓名", "李娜"] in table[["reason", "token"]].values.tolist()
    book = next(tmp_path.rglob("text.xlsx"))
    ws = openpyxl.load_workbook(book, read_only=True)["脱敏复核清单"]
    header = [c for c in next(ws.iter_rows(values_only=True)) if c]
    assert {"复核原因", "待复核的词或数字", "意见（已脱敏）"} <= set(header), header
    assert "疑似姓名" in [v for row in ws.iter_rows(values_only=True) for v in row]


def test_a_word_then_an_adverb_is_no_name_to_review():
    # the name model's low scores on a common word and an adverb after it (早晚高峰太堵, 马路刚修好) were the only
    # candidates of two example studies; a name that starts with a common word (夏天明) is still listed
    rv = review_candidates(pd.Series(["早晚高峰太堵了，红绿灯时间不合理", "马路刚修好又挖开", "这事问夏天明吧，他管这个"]))
    assert rv["token"].tolist() == ["夏天明"]
