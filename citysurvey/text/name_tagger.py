"""A learned character tagger of personal names: a linear-chain CRF over B/I/O labels.

The rules of :mod:`.names` and the candidate model of :mod:`.name_model` read a name by its surname and a cue
written into them. A writer the rules were not written from names people in ways no list foresaw (办事员田甜,
跑步爱好者卓越, 叫我胡一刀就行). The tagger reads every character with its neighbours (characters and pairs two
either side), whether it is a surname, how common it is in given names against words (the name model's tables),
whether it and its neighbours make dictionary words, and labels each character as the begin (B), inside (I) or
outside (O) of a name.

It is trained by ``analysis/train_name_tagger.py`` (python-crfsuite, the ``namemodel`` extra) on the committed
redaction sets, with each labelled name swapped for random names so that the context is learned rather than the
names; the weights are shipped in ``data/name_tagger.json`` with the training manifest, and decoding (Viterbi,
then the forward-backward marginals of each span) is done here with numpy, so running it needs no extra package.
A span is taken only when every character's marginal reaches the shipped threshold; the name finder's guards
(famous figures, places, placeholders, words that are never names) then read it like any other candidate.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Callable

import numpy as np

LABELS = ("O", "B", "I")
#: bumped whenever :func:`char_features` changes, so weights trained on other features are refused
FEATURE_VERSION = 2


#: the padding either side of a text (three characters, all that a feature reads): start and end of text
START, END = "\x02", "\x03"
PAD = 3


def _kind(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    if c.isspace():
        return "S"
    if c == START:
        return "^"
    if c == END:
        return "$"
    return "P"


def _gbin(c: str, kind: str, given: dict[str, float]) -> str:
    return str(max(-4, min(6, round(given.get(c, -9.0))))) if kind == "H" else kind


#: dictionary-word features: (template, first character's offset, length) of the word through a character
_WORD_TEMPLATES = (("w2", 0, 2), ("w2l", -1, 2), ("w3", 0, 3), ("w3l", -2, 3), ("w3m", -1, 3))


def padded(text: str) -> str:
    return START * PAD + text + END * PAD


def char_features(text: str, surnames: frozenset[str], compounds: frozenset[str], given: dict[str, float],
                  freq: Callable[[str], int]) -> list[list[str]]:
    """The features of each character of ``text`` (strings; a weight per feature and label is learned): the
    characters two either side, the pairs and the triples around it, their kinds (Han, digit, letter…), the
    given-name table's log ratio of it and its neighbours, whether it or the one before is a surname, and the
    frequency bins of the dictionary words through it. The text is read as padded by :func:`padded`.

    >>> f = char_features("找王建国", frozenset("王"), frozenset(), {"建": 2.0}, lambda w: 0)
    >>> "sur" in f[1], "g=2" in f[2]
    (True, True)
    """
    P = padded(text)
    kinds = [_kind(c) for c in P]
    gb = [_gbin(c, k, given) for c, k in zip(P, kinds)]
    out = []
    for j in range(PAD, PAD + len(text)):
        c = P[j]
        f = ["c=" + c, "l1=" + P[j - 1], "r1=" + P[j + 1], "l2=" + P[j - 2], "r2=" + P[j + 2],
             "lb=" + P[j - 1:j + 1], "rb=" + P[j:j + 2], "llb=" + P[j - 2:j], "rrb=" + P[j + 1:j + 3],
             "lt=" + P[j - 3:j], "rt=" + P[j + 1:j + 4], "k=" + kinds[j] + kinds[j - 1] + kinds[j + 1],
             "g=" + gb[j], "gl=" + gb[j - 1], "gr=" + gb[j + 1]]
        if c in surnames:
            f.append("sur")
        if P[j:j + 2] in compounds:
            f.append("sur2")
        if P[j - 1] in surnames:
            f.append("surl")
        if kinds[j] == "H":
            for tag, off, ln in _WORD_TEMPLATES:
                w = P[j + off:j + off + ln]
                if _han(w):
                    k = freq(w)
                    if k:
                        f.append(f"{tag}={min(4, int(math.log10(k + 1)))}")
        out.append(f)
    return out


def _han(w: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in w)


def _key(s: str) -> int:
    k = 0
    for ch in s:
        k = (k << 21) | ord(ch)
    return k


class _Lookup:
    """Weights of one template's values, looked up for a whole array of keys at once."""

    def __init__(self, items: list[tuple[int, list[float]]]):
        items.sort()
        self.keys = np.array([k for k, _ in items] or [0], np.uint64)
        self.w = np.array([w for _, w in items] or [[0.0, 0.0, 0.0]], float)

    def __call__(self, q: np.ndarray) -> np.ndarray:
        idx = np.minimum(np.searchsorted(self.keys, q), len(self.keys) - 1)
        return np.where((self.keys[idx] == q)[:, None], self.w[idx], 0.0)


