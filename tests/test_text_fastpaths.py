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


# Labels residents put before a WeChat ID that may hold no digit (the pre-check must see the label itself)
WECHAT_LABELS = ["微信", "微 信", "威信", "薇信", "卫星号", "维信", "v信", "V信", "vx", "VX", "wx", "WX", "weixin", "Weixin",
                 "wechat", "WeChat", "绿泡泡", "V:", "v：", "v号", "加个v", "加我V", "加个微", "微：", "薇：", "WeChat ID:"]


def test_redaction_precheck_sees_every_personal_datum_of_the_labelled_sets():
    # the pre-check is a list of what a pattern needs; a label or shape missing there leaks only in the
    # batch path the stage uses, never in redact() (加我威信zhangsan did): every labelled text, both paths
    texts = pd.read_csv(FIXTURES / "redaction_cases.csv", dtype=str, keep_default_na=False)["text"].tolist()
    for path in sorted(FIXTURES.glob("redaction_*.jsonl")):
        texts += pd.read_json(path, lines=True)["text"].tolist()
    # (written straight on only after a label that does not end in a letter: 加个vzhangsan is no label)
    texts += [f"{label}{sep}{account}" for label in WECHAT_LABELS for sep in ("", " ", "：")
              if sep or not (label[-1].isascii() and label[-1].isalpha()) for account in ("zhangsan", "lily_home88")]
    r = default_redactor()
    corpus = normalise_many(texts)
    joined, _ = redact_joined("\n".join(corpus), r)
    assert [(t, out) for t, out in zip(corpus, joined.split("\n")) if out != r.redact(t)] == []
    assert all("zhangsan" not in out for out in joined.split("\n"))


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


def test_token_table_numbers_tokens_in_order_of_first_appearance(corpus):
    res = load_resources()
    tokens = res.segmenter.cut_stream("\n".join(analysis_text(corpus, res.typos)))
    rules = TopicRules(res.lexicon)
    table = TokenTable(rules, {"停车": 7})
    half = len(tokens) // 2
    ids = np.concatenate([table.ids(tokens[:half]), table.ids(tokens[half:] + ["停车", "新词甲", "新词甲"])])
    seen: dict[str, int] = {}
    ref = [seen.setdefault(t, len(seen)) for t in tokens + ["停车", "新词甲", "新词甲"]]
    assert ids.tolist() == ref
    assert table.words == list(seen)  # every column of the table belongs to its token
    assert table.mask.tolist() == [rules.token_mask(w) for w in seen]
    assert table.feature.tolist() == [7 if w == "停车" else -1 for w in seen]
    assert table.length.tolist() == [len(w) for w in seen]


def test_topic_columns_name_each_mask_array_as_alone():
    from citysurvey.text.analyse import _topic_columns

    lex = load_lexicon()
    rng = np.random.default_rng(2)
    masks = [rng.integers(0, 2 ** len(lex.topics), size=n, dtype=np.int64) & rng.integers(0, 2**62, size=n)
             for n in (50, 50, 50)]
    masks[1][:10] = 0
    codes = rng.integers(0, 50, size=200)
    got = _topic_columns(lex, codes, *masks)
    for col, m in zip(got, masks):
        assert list(col) == ["|".join(lex.topics_of(int(x))) for x in m[codes]]


def _off_topic_reference(big, rule, final, best, p_off, abstain, p_gate, p_frame):
    """off_topic with every word list and frame read on every line."""
    from citysurvey.text import analyse as an

    n = len(rule)
    hits = an.off_topic_lines(big, n)
    words = (hits > 0) & (rule == 0) & ((best < an.OFF_TOPIC_MAX_PROBA) | (hits >= 2)) & (p_off >= an.WORDS_OVER_BEST * best)
    model = (p_off >= an.OFF_TOPIC_MIN_PROBA) & (p_off > best) & ((rule == 0) | (p_off >= an.OFF_TOPIC_OVER_RULES))
    p_frame = np.zeros(n) if p_frame is None else p_frame
    private = (p_off > np.where(rule == 0, an.PRIVATE_OVER_BEST, an.PRIVATE_OVER_BEST_RULES) * best) \
        & (an.word_lines(big, n, "private_domain.txt") > 0) & ((rule == 0) | (p_frame >= an.PRIVATE_TERM_FRAME_MIN))
    hand = an.private_frame_lines(big, n) & ((rule == 0) | (p_frame >= an.HAND_FRAME_MIN))
    frame = (p_off > an.PRIVATE_FRAME_OVER_BEST * best) & ((p_frame >= an.FRAME_MIN) | hand)
    gate = np.zeros(n, bool) if p_gate is None else \
        (p_gate >= an.OFF_GATE_MIN) & ((rule == 0) | (p_gate >= an.OFF_GATE_OVER_RULES))
    return words | model | private | frame | gate | ((final == 0) if abstain else False)


