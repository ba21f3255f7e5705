"""Guessing what each column of a raw export is: its type, role, categories and scale.

Every guess carries its evidence (the header words or answers that led to it) and a confidence
(高 / 中 / 低), so the user can check the draft instead of trusting it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from ..codebook import OVERALL_LEVEL
from ..loading.normalize import MISSING_TOKENS, canon
from ..sampling.population_tables import age_interval, is_number as _is_number
from .headers import Header, metadata_kind, parse_header
from .levels import guess_level
from .scales import ScaleGuess, guess_code_scale, guess_scale

MULTI_SEP = "┋"

#: header words → (role name used as the variable name, codebook role, what it is)
ROLE_WORDS: list[tuple[str, str, str, str]] = [
    (r"(街道|乡镇|镇街|街镇|(?i:^street))", "street", "street", "街道/乡镇"),
    (r"(区县|所在区|哪个区|哪一个区|居住.*区|所属区|行政区|所在的区|所在县|区（县|区\(县|(?i:^district))", "district",
     "district", "所在区"),
    (r"(性别|(?i:^sex$|^gender$))", "sex", "demographic", "性别"),
    (r"(年龄|岁数|出生年|(?i:^age(_?band|_?group)?$))", "age", "demographic", "年龄"),
    (r"(户籍|户口|(?i:^hukou))", "hukou", "demographic", "户籍"),
    (r"(文化程度|学历|受教育|(?i:^edu))", "education", "demographic", "文化程度"),
    (r"(收入|(?i:^income))", "income_band", "demographic", "收入"),
    (r"职业", "occupation", "demographic", "职业"),
    (r"(住房性质|住房产权|住房类型|房屋性质|租房|自有住房)", "tenure", "demographic", "住房性质"),
    (r"(居住年限|居住时间|住了多久|居住了多长)", "residence_years", "demographic", "居住年限"),
]
#: header words of a respondent's own contact details: kept in data/ only and masked in the open answers
PERSONAL_WORDS = (r"(姓名|您的名字|称呼|联系电话|联系方式|手机号|电话号码|身份证|微信号|QQ号|(?i:qq)|电子邮箱|邮箱|家庭住址|详细地址|"
                  r"门牌号|(?i:^name$|phone|mobile|e-?mail|wechat))")
SUGGESTION_WORDS = r"(意见|建议|还有什么|想说|留言|诉求|期待|希望.*改进|(?i:suggest|comment|advice|open_?text))"
#: variable names the drafting gives by role: the tables' groups are matched to them, so they win
#: over a file's own names (xingbie → sex)
ROLE_NAMES = frozenset({name for _, name, _, _ in ROLE_WORDS} | {"age_band", "income"})
#: education answers → rank on one ladder, so answers and yearbook groups can be merged
EDU_RANKS: list[tuple[str, int]] = [
    ("研究生", 6), ("硕士", 6), ("博士", 6), ("本科", 5), ("大学本科", 5), ("大专", 4), ("专科", 4), ("高职", 4),
    ("高中", 3), ("中专", 3), ("职高", 3), ("技校", 3), ("中职", 3), ("初中", 2), ("小学", 1), ("未上过学", 0),
    ("文盲", 0), ("没上过学", 0),
]


@dataclass
class Guess:
    """One guess with its evidence, for the init report."""

    column: str
    variable: str
    what: str
    value: str
    evidence: str
    confidence: str


@dataclass
class Column:
    """A raw column and everything guessed about it."""

    header: Header
    values: list[str]  # distinct non-blank answers, in order of first appearance
    n_filled: int
    kind: str = "text"  # id | date | number | integer | categorical | likert | text | multiselect | ignore
    role: str | None = None
    name: str = ""
    label: str = ""
    categories: list[str] = field(default_factory=list)
    ordered: bool = False
    scale: ScaleGuess | None = None
    level: str | None = None
    topic: str | None = None
    options: list[str] = field(default_factory=list)
    other: str | None = None
    scale_name: str = ""
    aliases: dict[str, str] = field(default_factory=dict)
    skip_codes: list[str] = field(default_factory=list)  # the platform's codes for a skipped question
    members: list[str] = field(default_factory=list)  # raw headers of a 0/1 multi-select, in option order
    codes: dict[str, str] = field(default_factory=dict)  # stored code → category, from the header's code list
    given: str = ""  # the file's own variable name (a row of identifiers over the question texts)
    guesses: list[Guess] = field(default_factory=list)

    def note(self, what: str, value: str, evidence: str, confidence: str) -> None:
        self.guesses.append(Guess(self.header.raw, self.name, what, value, evidence, confidence))


def distinct(col: pd.Series) -> tuple[list[str], int]:
    vals = col.astype(str).map(str.strip)
    filled = vals[~vals.map(canon).isin(MISSING_TOKENS)]
    return list(dict.fromkeys(filled)), int(len(filled))


def _is_duration(v: str) -> bool:
    return bool(re.fullmatch(r"(\d+(\.\d+)?(小时|时|分钟|分|秒钟|秒))+", canon(v).replace(" ", "")))


def edu_rank(label: str) -> int | None:
    s = canon(label)
    for word, rank in EDU_RANKS:
        if word in s:
            return rank
    return None


def classify(frame: pd.DataFrame, labels: dict[str, str] | None = None,
             names: dict[str, str] | None = None) -> list[Column]:
    """Every column of the export, classified; 0/1 multi-select columns come back as one Column.

    ``labels``: question texts by column (an SPSS file's variable labels, or the row of question
    texts under a row of variable names), read in place of short column names such as ``q1``;
    ``names``: the file's own variable names by column, kept where no role names the variable.
    """
    labels, names = labels or {}, names or {}
    headers = [replace(parse_header(labels[c]), raw=c) if labels.get(c) else parse_header(c) for c in frame.columns]
    cols: list[Column] = []
    multi01 = _multiselect_groups(frame, headers)
    grouped = {h for members in multi01.values() for h in members}
    for h in headers:
        if h.raw in grouped:
            if multi01.get(h.number) and multi01[h.number][0] == h.raw:  # type: ignore[arg-type]
                cols.append(_multi01_column(frame, h, multi01[h.number]))  # type: ignore[index]
            continue
        values, n = distinct(frame[h.raw])
        c = Column(h, values, n, label=_label(h), given=names.get(h.raw, ""))
        _guess_one(c, len(frame))
        cols.append(c)
    _coded_batteries(cols)
    _district_by_answers(cols)
    return cols


#: place names: 莱山区, 福山区, 长岛县, 龙口市 (a county-level city)
PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}(区|县|市|旗)$")


def _district_by_answers(cols: list[Column]) -> None:
    """No header says 区: a column whose few answers are all place names (…区, …县, …市) is the district."""
    if any(c.role == "district" for c in cols):
        return
    for c in cols:
        if c.kind == "categorical" and not c.role and 2 <= len(c.values) <= 40 and \
                all(PLACE.match(canon(v)) for v in c.values):
            c.role, c.name = "district", "district"
            c.guesses = [g for g in c.guesses if g.what != "类型"]
            c.note("角色", "所在区（district）", f"答案都是区县名（{'、'.join(c.values[:4])}）", "中")
            return


def _coded_batteries(cols: list[Column]) -> None:
    """Headers without 满意 (``q_h01``) but a battery of ≥ 3 columns coded alike on a usual scale: Likert."""
    coded = {}
    for c in cols:
        if c.kind == "categorical" and not c.role and (g := guess_code_scale(c.values)) is not None:
            coded.setdefault(tuple(g[0].codes), []).append((c, g))
    for group in coded.values():
        if len(group) < 3:
            continue
        special = {k: v for _, (sc, _) in group for k, v in sc.special.items()}  # one scale for the battery
        for c, (scale, skips) in group:
            scale = ScaleGuess(scale.labels, scale.codes, dict(sorted(special.items())), scale.evidence, scale.confidence)
            c.kind, c.scale, c.skip_codes, c.categories = "likert", scale, skips, []
            lv = guess_level(c.header.stem, c.header.sub)
            c.level, c.topic = lv.level, lv.topic
            if lv.level == OVERALL_LEVEL:
                c.role = "overall"
            c.guesses = [g for g in c.guesses if g.what != "类型"]
            c.note("量表", f"{len(scale.codes)} 级量表（代码）",
                   scale.evidence + f"；{len(group)} 列编码相同，视为一组量表题；假定 1 = 最不满意", "低")
            c.note("层级", lv.level or "（未知）", lv.evidence, lv.confidence)


def _label(h: Header) -> str:
    return f"{h.stem}—{h.sub}" if h.sub and h.stem else (h.sub or h.stem or h.raw)


def _multiselect_groups(frame: pd.DataFrame, headers: list[Header]) -> dict[int, list[str]]:
    """问卷星's 0/1 download: ``12(公园绿地)``, ``12(停车)`` … under one number, cells 0/1."""
    by_number: dict[int, list[str]] = {}
    for h in headers:
        if h.number is None or h.sub is None:
            continue
        vals, _ = distinct(frame[h.raw])
        if set(map(canon, vals)) <= {"0", "1"} or ("其他" in h.sub and by_number.get(h.number)):
            by_number.setdefault(h.number, []).append(h.raw)
    return {k: v for k, v in by_number.items() if len(v) >= 2}


