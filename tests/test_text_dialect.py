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


def test_cantonese_copula_and_words_read_as_mandarin():
    """The copula 係 (系 in the simplified view) is 是 on a Cantonese line; words that keep Mandarin 系 stay."""
    big = "呢个物业公司真系冇用\n个系统成日坏，冇人联系\n一落大雨就水浸街，啲车排好耐队\n关系系统"
    assert read_dialect(big).split("\n") == ["这个物业公司真是没用", "个系统经常坏，没人联系", "一落大雨就水淹街，些车排很久队",
                                              "关系系统"]


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


def test_short_pinyin_of_a_term_read_in_pinyin_runs_only():
    """Pinyin of fewer than five letters (物业 wuye, 垃圾 laji: words of the lexicon's terms) is read as the word,
    spaced or run together, where every Latin word around it is pinyin; not in English."""
    assert read_latin("wu ye jiu shi ge bai she").startswith("物业 就是")
    assert read_latin("小区wuye太差") == "小区物业太差"
    assert read_latin("la ji, mei ren guan").startswith("垃圾,")
    assert read_latin("laji tai duo le").startswith("垃圾 ")
    assert read_latin("lu deng huai le").startswith("路灯")
    for english in ("the wuye is bad", "hi malu", "my la ji is here", "kefu@lvcheng-wuye.com", "www.laji.com"):
        assert read_latin(english) == english


def test_short_pinyin_keys_are_no_syllable_name_or_english_word():
    from citysurvey.text.variants import PINYIN_SYLLABLES, _latin_given_names, is_pinyin, shipped_variants

    v = shipped_variants()
    short = v.loc[v["kind"] == "short_pinyin", "variant"].tolist()
    assert {"wuye", "laji"} <= set(short)
    names = _latin_given_names()
    assert all(is_pinyin(k) and k not in PINYIN_SYLLABLES and k not in names and len(k) < 5 for k in short)
    assert not set(short) & set(v.loc[v["kind"] != "short_pinyin", "variant"])
    assert is_pinyin("zhuang") and is_pinyin("xiaoqu") and not is_pinyin("the") and not is_pinyin("bus")


def test_short_pinyin_answers_get_their_topic():
    frame = analyse_suggestions(["wuye bu guan shi, la ji dui le yi zhou", "小区laji没人收，臭死了"]).frame
    assert (frame["flag"] == "informative").all(), frame[["flag", "topics"]].to_string()
    assert frame["primary_topic"].tolist()[1] == "C_WASTE"


def test_wu_and_more_cantonese_words_read_as_mandarin():
    """Wu words (阿拉, 啥辰光, 翻翻新) and Cantonese words without a Cantonese-only character (呢度) mark a line as
    dialect; 阿拉伯, 阿拉善 and 伊拉克 do not, and 阿拉伯 stays on a marked line (model 2026.12-18)."""
    big = "阿拉新村房子老了，啥辰光翻翻新\n呢度饭堂要开落去\n我去过阿拉伯和阿拉善\n伊拉克的新闻\n侬去过阿拉伯伐"
    assert read_dialect(big).split("\n") == ["我们新村房子老了，什么时候翻新", "这里食堂要开下去", "我去过阿拉伯和阿拉善",
                                              "伊拉克的新闻", "你去过阿拉伯伐"]


def test_traffic_jam_and_face_door_synonyms():
    """塞车 (southern Mandarin and Cantonese) is 堵车, 刷脸 is 人脸识别: both lexicon terms (data/typo_map.csv)."""
    out = analysis_text(["呢度塞车塞到癫", "门禁刷脸认不出人"], TypoMap.load())
    assert "堵车" in out[0] and "人脸识别" in out[1]
