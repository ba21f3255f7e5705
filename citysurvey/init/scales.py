"""Recognising satisfaction scales from the answers a column holds.

Chinese questionnaires word their points in a handful of ways (非常/很/比较/不太 满意, 一般); a
column is a Likert item when every answer is such a point or a special answer (不清楚, 不了解,
不适用, 说不清…). Its scale is the smallest common wording (4, 5 or 7 points) that holds every
observed answer, so a point nobody chose in a small sample is still on the scale; 0–10 and 1–10
ratings (``8``, ``8分``) are 11- and 10-point scales.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..loading.normalize import canon

#: Common wordings, least → most satisfied. Order matters: the smallest that fits wins.
TEMPLATES: list[list[str]] = [
    ["很不满意", "不满意", "满意", "很满意"],
    ["非常不满意", "不满意", "满意", "非常满意"],
    ["不满意", "不太满意", "比较满意", "满意"],
    ["很不满意", "不太满意", "比较满意", "很满意"],
    ["非常不满意", "不满意", "一般", "满意", "非常满意"],
    ["很不满意", "不满意", "一般", "满意", "很满意"],
    ["很不满意", "比较不满意", "一般", "比较满意", "很满意"],
    ["非常不满意", "比较不满意", "一般", "比较满意", "非常满意"],
    ["不满意", "不太满意", "一般", "比较满意", "满意"],
    ["很不满意", "不满意", "基本满意", "满意", "很满意"],
    ["非常不满意", "不满意", "比较不满意", "一般", "比较满意", "满意", "非常满意"],
    ["非常不满意", "很不满意", "不满意", "一般", "满意", "很满意", "非常满意"],
]
#: Special answers, grouped by meaning: each group becomes one special code.
SPECIAL_GROUPS: list[tuple[str, ...]] = [
    ("不清楚", "不了解", "说不清", "不知道", "不好说", "说不好", "无法评价", "不清楚/不了解", "不了解/不适用"),
    ("不适用", "没有接触", "未接触", "无此项", "没有使用过", "未使用", "不涉及"),
    ("拒答", "拒绝回答", "不愿回答", "不想回答"),
]
_POINTS = re.compile(r"^(\d{1,2})\s*分?(?:[(（].*[)）])?$")


@dataclass(frozen=True)
class ScaleGuess:
    labels: list[str]  # least → most satisfied
    codes: list[int]
    special: dict[int, list[str]]
    evidence: str
    confidence: str  # 高 / 中 / 低

    @property
    def key(self) -> tuple:
        return tuple(self.labels), tuple(self.codes), tuple((k, tuple(v)) for k, v in self.special.items())


def special_group(answer: str) -> int | None:
    a = canon(answer)
    for k, group in enumerate(SPECIAL_GROUPS):
        if a in group:
            return k
    return None


def guess_scale(answers: list[str]) -> ScaleGuess | None:
    """A scale for these distinct non-blank answers, or None when they are not a Likert item."""
    answers = [canon(a) for a in answers if canon(a)]
    if len(answers) < 2:
        return None
    specials = [a for a in answers if special_group(a) is not None]
    points = [a for a in answers if special_group(a) is None]
    if not points:
        return None
    special: dict[int, list[str]] = {}
    if all(_POINTS.match(p) for p in points) and (any("分" in p for p in points) or _bare_rating(points, specials)):
        values = sorted({int(_POINTS.match(p)[1]) for p in points})  # type: ignore[index]
        if values[-1] > 11 or len(values) < 3:
            return None
        if values[0] == 0 or values[-1] == 11:
            lo, hi = 0, 10
        elif values[-1] > 7:
            lo, hi = 1, 10
        else:
            return None  # 1–5 could be codes of any wording: left to a code download's question
        codes = list(range(lo, hi + 1))
        labels = [f"{c}分" for c in codes]
        special = _specials(specials, hi)
        return ScaleGuess(labels, codes, special, f"答案为 {values[0]}–{values[-1]} 分的评分", "中")
    fits = [t for t in TEMPLATES if set(points) <= set(t)]
    if fits:
        t = fits[0]
        conf = "高" if len(set(points)) == len(t) else "中"
        missing = [w for w in t if w not in points]
        ev = f"答案措辞符合 {len(t)} 级量表「{'/'.join(t)}」"
        if missing:
            ev += f"（样本中未出现：{'、'.join(missing)}）"
        return ScaleGuess(t, list(range(1, len(t) + 1)), _specials(specials, len(t)), ev, conf)
    if all("满意" in p or p in ("一般", "中立", "还行") for p in points):
        ordered = sorted(set(points), key=_polarity)
        return ScaleGuess(ordered, list(range(1, len(ordered) + 1)), _specials(specials, len(ordered)),
                          f"答案均为满意度措辞，按语气排序为「{'/'.join(ordered)}」", "低")
    return None


def _bare_rating(points: list[str], specials: list[str]) -> bool:
    """Bare integers up to 9 or 10 read as a 0–10 / 1–10 rating: codes of a worded scale stop at 7.

    Nine distinct values, or six beside a special answer (不了解), rule out a count or a code list.
    """
    values = {int(_POINTS.match(p)[1]) for p in points}  # type: ignore[index]
    if max(values) not in (9, 10) or min(values) > 1:
        return False
    return len(values) >= 9 or (bool(specials) and len(values) >= 6)


def _specials(observed: list[str], k: int) -> dict[int, list[str]]:
    """One special code per meaning, numbered after the scale (9 for up to 8 points, else 98/99)."""
    groups: dict[int, list[str]] = {}
    for a in observed:
        groups.setdefault(special_group(a), []).append(a)  # type: ignore[arg-type]
    first = 9 if k <= 7 else 98
    return {first + i: sorted(words) for i, (_, words) in enumerate(sorted(groups.items()))}


def _polarity(word: str) -> float:
    strong = any(w in word for w in ("非常", "很", "十分", "特别", "极"))
    mild = any(w in word for w in ("比较", "较", "基本", "还算"))
    if "不满意" in word:
        return -3 if strong else -1 if mild or "不太" in word else -2
    if "满意" in word:
        return 3 if strong else 1 if mild else 2
    return 0


#: The wording assumed for a code download's k points (the export holds no words to read).
DEFAULT_WORDING = {4: TEMPLATES[1], 5: TEMPLATES[4], 7: TEMPLATES[10]}


def guess_code_scale(answers: list[str]) -> tuple[ScaleGuess, list[str]] | None:
    """A code download's item (``1``…``7``, ``8`` = 不清楚, ``-3`` = skipped): its scale and skip codes.

    Points are the run 1…k (or 0…10) of codes; codes past a gap are special answers; negative
    codes are the platform's skip codes. The direction (1 = least satisfied) is assumed and asked.
    """
    try:
        codes = sorted({int(float(canon(a))) for a in answers if canon(a)})
    except ValueError:
        return None
    skips = [str(c) for c in codes if c < 0]
    pos = [c for c in codes if c >= 0]
    if len(pos) < 3:
        return None
    run = pos[0]
    while run + 1 in pos:
        run += 1
    # a small sample may miss the lowest points; special codes come right after the points (8 = 不清楚)
    # or after a gap (9, 98): the longest usual scale ending at most two codes before the run's end
    if pos[0] == 0:
        fits = [11] if 10 <= run <= 12 else []
    else:
        fits = [k for k in (10, 7, 5, 4) if run - 2 <= k <= run]
    if not fits:
        return None
    k = fits[0]
    points = list(range(0, 11)) if k == 11 else list(range(1, k + 1))
    special = [c for c in pos if c > points[-1]]
    labels = DEFAULT_WORDING.get(k) or [f"{c}分" for c in points]
    sp = {c: [f"特殊代码{c}（待确认）"] for c in special}
    ev = f"答案为代码 {points[0]}–{points[-1]}" + (f"，另有代码 {special}" if special else "") + \
        (f"，{skips} 像是平台的跳过代码" if skips else "")
    return ScaleGuess(labels, points, sp, ev, "低"), skips
