"""A statistical model of personal names: how name-like a surname and one or two characters are, in context.

The rules of :mod:`.names` catch a name by its cue (a title, a relative, a label). A name with no cue
(刘秀英就知道了, 高山也是这个意见, 同意的有水振东、窦美玲) needs evidence of another kind: how often its
characters stand in given names against how often they stand in ordinary words, and what stands around it.

Each candidate is a surname (any of the 百家姓 surnames, and the compound ones) followed by one or two Han
characters. Its features:

- the log ratio, per given-name character, of its frequency in given names (the ``charfreq.csv`` table of the
  ``ngender`` package: 9,443 characters counted over about 32 million given-name characters) to its
  frequency in words (jieba's dictionary, each word's characters counted by the word's frequency);
- the surname's share of the population (the ``mingzi`` package's table of 299 surnames; rarer surnames get
  the smallest share) and how common the surname character is in words (和, 时, 都 are everyday words);
- whether the candidate, its given name, or the surname with the first given character is a dictionary
  word, and how strongly its last character binds to the next one (张建设 vs 建设路);
- what stands before it (the start of a clause, a quote, a list separator, a verb that takes a person:
  问问, 找, 让 …) and after it (说, 反映, 把, 家的, 他们, 也是 …, punctuation, a place word).

A logistic regression over these features was fitted on the committed development sets
(``analysis/train_name_model.py`` says which, and prints the cross-set figures); its weights, the
character tables and the hashes of their sources are shipped in ``data/name_model.json``, so nothing
is downloaded or trained at run time. :func:`build_tables` rebuilds the tables from the two packages
(the ``namemodel`` extra); a test checks the shipped tables against them.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from itertools import repeat

import numpy as np

from .clean import back
from .names import COMPOUND_SURNAMES as COMPOUND
from .names import _code_points, placeholder_name
from importlib import resources
from typing import Callable

#: The 百家姓 surnames (single characters), with others common today; the compound ones are names.COMPOUND_SURNAMES.
BAIJIAXING = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马"
    "苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪"
    "祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田"
    "樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封"
    "芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶"
    "郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑桂濮牛寿通边扈"
    "燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越"
    "夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
    "肖闫覃冼禤亓佘仝帅蹇揭邝植练粟门占佟付代战商边芦丘"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = frozenset("，。！？!?；;,.：:（(）) \n…—~～")
_QUOTE = frozenset("“‘「『\"'《")
_SEP = frozenset("、/")
#: features that are a log frequency over 5 (below 4 for any frequency under e^20), not 0 or 1
_WORD_FEATURES = frozenset(("span_word", "given_word", "head_word", "bound", "noun_word"))
#: Verbs and words before a person with no title (问问刘秀英, 让勾永强, 找了房东…).
LEFT_PERSON = re.compile("(?:问问|问过|问一下|找|找了|让|叫|请|给|跟|和|同|告诉|感谢|谢谢|多亏|多谢|要不是|麻烦|联系|联系一下|"
                         "通知|转告|交给|拜托|那个|这个|像|还有|以及|表扬|点赞|只有|就是|是|有|说是|举报|投诉|"
                         # a verb that takes a person, then whose person it is (找过居委的…, 问了物业的…, 告诉社区的…)
                         "(?:找|问|联系|告诉|通知|反映给|投诉)(?:过|了)?[\u4e00-\u9fff]{1,4}的)[“‘「『\"']?$")
#: What is said of a person after the name (刘秀英就知道了, 高山也是, 李平安说, 钱多多家的…).
RIGHT_PERSON = re.compile("(?:说|讲|反映|表示|建议|认为|觉得|知道|答应|同意|不同意|把|被|家的|家里|家门|家人|家孩子|家小孩|家老|家那|家楼|家狗|家车|他们|她们|一家|两口子|本人|"
                          "老爷子|老太太|老人家|也是|也说|也不|都说|就知道|还说|又|已经|一个人|私自|每天|天天|经常|总是|"
                          "自己|和我|跟我|对我|帮我|帮忙|帮着|在群里|那个人|这个人|的家长|的孩子|的车|的狗|等人|同志|"
                          "这人|那人|他|她|和她|和他|老公|老婆|媳妇|儿子|女儿|爱人|负责|管|是我|是这|是管|"
                          "回个|打电话|来过|去过|上门|私|占|堵|乱)")
#: What makes the candidate a place or an institution (楚天大道, 宝山区, 雷锋小学).
RIGHT_PLACE = re.compile("(?:路|街|巷|道|桥|村|镇|区|县|市|省|湖|河|江|港|湾|园|苑|府|城|庄|屯|寨|坊|岭|坡|塘|塔|寺|庙|馆|厦|场|站|"
                         "口|关|门|院|校|广场|公园|小区|大道|大街|中学|小学|大学|医院|大厦|花园|市场|商场|地铁|车站|纪念|"
                         "故居|剧院|超市|酒店|宾馆|饭店|银行|新村|社区|街道|片区|家园|学校|幼儿园|体育|图书|菜市|牌|店|号|"
                         "专卖|麻辣烫|剪刀|集团|公司|品牌)")
#: a particle that ends a clause before its punctuation (找过武建平了，他说…: the name ends the clause all the same)
_PARTICLE = frozenset("了呢啊吧吗呀嘛哈")
_PRONOUN_AFTER = re.compile("[了呢啊吧吗呀嘛哈]?[，,、 ]?(?:他|她)")


def _left_window(text: str, a: int) -> int:
    """How far back the verb before a person is looked for: eight characters before 的 (找过居委会的), else five (the
    longest other cue); the shorter window costs less on every candidate."""
    return 8 if a > 0 and text[a - 1] == "的" else 5


@lru_cache(maxsize=1)
def _context_tables() -> dict[str, np.ndarray]:
    """Code point → in the character sets :meth:`NameModel._z` reads either side of a candidate (up to U+FFFF, to
    which callers clip: the sets hold no character beyond)."""
    sets = {"clause": _CLAUSE, "sep": _SEP, "quote": _QUOTE, "and": "和与及", "particle": _PARTICLE,
            "clause_end": _CLAUSE | _SEP | frozenset("”’」』\"'")}
    out = {}
    for key, chars in sets.items():
        out[key] = np.zeros(0x10000, bool)
        out[key][[ord(c) for c in chars]] = True
    return out


def _sides(cp: np.ndarray, a: np.ndarray, g: int) -> tuple[np.ndarray, ...]:
    """For single-surname candidates at ``a`` of a text whose code points (clipped to U+FFFF, as many as the text's
    characters or more) are ``cp``, with a given name of ``g`` characters: what :meth:`NameModel._z` reads of the
    characters either side, as arrays: clause_left, list_left, quote_left and de_left, and
    punct_right (:func:`_clause_ends`)."""
    t = _context_tables()
    n = len(cp)
    b = a + 1 + g
    # the characters read: before the candidate (a newline at the text's start), after it, and after a particle
    left = np.where(a > 0, cp[np.maximum(a - 1, 0)], 10)
    nxt, nxt2 = cp[np.minimum(b, n - 1)], cp[np.minimum(b + 1, n - 1)]
    particle = (b < n) & t["particle"][nxt]
    after = np.where(particle, nxt2, nxt)
    punct = np.where(particle, b + 1 >= n, b >= n) | ((np.where(particle, b + 1, b) < n) & t["clause_end"][after])
    list_left = t["sep"][left] | (t["and"][left] & (a >= 3))
    return t["clause"][left], list_left, t["quote"][left], left == ord("的"), punct


def _clause_ends(text: str, b: int) -> bool:
    """The clause ends at ``b``: the text's end, punctuation, a separator or a quote, or a particle before one of those
    (…武建平了，)."""
    nxt = text[b:b + 1]
    if nxt in _PARTICLE:
        b += 1
        nxt = text[b:b + 1]
    return not nxt or nxt in _CLAUSE or nxt in _SEP or nxt in "”’」』\"'"
FEATURES = (
    "bias", "g1", "g2", "g_min", "two", "surname", "surname_word", "span_word", "given_word", "head_word", "bound",
    "clause_left", "cue_left", "verb_left", "list_left", "quote_left", "de_left", "ends_word_left",
    "person_right", "punct_right", "place_right", "nr_tag", "subject", "object", "listed", "noun_word", "pronoun_after",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_tables() -> dict:
    """The character tables and their manifest, from ngender's and mingzi's data and jieba's own dictionary.

    Needs the ``namemodel`` extra (ngender, mingzi). Deterministic: the same packages give the same tables (jieba's
    dict.txt as shipped, not the project's lexicon, which changes with the topics).
    """
    from importlib.metadata import version

    import jieba

    name_raw = resources.files("ngender").joinpath("charfreq.csv").read_bytes()
    sur_raw = resources.files("mingzi").joinpath("data.json").read_bytes()
    dict_raw = resources.files(jieba).joinpath("dict.txt").read_bytes()
    freq: dict[str, int] = {}
    for line in dict_raw.decode("utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            freq[parts[0]] = int(parts[1])
    in_names: dict[str, int] = {}
    for line in name_raw.decode("utf-8").splitlines()[1:]:
        ch, male, female = line.split(",")
        in_names[ch] = in_names.get(ch, 0) + int(male) + int(female)
    in_words: dict[str, int] = {}
    for w, f in freq.items():
        for ch in w:
            if _HAN.match(ch):
                in_words[ch] = in_words.get(ch, 0) + f
    n_names, n_words = sum(in_names.values()), sum(in_words.values())
    chars = sorted(set(in_names) | set(in_words))
    # log P(c | given name) − log P(c | words), add-half smoothing in both counts
    given = {c: round(math.log((in_names.get(c, 0) + 0.5) / n_names) - math.log((in_words.get(c, 0) + 0.5) / n_words), 2)
             for c in chars}
    share = json.loads(sur_raw.decode("utf-8"))["surname"]
    floor = min(share.values())
    surnames = {s: round(math.log(share.get(s, floor / 2)), 2) for s in sorted(set(BAIJIAXING) | set(share) | set(COMPOUND))
                if len(s) <= 2}
    word_char = {c: round(math.log((in_words.get(c, 0) + 0.5) / n_words), 2) for c in surnames if len(c) == 1}
    return {
        "manifest": {
            "sources": [
                {"package": "ngender", "version": version("ngender"), "file": "ngender/charfreq.csv",
                 "sha256": _sha256(name_raw), "licence": "MIT", "use": "given-name character counts"},
                {"package": "mingzi", "version": version("mingzi"), "file": "mingzi/data.json",
                 "sha256": _sha256(sur_raw), "licence": "MIT", "use": "surname shares"},
                {"package": "jieba", "version": version("jieba"), "file": "jieba/dict.txt",
                 "sha256": _sha256(dict_raw), "licence": "MIT",
                 "use": "character counts in words"},
            ],
            "given_name_characters": n_names,
        },
        "given": given,
        "surname": surnames,
        "surname_in_words": word_char,
    }


@lru_cache(maxsize=1)
def shipped() -> dict:
    """The shipped model (tables, weights, manifest) from ``data/name_model.json``."""
    return json.loads(resources.files("citysurvey.text").joinpath("data/name_model.json").read_text(encoding="utf-8"))


class NameModel:
    """Scores surname + given-name candidates; :meth:`find` returns the spans it takes as names."""

    def __init__(self, freq: Callable[[str], int], tags: Callable[[str], str], model: dict | None = None,
                 cue_end: re.Pattern | None = None, reject: Callable[[str, int, int, int], bool] | None = None):
        m = model or shipped()
        self.freq, self.tag = freq, tags
        self.given: dict[str, float] = m["given"]
        self.surname: dict[str, float] = m["surname"]
        self.surname_in_words: dict[str, float] = m["surname_in_words"]
        self.weights: dict[str, float] = m.get("weights", {})
        self._w = {k: self.weights.get(k, 0.0) for k in FEATURES}
        self.threshold: float = m.get("threshold", 0.5)
        self.list_threshold: float = m.get("list_threshold", 0.3)
        # the logit below which no candidate is taken, neither alone nor in a list
        lo = min(self.threshold, self.list_threshold)
        self._floor = math.log(lo / (1 - lo))
        self._scan_floor = math.log(self.threshold / (1 - self.threshold))
        self.min_table: float = m.get("min_table", -99.0)
        # the scan for names with no known name near them reads fewer candidates: a name that only its cue makes
        # likely (a rare surname after 房东) is the rules' to find; see analysis/train_name_model.py
        self.scan_min_table: float = m.get("scan_min_table", self.min_table)
        self.cue_end = cue_end
        # the most the context features of each stage and the stages after it can add (see features)
        pos = [sum(max(0.0, self.weights.get(k, 0.0)) * (4.0 if k in _WORD_FEATURES else 1.0) for k in names)
               for names in self.STAGES]
        self._upper = [sum(pos[i:]) for i in range(len(pos))]
        # the first stage's dictionary look-ups (word features, ends_word_left) can only lower a logit when their
        # weights are not positive (a frequency's log is never negative): then the characters either side and the tag
        # bound that stage from above, and a candidate that cannot reach the floor even so is dropped before them
        self._look_ups_lower = all(self._w[k] <= 0 for k in (*_WORD_FEATURES, "ends_word_left"))
        if "stage_upper" in m:  # tighter: the most they added to any training candidate, with a margin
            self._upper = [min(u, v) for u, v in zip(self._upper, m["stage_upper"])]
        # what is never a name whatever its score (a surname and a title, a figure, a brand, a place): the
        # name finder's own tests, so that the model learns only what they leave open
        self.reject = reject or (lambda text, a, sl, g: False)
        self._compound_first = np.zeros(0x10000, bool)
        for s2 in self.surname:
            if len(s2) == 2:
                self._compound_first[ord(s2[0])] = True
        self._compound_keys = np.array(sorted({(ord(s2[0]) << 16) | ord(s2[1]) for s2 in self.surname if len(s2) == 2}) or [-1],
                                       np.intp)
        # the table features as arrays over code points, so that the table scores of every position of a text
        # are computed at once (numpy) and only candidates that pass min_table reach Python
        w = self.weights
        self._given_cp = np.full(0x10000, -8.0)
        for c, v in self.given.items():
            if len(c) == 1 and ord(c) < 0x10000:
                self._given_cp[ord(c)] = v
        self._han_cp = np.zeros(0x10000, bool)
        self._han_cp[0x4E00:0xA000] = True
        self._surname_cp = np.full(0x10000, -np.inf)
        for c, v in self.surname.items():
            if len(c) == 1 and ord(c) < 0x10000:
                self._surname_cp[ord(c)] = (w.get("bias", 0.0) + w.get("surname", 0.0) * v / 4
                                            + w.get("surname_word", 0.0) * (self.surname_in_words.get(c, -12.0) + 12) / 4)

    #: the features read from the tables alone (cheap); the others read the context
    TABLE_FEATURES = ("bias", "g1", "g2", "g_min", "two", "surname", "surname_word")

    def table_features(self, text: str, a: int, sl: int, g: int) -> dict[str, float] | None:
        """The features of the candidate text[a:a+sl+g] that the tables give, or None if it cannot be a name."""
        b = a + sl + g
        if b > len(text):
            return None
        given = text[a + sl:b]
        if not all("\u4e00" <= c <= "\u9fff" for c in given):
            return None
        sur = text[a:a + sl]
        g1 = self.given.get(given[0], -8.0)
        g2 = self.given.get(given[1], -8.0) if g == 2 else 0.0
        return {"bias": 1.0, "g1": g1, "g2": g2, "g_min": min(g1, g2) if g == 2 else g1, "two": 1.0 if g == 2 else 0.0,
                "surname": self.surname.get(sur, -12.0) / 4,
                "surname_word": (self.surname_in_words.get(sur, -12.0) + 12) / 4 if sl == 1 else 0.0}

    def table_score(self, f: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in f.items())

    #: the context features in the order they are read: cheap ones (a character, a dictionary look-up) first
    STAGES = (
        ("span_word", "given_word", "head_word", "bound", "clause_left", "list_left", "quote_left", "de_left",
         "ends_word_left", "punct_right", "listed", "nr_tag", "noun_word"),
        ("person_right", "subject", "pronoun_after"),
        ("verb_left", "object"),
        ("cue_left", "place_right"),
    )

    def features(self, text: str, a: int, sl: int, g: int, f: dict[str, float] | None = None,
                 floor: float | None = None) -> dict[str, float] | None:
        """Feature values of the candidate text[a:a+sl+g] (surname of length sl, given name of length g).

        With ``floor`` (a logit), None as soon as the features read so far and the most the others could add
        stay below it: the context of most candidates is never read whole. Without, every feature (training).
        """
        f = f or self.table_features(text, a, sl, g)
        if f is None:
            return None
        f = dict(f)
        w = self.weights
        z = sum(w.get(k, 0.0) * v for k, v in f.items()) if floor is not None else 0.0
        b = a + sl + g
        fr = self.freq
        left = text[a - 1] if a > 0 else "\n"
        nxt = text[b:b + 1]
        lf = math.log1p
        for stage, names in enumerate(self.STAGES):
            if floor is not None and z + self._upper[stage] < floor:
                return None
            if stage == 0:
                span = text[a:b]
                tag = self.tag(span)
                f["span_word"] = lf(fr(span)) / 5
                f["given_word"] = lf(fr(text[a + sl:b])) / 5
                f["head_word"] = lf(fr(text[a:a + sl + 1])) / 5 if g == 2 else 0.0
                f["bound"] = lf(fr(text[b - 1:b + 1])) / 5 if nxt and _HAN.match(nxt) else 0.0
                f["clause_left"] = 1.0 if left in _CLAUSE else 0.0
                f["list_left"] = 1.0 if left in _SEP or (left in "和与及" and a >= 3) else 0.0
                f["quote_left"] = 1.0 if left in _QUOTE else 0.0
                f["de_left"] = 1.0 if left == "的" else 0.0
                f["ends_word_left"] = 1.0 if a > 0 and left not in _CLAUSE and (
                    fr(text[a - 1:a + 1]) > 0 or fr(text[a - 2:a + 1]) > 0) else 0.0
                f["punct_right"] = 1.0 if _clause_ends(text, b) else 0.0
                # a name in a list (、路遥、)
                f["listed"] = f["list_left"] * f["punct_right"]
                f["nr_tag"] = 1.0 if tag.startswith("nr") else 0.0
                # a dictionary word that is no name (黄金, 房子, 申请); 高山 (ns) and 安然 (nr) are names too
                f["noun_word"] = f["span_word"] if tag[:1] in ("n", "v", "t", "m") and tag[:2] not in ("nr", "ns", "nz") else 0.0
            elif stage == 1:
                f["person_right"] = 1.0 if RIGHT_PERSON.match(text, b) else 0.0
                # 问过安然，她说…: the next clause speaks of a person
                f["pronoun_after"] = 1.0 if _PRONOUN_AFTER.match(text, b) else 0.0
                # a bare subject (高山也是这个意见)
                f["subject"] = f["clause_left"] * f["person_right"]
            elif stage == 2:
                f["verb_left"] = 1.0 if LEFT_PERSON.search(text, back(text, a, _left_window(text, a)), a) else 0.0
                # an object (问过安然，)
                f["object"] = f["verb_left"] * max(f["person_right"], f["punct_right"])
            else:
                f["cue_left"] = 1.0 if self.cue_end is not None and self.cue_end.search(text, back(text, a, 20), a) else 0.0
                f["place_right"] = 1.0 if RIGHT_PLACE.match(text, b) else 0.0
            if floor is not None:
                z += sum(w.get(k, 0.0) * f[k] for k in names)
        if floor is not None and z < floor:
            return None
        return None if self.reject(text, a, sl, g) else f

    def probability(self, f: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def _compound_starts(self, text: str) -> list[int]:
        """Where a compound surname stands with a Han character after it: its two code points looked up in a sorted
        array of the compound surnames' (past the text's end the code points are 0, no surname and no Han)."""
        cp = _code_points(text)
        at = np.flatnonzero(self._compound_first[cp[:len(text)]])
        if not len(at):
            return []
        pair = (cp[at] << 16) | cp[at + 1]
        keys = self._compound_keys
        hit = keys[np.minimum(np.searchsorted(keys, pair), len(keys) - 1)] == pair
        return at[hit & self._han_cp[cp[at + 2]]].tolist()

    def candidates(self, text: str, chunk: int = 1 << 20, floor: float | None = None):
        """(a, surname length) of every place where a surname is followed by a Han character, in order; with
        a table score that reaches :attr:`scan_min_table` for one of the two lengths.

        With ``floor`` (a logit), a length whose table score, with the most the context features read first
        (:attr:`STAGES` [0]) and the stages after them could add, stays below it gets a table score of −inf, and a
        place where both do is left out: :meth:`_z` would return None for it (see :meth:`_within_reach`)."""
        for a, sl, scores, _ in self._candidates(text, chunk, floor, staged=False):
            yield a, sl, scores

    def _candidates(self, text: str, chunk: int, floor: float | None, staged: bool):
        """:meth:`candidates`, each with the logits of its two lengths after :meth:`_z`'s first stage (``staged``
        and ``floor``: computed for all the single-surname candidates at once by :meth:`_first_stage`, −inf where _z
        returns None by then; a place where both lengths do is left out) or None."""
        compound = set(self._compound_starts(text))
        w = self.weights
        wg1, wg2, wmin, wtwo = (w.get(k, 0.0) for k in ("g1", "g2", "g_min", "two"))
        out: dict[int, tuple[tuple[float, float], tuple[float, float] | None]] = {}
        whole = _code_points(text)  # (two zeros after the text: past its end, no character)
        for lo in range(0, len(text), chunk):
            cp = whole[lo:lo + chunk + 2]
            n = min(chunk, len(text) - lo)
            # only where a surname stands can a score be finite (elsewhere its term is −inf): the scores are
            # computed at those positions alone (about one in five), element by element the same
            pos = np.flatnonzero(self._surname_cp[cp[:n]] > -np.inf)
            sur = self._surname_cp[cp[pos]]
            padded = cp  # past the end of the text: 0, no character (two after the text, as _code_points gives)
            nxt1, nxt2 = padded[pos + 1], padded[pos + 2]
            g1, g2 = self._given_cp[nxt1], self._given_cp[nxt2]
            h1, h2 = self._han_cp[nxt1], self._han_cp[nxt2]
            t1 = sur + (wg1 + wmin) * g1
            t2 = sur + wg1 * g1 + wg2 * g2 + wmin * np.minimum(g1, g2) + wtwo
            t2 = np.where(h1 & h2, t2, -np.inf)
            t1 = np.where(h1, t1, -np.inf)
            at = np.flatnonzero(np.maximum(t1, t2) >= self.scan_min_table)
            if floor is not None and len(at):
                a = lo + pos[at]
                reach = floor - self._upper[1] - 1e-9  # (the margin: the sums of _z are rounded as they come)
                t1, t2 = t1[at], t2[at]
                t1 = self._within_reach(text, whole[:len(text)], a, 1, t1, reach)
                t2 = self._within_reach(text, whole[:len(text)], a, 2, t2, reach)
                keep = np.maximum(t1, t2) >= self.scan_min_table
                if staged:
                    z1, z2 = (self._first_stage(text, whole, a, g, t, floor) for g, t in ((1, t1), (2, t2)))
                    keep = np.flatnonzero(keep & ((z1 > -np.inf) | (z2 > -np.inf)))
                    out.update(zip(a[keep].tolist(), zip(zip(t1[keep].tolist(), t2[keep].tolist()),
                                                         zip(z1[keep].tolist(), z2[keep].tolist()))))
                    continue
                keep = np.flatnonzero(keep)
                out.update(zip(a[keep].tolist(), zip(zip(t1[keep].tolist(), t2[keep].tolist()), repeat(None))))
                continue
            out.update(zip((lo + pos[at]).tolist(), zip(zip(t1[at].tolist(), t2[at].tolist()), repeat(None))))
        for a in sorted(set(out) | compound):
            if a in compound:
                yield a, 2, None, None
            else:
                yield a, 1, *out[a]

    def _within_reach(self, text: str, cp: np.ndarray, a: np.ndarray, g: int, t: np.ndarray, reach: float) -> np.ndarray:
        """The table scores ``t`` of the candidates at ``a`` with a given name of ``g`` characters, −inf where the most
        their first stage can add (:meth:`_first_stage_context`, and nr_tag's weight when positive) cannot reach
        ``reach``. Where only nr_tag's weight would take a score there, with a margin, the dictionary's tag of the
        candidate decides, as in :meth:`_z`'s first test: looked up here for those alone, it spares a call of _z for
        each (half the candidates the scan keeps otherwise)."""
        context = self._first_stage_context(cp, a, g)
        nr = max(0.0, self._w["nr_tag"])
        t = np.where(t + (context + nr) < reach, -np.inf, t)
        if nr > 0:
            doubt = np.flatnonzero((t + context < reach - 1e-9) & (t > -np.inf))
            tag = self.tag
            named = [tag(text[x:x + 1 + g]).startswith("nr") for x in a[doubt].tolist()]
            t[doubt[~np.array(named, bool)]] = -np.inf
        return t

    def _first_stage_context(self, cp: np.ndarray, a: np.ndarray, g: int) -> np.ndarray:
        """For single-surname candidates at ``a`` of the text whose code points (clipped to U+FFFF) are ``cp``, with a
        given name of ``g`` characters, what the first stage of :meth:`_z` can add at the most: what the characters either
        side give (clause_left, list_left, quote_left, de_left, punct_right, listed), read from code-point tables at
        once, the tag left out; the dictionary look-ups add nothing (see ``_look_ups_lower``; +inf when they might)."""
        if not self._look_ups_lower:
            return np.full(len(a), np.inf)
        return self._side_terms(*_sides(cp, a, g))

    def _side_terms(self, clause: np.ndarray, list_left: np.ndarray, quote: np.ndarray, de: np.ndarray,
                    punct: np.ndarray) -> np.ndarray:
        """What the characters either side add (clause_left, list_left, quote_left, de_left, punct_right, listed),
        summed in :meth:`_z`'s order."""
        w = self._w
        return (np.where(clause, w["clause_left"], 0.0) + np.where(list_left, w["list_left"], 0.0)
                + np.where(quote, w["quote_left"], 0.0) + np.where(de, w["de_left"], 0.0)
                + np.where(punct, w["punct_right"], 0.0) + np.where(list_left & punct, w["listed"], 0.0))

    def _first_stage(self, text: str, cp: np.ndarray, a: np.ndarray, g: int, t: np.ndarray, floor: float) -> np.ndarray:
        """:meth:`_z`'s first stage for all the single-surname candidates at ``a`` with a given name of ``g``
        characters and table scores ``t`` at once: the logit after it, −inf where _z returns None by then or
        :meth:`best` skips the length (a table score under :attr:`min_table`).

        The same sums as _z's, term by term in its order (numpy adds and multiplies doubles as Python does; the
        logarithms are math.log1p's), so the logits are the same to the last bit; the dictionary and tag look-ups
        are the same calls, made in one comprehension per feature instead of one call of _z per candidate."""
        w, up = self._w, self._upper
        out = np.full(len(a), -np.inf)
        i = np.flatnonzero((t >= self.min_table) & (t + up[0] >= floor))
        if not len(i):
            return out
        a, t = a[i], t[i]
        sides = _sides(cp[:len(text)], a, g)
        clause, list_left, quote, de, punct = sides
        starts = a.tolist()
        tags = [self.tag(text[x:x + 1 + g]) for x in starts]
        nr = np.array([tg.startswith("nr") for tg in tags], bool)
        if self._look_ups_lower:
            reach = (t + up[1]) + (self._side_terms(*sides) + np.where(nr, w["nr_tag"], 0.0)) >= floor - 1e-9
            k = np.flatnonzero(reach)
            i, a, t, nr, clause, list_left, quote, de, punct = (x[k] for x in (i, a, t, nr, clause, list_left, quote, de, punct))
            starts = a.tolist()
            tags = [tags[j] for j in k.tolist()]
        if not len(i):
            return out
        fr, lf = self.freq, math.log1p
        span_word = np.fromiter((lf(fr(text[x:x + 1 + g])) for x in starts), float, len(starts)) / 5
        s = w["span_word"] * span_word
        s = s + w["given_word"] * np.fromiter((lf(fr(text[x + 1:x + 1 + g])) for x in starts), float, len(starts)) / 5
        if g == 2:
            s = s + w["head_word"] * np.fromiter((lf(fr(text[x:x + 2])) for x in starts), float, len(starts)) / 5
        else:
            s = s + 0.0
        b = a + 1 + g
        bound = np.zeros(len(a))
        h = np.flatnonzero(self._han_cp[cp[b]])
        bound[h] = w["bound"] * np.fromiter((lf(fr(text[y - 1:y + 1])) for y in b[h].tolist()), float, len(h)) / 5
        s = s + bound
        s = s + np.where(clause, w["clause_left"], 0.0) + np.where(list_left, w["list_left"], 0.0)
        s = s + np.where(quote, w["quote_left"], 0.0) + np.where(de, w["de_left"], 0.0)
        ends = [x > 0 and not c and (fr(text[x - 1:x + 1]) > 0 or fr(text[x - 2:x + 1]) > 0)
                for x, c in zip(starts, clause.tolist())]
        s = s + np.where(np.array(ends, bool), w["ends_word_left"], 0.0)
        s = s + np.where(punct, w["punct_right"], 0.0) + np.where(list_left & punct, w["listed"], 0.0)
        s = s + np.where(nr, w["nr_tag"], 0.0)
        noun = np.array([tg[:1] in ("n", "v", "t", "m") and tg[:2] not in ("nr", "ns", "nz") for tg in tags], bool)
        s = s + np.where(noun, w["noun_word"] * span_word, 0.0)
        z = t + s
        out[i] = np.where(z + up[1] < floor, -np.inf, z)
        return out

    def best(self, text: str, a: int, sl: int, scores: tuple[float, float] | None = None,
             floor: float | None = None, staged: tuple[float, float] | None = None) -> tuple[float, int]:
        """(probability, end) of the more name-like of the candidate's two lengths at ``a`` (0.0 when neither
        can reach the lower of the two thresholds); ``scores``: their table scores if known (:meth:`candidates`),
        ``staged``: their logits after :meth:`_z`'s first stage at ``floor`` if known (−inf: None by then)."""
        best, end = 0.0, a
        for g in (1, 2):
            if scores is not None:
                ts = scores[g - 1]
            else:
                t = self.table_features(text, a, sl, g)
                ts = -math.inf if t is None else self.table_score(t)
            # a candidate whose characters and surname are too unlike a name is dropped before its context is read:
            # no training candidate that scored near the list threshold had a lower table score
            if ts < self.min_table:
                continue
            if staged is None:
                z = self._z(text, a, sl, g, ts, self._floor if floor is None else floor)
            else:
                z = None if staged[g - 1] == -math.inf else self._z_rest(text, a, sl, g, staged[g - 1], floor)
            if z is not None:
                p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
                if p > best:
                    best, end = p, a + sl + g
        return best, end

    def _z(self, text: str, a: int, sl: int, g: int, z: float, floor: float) -> float | None:
        """The logit of the candidate, from its table score ``z``, or None once it cannot reach the floor.

        The same values as :meth:`features` (a test compares them), computed without building the feature table:
        this runs for every candidate of every answer.
        """
        w, up = self._w, self._upper
        if z + up[0] < floor:
            return None
        b = a + sl + g
        fr, lf = self.freq, math.log1p
        n = len(text)
        left = text[a - 1] if a > 0 else "\n"
        nxt = text[b] if b < n else ""
        span = text[a:b]
        tag = self.tag(span)
        clause = left in _CLAUSE
        list_left = left in _SEP or (left in "和与及" and a >= 3)
        punct = _clause_ends(text, b)
        if self._look_ups_lower and z + up[1] + (
                (w["clause_left"] if clause else 0.0) + (w["list_left"] if list_left else 0.0)
                + (w["quote_left"] if left in _QUOTE else 0.0) + (w["de_left"] if left == "的" else 0.0)
                + (w["punct_right"] if punct else 0.0) + (w["listed"] if list_left and punct else 0.0)
                + (w["nr_tag"] if tag.startswith("nr") else 0.0)) < floor - 1e-9:
            return None  # not even with the frequency look-ups below, which can only lower it (see _look_ups_lower)
        span_word = lf(fr(span)) / 5
        z += (w["span_word"] * span_word + w["given_word"] * lf(fr(text[a + sl:b])) / 5
              + (w["head_word"] * lf(fr(text[a:a + sl + 1])) / 5 if g == 2 else 0.0)
              + (w["bound"] * lf(fr(text[b - 1:b + 1])) / 5 if nxt and _HAN.match(nxt) else 0.0)
              + (w["clause_left"] if clause else 0.0) + (w["list_left"] if list_left else 0.0)
              + (w["quote_left"] if left in _QUOTE else 0.0) + (w["de_left"] if left == "的" else 0.0)
              + (w["ends_word_left"] if a > 0 and not clause and (fr(text[a - 1:a + 1]) > 0 or fr(text[a - 2:a + 1]) > 0)
                 else 0.0)
              + (w["punct_right"] if punct else 0.0) + (w["listed"] if list_left and punct else 0.0)
              + (w["nr_tag"] if tag.startswith("nr") else 0.0)
              + (w["noun_word"] * span_word if tag[:1] in ("n", "v", "t", "m") and tag[:2] not in ("nr", "ns", "nz") else 0.0))
        if z + up[1] < floor:
            return None
        return self._z_rest(text, a, sl, g, z, floor)

    def _z_rest(self, text: str, a: int, sl: int, g: int, z: float, floor: float) -> float | None:
        """:meth:`_z` after its first stage (``z``: the logit by then, which can reach the floor)."""
        w, up = self._w, self._upper
        b = a + sl + g
        clause = (text[a - 1] if a > 0 else "\n") in _CLAUSE
        punct = _clause_ends(text, b)
        person = RIGHT_PERSON.match(text, b) is not None
        z += (w["person_right"] + (w["subject"] if clause else 0.0)) if person else 0.0
        if _PRONOUN_AFTER.match(text, b):
            z += w["pronoun_after"]
        if z + up[2] < floor:
            return None
        if LEFT_PERSON.search(text, back(text, a, _left_window(text, a)), a):
            z += w["verb_left"] + (w["object"] if person or punct else 0.0)
        if z + up[3] < floor:
            return None
        if self.cue_end is not None and self.cue_end.search(text, back(text, a, 20), a):
            z += w["cue_left"]
        if RIGHT_PLACE.match(text, b):
            z += w["place_right"]
        if z < floor or self.reject(text, a, sl, g):
            return None
        return z

    def scored(self, text: str, low: float) -> list[tuple[int, int, float]]:
        """(start, end, probability) of the candidates, alone (no list, no known name), whose probability is above
        ``low``, left to right (two may overlap: 阮翁林 and 林清水); those above :attr:`threshold` are the ones
        :meth:`find` takes.

        Read-only: what is redacted does not depend on it. The review list (:mod:`.review`) shows the ones between
        a lower threshold and this one, which the redactor leaves.

        >>> from citysurvey.text.redact import default_redactor
        >>> m = default_redactor().names.model
        >>> [(a, b) for a, b, p in m.scored("我们楼的李娜上个月就被撞了", 0.05)]
        [(4, 6)]
        """
        lo = min(max(low, 1e-6), 1 - 1e-6)
        floor = math.log(lo / (1 - lo))
        out: list[tuple[int, int, float]] = []
        for a, sl, scores, staged in self._candidates(text, 1 << 20, floor, staged=True):
            p, end = self.best(text, a, sl, scores, floor, staged)
            if p > low:
                out.append((a, end, p))
        return out

    def find(self, text: str, known: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """Spans that score above the threshold, left to right; with ``known`` (the rules' names), also

        - the longer reading of a known name when the model prefers it (柏松 → 柏松年, where 年 ends a clause);
        - a candidate next to a known name in a list (、路遥、, 有水振东、窦美玲) above :attr:`list_threshold`.
        """
        out: list[tuple[int, int]] = []
        last = -1
        for a, sl, scores, staged in self._candidates(text, 1 << 20, self._scan_floor, staged=True):
            if a < last:
                continue
            p, end = self.best(text, a, sl, scores, self._scan_floor, staged)
            if p > self.threshold:
                out.append((a, end))
                last = end
        if not known and not out:
            return out
        spans = sorted(set(out) | set(known))
        starts = {a for a, _ in spans}
        for a, b in list(spans):
            sl = 2 if text[a:a + 2] in self.surname else (1 if text[a:a + 1] in self.surname else 0)
            if sl and b - a == sl + 1 and not placeholder_name(text[a:b]):  # 孙七也说: a placeholder is no name
                f1, f2 = self.features(text, a, sl, 1), self.features(text, a, sl, 2)
                if f1 is not None and f2 is not None and self.probability(f2) > max(self.probability(f1), self.list_threshold):
                    out.append((a, a + sl + 2))
        # list neighbours, repeated so that a list is followed to its end
        frontier = spans
        for _ in range(6):
            new = []
            for a, b in frontier:
                for c in self._neighbours(text, a, b):
                    if c in starts:
                        continue
                    sl = 2 if text[c:c + 2] in self.surname else (1 if text[c:c + 1] in self.surname else 0)
                    if not sl:
                        continue
                    p, end = self.best(text, c, sl)
                    if p > self.list_threshold and (end == len(text) or text[end] in _SEP or text[end] in _CLAUSE
                                                    or text[end] in "和与及等"):
                        new.append((c, end))
                        starts.add(c)
            out += new
            frontier = new
            if not new:
                break
        return out

    @staticmethod
    def _neighbours(text: str, a: int, b: int):
        """Starts of the items before and after a list item text[a:b] (、 / ， and 和 与 及 between)."""
        if b < len(text) and (text[b] in _SEP or text[b] in "，,和与及"):
            yield b + 1
        if a >= 2 and (text[a - 1] in _SEP or text[a - 1] in "，,和与及"):
            for k in (3, 2, 4):
                c = a - 1 - k
                if c >= 0 and (c == 0 or text[c - 1] in _SEP or text[c - 1] in _CLAUSE or text[c - 1] in "：:有是"):
                    yield c
