"""Which of the four levels (and which lexicon topic) a satisfaction item speaks to.

The question stem usually says it (您对您家住房… / 所在小区… / 街道周边… / 城市…); when it does
not, the item's own wording is looked up in the topic lexicon
(``citysurvey/text/data/topic_lexicon.csv``), whose topics carry their level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..codebook import OVERALL_LEVEL
from ..text.lexicon import load_lexicon

#: stem words → level, strongest first
STEM_WORDS: list[tuple[str, str]] = [
    (r"(总体|整体|综合|总的来说|总的来看|(?i:overall))", OVERALL_LEVEL),
    # a stem that names the level in full (城区（城市）住房保障) means it, whatever else it mentions
    (r"城区[(（]城市[)）]", "城区（城市）"),
    (r"小区[(（]社区[)）]", "小区（社区）"),
    (r"街区", "街区"),
    (r"(住房|住宅|房屋|您家|家里|居住的房子)", "住房"),
    (r"(小区|社区|物业)", "小区（社区）"),
    (r"(街区|街道|周边|附近|15分钟|十五分钟|步行范围)", "街区"),
    (r"(城市|城区|全市|市区|本市)", "城区（城市）"),
]


@dataclass(frozen=True)
class LevelGuess:
    level: str | None
    topic: str | None
    evidence: str
    confidence: str


@lru_cache(maxsize=1)
def _terms() -> list[tuple[str, str, str]]:
    """(term, topic, level), longest first; topic labels' parts count as terms too."""
    lex = load_lexicon()
    out = {(t, top, lev) for t, top, lev in zip(lex.terms["term"], lex.terms["topic"], lex.terms["level"])}
    for top, label in lex.label_of.items():
        for part in re.split(r"[/（）()、]", label):
            if len(part) >= 2:
                out.add((part, top, lex.level_of[top]))
    return sorted(out, key=lambda x: (-len(x[0]), x[0], x[1]))


def topic_of(text: str, level: str | None = None) -> tuple[str, str, str] | None:
    """(topic, level, term) of the longest lexicon term in `text`, preferring `level`'s topics."""
    hits = [(t, top, lev) for t, top, lev in _terms() if t in text]
    if level is not None:
        same = [h for h in hits if h[2] == level]
        hits = same or hits
    if not hits:
        return None
    t, top, lev = hits[0]
    return top, lev, t


def guess_level(stem: str, sub: str | None) -> LevelGuess:
    """Level from the stem when it names one, else from the item's wording through the lexicon."""
    item = sub or stem
    for pattern, level in STEM_WORDS:
        m = re.search(pattern, stem or item)  # 问卷星's ``8(子项)`` headers carry no stem: the item speaks
        if m:
            if level == OVERALL_LEVEL and sub:
                continue  # a matrix of sub-items under 总体 wording is still per-item
            hit = topic_of(item, None if level == OVERALL_LEVEL else level)
            topic = hit[0] if hit and hit[1] == level else None
            ev = f"题干含「{m[0]}」" + (f"，子项含词表词「{hit[2]}」→ {topic}" if topic else "")
            return LevelGuess(level, topic, ev, "高")
    hit = topic_of(item)
    if hit:
        return LevelGuess(hit[1], hit[0], f"题目含词表词「{hit[2]}」（主题 {hit[0]}）", "中")
    return LevelGuess(None, None, "题干与题目中没有可判断层级的词", "低")