def _multi01_column(frame: pd.DataFrame, first: Header, members: list[str]) -> Column:
    subs = [parse_header(m) for m in members]
    options, kept, text_col = [], [], None
    for s in subs:
        vals, _ = distinct(frame[s.raw])
        if set(map(canon, vals)) <= {"0", "1"}:
            options.append(re.sub(r"〖.*?〗|\[.*?\]", "", s.sub or "").strip() or s.sub or "")
            kept.append(s.raw)
        else:
            text_col = s.raw
    c = Column(first, options, len(frame), kind="multiselect", label=first.stem or f"第{first.number}题",
               options=options, members=kept)
    if text_col is not None:
        c.members.append(text_col)
        c.other = next((o for o in options if o.startswith("其他")), None)
    c.note("类型", "多选题（0/1 列）", f"第 {first.number} 题有 {len(kept)} 个只含 0/1 的选项列", "高")
    return c


def _guess_one(c: Column, n_rows: int) -> None:
    h, values = c.header, c.values
    meta = metadata_kind(h)
    if meta is not None:
        name, role, typ, label = meta
        if not name:
            c.kind = "ignore"
            c.note("类型", "平台信息列，不进入编码本", f"表头「{h.raw}」是问卷平台的附加列", "高")
            return
        c.kind, c.role, c.name, c.label = typ, role, name, label
        ev = f"表头「{h.raw}」是问卷平台的{label}列"
        if typ == "number" and values and all(_is_duration(v) or _is_number(v) for v in values[:50]):
            ev += f"，如「{values[0]}」（读作秒）"
        c.note("角色", f"{typ}" + (f" / role: {role}" if role else ""), ev, "高")
        return
    if values and any(MULTI_SEP in v for v in values):
        opts: list[str] = []
        other = None
        for v in values:
            for part in v.split(MULTI_SEP):
                part = part.strip()
                m = re.match(r"^([^:：〖\[]+)(?:〖[^〗]*〗|\[[^\]]*\])?\s*(?:[:：].*)?$", part)
                opt = (m[1] if m else part).strip()
                if part != opt and opt.startswith("其他"):
                    other = opt
                if opt and opt not in opts:
                    opts.append(opt)
        c.kind, c.options, c.other = "multiselect", opts, other
        c.note("类型", f"多选题（{len(opts)} 个选项）", f"答案用「{MULTI_SEP}」连接多个选项，如「{values[0]}」", "高")
        return
    text = h.text
    if (m := re.search(PERSONAL_WORDS, h.stem)) and not h.sub and "满意" not in h.stem:
        c.kind, c.role = "text", "personal"
        c.note("角色", "个人信息（personal）",
               f"表头「{_shown(c)}」含「{m[0]}」：其答案只留在受限的 data/ 文件夹，并在意见建议中遮蔽", "高")
        return
    for pattern, name, role, what in ROLE_WORDS:
        # 您对街道卫生的满意程度 rates the street's cleanliness; it does not ask for the street
        if re.search(pattern, h.stem) and not h.sub and "满意" not in h.stem:
            if name == "age" and values and all(_is_number(v) for v in values) and \
                    max(float(canon(v)) for v in values) >= 15:  # codes of age bands are small numbers
                c.kind, c.role, c.name = "integer", "screening", "age"
                c.note("角色", "年龄（周岁，整数）", f"表头含「年龄」，答案为数字（如「{values[0]}」）", "高")
                return
            if name == "income_band" and values and all(_is_number(v) for v in values) and \
                    (len(values) > 12 or max(float(canon(v).replace(",", "")) for v in values) > 100):
                c.kind, c.name = "number", "income"  # an amount in 元, not codes of bands
                c.note("角色", "收入（金额，数字）", f"表头含「{re.search(pattern, h.stem)[0]}」，答案为金额（如「{values[0]}」）",  # type: ignore[index]
                       "高")
                return
            # a city has dozens of streets (and hundreds of communities), but a handful of anything else
            many = len(values) > (0.5 * max(c.n_filled, 1) if role == "street" else 40)
            if many:
                break  # too many answers for a category: it is something else
            c.kind, c.role, c.name = "categorical", role, ("age_band" if name == "age" else name)
            c.note("角色", f"{what}（{role}）", f"表头「{_shown(c)}」含「{re.search(pattern, h.stem)[0]}」", "高")  # type: ignore[index]
            c.ordered = c.name in ("age_band", "education", "income_band")
            if _header_codes(c):
                return
            c.categories = _order(values, c.name)
            _prefix_aliases(c)
            if any(_is_number(v) for v in values) and not c.name == "age_band":
                c.note("类别", "答案是代码", f"答案为数字代码（{'、'.join(values[:5])}），不知其文字", "低")
            return
    scale = guess_scale(values)
    if scale is not None:
        c.kind, c.scale = "likert", scale
        lv = guess_level(h.stem, h.sub)
        c.level, c.topic = lv.level, lv.topic
        if lv.level == OVERALL_LEVEL:
            c.role = "overall"
        c.note("量表", f"{len(scale.labels)} 级满意度量表" + (f"，特殊答案 {scale.special}" if scale.special else ""),
               scale.evidence, scale.confidence)
        c.note("层级", lv.level or "（未知）", lv.evidence, lv.confidence)
        if lv.topic:
            c.note("主题", lv.topic, lv.evidence, lv.confidence)
        return
    # a code download's item says 满意; an overall item may ask for an 评价 (总体上，您对…的评价)
    rated = "满意" in text or ("评价" in text and guess_level(h.stem, h.sub).level == OVERALL_LEVEL)
    coded = guess_code_scale(values) if rated else None
    if coded is not None:
        scale, c.skip_codes = coded
        scale = _worded(scale, h)
        c.kind, c.scale = "likert", scale
        lv = guess_level(h.stem, h.sub)
        c.level, c.topic = lv.level, lv.topic
        if lv.level == OVERALL_LEVEL:
            c.role = "overall"
        c.note("量表", f"{len(scale.codes)} 级量表（代码）", scale.evidence + "；假定 1 = 最不满意", "低")
        c.note("层级", lv.level or "（未知）", lv.evidence, lv.confidence)
        return
    if values and all(_is_number(v) for v in values):
        ints = all(float(canon(v).replace(",", "")).is_integer() for v in values)
        if len(values) <= 12 and ints and max(float(v) for v in values) <= 20:
            c.kind = "categorical"
            if _header_codes(c):
                return
            c.categories = sorted(values, key=float)
            c.note("类型", "分类（数字代码）", f"只有 {len(values)} 种数字答案：{'、'.join(c.categories)}", "低")
            return
        c.kind = "integer" if ints else "number"
        c.note("类型", c.kind, "答案均为数字", "中")
        return
    if re.search(SUGGESTION_WORDS, text) and (not values or len(values) > 0.3 * max(c.n_filled, 1)
                                              or sum(map(len, values)) / len(values) >= 6):
        c.kind, c.role = "text", "suggestion"
        c.note("角色", "意见建议（开放题）", f"表头含「{re.search(SUGGESTION_WORDS, text)[0]}」，答案多为不同文字", "高")  # type: ignore[index]
        return
    if values and len(values) <= 20 and len(values) <= max(2, 0.5 * c.n_filled):
        c.kind, c.categories = "categorical", _order(values, "")
        c.note("类型", f"分类（{len(values)} 类）", f"答案只有 {len(values)} 种：{'、'.join(values[:6])}", "中")
        return
    c.kind = "text"
    c.note("类型", "文本", f"{len(values)} 种不同答案", "中")


