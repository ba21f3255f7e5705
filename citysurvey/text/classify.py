"""Topics of a suggestion: a lexicon rule layer and a learned model, combined.

Rule layer: a topic is found when a lexicon term (after the typo map) is a token,
lies inside a token (公交 in 公交车站) or spans two or three adjacent tokens.

Model: TF-IDF over word tokens, single characters and character bigrams (raw
TF, rows scaled to unit length), one logistic regression per topic (one-vs-rest), one
more for answers about something other than the city (off-topic) and one for answers
that say nothing (non-answers), trained on generated sentences (:mod:`.training`) that
use wordings the lexicon lacks, generated off-topic sentences, and about 1,600 answers
written by people (the development sets). It catches paraphrases such as 车没地方停 or
爬不动楼; single characters (淹, 梯, 租) carry it to wordings no training sentence has.
A character bigram the model does not know is read as the known bigram with the same
toneless pinyin (电替 as 电梯, 拉鸡 as 垃圾): homophone typos of any word, not only of
the lexicon's terms; the syllable table is stored with the model. Each answer with
several clauses (split at sentence ends and enumerations 1、 2、) is scored as a whole
and clause by clause, and keeps the higher probability per topic: in a long answer
listing several problems each one is diluted by the others. Two more learned readers sit beside the
topic outputs, fitted on the same lines: :class:`OffTopicModel` (is the answer about the city at
all, from its character 1–3-grams) and :class:`FrameModel` (is a city term in it the city's, or set
in the resident's own world, from the words around the term).

Combination rule (``combine="union"``, the default): the topics are the rule's
topics plus every topic whose model probability is at least ``threshold``
(0.5); when that leaves none, the model's most probable topic is taken if its
probability is at least ``fallback`` (0.02). The primary topic is the model's most
probable topic (it joins the topics if the rule left it out). ``combine="rules"`` and
``combine="model"`` use one layer alone (for evaluation).

Accuracy: ``analysis/text_cv.py`` trains without one development set and scores on it
(the figures a new writer's answers can expect); ``analysis/text_eval.py`` scores the
shipped model, which has seen every development set. Before the written answers were
added, macro-F1 on the older held-out set was 0.80 (rules alone 0.18, model alone 0.76).
Reading unknown bigrams by sound was chosen over syllable bigrams as features of their
own: those helped the blind-written held-out set 2 (+0.012 macro-F1) and cost the older
sets up to 0.017 in cross-validation.

How it is fast: a batch is one newline-joined string and the segmenter's flat
token stream of it (whitespace and newlines included, so token offsets are
character offsets). Every distinct token is looked up once per process in a
token table (rule mask, term-prefix flag, model feature, clause role), so the
per-token work is a dictionary pass and numpy indexing; terms across tokens are
looked up once per distinct pair or triple of tokens. The rules stay on token
boundaries rather than a regex over the raw text, which would find 人才 in
别人才不管 and 学位 in 大学位于. Characters and bigrams are read from the code
points of the whole batch with numpy and looked up in dense tables; the model's
scores come from one sparse product with IDF folded into the coefficients.
Topics are carried as bit masks (bit i = ``lexicon.topics[i]``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice, repeat
from typing import Literal, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .lexicon import Lexicon

Combine = Literal["union", "rules", "model"]

_PUNCT_CHARS = "，。！？；：、“”‘’（）《》【】［］〔〕…—～·,.!?;:'\"()[]{}<>/\\|-_+=*&^%$#@`~ \t\n\u3000"
_PUNCT = {ord(c): None for c in _PUNCT_CHARS}
_IS_PUNCT = np.zeros(0x10000, dtype=bool)  # code point → punctuation or space (not a character feature)
_IS_PUNCT[[ord(c) for c in _PUNCT_CHARS]] = True
_CLAUSE_END = frozenset("。！？；!?;…\n") | frozenset(["。。。", "……", "！！", "？？"])
_ENUM_SEP = frozenset(("、", ".", "．"))
_NO_VOCAB: dict[str, int] = {}
_TABLE_LIMIT = 2_000_000  # distinct tokens remembered per process before the table starts afresh


def _code_points(big: str) -> np.ndarray:
    return np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)


def _content(cp: np.ndarray) -> np.ndarray:
    """True where a code point is a character feature (not punctuation, space or newline)."""
    return ~_IS_PUNCT[np.minimum(cp, 0xFFFF)] | (cp > 0xFFFF)


@dataclass
class Stream:
    """A batch of lines as the segmenter gives it: the newline-joined text and its tokens.

    ``tokens`` concatenate to ``big`` exactly (whitespace and newline tokens included),
    so a token's offset in the stream is its character offset in the text.
    """

    big: str
    tokens: list[str]
    n_lines: int = -1  # −1: one line per newline-separated part of ``big`` (none when both are empty)

    def __post_init__(self):
        if self.n_lines < 0:
            self.n_lines = self.big.count("\n") + 1 if (self.big or self.tokens) else 0

    @classmethod
    def from_token_lists(cls, token_lists: Sequence[Sequence[str]]) -> "Stream":
        """A stream from per-line token lists (without whitespace tokens; characters come from the tokens)."""
        tokens: list[str] = []
        for i, toks in enumerate(token_lists):
            if i:
                tokens.append("\n")
            tokens.extend(toks)
        return cls("".join(tokens), tokens, len(token_lists))


class TopicRules:
    """Lexicon terms → topic masks, looked up per distinct token (remembered per process)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.term_mask = {term: lexicon.mask_of(topics) for term, topics in lexicon.term_topics.items()}
        from .variants import variant_terms

        for variant, term in variant_terms(lexicon).items():  # homophone typos read as their term (公圆 → 公园)
            self.term_mask[variant] = self.term_mask[term]
        self._prefixes = {t[:i] for t in self.term_mask for i in range(1, len(t))}
        self._by_len = sorted({len(t) for t in self.term_mask})

    def token_mask(self, tok: str) -> int:
        """Topics of every term that is a substring of the token."""
        m = 0
        n = len(tok)
        for k in self._by_len:
            if k > n:
                break
            for i in range(n - k + 1):
                m |= self.term_mask.get(tok[i:i + k], 0)
        return m

    def is_prefix(self, tok: str) -> bool:
        return tok in self._prefixes

    def mask(self, tokens: Sequence[str]) -> int:
        return int(self.masks([list(tokens)])[0])

    def masks(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Topic mask of each token list."""
        s = Stream.from_token_lists(token_lists)
        table = TokenTable(self)
        return self.masks_of(table.view(s), table)

    def masks_of(self, v: "StreamView", table: "TokenTable") -> np.ndarray:
        """Topic mask per line of a stream view: in-token terms, then terms across 2–3 adjacent tokens."""
        out = np.zeros(v.n_lines, dtype=np.int64)
        ids, line = v.ids, v.line
        if not len(ids):
            return out
        tm = table.mask[ids].copy()
        same = line[1:] == line[:-1]
        starts = np.flatnonzero(table.prefix[ids[:-1]] & same)
        if len(starts):
            tm[starts] |= self._across(ids, starts, same, table)
        nz = np.flatnonzero(tm)
        if len(nz):
            np.bitwise_or.at(out, line[nz], tm[nz])
        return out

    def _across(self, ids: np.ndarray, starts: np.ndarray, same: np.ndarray, table: "TokenTable") -> np.ndarray:
        """Masks of terms that are the concatenation of the token at each start and the next one or two.

        Each distinct pair (and triple) of tokens is looked up once, in one pass over them; the occurrences take
        their masks by numpy indexing (a pair repeats about ten times in a batch of answers)."""
        words = table.words
        key = ids[starts].astype(np.int64) << 32 | ids[starts + 1]
        inv, uniq = pd.factorize(key, sort=False)  # a hash pass: several times faster than np.unique's sort
        twos = [words[k >> 32] + words[k & 0xFFFFFFFF] for k in uniq.tolist()]
        m = np.fromiter(map(self.term_mask.get, twos, repeat(0)), np.int64, len(twos))[inv]
        # three tokens: only where the first two are themselves a term prefix and a third follows on the line
        ok = np.fromiter(map(self._prefixes.__contains__, twos), bool, len(twos))[inv] & (starts + 2 < len(ids))
        ok[ok] = same[starts[ok] + 1]
        at = starts[ok]
        if len(at):
            tri, tinv = np.unique(np.stack([ids[at], ids[at + 1], ids[at + 2]], axis=1), axis=0, return_inverse=True)
            threes = [words[a] + words[b] + words[c] for a, b, c in tri.tolist()]
            m[ok] |= np.fromiter(map(self.term_mask.get, threes, repeat(0)), np.int64, len(threes))[tinv.reshape(-1)]
        return m


@dataclass
class StreamView:
    """The non-whitespace tokens of a stream as token-table ids, with their line and position."""

    ids: np.ndarray  # token-table id of each non-whitespace token
    line: np.ndarray  # its line
    pos: np.ndarray  # its index in the full stream
    n_lines: int
    all_ids: np.ndarray  # ids of every token of the stream, whitespace included


class _Numbering(dict):
    """Token → id; a token not in it yet gets the next id when it is looked up (the table's columns follow)."""

    def __missing__(self, token: str) -> int:
        i = self[token] = len(self)
        return i


class TokenTable:
    """Per distinct token, once per process: rule mask, term-prefix flag, model feature, clause role, length."""

    def __init__(self, rules: TopicRules | None, vocab: dict[str, int] | None = None):
        self.rules = rules
        self.vocab = _NO_VOCAB if vocab is None else vocab
        self.index = _Numbering()
        self.words: list[str] = []
        self.mask = np.zeros(0, np.int64)
        self.prefix = np.zeros(0, bool)
        self.feature = np.zeros(0, np.int64)  # model column of the token, −1 if none
        self.space = np.zeros(0, bool)
        self.newline = np.zeros(0, bool)
        self.end = np.zeros(0, bool)  # ends a clause
        self.digit = np.zeros(0, bool)
        self.sep = np.zeros(0, bool)  # 、 . ． (an enumeration after a number)
        self.length = np.zeros(0, np.int64)

    def _add(self, words: list[str]) -> None:
        """The columns of ``words``, which :attr:`index` has just numbered (from ``len(self.words)`` on)."""
        self.words.extend(words)
        r, v = self.rules, self.vocab
        cat = np.concatenate
        if r is None:
            self.mask = cat([self.mask, np.zeros(len(words), np.int64)])
            self.prefix = cat([self.prefix, np.zeros(len(words), bool)])
        else:
            self.mask = cat([self.mask, np.fromiter(map(r.token_mask, words), np.int64, len(words))])
            self.prefix = cat([self.prefix, np.fromiter(map(r.is_prefix, words), bool, len(words))])
        self.feature = cat([self.feature, np.fromiter(map(v.get, words, repeat(-1)), np.int64, len(words))])
        self.space = cat([self.space, np.fromiter(map(str.isspace, words), bool, len(words))])
        self.newline = cat([self.newline, np.array(["\n" in w for w in words], dtype=bool)])
        self.end = cat([self.end, np.fromiter(map(_CLAUSE_END.__contains__, words), bool, len(words))])
        self.digit = cat([self.digit, np.fromiter(map(str.isdigit, words), bool, len(words))])
        self.sep = cat([self.sep, np.fromiter(map(_ENUM_SEP.__contains__, words), bool, len(words))])
        self.length = cat([self.length, np.fromiter(map(len, words), np.int64, len(words))])

    def ids(self, tokens: list[str]) -> np.ndarray:
        if len(self.index) > _TABLE_LIMIT:
            self.__init__(self.rules, self.vocab)
        # one pass: a token not in the table yet is numbered as it is met (in order of first appearance)
        ids = np.fromiter(map(self.index.__getitem__, tokens), np.int64, len(tokens))
        if len(self.index) > len(self.words):
            self._add(list(islice(self.index, len(self.words), None)))
        return ids

    def view(self, s: Stream) -> StreamView:
        all_ids = self.ids(s.tokens)
        line_all = np.cumsum(self.newline[all_ids]) - self.newline[all_ids]
        pos = np.flatnonzero(~self.space[all_ids])
        return StreamView(all_ids[pos], line_all[pos], pos, s.n_lines, all_ids)


def _csr_entries(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int], dtype=np.float32) -> sp.csr_matrix:
    """One entry of value 1 per (row, column) pair, as CSR with the entries of a row in input order.

    Repeated pairs stay separate entries (a matrix product adds them up), so no sort
    is needed: scipy's ``coo_tocsr``, called directly, is a single counting pass.
    """
    M, N = shape
    idx = np.int32 if max(M, N, len(rows)) < 2**31 - 1 else np.int64
    try:
        from scipy.sparse import _sparsetools as st
    except ImportError:  # pragma: no cover - a scipy without the private module
        order = np.argsort(rows, kind="stable")
        indptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=M))].astype(idx)
        return sp.csr_matrix((np.ones(len(rows), dtype), cols[order].astype(idx), indptr), shape=shape)
    indptr = np.empty(M + 1, idx)
    indices = np.empty(len(rows), idx)
    data = np.empty(len(rows), dtype)
    st.coo_tocsr(M, N, len(rows), rows.astype(idx, copy=False), cols.astype(idx, copy=False), np.ones(len(rows), dtype),
                 indptr, indices, data)
    return sp.csr_matrix((data, indices, indptr), shape=shape)


