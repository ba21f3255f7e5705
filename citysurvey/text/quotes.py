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


def shorten(text: str, max_chars: int) -> str:
    """Cut at the last sentence break before ``max_chars`` (or hard), marking the cut with …"""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    cuts = [m.start() for m in _BREAK.finditer(head)]
    cut = cuts[-1] if cuts and cuts[-1] >= max_chars // 2 else max_chars - 1
    return head[:cut].rstrip() + "…"


def mmr_select(dt: DocTerms, rows: np.ndarray, k: int, lam: float, texts, *, min_chars: int) -> list[int]:
    """Up to ``k`` answers of ``rows`` chosen by MMR (returned as row ids, best first)."""
    if len(rows) == 0:
        return []
    lengths = np.array([len(str(texts[r])) for r in rows])
    has_ph = np.array(["〔" in str(texts[r]) for r in rows])
    ok = rows[(lengths >= min_chars) & ~has_ph]
    pool = ok if len(ok) >= k else rows[lengths >= min(min_chars, lengths.max())]
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