@lru_cache(maxsize=1)
def shipped() -> dict:
    """The shipped tagger (weights, threshold, manifest) from ``data/name_tagger.json``."""
    return json.loads(resources.files("citysurvey.text").joinpath("data/name_tagger.json").read_text(encoding="utf-8"))


#: one character at an offset; a pair and a triple of characters, by their offsets
_CHAR_TEMPLATES = {"c": 0, "l1": -1, "r1": 1, "l2": -2, "r2": 2}
_PAIR_TEMPLATES = {"lb": (-1, 0), "rb": (0, 1), "llb": (-2, -1), "rrb": (1, 2)}
_TRIPLE_TEMPLATES = ("lt", "rt")
#: a name never runs across these; the tagger decodes each clause alone
_CLAUSE_END = frozenset("，。！？!?；;,\n：:（）()")
#: a span that is a dictionary word this frequent is an everyday word, not a name
EVERYDAY = 100
#: a name in Latin letters, capitalised (Zhang Lei, Kevin Liu, ZHANG Wei)
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]*(?:[ ·.\-][A-Z]?[A-Za-z]+){0,3}")
#: the least a given-name character's log ratio (names over words, the name model's table) may be
GIVEN_FLOOR = -2.5
#: the least the first given-name character's may be (a name the rules miss has a name-like one: 田甜, 东方明)
FIRST_GIVEN = 1.0


