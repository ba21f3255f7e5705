"""Text stage, cleaning: normal form, non-answers, copy-paste floods."""
from __future__ import annotations

import pandas as pd
import pytest

from citysurvey.text.clean import (BLANK, INFORMATIVE, NON_ANSWER, answer_status, dedup_keys, floods, is_non_answer,
                                   normalise, normalise_many)


def test_normalise_width_whitespace_and_control_characters():
    assert normalise("  停车难!! １２３４５热线\u3000打不通 ") == "停车难！！ 12345热线 打不通"
    assert normalise("Ａ座\x00１０１\t室\u200b") == "A座101 室"
    assert normalise("电话：１３８－１２３４－５６７８") == "电话：138-1234-5678"
    # our placeholders use 〔〕; a resident's own brackets must not look like one
    assert normalise("〔电话〕") == "〔电话〕"  # a placeholder stays as it is
    assert normalise("〔电话号〕") == "［电话号］"  # a resident's own brackets do not pass for one


def test_normalise_many_keeps_one_line_per_answer():
    texts = ["第一行\n第二行", None, float("nan"), "", "  ", "无"]
    out = normalise_many(texts)
    assert out == ["第一行 第二行", "", "", "", "", "无"]
    assert normalise_many(pd.Series(["a\r\nb", pd.NA], dtype="string")) == ["a b", ""]


@pytest.mark.parametrize("text", ["无", "没有", "很好", "不知道", "。。。", "1", "暂无", "没意见", "挺好的",
                                  "没有，谢谢。", "都挺好的", "无无无", "ok", "/", "暂时没有意见", "13812345678", "希望越来越好"])
def test_non_answers(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("text", ["没有电梯", "无物业", "停车难", "不满意，说了也没用", "希望多建停车场", "路灯不亮",
                                  "暂无停车位", "好多垃圾没人清"])
def test_informative_answers_are_not_non_answers(text):
    assert not is_non_answer(text)


def test_answer_status_and_extra_non_answers():
    st = answer_status(["", "无", "停车难", "好好好", "同上", "〔电话〕"], extra=("同上",))
    # an answer that was only a phone number is redacted to a placeholder: nothing left to say
    assert list(st) == [BLANK, NON_ANSWER, INFORMATIVE, NON_ANSWER, NON_ANSWER, NON_ANSWER]


def test_floods_keep_one_text_and_count_every_respondent():
    texts = ["停车难！", "停车难!", "停车 难", "路灯不亮", "停车难。"] + ["无"] * 3
    frame = pd.DataFrame({"status": [INFORMATIVE] * 5 + [NON_ANSWER] * 3, "text_redacted": normalise_many(texts),
                          "district": ["甲", "乙", "甲", "甲", "乙", "甲", "甲", "甲"]})
    keys = dedup_keys(frame["text_redacted"].tolist())
    assert len(set(keys[[0, 1, 2, 4]])) == 1 and keys[3] != keys[0]
    frame["dup_group"] = keys
    out = floods(frame, min_count=3, district="district")
    assert out.to_dict("records") == [{"text_redacted": "停车难！", "n_respondents": 4, "districts": "乙、甲"}]


def test_digit_characters_of_the_non_answer_check_are_all_of_them():
    from citysurvey.text.clean import digit_chars

    assert digit_chars() == "".join(c for c in map(chr, range(0x110000)) if c.isdigit())
