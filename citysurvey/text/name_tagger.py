"""A learned character tagger of personal names: a linear-chain CRF over B/I/O labels.

The rules of :mod:`.names` and the candidate model of :mod:`.name_model` read a name by its surname and a cue
written into them. A writer the rules were not written from names people in ways no list foresaw (办事员田甜,
跑步爱好者卓越, 叫我胡一刀就行). The tagger reads every character with its neighbours (characters and pairs two
either side), whether it is a surname, how common it is in given names against words (the name model's tables),
whether it and its neighbours make dictionary words, and which person cues stand around it (物业经理, 叫, 住户：, 的
before; a title after: :func:`context_at`), and labels each character as the begin (B), inside (I) or outside (O) of a
name. The cues and the character classes carry from one writer to the next where the characters themselves do not.

It is trained by ``analysis/train_name_tagger.py`` (python-crfsuite, the ``namemodel`` extra) on the committed
redaction sets, with each labelled name swapped for random names so that the context is learned rather than the
names; the weights are shipped in ``data/name_tagger.json`` with the training manifest, and decoding (Viterbi,
then the forward-backward marginals of each span) is done here with numpy, so running it needs no extra package.
A span is taken only when every character's marginal reaches the shipped threshold and :meth:`NameTagger.accept`
takes it: with a person cue at it whatever its surname (租户：X, 叫X), else only a surname-and-given-name
span at a higher marginal; the name finder's guards (famous figures, places, placeholders, words that are never
names) then read it like any other candidate.
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
FEATURE_VERSION = 3


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
    given-name table's log ratio of it and its neighbours, whether it or the one before is a surname, and, for a Han
    character, the frequency bins of the dictionary words through it and the person cues around it
    (:func:`context_at`). The text is read as padded by :func:`padded`.

    >>> f = char_features("找王建国", frozenset("王"), frozenset(), {"建": 2.0}, lambda w: 0)
    >>> "sur" in f[1], "g=2" in f[2]
    (True, True)
    """
    P = padded(text)
    kinds = [_kind(c) for c in P]
    context = context_rows(text, range(len(text)))
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
            f += context[j - PAD]
        out.append(f)
    return out


#: how far before a character a person cue may end and how far after it a title may start, for :func:`context_at`
_CUE_OFFSETS = (0, 1, 2)
_AFTER_OFFSETS = (1, 2, 3)


def context_at(text: str, j: int) -> list[str]:
    """The person cues around ``text[j]`` that carry from one writer to the next, as features: a cue for a person
    (物业经理, 我邻居, 联系人：, 找, 问问) ending right before the character or one or two characters before it
    (``cue0``…, ``bare0``…, ``lab0``…), a title or what is said of a person starting one to three characters after
    it (``ttl1``…: 同志, 师傅; ``pa1``…: （邻居）), and a 的 before it (办事的田甜). The characters and words of
    :func:`char_features` say what a name looks like; these say where one stands, whoever writes.

    >>> context_at("找张建国", 1), context_at("张建国师傅", 2), context_at("办事的田甜", 3)
    (['bare0'], ['ttl1'], ['de'])
    """
    return context_rows(text, [j])[0]


