"""Topics, the off-topic output and written answers in training: answers about something other than the
city are flagged off-topic even with a topic word in them, emoji are read as what they show, and the
cross-validation leaves a source out honestly. Every example here is new (none from a development set)."""
from __future__ import annotations

import numpy as np
import pytest

from citysurvey.text.analyse import analyse_suggestions, load_resources
from citysurvey.text.training import (NON_ANSWER, OFF_TOPIC, LABELLED_WEIGHT, labelled_answers, labelled_corpus,
                                      training_corpus)

OFF = [
    "创业板这周又跌了五个点，割肉还是补仓",  # the stock market
    "最近胃口不好，晚上还老胃疼，吃啥药好",  # personal health
    "这问卷翻了十几页还没完，眼睛都看花了",  # the questionnaire's length
    "周末的欧冠决赛谁能赢",  # sport
    "专业疏通下水道开锁换锁，价格公道，电话联系",  # an advert that uses a topic word (下水道)
    "闺蜜要结婚了，我连男朋友都没有",  # private life
]
ON = [
    "车库里的车位被人用地锁占了，交了钱也停不进去",  # C_PARKING, said plainly
    "🚌🚌🚌等了快一个钟头",  # emoji: the bus
    "📦放门口就不见了，快递柜又满",  # emoji: parcels
    "☔一下，地下通道就变成游泳池",  # emoji: rain and flooding
]


@pytest.fixture(scope="module")
def frame():
    return analyse_suggestions(OFF + ON).frame


def test_off_topic_answers_are_filtered(frame):
    off = frame.iloc[:len(OFF)]
    assert (off["flag"] == "off_topic").all(), off[["flag", "topics"]].to_string()
    assert (off["primary_topic"] == "").all() and (off["topics"] == "").all()
    assert (off["status"] == "non_informative").all()


def test_city_answers_keep_a_topic_and_emoji_are_read(frame):
    on = frame.iloc[len(OFF):]
    assert (on["flag"] == "informative").all()
    assert on["primary_topic"].tolist() == ["C_PARKING", "U_TRAFFIC", "C_SMART", "U_FLOOD"]


def test_repeated_off_topic_sentence_stays_off_topic():
    out = analyse_suggestions(["股票又跌停了，心累。" * 5]).frame
    assert out["flag"].iloc[0] == "off_topic" and out["topics"].iloc[0] == ""


def test_model_has_an_off_topic_output():
    clf = load_resources().classifier
    assert clf.model.coef_.shape[0] == len(clf.lexicon.topics) + 2
    assert clf.manifest["outputs"][-2:] == [OFF_TOPIC, NON_ANSWER]
    assert sum(clf.manifest["labelled_answers"].values()) == len(labelled_answers())


def test_labelled_corpus_leaves_a_source_out_and_weights_written_answers():
    lex = load_resources().lexicon
    lab = labelled_answers()
    assert set(lab["flag"]) <= {"informative", "generic", "non_answer", "off_topic"}
    src = "topics_dev.csv"
    texts, labels = labelled_corpus(lex, exclude=(src,))
    left_out = set(lab.loc[lab["source"] == src, "text"]) - set(lab.loc[lab["source"] != src, "text"])
    assert left_out and not left_out & set(texts)
    all_texts, all_labels = labelled_corpus(lex)
    assert len(all_texts) == LABELLED_WEIGHT * len(lab)
    off_rows = lab["flag"].isin(["off_topic", "non_answer"]).to_numpy()
    got_off = np.array([OFF_TOPIC in y for y in all_labels[::LABELLED_WEIGHT]])
    assert (got_off == off_rows).all()
    got_non = np.array([NON_ANSWER in y for y in all_labels[::LABELLED_WEIGHT]])
    assert (got_non == (lab["flag"] == "non_answer").to_numpy()).all()
    assert all(y <= set(lex.topics) for y, o in zip(all_labels[::LABELLED_WEIGHT], got_off) if not o)


def test_generated_off_topic_sentences_are_labelled_and_leave_topic_sentences_as_they_were():
    plain, plain_y = training_corpus(n=300, seed=5)
    mixed, mixed_y = training_corpus(n=300, seed=5, off_topic_share=0.2)
    off = [OFF_TOPIC in y for y in mixed_y]  # off-topic answers and generated non-answers (希望越来越好)
    assert 30 < sum(off) < 90
    assert 0 < sum(NON_ANSWER in y for y in mixed_y) < 30
    assert not any(OFF_TOPIC in y for y in plain_y)
    # the topic sentences come from their own random stream, so they are the first ones of the plain corpus
    kept = [t for t, o in zip(mixed, off) if not o]
    assert kept == plain[:len(kept)]


def test_colloquial_and_dialect_non_answers():
    texts = ["木有啦", "说啥好呢", "冇意见", "就这样，没了", "晓不得咯", "懒得说了", "我不想说物业的事了，停车位太少"]
    out = analyse_suggestions(texts).frame
    assert out["flag"].tolist() == ["non_answer"] * 6 + ["informative"]
    assert out["primary_topic"].iloc[-1] == "C_PARKING"


def test_rules_alone_keep_an_answer_without_a_term_informative():
    from citysurvey.text.config import TextConfig

    texts = ["楼上天天半夜拖椅子，吵得睡不着", "基金亏惨了，股市太坑"]
    out = analyse_suggestions(texts, TextConfig(classify={"combine": "rules"})).frame
    assert out["flag"].tolist() == ["informative", "off_topic"]  # the second by the words of data/off_topic.txt
    full = analyse_suggestions(texts).frame
    assert full["flag"].iloc[0] == "informative" and full["primary_topic"].iloc[0] != ""


