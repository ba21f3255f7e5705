"""What a person should read before the redacted answers are shared: the answers still holding something shaped
like personal data.

No redactor reaches zero leaks on a new writer's answers (the README's blind figures), and rules fitted to seen leaks
stop generalising. :func:`review_candidates` lists every distinct informative answer that, redacted, still holds one
of these readings, with the word or number and its reason (:data:`REASONS`), so that a reviewer reads a few dozen
answers instead of thousands; what they find goes into ``text.redact_also`` (:mod:`.known`) for the next run. The table
holds nothing that ``suggestions.csv`` does not: the same redacted texts, fewer of them. Each reading is general (a
shape, a cue, a score), none a string seen in a set:

- 拉丁字母词: a capitalised Latin word, accented letters too (Emily, Sophie Laurent, Lîm), not a word of the English
  glossary or a common one (Bus, Please, The), nor one in capitals (CCTV, HK);
- 数字串: five digits or more in any grouping (6192 3045), not followed by a unit (12000元), not a service number
  (12345, 95598, 400 lines), not a date, not after the label of a thing's or an office's number (订单号, 水表号,
  QQ群, 居委会电话);
- 疑似姓名: a surname and a given name the name model (:meth:`.name_model.NameModel.scored`) scores between
  :data:`NAME_FLOOR` and its own redaction threshold (李娜上个月, 罗二妹), not a placeholder (张三) nor after 小/老;
- 称谓后疑似姓名: two to four Han characters right after a person cue of :mod:`.names` (its role words, titles, kin
  words and form labels, and 叫/名叫/本名 …), that open with no everyday word, hold no place word and whose characters
  are given-name characters on the model's table (mean log ratio ≥ :data:`CUED_FLOOR`): 物业的佳慧, 车主任小飞;
  not 小刘 or 王先生 (kept forms), not after a surname and its title (王师傅修东西);
- 空格隔开的疑似姓名: single characters between spaces from a surname on (花 满 楼, 景 天说);
- 姓名残片: Han given-name characters glued to a 〔姓名〕 the redactor wrote (〔姓名〕雯帮我), not a word or a title;
- 称谓后拉丁字母词: Latin words after a cue in English, French, Spanish, Italian, German, Malay or Chinese, lower case
  too (my wife anna, je m'appelle …, 叫 tie zhuang);
- 疑似账号: an @-handle in Latin letters or digits, not an e-mail's domain;
- 疑似门牌: a door or room number beside a road or estate word after a word for home (住在 梧桐巷21-3号), not a
  public building's address nor 3号楼 alone;
- 叠字小名: a doubled given-name character that is no everyday word (朵朵, 乐乐; not 天天, 明明, 管管, 清清楚楚).

Measured with ``analysis/review_eval.py`` (2026-12-07; not blind: the readings and thresholds were chosen on
labelled sets 2–36, and 37 and 38, the check, had been seen when the first list was written): on sets 2–36 the list
holds 66/101 (65%) of the names, phones and IDs the redactor leaks and asks to read 826/11,481 (7%) of the texts (dense
with personal data); on 37 and 38, 16/19 (84%) and 61/618 (10%); on the bench's 20,000 recombined answers, 245/12,541
(2%) of the distinct informative answers. Before these readings (Latin words and digits only): 20/101 and 10% of the
texts, 9/19 and 12%, 1%. Its own CPU: 1.0 s for the 61,986 distinct informative answers of the bench's 100,000 (Latin
words and digits alone: about 0.25 s; the name model at its low threshold and the cue pattern take most).

>>> import pandas as pd
>>> review_candidates(pd.Series(["我家 Emily 排不上幼儿园", "Please fix the Bus stop", "打 6192 3045 找我", "房租 12000元"]))[
...     ["reason", "token"]].values.tolist()
[['拉丁字母词', 'Emily'], ['数字串', '6192 3045']]
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from . import names
from .name_model import BAIJIAXING, RIGHT_PERSON, RIGHT_PLACE
from .names import _TITLE_SET as TITLES
from .names import FAMOUS, GIVEN_NAME_CHARS, NOT_IN_NAME, ROLE_WORDS, placeholder_name
from .variants import english_words

#: a label before a number that is no one's own: an order, a bill, a meter, a contract, a group, an office's line
#: (订单号 2024…, 水表号 0305…, QQ群：6325…, 居委会电话 021-…)
_THING_NUMBER = re.compile(r"(?:订单|工单|快递单|单|运单|发票|合同|备案|客户|户|水表|电表|燃气表|气表|房屋|证书|合格证|维修单|报修单|"
                           r"批次|车次|航班|群|QQ群|qq群|信用代码|代码|案件|投诉|受理)(?:编号|号码|号|码|ID)?[\s:：是为]*[A-Za-z\-]*$"
                           r"|(?:编号|回执号|预约码|排队号|邮编|邮政编码|不动产权第)[\s:：是为]*[A-Za-z\-]*$"
                           r"|(?:居委会?|村委会?|街道办?|社区|物业|办公室|值班|城管|中队|派出所|公司|中心|医院|学校|热线|客服|"
                           r"服务台|服务站)(?:的)?(?:电话|座机|热线)(?:号码)?[\s:：是为（(0-9）)]*$")
#: a date (2023-11-05, 2024/10): no one's own
_DATE = re.compile(r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])(?:[-/.](?:0?[1-9]|[12]\d|3[01]))?")
#: a capitalised Latin word, with the capitalised words after it (Sophie Laurent, Ahmed Raza, Lîm A-hoa): accented
#: letters too
_LATIN_WORD = re.compile(r"(?<![A-Za-zÀ-ÖØ-öø-ÿĀ-ž])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿĀ-ž]{1,}(?:[ -][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿĀ-ž]+)*"
                         r"(?![A-Za-zÀ-ÖØ-öø-ÿĀ-ž])")
#: five digits or more, in any grouping (6192 3045, 138-0013), not followed by a unit
_DIGITS = re.compile(r"(?<![\d.])\d(?:[ \-.·/]?\d){4,}(?![\d.])(?![ ]?(?:元|块|米|平|人|户|辆|万|亿|年|次|个|%|％|公里|千米|kg|km|m²))")
REASONS = {"latin": "拉丁字母词", "digits": "数字串", "model_name": "疑似姓名", "cued_name": "称谓后疑似姓名",
           "spaced_name": "空格隔开的疑似姓名", "name_part": "姓名残片", "cued_latin": "称谓后拉丁字母词",
           "handle": "疑似账号", "door": "疑似门牌", "doubled_name": "叠字小名"}
#: five-digit service numbers (12345 政务热线, 12315, 95598, 96… ) and 400/800 lines: the public's, nobody's own
_SERVICE_NUMBER = re.compile(r"1\d{4}|9[56]\d{3,4}|[48]00[- ]?\d{3}[- ]?\d{4}")
#: what each reading lists (see the module docstring); ``KINDS`` are the ones listed by default
KINDS = tuple(REASONS)
#: the review threshold of the name model: a candidate it scores between this and its own threshold is listed
NAME_FLOOR = 0.05
#: the least mean given-name score (the name model's per-character log ratio of given names to words) of a run of
#: Han characters after a cue
CUED_FLOOR = 0.0

_H = "\u4e00-\u9fff"
#: a placeholder the redactor wrote
_PLACEHOLDER = re.compile("〔[^〔〕]{1,8}〕")
#: Latin words after a cue in any language (my wife Anna, je m'appelle Amadou, 叫 tie zhuang): lower-case too
_LATIN_CUE = re.compile(
    r"(?i:\b(?:my|our|his|her)[ \t]+(?:wife|husband|son|daughter|mother|mom|mum|father|dad|friend|neighbou?r|landlord|"
    r"landlady|roommate|flatmate|kid|child|boy|girl|grandson|granddaughter|brother|sister|name[ \t]+is|name's)|"
    r"\b(?:i'm|i[ \t]+am|this[ \t]+is|call[ \t]+me|contact|signed|regards|from|by|je[ \t]+m'appelle|je[ \t]+suis|mon[ \t]+(?:mari|fils|"
    r"voisin|nom[ \t]+est)|ma[ \t]+(?:femme|fille|voisine)|me[ \t]+llamo|mi[ \t]+nombre[ \t]+es|soy|mi[ \t]+chiamo|ich[ \t]+hei(?:ß|ss)e|"
    r"mein[ \t]+name[ \t]+ist|saya|nama[ \t]+saya))[ \t:：,，-]*"
    r"|(?:叫|名叫|叫做|我是|本人|署名|签名|英文名|名字|联系人|联系|找)(?=[是为]?[ \t:：]*[A-Za-z])[是为]?[ \t:：]*")
#: the words of a contact channel, after 联系 or contact (联系 qq, contact wechat)
_CHANNELS = frozenset("qq wechat weixin wx vx email e-mail mail tel phone mobile whatsapp line".split())
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?: [A-Za-z][A-Za-z'’-]+){0,2}")
#: an @-handle in Latin letters or digits (@Tom_88), not an e-mail address's domain (@163.com); an @ in Chinese
#: (@社区, @物业) names a body far more often than a person
_HANDLE = re.compile(r"(?<![A-Za-z0-9_.\-])@[A-Za-z0-9_][A-Za-z0-9_.\-]{1,30}(?<![.\-])")
#: a house or room number left beside a road or an estate word: 解放街附3号, 后坑里 36号, 梧桐巷21-3号, 2号院3单元502
_PLACE_WORD = "路|街|巷|弄|道|里|村|社|坊|胡同|小区|花园|新村|苑|庭|府|公寓|大厦|广场|院"
_DOOR = re.compile(rf"(?=[{''.join(sorted({w[0] for w in _PLACE_WORD.split('|')}))}])(?:{_PLACE_WORD})[{_H}]{{0,3}}[ ]?(?:附|第)?\d{{1,5}}(?:[-－]\d{{1,4}})*[ ]?(?:号(?![线楼门车口])|弄|栋|幢|室)"
                   rf"(?:[{_H}]{{0,2}}\d{{1,4}}(?:楼|层|单元|室|号)?)*"
                   r"|\d{1,4}(?:栋|幢|号楼|号院)[ ]?\d{1,2}单元[ ]?\d{3,4}(?!\d)")
#: words that say the place is someone's home (住在, 我家, 租的房子, 厝 …), within the same stretch before
#: the door number: 人民医院在解放路120号 is a public building's address, which is kept
_HOME_BEFORE = re.compile("住|家|租的|房子|屋|厝|蹛|寄到|送到")
#: a run of single Han characters, each alone between spaces (花 满 楼, 敖 日 格 勒)
_SPACED = re.compile(rf"(?<![{_H}])[{_H}](?: [{_H}])+")
#: characters that end a spaced name (楼上 的 人, 饶 姓 住户): words of grammar, not the place characters of
#: names.NOT_IN_NAME (花 满 楼 is a name)
_FUNCTION_CHARS = frozenset("的了是在有和与及或等个说也都还就不没很太又再才我你他她它这那们姓把被给让从到对向")
_HAN = re.compile(f"[{_H}]")
#: two to four Han characters, single spaces between them allowed (after a cue)
_RUN = re.compile(rf"[{_H}](?: ?[{_H}]){{1,3}}")
#: a Han character doubled (朵朵, 乐乐, 阳阳) is read as a child's pet name when it is no everyday word (天天, 明明, 宝宝):
#: how often a doubled character may stand in the dictionary and still be read as a pet name (朵朵 44, 乐乐 14; 宝宝
#: 301, 明明 1,305, 天天 1,855)
DOUBLED_MAX_FREQ = 50
#: the least given-name score (the name model's log ratio) of its character: 朵 −0.35, 豆 −1.02, 管 −3.74
DOUBLED_MIN_GIVEN = -1.1


#: The last character of a surname-led word that is no given name's: an adverb, a modal or a direction (高峰太堵,
#: 马路刚修好, 高峰南路), and how often the first two must stand in the dictionary for the three to be read that way.
_NOT_A_GIVEN_LAST = names._ADVERB_OR_MODAL | frozenset("太刚很真挺特越最东南西北里外")
WORD_HEAD_FREQ = 300


@lru_cache(maxsize=1)
def _readers():
    """The name model, the cue pattern and the character tables the Han readings use (loaded once)."""
    from .redact import default_redactor

    finder = default_redactor().names
    words = set(names.ROLE_WORDS) | set(names._KIN_WORDS) | set(names._literal_words(names.STRONG_LABELS))
    words |= {"叫", "名叫", "叫做", "名字叫", "名字是", "本名", "大名", "真名", "全名", "艺名", "小名", "乳名"}
    # (led by a look-ahead for the words' first characters, so that the engine skips ahead; it ends where a Han
    # character that can stand in a name follows, which is all _cued_names reads)
    first = "".join(sorted({w[0] for w in words}))
    never = "".join(sorted(NOT_IN_NAME))
    cue = re.compile(f"(?=[{first}])" + names.alternation_tree(words) + "[ ：:]?(?:叫|是|名叫|的)?[ ：:]?"
                     f"(?=[{_H}])(?![{never}])")
    surnames = frozenset(names.SINGLE_SURNAMES) | frozenset(BAIJIAXING) | frozenset(names.COMPOUND_SURNAMES) \
        | frozenset(finder.model.surname)
    minority = frozenset(c for w in names.MINORITY_NAME_ELEMENTS for c in w)
    return finder, cue, surnames, minority


def _given_score(model, run: str) -> float:
    """The mean of the name model's given-name log ratio over the characters of ``run``."""
    return sum(model.given.get(c, -8.0) for c in run) / len(run)


