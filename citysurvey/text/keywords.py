"""Keywords of a group of suggestions (a district, a topic): TF-IDF against a domain
background corpus, and TextRank where the group is small enough for it to be cheap.

Every distinct answer counts once (a copy-paste flood does not make its words
key). A word's score in a group is the share of the group's answers that use it
times its inverse document frequency in the background: the generated domain
corpus (:mod:`.training`) plus all distinct answers of the survey, so words every
suggestion uses (小区, 希望) score low and words particular to the group score high.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .lexicon import stopwords

_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def useful_tokens(tokens: str, stop: frozenset[str]) -> list[str]:
    """Tokens worth showing as keywords: 2+ characters, a Chinese character or letter, not a stopword."""
    return [t for t in tokens.split() if len(t) >= 2 and t not in stop and _WORDLIKE.search(t)]


@dataclass
class DocTerms:
    """Binary document × term matrix of distinct answers, with background IDF."""

    X: sp.csr_matrix
    vocab: np.ndarray
    idf: np.ndarray
    docs: list[list[str]]

    @classmethod
    def build(cls, token_strings: list[str], background: list[str] = ()) -> "DocTerms":
        stop, _ = stopwords()
        docs = [useful_tokens(t, stop) for t in token_strings]
        bg = [useful_tokens(t, stop) for t in background]
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, d in enumerate(docs):
            # first-seen order, not set order: the vocabulary's column order (and with it every float
            # sum and tie-break downstream) must not depend on the interpreter's hash seed
            for t in dict.fromkeys(d):
                rows.append(i)
                cols.append(vocab.setdefault(t, len(vocab)))
        X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocab)))
        df = np.asarray(X.sum(axis=0)).ravel()
        for d in bg:
            for t in dict.fromkeys(d):
                j = vocab.get(t)
                if j is not None:
                    df[j] += 1
        N = len(docs) + len(bg)
        idf = np.log((N + 1) / (df + 1)) + 1.0
        words = np.empty(len(vocab), dtype=object)
        for t, j in vocab.items():
            words[j] = t
        return cls(X, words, idf, docs)

    def tfidf(self, rows=None) -> sp.csr_matrix:
        X = self.X if rows is None else self.X[rows]
        X = X @ sp.diags(self.idf)
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ X)


def keywords_of(dt: DocTerms, rows: np.ndarray, top_n: int, min_docs: int = 2) -> list[tuple[str, float, int]]:
    """(keyword, score, answers using it) for the answers ``rows``, best first."""
    if len(rows) == 0:
        return []
    counts = np.asarray(dt.X[rows].sum(axis=0)).ravel()
    need = min(min_docs, max(1, len(rows) // 10))
    score = counts / len(rows) * dt.idf
    score[counts < need] = 0
    order = np.lexsort((dt.vocab.astype(str), -score))[:top_n]
    return [(str(dt.vocab[j]), float(score[j]), int(counts[j])) for j in order if score[j] > 0]


def textrank_of(dt: DocTerms, rows: np.ndarray, top_n: int, window: int = 5, candidates: int = 300,
                damping: float = 0.85, iterations: int = 40) -> list[tuple[str, float, int]]:
    """TextRank over co-occurrence (within ``window`` tokens) of the group's most frequent words."""
    if len(rows) == 0:
        return []
    counts = np.asarray(dt.X[rows].sum(axis=0)).ravel()
    cand = np.argsort(-counts, kind="stable")[:candidates]
    cand = cand[counts[cand] > 0]
    pos = {str(dt.vocab[j]): k for k, j in enumerate(cand)}
    K = len(cand)
    if K < 2:
        return []
    a, b = [], []
    for r in rows:
        seq = [pos[t] for t in dt.docs[r] if t in pos]
        for i, u in enumerate(seq):
            for v in seq[i + 1:i + window]:
                if u != v:
                    a.append(u)
                    b.append(v)
    if not a:
        return []
    W = sp.csr_matrix((np.ones(2 * len(a)), (a + b, b + a)), shape=(K, K))
    out_deg = np.asarray(W.sum(axis=1)).ravel()
    out_deg[out_deg == 0] = 1
    P = sp.diags(1 / out_deg) @ W
    s = np.full(K, 1.0 / K)
    for _ in range(iterations):
        s = (1 - damping) / K + damping * (P.T @ s)
    order = np.lexsort((np.array([str(dt.vocab[j]) for j in cand]), -s))[:top_n]
    return [(str(dt.vocab[cand[k]]), float(s[k]), int(counts[cand[k]])) for k in order]


def keyword_table(dt: DocTerms, groups: list[tuple[str, str, str, np.ndarray]], *, top_n: int,
                  textrank_max_docs: int, min_docs: int) -> pd.DataFrame:
    """``groups``: (group_variable, group, group_label, answer rows). One row per keyword."""
    rows = []
    for var, grp, label, idx in groups:
        if len(idx) < min_docs:
            continue
        methods = [("tfidf", keywords_of(dt, idx, top_n))]
        if len(idx) <= textrank_max_docs:
            methods.append(("textrank", textrank_of(dt, idx, top_n)))
        for method, found in methods:
            for rank, (word, score, n) in enumerate(found, start=1):
                rows.append({"group_variable": var, "group": grp, "group_label": label, "method": method,
                             "rank": rank, "keyword": word, "score": score, "n_answers": n, "group_answers": len(idx)})
    cols = ["group_variable", "group", "group_label", "method", "rank", "keyword", "score", "n_answers", "group_answers"]
    return pd.DataFrame(rows, columns=cols)
