"""Respondents' own personal data, given in columns, masked wherever it appears in the open answers.

Many questionnaires ask for a call-back number, a name or an address (联系电话（选填）, 抽奖用姓名). The codebook
gives such columns ``role: personal``: they stay in the restricted ``data/`` folder, and their values are read
here as *known* personal data. Any answer that repeats one of them, the respondent's own or a neighbour's, has it
replaced by the placeholder of its kind before the redactor reads the answer, so that a name or number the rules
would miss (an unlisted surname, a name with no cue) still never reaches a table or a report. The redactor keeps
placeholders as they are, and the counts join the redaction log's counts by kind.

A value's kind comes from its column's label or name (姓名, 电话, 地址, 微信 …) and, where that says nothing, from
its shape. Decisions:

- numbers are compared by their digits, whatever stands between them (138-1234-5678, +86 138 1234 5678), a
  landline with or without its area code;
- a name must be two to four Han characters, or Latin words of four letters or more; a two-character name that is
  a common word of jieba's dictionary (高峰, 建国) is not searched for, since masking every 早晚高峰 would cost
  more than the rules leave (they still read it where a cue marks a person);
- any other value (an address, a WeChat id) is searched for whole, from five characters up.

>>> import pandas as pd
>>> known = KnownValues.from_frame(pd.DataFrame({"contact_phone": ["13812345678", ""], "contact_name": ["欧冶春", None]}),
...                                labels={"contact_phone": "联系电话", "contact_name": "姓名"})
>>> texts, counts = known.mask(["我是欧冶春，电话 138 1234 5678，路灯坏了", "停车难"])
>>> texts, counts
(['我是〔姓名〕，电话 〔电话〕，路灯坏了', '停车难'], {'name': 1, 'phone': 1})
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .clean import normalise, normalise_many
from .redact import PLACEHOLDERS, _word_freq

#: a column's label or name → the kind of its values (the first that matches)
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("id_card", r"身份证|证件号|(?i:id_?card)"),
    ("email", r"邮箱|电子邮件|(?i:e-?mail)"),
    ("wechat", r"微信|(?i:wechat|weixin)"),
    ("qq", r"(?i:qq)"),
    ("phone", r"电话|手机|联系方式|(?i:phone|mobile|tel\b)"),
    ("address", r"地址|住址|门牌|(?i:address)"),
    ("name", r"姓名|名字|称呼|联系人|(?i:name)"),
)
#: a two-character name this common in jieba's dictionary is left to the redactor's rules
COMMON_WORD_FREQ = 500
MIN_WHOLE = 5  # shortest value of any other kind searched for whole
MIN_DIGITS = 5  # shortest number (a QQ number has five digits and more)

_DIGIT_RUN = re.compile(r"(?<![\dA-Za-z])\+?\d(?:[ \-.·/]?\d)+(?![\dA-Za-z])")
_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]{2,}[A-Za-z]")


def kind_of_column(label: str) -> str | None:
    """The kind a column's label or name says its values are (``None``: it says nothing)."""
    return next((kind for kind, words in KIND_WORDS if re.search(words, label)), None)


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    # a country code written before a mobile or a landline: 86 138…, 0086 571…
    for cc in ("0086", "86"):
        if d.startswith(cc) and len(d) - len(cc) >= 10:
            return d[len(cc):]
    return d


def _shape(value: str) -> str:
    if _ID.fullmatch(value):
        return "id_card"
    if "@" in value:
        return "email"
    if _DIGIT_RUN.fullmatch(value):
        return "phone"
    if _HAN_NAME.fullmatch(value) or (value[0].isupper() and _LATIN_NAME.fullmatch(value)):
        return "name"
    return "address"