def _shown(c: Column) -> str:
    """The header as the user sees it: the file's name and its question text, when both are given."""
    return f"{c.given}／{c.header.stem}" if c.given else c.header.raw


def _header_codes(c: Column) -> bool:
    """A categorical column whose header lists its codes (``性别（1=男 2=女）``): those labels are the categories."""
    listed = dict(c.header.codes)
    if not listed or not c.values or not all(canon(v) in listed or v in listed.values() for v in c.values):
        return False
    c.codes, c.categories = listed, list(dict.fromkeys(listed.values()))
    c.note("类别", "、".join(f"{k}={v}" for k, v in listed.items()), f"表头「{_shown(c)}」列出了代码与文字", "高")
    return True


def _worded(scale: ScaleGuess, h: Header) -> ScaleGuess:
    """A coded scale whose header names its points (``1=很不满意 … 5=很满意 6=说不清``) takes those words."""
    listed = {int(k): v for k, v in h.codes}
    if not listed:
        return scale
    labels = [listed[c] for c in scale.codes] if all(c in listed for c in scale.codes) else scale.labels
    special = {code: [listed[code]] if code in listed else words for code, words in scale.special.items()}
    return ScaleGuess(labels, scale.codes, special, scale.evidence + "；表头给出了代码的文字", scale.confidence)


