"""Text stage, the vectorised paths against plain reference implementations.

Each fast path (redaction pre-check, non-answer pre-check, token-table rules, clause
rows, bit unpacking, sparse weighted sums) must give exactly what the obvious
per-answer loop gives.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from citysurvey.text.analyse import _mask_bits, _popcount, analysis_text, load_resources
from citysurvey.text.classify import Stream, TokenTable, TopicRules, clause_rows
from citysurvey.text.clean import _core_is_non_answer, _non_answer_pattern, answer_status, content_core, normalise_many
from citysurvey.text.lexicon import TypoMap, load_lexicon
from citysurvey.text.redact import default_redactor, redact_joined
from citysurvey.text.segment import domain_words, segmenter_for
from citysurvey.text.training import synthetic_survey
from citysurvey.text.weigh import ratio_mean_wr

FIXTURES = Path(__file__).parent / "fixtures" / "text"


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = []
    for name in ("dev_suggestions.csv", "dev2_suggestions.csv", "redaction_cases.csv"):
        texts += pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)["text"].tolist()
    texts += synthetic_survey(2000, seed=5, p_personal=0.3)["suggestion"].tolist()
    texts += ["", "无", "１２３", "①②③", "ok", "a1", "哈哈哈哈", "没有没有", "....", "〔电话〕", "12345热线打不通",
              "停车难 停车难", " 空格 开头", "1、停车难 2、路灯不亮 3、垃圾没人清",
              "3.5米的路。太窄！还堵车"]
    return normalise_many(texts)


def test_redaction_precheck_gives_the_full_scan(corpus):
    r = default_redactor()
    big = "\n".join(corpus)
    assert r.find_many(big) == r.find(big)
    out, counts = redact_joined(big, r)
    assert out.split("\n") == [r.redact(t) for t in corpus]
    assert sum(counts.values()) > 50


def _status_reference(cleaned: list[str]) -> list[str]:
    pattern = _non_answer_pattern(())
    out = []
    for t in cleaned:
        core = content_core(t)
        out.append("blank" if not t else "non_informative" if _core_is_non_answer(core, pattern) else "informative")
    return out


def test_non_answer_precheck_gives_the_per_answer_test(corpus):
    cleaned = redact_joined("\n".join(corpus))[0].split("\n")
    assert answer_status(cleaned).tolist() == _status_reference(cleaned)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_token_stream_is_the_text(corpus, backend):
    if backend == "rjieba":
        pytest.importorskip("rjieba")
    typos = TypoMap.load()
    seg = segmenter_for(domain_words(load_lexicon(typos=typos), typos), backend)
    big = "\n".join(analysis_text(corpus, typos))
    toks = seg.cut_stream(big)
    assert "".join(toks) == big  # offsets in the token list are character offsets
    assert seg.cut_lines(big) == [[t for t in seg.cut(x) if not t.isspace()] for x in big.split("\n")]


def _rules_reference(rules: TopicRules, tokens: list[str]) -> int:
    m = 0
    for i, tok in enumerate(tokens):
        m |= rules.token_mask(tok)
        if i + 1 < len(tokens):
            two = tok + tokens[i + 1]
            m |= rules.term_mask.get(two, 0)
            if i + 2 < len(tokens) and two in rules._prefixes:
                m |= rules.term_mask.get(two + tokens[i + 2], 0)
    return m


def test_token_table_rules_give_the_per_token_loop(corpus):
    res = load_resources()
    typos = res.typos
    token_lists = res.segmenter.cut_lines("\n".join(analysis_text(corpus, typos)))
    token_lists += [["停车", "难"], ["公交", "车站"], ["电梯", "加装"], ["老旧", "小区", "改造"], [], ["停车"]]
    rules = TopicRules(res.lexicon)
    got = rules.masks(token_lists)
    assert got.tolist() == [_rules_reference(rules, t) for t in token_lists]
    assert rules.mask(["老旧", "小区", "改造"]) == res.lexicon.mask_of({"C_RENOV"})


def test_clause_rows_split_at_sentence_ends_and_enumerations():
    s = Stream.from_token_lists([["1", "、", "停车难", "2", "、", "路灯", "不亮"], ["停车难", "。"],
                                 ["a", "。", "b", "！", "c"]])
    table = TokenTable(None)
    v = table.view(s)
    rows, owner = clause_rows(v, table)
    assert owner.tolist() == [0, 0, 2, 2, 2]  # the second line has one clause: it is scored as a whole only
    words = np.array(table.words, dtype=object)[v.ids]
    clauses = [words[rows == k].tolist() for k in range(len(owner))]
    assert clauses == [["停车难"], ["路灯", "不亮"], ["a"], ["b"], ["c"]]


def test_mask_bits_and_popcount():
    rng = np.random.default_rng(3)
    masks = rng.integers(0, 2**40, size=500, dtype=np.int64)
    masks[:3] = [0, 1, 2**62]
    ref = ((masks[:, None] >> np.arange(40, dtype=np.int64)) & 1).astype(np.uint8)
    assert np.array_equal(_mask_bits(masks, 40), ref)
    assert _popcount(masks).tolist() == [bin(int(m)).count("1") for m in masks]


def test_sparse_ratio_means_give_the_dense_sums():
    rng = np.random.default_rng(5)
    n, K, D = 3000, 7, 4
    Y = (rng.random((n, K)) < 0.2).astype(np.uint8)
    w = rng.uniform(0.5, 2.0, n)
    x = rng.random(n) < 0.8
    dom = rng.integers(-1, D, n)
    R, se, nn, cnt = ratio_mean_wr(Y, w, x, dom, D)
    for d in range(D):
        k = (dom == d) & x
        ty, tx = (w[k, None] * Y[k]).sum(0), w[k].sum()
        r = ty / tx
        z = w[k, None] * (Y[k] - r) / tx
        var = (z ** 2).sum(0) * n / (n - 1)
        np.testing.assert_allclose(R[d], r, rtol=1e-12)
        np.testing.assert_allclose(se[d], np.sqrt(var), rtol=1e-9)
        assert nn[d].tolist() == [k.sum()] * K and cnt[d].tolist() == Y[k].sum(0).tolist()


def test_answers_that_differ_only_in_redacted_data_share_topics():
    from citysurvey.text.analyse import analyse_suggestions

    out = analyse_suggestions(["停车难，电话13812345678", "停车难，电话13987654321", "停车难"])
    assert out.frame["topics"].tolist() == ["C_PARKING"] * 3
    assert out.frame["text_redacted"].tolist()[:2] == ["停车难，电话〔电话〕"] * 2