# Off-topic answers that use a city word about something the city neither builds nor runs, and city complaints with
# the same words: written for these tests (none from a development set or the training parts).
FIGURATIVE_OFF = [
    "我跟他的感情就像晚高峰的环路，一步都挪不动",  # 交通 words about a relationship
    "趁着放假陪我妈去植物园看郁金香，她笑得像个小姑娘",  # an outing to a city place, no complaint
    "上门做调查的小姑娘问的问题太多了，我孙子都睡着了",  # the interviewer
]
#: written with the ones above, before the model was rebuilt; still read as city complaints by model 2026.12-4: the
#: model's off-topic output is above its best topic but under OFF_TOPIC_MIN_PROBA (0.26 against 0.06), or a strong
#: topic term (学区房) outweighs the frame of an investment (that one filtered by 2026.12-14: KINDS14_OFF)
STILL_MISSED = [
    "我们经理的水平真是垃圾，开会两小时全是废话",  # 垃圾 about the boss
    # written with OWN_LIFE_OFF below, before model 2026.12-8 was built, which reads it as noise (U_ENV): the
    # sleepless nights of noise complaints outweigh the weather frames
    "这两天闷热闷热的，晚上翻来覆去睡不着",  # the weather as small talk
]
CITY_ON = [
    ("环路一到晚高峰就挪不动，能不能多修几条路", "U_TRAFFIC"),
    ("小区的垃圾桶满了三天没人清", "C_WASTE"),
    # informative, but read as C_ELDERCARE (0.08) by model 2026.12-4: 植物园 is in no training sentence
    ("植物园里连个能坐的地方都没有，老人走累了只能站着", ""),
]


@pytest.mark.xfail(strict=True, reason="a city word as an insult, heat talk with a sleep word: not yet")
@pytest.mark.parametrize("text", STILL_MISSED)
def test_city_words_as_insult_or_investment_are_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


def test_off_topic_frames_are_labelled_deterministic_and_varied():
    from citysurvey.text.training import OFF_FRAMES

    # enough sentences for each of the fifty-odd kinds to come up several times
    a, ya = training_corpus(n=5000, seed=9, off_topic_share=0.3)
    b, yb = training_corpus(n=5000, seed=9, off_topic_share=0.3)
    assert a == b and ya == yb
    off = {t for t, y in zip(a, ya) if y == frozenset([OFF_TOPIC])}
    # every kind of frame shows up among the generated off-topic answers, each in several wordings
    for kind, slots in OFF_FRAMES.items():
        hits = [t for t in off if any(p and p in t for p in slots[0]) and any(p and p in t for p in slots[1])]
        assert len(set(hits)) >= 2, kind


def test_off_topic_training_text_copies_no_development_answer():
    """The off-topic cues and the frames are written for training: no run of 10 characters of any development
    answer occurs in them, so the cross-validated figures are not a lookup.

    Development answers are those of the sets the model learns from (``source`` of labelled_answers.csv) and the
    older case files. A blind set written after the cues may share an everyday phrase by chance (奥运会金牌榜我们第几:
    a cue since model 2026.12-2, and an answer of held-out set 5, written hours later by an annotator who saw no
    cue); once such a set joins the development sets the cue is reworded (models 2026.12-6 and 2026.12-7)."""
    from pathlib import Path

    import pandas as pd

    from citysurvey.text.clean import content_core, normalise
    from citysurvey.text.training import labelled_answers, off_topic_cues

    window = 10
    fix = Path(__file__).parent / "fixtures" / "text"
    sources = set(labelled_answers()["source"])
    sets = sorted(f for f in fix.glob("topics_*.csv") if f.name in sources)
    assert len(sets) >= 5, sets
    answers = [t for f in sets + [fix / "dev_suggestions.csv", fix / "dev2_suggestions.csv", fix / "eval_suggestions.csv"]
               for t in pd.read_csv(f, dtype=str, keep_default_na=False)["text"]]
    runs = {c[i:i + window] for c in map(lambda t: content_core(normalise(t)), answers) for i in range(len(c) - window + 1)}
    texts, labels = training_corpus(n=16000, off_topic_share=0.3)
    off = [t for t, y in zip(texts, labels) if OFF_TOPIC in y] + off_topic_cues()["cue"].tolist()
    for t in off:
        c = content_core(normalise(t))
        assert not any(c[i:i + window] in runs for i in range(len(c) - window + 1)), t