def _cued_names(text: str, floor: float) -> list[tuple[int, int]]:
    """Runs of two to four Han characters (spaces between single ones allowed) right after a person cue, that no
    placeholder, no character that is never in a name and no everyday word opens, and whose characters are
    given-name characters on the model's table (mean log ratio at least ``floor``)."""

    finder, cue, surnames, minority = _readers()
    model, freq, tag = finder.model, finder.freq, finder._tag_of
    out = []

    def word(w: str) -> bool:
        return freq(w) > 0 and not tag(w).startswith("nr")

    for m in cue.finditer(text):
        b = m.end()
        if m.start() > 0 and text[m.start() - 1] in surnames and m.group().rstrip(" ：:是叫的") in TITLES:
            continue  # 王师傅修东西: a surname and a title name the person, what follows is said of them
        run = _RUN.match(text, b)
        if not run:
            continue
        chars = run.group().replace(" ", "")
        k = 0
        while k < len(chars) and chars[k] not in NOT_IN_NAME:
            k += 1
        if k < 2:
            continue
        chars = chars[:k]
        if len(chars) == 4 and chars[0] in surnames and chars[:2] not in surnames:
            chars, k = chars[:3], 3  # a surname and two given characters at most (岳长山冻得: 岳长山)
        if len(chars) == 2 and chars[0] in "小老阿大" and chars[1] in surnames:
            continue  # 小刘, 老郑: a surname and a familiar prefix, kept
        if chars[0] in surnames and any(chars[1:1 + n] in TITLES for n in (1, 2, 3)) or any(
                chars[:n] in FAMOUS for n in (2, 3, 4)):
            continue  # 王先生, 郑伯: a surname and a title, kept; 诸葛亮, 林黛玉: a figure everyone knows
        if len(chars) > 2 and word(chars[:3]) or word(chars[:2]) and not (chars[0] in surnames and len(chars) > 2):
            continue  # an everyday word (活动, 成立, 修东西), unless a surname opens a longer run that is none (林清水)
        body = chars[1:] if chars[0] in surnames else chars
        if _given_score(model, body) < floor and not set(chars) <= minority:
            continue
        # the span in the text: as many characters as were kept, the spaces between them included
        end, seen = b, 0
        while seen < k:
            if text[end] != " ":
                seen += 1
            end += 1
        if RIGHT_PLACE.search(text[b + 1:end + 2]) and not RIGHT_PERSON.match(text, end):
            continue  # a place or a body (叫翠苑, 阳光花园的, 叫德胜门, 春晖驿站)
        out.append((b, end))
    return out


