"""Text stage, segmentation: private jieba dictionary, typo map, batch cutting, rjieba agreement."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from citysurvey.text.analyse import analysis_text
from citysurvey.text.clean import normalise_many
from citysurvey.text.lexicon import TypoMap, load_lexicon
from citysurvey.text.segment import Segmenter, domain_words, reference_segmenter, segmenter_for
from citysurvey.text.training import synthetic_survey

FIXTURES = Path(__file__).parent / "fixtures" / "text"
REPO = Path(__file__).resolve().parents[1]


def _corpus() -> list[str]:
    """Hand-written, demo and synthetic answers, prepared as the stage prepares them."""
    texts = []
    for name in ("eval_suggestions.csv", "dev_suggestions.csv"):
        texts += pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)["text"].tolist()
    demo = REPO / "data_samples" / "demo_city" / "responses.csv"
    if demo.exists():
        texts += pd.read_csv(demo, dtype=str, keep_default_na=False)["suggestion"].tolist()
    texts += synthetic_survey(3000, seed=3)["suggestion"].tolist()
    return analysis_text(normalise_many(texts), TypoMap.load())


def test_typo_map_is_applied_before_segmentation():
    typos = TypoMap.load()
    assert typos.apply("电体坏了，停车为不够，幼儿圆太远，电瓶车和电驴没地方充") == \
        "电梯坏了，停车位不够，幼儿园太远，电动自行车和电动自行车没地方充"
    assert typos.apply(typos.apply("煤气味")) == typos.apply("煤气味") == "燃气味"  # idempotent


def test_domain_words_stay_whole_and_hmm_is_off():
    seg = reference_segmenter()
    assert seg.hmm is False and seg.backend == "jieba"
    toks = seg.cut(TypoMap.load().apply("老小区加装电梯，飞线充电太危险，停车为太少"))
    for word in ("加装电梯", "飞线充电", "停车位"):
        assert word in toks


def test_private_tokenizer_leaves_the_global_one_alone():
    import jieba

    seg = reference_segmenter()
    assert seg._tk is not jieba.dt
    if jieba.dt.initialized:  # our domain words were never added to jieba's global dictionary
        assert jieba.dt.FREQ.get("飞线充电") is None


def test_dictionary_loads_once_per_process():
    typos = TypoMap.load()
    words = domain_words(load_lexicon(typos=typos), typos)
    assert segmenter_for(words) is segmenter_for(dict(words)) is reference_segmenter()


def test_batch_cut_equals_cut_per_answer():
    seg = reference_segmenter()
    corpus = _corpus()[:2000]
    assert seg.cut_lines("\n".join(corpus)) == [[t for t in seg.cut(x) if not t.isspace()] for x in corpus]


def test_rjieba_gives_the_reference_tokens():
    pytest.importorskip("rjieba")
    ref = reference_segmenter()
    fast = Segmenter(ref.words, backend="rjieba")
    corpus = _corpus()
    assert len(corpus) > 5000
    big = "\n".join(corpus)
    assert fast.cut_lines(big) == ref.cut_lines(big)


def test_block_memo_gives_jiebas_own_tokens():
    seg = reference_segmenter()
    corpus = _corpus()[:3000]
    seg._blocks.clear()
    first = [seg.cut(x) for x in corpus]
    again = [seg.cut(x) for x in corpus]  # now from remembered blocks
    plain = [list(seg._tk.cut(x, HMM=False)) for x in corpus]
    assert first == plain and again == plain


def test_block_cutter_gives_jiebas_tokens():
    """The stage's one-pass cutter returns exactly what jieba's DAG cutter (HMM off) returns, block by block:
    dictionary words, unknown characters, runs of Latin letters and digits, ties between routes."""
    import jieba

    seg = reference_segmenter()
    jieba_cut = seg._tk._Tokenizer__cut_DAG_NO_HMM
    extra = ["水管爆了3次abc还没修", "x", "9", "龘靐齉", "楼下KTV每晚12点还在唱", "共享单车乱停乱放占满盲道", "结婚的和尚未结婚的",
             "研究生命起源", "北京大学生前来应聘", "ABC小区 D栋", "的的的的的", "乒乓球拍卖完了", "南京市长江大桥"]
    blocks = [b for t in _corpus() + extra for b in jieba.re_han_default.findall(t)]
    assert len(blocks) > 5000
    for b in blocks:
        assert seg._cut_block(b) == list(jieba_cut(b)), b


def test_block_cutter_follows_words_added_later():
    seg = Segmenter({"口袋公园": 2000})
    assert seg._cut_block("口袋公园太少") == list(seg._tk._Tokenizer__cut_DAG_NO_HMM("口袋公园太少"))
    assert "太少了吧" not in seg._cut_block("口袋公园太少了吧")
    seg._tk.add_word("太少了吧", 50000)  # the dictionary's total changes: the log probabilities are rebuilt
    assert seg._cut_block("口袋公园太少了吧") == list(seg._tk._Tokenizer__cut_DAG_NO_HMM("口袋公园太少了吧"))
    assert "太少了吧" in seg._cut_block("口袋公园太少了吧")


def test_batch_cutter_gives_jiebas_tokens():
    """The batch cutter (numpy over the whole batch) returns exactly jieba's own ``cut(text, HMM=False)``: dictionary
    words, unknown characters, runs of Latin letters and digits, ties between routes, ``\\r\\n``, every other
    character outside a block alone, blocks too long for it (cut in Python), the separator character."""
    from citysurvey.text import batchcut

    seg = reference_segmenter()
    extra = ["水管爆了3次abc还没修", "x", "9", "龘靐齉", "楼下KTV每晚12点还在唱", "共享单车乱停乱放占满盲道", "结婚的和尚未结婚的",
             "研究生命起源", "北京大学生前来应聘", "ABC小区 D栋", "的的的的的", "乒乓球拍卖完了", "南京市长江大桥", "a1b2 c3.5%+#&_-",
             "窗户\r\n漏风\r\r\n", "  \u3000 停车难 😀😀 ok", "路灯" * 200 + "不亮", "x" * 300 + "停车难", "", "\n\n"]
    corpus = _corpus() + extra
    big = "\n".join(corpus)
    assert len(big) > 100_000
    got = seg.cut_stream(big)
    assert got == list(seg._tk.cut(big, HMM=False))
    assert "".join(got) == big
    assert seg.cut_stream("停车\x01难") == list(seg._tk.cut("停车\x01难", HMM=False))  # the split character itself
    cutter = seg._batch_cutter()
    for text in extra:
        assert cutter.cut(text) == list(seg._tk.cut(text, HMM=False)), text
    old = batchcut.PIECE
    try:  # a batch cut in parts at newlines gives the same tokens
        batchcut.PIECE = 5_000
        assert cutter.cut(big) == got
    finally:
        batchcut.PIECE = old


def test_batch_cutter_follows_words_added_later():
    seg = Segmenter({"口袋公园": 2000})
    assert seg.cut_stream("口袋公园太少了吧") == list(seg._tk.cut("口袋公园太少了吧", HMM=False))
    seg._tk.add_word("太少了吧", 50000)
    assert "太少了吧" in seg.cut_stream("口袋公园太少了吧")
    assert seg.cut_stream("口袋公园太少了吧") == list(seg._tk.cut("口袋公园太少了吧", HMM=False))