def test_a_private_word_decides_when_off_topic_leads():
    """The private-domain gate of analyse.off_topic: a word of data/private_domain.txt makes an answer off-topic
    when the off-topic output beats the best topic, however low both are, a lexicon term or not (with one, when the
    frame reader reads the term as the resident's own: PRIVATE_TERM_FRAME_MIN); without a lexicon term, once it
    reaches PRIVATE_OVER_BEST (0.8) times the best topic's probability."""
    from citysurvey.text.analyse import OFF_TOPIC_MIN_PROBA, PRIVATE_OVER_BEST, off_topic, word_lines

    assert PRIVATE_OVER_BEST == 0.8
    lines = ["我老婆最近老失眠", "说不上来哪里不对", "我老婆说路灯坏了", "我老婆最近老失眠", "我老婆最近老失眠",
             "我老婆最近老失眠"]
    big = "\n".join(lines)
    assert word_lines(big, 6, "private_domain.txt").tolist() == [2, 0, 1, 2, 2, 2]  # 老婆 and 失眠; 老婆
    rule = np.array([0, 0, 1, 0, 0, 0])
    best = np.array([0.10, 0.10, 0.10, 0.30, 0.10, 0.24])
    p_off = np.array([0.20, 0.20, 0.20, 0.20, 0.05, 0.20])
    assert (p_off < OFF_TOPIC_MIN_PROBA).all()  # none of them off-topic by the model's output alone
    final = np.ones(6, np.int64)
    # the third has a lexicon term: the model weighed it, and its off-topic output still leads; the last one's
    # off-topic output (0.20) is under its best topic (0.24) but above 0.8 of it; the fourth's is under 0.8 of it
    assert off_topic(big, np.array([0, 0, 1, 0, 0, 1]), final, best, p_off).tolist()[-1] is False  # a term: must lead
    frame = np.array([0.0, 0.0, 0.5, 0.0, 0.0, 0.0])  # the frame reader: 路灯 the resident's wife's
    assert off_topic(big, rule, final, best, p_off, p_frame=frame).tolist() == [True, False, True, False, False, True]
    # the frame reader reading 路灯 as the city's: a private word passing by a city complaint
    assert off_topic(big, rule, final, best, p_off, p_frame=frame * 0.2).tolist()[2] is False


# Written for this test (none from a development set): private matters with no city thing, and city complaints that
# mention something private.
PRIVATE_OFF = [
    "闺女这学期成绩掉到班里倒数，想找个家教",  # a child's marks
    "昨天打牌输了一百多，老伴念叨了一晚上",  # a card game
    "单位年底考核又是我垫底，这一年白干了",  # one's job
    "养了八年的猫走了，心里空落落的",  # a pet
    # models 2026.12-5 and -6 read this one as heating (H_ENERGY) more surely than as off-topic; off-topic from -7
    "这礼拜天气一天一个样，早上穿棉袄中午穿短袖",  # the weather as small talk
]
PRIVATE_ON = [
    ("我老公每天骑电动车上班，那个路口一个红绿灯都没有，太危险", "U_TRAFFIC"),
    ("单位门口的公交站撤了，上班得多走二十分钟", "U_TRAFFIC"),
]

# Written for this test (none from a development set or a cue): the off-topic kinds taught by model 2026.12-7, and
# city complaints that share their words (a holiday, an exam, a marriage certificate).
NATIONAL_OFF = [
    "结婚的人越来越少，这个社会怎么了",  # a national social trend
    "明年春节放几天假，调不调休",  # the holiday calendar
    "公务员考试报名的人太多了，录取比例吓人",  # an exam for a job
    "愿老妈的病早点好起来",  # a private wish
    "外卖平台的商家用预制菜，吃着不放心",  # a food scare
    "问卷里的完整居住社区到底是啥",  # what a survey term means
    "我们单位女排拿了市里冠军，高兴",  # sport
]
NATIONAL_ON = [
    ("放假的时候老街上人挤人，连个公厕都找不到", "B_PARK"),
    ("考研自习的时候发现市图书馆座位太少了，早上六点就排队", "U_PUBSERV"),
    ("结婚证办完想迁户口，政务大厅跑了三趟还没办成", "U_SMART"),
]


# Written for this test (none from a development set, a cue or a frame): the off-topic kinds taught by model
# 2026.12-8, and the cost side: city complaints with the same words (a parcel, the heat, papers, a dead-end road).
OWN_LIFE_OFF = [  # and the weather as small talk, among STILL_MISSED
    "盼着今年能把驾照考下来",  # a private wish
    "车贷还剩两年，每个月紧得很",  # one's own loan
    "请问身份证丢了在外地能补办吗",  # one's own papers
    "网上买的鞋一个礼拜了物流还没更新",  # one's parcel and its carrier
    "题目里说的宜居是个啥标准",  # what a survey word means
    "这年头人和人之间越来越冷漠了",  # the manners of people
    "我们组长城府很深，跟他说话得留个心眼",  # a figure of speech with 城
    "我的存款像断头路一样，到月底就走不下去了",  # a figure of speech with a city thing
]
OWN_LIFE_ON = [
    ("快递驿站搬到小区外面去了，老人取个件要走十几分钟", "C_SMART"),
    ("老小区墙薄，夏天西晒屋里热得像蒸笼", "H_ENERGY"),
    ("办居住证要跑好几个窗口，希望能一网通办", "U_SMART"),
    ("城南那条断头路修了三年还没通，绕一大圈才能上班", "U_TRAFFIC"),
    ("小区门口的路坑坑洼洼，晚上路灯也不亮，老人摔过好几次", "C_WALK"),
]


@pytest.mark.parametrize("off_texts, on_pairs", [(FIGURATIVE_OFF, CITY_ON), (PRIVATE_OFF, PRIVATE_ON),
                                                 (NATIONAL_OFF, NATIONAL_ON), (OWN_LIFE_OFF, OWN_LIFE_ON)],
                         ids=["city words about something else", "private matters", "national and private kinds",
                              "one's own life and figures of speech"])
