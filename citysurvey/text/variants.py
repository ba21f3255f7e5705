"""Spellings of lexicon terms that residents write: homophone typos, pinyin, initials, English.

The topic rules (:class:`~citysurvey.text.classify.TopicRules`) read these as the term they
stand for, so 公圆 counts as 公园, ``tingdian`` as 停电, ``tcw`` as 停车位 and ``bus`` as 公交.

The table ``data/term_variants.csv`` (variant, term, kind) is grown from the lexicon by
:func:`build_variants` with pypinyin (the ``textmodel`` extra), once, when the shipped topic
model is rebuilt (``python -m citysurvey.text.model``); runs only read it.

- homophone: one character of a term replaced by a common character with the same pinyin
  (tones ignored), unless the result is a word of jieba's dictionary (公元 is not 公园);
- pinyin: the whole term in toneless pinyin without spaces (``dianti``), five letters or more;
- short_pinyin: a term, or a dictionary word inside one (物业 of 物业费, 垃圾 of 垃圾桶), whose pinyin has fewer
  than five letters (``wuye``, ``laji``), unless that is one syllable, a listed Latin given name or a key of another
  kind; read only where the Latin words around it are all pinyin (:func:`read_latin`), so English words and names
  that happen to spell two syllables stay as they are;
- initials: the first letters of a term of three or more characters, when no other term
  has the same ones (``tcw``);
- english: the English words and phrases of ``data/english_terms.csv`` and their inflected forms
  (:func:`english_forms`: plurals, and -ed and -ing of the words used as verbs).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from io import StringIO

import pandas as pd

from .clean import shipped_json
from .lexicon import Lexicon

#: single characters at least this frequent in jieba's dictionary may stand in a homophone typo
COMMON_CHAR_FREQ = 3000
MAX_TERM_LEN = 4


def _is_han(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in s)


def build_variants(lexicon: Lexicon, freq: dict[str, int], words: list[str] = ()) -> pd.DataFrame:
    """The variant table for ``lexicon`` (needs pypinyin); ``freq`` is jieba's word → frequency.

    ``words``: more words (of the training cues) whose pinyin is read as them (``dianti`` → 电梯).
    """
    from pypinyin import Style, lazy_pinyin

    from .segment import jieba_tokenizer

    jieba = jieba_tokenizer()  # jieba's own dictionary: the words inside a term (物业 of 物业费)
    terms = sorted(t for t in lexicon.term_topics if _is_han(t))
    common = [c for c, f in freq.items() if len(c) == 1 and _is_han(c) and f >= COMMON_CHAR_FREQ]
    by_sound: dict[str, list[str]] = {}
    for c in common:
        by_sound.setdefault(lazy_pinyin(c, style=Style.NORMAL)[0], []).append(c)
    known = set(lexicon.term_topics)
    rows: dict[str, tuple[str, str]] = {}
    initials: dict[str, set[str]] = {}
    short: dict[str, str] = {}
    for t in terms:
        sounds = lazy_pinyin(t, style=Style.NORMAL)
        py = "".join(sounds)
        if py.isascii() and len(py) >= 5:
            rows.setdefault(py, (t, "pinyin"))
        for w in sorted({t} | {w for w in jieba.cut_for_search(t, HMM=False) if len(w) >= 2 and freq.get(w)}):
            py = "".join(lazy_pinyin(w, style=Style.NORMAL))
            if py.isascii() and py.isalpha() and len(py) < 5:
                short.setdefault(py, w)
        if len(t) >= 3:
            initials.setdefault("".join(s[0] for s in sounds), set()).add(t)
        if 2 <= len(t) <= MAX_TERM_LEN:
            for i, s in enumerate(sounds):
                for h in by_sound.get(s, ()):
                    v = t[:i] + h + t[i + 1:]
                    if h != t[i] and v not in known and not freq.get(v) and v not in rows:
                        rows[v] = (t, "homophone")
    spoken: dict[str, str] = {}
    for w in sorted(set(words), key=lambda w: (-freq.get(w, 0), w)):
        if len(w) >= 2 and _is_han(w) and w not in known:
            py = "".join(lazy_pinyin(w, style=Style.NORMAL))
            if py.isascii() and len(py) >= 5 and py not in rows:
                spoken.setdefault(py, w)
    for py, w in spoken.items():
        rows[py] = (w, "pinyin")
    for ini, ts in initials.items():
        if len(ts) == 1 and len(ini) >= 3 and ini not in rows and not freq.get(ini):
            rows[ini] = (next(iter(ts)), "initials")
    en = english_terms()
    for v, t in zip(en["english"], en["term"]):  # the words as written first: an inflected form never displaces one
        if t in known:
            rows[v.lower()] = (t, "english")
    for v, t, how in zip(en["english"], en["term"], en["inflect"]):
        if t in known:
            for f in english_forms(v.lower(), how):
                rows.setdefault(f, (t, "english"))
    names = _latin_given_names()
    for py, w in short.items():
        if py not in rows and py not in PINYIN_SYLLABLES and py not in names and not freq.get(py):
            rows[py] = (w, "short_pinyin")
    out = pd.DataFrame([(v, t, k) for v, (t, k) in rows.items()], columns=["variant", "term", "kind"])
    return out.sort_values(["kind", "variant"]).reset_index(drop=True)


def _shipped_csv(name: str) -> pd.DataFrame:
    """A hand-kept table shipped in ``citysurvey/text/data`` (``#`` opens a comment), as strings."""
    text = resources.files("citysurvey.text").joinpath("data", name).read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, comment="#")


