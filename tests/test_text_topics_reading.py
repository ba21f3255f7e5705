"""The topic model reads homophone typos by their sound and tells answers that say nothing from off-topic
ones. Every example is new (none from a development set)."""
from __future__ import annotations

import numpy as np
import pytest

from citysurvey.text.analyse import analyse_suggestions, load_resources
from citysurvey.text.classify import Stream, TokenTable, syllable_table
from citysurvey.text.clean import status_codes


@pytest.fixture(scope="module")
def model():
    return load_resources().classifier.model


def _bigram_columns(model, text: str) -> set[int]:
    s = Stream(text, list(text), 1)
    table = TokenTable(None, model.token_vocab_)
    X, _ = model.counts(s, table.view(s), table, clauses=False)
    lo = len(model.token_vocab_) + len(model.chars_)
    return {int(c) for c in X.indices if lo <= c < lo + len(model.bigrams_)}


def test_syllable_table_reads_tones_away():
    t = syllable_table()
    assert t[ord("梯")] == t[ord("题")] == t[ord("替")] != t[ord("电")]
    assert t[ord("a")] == 0 and t[ord("。")] == 0 and len(t) == 0xA000


def test_an_unknown_bigram_is_read_as_the_known_one_that_sounds_the_same(model):
    char_t, bigram_t = model._tables()
    K = len(model.chars_)

    def known(b: str) -> bool:
        i, j = (int(char_t[min(ord(c), len(char_t) - 1)]) for c in b)
        return i >= 0 and j >= 0 and bigram_t[i * K + j] >= 0

    assert known("电梯") and not known("电替")
    assert _bigram_columns(model, "电替") == _bigram_columns(model, "电梯")
    # a bigram the model knows keeps its own column, whatever it sounds like
    assert known("垃圾") and _bigram_columns(model, "垃圾") != set()


def test_homophone_typos_the_lexicon_does_not_list_get_their_topic():
    texts = ["电替老是坏，上下楼全靠爬", "垃鸡没人收，臭死了"]
    out = analyse_suggestions(texts).frame
    assert (out["topics_rule"] == "").all()  # neither the lexicon nor its variant table knows these spellings
    assert out["primary_topic"].tolist() == ["H_ELDER", "C_WASTE"]


def test_answers_that_say_nothing_are_non_answers_not_off_topic():
    texts = ["没什么好讲的", "挺好的没问题", "基金又亏了两千块"]
    assert (status_codes(texts) == 2).all()  # the non-answer word list does not catch them: the model does
    out = analyse_suggestions(texts).frame
    assert out["flag"].tolist() == ["non_answer", "non_answer", "off_topic"]
    assert (out["status"] == "non_informative").all()
