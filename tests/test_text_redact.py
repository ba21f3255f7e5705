"""Text stage, redaction: hand-written positive and hard-negative cases, and the demo city."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.text.clean import normalise
from citysurvey.text.evaluate import score_redaction
from citysurvey.text.redact import PLACEHOLDERS, redact

FIXTURES = Path(__file__).parent / "fixtures" / "text"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "redaction_cases.csv", dtype=str, keep_default_na=False)


def test_case_set_is_large_enough(cases):
    assert (cases["pii"] != "").sum() >= 60
    assert (cases["pii"] == "").sum() >= 30
    kinds = {item.split(":")[0] for cell in cases["pii"] for item in cell.split("|") if item}
    assert {"phone", "landline", "id_card", "email", "wechat", "qq", "room", "name"} <= kinds


def test_recall_and_precision(cases):
    score = score_redaction(cases)
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.95, score.false_alarms
    assert score.kept_ok == score.n_keep, score.false_alarms


def test_hard_negatives_are_untouched(cases):
    for row in cases[cases["pii"] == ""].itertuples():
        assert redact(normalise(row.text)) == normalise(row.text), row.id


def test_typed_placeholders_and_whole_address():
    out = redact(normalise("我住3栋2单元501室，电话13812345678，身份证45020219900101123X，邮箱a.b@qq.com，"
                           "微信 abc_123456，找王建国书记"))
    # (the title after a full name stays since round 11: every development set labels 王建国, not 王建国书记)
    assert out == "我住〔地址〕，电话〔电话〕，身份证〔身份证号〕，邮箱〔邮箱〕，微信 〔微信号〕，找〔姓名〕书记"


def test_demo_texts_with_personal_data_are_redacted():
    responses = REPO / "data_samples" / "demo_city" / "responses.csv"
    labels = REPO / "data_samples" / "demo_city" / "suggestion_labels.csv"
    if not responses.exists():
        pytest.skip("demo city not generated")
    r = pd.read_csv(responses, dtype=str, keep_default_na=False)
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False)
    flagged = r.loc[lab["has_personal_data"] == "1", "suggestion"]
    assert len(flagged) >= 10
    for text in flagged:
        out = redact(normalise(text))
        assert any(ph in out for ph in set(PLACEHOLDERS.values())), text
        assert not re.search(r"\d{7,}", out), out  # no phone, landline or ID digits left
        assert not re.search(r"单元\d|\d{3,4}室", out), out
        assert not re.search(r"[王李张刘陈](?:女士|先生|阿姨|师傅)", out), out


def test_any_mobile_number_in_any_chinese_context_is_redacted():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.text(alphabet="停车难路灯不亮我家住在小区物业电话打了没人接，。！：的是号楼栋", max_size=15)
    # every prefix issued to mobile networks (13x–19x; 140–144, 154, 160… are not phones)
    mobile = st.from_regex(r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9\d)[0-9]{8}", fullmatch=True)
    sep = st.sampled_from(["", " ", "-"])

    @settings(max_examples=150, deadline=None)
    @given(words, mobile, sep, words)
    def check(before, number, s, after):
        shown = number[:3] + s + number[3:7] + s + number[7:]
        out = redact(normalise(before + shown + after))
        assert number not in out.replace(" ", "").replace("-", "")
        assert "〔电话〕" in out

    check()