@lru_cache(maxsize=1)
def english_terms() -> pd.DataFrame:
    return _shipped_csv("english_terms.csv")


_VOWELS = "aeiou"


def english_forms(phrase: str, how: str = "") -> list[str]:
    """The inflected forms of an English word or phrase of ``data/english_terms.csv`` (its last word inflected):
    ``how`` empty, a noun: its plural (bins, bus stops, libraries, buses); ``v``, a verb (or a word used as both): its
    plural or -s form, -ed and -ing forms (flooded, leaking, renovated, clogging); ``-``: none."""
    if how == "-":
        return []
    head, _, w = phrase.rpartition(" ")
    head = head + " " if head else ""
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms = [w + "es"]
    elif len(w) > 2 and w[-1] == "y" and w[-2] not in _VOWELS:
        forms = [w[:-1] + "ies"]
    else:
        forms = [w + "s"]
    if how == "v":
        stem = w[:-1] if w.endswith("e") and not w.endswith("ee") else w
        if len(w) > 2 and w[-1] == "y" and w[-2] not in _VOWELS:
            forms += [w[:-1] + "ied", w + "ing"]
        else:
            forms += [stem + "ed" if not w.endswith("e") else w + "d", stem + "ing"]
        # a short word ending in one vowel and a consonant doubles it (plan -> planned, clog -> clogged)
        if (len(w) <= 4 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS
                and (len(w) < 3 or w[-3] not in _VOWELS)):
            forms += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return [head + f for f in forms]


def _latin_given_names() -> set[str]:
    """The listed Latin given names (data/latin_given_names.json, the redaction's list), lowercased."""
    d = shipped_json("latin_given_names.json")
    return {n.lower() for n in d["names"] + d["word_names"]}


@lru_cache(maxsize=1)
def shipped_variants() -> pd.DataFrame:
    """The shipped table (empty if it has not been built)."""
    f = resources.files("citysurvey.text").joinpath("data/term_variants.csv")
    if not f.is_file():
        return pd.DataFrame(columns=["variant", "term", "kind"])
    return pd.read_csv(StringIO(f.read_text(encoding="utf-8")), dtype=str, keep_default_na=False)


def variant_terms(lexicon: Lexicon) -> dict[str, str]:
    """Homophone variant → term, for the terms of ``lexicon`` (read by the topic rules)."""
    v = shipped_variants()
    v = v[v["kind"] == "homophone"]
    known = lexicon.term_topics
    return {a: b for a, b in zip(v["variant"], v["term"]) if b in known and a not in known}