def test_answers_about_something_else_are_off_topic_and_city_complaints_are_not(off_texts, on_pairs):
    out = analyse_suggestions(off_texts + [t for t, _ in on_pairs]).frame
    off = out.iloc[:len(off_texts)]
    assert (off["flag"] == "off_topic").all(), off[["flag", "topics"]].to_string()
    on = out.iloc[len(off_texts):]
    assert (on["flag"] == "informative").all(), on[["flag", "topics"]].to_string()
    assert (on["primary_topic"] != "").all()
    assert [p for p, (_, t) in zip(on["primary_topic"], on_pairs) if t] == [t for _, t in on_pairs if t]


def test_off_topic_model_counts_ngrams_within_a_line():
    """Character 1-, 2- and 3-grams, none across a line; punctuation is a boundary inside an n-gram, no feature alone."""
    from citysurvey.text.classify import OffTopicModel

    X = OffTopicModel().counts("ab\nc\n，\na，b", 4)
    # ab: a b ab | c: c | ，: nothing | a，b: a b a， ，b a，b
    assert np.diff(X.indptr).tolist() == [3, 1, 0, 5]
    # the same n-gram hashes alike on any line: a and b of line 1 are a and b of line 4
    assert set(X[0].indices) - set(X[3].indices) == {X[0].indices[2]}


def test_off_topic_model_reads_each_line_alone_and_round_trips_with_the_topic_model():
    """A line's probability does not depend on the lines batched with it, and the stored model gives the same ones."""
    from citysurvey.text.classify import OffTopicModel
    from citysurvey.text.model import model_from_bytes, model_to_bytes

    # written for this test: money and family talk against complaints about city things
    off = ["股票又跌了，心态崩了", "基金亏了一半", "儿子期末考砸了", "老公又加班不回家", "彩票又没中", "猫咪不吃饭了"]
    on = ["路灯坏了没人修", "小区垃圾没人收", "公交车太挤了", "电梯老是停", "下雨就积水", "停车位太少了"]
    m = OffTopicModel(C=10.0).fit("\n".join(off + on), 12, np.array([1] * 6 + [0] * 6))
    test = ["股票跌了", "路灯不亮", "儿子考砸了", "垃圾没人收"]
    both = m.proba("\n".join(test), 4)
    assert (both > 0.5).tolist() == [True, False, True, False]
    np.testing.assert_allclose(both, [m.proba(t, 1)[0] for t in test])
    clf = load_resources().classifier
    assert clf.model.gate_ is not None and "off_topic_gate" in clf.manifest["parameters"]
    back = model_from_bytes(model_to_bytes(clf.model)).gate_
    np.testing.assert_allclose(back.proba("\n".join(test), 4), clf.model.gate_.proba("\n".join(test), 4), rtol=1e-6)


def test_a_wish_naming_no_city_thing_is_a_non_answer_and_one_with_a_complaint_is_not():
    """Generated non-answers (training.NON_ANSWER_FRAMES): a wish or praise that names no city thing says nothing;
    the same wish before a complaint does not hide the complaint. Written for this test, none from a development set."""
    texts = ["愿我们这儿的日子越过越红火", "盼着领导们多干点实在事", "说实话没啥可写的，我一般不出门",
             "希望越来越好，另外小区停车位太少了", "希望政府多办实事，把老街的下水道修一修"]
    f = analyse_suggestions(texts).frame
    assert f["flag"].tolist() == ["non_answer"] * 3 + ["informative"] * 2
    assert f["primary_topic"].iloc[3] == "C_PARKING"


def test_demo_phrase_bank_is_not_flagged():
    """The cost side of the off-topic kinds, outside the cross-validation folds: every phrase of the demo city's bank
    is an informative answer about its topic (no training sentence is taken from it), and none is flagged off-topic
    or non-answer (``analysis/text_cv.py --phrase-bank`` lists any that are)."""
    from citysurvey.datasets._demo_phrases import DISTRICT_PHRASES, PHRASES

    texts = [t for ts in PHRASES.values() for t in ts] + [t for ts in DISTRICT_PHRASES.values() for t in ts]
    out = analyse_suggestions(texts).frame
    assert len(texts) > 150
    assert (out["flag"] == "informative").all(), out.loc[out["flag"] != "informative", ["text_redacted", "flag"]]


