"""The domain vocabulary: topic lexicon, typo/synonym map, stopwords.

The bundled lexicon is ``data/topic_lexicon.csv`` (term, level, topic,
topic_label_zh; a copy of the project's domain lexicon). Topic codes carry their
level (``H_`` 住房, ``C_`` 小区（社区）, ``B_`` 街区, ``U_`` 城区（城市）) so topic
shares roll up to the four levels of the national system.

>>> lex = load_lexicon()
>>> lex.topics[:3], lex.level_of["C_PARKING"]
(('H_SAFETY', 'H_FUNC', 'H_ELDER'), '小区（社区）')
>>> TypoMap.load().apply("电瓶车没地方充电，停车为也不够")
'电动自行车没地方充电，停车位也不够'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import ConfigError, Problem

LEVEL_ORDER = ("住房", "小区（社区）", "街区", "城区（城市）")


def _data(name: str) -> str:
    return resources.files("citysurvey.text").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _read_csv(path: Path | None, default: str, required: list[str]) -> pd.DataFrame:
    from io import StringIO

    if path is None:
        frame = pd.read_csv(StringIO(_data(default)), dtype=str, keep_default_na=False)
        where = f"citysurvey/text/data/{default}"
    else:
        from ..textio import decode_bytes

        text, _ = decode_bytes(Path(path).read_bytes(), path=path)
        frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
        where = str(path)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ConfigError(
            Problem(
                zh=f"缺少列：{'、'.join(missing)}。",
                en=f"missing columns: {', '.join(missing)}.",
                file=where,
                hint_zh=f"需要的列：{', '.join(required)}。",
                hint_en=f"Required columns: {', '.join(required)}.",
            )
        )
    return frame


@dataclass(frozen=True)
class TypoMap:
    """Typos and variants → one canonical form, applied before segmentation.

    Replacements run longest variant first; no variant occurs inside a canonical
    form, so the result does not depend on the order and applying twice is a no-op.
    ``TypoMap.load(path, extra)`` reads the bundled ``typo_map.csv`` (columns ``variant``,
    ``canonical``), adds a study's own file and pairs, lowercases them and checks them
    (a :class:`~citysurvey.errors.ConfigError` names a variant inside a canonical form);
    ``apply(text)`` replaces.

    Parameters
    ----------
    pairs : tuple of (str, str)
        (variant, canonical) pairs, longest variant first.

    Examples
    --------
    >>> from citysurvey.text import TypoMap
    >>> TypoMap.load().apply("停车为太少，充电庄不够")
    '停车位太少，充电桩不够'
    >>> TypoMap.load(extra={"路等": "路灯"}).apply("路等不亮")
    '路灯不亮'
    """

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def load(cls, path: Path | None = None, extra: dict[str, str] | None = None) -> "TypoMap":
        """The typo map: the bundled ``typo_map.csv``, a study's own file and extra pairs, checked.

        Parameters
        ----------
        path : pathlib.Path, optional
            A CSV with ``variant``, ``canonical`` (``text.typo_map``), added to the bundled one.
        extra : dict of str to str, optional
            More variant → canonical pairs.

        Returns
        -------
        TypoMap
            Pairs lowercased, longest variant first (the bundled map is cached).

        Raises
        ------
        ConfigError
            A variant inside a canonical form (the result would depend on the order).

        Examples
        --------
        >>> from citysurvey.text import TypoMap
        >>> TypoMap.load(extra={"路等": "路灯"}).apply("路等不亮")
        '路灯不亮'

        路灯 is already the canonical form of a bundled pair (💡 → 路灯), so it cannot be a variant:

        >>> TypoMap.load(extra={"路灯": "路灯杆"})
        Traceback (most recent call last):
            ...
        citysurvey.errors.ConfigError: [错误] 错别字表中「路灯」→「路灯杆」的错写「路灯」出现在「💡」→「路灯」的规范写法「路灯」之中，替换结果会取决于顺序。...
        """
        if path is None and not extra:
            return _default_typos()
        return cls._load(path, extra)

    @classmethod
    def _load(cls, path: Path | None, extra: dict[str, str] | None) -> "TypoMap":
        frame = _read_csv(None, "typo_map.csv", ["variant", "canonical"])
        pairs = dict(zip(frame["variant"].str.strip(), frame["canonical"].str.strip()))
        if path is not None:
            more = _read_csv(path, "typo_map.csv", ["variant", "canonical"])
            pairs.update(zip(more["variant"].str.strip(), more["canonical"].str.strip()))
        pairs.update(extra or {})
        pairs = {k.lower(): v.lower() for k, v in pairs.items() if k and v and k != v}
        bad = [(v, w, c) for v in pairs for w, c in pairs.items() if v in c]
        if bad:
            # both pairs named: the variant's own and the one whose canonical form holds it (路灯 → 路灯杆 and 💡 → 路灯)
            v, w, c = min(bad, key=lambda b: b[0] == b[1])  # another pair first, if any
            raise ConfigError(
                Problem(
                    zh=f"错别字表中「{v}」→「{pairs[v]}」的错写「{v}」出现在「{w}」→「{c}」的规范写法「{c}」之中，替换结果会取决于顺序。",
                    en=f"typo map: the variant {v!r} (-> {pairs[v]!r}) occurs inside the canonical form of {w!r} -> {c!r}; "
                       "the result would depend on order.",
                    hint_zh="请删除或改写其中一个条目（自带的条目见 citysurvey/text/data/typo_map.csv）。",
                    hint_en="Remove or reword one of the two entries (the bundled ones are in citysurvey/text/data/typo_map.csv).",
                )
            )
        return cls(tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))))

    def apply(self, text: str) -> str:
        # str.replace over a whole joined batch is a C loop; a regex alternation would be slower
        """Every variant in ``text`` replaced by its canonical form.

        Parameters
        ----------
        text : str
            Lowercased, normalised text.

        Returns
        -------
        str
            The text with the map applied (applying it twice changes nothing).

        Examples
        --------
        >>> from citysurvey.text import TypoMap
        >>> TypoMap.load().apply("停车为太少")
        '停车位太少'
        """
        for variant, canonical in self.pairs:
            if variant in text:
                text = text.replace(variant, canonical)
        return text


@lru_cache(maxsize=1)
def _default_typos() -> TypoMap:
    return TypoMap._load(None, None)


@dataclass(frozen=True)
class Lexicon:
    """Topics (in lexicon order) with their level and label, and the terms that name them.

    Built by :func:`load_lexicon`. A set of topics is held as a bit mask (``bit``,
    ``mask_of``, ``topics_of``), so a million answers' topics are a column of integers.

    Parameters
    ----------
    topics : tuple of str
        Topic codes in lexicon order (``H_SAFETY``, ``C_PARKING`` …; at most 62).
    label_of : dict of str to str
        Topic → Chinese label.
    level_of : dict of str to str
        Topic → level (住房, 小区（社区）, 街区, 城区（城市）).
    terms : pandas.DataFrame
        One row per term: ``term``, ``canonical`` (typo-mapped, lowercased), ``level``,
        ``topic``, ``topic_label_zh``.
    term_topics : dict of str to frozenset of str
        Canonical term → the topics it names.

    Examples
    --------
    >>> from citysurvey.text import load_lexicon
    >>> lex = load_lexicon()
    >>> lex.topics[:2], lex.level_of["C_PARKING"]
    (('H_SAFETY', 'H_FUNC'), '小区（社区）')
    >>> lex.topics_of(lex.mask_of(["C_PARKING", "H_SAFETY"]))
    ['H_SAFETY', 'C_PARKING']
    """

    topics: tuple[str, ...]
    label_of: dict[str, str]
    level_of: dict[str, str]
    terms: pd.DataFrame  # term, canonical (typo-mapped, lowercased), level, topic, topic_label_zh
    term_topics: dict[str, frozenset[str]] = field(default_factory=dict)  # canonical term → topics

    @property
    def short_label_of(self) -> dict[str, str]:
        """Labels without the bracketed detail, for charts: 住房安全（结构/燃气…） → 住房安全."""
        return {t: lab.split("（")[0] for t, lab in self.label_of.items()}

    def bit(self, topic: str) -> int:
        """The bit of a topic in a topic mask.

        Parameters
        ----------
        topic : str
            A topic code of the lexicon.

        Returns
        -------
        int
            ``1 << position`` of the topic in lexicon order.

        Examples
        --------
        >>> from citysurvey.text import load_lexicon
        >>> load_lexicon().bit("H_FUNC")
        2
        """
        return 1 << self.topics.index(topic)

    def mask_of(self, topics) -> int:
        """The mask of a set of topics.

        Parameters
        ----------
        topics : iterable of str
            Topic codes.

        Returns
        -------
        int
            Their bits or-ed together.

        Examples
        --------
        >>> from citysurvey.text import load_lexicon
        >>> load_lexicon().mask_of(["H_SAFETY", "H_FUNC"])
        3
        """
        m = 0
        for t in topics:
            m |= self.bit(t)
        return m

    def topics_of(self, mask: int) -> list[str]:
        """The topics of a mask, in lexicon order.

        Parameters
        ----------
        mask : int
            A topic mask.

        Returns
        -------
        list of str
            Topic codes.

        Examples
        --------
        >>> from citysurvey.text import load_lexicon
        >>> load_lexicon().topics_of(3)
        ['H_SAFETY', 'H_FUNC']
        """
        return [t for i, t in enumerate(self.topics) if mask >> i & 1]


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None, typos: TypoMap | None = None) -> Lexicon:
    """Read a topic lexicon (default: the bundled one) and key its terms by canonical form.

    Parameters
    ----------
    path : pathlib.Path, optional
        A CSV with columns ``term``, ``level``, ``topic``, ``topic_label_zh`` (``text.lexicon``);
        default the bundled ``topic_lexicon.csv``.
    typos : TypoMap, optional
        Applied to every term, so a term matches its typo-mapped text (default the bundled map).

    Returns
    -------
    Lexicon
        The topics in file order, their labels and levels, the terms.

    Raises
    ------
    ConfigError
        A level that is not one of the four, more than 62 topics, a file that cannot be read
        or lacks a column (file, column and value named).

    Examples
    --------
    >>> from citysurvey.text import load_lexicon
    >>> lex = load_lexicon()
    >>> len(lex.topics), lex.label_of["H_SAFETY"]
    (30, '住房安全（结构/燃气/楼道/围护）')
    >>> lex.terms.columns.tolist()
    ['term', 'canonical', 'level', 'topic', 'topic_label_zh']
    """
    frame = _read_csv(path, "topic_lexicon.csv", ["term", "level", "topic", "topic_label_zh"])
    frame = frame[frame["term"].str.strip() != ""].copy()
    frame["term"] = frame["term"].str.strip()
    bad = sorted(set(frame["level"]) - set(LEVEL_ORDER))
    if bad:
        raise ConfigError(
            Problem(
                zh=f"词表中的层级「{bad[0]}」不是 {'、'.join(LEVEL_ORDER)} 之一。",
                en=f"lexicon level {bad[0]!r} is not one of the four levels.",
                file=str(path) if path else None,
                column="level",
                value=bad[0],
            )
        )
    if len(frame["topic"].unique()) > 62:
        raise ConfigError(Problem(zh="主题数不能超过 62 个。", en="at most 62 topics are supported.", file=str(path) if path else None))
    typos = typos or TypoMap.load()
    frame["canonical"] = [typos.apply(t.lower()) for t in frame["term"]]
    topics = tuple(dict.fromkeys(frame["topic"]))
    first = frame.drop_duplicates("topic").set_index("topic")
    term_topics: dict[str, set[str]] = {}
    for term, topic in zip(frame["canonical"], frame["topic"]):
        term_topics.setdefault(term, set()).add(topic)
    return Lexicon(
        topics=topics,
        label_of=first["topic_label_zh"].to_dict(),
        level_of=first["level"].to_dict(),
        terms=frame[["term", "canonical", "level", "topic", "topic_label_zh"]].reset_index(drop=True),
        term_topics={k: frozenset(v) for k, v in term_topics.items()},
    )


def study_topic_names(config) -> dict[str, str]:
    """Topic code → short name from the study's lexicon (``text.lexicon``, else the bundled one).

    Workbooks show topics by these names; any stage may call it, whether or not the text stage ran.
    """
    section = (getattr(config, "stages", None) or {}).get("text")
    return load_lexicon(getattr(section, "lexicon", None)).short_label_of


@lru_cache(maxsize=1)
def stopwords() -> tuple[frozenset[str], str]:
    """Chinese stopwords (stopwords-iso, MIT) plus the domain list; and where they came from.

    Used for keywords and themes, not to decide topics. ``stopwordsiso`` is a required
    dependency (a small pure-data package), so there is one list, never a fallback.
    """
    import stopwordsiso

    domain = {ln.strip() for ln in _data("domain_stopwords.txt").splitlines() if ln.strip() and not ln.startswith("#")}
    return frozenset(set(stopwordsiso.stopwords("zh")) | domain), "stopwords-iso (zh) + domain list"