@lru_cache(maxsize=1)
def _latin_table() -> tuple[dict[str, str], dict[str, tuple[tuple[tuple[str, ...], str], ...]], dict[str, str]]:
    """(word → term, first word → (the words of a multi-word English phrase, its term) longest first, short pinyin
    → term)."""
    v = shipped_variants()
    short = v[v["kind"] == "short_pinyin"]
    v = v[~v["kind"].isin(["homophone", "short_pinyin"])]
    single = {a: b for a, b in zip(v["variant"], v["term"]) if " " not in a and "-" not in a}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # and the hyphenated words (e-bike), one-word phrases
    for a, b in zip(v["variant"], v["term"]):
        if " " in a or "-" in a:
            words = tuple(a.split(" "))
            multi.setdefault(words[0], []).append((words, b))
    return single, {k: tuple(sorted(p, key=lambda p: -len(p[0]))) for k, p in multi.items()}, \
        dict(zip(short["variant"], short["term"]))


# a run of two or more letters with no letter, digit or _ on either side; written letter first (the look-behind
# after it) so that the regex engine skips ahead to the next letter instead of trying every position
_LATIN = re.compile(r"[a-z](?<![a-z0-9_][a-z])[a-z]+(?![a-z0-9_])")


def read_latin(big: str) -> str:
    """Pinyin, initials and English words of a lowercased batch written as the words they stand for. Pinyin written
    a syllable a word (nuan qi, shui ya) is read as the table's word its syllables spell when joined (nuanqi).
    Pinyin of fewer than five letters (wuye, la ji) is read only in a run of Latin words that are all pinyin
    (wuye不管, wu ye tai cha le; not in an English sentence, where a word such as *the* or *is* is no pinyin)."""
    if not _HAS_LATIN.search(big):
        return big
    single, multi, short = _latin_table()
    # multi-word English phrases and hyphenated words, longest first, whole words only (one pass over the runs)
    big = _ENGLISH_RUN.sub(lambda m: _read_phrases(m.group(), multi), big)
    big = _LATIN.sub(lambda m: single.get(m.group(), m.group()), big)
    if " " in big and _LATIN_RUN.search(big):
        big = _LATIN_RUN.sub(lambda m: _join_syllables(m.group().split(" "), single, short), big)
    if any(k in big for k in short):  # a short key somewhere (most batches have none): read the runs that hold one
        big = _LATIN_WORDS.sub(lambda m: _read_short(m.group(), short), big)
    return big


def _read_phrases(run: str, multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]]) -> str:
    """A run of Latin words with the multi-word phrases and hyphenated words of the table written as their terms
    (longest first)."""
    words = run.split(" ")
    if not any(w in multi for w in words):
        return run
    out, i = [], 0
    while i < len(words):
        for phrase, term in multi.get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(term)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _join_syllables(words: list[str], single: dict[str, str], short: dict[str, str] | None = None) -> str:
    """Words of a run of Latin words, adjacent ones joined (longest first, up to four) where the table reads them;
    short pinyin (``short``) where every word of the run is pinyin."""
    if short and not all(map(is_pinyin, words)):
        short = None

    def longest(i: int) -> tuple[int, str | None]:
        for k in range(min(_JOIN_MAX, len(words) - i), 1, -1):
            joined = "".join(words[i:i + k])
            term = single.get(joined)
            if term is None and short:
                term = short.get(joined)
            if term is not None:
                return k, term
        return 1, None

    out, i = [], 0
    while i < len(words):
        k, term = longest(i)
        # a word that ends a longer one from the next syllable on is left to it (yi xia yu jiu yan: 下雨就淹, not 一下)
        if term is not None and i + 1 < len(words) and longest(i + 1)[0] > k:
            k, term = 1, None
        out.append(term if term is not None else words[i])
        i += k
    return " ".join(out)


def _read_short(run: str, short: dict[str, str]) -> str:
    """A run of Latin words with each word that is short pinyin read as its term, when every word is pinyin."""
    words = run.split(" ")
    if not any(w in short for w in words) or not all(map(is_pinyin, words)):
        return run
    return " ".join(short.get(w, w) for w in words)


#: toneless pinyin syllables (pypinyin's readings of the CJK block, ü written v; hm, m, n, ng left out)
PINYIN_SYLLABLES = frozenset((
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng "
    "cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu "
    "cuan cui cun cuo da dai dan dang dao de den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en "
    "eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan "
    "guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian "
    "jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan "
    "kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan "
    "lun luo lv lve lue ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang "
    "nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve nue o ou pa pai pan pang "
    "pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que "
    "qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan "
    "shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta "
    "tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi "
    "xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue "
    "yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai "
    "zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo").split())


@lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """Whether a lowercase Latin word is toneless pinyin: one or more syllables of :data:`PINYIN_SYLLABLES`."""
    ends = {0}  # the positions a split into syllables can reach
    for i in range(1, len(word) + 1):
        if any(j in ends and word[j:i] in PINYIN_SYLLABLES for j in range(max(0, i - 6), i)):
            ends.add(i)
    return len(word) in ends


_JOIN_MAX = 4
# two or more Latin words separated by single spaces or hyphens (e-bike, load-bearing wall)
_ENGLISH_RUN = re.compile(r"[a-z](?<![a-z0-9_][a-z])[a-z]*(?:[ -][a-z]+)+(?![a-z0-9_])")
# two or more Latin words separated by single spaces (what is left after the table's own words were read)
_LATIN_RUN = re.compile(r"(?<![a-z0-9_])[a-z]+(?: [a-z]+)+(?![a-z0-9_])")
# one Latin word or more separated by single spaces (led by a letter, as _LATIN), not part of an e-mail address, a
# web address or a code (service@lvcheng-wuye.com: no @ . / - before it, no @ - or .letter after it)
_LATIN_WORDS = re.compile(r"[a-z](?<![a-z0-9_@./-][a-z])[a-z]*(?: [a-z]+)*(?![a-z0-9_@-]|\.[a-z])")


@lru_cache(maxsize=1)
def _dialect() -> tuple[re.Pattern, dict[str, str]]:
    t = _shipped_csv("cantonese_mandarin.csv")
    table = dict(zip(t["cantonese"], t["mandarin"]))
    return re.compile("|".join(map(re.escape, sorted(table, key=lambda w: (-len(w), w))))), table


#: characters written Cantonese uses and Mandarin hardly does, and a few words of written Cantonese (呢度, 呢个) and Wu
#: (阿拉 but not 阿拉伯 or 阿拉善, 侬, 啥辰光, 屋里厢, 伊拉 but not 伊拉克, 覅) that Mandarin does not write: a line holding
#: one is read through the dialect table
_CANTONESE_MARK = re.compile("[嘅唔啲喺咗冇佢嚟睇搵揾俾畀乜咩嘢咁嗰哋攞𨋢侬覅噉啱瞓嘥喎嗮]|呢[度个啲]|阿拉(?![伯善丁斯木尔])|啥辰光|屋里厢|"
                             "伊拉(?!克)")
#: a whole line holding one of them (one regex pass finds them in a batch)
_CANTONESE_LINE = re.compile(f"^.*(?:{_CANTONESE_MARK.pattern}).*$", re.M)


def read_dialect(big: str) -> str:
    """A newline-joined batch (simplified characters) with the written-Cantonese words of its Cantonese lines read as
    Mandarin (``data/cantonese_mandarin.csv``: 唔→不, 冇→没, 搵→找, 人工→工资 …). Lines without a Cantonese-only
    character come back as they are, so words both languages write (人工湖) keep their Mandarin sense."""
    if not _CANTONESE_MARK.search(big):
        return big
    pattern, table = _dialect()
    return _CANTONESE_LINE.sub(lambda line: pattern.sub(lambda m: table[m.group()], line.group()), big)


_HAS_LATIN = re.compile(r"[a-z]{2}")


#: English words a capital opens often that name nobody (the review list and the Latin-name readings skip them)
_COMMON = frozenset("""a an the this that these those there here i we you he she it they my our your his her its their me us
them please thanks thank hi hello dear sir madam and or but also very too so not no yes is are was were be been am do does
did have has had can could will would should may might must if when why what where who how which all any some every
each more most less many much few good bad nice great new old big small hot cold just only still even now then today
tomorrow yesterday morning night day week month year people resident residents neighbor neighbour neighbours neighbors
city street road building community government mr mrs ms dr ok okay sorry help need needs want wants let lets""".split())


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words of the English glossary (data/term_variants.csv) and common English words, in lower case."""
    v = shipped_variants()
    words = v.loc[v["kind"] == "english", "variant"]
    return frozenset(w for phrase in words for w in phrase.split(" ")) | _COMMON