def _model_names(joined: str, floor: float) -> list[tuple[int, int]]:
    """(start, end) of the candidates the name model scores above ``floor`` and at most its own threshold, placeholders
    such as 张三 and familiar forms such as 小刘 left out, in a batch joined by newlines: the model reads a whole batch's
    candidates with numpy at once."""
    finder = _readers()[0]
    model = finder.model
    # (小刘人挺好: after 小 or 老 the surname is a familiar form, kept, and what follows it is said of them; 早晚高峰太堵,
    # 马路刚修好, 高峰南路: a word, then an adverb or a direction, no name)
    return [(a, b) for a, b, p in model.scored(joined, floor)
            if p <= model.threshold and not placeholder_name(joined[a:b]) and joined[a - 1:a] not in ("小", "老")
            and not (b - a == 3 and joined[a + 2] in _NOT_A_GIVEN_LAST and finder.freq(joined[a:a + 2]) >= WORD_HEAD_FREQ)]


def _spans_in(text: str, starts: np.ndarray, kinds: tuple[str, ...], name_floor: float, cued_floor: float,
              model_names: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every reading in ``text``, the answers of a batch joined by newlines (``starts``: where
    each begins); a look back never reaches into the answer before."""

    def lo(i: int, back: int) -> int:
        return max(int(starts[np.searchsorted(starts, i, side="right") - 1]), i - back)

    out: list[tuple[str, int, int]] = []
    want = frozenset(kinds)
    if "latin" in want:
        english = english_words()
        for m in _LATIN_WORD.finditer(text):
            if not all(w.lower() in english for w in re.split(r"[ -]", m.group())):
                out.append(("latin", m.start(), m.end()))
    if "cued_latin" in want:
        english = english_words()
        for m in names._latin_finditer(_LATIN_CUE, text):  # (a cue is followed by Latin letters on its line)
            r = _LATIN_RUN.match(text, m.end())
            if not r:
                continue
            words = r.group().split(" ")
            k = 0
            while k < len(words) and words[k].lower().strip("'’") not in english and words[k].lower() not in _CHANNELS:
                k += 1
            if k:
                out.append(("cued_latin", r.start(), r.start() + len(" ".join(words[:k]))))
    if "digits" in want:
        for m in _DIGITS.finditer(text):
            if not _SERVICE_NUMBER.fullmatch(m.group()) and not _DATE.fullmatch(m.group()) \
                    and not _THING_NUMBER.search(text, lo(m.start(), 14), m.start()):
                out.append(("digits", m.start(), m.end()))
    if "handle" in want:
        out += [("handle", m.start(), m.end()) for m in _HANDLE.finditer(text)]
    if "door" in want:
        for m in _DOOR.finditer(text):
            if _HOME_BEFORE.search(text, lo(m.start(), 16), m.start() + 1):
                out.append(("door", m.start(), m.end()))
    has_han = _HAN.search(text) is not None
    if has_han and "model_name" in want:
        out += [("model_name", a, b) for a, b in model_names]
    if has_han and "cued_name" in want:
        out += [("cued_name", a, b) for a, b in _cued_names(text, cued_floor)]
    if has_han and "spaced_name" in want:
        surnames = _readers()[2]
        for m in _SPACED.finditer(text):
            chars = m.group()[::2]
            if m.end() < len(text) and _HAN.match(text, m.end()) and not RIGHT_PERSON.match(text, m.end()):
                chars = chars[:-1]  # the last one opens a word (冯 女士, 黎 主任), unless what follows is said of a person (景 天说)
            # from the first surname on, two to four of them (叫 花 满 楼: 花 满 楼)
            i = next((i for i, c in enumerate(chars[:-1])
                      if c not in NOT_IN_NAME and (c in surnames or chars[i:i + 2] in surnames)), None)
            if i is None:
                continue
            k = i + 1
            while k < min(len(chars), i + 4) and chars[k] not in _FUNCTION_CHARS:
                k += 1
            if k - i >= 2 and not any(chars[i + 1:i + 1 + n] in TITLES for n in (1, 2, 3)):  # 严 师 傅: kept
                out.append(("spaced_name", m.start() + 2 * i, m.start() + 2 * k - 1))
    if has_han and "doubled_name" in want:
        finder = _readers()[0]
        for m in re.finditer(rf"([{_H}])\1", text):
            a, b = m.span()
            c = text[a]
            if c in NOT_IN_NAME or finder.model.given.get(c, -8.0) < DOUBLED_MIN_GIVEN or finder.freq(text[a:b]) >= DOUBLED_MAX_FREQ:
                continue  # not a given-name character (管管, 哐哐), or an everyday word (天天, 明明)
            if text[a - 2:a - 1] == text[a - 1:a] != "" or text[b:b + 1] == text[b + 1:b + 2] != "" or \
                    text[a - 1:a] == c or text[b:b + 1] in ("的", "地", c) or RIGHT_PLACE.match(text, b):
                continue  # 清清楚楚, 摇摇晃晃, 红红的, 兴兴街
            if text[a - 1:a] == "一" or finder._tag_of(c) == "v" or "〔" in text[b:b + 3] or finder.freq(text[a:a + 4]) > 0:
                continue  # 一栋栋, 修修, 扣扣〔QQ号〕 (a messenger's name), 欣欣向荣
            if finder.freq(text[a - 1:a + 1]) > 0 and finder.freq(text[b - 1:b + 1]) > 0:
                continue  # two words meeting on the character (地方方便, 供水水质, 早晨晨练)
            out.append(("doubled_name", a, b))
    if "name_part" in want:
        minority = _readers()[3] if has_han else frozenset()
        for m in _PLACEHOLDER.finditer(text):
            if m.group() != "〔姓名〕":
                continue
            b = m.end()
            k = 0
            while b + k < len(text) and k < 2 and (text[b + k] in GIVEN_NAME_CHARS or text[b + k] in minority) \
                    and text[b + k] not in NOT_IN_NAME:
                k += 1
            # not the start of a word or a title (〔姓名〕明年, 〔姓名〕阿姨, 〔姓名〕大爷)
            if k and (_readers()[0].freq(text[b:b + 2]) == 0 or set(text[b:b + 2]) <= minority) and not any(text[b:b + n] in ROLE_WORDS for n in (1, 2, 3)):
                out.append(("name_part", m.start(), b + k))
    return out


def review_spans(text: str, kinds: tuple[str, ...] = KINDS, name_floor: float = NAME_FLOOR,
                 cued_floor: float = CUED_FLOOR) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every word or number of one redacted answer a reviewer should look at, in order.

    ``kinds`` are keys of :data:`REASONS`; ``name_floor`` the review threshold of the name model, ``cued_floor`` the
    least given-name score of a run after a cue (see the module docstring).

    >>> review_spans("联系 Mandy Wu，楼上的 花 满 楼 天天吵")
    [('latin', 3, 11), ('spaced_name', 16, 21)]
    """
    return review_spans_many([text], kinds, name_floor, cued_floor)[0]


def review_spans_many(texts: list[str], kinds: tuple[str, ...] = KINDS, name_floor: float = NAME_FLOOR,
                      cued_floor: float = CUED_FLOOR) -> list[list[tuple[str, int, int]]]:
    """:func:`review_spans` of each text. The texts are read joined by newlines, each pattern and the name model once
    over the batch (as the redactor reads one)."""
    if not texts:
        return []
    joined = "\n".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    model = _model_names(joined, name_floor) if "model_name" in kinds else []
    per: list[list[tuple[str, int, int]]] = [[] for _ in texts]
    found = _spans_in(joined, starts, kinds, name_floor, cued_floor, model)
    at = np.searchsorted(starts, np.fromiter((a for _, a, _ in found), np.int64, len(found)), side="right") - 1
    for (kind, a, b), i in zip(found, at.tolist()):
        per[i].append((kind, a - int(starts[i]), b - int(starts[i])))
    # one row per stretch of text: a span inside another's (Mandy Wu, latin and after 联系) is listed once, under the
    # first kind of REASONS that reads it
    order = {k: i for i, k in enumerate(REASONS)}
    out = []
    for spans in per:
        kept: list[tuple[str, int, int]] = []
        for kind, a, b in sorted(spans, key=lambda r: (order[r[0]], r[1] - r[2])):
            if not any(a2 <= a and b <= b2 for _, a2, b2 in kept):
                kept.append((kind, a, b))
        out.append(sorted(kept, key=lambda r: (r[1], r[2])))
    return out


def review_candidates(texts: pd.Series, n_respondents: pd.Series | None = None, *, kinds: tuple[str, ...] = KINDS,
                      name_floor: float = NAME_FLOOR, cued_floor: float = CUED_FLOOR) -> pd.DataFrame:
    """One row per word or number a reviewer should look at, in the order of the answers.

    Parameters
    ----------
    texts : pandas.Series
        Redacted answers (the evidence's distinct informative answers), indexed as they are to be referred to.
    n_respondents : pandas.Series, optional
        Respondents who wrote each answer, on the same index.
    kinds, name_floor, cued_floor
        What to list, as :func:`review_spans` takes them.

    Returns
    -------
    pandas.DataFrame
        ``answer`` (the index), ``n_respondents``, ``reason`` (:data:`REASONS`: 拉丁字母词, 数字串, 疑似姓名 …), ``token``, ``text_redacted``.

    Examples
    --------
    >>> import pandas as pd
    >>> review_candidates(pd.Series({4: "联系 Mandy Wu"}), pd.Series({4: 2}))[["answer", "n_respondents", "token"]].values.tolist()
    [[4, 2, 'Mandy Wu']]
    """
    rows = []
    strings = [str(t) for t in texts]
    for key, text, spans in zip(texts.index, strings, review_spans_many(strings, kinds, name_floor, cued_floor)):
        rows += [(key, kind, text[a:b], text) for kind, a, b in spans]
    out = pd.DataFrame(rows, columns=["answer", "reason", "token", "text_redacted"])
    out.insert(1, "n_respondents", out["answer"].map(n_respondents).astype("Int64") if n_respondents is not None
               else pd.array([1] * len(out), dtype="Int64"))
    out["reason"] = out["reason"].map(REASONS)
    return out