def test_off_topic_reads_its_word_lists_where_they_could_decide_and_gives_the_whole_union(corpus):
    from citysurvey.text.analyse import off_topic

    res = load_resources()
    extra = ["炒股亏了好多钱", "我老公就像个违建", "游戏里的停车场太小", "我的人生没有停车位，股票又跌了", "公司的“物业”不管事",
             "孩子的作业太多", "梦见小区停电了", "彩票没中奖", "炒股亏了好多钱，彩票也没中奖", "股票基金都跌了"]
    lines = analysis_text(corpus + extra * 40, res.typos)  # each of them under many draws of the figures
    big, n = "\n".join(lines), len(lines)
    rng = np.random.default_rng(11)
    for k in range(6):
        rule = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 8, n))
        final = np.where(rng.random(n) < 0.2, 0, rule | rng.integers(0, 4, n))
        best = rng.random(n)
        p_off = np.where(rng.random(n) < 0.5, rng.random(n), best * rng.uniform(0, 2, n))
        p_gate = rng.random(n) if k % 2 else None
        p_frame = rng.random(n) if k % 3 else None
        got = off_topic(big, rule, final, best, p_off, abstain=k < 3, p_gate=p_gate, p_frame=p_frame)
        ref = _off_topic_reference(big, rule, final, best, p_off, k < 3, p_gate, p_frame)
        assert got.tolist() == ref.tolist()
        assert 0 < ref.sum() < n


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


# -- the faster regexes and pre-checks of the text stage's speed work: each against what it replaced -------------


def _random_texts(alphabet: str, n: int, seed: int, longest: int = 14) -> list[str]:
    rng = np.random.default_rng(seed)
    chars = np.array(list(alphabet))
    return ["".join(chars[rng.integers(len(chars), size=rng.integers(0, longest + 1))]) for _ in range(n)]


def test_normalisation_class_as_ranges_finds_the_same_characters():
    import re

    from citysurvey.text import clean

    listed = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(clean._TABLE_KEEP_NEWLINE) if c != 0x0A) + "]")
    every = "".join(map(chr, range(0x20000))) + "".join(map(chr, range(0xE0000, 0xE0100)))
    assert [m.start() for m in clean._MAPPED.finditer(every)] == [m.start() for m in listed.finditer(every)]


def test_surname_alternation_matches_as_the_plain_one(corpus):
    import re

    from citysurvey.text import names

    plain = "(?:" + "|".join(names.COMPOUND_SURNAMES) + "|[" + names.SINGLE_SURNAMES + "])"
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("欧阳司马诸葛王李单于乐正东方中人" + "的，", 3000, 1))
    for tail in ("", "[\u4e00-\u9fff]{1,2}", "[\u4e00-\u9fff]{0,2}?(?:书记|主任|先生|阳)"):
        fast, slow = re.compile(names._surname_alt() + tail), re.compile(plain + tail)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_look_ahead_before_an_alternation_changes_no_match(corpus):
    import re

    from citysurvey.text import names

    assert names._first_chars("(?:ab|(?:我|俺)(?:爸|妈)|[xy]z)") == frozenset("a我俺xy")
    assert names._first_chars("(?:ab|.c)") is None and names._ahead("(?:ab|.c)") == ""
    text = "\n".join(corpus)
    for words in (names.TITLES_AFTER, names.CUES_BEFORE):
        fast, slow = re.compile(names._ahead(words) + f"(?:{words})"), re.compile(f"(?:{words})")
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_cue_pre_check_turns_away_only_where_the_cue_pattern_finds_nothing(corpus):
    import re

    from citysurvey.text import names

    cue_end = names.patterns()["cue_end"]
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("物业经理联系人我是叫：， Tom张王李了谢", 3000, 2))
    found = 0
    for a in range(1, len(text)):
        if cue_end.search(text, max(0, a - names._CUE_WINDOW), a) is not None:
            found += 1
            assert names._cue_may_end(text, a), text[max(0, a - 20):a + 1]
    assert found > 100
    # the cue words the pre-check looks for are every string of the cue alternation (its groups expanded)
    assert all(re.fullmatch(f"(?:{names.CUES_BEFORE})", w) for w in names._CUE_WORDS)
    assert {"我爸", "俺妈", "我们哥", "联系人", "姓名是"} <= names._CUE_WORDS
    assert names._literal_words("(?:ab|(?:我|俺)(?:爸|妈)|c)") == frozenset({"ab", "我爸", "我妈", "俺爸", "俺妈", "c"})


def test_self_introduction_pattern_matches_as_before(corpus):
    import re

    from citysurvey.text import names

    s, h = names._surname_alt(), names._H
    before = re.compile(rf"(?:我是[^，。！？,.!?\n]{{1,12}}?的|(?:^|(?<=[。！？!?\n ]))我[，,] ?)({s}[{h}]{{1,2}})", re.M)
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("我是住三楼的邢淑芳，, 。王李", 3000, 3))
    after = names.patterns()["self_intro"]
    assert [(m.span(), m.span(1)) for m in after.finditer(text)] == [(m.span(), m.span(1)) for m in before.finditer(text)]


