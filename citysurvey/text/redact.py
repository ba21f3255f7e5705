"""Redacting personal data from open answers before anything is stored or shown.

What goes, replaced by a typed placeholder:

==============  ==========================================================  ==============
kind            examples                                                    placeholder
==============  ==========================================================  ==============
phone           13812345678, 138-1234-5678, +86 138 1234 5678, 138****5678  〔电话〕
landline        0772-2345678, (010)12345678, 座机 2345678                   〔电话〕
id_card         18-digit ID (last digit may be X), 15-digit old ID, masked   〔身份证号〕
email           zhang.san@qq.com                                            〔邮箱〕
wechat          微信 zhang_san88, vx: abc12345, wxid_…                       〔微信号〕
qq              QQ 12345678                                                 〔QQ号〕
room            3栋2单元501室 → 3栋〔门牌号〕; 2单元501; 501室; 3-2-501      〔门牌号〕
plate           桂B12345                                                    〔车牌号〕
name            张先生, 李阿姨, 王书记, 张建国主任, 联系人：刘伟              〔姓名〕
number          any other run of 11+ digits (card, order numbers)           〔号码〕
==============  ==========================================================  ==============

Decision on addresses: the building (3栋, 3号楼) and the road number (人民路88号)
stay, because residents name them to locate a problem and a building holds many
households; the unit-and-room detail that points to one household goes. A unit
without a room (3号楼2单元) stays.

What stays: 12345 (hotline), 2023年, 45分钟, 6楼, 202路, 3号线, 400-800-1234,
dates, prices, areas, counts; titles without a surname (物业经理, 社区书记).

Patterns run on normalised text (ASCII digits, see :mod:`.clean`). Each pattern
starts with a literal or a character class so the regex engine can skip ahead,
and matches are found over a whole batch joined into one string: redacting a
million answers costs about as much as reading them.
Every pattern needs a digit, an @, a messenger keyword, a title or a name
keyword, so one pre-check pass over the batch picks the lines that have one
(one in twenty in the synthetic surveys) and the patterns run on those lines only.

>>> redact("我住3栋2单元501室，电话13812345678，找王书记没用")
'我住3栋〔门牌号〕，电话〔电话〕，找〔姓名〕没用'
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np

PLACEHOLDERS: dict[str, str] = {
    "phone": "〔电话〕",
    "landline": "〔电话〕",
    "id_card": "〔身份证号〕",
    "email": "〔邮箱〕",
    "wechat": "〔微信号〕",
    "qq": "〔QQ号〕",
    "room": "〔门牌号〕",
    "plate": "〔车牌号〕",
    "name": "〔姓名〕",
    "number": "〔号码〕",
}
KINDS_ZH: dict[str, str] = {
    "phone": "手机号", "landline": "固定电话", "id_card": "身份证号", "email": "邮箱", "wechat": "微信号",
    "qq": "QQ号", "room": "门牌号（单元/室）", "plate": "车牌号", "name": "姓名", "number": "其他长号码",
}

# Common surnames. Left out on purpose: 向 管 班 (far more often a preposition or part of
# 宿管/班主任 than a surname before a title).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "易常乔赖庞樊殷施洪翟安颜倪牛温芦季俞章鲁葛伍申尤毕聂焦柳邢骆岳齐欧包左蒙单滕关祝解"
)
TITLES = (
    "先生|女士|小姐|阿姨|叔叔|大爷|大妈|大娘|奶奶|爷爷|师傅|老师|书记|主任|经理|队长|站长|所长|局长|科长|处长|"
    "院长|校长|医生|大夫|警官|律师|老板|会计|大哥|大姐|姐|哥"
)
# Characters that do not occur in the given-name part of a "surname + name + title" but do in
# the words such a pattern would otherwise swallow (高新区主任, 于是王先生, 安全主任).
_NOT_IN_NAME = set("区县市镇乡村街路巷院校园楼栋号队组站局处科办部会委群店厂司门口里边上下们的了是在有和与及或等个位名说找问给让叫请跟同被把对向从到去来这那全新")

_ROOM_STOP = "年月日号路元块米分秒天层楼个户人辆次%多平万千斤度岁公里期届级条栋幢台部家位名"
_D = r"\d"


def _patterns() -> list[tuple[str, re.Pattern, int]]:
    """(kind, pattern, group holding the part to remove), in priority order for overlaps."""
    s = SURNAMES
    p: list[tuple[str, str, int]] = [
        ("email", r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", 0),
        ("id_card", r"[1-9](?<!\d[1-9])\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])", 0),
        ("id_card", r"\d(?<!\d\d)\d{16}[0-9Xx](?![0-9A-Za-z])", 0),
        ("id_card", r"[1-9](?<!\d[1-9])\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])", 0),
        ("id_card", r"\d(?<!\d\d)\d{3,5}[*xX]{6,12}\d{2,3}[0-9Xx](?![0-9A-Za-z])", 0),
        ("phone", r"(?:\+86|8(?<!\d8)6)[- ]?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)", 0),
        ("phone", r"1(?<!\d1)[3-9]\d(?:[- ]?\d{4}){2}(?!\d)", 0),
        ("phone", r"1(?<!\d1)[3-9]\d[*xX]{4}\d{4}(?!\d)", 0),
        ("landline", r"0(?<!\d0)\d{2,3}[- ]?[2-9]\d{6,7}(?:-\d{1,4})?(?!\d)", 0),
        ("landline", r"[(（]0\d{2,3}[)）] ?[2-9]\d{6,7}(?!\d)", 0),
        ("landline", r"(?:电话|座机|固话|联系方式|号码|tel|Tel|TEL)(?:号码?|是|为|[:：]| ){0,3}([2-9]\d{6,7})(?!\d)", 1),
        ("wechat", r"wxid_[A-Za-z0-9_-]{4,30}", 0),
        ("wechat", r"(?:微信|威信|薇信|v信|V信|vx|VX|Vx|vX|wx|WX|Wx|weixin|wechat|WeChat)(?:号码|号|账号|id|ID)?"
                   r"(?:[:：]| |是|为){0,3}([A-Za-z][-_A-Za-z0-9]{5,19}|\d{5,11})(?![-_A-Za-z0-9])", 1),
        ("qq", r"(?:QQ|qq|Qq|扣扣)(?:号码|号)?(?:[:：]| |是|为){0,3}(\d{5,11})(?!\d)", 1),
        ("room", rf"\d(?<!\d\d)\d{{0,2}}(?:栋|幢|号楼|座|#)楼?[- ]?((?:\d{{1,2}}单元[- ]?)?\d{{3,4}}(?:室|房间|号房|房|号)?)(?![\d{_ROOM_STOP}])", 1),
        ("room", rf"[一二三四五六七八九十]{{1,3}}(?:栋|幢|号楼|座)[- ]?((?:\d{{1,2}}单元[- ]?)?\d{{3,4}}(?:室|房间|号房|房|号)?)(?![\d{_ROOM_STOP}])", 1),
        ("room", rf"\d(?<!\d\d)\d?单元[- ]?\d{{3,4}}(?:室|房间|号房|房|号)?(?![\d{_ROOM_STOP}])", 0),
        ("room", r"\d(?<![\d-]\d)\d{0,2}-\d{1,2}-\d{3,4}(?![\d-])", 0),
        ("room", r"\d(?<!\d\d)\d{2,3}(?:室|房间|号房)(?![\d厅])", 0),
        ("room", rf"(?:住在|家住|我家是|我家|房号|门牌号|门牌)(?:是|[:：]| ){{0,2}}(\d{{3,4}})(?![\d.{_ROOM_STOP}])", 1),
        ("plate", r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·• ]?(?=[A-HJ-NP-Z]*\d)[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])", 0),
        ("name", rf"[{s}][\u4e00-\u9fff]{{0,2}}?(?:{TITLES})", 0),
        ("name", rf"(?:联系人|姓名|我叫|名字叫|本人)(?:是|为|[:：]| ){{0,2}}([{s}][\u4e00-\u9fff]{{1,2}})", 1),
        ("number", r"\d(?<!\d\d)\d{10,}(?!\d)", 0),
    ]
    return [(kind, re.compile(pat), group) for kind, pat, group in p]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


@lru_cache(maxsize=1)
def _word_freq() -> Callable[[str], int]:
    """Frequency of a word in jieba's dictionary, to tell 安全主任 from 安主任."""
    from .segment import jieba_dictionary

    freq = jieba_dictionary()
    return lambda w: freq.get(w, 0) or 0