# Written for this test (none from a development set, a cue or a frame): the broad classes of non-city talk taught by
# model 2026.12-9, and the cost side: city complaints that pass by the same subjects (a match, a driving lesson, a
# delivery shift, chores, a trip). Model 2026.12-8 filters the first twelve too; the frames were written for the
# classes, these check that the new ones keep them and do not cost the passing mentions.
CLASSES_OFF = [
    "我闺女的衣柜比废品站还乱，说了也不收拾",  # a private thing compared with a city thing
    "我们家的“城管”是我丈母娘，啥都要管",  # a city term borrowed for the family
    "洗碗拖地全归我，家里那位当甩手掌柜",  # household chores
    "这几天腰疼得直不起来，贴膏药也不管用",  # one's own health
    "我们单位的年终总结要写二十页，谁定的",  # the inside of one's workplace
    "车厘子今年便宜了不少，囤了两箱",  # goods and prices
    "昨晚打排位连输八把，手机差点摔了",  # games
    "欧洲杯决赛踢得太精彩了，熬夜值了",  # a match
    "科目一刷了三遍题还是没过",  # one's driving test
    "寒假想带孩子去哈尔滨看冰雕，住哪里好",  # a travel plan
    "我表姐去寺里求了个姻缘签",  # faith and fortune-telling
    "中东那边局势这么紧张，金价又要涨了吧",  # world news
    # written after model 2026.12-9's frames, harder (a city word in each but one); 2026.12-8 keeps the first one
    "我儿子的书包比垃圾桶还乱",  # a comparison with a city thing
    "我的吉他弦断了，附近哪家琴行能换",  # a pastime's gear
    "驾校的教练一上车就抽烟，熏死了",  # a driving lesson
    "我老婆就是家里的城管，零花钱都要查",  # a city term borrowed for the family
    "考驾照科目三又挂了，路考太难",  # one's driving test
    "我老公打呼噜比装修的电钻还吵",  # a comparison with a city thing
    "股市就像没修好的下水道，钱进去就没了",  # a simile with a city thing
]
#: missed by model 2026.12-9; 2026.12-10 to 2026.12-12 filter it (trained with set 10's talk of one's own devices);
#: 2026.12-13 and 2026.12-14 read 系统 as U_SMART again; 2026.12-15 (set 15 among the written answers) filters it again;
#: 2026.12-18 keeps it (sets 24 and 26 among the written answers, whose older residents' smartphones are U_SMART: off-topic
#: output 0.54-0.57 against U_SMART 0.60-0.63; with set 24 and 26's answers alone, before any other change, 0.541 against
#: 0.627; 2026.12-17: 0.558 against 0.532); 2026.12-19 filters it again (off-topic 0.58 against U_SMART 0.56: the topic
#: sentences told from a family member's life or one's trade, and the cues of a city service paid or booked by phone)
CLASSES_MISSED_AGAIN = ["手机一更新系统就卡得要死"]  # one's phone
CLASSES_ON = [
    ("打完球回家，小区门口那段路灯又不亮了，黑灯瞎火的", "C_WALK"),
    ("去驾校练车要倒两趟公交，线路太少了", "U_TRAFFIC"),
    # couriers kept out at the gate are C_SMART by the annotators' convention; 2026.12-9 reads the e-bikes as
    # C_CHARGING (2026.12-8: C_SMART), so only its flag is checked
    ("我是跑外卖的，好多小区不让电动车进门，只能走老远送上楼", None),
    ("婆婆来带孩子，小区里连个能坐下晒太阳的凳子都没有", "C_SPACE"),
    ("旅游回来一看，楼道里的垃圾堆了一个礼拜没人收", "C_WASTE"),
]


def assert_off_topic_and_on_topic(off_texts: list[str], on: list[tuple[str, str | None]]) -> None:
    """``off_texts`` all flagged off-topic; each of ``on`` informative, with its primary topic when one is given."""
    out = analyse_suggestions(off_texts + [t for t, _ in on]).frame
    off = out.iloc[:len(off_texts)]
    assert (off["flag"] == "off_topic").all(), off[["flag", "topics"]].to_string()
    kept = out.iloc[len(off_texts):]
    assert (kept["flag"] == "informative").all(), kept[["flag", "topics"]].to_string()
    got = [g for g, (_, want) in zip(kept["primary_topic"], on) if want]
    assert got == [want for _, want in on if want], kept[["primary_topic", "topics"]].to_string()


def test_broad_classes_of_non_city_talk_are_off_topic_and_passing_mentions_are_not():
    assert_off_topic_and_on_topic(CLASSES_OFF, CLASSES_ON)


@pytest.mark.parametrize("text", CLASSES_MISSED_AGAIN)
def test_ones_phone_is_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"




# Whose thing a city term is about (analyse.PRIVATE_FRAMES), written for this test, none from a development set: a
# city term set in a game, one's mind, one's life, one's body, a company named by a quoted term (我们公司就是个“老破小”,
# written for model 2026.12-9's tests and missed by it). Without the frames
# model 2026.12-10 keeps the second, third and last as city complaints (the others it filtered already).
FRAMES_OFF = [
    "我在模拟经营游戏里修了条高架，结果全城都堵死了",
    "我心里的垃圾太多了，也该做个分类了",
    "人生就像早高峰的地铁，挤不上去也下不来",
    "我的发际线比拆迁还快",
    "我们公司的“城管”就是人事部，天天查考勤",
    "我们公司就是个“老破小”，工资低活还多",
]
#: read as city complaints by model 2026.12-10 (the off-topic output too far below the topic for a hand-written frame
#: to decide), filtered by 2026.12-11: its frame model reads the dream and the program's quoted term as the resident's
#: (2026.12-12 too; 2026.12-13 read the program's term as H_ELDER again, 2026.12-14 filters it again)
FRAMES_LEARNED = ["梦到自己在地铁换乘站里怎么也找不到出口", "我们系统的“无障碍改造”就是加了个放大镜按钮"]
#: a toy town was read as a city complaint until 2026.12-12 (the frame model 0.33, the off-topic output 0.06 against
#: 0.35); 2026.12-13 filtered it; read as B_PARK again by 2026.12-14, and already by 2026.12-13's training data with set
#: 14 among the written answers (the off-topic output 0.06 against 0.42: under the 0.2 of the best topic that its
#: hand-written frame, 乐高, needs)
FRAMES_MISSED_AGAIN = ["女儿用乐高拼了个带公交站和公园的小镇"]
#: the cost side: a private word that passes by a city complaint (the resident as the speaker, a child, a feeling)
FRAMES_ON = [
    ("我家孩子上的幼儿园门口天天堵车，接送太难", "C_CHILDCARE"),
    ("我是个上班族，每天挤地铁一个多小时，线路太少", "U_TRAFFIC"),
    ("心里很着急，小区的电梯坏了一个月没人修", None),
    ("我是个退休老人，社区食堂太少了，吃饭不方便", "C_ELDERCARE"),
    ("孩子的作业太多，学校门口的马路没有红绿灯，接送不安全", None),
    ("做梦都想小区里能多几个车位，天天晚上绕三圈", None),  # the idiom of a wish, not a dream told
]