def test_tagger_on_the_candidates_run_tags_as_on_its_window(corpus):
    """NameFinder._tagged cuts only the run holding the candidate: the token starting there (word and tag) is the
    one the tagger gives on the whole window, as it was called before."""
    from citysurvey.text import names

    def token_at(tokens, off, a):
        for w in tokens:
            if off == a:
                return w
            off += len(w[0])
            if off > a:
                return None
        return None

    texts = corpus[:400] + ["张伟天天在小区遛狗", "谢谢！陈晓东", "abc张伟 d.e王芳说", "，，李娜。"]
    persons = 0
    for text in texts:
        for m in names.patterns()["bare"].finditer(text):
            a = m.start()
            lo = max(0, a - 6)
            window = text[lo:min(len(text), m.end() + 6)]
            want = token_at(names.posseg_cut(window), lo, a)
            run = next((r for r in names._tagger_block().finditer(window) if r.start() <= a - lo < r.end()), None)
            got = None if run is None else token_at(names.posseg_cut(run.group()), lo + run.start(), a)
            if run is None:  # no run: the window's token at a is punctuation or space, never a person
                assert want is None or not want[1].startswith("nr"), (text, want)
            else:
                assert got == want, (text, got, want)
            persons += want is not None and want[1].startswith("nr")
    assert persons > 0


def test_token_at_is_the_token_the_tagger_gives_on_the_whole_run(corpus):
    """names._token_at reads the tagger's route and runs the HMM on the stretch holding the position alone: at every
    position of every run, the token starting there (word and tag), or None, is the one posseg_cut of the run gives."""
    from citysurvey.text import names

    texts = corpus[:600] + _random_texts("张王李伟芳小区停车难晓东说了的我是住三楼邢淑芳谢谢陈ab1.高峰安全东方红欧阳", 1500, 11)
    persons = hmm = 0
    for text in texts:
        for run in names._tagger_block().finditer(text):
            r = run.group()
            want, off = {}, 0
            for w in names.posseg_cut(r):
                want[off] = w
                off += len(w[0])
            for i in range(len(r)):
                assert names._token_at(r, i) == want.get(i), (r, i)
            persons += sum(w[1].startswith("nr") for w in want.values())
            hmm += any(not word and e - s > 1 for s, e, word in names._pieces_of_run(r))
    assert persons > 0 and hmm > 0


def test_bare_any_starts_from_code_points_are_the_patterns(corpus):
    """NameFinder._bare_starts reads where ``bare_any`` matches from code-point tables: the same starts as finditer
    (a compound surname before a single one, a match never inside an earlier one), and the same kept starts."""
    import re

    from citysurvey.text import names

    texts = corpus + _random_texts("王李张欧阳司马诸葛东方西门伟芳小区，的\n说了我a1", 3000, 13, longest=30)
    pat = names.patterns()["bare_any"]
    clause, left_last, given, compound_first = names._bare_tables()
    for text in texts + ["\n".join(texts)]:
        cp = np.r_[np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), 0xFFFF), 0, 0]
        length = names._bare_any_lengths(text, cp)
        want = [m.start() for m in pat.finditer(text)]
        assert names._match_starts(np.flatnonzero(length[:len(text)]), length).tolist() == want, text
        kept = [a for a in want if a == 0 or clause[cp[a - 1]] or left_last[cp[a - 1]] or compound_first[cp[a]]
                or (given[cp[a + 1]] and given[cp[a + 2]])]
        assert names.NameFinder._bare_starts(text) == kept
    titles = re.compile(f"(?:{names.TITLES_AFTER})$")  # the title rule's head: the longest title that ends its match
    for text in texts:
        for m in names.patterns()["title_after"].finditer(text):
            a, b = m.span()
            assert next(k for k in range(a, b) if text[k:b] in names._TITLE_SET) == a + titles.search(text[a:b]).start()


def test_minority_runs_tried_where_an_element_starts_are_finditers(corpus):
    """NameFinder._minority tries _MINORITY_RUN only where the first two characters of an element stand: the same
    matches as finditer over the whole text."""
    from citysurvey.text import names

    texts = corpus + _random_texts("阿依古丽买买提多吉巴图扎西·次仁卓玛达瓦 ，的\n说了我王", 3000, 17, longest=30)
    found = 0
    for text in texts + ["\n".join(texts)]:
        want = [m.span() for m in names._MINORITY_RUN.finditer(text)]
        assert [m.span() for m in names._finditer_at(names._MINORITY_RUN, text, names._minority_candidates(text))] == want
        found += len(want)
    assert found > 100


def test_title_and_bare_patterns_tried_where_their_starts_stand_find_as_the_regex(corpus):
    """NameFinder._find tries ``title_after`` (searched on from each position) and ``bare`` (finditer) only where a
    surname's first character stands with a title's first character, or a given-name character, close enough after it:
    the same matches as the regex engine's scan, code points cached or not."""
    from citysurvey.text import names

    p = names.patterns()
    texts = corpus + _random_texts("王李陈欧阳司马东方老小书记师傅主任经理阿姨伟芳建国明 ，的\n说了我他家", 3000, 23, longest=30)
    found = 0
    for text in texts + ["\n".join(texts)]:
        want = [m.span() for m in p["bare"].finditer(text)]
        assert [m.span() for m in names._finditer_at(p["bare"], text, names._bare_pattern_starts(text))] == want, text
        search = names._search_at(p["title_after"], text, names._title_starts(text))
        for pos in range(0, len(text) + 1, 1 if len(text) < 100 else 97):
            got, plain = search(pos), p["title_after"].search(text, pos)
            assert (got and got.span()) == (plain and plain.span()), (text, pos)
        found += len(want) + sum(1 for _ in p["title_after"].finditer(text))
    names._forget_code_points()
    assert found > 1000