@dataclass(frozen=True)
class KnownValues:
    """The values of a study's personal columns, by how they are looked for.

    Attributes
    ----------
    numbers : dict of str to str
        Digits → kind (phones, QQ numbers: compared digit for digit, a landline also without its area code).
    ids : frozenset of str
        ID numbers, upper case.
    whole : dict of str to str
        Names, e-mails, addresses and other ids → kind, found as they are written.
    skipped : int
        Values not searched for: too short, or a name that is a common word.

    Examples
    --------
    >>> known = KnownValues.of([("13800138000", "phone"), ("区婉仪", None)])
    >>> sorted(known.numbers), sorted(known.whole), known.skipped
    (['13800138000'], ['区婉仪'], 0)
    """

    numbers: dict[str, str] = field(default_factory=dict)
    ids: frozenset[str] = frozenset()
    whole: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    #: phones by their last seven digits, and whole values by their first two characters, longest first: each
    #: digit run or position of an answer is looked up, not compared with every value
    tails: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, labels: dict[str, str] | None = None) -> "KnownValues":
        """Read the personal columns of ``frame``; ``labels`` (column → label) tell each column's kind.

        Parameters
        ----------
        frame : pandas.DataFrame
            One column per personal variable; blanks are ignored.
        labels : dict of str to str, optional
            The codebook's labels; a column's kind is read from its label, then its name, then each value's shape.

        Returns
        -------
        KnownValues
            Every value of the columns, by how it is looked for.

        Examples
        --------
        >>> import pandas as pd
        >>> k = KnownValues.from_frame(pd.DataFrame({"tel": ["021-64287731", None]}), {"tel": "联系电话"})
        >>> k.numbers
        {'02164287731': 'phone'}
        """
        labels = labels or {}
        return cls.of((raw, kind_of_column(f"{labels.get(col, '')} {col}"))
                      for col in frame.columns for raw in pd.unique(frame[col].dropna().astype(str)))

    @classmethod
    def from_file(cls, path: str | Path) -> "KnownValues":
        r"""A reviewer's list of personal data to mask (``text.redact_also``): a CSV with a ``value`` column and an
        optional ``kind`` column (name, phone, address, id_card, wechat, qq, email, number), or a text file of one
        value a line. Listed by a person, a two-character name is masked even when it is a common word.

        Parameters
        ----------
        path : str or Path
            The list, in any encoding the loaders read (UTF-8 with or without BOM, GBK).

        Returns
        -------
        KnownValues
            The listed values.

        Raises
        ------
        StageError
            A CSV without a ``value`` column.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "also.txt"
        >>> _ = f.write_text("区婉仪\n高峰\n13800138000\n", encoding="utf-8")
        >>> KnownValues.from_file(f).mask(["区婉仪说早晚高峰打13800138000"])[0]
        ['〔姓名〕说早晚〔姓名〕打〔电话〕']
        """
        from io import StringIO

        from ..textio import decode_bytes

        path = Path(path)
        text, _ = decode_bytes(path.read_bytes(), path=path)
        if path.suffix.lower() == ".csv":
            table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
            if "value" not in table.columns:
                from ..errors import Problem, StageError

                raise StageError(Problem(zh="待遮蔽清单缺少 value 列。", en="the list of data to mask has no 'value' column.",
                                         file=str(path), hint_zh="第一行写列名 value（可加 kind 列）。",
                                         hint_en="Give the first row the column name value (and optionally kind)."))
            kinds = table["kind"] if "kind" in table.columns else [""] * len(table)
            pairs = [(v, k.strip() or None) for v, k in zip(table["value"], kinds)]
        else:
            pairs = [(line, None) for line in text.splitlines()]
        return cls.of(pairs, listed=True)

    @classmethod
    def of(cls, values, listed: bool = False) -> "KnownValues":
        """From ``(value, kind or None)`` pairs; a value with no kind is read by its shape.

        Parameters
        ----------
        values : iterable of (str, str or None)
            Each value and its kind (a key of the redactor's placeholders), or None to read it by its shape.
        listed : bool, default False
            A person chose each value, so a name that is a common word is masked too.

        Returns
        -------
        KnownValues

        Examples
        --------
        >>> KnownValues.of([("高峰", "name")]).skipped, KnownValues.of([("高峰", "name")], listed=True).skipped
        (1, 0)
        """
        freq = _word_freq()
        numbers: dict[str, str] = {}
        ids: set[str] = set()
        whole: dict[str, str] = {}
        skipped = 0
        for raw, said in values:
            value = normalise(str(raw))
            if not value:
                continue
            said = "phone" if said == "landline" else said
            kind = said if said in PLACEHOLDERS else _shape(value)
            if kind == "id_card" and _ID.fullmatch(value):
                ids.add(value.upper())
            elif kind in ("phone", "qq") and _DIGIT_RUN.fullmatch(value) and len(_digits(value)) >= MIN_DIGITS:
                numbers[_digits(value)] = kind
            elif kind == "name" and _HAN_NAME.fullmatch(value):
                if len(value) == 2 and freq(value) >= COMMON_WORD_FREQ and not listed:
                    skipped += 1
                else:
                    whole[value] = "name"
            elif kind == "name" and _LATIN_NAME.fullmatch(value) and len(value) >= 4:
                whole[value] = "name"
            elif len(value) >= MIN_WHOLE and kind not in ("name", "id_card"):
                whole[value] = kind
            else:
                skipped += 1
        return cls._built(numbers, frozenset(ids), whole, skipped)

    @classmethod
    def _built(cls, numbers: dict[str, str], ids: frozenset[str], whole: dict[str, str], skipped: int) -> "KnownValues":
        tails: dict[str, list[str]] = {}
        for digits, kind in numbers.items():
            if kind == "phone" and len(digits) >= 7:
                tails.setdefault(digits[-7:], []).append(digits)
        heads: dict[str, list[str]] = {}
        for value in sorted(whole, key=lambda v: (-len(v), v)):
            heads.setdefault(value[:2], []).append(value)
        return cls(numbers, ids, whole, skipped, {k: tuple(v) for k, v in tails.items()},
                   {k: tuple(v) for k, v in heads.items()})

    def __or__(self, other: "KnownValues") -> "KnownValues":
        """Both lists as one (a study's personal columns and a reviewer's list)."""
        return self._built({**self.numbers, **other.numbers}, self.ids | other.ids, {**self.whole, **other.whole},
                           self.skipped + other.skipped)

    def __bool__(self) -> bool:
        return bool(self.numbers or self.ids or self.whole)

    def _number_kind(self, digits: str) -> str | None:
        if digits in self.numbers:
            return self.numbers[digits]
        # a landline written without its area code, or with one the column lacks
        for known in self.tails.get(digits[-7:], ()) if len(digits) >= 7 else ():
            if known.endswith(digits) or digits.endswith(known):
                return "phone"
        return None

    def _whole_spans(self, t: str) -> list[tuple[int, int, str]]:
        spans = []
        for i in range(len(t) - 1):
            for value in self.heads.get(t[i:i + 2], ()):
                if t.startswith(value, i):
                    spans.append((i, i + len(value), self.whole[value]))
                    break
        return spans

    def mask(self, texts: list[str]) -> tuple[list[str], dict[str, int]]:
        """``texts`` with every known value replaced by its placeholder, and the counts by kind.

        Parameters
        ----------
        texts : list of str
            The answers.

        Returns
        -------
        tuple of (list of str, dict of str to int)
            The answers, and how many values of each kind were masked. A text that holds no known value is returned
            as it was; one that does is returned in normal form (:func:`~citysurvey.text.clean.normalise`), as the
            stage would read it anyway.

        Examples
        --------
        >>> KnownValues.of([("qiuyu_1988", "wechat")]).mask(["加我 qiuyu_1988", "停车难"])
        (['加我 〔微信号〕', '停车难'], {'wechat': 1})
        """
        counts: Counter = Counter()
        if not self:
            return list(texts), {}
        out = []
        for text, t in zip(texts, normalise_many(texts)):  # (one pass over the batch, as the stage's own cleaning)
            spans: list[tuple[int, int, str]] = []
            if self.numbers:
                for m in _DIGIT_RUN.finditer(t):
                    kind = self._number_kind(_digits(m.group()))
                    if kind:
                        spans.append((m.start(), m.end(), kind))
            if self.ids:
                spans += [(m.start(), m.end(), "id_card") for m in _ID.finditer(t) if m.group().upper() in self.ids]
            if self.heads:
                spans += self._whole_spans(t)
            if not spans:
                out.append(text)
                continue
            pieces, last = [], 0
            for start, end, kind in sorted(spans):
                if start < last:  # inside a span already taken
                    continue
                pieces += [t[last:start], PLACEHOLDERS[kind]]
                counts[kind] += 1
                last = end
            out.append("".join(pieces) + t[last:])
        return out, dict(sorted(counts.items()))