def clause_rows(v: StreamView, table: TokenTable) -> tuple[np.ndarray, np.ndarray]:
    """Clauses of the lines that have at least two: (clause row of each token of ``v``, −1 if none; owner line per row).

    A clause ends at a sentence end (。！？；…) and before an enumeration (1、 2．);
    the end marks and the enumeration numbers belong to no clause.
    """
    ids, line = v.ids, v.line
    n = len(ids)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    same_prev = np.r_[False, line[1:] == line[:-1]]
    digit = table.digit[ids]
    enum_sep = table.sep[ids] & np.r_[False, digit[:-1]] & same_prev
    drop = table.end[ids] | enum_sep | (digit & np.r_[enum_sep[1:], False])
    new = ~same_prev | np.r_[False, drop[:-1]]
    clause = np.cumsum(new) - 1
    keep = ~drop
    # clauses with at least one kept token (ids ascend, so unique = where they change), and their lines
    kc = clause[keep]
    kept_clause = kc[np.r_[True, kc[1:] != kc[:-1]]] if len(kc) else kc
    owner = line[np.searchsorted(clause, kept_clause)]
    per_line = np.bincount(owner, minlength=v.n_lines)
    multi = per_line[owner] >= 2
    row_of_clause = np.full(int(clause[-1]) + 1, -1, np.int64)
    row_of_clause[kept_clause[multi]] = np.arange(int(multi.sum()))
    rows = np.where(keep, row_of_clause[clause], -1)
    return rows, owner[multi]


