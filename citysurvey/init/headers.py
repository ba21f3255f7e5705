"""Reading question headers as 问卷星 and 腾讯问卷 write them.

``3、您的年龄：`` is question 3; ``8、您对以下方面的满意程度—停车`` and ``8(停车)`` are the
sub-item 停车 of matrix question 8; ``12(其他〖请注明〗)`` is an option of a multi-select question;
序号, 提交答卷时间, 所用时间, 来源, 来源详情 and 来自IP are the platform's own columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..loading.normalize import canon

_NUMBERED = re.compile(r"^(?:Q|第)?(\d+)\s*(?:[、.．:：)）]|题)\s*(.*)$", re.S)
#: a hand-made questionnaire's ``1.1 您对住房…`` and ``2 总体上…``: a number, a space, the question
_BARE_NUMBER = re.compile(r"^(\d{1,3})(?:[.．](\d{1,2}))?\s+([\u4e00-\u9fff].*)$", re.S)
#: ``性别（1=男 2=女）``: the code list a hand-made header gives in brackets
_CODE_LIST = re.compile(r"[(（]([^()（）]*?(?:-?\d+\s*[=＝:：]|[=＝]\s*-?\d+)[^()（）]*)[)）]")
_CODE_ITEM = re.compile(r"(-?\d+)\s*[=＝:：]\s*(.+?)(?=[\s,，;；、/]*-?\d+\s*[=＝:：]|[\s,，;；、/]*$)")
_LABEL_ITEM = re.compile(r"([^\s,，;；、/=＝:：]+?)\s*[=＝]\s*(-?\d+)")  # 男=1，女=2
_SUB_PAREN = re.compile(r"^(?:Q)?(\d+)\s*[(（](.+)[)）]\s*(.*)$", re.S)
_SUB_DASH = re.compile(r"^(.*?)\s*[—–]+\s*(.+)$", re.S)
_TRAILING = "：:？?。 "

#: platform metadata columns: header words → (variable name, role, type, what it is)
METADATA: list[tuple[str, str, str | None, str, str]] = [
    (r"^(序号|编号|答卷编号|答卷序号|问卷编号|(?i:id|resp_?id|respondent_?id|rid))$", "rid", None, "id", "答卷编号"),
    (r"(提交答卷时间|提交时间|答题时间|填写时间|结束时间|(?i:^submit\w*|^timestamp$|^end_?time$))", "submitted_at",
     "fieldwork_date", "date", "提交时间"),
    (r"^(开始时间|开始答题时间)$", "started_at", None, "date", "开始时间"),
    (r"(所用时间|答题时长|作答时长|用时|耗时|(?i:^duration))", "duration_sec", "duration", "number", "答题用时（秒）"),
    (r"(来自IP|IP地址|^IP$|设备|openid|OpenID|微信号|(?i:^device|^ip_?addr))", "device_id", "device", "text", "设备/IP"),
    (r"^(来源|来源详情|来源渠道|渠道|总分|答题状态|作答状态|昵称|微信昵称|地理位置)$", "", None, "", "平台信息"),
]


@dataclass(frozen=True)
class Header:
    """One raw header, taken apart."""

    raw: str
    number: int | None  # the question number, if the platform wrote one
    stem: str  # the question text without number and trailing punctuation
    sub: str | None  # the sub-item of a matrix or option of a multi-select, if any
    codes: tuple[tuple[str, str], ...] = ()  # (code, label) pairs the header lists: ``（1=男 2=女）``
    part: int | None = None  # the 3 of ``1.3 您对物业服务的满意程度``

    @property
    def text(self) -> str:
        """Stem and sub-item together, for keyword matching."""
        return f"{self.stem} {self.sub or ''}".strip()


def code_labels(text: str) -> tuple[tuple[str, str], ...]:
    """``性别（1=男 2=女）`` → (("1", "男"), ("2", "女")); () when the text lists no codes."""
    m = _CODE_LIST.search(canon(str(text)))
    if not m:
        return ()
    pairs = [(c, lab.strip()) for c, lab in _CODE_ITEM.findall(m[1])]
    if len(pairs) < 2:
        pairs = [(c, lab.strip()) for lab, c in _LABEL_ITEM.findall(m[1])]
    return tuple(pairs) if len(pairs) >= 2 else ()  # one "x=1" is a remark, not a code list


def parse_header(raw: str) -> Header:
    s = canon(str(raw))
    if codes := code_labels(s):
        return replace(parse_header(_CODE_LIST.sub("", s, count=1).strip()), raw=raw, codes=codes)
    if m := _BARE_NUMBER.match(s):
        return Header(raw, int(m[1]), _clean(m[3]), None, part=int(m[2]) if m[2] else None)
    if m := _SUB_PAREN.match(s):
        return Header(raw, int(m[1]), _clean(m[3]) if m[3] else "", _clean(m[2]))
    if m := _NUMBERED.match(s):
        number, rest = int(m[1]), m[2]
        if d := _SUB_DASH.match(rest):
            return Header(raw, number, _clean(d[1]), _clean(d[2]))
        return Header(raw, number, _clean(rest), None)
    if d := _SUB_DASH.match(s):
        return Header(raw, None, _clean(d[1]), _clean(d[2]))
    return Header(raw, None, _clean(s), None)


def _clean(text: str) -> str:
    text = re.sub(r"[\[【(（]?(单选题|多选题|矩阵单选题|矩阵量表题|量表题|填空题|多选|单选|必答|选填)[\]】)）]?", "", text)
    return text.strip().strip(_TRAILING).strip()


def metadata_kind(header: Header) -> tuple[str, str | None, str, str] | None:
    """(variable name, role, type, label) for a platform column; name "" = keep out of the codebook."""
    if header.number is not None:
        return None
    for pattern, name, role, typ, label in METADATA:
        if re.search(pattern, header.stem):
            return name, role, typ, label
    return None