def _prefix_aliases(c: Column) -> None:
    """南湖 beside 南湖区 is the same place written short: an alias, not a category of its own."""
    aliases = {}
    for short in c.categories:
        longer = [x for x in c.categories if x != short and x.startswith(short.strip()) and len(x) <= len(short) + 2]
        if len(longer) == 1 and short.strip():
            aliases[short] = longer[0]
    if aliases:
        c.categories = [x for x in c.categories if x not in aliases]
        c.aliases = aliases
        c.note("别名", "、".join(f"{a}→{b}" for a, b in aliases.items()), "较短的写法是另一类别的前缀", "中")


def _order(values: list[str], name: str) -> list[str]:
    """Age bands by age, education by level, the rest as first met (the questionnaire's order is unknown)."""
    if values and all(age_interval(v) for v in values):
        return sorted(values, key=lambda v: age_interval(v)[0])  # type: ignore[index]
    if name == "education" and all(edu_rank(v) is not None for v in values):
        return sorted(values, key=lambda v: edu_rank(v))  # type: ignore[arg-type,return-value]
    if name == "income_band":
        nums = [re.findall(r"\d+", v.replace(",", "")) for v in values]
        if all(nums):
            return [v for _, v in sorted(zip([float(n[0]) if "以下" not in v else -1 for n, v in zip(nums, values)], values))]
    return list(values)