@dataclass
class TopicModel:
    """TF-IDF over word tokens, characters and character bigrams + one-vs-rest logistic regression.

    The fitted state is plain arrays (picklable, fast to apply): a token vocabulary,
    the character vocabulary, the known bigrams as pairs of character indices, IDF
    (sklearn's smooth IDF), coefficients. TF is the raw count and rows are scaled to
    unit length (see :meth:`_tfidf`).
    """

    C: float = 10.0
    min_df: int = 2
    pinyin: bool = True  # read unknown character bigrams by their sound (see ``syllables_``)
    token_vocab_: dict[str, int] = field(default_factory=dict)
    chars_: np.ndarray | None = None  # code points of the character features, sorted
    bigrams_: np.ndarray | None = None  # bigram features as first_index * len(chars_) + second_index, sorted
    idf_: np.ndarray | None = None
    coef_: np.ndarray | None = None  # topics × features
    intercept_: np.ndarray | None = None
    #: code point → toneless pinyin syllable id (0: none) for the CJK block; the sounds of known bigrams
    #: (first * n_syllables + second, sorted) and the bigram feature each stands for (the one with that sound
    #: most frequent in training). A bigram the model does not know is read as the known one that sounds the
    #: same: 电题 as 电梯 (dian ti), 拉鸡 as 垃圾 (la ji). Bigrams it knows are left alone.
    syllables_: np.ndarray | None = None
    sound_keys_: np.ndarray | None = None
    sound_bigrams_: np.ndarray | None = None
    #: the second opinion on off-topic answers, fitted on the same lines (see :class:`OffTopicModel`)
    gate_: "OffTopicModel | None" = None
    #: whose thing a city term is about, read from the words around it (see :class:`FrameModel`)
    frame_: "FrameModel | None" = None

    def __getstate__(self):
        state = self.__dict__.copy()
        for k in ("_char_table_", "_bigram_table_", "_coef_t_", "_sound_table_"):
            state.pop(k, None)  # lookup tables are rebuilt lazily
        return state

    @property
    def n_features(self) -> int:
        return len(self.token_vocab_) + len(self.chars_) + len(self.bigrams_)

    def _sound_alike(self, cp: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position, bigram feature) of the unknown bigrams of two CJK characters that sound like a known one;
        ``known``: where a bigram starts that the model knows (those are not read by their sound)."""
        if self.sound_keys_ is None or not len(self.sound_keys_):
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        S = int(self.syllables_.max()) + 1
        t = self.__dict__.get("_sound_table_")
        if t is None:
            t = np.full(S * S, -1, np.int32)
            t[self.sound_keys_] = self.sound_bigrams_
            self.__dict__["_sound_table_"] = t
        sy = self.syllables_[np.minimum(cp, len(self.syllables_) - 1)].astype(np.int64)
        pair = np.flatnonzero((sy[:-1] > 0) & (sy[1:] > 0) & ~known)
        f = t[sy[pair] * S + sy[pair + 1]] if len(pair) else np.zeros(0, np.int32)
        hit = f >= 0
        return pair[hit], f[hit]

    def _tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Code point → character feature (−1: none; punctuation never is one), bigram code → bigram feature."""
        t = self.__dict__.get("_char_table_")
        if t is None:
            K = len(self.chars_)
            t = np.full(int(self.chars_.max()) + 2 if K else 1, -1, np.int32)  # the last entry: every higher code point
            t[self.chars_] = np.arange(K)
            b = np.full(K * K, -1, np.int32)
            b[self.bigrams_] = np.arange(len(self.bigrams_))
            self.__dict__["_char_table_"], self.__dict__["_bigram_table_"] = t, b
        return t, self.__dict__["_bigram_table_"]

    def counts(self, s: Stream, v: StreamView, table: TokenTable, clauses: bool = True) -> tuple[sp.csr_matrix, np.ndarray]:
        """Feature counts: one row per line, then (with ``clauses``) one per clause of lines with several.

        Returns the matrix and the owner line of each clause row.
        """
        n = v.n_lines
        nt = len(self.token_vocab_)
        char_t, bigram_t = self._tables()
        K = len(self.chars_)
        feat = table.feature[v.ids]
        known = feat >= 0
        rows = [v.line[known]]
        cols = [feat[known]]
        cp = _code_points(s.big)
        ci = char_t[np.minimum(cp, len(char_t) - 1)]  # −1 for punctuation, spaces, newlines and unknown characters
        cline = np.cumsum(cp == 10, dtype=np.int32) if len(cp) else np.zeros(0, np.int32)
        uni = np.flatnonzero(ci >= 0)
        rows.append(cline[uni])
        cols.append(nt + ci[uni])
        pair = np.flatnonzero((ci[:-1] >= 0) & (ci[1:] >= 0))
        bi = bigram_t[ci[pair] * K + ci[pair + 1]] if len(pair) else np.zeros(0, np.int32)
        hit = bi >= 0
        bpos, bi = pair[hit], bi[hit]
        if self.sound_keys_ is not None and len(cp) > 1:
            seen = np.zeros(len(cp) - 1, bool)
            seen[bpos] = True
            spos, sf = self._sound_alike(cp, seen)
            if len(spos):
                bpos, bi = np.concatenate([bpos, spos]), np.concatenate([bi, sf])
        rows.append(cline[bpos])
        cols.append(nt + K + bi)
        owner = np.zeros(0, np.int64)
        if clauses:
            crow, owner = clause_rows(v, table)
            if len(owner):
                # tokens of clause rows, then their characters: a character belongs to its token's clause
                t_in = known & (crow >= 0)
                rows.append(n + crow[t_in])
                cols.append(feat[t_in])
                full = np.full(len(v.all_ids), -1, np.int64)
                full[v.pos] = crow
                chrow = np.repeat(full, table.length[v.all_ids])  # clause row of every character
                u = uni[chrow[uni] >= 0]
                rows.append(n + chrow[u])
                cols.append(nt + ci[u])
                same = (chrow[bpos] >= 0) & (chrow[bpos] == chrow[bpos + 1])
                rows.append(n + chrow[bpos[same]])
                cols.append(nt + K + bi[same])
        F = nt + K + len(self.bigrams_)
        idx = np.int32 if n + len(owner) < 2**31 and F < 2**31 else np.int64
        r = np.concatenate([a.astype(idx, copy=False) for a in rows])
        c = np.concatenate([a.astype(idx, copy=False) for a in cols])
        return _csr_entries(r, c, (n + len(owner), F)), owner

    def _tfidf(self, X: sp.csr_matrix) -> sp.csr_matrix:
        """TF × IDF with rows scaled to unit length, in place (``X``: one entry per occurrence, see :meth:`counts`).

        TF is the raw count (repeated entries add up in a product) and a row is divided
        by √(Σ count·idf²): the l2 norm when no feature repeats, as in most short
        answers; computed from the entries as they are, with no sort.
        """
        X.data = d = self.idf_[X.indices]
        sq = np.zeros(X.shape[0])
        nnz_rows = np.flatnonzero(np.diff(X.indptr))
        if len(nnz_rows):
            sq[nnz_rows] = np.add.reduceat(d * d, X.indptr[nnz_rows])
        norms = np.sqrt(sq)
        norms[norms == 0] = 1.0
        d /= np.repeat(norms, np.diff(X.indptr))
        return X

    def fit(self, s: Stream, Y: np.ndarray, gate: int | None = None, rules: TopicRules | None = None) -> "TopicModel":
        """Fit on a stream of training lines and their 0/1 topic matrix (lines × topics); with ``gate``, also
        fit :attr:`gate_` on that column of ``Y`` (the off-topic output), and with ``rules`` too :attr:`frame_` (on
        the lines with a term of theirs)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        df: dict[str, int] = {}
        for toks in _token_lists(s):
            for t in set(toks):
                if t.translate(_PUNCT):
                    df[t] = df.get(t, 0) + 1
        self.token_vocab_ = {t: i for i, t in enumerate(sorted(t for t, c in df.items() if c >= self.min_df))}
        # characters and bigrams: document frequency over lines
        cp = _code_points(s.big).astype(np.int64)
        content = _content(cp)
        cline = np.cumsum(cp == 10)
        ch = np.unique(cline[content] * 0x110000 + cp[content]) % 0x110000
        cu, cc = np.unique(ch, return_counts=True)
        self.chars_ = cu[cc >= self.min_df]
        self.__dict__.pop("_char_table_", None)
        K = len(self.chars_)
        char_t = np.full(int(self.chars_.max()) + 2 if K else 1, -1, np.int64)
        char_t[self.chars_] = np.arange(K)
        ci = char_t[np.minimum(cp, len(char_t) - 1)]
        pair = np.flatnonzero((ci[:-1] >= 0) & (ci[1:] >= 0))
        key = np.unique(cline[pair] * (K * K) + ci[pair] * K + ci[pair + 1]) % (K * K)
        bu, bc = np.unique(key, return_counts=True)
        self.bigrams_ = bu[bc >= self.min_df]
        self.syllables_ = self.sound_keys_ = self.sound_bigrams_ = None
        self.__dict__.pop("_sound_table_", None)
        if self.pinyin and len(self.bigrams_):
            self.syllables_ = syllable_table()
            S = int(self.syllables_.max()) + 1
            first, second = self.chars_[self.bigrams_ // K], self.chars_[self.bigrams_ % K]
            s1 = self.syllables_[np.minimum(first, len(self.syllables_) - 1)].astype(np.int64)
            s2 = self.syllables_[np.minimum(second, len(self.syllables_) - 1)].astype(np.int64)
            ok = (s1 > 0) & (s2 > 0)
            sound = s1 * S + s2
            # per sound, the known bigram with the highest document frequency (ties: the first in code order)
            order = np.lexsort((-bc[bc >= self.min_df], sound))
            order = order[ok[order]]
            keys, first_of = np.unique(sound[order], return_index=True)
            self.sound_keys_, self.sound_bigrams_ = keys, order[first_of].astype(np.int32)
        table = TokenTable(None, self.token_vocab_)
        X, _ = self.counts(s, table.view(s), table, clauses=False)
        n = s.n_lines
        D = X.copy()
        D.sum_duplicates()  # document frequency: one per (line, feature)
        dfs = np.bincount(D.indices, minlength=X.shape[1])
        self.idf_ = np.log((1 + n) / (1 + dfs)) + 1.0
        # the dual problem has the same optimum and is solved about three times faster here
        # (sparse rows, about as many features as sentences)
        clf = OneVsRestClassifier(LogisticRegression(C=self.C, solver="liblinear", dual=True, max_iter=1000, random_state=0))
        Xw = self._tfidf(X)
        Xw.sum_duplicates()  # the same vectors, in the canonical form the solver expects
        clf.fit(Xw, Y)
        F = X.shape[1]
        self.coef_ = np.vstack([e.coef_.ravel() if hasattr(e, "coef_") else np.zeros(F) for e in clf.estimators_])
        self.intercept_ = np.array([float(e.intercept_[0]) if hasattr(e, "intercept_") else -30.0 for e in clf.estimators_])
        self.__dict__.pop("_coef_t_", None)
        self.gate_ = None if gate is None else OffTopicModel().fit(s.big, n, Y[:, gate])
        self.frame_ = None if gate is None or rules is None else FrameModel().fit(s, rules, Y[:, gate])
        return self

    def proba_of_counts(self, X: sp.csr_matrix) -> np.ndarray:
        """Probabilities of the rows of an occurrence matrix from :meth:`counts` (its values are not read).

        With IDF folded into the coefficients, one product gives every topic's score
        and the squared row length together: z = (X·[idf·coef | idf²]) scaled by the length.
        """
        V = self.__dict__.get("_coef_t_")
        if V is None:
            V = np.hstack([self.idf_[:, None] * self.coef_.T, (self.idf_ ** 2)[:, None]])
            V = self.__dict__["_coef_t_"] = np.ascontiguousarray(V, dtype=np.float32)  # as the entries of X
        X.data[:] = 1.0
        S = np.asarray(X @ V, dtype=np.float64)
        norms = np.sqrt(S[:, -1])
        norms[norms == 0] = 1.0
        z = S[:, :-1] / norms[:, None] + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_proba(self, texts: list[str], token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Probabilities of whole texts (no clause scoring), given their whitespace-free token lists."""
        s = Stream.from_token_lists(token_lists)
        table = TokenTable(None, self.token_vocab_)
        X, _ = self.counts(s, table.view(s), table, clauses=False)
        return self.proba_of_counts(X)


