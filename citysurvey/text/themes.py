"""Themes the lexicon misses: NMF on the TF-IDF of answers no topic matched.

Residents raise things no fixed list foresees (a new bridge, a local festival,
noise from one plant). Among informative answers that got no topic, NMF finds
groups of words that occur together; each theme is shown with its top words, how
many respondents wrote answers in it, and a few (redacted) examples, so an
analyst can name it and, if it recurs, add it to the lexicon.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .keywords import DocTerms
from .quotes import shorten

COLUMNS = ["theme", "top_terms", "n_answers", "n_respondents", "examples"]


def _none(why: str) -> pd.DataFrame:
    """No themes, with the reason the workbook's 新主题发现 sheet shows (a bare header says nothing)."""
    frame = pd.DataFrame(columns=COLUMNS)
    frame.attrs["empty_note"] = f"（本表为空：{why}）"
    return frame


def discover_themes(dt: DocTerms, rows: np.ndarray, weights: np.ndarray, *, n_themes: int | None, max_themes: int,
                    min_docs: int, top_terms: int, examples: int = 3, texts: np.ndarray | None = None,
                    max_chars: int = 60) -> pd.DataFrame:
    """Themes among answers ``rows`` of ``dt`` (``weights``: respondents per answer)."""
    from sklearn.decomposition import NMF

    if len(rows) < min_docs:
        return _none(f"未归入任何词表主题的有效意见只有{len(rows):,}条（不同内容），少于归纳新主题所需的"
                     f"{min_docs:,}条（text.themes.min_docs），因此没有归纳新主题。")
    X = dt.tfidf(rows)
    used = np.flatnonzero(np.asarray((X > 0).sum(axis=0)).ravel() >= 2)  # words in at least two answers
    if len(used) < 4:
        return _none(f"{len(rows):,}条未归入词表主题的意见中，在两条以上意见里共同出现的词语不足4个，"
                     "归纳不出新主题。")
    X = X[:, used]
    keep = np.flatnonzero(np.asarray(X.sum(axis=1)).ravel() > 0)
    if len(keep) < min_docs:
        return _none(f"未归入词表主题的意见中，含有共同词语的只有{len(keep):,}条，少于归纳新主题所需的"
                     f"{min_docs:,}条（text.themes.min_docs），因此没有归纳新主题。")
    X = X[keep]
    k = n_themes or int(np.clip(round(np.sqrt(len(keep) / 10)), 2, max_themes))
    k = max(1, min(k, len(used) - 1, len(keep) - 1))
    nmf = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
    W = nmf.fit_transform(X)
    H = nmf.components_
    best = W.argmax(axis=1)
    strength = W.max(axis=1)
    out = []
    for t in range(k):
        members = np.flatnonzero((best == t) & (strength > 0))
        if len(members) == 0:
            continue
        terms = [str(dt.vocab[used[j]]) for j in np.argsort(-H[t], kind="stable")[:top_terms] if H[t, j] > 0]
        ex = members[np.argsort(-W[members, t], kind="stable")][:examples]
        shown = []
        if texts is not None:
            for e in ex:
                s = str(texts[rows[keep[e]]])
                shown.append(shorten(s, max_chars, note=True))
        out.append({"top_terms": "、".join(terms), "n_answers": int(len(members)),
                    "n_respondents": int(weights[rows[keep[members]]].sum()), "examples": " ｜ ".join(shown)})
    frame = pd.DataFrame(out, columns=COLUMNS[1:]).sort_values(["n_respondents", "top_terms"], ascending=[False, True])
    frame.insert(0, "theme", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)[COLUMNS]