class Redactor:
    """Finds personal data; see the module docstring for what and why.

    >>> Redactor().redact("联系人：李先生 0772-2345678")
    '联系人：〔姓名〕 〔电话〕'
    """

    def __init__(self, word_freq: Callable[[str], int] | None = None):
        self._patterns = _patterns()
        self._freq = word_freq

    def _is_word(self, w: str) -> bool:
        freq = self._freq or _word_freq()
        return freq(w) > 0

    def _plausible_name(self, text: str, start: int, end: int, title_group: bool) -> int | None:
        """Start of the name span if text[start:end] is a name with a title, else None."""
        if not title_group:  # keyword form: 联系人：王伟
            return start if not (set(text[start:end]) & _NOT_IN_NAME) else None
        m = re.search(f"(?:{TITLES})$", text[start:end])
        head = text[start:start + m.start()] if m else text[start:end]
        surname, given = head[0], head[1:]
        if set(given) & _NOT_IN_NAME:
            return None
        freq = self._freq or _word_freq()
        if given and freq(head) >= 1000:
            return None  # 高新, 安全: a common word, not a name
        prev = text[start - 1] if start > 0 else ""
        if prev in ("老", "小"):
            return start - 1  # 老李师傅, 小张: the prefix is part of the name
        if prev and freq(prev + surname) > 0:
            return None  # 保安队长, 提高老师…: the "surname" ends another word
        return start

    def find(self, text: str) -> list[Span]:
        """Spans of personal data in one normalised text, without overlaps, in order."""
        found: list[tuple[int, int, int, str]] = []
        for prio, (kind, pat, group) in enumerate(self._patterns):
            pos = 0
            while True:
                m = pat.search(text, pos)
                if m is None:
                    break
                start, end = m.span(group)
                if kind == "name":
                    ok = self._plausible_name(text, start, end, title_group=group == 0)
                    if ok is None:
                        pos = m.start() + 1  # a rejected match may hide a real one inside it
                        continue
                    start = ok
                found.append((prio, start, end, kind))
                pos = m.end()
        return _resolve(found)

    def find_many(self, big: str) -> list[Span]:
        """Spans in a newline-joined batch (no pattern crosses a newline).

        Every pattern needs a digit, an @, a messenger keyword (微信, QQ …), a title
        (先生, 阿姨 …) or a name keyword (联系人, 我叫 …). One regex pass finds the
        lines with one of those; the patterns then run on those lines only, which
        gives the same spans (a line start looks the same to every pattern whether
        it follows a newline or starts the text).
        """
        hits = [m.start() for m in _TRIGGER.finditer(big)]
        if not hits:
            return []
        starts = _line_starts(big)
        rows = np.unique(np.searchsorted(starts, hits, side="right") - 1)
        if len(rows) == len(starts):
            return self.find(big)
        ends = np.r_[starts[1:] - 1, len(big)]
        sub = "\n".join(big[a:b] for a, b in zip(starts[rows].tolist(), ends[rows].tolist()))
        spans = self.find(sub)
        if not spans:
            return []
        sub_starts = np.cumsum(np.r_[0, (ends[rows] - starts[rows] + 1)[:-1]])
        at = np.searchsorted(sub_starts, [sp.start for sp in spans], side="right") - 1
        shift = (starts[rows] - sub_starts)[at].tolist()
        return [Span(sp.start + d, sp.end + d, sp.kind) for sp, d in zip(spans, shift)]

    def redact(self, text: str) -> str:
        return apply_spans(text, self.find(text))


