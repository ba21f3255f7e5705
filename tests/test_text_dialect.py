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


def test_english_forms_by_rule():
    """Plurals and verb forms of the glossary's words are made by rule, not listed (model 2026.12-20)."""
    from citysurvey.text.variants import english_forms

    assert english_forms("bin") == ["bins"]
    assert english_forms("bus stop") == ["bus stops"]
    assert english_forms("library") == ["libraries"]
    assert english_forms("manhole cover") == ["manhole covers"]
    assert english_forms("flood", "v") == ["floods", "flooded", "flooding"]
    assert english_forms("renovate", "v") == ["renovates", "renovated", "renovating"]
    assert {"clogged", "clogging"} <= set(english_forms("clog", "v"))
    assert english_forms("parking", "-") == []


def test_english_glossary_settles_ambiguous_words_by_phrase():
    """Lights, toilets, parks, schools, property and markets: the phrase decides (data/english_terms.csv)."""
    assert read_latin("no lights along the footpath") == "no 照明 along the 步行道"
    assert read_latin("the traffic lights at the junction") == "the 红绿灯 at the junction"
    assert read_latin("corridor lights broken") == "楼道灯 broken"
    assert read_latin("more public toilets please") == "more 公厕 please"
    assert read_latin("our toilet keeps backing up") == "下水管 keeps backing up"
    assert read_latin("a bigger park") == "a bigger 公园"
    assert read_latin("no place to park after 7pm") == "no place 停车难 after 7pm"
    assert read_latin("cars parked on the pavement") == "cars 乱停车 on the 人行道"
    assert read_latin("our kid needs a middle school nearby") == "our kid needs a 初中 nearby"
    assert read_latin("not enough primary schools") == "not enough 小学"
    assert read_latin("school") == "school"  # its level unknown: left unread
    assert read_latin("property prices keep rising") == "房价高 keep rising"
    assert read_latin("the property never replies") == "the 物业管理 never replies"
    assert read_latin("a night market would be fun") == "a 夜市 would be fun"


def test_english_phrases_whole_words_and_hyphens():
    assert read_latin("car parking") != "停车位ing"
    assert read_latin("charge my e-bike downstairs") == "charge my 电动自行车充电 downstairs"
    assert read_latin("no pre-school nearby") == "no 幼儿园 nearby"
    assert read_latin("streets flooded again") == "streets 内涝 again"
    assert read_latin("overflowing bins") == "overflowing 垃圾桶"


def test_pinyin_word_leaves_its_last_syllable_to_a_longer_word():
    """yi xia yu jiu yan: 下雨就淹 (a term), not 一下 + the rest (model 2026.12-20)."""
    assert read_latin("mei ci xia yu jiu yan").endswith("下雨就淹")
    assert read_latin("gong jiao zhan tai yuan").startswith("公交站")


def test_cantonese_function_words_and_verbs():
    """Particles (喇, 咯), V+晒, 噉, 唔该, 食, 返, 入面, 巴士: the content words reach the model between Mandarin ones;
    Mandarin words with those characters stay (西晒, 食堂). Only lines with a Cantonese-only character are read."""
    out = read_dialect("啲垃圾桶爆晒喇，冇人理\n唔该喺度起个巴士站\n冇人知入面个食堂几时返开\n西晒好犀利，佢地唔理").split("\n")
    assert out[0] == "些垃圾桶爆光了，没人理"
    assert out[1] == "请在这里起个公交站"
    assert out[2] == "没人知里面个食堂什么时候回开"
    assert out[3] == "西晒好犀利，他们不理"


def test_english_answers_get_their_topic():
    """Answers in English, written for this test from the glossary's topics (none from a development set)."""
    texts = ["the streetlights on our lane have been broken for weeks",
             "please build more bike lanes and fix the traffic lights",
             "water pipes in our old building leak every winter",
             "the public toilets in the park stink",
             "not enough parking spaces, people park on the sidewalk",
             "we need a supermarket or a wet market within walking distance"]
    frame = analyse_suggestions(texts).frame
    assert (frame["flag"] == "informative").all(), frame[["flag", "topics"]].to_string()
    assert frame["primary_topic"].tolist() == ["C_WALK", "U_TRAFFIC", "H_FUNC", "B_PARK", "C_PARKING", "C_SERVICE"], \
        frame[["primary_topic", "topics"]].to_string()


def test_english_words_outside_the_glossary_still_pull_an_answer():
    """Known weakness (model 2026.12-20): English words the glossary does not read (pitch black at night) weigh in the
    model by themselves and can outvote the term read (路灯, C_WALK): read as C_PARKING."""
    import pytest

    frame = analyse_suggestions(["the streetlights on our lane are broken and it is pitch black at night"]).frame
    if frame["primary_topic"].iloc[0] != "C_WALK":
        pytest.xfail(f"read as {frame['primary_topic'].iloc[0]!r}")
