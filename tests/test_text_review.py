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


def test_the_stage_writes_the_list(tmp_path):
    from citysurvey.datasets.tiny import write_tiny_study
    from citysurvey.pipeline import run_study
    from citysurvey.text import TextStage

    study = write_tiny_study(tmp_path)
    rows = (tmp_path / "responses.csv").read_text(encoding="utf-8").replace("停车难", "停车难，Zorbek 也这么说")
    (tmp_path / "responses.csv").write_text(rows, encoding="utf-8")
    res = run_study(study, stages=[TextStage()])
    table = res.results["text"].tables["redaction_review"]
    assert table["token"].tolist() == ["Zorbek"] and table["n_respondents"].tolist() == [1]
    assert res.results["text"].summary["n_to_review"] == 1
    assert res.results["text"].sheet_names["redaction_review"] == "脱敏复核清单"
