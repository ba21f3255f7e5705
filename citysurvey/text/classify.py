"""Topics of a suggestion: a lexicon rule layer and a learned model, combined.

Rule layer: a topic is found when a lexicon term (after the typo map) is a token,
lies inside a token (公交 in 公交车站) or spans two or three adjacent tokens.

Model: TF-IDF over tokens and character bigrams, one logistic regression per
topic (one-vs-rest), trained on generated sentences (:mod:`.training`) that use
wordings the lexicon lacks. It catches paraphrases such as 车没地方停 or 爬不动楼.

Combination rule (``combine="union"``, the default): the topics are the rule's
topics plus every topic whose model probability is at least ``threshold``
(0.5); when that leaves none, the model's most probable topic is taken if its
probability is at least ``fallback`` (0.3). ``combine="rules"`` and
``combine="model"`` use one layer alone (for evaluation).

Topics are carried as bit masks (bit i = ``lexicon.topics[i]``) so a million
answers need one int64 each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Literal, Sequence

import numpy as np
import scipy.sparse as sp

from .lexicon import Lexicon

Combine = Literal["union", "rules", "model"]

_PUNCT = {ord(c): None for c in "，。！？；：、“”‘’（）《》【】［］〔〕…—～·,.!?;:'\"()[]{}<>/\\|-_+=*&^%$#@`~ \t"}


class TopicRules:
    """Lexicon terms → topic masks, looked up per token (memoised per distinct token)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.term_mask = {term: lexicon.mask_of(topics) for term, topics in lexicon.term_topics.items()}
        self._prefixes = {t[:i] for t in self.term_mask for i in range(1, len(t))}
        self._by_len = sorted({len(t) for t in self.term_mask})
        self._memo: dict[str, int] = {}

    def _token_mask(self, tok: str) -> int:
        m = 0
        n = len(tok)
        for k in self._by_len:  # every substring of the token that is a term
            if k > n:
                break
            for i in range(n - k + 1):
                m |= self.term_mask.get(tok[i:i + k], 0)
        return m

    def mask(self, tokens: Sequence[str]) -> int:
        return int(self.masks([list(tokens)])[0])

    def masks(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Topic mask of each token list, with the per-token work done once per distinct token."""
        n = len(token_lists)
        lens = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        flat = list(chain.from_iterable(token_lists))
        out = np.zeros(n, dtype=np.int64)
        if not flat:
            return out
        memo = self._memo
        for tok in set(flat).difference(memo):
            memo[tok] = self._token_mask(tok)
        tm = np.fromiter(map(memo.__getitem__, flat), dtype=np.int64, count=len(flat))
        # terms cut across tokens (停车 + 难): only where a token starts some term
        owner = np.repeat(np.arange(n), lens)
        starts = np.flatnonzero(np.fromiter(map(self._prefixes.__contains__, flat), dtype=bool, count=len(flat)))
        get = self.term_mask.get
        last = len(flat) - 1
        for i in starts[starts < last]:
            if owner[i + 1] != owner[i]:
                continue
            two = flat[i] + flat[i + 1]
            m = get(two, 0)
            if i + 2 <= last and owner[i + 2] == owner[i] and two in self._prefixes:
                m |= get(two + flat[i + 2], 0)
            tm[i] |= m
        nonempty = lens > 0
        out[nonempty] = np.bitwise_or.reduceat(tm, (np.cumsum(lens) - lens)[nonempty])
        return out


_CLAUSE_END = frozenset("。！？；!?;…\n") | frozenset(["。。。", "……", "！！", "？？"])
# a clause end followed by more text, or an enumeration "2、": the answer has several clauses
_INNER_END = re.compile(r"[。！？；!?;…][^。！？；!?;…\s]|\d[、.．]")
_ENUM = frozenset("0123456789１２３４５６７８９")


def _lines_matching(pattern: re.Pattern, texts: Sequence[str]) -> list[int]:
    """Indices of the texts where ``pattern`` matches, found in one pass over the joined texts."""
    if not texts:
        return []
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    hits = [m.start() for m in pattern.finditer("\n".join(texts))]
    return sorted(set(np.searchsorted(starts, hits, side="right") - 1)) if hits else []


_ENUM_SEP = frozenset(("、", ".", "．"))


def _clauses_many(token_lists: list[list[str]]) -> tuple[np.ndarray, list]:
    """:func:`_split_clauses` for many answers at once: (answer index of each clause, clause tokens)."""
    flat = list(chain.from_iterable(token_lists))
    if not flat:
        return np.zeros(0, np.int64), []
    n = len(flat)
    lens = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    owner = np.repeat(np.arange(len(token_lists)), lens)
    end = np.fromiter(map(_CLAUSE_END.__contains__, flat), dtype=bool, count=n)
    digit = np.fromiter(map(str.isdigit, flat), dtype=bool, count=n)
    sep = np.fromiter(map(_ENUM_SEP.__contains__, flat), dtype=bool, count=n)
    enum_sep = sep & np.r_[False, digit[:-1]] & np.r_[False, owner[1:] == owner[:-1]]
    drop = end | enum_sep | (digit & np.r_[enum_sep[1:], False])
    new = np.r_[True, owner[1:] != owner[:-1]] | np.r_[False, drop[:-1]]  # a clause starts after a drop
    clause = np.cumsum(new)
    keep = np.flatnonzero(~drop)
    if not len(keep):
        return np.zeros(0, np.int64), []
    cid = clause[keep]
    cuts = np.flatnonzero(np.diff(cid)) + 1
    tokens = np.empty(n, dtype=object)
    tokens[:] = flat
    parts = np.split(tokens[keep], cuts)  # object arrays: iterate and join like lists, built without a Python loop
    return owner[keep[np.r_[0, cuts]]], parts


def _split_clauses(tokens: Sequence[str]) -> list[list[str]]:
    """Clauses of a tokenised answer: split at sentence ends and at enumerations (1、 2．)."""
    parts: list[list[str]] = []
    cur: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in _CLAUSE_END or (tok in ("、", ".", "．") and cur and cur[-1] in _ENUM):
            if tok in ("、", ".", "．"):
                cur.pop()
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(tok)
    if cur:
        parts.append(cur)
    return parts


_PUNCT_CPS = np.array(sorted({*map(ord, "，。！？；：、“”‘’（）《》【】［］〔〕…—～·,.!?;:'\"()[]{}<>/\\|-_+=*&^%$#@`~ \t\n")}), dtype=np.int64)
_CP = 0x110000  # code points; a bigram code is first * _CP + second


def _bigram_codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) of every character bigram of every text, punctuation and spaces dropped.

    Done on the code points of all texts at once, so the cost is a few numpy passes
    rather than a Python loop per character.
    """
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cp = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    sep = cp == 0
    row = np.cumsum(sep)
    keep = ~np.isin(cp, _PUNCT_CPS) & ~sep
    cp, row = cp[keep], row[keep]
    same = row[1:] == row[:-1]
    return row[:-1][same], (cp[:-1] * _CP + cp[1:])[same]


@dataclass
class TopicModel:
    """TF-IDF over tokens and character bigrams + one-vs-rest logistic regression.

    The fitted state is plain arrays (picklable, fast to apply): a token vocabulary,
    the sorted codes of known bigrams, IDF (sklearn's smooth IDF), coefficients.
    TF is sublinear (1 + log count) and rows are l2-normalised, as sklearn's
    ``TfidfVectorizer(sublinear_tf=True)``.
    """

    C: float = 4.0
    min_df: int = 2
    token_vocab_: dict[str, int] = field(default_factory=dict)
    bigrams_: np.ndarray | None = None
    idf_: np.ndarray | None = None
    coef_: np.ndarray | None = None  # topics × features
    intercept_: np.ndarray | None = None

    def _counts(self, texts: list[str], token_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        vocab, codes = self.token_vocab_, self.bigrams_
        nt = len(vocab)
        n = len(token_lists)
        lens = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        # one C-level pass over all tokens: vocab.get(token, -1)
        flat = np.fromiter(map(vocab.get, chain.from_iterable(token_lists), repeat(-1)), dtype=np.int64, count=int(lens.sum()))
        known = flat >= 0
        t_rows = np.repeat(np.arange(n, dtype=np.int64), lens)[known]
        t_cols = flat[known]
        b_rows, b_codes = _bigram_codes(list(texts))
        pos = self._bigram_index.get_indexer(b_codes)  # a hash lookup: ~4× faster than searchsorted here
        hit = pos >= 0
        rows = np.concatenate([t_rows, b_rows[hit]])
        cols = np.concatenate([t_cols, nt + pos[hit]])
        X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, nt + len(codes)))
        X.sum_duplicates()
        return X

    @property
    def _bigram_index(self):
        import pandas as pd

        idx = self.__dict__.get("_bigram_index_")
        if idx is None:
            idx = self.__dict__["_bigram_index_"] = pd.Index(self.bigrams_)
        return idx

    def _tfidf(self, X: sp.csr_matrix) -> sp.csr_matrix:
        X = X.copy()
        X.data = (1.0 + np.log(X.data)) * self.idf_[X.indices]
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ X)

    def fit(self, texts: list[str], token_lists: list[list[str]], Y: np.ndarray) -> "TopicModel":
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        df: dict[str, int] = {}
        for toks in token_lists:
            for t in set(toks):
                if t.translate(_PUNCT):
                    df[t] = df.get(t, 0) + 1
        self.token_vocab_ = {t: i for i, t in enumerate(sorted(t for t, c in df.items() if c >= self.min_df))}
        rows, codes = _bigram_codes(texts)
        pairs = np.unique(np.stack([rows, codes]), axis=1)  # document frequency: one per (row, code)
        uniq, cnt = np.unique(pairs[1], return_counts=True)
        self.bigrams_ = uniq[cnt >= self.min_df]
        self.__dict__.pop("_bigram_index_", None)  # built lazily from bigrams_
        X = self._counts(texts, token_lists)
        n = X.shape[0]
        dfs = np.bincount(X.indices, minlength=X.shape[1])
        self.idf_ = np.log((1 + n) / (1 + dfs)) + 1.0
        clf = OneVsRestClassifier(LogisticRegression(C=self.C, solver="liblinear", max_iter=1000, random_state=0))
        clf.fit(self._tfidf(X), Y)
        F = X.shape[1]
        self.coef_ = np.vstack([e.coef_.ravel() if hasattr(e, "coef_") else np.zeros(F) for e in clf.estimators_])
        self.intercept_ = np.array([float(e.intercept_[0]) if hasattr(e, "intercept_") else -30.0 for e in clf.estimators_])
        return self

    def proba_of_counts(self, X: sp.csr_matrix) -> np.ndarray:
        z = np.asarray(self._tfidf(X) @ self.coef_.T) + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_proba(self, texts: list[str], token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        return self.proba_of_counts(self._counts(texts, token_lists))


@dataclass
class TopicClassifier:
    """Rules + model + the combination rule; see the module docstring."""

    lexicon: Lexicon
    model: TopicModel | None = None
    threshold: float = 0.5
    fallback: float = 0.3
    combine: Combine = "union"
    n_training: int = 0
    #: also score each clause alone and keep the higher probability: in a long answer listing
    #: several problems each one is diluted by the others
    clauses: bool = True

    def __post_init__(self):
        self.rules = TopicRules(self.lexicon)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("rules", None)  # its memo can be large; rebuilt on unpickling
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.rules = TopicRules(self.lexicon)

    def _model_proba(self, texts: list[str], token_lists: list[list[str]]) -> np.ndarray:
        """Model probabilities of each answer; with ``clauses``, the maximum over the whole answer and its clauses."""
        proba = self.model.predict_proba(texts, token_lists)
        if not self.clauses:
            return proba
        multi = _lines_matching(_INNER_END, texts)
        owner, c_tokens = _clauses_many([token_lists[i] for i in multi])
        if len(owner):
            c_texts = ["".join(part) for part in c_tokens]
            np.maximum.at(proba, np.asarray(multi)[owner], self.model.predict_proba(c_texts, c_tokens))
        return proba

    def masks(self, texts: list[str], token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rule, model and combined topic masks (int64) of analysis texts and their tokens."""
        n = len(texts)
        rule = self.rules.masks(token_lists)
        if self.model is None or self.combine == "rules" or n == 0:
            return rule, np.zeros(n, np.int64), rule.copy()
        proba = self._model_proba(texts, token_lists)
        bits = np.left_shift(np.int64(1), np.arange(proba.shape[1], dtype=np.int64))
        model = (proba >= self.threshold) @ bits
        if self.combine == "model":
            final = model.copy()
        else:
            final = rule | model
        empty = final == 0
        if empty.any():
            best = proba.argmax(axis=1)
            take = empty & (proba[np.arange(n), best] >= self.fallback)
            final[take] = bits[best[take]]
        return rule, model.astype(np.int64), final.astype(np.int64)
