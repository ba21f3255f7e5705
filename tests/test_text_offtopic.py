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
    off = [y == frozenset([OFF_TOPIC]) for y in mixed_y]
    assert 30 < sum(off) < 90
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