def context_rows(text: str, js) -> list[list[str]]:
    """:func:`context_at` of each position of ``js``, each cue looked for once per character it could end or start
    at (the positions of a clause share most of them)."""
    from .names import _CONTACT_BEFORE, _CUE_WINDOW, _TITLE_AT, BARE_LEFT, PERSON_AFTER, patterns

    cue_end = patterns()["cue_end"]
    before: dict[int, tuple[str, ...]] = {}
    after: dict[int, tuple[str, ...]] = {}

    def ends_at(k: int) -> tuple[str, ...]:
        got = before.get(k)
        if got is None:
            # the look-backs stop at the start of the line (clean.back): one search for its newline serves all three
            nl = text.rfind("\n", k - _CUE_WINDOW if k > _CUE_WINDOW else 0, k) + 1
            got = tuple(name for name, pat, w in (("cue", cue_end, _CUE_WINDOW), ("bare", BARE_LEFT, 4),
                                                  ("lab", _CONTACT_BEFORE, 8))
                        if pat.search(text, max(nl, k - w, 0), k))
            before[k] = got
        return got

    def starts_at(k: int) -> tuple[str, ...]:
        got = after.get(k)
        if got is None:
            got = tuple(name for name, pat in (("ttl", _TITLE_AT), ("pa", PERSON_AFTER)) if pat.match(text, k))
            after[k] = got
        return got

    rows = []
    n = len(text)
    for j in js:
        out = []
        for d in _CUE_OFFSETS:
            k = j - d
            if k < 0 or (d and text[k] == "\n"):
                break
            out += [f"{name}{d}" for name in ends_at(k)]
        for d in _AFTER_OFFSETS:
            k = j + d
            if k >= n or text[k - 1] == "\n":
                break
            out += [f"{name}{d}" for name in starts_at(k)]
        if j and text[j - 1] == "的":
            out.append("de")
        rows.append(out)
    return rows


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
#: the least marginal of a span with no person cue near it (see :meth:`NameTagger.accept`)
UNCUED = 0.9
#: the context features that put a person at a span's start (a cue ending right before it or one or two characters
#: before it: 物业经理田甜, 叫我胡一刀, 租户：员卫东, 办事的田甜) and at its end (a title or what is said of a person)
_CUED_BEFORE = frozenset(("cue0", "cue1", "cue2", "bare0", "bare1", "lab0", "lab1", "lab2", "de"))
_CUED_AFTER = frozenset(("ttl1", "pa1"))
#: what joins the items of a list (黄记煌和杨国福, 李宁、安踏)
_LIST_JOIN = frozenset("和与及跟、,，/")
#: characters after which a name with no listed surname may start (租户：员卫东, 叫卓玛): the clauses holding one are
#: decoded too (not after 的: it stands before every third noun, and decoding those clauses costs four times the rest)
_OPENERS = frozenset("：:叫")
#: the context features of a cue ending right before a character (物业经理|, 我闺女|, 问问|), for a given name alone
_CUE_AT = frozenset(("cue0", "bare0", "lab0"))
#: the last characters of cues that label rather than name a person (名字, 姓名, 签名, 我是): a given name alone follows
#: them only after a colon or 叫 (名字挺雅 is no name)
_LABEL_LAST = frozenset("名字姓填记是为叫")
#: a pet named before 叫 (我家狗狗叫旺财): what follows names no person
_PET_CALLED = re.compile("(?:狗|猫|狗狗|猫咪|宠物|鹦鹉|兔子|八哥)(?:的名字|名字|的小名|小名)?叫$")
#: what after 阿 makes a word of address, not a given name (王阿姨, 李阿伯); 叶阿土, 徐阿满 are names
_A_KIN = frozenset("姨婆伯公哥妹叔嫂婶爷嬷妈爸姐弟奶舅姑娘")


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
        from .names import _CUE_WORD_LAST

        self._cue_last = _CUE_WORD_LAST - _LABEL_LAST
        self._cue_last_codes = np.array(sorted(ord(c) for c in self._cue_last), np.int64)
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
        S += self._context_scores(text, np.arange(len(text)))
        return S

    def _context_scores(self, text: str, at: np.ndarray) -> np.ndarray:
        """The weights of the person-cue features (:func:`context_at`) at the positions ``at`` of Han characters (as
        :func:`char_features` gives them)."""
        out = np.zeros((len(at), 3))
        pos = at.tolist()
        han = [r for r, j in enumerate(pos) if "\u4e00" <= text[j] <= "\u9fff"]
        for r, feats in zip(han, context_rows(text, [pos[r] for r in han])):
            for f in feats:
                out[r] += self._w(f)
        return out

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
        given = w[sl:]
        if not self._given_ok(given):
            return False
        if any(RIGHT_PLACE.match(text, k) for k in range(a + sl + 1, b)):
            return False  # 文华路: a place word inside the span
        if len(given) >= 2 and dict_tags().get(given) == "n" and self.freq(given) >= EVERYDAY * 2:
            return False  # 养鸽子: a verb's surname-like character before an everyday noun
        return self.freq(w) < EVERYDAY and not RIGHT_PLACE.match(text, b) and w not in FAMOUS

    def cued(self, text: str, a: int, b: int) -> bool:
        """A person cue at the span ``text[a:b]``: one of :data:`_CUED_BEFORE` at its first character (a colon label,
        住户：,居民：, counts too), or a title or what is said of a person right after it."""
        from .names import COLON_LABELS

        if _CUED_BEFORE.intersection(context_at(text, a)) or _CUED_AFTER.intersection(context_at(text, b - 1)):
            return True
        return re.search(f"(?:{COLON_LABELS})[:：] ?$", text[max(0, a - 6):a]) is not None

    def accept(self, text: str, a: int, b: int, conf: float) -> bool:
        """Whether the decoded span ``text[a:b]`` (least marginal ``conf``) is taken as a name.

        With a person cue at it (:meth:`cued`), a span of two to four Han characters the tagger is sure of at its
        threshold, whether or not it starts with a listed surname (surnames and names no list holds), unless it is a dictionary word with no title after it (江涛同志 goes). Otherwise only a span
        :meth:`plausible` takes, at :data:`UNCUED` (保洁员王德顺), and no two-character word (家长：路远 stays).
        Never a span that names a place or a public figure or holds a place word, ends in a surname called by 老 or
        小, or stands in a list beside a brand. A given name alone (no listed surname starts it) goes after 叫 or a
        label's colon, or right after a cue word for a person (我闺女婷婷, 同学思琪) when it reads as a given name
        (:meth:`_given_ok`); a surname's given name of 阿 and a character goes with a cue (他叫叶阿土)."""
        from .name_model import RIGHT_PLACE
        from .names import _SHOP_AFTER, FAMOUS, PLACE_AFTER, PLACE_WORDS, famous_at

        if conf < self.threshold or b - a < 2:
            return False
        w = text[a:b]
        if not _han(w):
            return False  # names in Latin letters are the rules' (pinyin_names, western_names): Jie Fang Lu is a road
        if _PET_CALLED.search(text, max(0, a - 8), a):
            return False  # 我家狗狗叫旺财: a pet's name
        if w[-2] in "老小" and w[-1] in self.surnames:
            return False  # 小刘, 老丁, 和小刘: a surname called by 老 or 小 names no one alone
        if self._beside_brand(text, a, b):
            return False  # 门口的黄记煌和杨国福: a list of shops
        if w in FAMOUS or famous_at(text, a, b) or RIGHT_PLACE.match(text, b) \
                or any(RIGHT_PLACE.match(text, k) for k in range(a + 2, b)) \
                or (text[b:b + 1] == "的" and (PLACE_WORDS.match(text, b + 1) or _SHOP_AFTER.match(text, b + 1))):
            return False  # (有个叫金鹰的小区: a place's name)
        if b - a == 2 and w[-1] in PLACE_AFTER:
            return False  # 片区叫翠苑: two characters ending in a place's character name a place, as the rules read them
        # a listed surname's given name must read as one (乘客：车少 stays: 少 is rarer in names than 秀, 建), or be 阿
        # and a character not too rare in names, with a person cue (他叫叶阿土, 卖水果的徐阿满)
        sl = 2 if w[:2] in self.compounds else 1 if w[0] in self.surnames else 0
        if sl and not self._given_ok(w[sl:]) and not self._a_given(text, a, b, sl):
            return False
        if sl and (self.freq(text[max(0, a - 2):a + 1]) > 0 or (a and self.freq(text[a - 1:a + 1]) > 0)):
            return False  # 取暖费贵: the surname ends a word before it
        if b - a >= 3 and self.freq(w[:2]) > 0:
            return False  # 通勤太久: a word starts the span
        word = self.freq(w) > 0
        if not sl and not (a and text[a - 1] in _OPENERS) and not self._given_ok(w):
            return False  # a given name alone after a cue word (我闺女婷婷) reads as one; after 叫 or a label any may
        if b - a <= 4 and self._may_start(text, a) and self.cued(text, a, b) \
                and (not word or _CUED_AFTER.intersection(context_at(text, b - 1))):
            return True
        # no cue, or a word with no title after it: only a name by its shape, and a two-character word never (家长：路远)
        return conf >= UNCUED and not (word and b - a == 2) and self.plausible(text, a, b)

    def _a_given(self, text: str, a: int, b: int, sl: int) -> bool:
        """A given name of 阿 and one character (叶阿土), that character no word of address after 阿 (王阿姨) and not
        far rarer in names than in words, with a person cue at the span (:meth:`cued`)."""
        g = text[a + sl:b]
        return len(g) == 2 and g[0] == "阿" and g[1] not in _A_KIN and self.given.get(g[1], -9.0) >= GIVEN_FLOOR \
            and self.cued(text, a, b)

    def _given_ok(self, given: str) -> bool:
        """The given-name test of :meth:`plausible`: one to three characters, the first common in given names
        (:data:`FIRST_GIVEN`), none far rarer in names than in words, not rarer on average."""
        g = [self.given.get(c, -9.0) for c in given]
        return 0 < len(g) <= 3 and sum(g) >= 0 and min(g) >= GIVEN_FLOOR and g[0] >= FIRST_GIVEN

    @staticmethod
    def _beside_brand(text: str, a: int, b: int) -> bool:
        """Whether the span is an item of a list whose next or previous item is a brand (…和杨国福, 李宁、…)."""
        from .names import BRANDS

        if b < len(text) and text[b] in _LIST_JOIN and any(text[b + 1:b + 1 + k] in BRANDS for k in (2, 3, 4)):
            return True
        return a > 0 and text[a - 1] in _LIST_JOIN and any(text[max(0, a - 1 - k):a - 1] in BRANDS for k in (2, 3, 4))

    def _may_start(self, text: str, a: int) -> bool:
        """Whether :meth:`find` decodes the clause for a span starting at ``a`` whatever else the clause holds: after
        an opener (:data:`_OPENERS`), at a character common in given names right after a cue word for a person
        (我闺女|婷婷: the last character of a cue, then the cue itself), or at a surname :meth:`_starts` takes that
        ends no word before it. So decoding only those clauses gives what decoding every clause would."""
        if a and text[a - 1] in _OPENERS:
            return True
        if a and text[a - 1] in self._cue_last and self.given.get(text[a], -9.0) >= FIRST_GIVEN \
                and _CUE_AT.intersection(context_at(text, a)):
            return True  # 我闺女婷婷, 同学思琪: a given name alone right after a cue for a person
        T = np.frombuffer(text[a:a + 6].encode("utf-32-le"), np.uint32).astype(np.int64)
        return bool(self._starts(T)[0]) and not (a and self.freq(text[a - 1:a + 1]) > 0)

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
            if self.accept(text, at + i, at + j, conf):
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
        # and after an opener a name with no listed surname may begin (叫卓玛, 租户：员卫东; see _may_start)
        cand[1:] |= np.isin(T[:-1], [ord(c) for c in _OPENERS]) & (T[1:] >= 0x4E00) & (T[1:] <= 0x9FFF) & ~end[1:]
        # and right after the last character of a cue word, a character common in given names (我闺女婷婷)
        g1 = self._char_tables()[1][np.minimum(T[1:], 0x10000)]
        after_cue = np.isin(T[:-1], self._cue_last_codes) & (T[1:] >= 0x4E00) & (T[1:] <= 0x9FFF) & (g1 >= FIRST_GIVEN) \
            & ~end[1:] & ~cand[1:]
        for i in (np.flatnonzero(after_cue) + 1).tolist():  # (the cue itself looked for: fewer clauses to decode)
            cand[i] = bool(_CUE_AT.intersection(context_at(text, i)))
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
        S[at] += self._context_scores(text, at)
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