def test_private_frames_find_whose_thing_the_city_term_is():
    from citysurvey.text.analyse import private_frame_lines

    lines = ["游戏里建的城全堵了", "最近情绪内涝", "项目里的“适老化”就是放大字体", "单位的充电桩只给领导用",
             "我老公就是个“违建”", "我们家的“城管”就是我奶奶", "小区停车太难", "我家楼下的路灯坏了",
             "我觉得“智慧社区”就是摆设", "做梦都想有个车位", "每天接孩子的是我妈，公交站太远"]
    assert private_frame_lines("\n".join(lines), len(lines)).tolist() == [True] * 6 + [False] * 5


def test_private_frames_leave_feelings_about_a_city_thing_and_a_places_memory():
    """How one feels about a city thing (住着心里发毛, 心里没底, 心里话), how it is decided (别拍脑袋), an old
    person falling ill (老人生病: 人生 across two words), a place's lost memory (城市的记忆都没了: heritage) and the
    city's data platform (城市大脑, a lexicon term) set no city term in the resident's own world, nor do how bad a city
    thing is (堵得怀疑人生) and homework a nuisance keeps a child from (model 2026.12-18); a mind, a life or a
    memory that holds a city thing still does (model 2026.12-17)."""
    from citysurvey.text.analyse import private_frame_lines, word_lines

    city = ["墙上裂了好几道缝，住着心里发毛", "消防云梯够不着，心里没底", "我想说几句心里话，老城区越来越冷清",
            "改造之前先问问住户，别拍脑袋", "独居的老人生病了都没人知道", "老字号都关门了，城市的记忆都没了",
            "城市大脑花了那么多钱，红绿灯还是不智能", "晚高峰堵得怀疑人生", "广场舞的音响吵得孩子写不了作业"]
    own = ["我心里的“内涝”谁来疏通", "记忆的下水道堵了", "人生就像停车，好位置早被人占了", "我心里有座城",
           "脑子里的交通堵死了", "孩子的作业要画一张小区地图"]
    lines = city + own
    assert private_frame_lines("\n".join(lines), len(lines)).tolist() == [False] * len(city) + [True] * len(own)
    feel = city[:3]
    assert word_lines("\n".join(feel), len(feel), "private_domain.txt").tolist() == [0] * len(feel)


def test_city_term_in_the_residents_own_world_is_off_topic_and_passing_private_words_are_not():
    assert_off_topic_and_on_topic(FRAMES_OFF, FRAMES_ON)


def test_without_the_frames_the_figures_of_speech_are_kept(monkeypatch):
    """The frames are what filters the last: with the share out of reach one of FRAMES_OFF is a city complaint again
    (three for model 2026.12-10; 2026.12-11, with set 11 among its written answers, filters one more of them by its
    outputs, 2026.12-12, with set 12 and the quoted and simile kinds, another)."""
    from citysurvey.text import analyse

    monkeypatch.setattr(analyse, "PRIVATE_FRAME_OVER_BEST", float("inf"))
    out = analyse_suggestions(FRAMES_OFF).frame
    assert (out["flag"] == "informative").sum() >= 1, out[["flag", "topics"]].to_string()


@pytest.mark.parametrize("text", FRAMES_LEARNED)
def test_city_term_in_a_dream_or_a_programs_feature_is_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


@pytest.mark.xfail(strict=True, reason="a toy town: model 2026.12-14 reads B_PARK, the frame model unsure")
@pytest.mark.parametrize("text", FRAMES_MISSED_AGAIN)
def test_city_term_in_a_toy_town_is_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


def test_word_lists_and_frames_read_on_some_lines_give_what_the_whole_batch_gives():
    from citysurvey.text.analyse import lines_where, private_frame_lines, word_lines

    lines = ["游戏里建的城全堵了", "我老公的股票又跌了", "小区停车太难", "", "我心里的垃圾太多了，该分类了", "路灯坏了"]
    big, n = "\n".join(lines), len(lines)
    want = np.array([True, False, True, True, False, True])
    for find in (private_frame_lines, lambda b, k: word_lines(b, k, "private_domain.txt")):
        whole = np.asarray(find(big, n), np.int64)
        assert whole.any()
        assert lines_where(big, want, find).tolist() == np.where(want, whole, 0).tolist()
        assert lines_where(big, np.ones(n, bool), find).tolist() == whole.tolist()
        assert not lines_where(big, np.zeros(n, bool), find).any()


#: written for this test, none from a development set: a city term held by the resident's daughter's room, phone, mind or
#: husband's belly, and the same terms (or their neighbours) about the city, a private word passing by included
FRAME_READING_PRIVATE = ["我闺女的房间乱得像没人管的停车场", "我这手机信号跟地下车库一样差", "我的脑子里在搞老旧小区改造",
                         "我老公的肚子比小区的垃圾桶还能装"]
