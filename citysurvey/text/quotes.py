"""Representative quotes: short, redacted, typical and varied (maximal marginal relevance).

For a group (a topic in a district, say) the first quote is the answer closest to
the group's TF-IDF centroid; each next one maximises
``λ·similarity to the centroid − (1−λ)·max similarity to quotes already chosen``,
so three quotes say three different things rather than the same complaint three
times. Answers holding a redaction placeholder are used only when nothing else is
left, and long answers are cut at a sentence break.
"""
from __future__ import annotations

import re

import numpy as np

from .keywords import DocTerms

_BREAK = re.compile(r"[。！？；!?;，,]")


#: an answer is quoted for at most this many topics of one area, so one long answer cannot speak for all
MAX_TOPICS_PER_QUOTE = 2
#: answers with more topics than this are quoted only when a topic has nothing else
MAX_TOPICS_OF_QUOTED = 4
#: longest text shown in a table cell (the per-respondent sheet, floods, themes): longer ones are cut with a note
TABLE_MAX_CHARS = 500


def shorten(text: str, max_chars: int, note: bool = False) -> str:
    """Cut at the last sentence break before ``max_chars`` (or hard), marking the cut with …

    With ``note`` the cut says so: …（节选）, and in a table cell also how long the answer
    was (see :func:`shorten_all`); the result, note included, is at most ``max_chars`` long.
    """
    if len(text) <= max_chars:
        return text
    tail = "…" + (QUOTE_NOTE if note else "")
    room = max(max_chars - len(tail) + 1, 1)
    head = text[:room]
    cuts = [m.start() for m in _BREAK.finditer(head)]
    cut = cuts[-1] if cuts and cuts[-1] >= room // 2 else room - 1
    return head[:cut].rstrip() + tail


QUOTE_NOTE = "（节选）"


def shorten_all(texts, max_chars: int = TABLE_MAX_CHARS):
    """:func:`shorten` with the note, for every text of a column (only the long ones are touched)."""
    return [t if not isinstance(t, str) or len(t) <= max_chars
            else shorten(t, max_chars - 16, note=False) + f"（节选，原文 {len(t):,} 字）" for t in texts]


def mmr_select(dt: DocTerms, rows: np.ndarray, k: int, lam: float, texts, *, min_chars: int,
               avoid: np.ndarray | None = None, exclude: np.ndarray | None = None) -> list[int]:
    """Up to ``k`` answers of ``rows`` chosen by MMR (returned as row ids, best first).

    Flags per row of ``dt``: ``avoid`` — used only when a group has nothing else (answers
    about many topics at once); ``exclude`` — never used (answers already quoted for as many
    topics as one answer may be).
    """
    if exclude is not None:
        rows = rows[~exclude[rows]]
    if len(rows) == 0:
        return []
    lengths = np.array([len(str(texts[r])) for r in rows])
    has_ph = np.array(["〔" in str(texts[r]) for r in rows])
    ok = rows[(lengths >= min_chars) & ~has_ph]
    pool = ok if len(ok) >= k else rows[lengths >= min(min_chars, lengths.max())]
    if avoid is not None and (~avoid[pool]).any():
        pool = pool[~avoid[pool]]  # answers about many topics stay out while there is anything else
    pool = np.asarray(pool)
    X = dt.tfidf(pool)
    centroid = np.asarray(X.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    rel = X @ (centroid / norm) if norm > 0 else np.zeros(len(pool))
    if len(pool) > 500:  # MMR among the 500 most typical answers is plenty and keeps it cheap
        top = np.sort(np.argsort(-rel, kind="stable")[:500])
        pool, X, rel = pool[top], X[top], rel[top]
    sim = (X @ X.T).toarray()
    chosen: list[int] = []
    left = np.ones(len(pool), bool)
    for _ in range(min(k, len(pool))):
        if chosen:
            red = sim[:, chosen].max(axis=1)
        else:
            red = np.zeros(len(pool))
        score = lam * rel - (1 - lam) * red
        score[~left] = -np.inf
        j = int(np.argmax(score))
        chosen.append(j)
        left[j] = False
    return [int(pool[j]) for j in chosen]