def test_patterns_tried_where_their_first_two_characters_stand_find_as_finditer(corpus):
    """names._scan tries a pattern only where the first one or two characters of a match stand (read from the parsed
    pattern): the same matches as finditer, for the patterns the name finder scans so and others of other shapes."""
    import re

    from citysurvey.text import names

    p = names.patterns()
    pats = [names._PERSON_ONLY_AFTER, p["strong"], names._DONE_BY_A_PERSON, names._KIN_FULL, names._KIN_GIVEN,
            names._WORD_SIGNATURE, p["colon"], p["mention"], re.compile("ab?c|x{2,3}y|(?<=q)z[^a]|的(?:孩子|狗)?说")]
    assert all(names._prefixes(pat) is not None for pat in pats)
    assert names._prefixes(re.compile("a*")) is None and names._prefixes(re.compile("[a-z]{2}")) is None
    texts = corpus + _random_texts("他她也不管说家的孩子狗有是这个意见联系人：，,业主代表王李abcxyqz帮我 \n", 3000, 31, longest=30)
    found = 0
    for text in texts + ["\n".join(texts)]:
        for pat in pats:
            want = [m.span() for m in pat.finditer(text)]
            assert [m.span() for m in names._scan(pat, text)] == want, (pat.pattern[:40], text)
            found += len(want)
    names._forget_code_points()
    assert found > 1000


def test_strong_label_pattern_without_its_look_ahead_matches_the_same(corpus):
    import re

    from citysurvey.text import names

    before = re.compile(rf"{names._ahead(names.STRONG_LABELS)}(?:{names.STRONG_LABELS})(?:是|为|[:：，, ]){{0,2}}([{names._H}]{{2,4}})")
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("联系人签名姓名：:，王李伟芳 是为", 3000, 19))
    after = names.patterns()["strong"]
    assert [(m.span(), m.span(1)) for m in after.finditer(text)] == [(m.span(), m.span(1)) for m in before.finditer(text)]


def test_redaction_trigger_finds_the_lines_the_class_led_pattern_found(corpus):
    import re

    from citysurvey.text.redact import _ANY_NUMERAL, _TRIGGER

    # the same alternatives, each led by a character class (the engine then tries every position)
    before = re.compile(r"(?:[0-9@]|wxid|微 ?信|威信|薇|卫星号|维信|绿泡泡|[wW]e[cC]hat|[wW]eixin|加个?微|加个?[vV]|加我[vV]|微[:：]|"
                        r"[vVwW][xX信]|[vV][:：号我]|_|一[三-九]|幺[三-九]|车架号|"
                        rf"[一二三四五六七八九十]+ ?(?:栋|幢|单元|组|号|號|楼|樓|层|層|座)|[{_ANY_NUMERAL}](?: ?[{_ANY_NUMERAL}]){{4}}).*")
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("vVwWxX信一二三十栋号楼加个_0 幺四下车架", 3000, 4))
    assert [m.span() for m in _TRIGGER.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_content_cores_without_placeholders_by_a_simpler_pass(corpus):
    import re

    from citysurvey.text.clean import content_cores

    full = re.compile(r"〔[^〕\n]{1,6}〕|[^\w\n]+|_+")
    lines = corpus + _random_texts("〔〕电话_！：Σa中1 ǅİ", 2000, 5)
    assert content_cores(lines) == full.sub("", "\n".join(lines)).lower().split("\n")
    assert content_cores(["电话：〔电话〕"]) == ["电话电话"]  # punctuation before a 〔 takes it, as before


def test_name_model_candidates_scored_at_surnames_only(corpus):
    from citysurvey.text.redact import default_redactor

    model = default_redactor().names.model
    text = "\n".join(corpus)
    got = list(model.candidates(text))
    # the scores of every position, as computed before over the whole text
    w = model.weights
    wg1, wg2, wmin, wtwo = (w.get(k, 0.0) for k in ("g1", "g2", "g_min", "two"))
    cp = np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), 0xFFFF)
    n = len(cp)
    sur = model._surname_cp[cp]
    nxt1, nxt2 = np.r_[cp[1:], 0], np.r_[cp[2:], 0, 0]
    g1, g2 = model._given_cp[nxt1], model._given_cp[nxt2]
    h1, h2 = model._han_cp[nxt1], model._han_cp[nxt2]
    t1 = np.where(h1, sur + (wg1 + wmin) * g1, -np.inf)
    t2 = np.where(h1 & h2, sur + wg1 * g1 + wg2 * g2 + wmin * np.minimum(g1, g2) + wtwo, -np.inf)
    at = np.flatnonzero(np.maximum(t1, t2) >= model.scan_min_table)
    want = dict(zip(at.tolist(), zip(t1[at].tolist(), t2[at].tolist())))
    singles = [(a, s) for a, sl, s in got if sl == 1]
    assert singles == [(a, want[a]) for a in sorted(want) if a in dict(singles)] and set(dict(singles)) <= set(want)
    assert len(singles) > 100 and n > 0


def test_string_columns_by_take_are_the_columns_pandas_makes():
    from citysurvey.text.analyse import _column

    values = np.array(["", "C_PARKING", "H_SAFETY|C_PARKING"], dtype=object)
    codes = np.array([1, 0, 2, 2, 1])
    made = pd.DataFrame({"x": values[codes]})["x"]
    taken = pd.DataFrame({"x": _column(values, codes)})["x"]
    assert taken.dtype == made.dtype and taken.tolist() == made.tolist()


