"""The classifier's view of answers in traditional characters, written Cantonese, spaced pinyin and English."""
from __future__ import annotations

from citysurvey.text.analyse import analyse_suggestions, analysis_text
from citysurvey.text.lexicon import TypoMap
from citysurvey.text.variants import read_dialect, read_latin


def test_read_dialect_only_cantonese_lines():
    big = "佢哋话啲树唔会斩\n人工湖边的路灯坏了\n我哋屋企人工低"
    out = read_dialect(big).split("\n")
    assert out[0] == "他们话些树不会斩"
    assert out[1] == "人工湖边的路灯坏了"  # no Cantonese-only character: words both languages write stay
    assert out[2] == "我们家工资低"


def test_spaced_pinyin_joined_into_table_words():
    assert read_latin("gong jiao zhan tai yuan").startswith("公交")
    assert read_latin("hello world") == "hello world"


def test_analysis_text_reads_traditional_and_cantonese():
    out = analysis_text(["巴士站冇遮擋，落雨淋濕晒"], TypoMap.load())[0]
    assert "没" in out and "下雨" in out and "湿" in out


def test_traditional_and_cantonese_answers_get_their_topic():
    frame = analyse_suggestions(["屋企樓下嘅垃圾桶成日爆滿，冇人收", "小區入面啲路燈壞晒，夜晚黑麻麻",
                                 "please add more bike lanes and a safer crosswalk near the school"]).frame
    assert (frame["flag"] == "informative").all(), frame[["flag", "topics"]].to_string()
    assert frame["primary_topic"].tolist()[:2] == ["C_WASTE", "C_WALK"]