@dataclass
class _HashedLogit:
    """A logistic regression on hashed features, each row scaled by √(its number of features), so that fitting and
    scoring read the same vectors without a sort. The fitted state is the coefficients of the hashed features that
    occur in training (the rest are 0) and the intercept. Subclasses say which features and set ``C`` and ``bits``."""

    features_: np.ndarray | None = None  # hashed features with a coefficient, sorted
    weights_: np.ndarray | None = None  # their coefficients
    intercept_: float = 0.0

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_dense_", None)
        return state

    def _fit_rows(self, X: sp.csr_matrix, y: np.ndarray, rows: np.ndarray | None = None, class_weight=None) -> None:
        """Fit on the occurrence matrix ``X`` (one entry per feature occurrence) and 0/1 labels, on ``rows`` only."""
        from sklearn.linear_model import LogisticRegression

        k = np.diff(X.indptr).astype(np.float64)
        X.data = np.repeat(1.0 / np.sqrt(np.maximum(k, 1.0)), np.diff(X.indptr)).astype(np.float32)
        X.sum_duplicates()
        y = np.asarray(y, dtype=np.int8)
        if rows is not None:
            X, y = X[rows], y[rows]
        used = np.unique(X.indices)
        clf = LogisticRegression(C=self.C, solver="liblinear", dual=True, max_iter=1000, random_state=0,
                                 class_weight=class_weight)
        clf.fit(X[:, used], y)  # the solver sees only the hashed features that occur
        w = clf.coef_.ravel()
        keep = w != 0
        self.features_, self.weights_ = used[keep].astype(np.int32), w[keep].astype(np.float32)
        self.intercept_ = float(clf.intercept_[0])
        self.__dict__.pop("_dense_", None)

    def _dense(self) -> np.ndarray:
        """Every hashed feature's coefficient (0 for those not fitted), built on first use."""
        w = self.__dict__.get("_dense_")
        if w is None:
            w = self.__dict__["_dense_"] = np.zeros(1 << self.bits, np.float32)
            w[self.features_] = self.weights_
        return w