# A line can hold personal data only if it has one of these (see Redactor.find_many); the match
# runs to the end of the line so that each line is reported once. Every alternative starts with a
# literal character (0|1|… rather than [0-9]), so the regex engine skips ahead with a character set:
# one pass over a batch is ~15× faster than with a class as the first alternative.
_TRIGGER = re.compile(
    r"(?:0|1|2|3|4|5|6|7|8|9|@|wxid|微信|威信|薇信|v信|V信|vx|VX|Vx|vX|wx|WX|Wx|weixin|wechat|WeChat|QQ|qq|Qq|扣扣|"
    rf"联系人|姓名|我叫|名字叫|本人|{TITLES}).*"
)


def _line_starts(big: str) -> np.ndarray:
    """Offset of every line of a newline-joined batch."""
    cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    return np.r_[0, np.flatnonzero(cp == 10) + 1]


def _resolve(found: list[tuple[int, int, int, str]]) -> list[Span]:
    """Keep the higher-priority span where two overlap."""
    starts: list[int] = []  # kept spans, sorted and disjoint, so a bisect finds any overlap
    ends: list[int] = []
    kinds: list[str] = []
    for _prio, start, end, kind in sorted(found):
        i = bisect.bisect_left(starts, start)
        if (i < len(starts) and starts[i] < end) or (i > 0 and ends[i - 1] > start):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kinds.insert(i, kind)
    return [Span(s, e, k) for s, e, k in zip(starts, ends, kinds)]


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    out, last = [], 0
    for sp in spans:
        out.append(text[last:sp.start])
        out.append(sp.placeholder)
        last = sp.end
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    return Redactor()


def redact(text: str) -> str:
    """Redact one (normalised) text with the default rules."""
    return default_redactor().redact(text)


def redact_joined(big: str, redactor: Redactor | None = None) -> tuple[str, dict[str, int]]:
    """Redact a newline-joined batch; return it and the count of each kind found."""
    r = redactor or default_redactor()
    spans = r.find_many(big)
    counts: dict[str, int] = {}
    for sp in spans:
        counts[sp.kind] = counts.get(sp.kind, 0) + 1
    return apply_spans(big, spans), counts