FRAME_READING_CITY = ["垃圾中转站离小区太近，夏天很臭", "老旧小区改造能不能加装电梯", "地下车库信号太差，手机打不出去",
                      "停车场晚上没灯，我闺女不敢走"]


def test_the_frame_model_reads_whose_thing_a_city_term_is():
    """The shipped model's frame reader (classify.FrameModel), learned from the training lines, not a list of frames."""
    from citysurvey.text.analyse import analysis_text, load_resources
    from citysurvey.text.classify import Stream
    from citysurvey.text.clean import join_lines, normalise_joined

    res = load_resources()
    lines = FRAME_READING_PRIVATE + FRAME_READING_CITY
    prep = analysis_text(normalise_joined(join_lines(lines)).split("\n"), res.typos)
    big = "\n".join(prep)
    out = res.classifier.classify_stream(Stream(big, res.segmenter.cut_stream(big), len(prep)), frame_share=0.0)
    rule, p_frame = out[0], out[-1]
    assert (rule != 0).all()  # every line has a lexicon term whose holder is read
    k = len(FRAME_READING_PRIVATE)
    assert p_frame[:k].min() > 0.5 > p_frame[k:].max(), p_frame.round(2).tolist()
    # where the off-topic output is far below the best topic's share the reader is not asked (0)
    assert not res.classifier.classify_stream(Stream(big, res.segmenter.cut_stream(big), len(prep)))[-1].any()


def test_answers_alike_once_redacted_keep_their_own_flag():
    """Two answers that differ only in a phone number are classified once; the off-topic answer after them keeps its flag
    and they keep theirs (until 2026.12-11 a batch's flags were written by distinct answer, not by answer, and moved)."""
    texts = ["小区停车位太少，电话13812345678", "小区停车位太少，电话13912345678", "我的股票又跌了，亏死了，后悔买了"]
    out = analyse_suggestions(texts).frame
    assert out["flag"].tolist() == ["informative", "informative", "off_topic"], out[["flag", "topics"]].to_string()
    assert out["topics"].iloc[0] == out["topics"].iloc[1] != ""


# The kinds model 2026.12-12 was given training sentences for, written for this test (none from a development set or
# from the training sentences): a private pursuit likened to a city project, a private moment in a city place, one's
# own exam named after a city trade, a novel's city works; and the cost side, night-time businesses whose noise or
# disorder is a street-order complaint though 游戏 is an off-topic word (model 2026.12-11 flagged the last two).
KINDS_OFF = [
    "我的戒糖计划就像小区加装电梯，开了八次会还没动工",
    "在地铁上碰到高中同桌，聊了一路，好开心",
    "注册城乡规划师考试第三次了，求过",
    "小说里那座城的下水道能跑船，作者脑洞真大",
]
KINDS_ON = [
    ("网吧门口半夜一群人抽烟吵闹，没人管", "B_ORDER"),
    ("电玩城开到凌晨两点，楼上根本睡不着", "B_ORDER"),
    ("游戏厅开到半夜十二点，吵得睡不着", "B_ORDER"),
    ("孩子放学就去网吧打游戏，门口也没人管", None),
]
#: still read as a city complaint: a maxim about life told with a bus (the topic model sure of U_TRAFFIC)
KINDS_STILL_MISSED = ["生活就像等末班公交，等不到就走回家，慢慢来"]


def test_kinds_of_model_2026_12_12_are_off_topic_and_night_businesses_are_complaints():
    assert_off_topic_and_on_topic(KINDS_OFF, KINDS_ON)


@pytest.mark.xfail(strict=True, reason="a maxim told with a city word: the topic model sure of the bus")
@pytest.mark.parametrize("text", KINDS_STILL_MISSED)
def test_maxim_with_a_city_word_is_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


# The kinds model 2026.12-13 was given training sentences for, written for this test (none from a development set or
# from the training sentences; 2026.12-12 kept all four): a private pursuit called a road, one with a red light, a body
# goal pursued on the stairs, an elder's saying about one's generation told with the lift; and the cost side, complaints
# said through what the resident has to do about them.
KINDS13_OFF = [
    "追梦这条路也有红绿灯",
    "每天爬楼梯锻炼，体重一点没降",
]
KINDS13_ON = [
    ("小区路灯坏了半年，我每天下夜班只能摸黑回家", "C_WALK"),
    ("社区卫生站签约了家庭医生，结果一次随访都没有", "C_SERVICE"),
    ("附近没有菜市场，我每次买菜都得坐三站公交", None),
    ("电梯老坏，我妈腿不好，只能在家待着", None),
]
#: still read as a city complaint: the stairs taken for one's weight with a sore knee (H_ELDER), one's own fall in a
#: park told as health news (B_PARK)
KINDS13_STILL_MISSED = ["为了瘦下来我放弃电梯天天走楼梯，结果膝盖疼", "前几天在公园台阶上崴了脚，现在能走了，谢谢关心"]
#: filtered by 2026.12-13, read as H_ELDER by 2026.12-14 (the off-topic output 0.53 against 0.60): an elder's saying
#: about one's generation told with the lift
KINDS13_MISSED_AGAIN = ["我外婆总说我们这代人是“电梯里长大的”，爬两层就喘"]
#: filtered by 2026.12-13 to 2026.12-19, kept as U_TRAFFIC by 2026.12-20 (sets 29-36 among the written answers: a
#: private pursuit called a road)
KINDS13_MISSED_20 = ["学医这条路一眼看不到头"]