def test_a_bare_name_that_ends_an_answer_is_read_the_same_when_another_answer_follows():
    # the batch path joins answers with newlines; the end of a line is the end of an answer, as the end of the text is
    r = default_redactor()
    answers = ["楼道灯坏了，我住旁边3栋，叫滑红", "12月5日起停气三天，也不提前通知"]
    joined, _ = redact_joined("\n".join(answers), r)
    assert joined.split("\n") == [r.redact(t) for t in answers]
    assert "滑红" not in joined


# Answers that hold a cue for something in another answer: a label, a card, a phone word, a name, a place
NEIGHBOUR_CUES = ["我换了手机号码2次", "门禁卡3楼坏了", "联系人", "物业电话", "我叫", "卡号", "社保卡", "工单号", "快递单号",
                  "售楼处电话", "姓名", "住在", "地址：", "幸福小区3栋", "人民路88号", "微信", "QQ群", "物业客服", "王经理",
                  "老年卡", "家里电话", "身份证", "投诉电话12345", "订单号", "车牌", "签名：", "张", "有个叫", "邻居"]
NEIGHBOUR_PROBES = ["前三位是159", "卡号 12345678", "12345678", "后八位 12345678", "建国", "2单元501", "501室", "3-2-401",
                    "0531-88886666", "88886666", "zhangsan88", "123456789", "东方明建议：菜市场地面太滑了",
                    "黄先生和李女士反映的问题跟我一样", "周哥烧烤天天开到凌晨三点", "向阳的小伙子天天帮忙"]


def test_no_answer_decides_what_is_read_in_its_neighbour():
    """The stage redacts answers joined by newlines: a cue in one answer (手机号码, 门禁卡, 联系人) must not redact or
    spare a number or a name in the answer before or after it. Every probe, between two copies of every cue, reads
    as it does alone (a card number once stayed after 门禁卡 in the answer before; 前三位是159 went after 手机号码)."""
    r = default_redactor()
    texts = NEIGHBOUR_PROBES + [t for path in sorted(FIXTURES.glob("redaction_*.jsonl"))
                                for t in pd.read_json(path, lines=True)["text"].tolist()[:12]]
    probes = normalise_many(texts)
    alone = [r.redact(t) for t in probes]
    for cue in NEIGHBOUR_CUES:
        lines = [cue]
        for t in probes:
            lines += [t, cue]
        joined, _ = redact_joined("\n".join(lines), r)
        got = joined.split("\n")[1::2]
        assert [(cue, t, g) for t, g, a in zip(probes, got, alone) if g != a] == []


