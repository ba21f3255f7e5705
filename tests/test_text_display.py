"""Text made safe for display (issue 12, item 8): escape and format characters never reach a table,
long answers are cut with a note wherever shown, one answer cannot be the quote of many topics."""
from __future__ import annotations

import numpy as np
import pandas as pd

from citysurvey.text.analyse import analyse_suggestions
from citysurvey.text.clean import normalise, normalise_many
from citysurvey.text.quotes import QUOTE_NOTE, TABLE_MAX_CHARS, shorten, shorten_all
from citysurvey.text.stage import build_result
from citysurvey.text.config import TextConfig
from citysurvey.text.analyse import load_resources

ANSI = "\x1b[1;31m"


def test_escape_sequences_and_format_characters_are_stripped():
    raw = f"{ANSI}停车难\x1b[0m，\u202e路灯\u2066坏了\u2069\u200b\x1b]0;标题\x07\x07\x1b[2J"
    assert normalise(raw) == "停车难，路灯坏了"
    assert normalise_many([raw, "ok"]) == ["停车难，路灯坏了", "ok"]
    out = analyse_suggestions([raw]).frame["text_redacted"].iloc[0]
    assert "[" not in out and "\x1b" not in out and "31m" not in out


def test_long_texts_are_cut_with_a_note():
    quote = shorten("楼道灯坏了。" * 40, 60, note=True)
    assert len(quote) <= 60 and quote.endswith("…" + QUOTE_NOTE)
    cell = shorten_all(["电梯坏了" * 300, "短"])
    assert len(cell[0]) <= TABLE_MAX_CHARS and cell[0].endswith("（节选，原文 1,200 字）") and cell[1] == "短"


class _Codebook:
    district = "district"

    def names(self, role=None):
        return []

    def categories(self, name):
        return ["东区", "西区"]


def test_one_huge_answer_does_not_top_many_topics():
    """A 1 MB answer naming every topic is quoted for at most two topics, cut short, and its cell is cut too."""
    res = load_resources()
    lex = res.lexicon
    terms = lex.terms.drop_duplicates("topic")["term"].tolist()
    huge = f"{ANSI}" + "，".join(terms) + "。" + "其他问题也很多。" * (1_000_000 // 8)
    rng = np.random.default_rng(1)
    ordinary = [f"{t}的问题{'很严重' if i % 2 else '一直没解决'}，希望尽快处理{i}" for i, t in enumerate(terms * 3)]
    answers = [huge] + ordinary
    responses = pd.DataFrame({"district": rng.choice(["东区", "西区"], len(answers))})
    analysis = analyse_suggestions(answers, resources=res)
    assert analysis.frame["n_topics"].iloc[0] >= 10  # the answer is about (nearly) every topic
    result = build_result("text", analysis, responses, _Codebook(), TextConfig(charts=False, wordcloud=False),
                          np.ones(len(answers)), None, "equal", res=res)
    q = result.tables["quotes"]
    head = huge[len(ANSI):len(ANSI) + 10]
    from_huge = q[q["quote"].str.startswith(head)]
    assert from_huge.groupby("district")["topic"].nunique().max() <= 2 if len(from_huge) else True
    assert (q["quote"].str.len() <= TextConfig().quotes.max_chars).all()
    for name, table in result.tables.items():
        blob = table.to_csv()
        assert "\x1b" not in blob and "[1;31m" not in blob, name
    cells = result.tables["suggestions"]["text_redacted"].str.len()
    assert cells.max() <= TABLE_MAX_CHARS