def test_kinds_of_model_2026_12_13_are_off_topic_and_personal_complaints_are_not():
    assert_off_topic_and_on_topic(KINDS13_OFF, KINDS13_ON)


@pytest.mark.xfail(strict=True, reason="a body goal or one's own mishap with a city thing: the topic model sure of it")
@pytest.mark.parametrize("text", KINDS13_STILL_MISSED + KINDS13_MISSED_20)
def test_body_goal_or_mishap_with_a_city_thing_is_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


# The kinds model 2026.12-14 was given training sentences for, written for this test (none from a development set or
# from the training sentences; 2026.12-13 kept both): oneself as the object of a city works term (a course as
# recharging, one's life renewed); a home as an investment, kept since model 2026.12-4 (STILL_MISSED), is filtered too.
# The cost side: complaints with the same city words, and one's flat named by an address the stage redacts (我家〔地址〕…;
# 2026.12-13's training data with set 14 among the written answers flagged the window one).
KINDS14_OFF = [
    "周末报了个烘焙课，就当给自己充个电",
    "手上那套学区房明年出手能不能赚点，还是再捂两年",
]
#: kept by model 2026.12-17: its off-topic output 0.495, just under 0.5 (2026.12-16: 0.52), no private-domain word or
#: hand-written frame (one's own life, 自己的生活, is none: 影响我的生活 is said of noise and dust)
KINDS14_MISSED_17 = ["今年我也要对自己的生活来一次大改造"]
KINDS14_ON = [
    ("小区充电桩太少，电动车晚上没地方充电", "C_CHARGING"),
    ("路口的红绿灯坏了一个礼拜，早上过马路特别危险", "U_TRAFFIC"),
    ("我家5号楼2门401室窗户漏风", "H_ENERGY"),
    ("我家3栋2单元501室顶楼漏水", None),
]
#: still read as a city complaint: a city place on a game's map (U_TRAFFIC; the off-topic output 0.39, under 0.5, the
#: frame model 0.37, under 0.5; 吃鸡 is no private-domain word)
KINDS14_STILL_MISSED = ["吃鸡的时候跳了个地铁站，落地就被一队人围了"]


def test_kinds_of_model_2026_12_14_are_off_topic_and_flats_named_by_an_address_are_not():
    assert_off_topic_and_on_topic(KINDS14_OFF, KINDS14_ON)


@pytest.mark.parametrize("text", [
    *(pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="an elder's saying with the lift: 2026.12-14 leans to "
                                                                   "H_ELDER")) for t in KINDS13_MISSED_AGAIN),
    *(pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="a city place on a game's map: the off-topic output and "
                                                                   "the frame model under 0.5")) for t in KINDS14_STILL_MISSED),
    *(pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="one's own life made over: 2026.12-17's off-topic output "
                                                                   "0.495, under 0.5")) for t in KINDS14_MISSED_17)])
def test_kinds_model_2026_12_14_reads_as_city_complaints_are_off_topic(text):
    assert analyse_suggestions([text]).frame["flag"].iloc[0] == "off_topic"


#: model 2026.12-19: a city complaint told from a family member's life or one's own trade or shop (the training
#: sentences' whose-life leads, training.KIN, TRADES, OWN_PLACES) stays the city's; the same people with no city thing
#: (a child's marks, a relative's illness, a shop's own trade) stay off-topic
KINDS19_ON = [
    ("我外孙女今年上小学，分到的学校要坐四站公交", None),
    ("我婆婆坐轮椅，小区门口那几级台阶根本推不上去", None),
    ("我开早餐店的，门口天天被人乱停车，顾客都进不来", None),
    ("我是开出租的，火车站那边的出租车候客区太乱了", None),
    ("老地名都改成什么国际花园、国际公馆了，听着就没味道", "U_HERITAGE"),
]
KINDS19_OFF = [
    "我外孙女这次期中考试数学又没及格，愁死了",
    "我开早餐店的，最近面粉又涨价了，生意难做",
    "我婆婆住院做了手术，全家轮流陪床",
    "国际形势这么紧张，油价会不会再涨",
]


def test_kinds_of_model_2026_12_19_whose_life_a_city_complaint_is_told_from():
    assert_off_topic_and_on_topic(KINDS19_OFF, KINDS19_ON)


def test_generated_topic_sentences_are_told_from_a_family_members_life_or_ones_trade():
    """Some topic sentences start with a family member's state or one's own trade, or place the complaint at one's
    own shop or a family member's door (model 2026.12-19), from their own random stream; they keep their topics. The
    platform-work off-topic frame says nothing of commission or insurance, which the written answers file under jobs
    (灵活就业的骑手没有保障)."""
    import re

    from citysurvey.text.training import KIN, OFF_FRAMES, OWN_PLACES, TRADES

    texts, labels = training_corpus(n=3000, seed=11)
    lead = re.compile("^(?:" + "|".join(KIN + TRADES) + ")|" + "|".join(OWN_PLACES))
    told = [(t, y) for t, y in zip(texts, labels) if lead.search(t)]
    assert 60 < len(told) < 400
    assert all(y and OFF_TOPIC not in y for _, y in told)
    platform = "".join(p for slot in OFF_FRAMES["platform_work"] for p in slot)
    assert "抽成" not in platform and "保险" not in platform