def test_gated_patterns_find_what_the_plain_patterns_find(corpus):
    """A pattern run only on the lines its gate matches (redact._GATES) gives the same matches from every position,
    and the home addresses looked for on the gated lines only are those of the whole batch."""
    import importlib
    import json

    from citysurvey.text.address import find_addresses
    from citysurvey.text.clean import normalise

    rd = importlib.import_module("citysurvey.text.redact")
    texts = list(corpus)
    for f in sorted(FIXTURES.glob("redaction_*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    # and road numbers with a floor in several lines, one line without a newline after it
    texts += ["家住鼓楼街17号2楼", "没有", "人民路88号3楼201室和建设路5号12层", "6楼", "鼓楼街17号2楼"]
    big = "\n".join(normalise(t).replace("\n", " ") for t in texts)
    assert rd._GATES  # the gates the redactor uses
    for kind, pat, _ in rd._patterns():
        if kind not in rd._GATES:
            continue
        gated = rd._Gated(pat, rd._GATES[kind])
        # from every match's start + 1 (where the redactor goes on after a rejected match) and from some other places
        spans = [m.span() for m in pat.finditer(big)]
        assert spans, kind  # the corpus exercises the pattern
        for pos in [0] + [a + 1 for a, _ in spans] + [b for _, b in spans] + list(range(0, len(big), len(big) // 50)):
            m, g = pat.search(big, pos), gated.search(big, pos)
            assert (m and (m.span(), m.groups())) == (g and (g.span(), g.groups())), (kind, pos)
    assert rd._home_addresses(big) == find_addresses(big)
    assert find_addresses(big)


def test_line_gated_patterns_find_what_every_line_gives(corpus):
    """Redactor._structured looks for most patterns only on the lines their line gate passes (redact._LINE_GATES: an @,
    a +, seven or fifteen digits, three in a row, 楼 or 层): the same checked matches as on every line, on the corpus,
    the redaction fixtures and random lines of digits, numerals, separators, labels and letters (one by one and
    joined)."""
    import importlib
    import json

    from citysurvey.text.clean import normalise

    rd = importlib.import_module("citysurvey.text.redact")
    texts = list(corpus)
    for f in sorted(FIXTURES.glob("redaction_*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [normalise(t).replace("\n", " ") for t in texts]
    texts += _random_texts("0123456789一二三四五六七八九十零两幺壹叁 -—.，,、+()（）@#＃atAT栋单元号楼层室房间户座住在我家电话手机QQ身份证X"
                           "lIOo转分机", 20000, 31, 30)
    texts += ["证件号450202900101123备用", "打给我 6123 4567", "+1 (2) 34 56 78", "13 8 1 2 3 4 5 6 7 8", "l39o2468123",
              "家住鼓楼街17号2楼201室", "１３８１２３４５６７８", "电话一三八一二三四五六七八", "sunli88#163.com", "wang.li(at)qq.com",
              "座机 2345678", "电话 二三四五六七八", "83920571是我家座机", "住在701", "1801室的业主", "a@b.cn",
              "+44 7700 912 455", "4401 0619 9208 1537 24"]  # (each at the least its gate lets through)
    gated, plain = rd.Redactor(), rd.Redactor()
    plain._line_gates = [None] * len(plain._line_gates)
    assert sum(g is not None for g in gated._line_gates) > 30
    big = "\n".join(texts)
    want = plain._structured(big)
    assert gated._structured(big) == want and len(want) > 1000
    assert [gated._structured(t) for t in texts[-3000:]] == [plain._structured(t) for t in texts[-3000:]]


def test_tagger_route_is_jieba_s(corpus):
    """names._route (the route the tagger's pieces follow) takes the word jieba's get_DAG and calc take from each
    position, on every run of the corpus and on random runs of names, words, letters and digits."""
    from citysurvey.text import names

    tagger = names._posseg()
    tagger.makesure_userdict_loaded()
    tk = tagger.tokenizer
    runs = sorted({r.group() for t in corpus for r in names._tagger_block().finditer(t)})
    runs += _random_texts("王李张欧阳建国美玲小明高峰天了的是在我家楼下物业管理abcAB12中华人民共和国安全方便长江大桥", 5000, 41, 24)
    for run in filter(None, runs):
        route: dict = {}
        tk.calc(run, tk.get_DAG(run), route)
        assert names._route(tk, run) == [route[i][1] for i in range(len(run))], run


def test_compound_led_patterns_tried_at_compound_surnames_only(corpus):
    """The patterns led by a compound surname, tried only where one stands (names._compound_starts): the same
    matches as finditer's, on the corpus and on random text of compound surnames, their first characters and names."""
    import re

    from citysurvey.text import names

    text = "\n".join(corpus) + "\n" + "\n".join(
        _random_texts("欧阳司马诸葛东方西门上官第五百里东西上司建国亮亮飞飞说建议反映老师，。 ", 4000, 43, 16))
    found = 0
    for pat in (names._COMPOUND_DOUBLED, names._EVERYDAY_COMPOUND_SAYS, names._COMPOUND_NAME):
        lead = pat.pattern.lstrip("(?:").split(")")[0].split("|")  # (the alternation it starts with: compound surnames)
        assert len(lead) > 10 and set(lead) <= set(names.COMPOUND_SURNAMES)
        want = [(m.span(), m.groups()) for m in pat.finditer(text)]
        assert [(m.span(), m.groups()) for m in names._finditer_at(pat, text, names._compound_starts(text))] == want
        found += len(want)
    assert found > 50


def test_line_start_patterns_tried_at_the_lines_that_can_open_with_them(corpus):
    """The patterns of a line's start (a name before a number, a Latin name opening an answer, a note's addressee)
    tried only at the starts names._line_starts_with reads from the code points: finditer's matches."""
    from citysurvey.text import names

    text = "\n".join(corpus) + "\n" + "\n".join(
        _random_texts("王芳建国，, ：:你您 —-13800138000Chen XiaolingTom Wilson-", 6000, 47, 18)
        + ["安宁，13912345678", "王小明 440106199001011234", "Chen, Xiaoling - 两个孩子的妈妈", "—— 淑芬：灯坏了", "建军 你上次说的事"])
    found = 0
    for pat in (names._LEAD_BEFORE_NUMBER, names._LATIN_OPENING, names._OPENING_ADDRESS):
        want = [(m.span(), m.groups()) for m in pat.finditer(text)]
        assert [(m.span(), m.groups()) for m in names._finditer_at(pat, text, names._line_starts_with(text, pat))] == want
        assert want, pat.pattern
        found += len(want)
    assert found > 10


def test_latin_patterns_looked_for_on_the_latin_lines(corpus):
    """The Latin-led patterns of the name finder looked for on the lines holding a Latin letter, then matched again in
    the batch (names._latin_finditer): finditer's matches, on the corpus and on random lines of Latin words, Chinese,
    dashes and newlines (a Latin line first and last too)."""
    from citysurvey.text import names

    texts = _random_texts("Tom Wilson Chen Xiaoling zhang wei —-. 王芳说 ，", 6000, 53, 24)
    for text in ("\n".join(corpus) + "\n" + "\n".join(texts), "Tom Wilson\n王芳\n—— Priya", "王芳\nAnna Lee", "没有"):
        found = 0
        for pat in (names._CAPITALISED, names._WESTERN_NAME, names._LATIN_WORD, names._LATIN_PAIR, names._DASH_SIGNATURE):  # (_LATIN_WORD: any such pattern)
            want = [(m.span(), m.groups()) for m in pat.finditer(text)]
            assert [(m.span(), m.groups()) for m in names._latin_finditer(pat, text)] == want, pat.pattern
            found += len(want)
        names._forget_code_points()
        assert found or text == "没有"


def test_lines_holding_any_of_several_literals_are_each_line_once_in_order():
    from citysurvey.text.clean import lines_holding

    text = "敬启\n无\n谨上 敬上\n拜上"
    assert lines_holding(text, "敬") == [(0, 3), (5, 11)]
    assert lines_holding(text, "敬", "谨", "拜") == [(0, 3), (5, 11), (11, 13)]
    assert lines_holding(text, "无", "无") == lines_holding(text, "无") == [(3, 5)]
    assert lines_holding(text, "月") == [] == lines_holding(text)
    # three literals or more: one regex pass, the same lines as one pass of str.find per literal
    words = ("敬上", "谨", "上\n", "拜", "启\n无")
    assert lines_holding(text, *words) == sorted({line for w in words for line in lines_holding(text, w)})


def test_door_cores_looked_for_on_the_lines_with_a_door_number_match_the_same(corpus):
    """address._find_addresses runs the cores that need 号 only on the lines holding one: the same matches as over the
    whole text, on the corpus and on random text made of the cores' characters."""
    from citysurvey.text import address
    from citysurvey.text.clean import finditer_on, lines_holding

    text = "\n".join(corpus + _random_texts("12345号楼栋单元室-巷排弄副附大厦的住户我家那一二三路街 村组院", 20000, 23, 25))
    lines = lines_holding(text, "号")
    found = 0
    for k in address._DOOR_CORES:
        core = address._CORES[k]
        want = [m.span() for m in core.finditer(text)]
        assert [m.span() for m in finditer_on(core, text, lines)] == want, k
        assert all("号" in text[a:b] for a, b in want)
        found += len(want)
    assert found > 100
    # the cores gated by words of their own (a tower's name before a room, 弄, 门, 楼), on text made of their parts
    text += "\n" + "\n".join(_random_texts("12345大厦公寓大楼字楼 室层之弄号门楼单元二三前后客堂间路里", 20000, 29, 20))
    found = 0
    for k, words in address._CORE_GATES.items():
        core = address._CORES[k]
        want = [m.span() for m in core.finditer(text)]
        assert [m.span() for m in finditer_on(core, text, lines_holding(text, *words))] == want, k
        found += len(want)
    assert found > 20


def test_digit_view_by_replace_is_the_translation(corpus):
    import importlib

    rd = importlib.import_module("citysurvey.text.redact")
    big = "\n".join(corpus) + "\n壹叁柒 零伍捌贰 幺三八〇两玖 一二三四五六七八九十百"
    assert rd._digit_view(big) == big.translate(rd._NUMERAL_DIGITS)
    assert rd._digit_view(big) != big


def test_signatures_looked_for_at_line_ends_are_the_pattern_s_matches(corpus):
    # the name finder reads a match's start, its groups and its first character: the same as finditer's, line by line
    # (blank lines, lines of punctuation or spaces only, closing words, buildings and dashes before the name)
    from citysurvey.text import names

    pat = names.patterns()["signature"]
    texts = ["\n".join(corpus), "谢谢！陈晓东", "——张敏", "张敏 敬上", "东方一鸣 初二学生", "\n王芳\n\n——6栋任静。\n",
             "物业太差了\n\n李娜！！\n  \n", "", "\n", "王芳", "3单元李明", "何露 3栋业主", "\u3000王芳\u3000\n。。\n刘德华"]
    texts += _random_texts("王李陈欧阳敬上留了学生业主—-。，！! \n栋3单元号楼明芳\u3000", 3000, 7)
    found = 0
    for text in texts:
        want = [(m.start(), m.groups(), m.group()[:1]) for m in pat.finditer(text)]
        assert [(m.start(), m.groups(), m.group()[:1]) for m in names._signature_matches(text)] == want, text
        found += len(want)
    assert found > 300


def test_bare_pre_filter_keeps_every_start_the_loop_can_take(corpus):
    # a start the numpy pre-filter drops is one where NameFinder._bare's first test sends the loop on and
    # _full_name_inside finds nothing
    from citysurvey.text import names
    from citysurvey.text.redact import default_redactor

    finder = default_redactor().names
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("王李欧阳问问找让，。的建国美玲小明高峰天了", 3000, 8))
    kept = set(names.NameFinder._bare_starts(text))
    dropped = 0
    for m in names.patterns()["bare_any"].finditer(text):
        a = m.start()
        if a in kept:
            continue
        dropped += 1
        assert a > 0 and text[a - 1] not in names._CLAUSE_START and text[a - 1] not in names._BARE_LEFT_LAST
        assert finder._full_name_inside(text, a) is None or not (text[a + 1] in names.GIVEN_NAME_CHARS
                                                                 or text[a:a + 2] in names._COMPOUND_SET)
    assert dropped > 1000 and kept


def test_redaction_patterns_led_by_a_literal_match_as_before(corpus):
    # the WeChat label's lone v, the Chinese-numeral building of a room, the VIN and ID labels of accounts: each
    # written so that the pattern starts with a character or a set (see redact._patterns)
    import importlib
    import re

    rd = importlib.import_module("citysurvey.text.redact")
    pats = [p.pattern for _, p, _ in rd._patterns()]

    def at(part: str) -> int:  # the pattern that holds ``part`` (found by content: a new pattern may come before)
        return next(k for k, p in enumerate(pats) if part in p and not (part == "[一二三四五六七八九十][一二三四五六七八九十]{0,2}"
                                                                       and "单元" not in p))

    wx, room = at("v(?<![A-Za-z]v)(?=[:：]|号|我)"), at("[一二三四五六七八九十][一二三四五六七八九十]{0,2}")
    vin, acct = at("VIN(?<![A-Za-z]...)"), at("ID(?<![A-Za-z]..)|id(?<![A-Za-z]..)")
    before = {
        wx: pats[wx].replace("v(?<![A-Za-z]v)(?=[:：]|号|我)|V(?<![A-Za-z]V)(?=[:：]|号|我)",
                             "(?<![A-Za-z])[vV](?=[:：]|号|我)"),
        room: pats[room].replace("[一二三四五六七八九十][一二三四五六七八九十]{0,2}", "[一二三四五六七八九十]{1,3}"),
        vin: pats[vin].replace("VIN(?<![A-Za-z]...)|vin(?<![A-Za-z]...)", "(?:VIN|vin)(?<![A-Za-z]...)"),
        acct: pats[acct].replace("ID(?<![A-Za-z]..)|id(?<![A-Za-z]..)|Id(?<![A-Za-z]..)", "(?:ID|id|Id)(?<![A-Za-z]..)"),
    }
    assert len(before) == 4
    text = "\n".join(corpus) + "\n" + "\n".join(
        _random_texts("vV加我个微信：号 abc12345678六栋301室单元VINvinIDid账号:：LSVAB2A0XH1234567abc_12", 3000, 9))
    for k, old in before.items():
        new = rd._patterns()[k][1]
        assert old != new.pattern, k
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == \
            [(m.span(), m.groups()) for m in re.compile(old).finditer(text)], k


def test_text_without_spans_by_slices():
    from citysurvey.text.clean import spans_in_text, without_spans

    text = "15 号楼 1 单元 1101，尹 国 庆"
    spans = [(2, 3), (6, 7), (4, 6), (9, 9), (len(text) - 2, len(text) - 1)]  # overlapping, empty, unsorted
    view, at = without_spans(text, spans)
    gone = {k for a, b in spans for k in range(a, b)}
    assert view == "".join(c for k, c in enumerate(text) if k not in gone)
    assert [text[k] for k in at[:-1]] == list(view) and at[-1] == len(text)
    assert spans_in_text(at, [(0, 2)]) == [(0, 2)]


def test_name_before_contact_details_matches_as_before(corpus):
    # the look-behind for a Han character moved after the surname's first character (names.patterns)
    import re

    from citysurvey.text import names

    s, h = names._surname_alt(), names._H
    before = re.compile(rf"(?<![{h}])({s}[{h}]{{1,2}})(?=[ ：:，,]?(?:1[3-9]\d|0\d{{2,3}}[- ]?\d)|[ ：:，,]?(?:〔电话〕|〔微信号〕|"
                        rf"〔QQ号〕|电话|手机|联系电话|tel))")
    text = "\n".join(corpus) + "\n" + "\n".join(_random_texts("王李欧阳张三丰明 ：电话手机13800〔电话〕的", 3000, 10))
    got = [(m.span(), m.groups()) for m in names.patterns()["before_contact"].finditer(text)]
    assert got == [(m.span(), m.groups()) for m in before.finditer(text)] and len(got) > 10


def test_address_patterns_led_by_a_look_ahead_match_as_without_it(corpus):
    # address._CORES, _HOME and _SHORT_DASHED start with (?=[…]), the first characters of their matches: the same
    # matches as the patterns without it, on every labelled text and on random ones
    import json
    import re

    from citysurvey.text import address

    texts = list(corpus)
    for f in sorted(FIXTURES.glob("redaction_*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += _random_texts("12３A-号栋楼单元门室层弄组院附之一二十两东公寓大厦家住在我地址户坐落路街小区 ", 5000, 11, 24)
    text = "\n".join(texts)
    # every word of the home cue starts with a character of _HOME's look-ahead
    words = address.HOME_CUE[address.HOME_CUE.index("(?:家住在") + 3:].split(")(?:是|")[0].split("|")
    lead = re.match(r"\(\?=\[([^\]]+)\]\)", address._HOME.pattern).group(1)
    assert all((w[w.index("])") + 2] if w.startswith("(?<!") else w[0]) in lead for w in words), words
    found = 0
    for pat in [*address._CORES, address._HOME, address._SHORT_DASHED]:
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]+\]\)", "", pat.pattern))
        if plain.pattern == pat.pattern:
            continue  # (a core led by its own literal, _CORES[4])
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in pat.finditer(text)] == want, pat.pattern[:40]
        found += len(want)
    assert found > 300


@pytest.mark.parametrize("answers", [
    # a minority name read in one answer was looked for again in the next ones (我，次仁，藏族 alone keeps it)
    ["我叫次仁，家在五楼，楼道太黑", "社区要多办活动。我，次仁，藏族，开了家茶馆"],
    # a name's third character was judged by a word running into the next answer (木 + 提个)
    ["我是9号楼的艾力克木", "提个建议，路灯太暗"],
])
def test_a_batch_reads_each_answer_as_if_alone(answers):
    r = default_redactor()
    corpus = normalise_many(answers)
    joined, _ = redact_joined("\n".join(corpus), r)
    assert joined.split("\n") == [r.redact(t) for t in corpus]