@dataclass
class OffTopicModel(_HashedLogit):
    r"""Is an answer about the city at all? One logistic regression on hashed character 1-, 2- and 3-grams.

    A second opinion beside the topic model's off-topic output: it reads no tokens and no topic terms, so a
    city word used about something else (城府, 围城, 垃圾 said of a boss) weighs only as much as the characters
    around it, and three-character runs (股票绿, 开绿灯, 没中签) carry what single characters and bigrams do
    not. N-grams never cross a line; punctuation and spaces are one boundary symbol inside an n-gram and no
    feature on their own. A row is scaled by √(its number of n-grams), so fitting and scoring read the same
    vectors without a sort. The fitted state is the coefficients of the hashed features that occur in
    training (the rest are 0) and the intercept.

    >>> m = OffTopicModel(C=1.0).fit("股票又跌了\n路灯坏了\n基金亏了\n垃圾没人收", 4, np.array([1, 0, 1, 0]))
    >>> (m.proba("股票跌了\n路灯不亮", 2) > 0.5).tolist()
    [True, False]
    """

    C: float = 4.0
    bits: int = 20

    def ngrams(self, big: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(line, hashed feature) of every n-gram occurrence of the newline-joined ``big``, per order."""
        cp = _code_points(big)
        if not len(cp):
            return [], []
        nl = cp == 10
        line = np.cumsum(nl, dtype=np.int32) - nl
        content = _content(cp)
        sym = np.where(content, cp, np.uint32(0x20))  # every punctuation mark and space reads as one boundary
        shift = np.uint32(32 - self.bits)
        lines, feats = [], []
        uni = np.flatnonzero(content)
        lines.append(line[uni])
        feats.append((sym[uni] * np.uint32(0x9E3779B1)) >> shift)
        for k, seed in ((2, 0x85EBCA77), (3, 0xC2B2AE3D)):
            m = len(cp) - k + 1
            if m <= 0:
                break
            ok = ~nl[:m]
            anyc = content[:m].copy()
            h = sym[:m] * np.uint32(seed)
            for j in range(1, k):
                ok &= ~nl[j:j + m]
                anyc |= content[j:j + m]
                h = (h ^ sym[j:j + m]) * np.uint32(0x27D4EB2F)
            pos = np.flatnonzero(ok & anyc)
            lines.append(line[pos])
            feats.append(h[pos] >> shift)
        return lines, feats

    def counts(self, big: str, n: int) -> sp.csr_matrix:
        """One entry per n-gram occurrence (value 1), one row per line of the newline-joined ``big``."""
        lines, feats = self.ngrams(big)
        if not lines:
            return sp.csr_matrix((n, 1 << self.bits), dtype=np.float32)
        return _csr_entries(np.concatenate(lines), np.concatenate(feats), (n, 1 << self.bits))

    def fit(self, big: str, n: int, y: np.ndarray) -> "OffTopicModel":
        """Fit on ``n`` newline-joined lines and their 0/1 labels (1: off-topic or says nothing)."""
        self._fit_rows(self.counts(big, n), y)
        return self

    def proba(self, big: str, n: int) -> np.ndarray:
        """Probability that each line of the newline-joined ``big`` is off-topic (or says nothing)."""
        w = self._dense()
        # summed per line straight from the n-grams: no matrix is built
        z, k = np.zeros(n), np.zeros(n)
        for line, feat in zip(*self.ngrams(big)):
            z += np.bincount(line, weights=w[feat], minlength=n)
            k += np.bincount(line, minlength=n)
        z = z / np.sqrt(np.maximum(k, 1.0)) + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class FrameModel(_HashedLogit):
    r"""Whose thing is a city term? One logistic regression on hashed features of the words around each lexicon term.

    A city word is the city's unless the answer sets it in the resident's own world: 我的人生没有停车位, 游戏里我修的
    地铁, 我们公司的“物业”, 梦见小区停电了, 我家那口子就像个违建. What says so is next to the term: the word before it
    and the two words before that (我的, 游戏里, 公司的, 梦见), the word after it (一样, 似的: a simile), quotation marks
    around it (a borrowed name), and the words within :attr:`window` tokens either side on its line. Those are the
    features, hashed (:attr:`bits`), one set per term occurrence, learned from the same training lines as the topic
    model (the lines with a term; 1: off-topic), so that the reading comes from data rather than a list of frames. A
    line without a term gets probability 0: there is no city thing whose holder to read. Rows are scaled by √(their
    number of features), as :class:`OffTopicModel`'s.

    >>> from citysurvey.text.lexicon import load_lexicon
    >>> rules = TopicRules(load_lexicon())
    >>> lines = ["我的人生就像停车场", "小区停车场太小", "我的心情像停车场", "停车场收费太贵", "天气真好"]
    >>> s = Stream.from_token_lists([["我的", "人生", "就", "像", "停车场"], ["小区", "停车场", "太小"],
    ...                              ["我的", "心情", "像", "停车场"], ["停车场", "收费", "太贵"], ["天气", "真好"]])
    >>> m = FrameModel(C=10.0).fit(s, rules, np.array([1, 0, 1, 0, 1]))
    >>> p = m.proba(s, rules); bool(p[0] > 0.5 > p[1]), float(p[4])
    (True, 0.0)
    """

    C: float = 1.0
    bits: int = 18
    window: int = 3

    def features(self, v: StreamView, table: TokenTable, lines: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(line, hashed feature) of every feature of the terms of ``v`` (of the lines where ``lines`` is True)."""
        from zlib import crc32

        sel = np.flatnonzero(lines[v.line]) if lines is not None else np.arange(len(v.ids))
        ids, line = v.ids[sel], v.line[sel]
        none = np.zeros(0, np.int64), np.zeros(0, np.uint32)
        if not (table.mask[ids] != 0).any():
            return none
        near, inv = np.unique(ids, return_inverse=True)
        words = [table.words[i] for i in near.tolist()]
        code = np.fromiter((crc32(w.encode("utf-8")) for w in words), np.uint32, len(words))[inv]
        punct = np.fromiter((not w.translate(_PUNCT) for w in words), bool, len(words))[inv]
        quote = np.fromiter((w in _QUOTES for w in words), bool, len(words))[inv]
        # a part of a line: the words between two punctuation marks; its first words say whose thing it is about
        part = np.cumsum(punct | np.r_[True, line[1:] != line[:-1]])
        quoted = np.r_[False, quote[:-1]]  # the term right after an opening quotation mark
        keep = np.flatnonzero(~punct)  # the window counts words, not marks
        ids, line, code, part, quoted = ids[keep], line[keep], code[keep], part[keep], quoted[keep]
        t = np.flatnonzero(table.mask[ids] != 0)
        if not len(t):
            return none
        n, W = len(ids), self.window
        J = t[:, None] + np.arange(-W, W + 1)
        ok = (J >= 0) & (J < n)
        J = np.clip(J, 0, n - 1)
        ok &= line[J] == line[t][:, None]
        h = code[J]
        rows, feats = [], []

        def add(where: np.ndarray, value: np.ndarray, seed: int) -> None:
            rows.append(np.broadcast_to(line[t][:, None], where.shape)[where])
            feats.append(((value ^ np.uint32(seed)) * np.uint32(0x9E3779B1))[where])

        c = W  # column of the term itself
        for d, seed in ((-1, 0x1B873593), (-2, 0x5BD1E995), (1, 0xCC9E2D51)):  # the word right before, two before, after
            add(ok[:, c + d:c + d + 1], h[:, c + d:c + d + 1], seed)
        both = ok[:, c - 2:c - 1] & ok[:, c - 1:c]  # the two words before, as a pair
        add(both, (h[:, c - 2:c - 1] * np.uint32(0x27D4EB2F)) ^ h[:, c - 1:c], 0x165667B1)
        bag = ok.copy()
        bag[:, c] = False
        add(bag, h, 0x85EBCA77)  # the words around it, any side
        add(quoted[t][:, None], np.zeros((len(t), 1), np.uint32), 0x2545F491)  # in quotation marks: a borrowed name
        # the first word and the first two words of the term's part and of its line (the holder: 我的…, 冰箱里的…)
        first_part = np.searchsorted(part, part[t])
        first_line = np.searchsorted(line, line[t])
        for start, seed in ((first_part, 0x68E31DA4), (first_line, 0xB5297A4D)):
            lead = start < t
            add(lead[:, None], code[start][:, None], seed)
            two = lead & (start + 1 < t) & (part[np.minimum(start + 1, n - 1)] == part[start])
            add(two[:, None], ((code[start] * np.uint32(0x27D4EB2F)) ^ code[np.minimum(start + 1, n - 1)])[:, None],
                seed ^ 0x1B56C4E9)
        shift = np.uint32(32 - self.bits)
        return np.concatenate(rows), np.concatenate(feats) >> shift

    def fit(self, s: Stream, rules: TopicRules, y: np.ndarray) -> "FrameModel":
        """Fit on the lines of ``s`` with a term of ``rules`` and their 0/1 labels (1: off-topic)."""
        table = TokenTable(rules)
        line, feat = self.features(table.view(s), table)
        X = _csr_entries(line.astype(np.int64), feat.astype(np.int64), (s.n_lines, 1 << self.bits))
        # the classes weighed alike: few lines with a term are off-topic, and those are what the model is for
        self._fit_rows(X, y, rows=np.flatnonzero(np.diff(X.indptr) > 0), class_weight="balanced")
        return self

    def proba_view(self, v: StreamView, table: TokenTable, lines: np.ndarray | None = None) -> np.ndarray:
        """Probability that each line's city terms are set in the resident's own world (0 without a term, or
        where ``lines`` is False)."""
        w = self._dense()
        n = v.n_lines
        line, feat = self.features(v, table, lines)
        out = np.zeros(n)
        if len(line):
            k = np.bincount(line, minlength=n)
            z = np.bincount(line, weights=w[feat], minlength=n)
            has = k > 0
            out[has] = 1.0 / (1.0 + np.exp(-(z[has] / np.sqrt(k[has]) + self.intercept_)))
        return out

    def proba(self, s: Stream, rules: TopicRules) -> np.ndarray:
        """:meth:`proba_view` of a stream (a token table of its own)."""
        table = TokenTable(rules)
        return self.proba_view(table.view(s), table)


_QUOTES = frozenset("“”\"「」『』‘’'《》")

_CJK_END = 0xA000  # the syllable table covers code points below this (the CJK unified ideographs end at 0x9FFF)


def syllable_table() -> np.ndarray:
    """Code point → toneless pinyin syllable id (1 …; 0 for anything not a CJK character), from pypinyin
    (the ``textmodel`` extra; needed to train, not to apply: the table is stored with the model)."""
    from pypinyin import Style, lazy_pinyin

    cps = np.arange(0x4E00, _CJK_END)
    sounds = lazy_pinyin([chr(c) for c in cps], style=Style.NORMAL, errors=lambda x: [""] * len(x))
    ids: dict[str, int] = {}
    out = np.zeros(_CJK_END, np.uint16)
    for c, s in zip(cps.tolist(), sounds):
        if s and s.isascii() and s.isalpha():
            out[c] = ids.setdefault(s, len(ids) + 1)
    return out


def _lowest_bit(masks: np.ndarray) -> np.ndarray:
    """Index of the lowest set bit of each mask, −1 for 0."""
    low = masks & -masks
    out = np.full(len(masks), -1, np.int64)
    nz = low != 0
    out[nz] = np.log2(low[nz].astype(np.float64)).astype(np.int64)
    return out


def _token_lists(s: Stream) -> list[list[str]]:
    """Per line, its non-whitespace tokens."""
    out: list[list[str]] = [[]]
    for t in s.tokens:
        if t == "\n":
            out.append([])
        elif not t.isspace():
            out[-1].append(t)
    return out


@dataclass
class TopicClassifier:
    """Rules + model + the combination rule; see the module docstring."""

    lexicon: Lexicon
    model: TopicModel | None = None
    threshold: float = 0.5
    fallback: float = 0.05
    combine: Combine = "union"
    n_training: int = 0
    #: also score each clause alone and keep the higher probability (see the module docstring)
    clauses: bool = True
    #: the model's training manifest (see :mod:`.model`) and where it came from: shipped, cache or trained
    manifest: dict = field(default_factory=dict)
    model_source: str = ""

    def __post_init__(self):
        self.rules = TopicRules(self.lexicon)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("rules", None)  # its memo can be large; rebuilt on unpickling
        state.pop("_table", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.rules = TopicRules(self.lexicon)

    @property
    def table(self) -> TokenTable:
        """The token table of this process (built on first use; never pickled)."""
        vocab = self.model.token_vocab_ if self.model is not None else _NO_VOCAB
        t = self.__dict__.get("_table")
        if t is None or t.vocab is not vocab:
            t = self.__dict__["_table"] = TokenTable(self.rules, vocab)
        return t

    def masks_stream(self, s: Stream) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rule, model and combined topic masks (int64) of every line of a stream."""
        return self.classify_stream(s)[:3]

    def classify_stream(self, s: Stream, frame_share: float = float("inf")) -> tuple[np.ndarray, ...]:
        """Rule, model and combined topic masks of every line, its primary topic, the model's best topic
        probability, its probability that the answer is about something other than the city, its probability
        that the answer says nothing (0 for a model without those outputs), the off-topic probability of
        the model's :class:`OffTopicModel` (0 without one) and the probability of its :class:`FrameModel` that the
        line's city terms are the resident's own, read only where there is a term and the off-topic probability
        exceeds ``frame_share`` times the best topic's, where it could decide (0 elsewhere and without a frame model).

        The primary topic is the combined topic the model finds most probable: what the
        answer complains about, where a term of another topic used in passing (a rule hit
        the model gives little weight) is secondary. −1 for lines without a topic.
        """
        table = self.table
        v = table.view(s)
        n = v.n_lines
        rule = self.rules.masks_of(v, table)
        if self.model is None or self.combine == "rules" or n == 0:
            return (rule, np.zeros(n, np.int64), rule.copy(), _lowest_bit(rule), np.zeros(n), np.zeros(n), np.zeros(n),
                    np.zeros(n), np.zeros(n))
        X, owner = self.model.counts(s, v, table, clauses=self.clauses)
        proba_all = self.model.proba_of_counts(X)
        T = len(self.lexicon.topics)
        # outputs after the topics, read on the whole answer only (one clause of chit-chat does not make an
        # answer off-topic): "about something other than the city", then (2026.12-3 on) "says nothing"
        off = proba_all[:n, T].copy() if proba_all.shape[1] > T else np.zeros(n)
        non = proba_all[:n, T + 1].copy() if proba_all.shape[1] > T + 1 else np.zeros(n)
        proba_all = proba_all[:, :T]
        proba = proba_all[:n]
        if len(owner):
            first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # clause rows come grouped by line
            best = np.maximum.reduceat(proba_all[n:], first, axis=0)
            lines = owner[first]
            proba[lines] = np.maximum(proba[lines], best)
        bits = np.left_shift(np.int64(1), np.arange(proba.shape[1], dtype=np.int64))
        model = (proba >= self.threshold) @ bits
        final = model.copy() if self.combine == "model" else rule | model
        empty = final == 0
        if empty.any():
            top = proba.argmax(axis=1)
            take = empty & (proba[np.arange(n), top] >= self.fallback)
            final[take] = bits[top[take]]
        inside = ((final[:, None] & bits) != 0)
        # no head start for a topic the lexicon finds: a term used in passing or figuratively (堵成停车场)
        # would win; on the development set a bonus of 0.1 or 0.25 did worse than none
        # the primary topic: the most probable topic, any topic, not only the ones above the threshold: a term
        # of another topic used in passing (电梯坏了，物业说等配件) must not win because the lexicon names it
        # while the model's topic stays under 0.5; the primary topic joins the answer's topics. (Weighing each
        # topic by the probability of its level, from outputs trained on the primary topic's level, was tried
        # in cross-validation: +0.003 on one set, −0.019 on another; the topic outputs already read the level.)
        primary = np.where(final != 0, proba.argmax(axis=1), -1)
        final = np.where(final != 0, final | bits[np.maximum(primary, 0)], 0)
        gate = self.model.gate_.proba(s.big, n) if self.model.gate_ is not None else np.zeros(n)
        best = proba.max(axis=1)
        frame = np.zeros(n)
        if self.model.frame_ is not None:
            could = (off > frame_share * best) & (rule != 0)
            if could.any():
                frame = self.model.frame_.proba_view(v, table, could)
        return (rule, model.astype(np.int64), final.astype(np.int64), primary.astype(np.int64), best, off, non, gate,
                frame)

    def masks(self, texts: list[str], token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`masks_stream` for lines given as whitespace-free token lists (``texts`` is not read)."""
        return self.masks_stream(Stream.from_token_lists(token_lists))
