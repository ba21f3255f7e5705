"""Text stage, evidence: keywords, discovered themes, quotes."""
from __future__ import annotations

import numpy as np

from citysurvey.text.analyse import analyse_suggestions
from citysurvey.text.keywords import DocTerms, keyword_table, keywords_of, textrank_of
from citysurvey.text.quotes import mmr_select, shorten
from citysurvey.text.themes import discover_themes


def _dt(texts, background=()):
    a = analyse_suggestions(texts)
    return a, DocTerms.build(a.evidence["tokens"].tolist(), background=list(background))


def test_keywords_prefer_words_particular_to_the_group():
    texts = ["停车位太少晚上没地方停", "停车位不够希望建停车场", "停车位被外来车占了"] + ["路灯坏了晚上太黑", "路灯不亮老人摔跤"]
    a, dt = _dt(texts, background=["希望小区改善环境", "希望政府重视"])
    top = [w for w, _, _ in keywords_of(dt, np.arange(3), top_n=3)]
    assert top[0] == "停车位"
    assert "路灯" not in top
    tr = [w for w, _, _ in textrank_of(dt, np.arange(3), top_n=3)]
    assert "停车位" in tr
    table = keyword_table(dt, [("district", "甲区", "甲区", np.arange(3))], top_n=3, textrank_max_docs=10, min_docs=2)
    assert set(table["method"]) == {"tfidf", "textrank"}


def test_themes_found_among_unmatched_answers():
    bridge = [f"{p}那座桥的限高杆太低了，{q}" for p in ("东边", "西边", "北边", "南边", "城里")
              for q in ("货车过不去", "大车绕路", "公交也要绕", "每天都堵在桥头")]
    festival = [f"{p}音乐节{q}" for p in ("广场的", "江边的", "体育场的", "公园的", "每年的")
                for q in ("太吵了半夜还放", "散场后满地瓶子", "票价太贵", "应该多办几场")]
    texts = bridge + festival
    a = analyse_suggestions(texts)
    dt = DocTerms.build(a.evidence["tokens"].tolist())
    rows = np.arange(len(a.evidence))
    themes = discover_themes(dt, rows, a.evidence["n_respondents"].to_numpy(), n_themes=2, max_themes=5, min_docs=10,
                             top_terms=6, texts=a.evidence["text_redacted"].to_numpy())
    assert len(themes) == 2
    joined = " / ".join(themes["top_terms"])
    assert "音乐节" in joined and ("限高杆" in joined or "桥" in joined)
    assert themes["n_respondents"].sum() == len(texts)


def test_quotes_are_typical_varied_short_and_redacted():
    texts = ["停车位太少了，晚上回来找不到地方"] * 3 + ["停车位太少了，晚上回来找不到地方！", "停车费太贵，一个月要五百",
             "车位只卖不租，买不起", "停车难，电话13812345678", "停车位太少，建议建立体车库停车楼，把旁边空地利用起来，"
             "这样能多出几百个车位，大家都方便很多"]
    a, dt = _dt(texts)
    texts_ev = a.evidence["text_redacted"].to_numpy()
    chosen = mmr_select(dt, np.arange(len(texts_ev)), 3, 0.7, texts_ev, min_chars=6)
    picked = [texts_ev[i] for i in chosen]
    assert len(set(picked)) == 3
    assert not any("13812345678" in p or "〔" in p for p in picked)  # placeholders used only when nothing else is left
    assert shorten(texts_ev[-1], 30).endswith("…") and len(shorten(texts_ev[-1], 30)) <= 30