class NameTagger:
    """Decodes the CRF of ``model`` (a dict as :func:`shipped` returns) over a text; :meth:`find` gives name spans.

    Only the clauses where a span it may take could begin are scored (numpy lookups of every feature) and decoded
    (Viterbi and forward-backward, a batch of clauses at once), so a text with no such clause costs a few array
    operations; :meth:`plausible` says which spans it may take.
    """

    def __init__(self, model: dict, surnames: frozenset[str], compounds: frozenset[str], given: dict[str, float],
                 words: dict[str, int]):
        if model.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"name tagger weights were trained on feature version {model.get('feature_version')}, "
                             f"this code reads version {FEATURE_VERSION}: retrain with analysis/train_name_tagger.py "
                             f"/ 姓名标注模型的特征版本不符，请重新训练")
        zero = [0.0, 0.0, 0.0]
        self.state = {k: np.asarray(v, float) for k, v in model["state"].items()}
        self.trans = np.asarray(model["transitions"], float)  # [from, to] over LABELS
        self.threshold = float(model["threshold"])
        self.surnames, self.compounds, self.given = surnames, compounds, given
        self.freq = lambda w: words.get(w, 0) or 0
        self._words = words
        by: dict[str, list] = {}
        for feat, w in model["state"].items():
            tpl, _, val = feat.partition("=")
            if tpl in _PAIR_TEMPLATES or tpl in _TRIPLE_TEMPLATES or tpl == "k":
                by.setdefault(tpl, []).append((_key(val), w))
        self._tables = {t: _Lookup(by.get(t, [])) for t in (*_PAIR_TEMPLATES, *_TRIPLE_TEMPLATES, "k")}
        self._compound_keys = np.array(sorted(_key(c) for c in compounds), np.uint64)
        self._zero = np.asarray(zero)
        self._word_rows = {t: [self._w(f"{t}={b}") for b in range(5)] for t, _, _ in _WORD_TEMPLATES}
        self._clause_codes = np.array(sorted(ord(c) for c in _CLAUSE_END), np.int64)
        self._tables_bmp = None

    def _w(self, feat: str) -> np.ndarray:
        return self.state.get(feat, self._zero)

    def base_scores(self, P: str) -> np.ndarray:
        """Per character of ``P[PAD:-PAD]`` and label, the weights of every feature but the dictionary words.

        ``P`` is a padded text (:func:`padded`) or padded pieces joined: every row reads only the three characters
        either side of it, so a piece's rows are as its own text would give them."""
        n = len(P) - 2 * PAD
        C = np.frombuffer(P.encode("utf-32-le"), np.uint32).astype(np.uint64)
        uniq, inv = np.unique(C, return_inverse=True)
        chars = [chr(int(u)) for u in uniq]
        S = np.zeros((n, 3))
        for tpl, off in _CHAR_TEMPLATES.items():
            rows = np.array([self._w(f"{tpl}={c}") for c in chars])
            S += rows[inv[PAD + off:PAD + off + n]]
        kinds = [_kind(c) for c in chars]
        K = np.array([ord(k) for k in kinds], np.uint64)[inv]
        s21, s42 = np.uint64(21), np.uint64(42)
        mid = slice(PAD, PAD + n)
        S += self._tables["k"]((K[mid] << s42) | (K[PAD - 1:PAD - 1 + n] << s21) | K[PAD + 1:PAD + 1 + n])
        gb = [_gbin(c, k, self.given) for c, k in zip(chars, kinds)]
        for tpl, off in (("g", 0), ("gl", -1), ("gr", 1)):
            S += np.array([self._w(f"{tpl}={b}") for b in gb])[inv[PAD + off:PAD + off + n]]
        sur = np.array([c in self.surnames for c in chars])[inv]
        S[sur[mid]] += self._w("sur")
        S[sur[PAD - 1:PAD - 1 + n]] += self._w("surl")
        for tpl, (a, b) in _PAIR_TEMPLATES.items():
            S += self._tables[tpl]((C[PAD + a:PAD + a + n] << s21) | C[PAD + b:PAD + b + n])
        S[np.isin((C[mid] << s21) | C[PAD + 1:PAD + 1 + n], self._compound_keys)] += self._w("sur2")
        S += self._tables["lt"]((C[PAD - 3:PAD - 3 + n] << s42) | (C[PAD - 2:PAD - 2 + n] << s21) | C[PAD - 1:PAD - 1 + n])
        S += self._tables["rt"]((C[PAD + 1:PAD + 1 + n] << s42) | (C[PAD + 2:PAD + 2 + n] << s21) | C[PAD + 3:PAD + 3 + n])
        return S


    def scores(self, text: str) -> np.ndarray:
        """Per character and label, the sum of the weights of the character's features (all of them)."""
        S = self.base_scores(padded(text))
        S += self._word_scores(text, np.arange(len(text)))
        return S

    def _word_scores(self, text: str, at: np.ndarray) -> np.ndarray:
        """The dictionary-word features' weights at the positions ``at`` (as :func:`char_features` reads them)."""
        n = len(text)
        T = np.frombuffer(text.encode("utf-32-le"), np.uint32)
        han = np.r_[(T >= 0x4E00) & (T <= 0x9FFF), False, False, False]
        out = np.zeros((len(at), 3))
        get = self._words.get
        for tpl, off, ln in _WORD_TEMPLATES:
            start = at + off
            ok = han[at] & (start >= 0) & (start + ln <= n)
            for j in range(ln):
                ok &= han[np.maximum(start + j, 0)]
            idx = np.flatnonzero(ok)
            if not len(idx):
                continue
            freq = np.array([get(text[a:a + ln]) or 0 for a in start[idx].tolist()], float)
            hit = freq > 0
            bins = np.minimum(4, np.floor(np.log10(freq[hit] + 1))).astype(int)
            out[idx[hit]] += np.array(self._word_rows[tpl])[bins]
        return out

    def _decode(self, S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Viterbi labels and marginals of a batch of clauses of one length: ``S`` is (clauses, length, 3).

        Forward-backward runs in probabilities rescaled at every step (each step's scores less their maximum,
        each forward vector summing to one), so the marginals are the products of the two vectors."""
        m, n, _ = S.shape
        t = self.trans
        back = np.zeros((m, n, 3), np.int8)
        v = S[:, 0].copy()
        for i in range(1, n):
            cand = v[:, :, None] + t
            back[:, i] = cand.argmax(1)
            v = cand.max(1) + S[:, i]
        path = np.zeros((m, n), np.int8)
        path[:, -1] = v.argmax(1)
        rows = np.arange(m)
        for i in range(n - 1, 0, -1):
            path[:, i - 1] = back[rows, i, path[:, i]]
        E = np.exp(t - t.max())
        X = np.exp(S - S.max(2, keepdims=True))
        fw = np.empty_like(S)
        c = np.empty((m, n))
        f = X[:, 0]
        for i in range(n):
            if i:
                f = (f @ E) * X[:, i]
            c[:, i] = f.sum(1)
            f = f / c[:, i, None]
            fw[:, i] = f
        bw = np.empty_like(S)
        b = np.ones((m, 3))
        bw[:, -1] = b
        for i in range(n - 2, -1, -1):
            b = ((X[:, i + 1] * b) @ E.T) / c[:, i + 1, None]
            bw[:, i] = b
        return path, fw * bw

    def plausible(self, text: str, a: int, b: int) -> bool:
        """A Han span is read as a name only when it could be one by its characters as well as by the tagger:

        - it starts with a surname that ends no word before it (绿水青山 holds no 水青山);
        - its given name is no title (潘先生, 陈先) nor an everyday noun (养鸽子) and holds no place word (文华路);
          its first character is common in given names (:data:`FIRST_GIVEN`) and its characters are, on average,
          at least as common in given names as in words (the name model's tables), none far rarer (游客多, 车也多,
          强制卖 stay);
        - it is no longer than a surname and three characters, and a span in Latin letters is a name written in
          them, capitalised (Zhang Lei, Kevin Liu);
        - it is no everyday word and names no place or public figure (仲恺路, 纪晓岚故居).

        The tagger reads characters in context and overreaches where the rules know better; these are the rules'
        own tests, in brief.
        """
        from .name_model import RIGHT_PLACE
        from .names import _TITLE_AT, FAMOUS, dict_tags

        w = text[a:b]
        if not _han(w):
            return _LATIN_NAME.fullmatch(w) is not None
        sl = 2 if w[:2] in self.compounds else 1 if w[0] in self.surnames else 0
        if not sl or (a and self.freq(text[a - 1:a + 1]) > 0) or _TITLE_AT.match(text, a + sl):
            return False
        g = [self.given.get(c, -9.0) for c in w[sl:]]
        if not g or len(g) > 3 or sum(g) < 0 or min(g) < GIVEN_FLOOR or g[0] < FIRST_GIVEN:
            return False
        if any(RIGHT_PLACE.match(text, k) for k in range(a + sl + 1, b)):
            return False  # 文华路: a place word inside the span
        if len(g) >= 2 and dict_tags().get(w[sl:]) == "n" and self.freq(w[sl:]) >= EVERYDAY * 2:
            return False  # 养鸽子: a verb's surname-like character before an everyday noun
        return self.freq(w) < EVERYDAY and not RIGHT_PLACE.match(text, b) and w not in FAMOUS

    def _spans(self, text: str, path: np.ndarray, p: np.ndarray, at: int) -> list[tuple[int, int]]:
        out, i, n = [], 0, len(path)
        while i < n:
            if path[i] != 1:
                i += 1
                continue
            j = i + 1
            while j < n and path[j] == 2:
                j += 1
            conf = min([p[i, 1]] + [p[k, 2] for k in range(i + 1, j)])
            if conf >= self.threshold and j - i >= 2 and self.plausible(text, at + i, at + j):
                out.append((at + i, at + j))
            i = j
        return out

    def _starts(self, T: np.ndarray) -> np.ndarray:
        """Where a span that :meth:`plausible` takes could begin: a surname (or compound surname) before one to
        three given-name characters none under :data:`GIVEN_FLOOR`, not negative on average, the first at least
        :data:`FIRST_GIVEN`, or a capital
        letter (Zhang Lei). Only the clauses holding one are decoded; the same test on the decoded span keeps
        the result what decoding every clause would give."""
        n = len(T)
        tab = self._char_tables()
        code = np.minimum(T, len(tab[0]) - 1)
        G = np.concatenate([tab[1][code], np.full(4, -9.0)])
        pair = np.zeros(n, np.uint64)
        pair[:-1] = (T[:-1].astype(np.uint64) << np.uint64(21)) | T[1:].astype(np.uint64)
        out = tab[2][code].copy()  # capital letters
        for sl, at in ((1, tab[0][code]), (2, np.isin(pair, self._compound_keys))):
            g1, g2, g3 = G[sl:n + sl], G[sl + 1:n + sl + 1], G[sl + 2:n + sl + 2]
            f = GIVEN_FLOOR
            ok = (g1 >= FIRST_GIVEN) & ((g1 >= 0) | ((np.minimum(g1, g2) >= f) & (g1 + g2 >= 0)) | (
                (np.minimum(np.minimum(g1, g2), g3) >= f) & (g1 + g2 + g3 >= 0)))
            out |= at & ok
        return out

    def _char_tables(self):
        """Per code point of the basic plane: is a surname, the given-name table's log ratio, is a capital letter."""
        if self._tables_bmp is None:
            size = 0x10000 + 1  # the last entry stands for every code point above the plane
            sur = np.zeros(size, bool)
            sur[[ord(c) for c in self.surnames if ord(c) < 0x10000]] = True
            g = np.full(size, -9.0)
            for c, v in self.given.items():
                if len(c) == 1 and ord(c) < 0x10000:
                    g[ord(c)] = v
            cap = np.zeros(size, bool)
            cap[ord("A"):ord("Z") + 1] = True
            self._tables_bmp = (sur, g, cap)
        return self._tables_bmp

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans labelled B I… whose every character's label has at least the threshold's marginal and that
        :meth:`plausible` takes, decoded clause by clause (a clause ends at the characters of ``_CLAUSE_END``).

        Only the clauses where such a span could begin (:meth:`_starts`) are scored and decoded, together, a
        batch per clause length; a newline ends a text for the features as for the clauses, so a batch of answers
        joined by newlines gives the spans of each answer alone.
        """
        if not text:
            return []
        n = len(text)
        T = np.frombuffer(text.encode("utf-32-le"), np.uint32).astype(np.int64)
        end = np.isin(T, self._clause_codes)
        cand = self._starts(T) & ~end
        # a surname that ends a word before it begins no name plausible() takes (绿水青山, 保安队长)
        for i in np.flatnonzero(cand[1:]).tolist():
            if "\u4e00" <= text[i] <= "\u9fff" and self.freq(text[i:i + 2]) > 0:
                cand[i + 1] = False
        if not cand.any():
            return []
        clause = np.cumsum(end)  # a clause's characters share a number; its end character starts the next one
        at = np.flatnonzero(np.isin(clause, np.unique(clause[cand])) & ~end)
        brk = (np.diff(at) != 1) | (np.diff(clause[at]) != 0)
        starts = at[np.r_[True, brk]]
        stops = at[np.r_[brk, True]] + 1
        # each clause is scored as a piece of its line (the text between newlines, padded as a text is) with the
        # three characters either side that its features read; the pieces are joined and scored at once
        line_start = np.r_[0, np.flatnonzero(T == 10) + 1]
        line_end = np.r_[np.flatnonzero(T == 10), n]
        which_line = np.searchsorted(line_start, starts, side="right") - 1
        pieces = []
        for a, b, ls, le in zip(starts.tolist(), stops.tolist(), line_start[which_line].tolist(),
                                line_end[which_line].tolist()):
            lo, hi = max(ls, a - PAD), min(le, b + PAD)
            pieces.append(START * (PAD - (a - lo)) + text[lo:hi] + END * (PAD - (hi - b)))
        # (each piece starts with its three characters of context: base_scores' row o + k is the clause's k-th)
        rows = np.concatenate([np.arange(o, o + b - a) for o, a, b in
                               zip(np.cumsum([0] + [len(x) for x in pieces[:-1]]), starts, stops)])
        S = np.zeros((n, 3))
        S[at] = self.base_scores("".join(pieces))[rows]
        S[at] += self._word_scores(text, at)
        lengths = stops - starts
        out: list[tuple[int, int]] = []
        for ln in np.unique(lengths):
            which = np.flatnonzero(lengths == ln)
            idx = starts[which][:, None] + np.arange(ln)[None, :]
            path, p = self._decode(S[idx])
            for k in np.flatnonzero((path == 1).any(1)):
                out += self._spans(text, path[k], p[k], int(starts[which][k]))
        return sorted(out)


def from_crfsuite(info, threshold: float) -> dict:
    """The weights of a trained CRFsuite model (``pycrfsuite.Tagger().info()``) as :class:`NameTagger` reads them:
    ``state`` feature → [O, B, I] weights (those under 1e-4 dropped), ``transitions`` [from][to]."""
    state: dict[str, list[float]] = {}
    for (attr, lab), w in info.state_features.items():
        if abs(w) >= 1e-4:
            state.setdefault(attr, [0.0, 0.0, 0.0])[LABELS.index(lab)] = round(float(w), 4)
    trans = [[round(float(info.transitions.get((a, b), 0.0)), 4) for b in LABELS] for a in LABELS]
    return {"feature_version": FEATURE_VERSION, "state": dict(sorted(state.items())), "transitions": trans,
            "threshold": threshold}


@lru_cache(maxsize=1)
def load() -> NameTagger | None:
    """The shipped tagger (one per process; it reads the reference dictionary it was trained with, whatever word
    frequencies the redactor was given), or None when none ships."""
    if not resources.files("citysurvey.text").joinpath("data/name_tagger.json").is_file():
        return None
    from . import name_model
    from .names import COMPOUND_SURNAMES
    from .segment import jieba_dictionary

    return NameTagger(shipped(), frozenset(name_model.BAIJIAXING), frozenset(COMPOUND_SURNAMES),
                      name_model.shipped()["given"], jieba_dictionary())
