"""Generated, labelled suggestions: training data for the topic model, a background
corpus for keywords, and synthetic surveys for the benchmark.

Sentences are assembled from the topic lexicon and from ``data/training_cues.csv``
(about 2,000 everyday wordings the lexicon lacks: 车没地方停, 老人爬楼太累, 一下雨就淹,
老房子拆了太可惜 …, written from the topic descriptions of the domain README) inside
generic frames (openers, places, wishes, complaints). A quarter of the clauses are
a bare cue with at most a lead-in or a particle (就是…, …啊), as short colloquial
answers are; about a third of the sentences carry a topic-neutral remark
(去年就反映过, 老人孩子都受影响) so that the model learns such words say nothing
about the topic. Nothing here is taken from the hand-written evaluation set or
from the demo city's phrase bank; a test checks that the evaluation set does not
overlap the training sentences.

>>> texts, labels = training_corpus(n=5, seed=1)
>>> len(texts) == len(labels)
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd

from .lexicon import Lexicon, load_lexicon

OPENERS = ("", "", "", "", "我觉得", "建议", "反映一下，", "个人看法：", "说句实话，", "麻烦领导看看：", "提个意见，")
PLACES = ("", "", "", "", "我们小区", "我家附近", "家门口", "小区里", "这一片", "我们这边", "附近", "老城区",
          "新区", "我们楼", "单元里", "街道上")
WISHES = ("希望", "建议", "能不能", "请", "麻烦", "强烈要求", "盼望")
VERBS = ("解决", "改善", "增加", "整治", "多建", "管一管", "处理一下", "重视", "改造", "加强")
COMPLAINTS = ("", "", "", "太差了", "问题严重", "没人管", "很不方便", "希望尽快解决", "能不能改善一下", "好几年了",
              "一直没解决", "太难了", "希望重视", "真的很头疼", "影响生活", "太少了", "反映过很多次")
JOINERS = ("，", "；", "。", "，还有", "，另外", "。再就是", " ", "、", "，而且")
CLOSERS = ("", "", "", "。", "！", "，谢谢", "，希望政府重视", "…", "！！")
#: Informative answers about no topic in the lexicon: the model must learn to say nothing for them.
GENERIC = (
    "希望政府多为老百姓办实事", "服务态度有待提高", "整体还可以，还需要继续努力", "说了很多次都没用",
    "领导要多下基层看看", "宣传不到位，很多政策不知道", "希望能落实到位", "工作人员态度要好一点",
    "希望多听取居民意见", "形式主义太多", "希望公开透明", "各部门互相推诿", "调查要有结果反馈",
    "希望城市越来越美丽", "规划要长远一些", "不要搞面子工程", "多为普通人考虑", "办事效率太低",
    "说的和做的不一样", "希望多关心弱势群体", "资金要用在刀刃上", "问题反映了没有下文",
)
#: Remarks that go with a complaint about any topic (added to about a third of the sentences).
NEUTRAL = (
    "住了二十多年了", "邻居们意见都很大", "去年就反映过", "大家都很头疼", "说了好多次了", "一直拖着没弄", "老人孩子都受影响",
    "每天都要经过那里", "周末更严重", "这个问题存在很久了", "希望有关部门重视一下", "社区也说管不了", "打电话也没人理",
    "不知道该找谁", "真的很无奈", "我们这一片都这样", "别的地方都解决了", "希望今年能有变化", "年年说年年没变",
    "麻烦早点处理", "上班的人更难", "老人最受罪", "外地人也一样", "新来的住户都不知道", "下了班才发现",
    "白天还好晚上最麻烦", "天气一变就更明显", "我们都是普通老百姓",
)
#: Lead-ins and endings of a bare clause (a cue said plainly, as short answers are).
LEADS = ("", "", "", "", "", "就是", "最大的问题是", "主要是", "现在", "我们这里", "一直", "还有就是", "说实话")
TAILS = ("", "", "", "", "", "啊", "呀", "了", "吧", "，太难了", "，急死人", "，没人管", "，烦死了")
P_BARE = 0.25  # share of clauses that are a bare cue
P_NEUTRAL = 0.3  # share of sentences with a topic-neutral remark


@lru_cache(maxsize=1)
def training_cues() -> pd.DataFrame:
    text = resources.files("citysurvey.text").joinpath("data/training_cues.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


class _Gen:
    def __init__(self, lexicon: Lexicon, seed: int):
        self.rng = np.random.default_rng(seed)
        self.topics = list(lexicon.topics)
        terms = lexicon.terms
        cues = training_cues()
        self.terms = {t: terms.loc[terms["topic"] == t, "term"].tolist() for t in self.topics}
        self.cues = {t: cues.loc[cues["topic"] == t, "cue"].tolist() for t in self.topics}

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def clause(self, topic: str) -> str:
        cues, terms = self.cues.get(topic) or [], self.terms[topic]
        if self.rng.random() < P_BARE:
            core = self.pick(cues if (cues and self.rng.random() < 0.7) else terms)
            return self.pick(LEADS) + core + self.pick(TAILS)
        use_cue = bool(cues) and self.rng.random() < 0.55
        core = self.pick(cues if use_cue else terms)
        form = self.rng.random()
        if form < 0.55:
            return self.pick(PLACES) + core + self.pick(COMPLAINTS)
        if form < 0.8:
            return self.pick(WISHES) + self.pick(VERBS) + core + ("的问题" if use_cue else "")
        return core + "的问题" + self.pick(COMPLAINTS)

    def sentence(self, topics: list[str]) -> str:
        parts = [self.clause(t) for t in topics]
        if self.rng.random() < 0.15:
            parts.insert(int(self.rng.integers(len(parts) + 1)), self.pick(GENERIC))
        text = parts[0]
        for p in parts[1:]:
            text += self.pick(JOINERS) + p
        text = self.pick(OPENERS) + text + self.pick(CLOSERS)
        if self.rng.random() < P_NEUTRAL:
            remark = self.pick(NEUTRAL)
            text = remark + "，" + text if self.rng.random() < 0.4 else text.rstrip("。！…") + "，" + remark
        return text

    def topic_set(self) -> list[str]:
        k = 1 + int(np.searchsorted([0.6, 0.9], self.rng.random(), side="right"))
        return list(self.rng.choice(self.topics, size=k, replace=False))


#: the pseudo-topic of answers about something other than the city (the model's last output)
OFF_TOPIC = "OFF_TOPIC"
#: answers that say nothing (一切都好, 同上): the model's last output; they carry OFF_TOPIC too (not an opinion)
NON_ANSWER = "NON_ANSWER"
#: openers and endings of a generated off-topic answer
OFF_OPENERS = ("", "", "", "", "说个事，", "请问", "顺便问一下，", "哎，", "跟你们说，", "我想说")
OFF_CLOSERS = ("", "", "", "。", "！", "？", "😂", "😭", "，谁懂啊", "，哈哈", "，有人知道吗", "，烦")
#: where an off-topic remark was made: a city place named in passing, with no complaint about it, does not
#: make the answer about the city
OFF_SETTINGS = ("在公园散步的时候想到，", "坐公交的时候刷手机看到，", "在小区门口碰到邻居，聊起来", "在地铁上听人说",
                "晚上在广场乘凉，大家都在说", "在菜市场买菜的时候想，", "下班走在路上一直在想，", "坐在楼下的长椅上想，",
                "在医院排队的时候看新闻，", "等红绿灯的时候突然想起，")
P_OFF_SETTING = 0.25  # share of generated off-topic answers that name such a place


@lru_cache(maxsize=1)
def off_topic_cues() -> pd.DataFrame:
    """``data/off_topic_cues.csv``: answers about something other than the city (money, private life, the
    questionnaire, national affairs, sport, adverts), written for training; none from an evaluation set."""
    text = resources.files("citysurvey.text").joinpath("data/off_topic_cues.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def labelled_answers() -> pd.DataFrame:
    """``data/labelled_answers.csv``: answers written by people, with their topics (primary first, '|'-joined)
    and flag (informative, generic: informative about no topic, non_answer, off_topic) and source file.

    Assembled from the development sets by ``analysis/text_cv.py --assemble``; the cross-validation there
    leaves one source out at a time.
    """
    text = resources.files("citysurvey.text").joinpath("data/labelled_answers.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


#: copies of each labelled answer among the training sentences: written answers count more than generated ones
LABELLED_WEIGHT = 4


def labelled_corpus(lexicon: Lexicon, exclude: tuple[str, ...] = ()) -> tuple[list[str], list[frozenset[str]]]:
    """The labelled answers (without the sources in ``exclude``) as training sentences, each ``LABELLED_WEIGHT``
    times; off-topic and non-answers carry :data:`OFF_TOPIC`, non-answers :data:`NON_ANSWER` too, topics
    unknown to ``lexicon`` are left out."""
    lab = labelled_answers()
    lab = lab[~lab["source"].isin(exclude)]
    known = set(lexicon.topics)
    texts, labels = [], []
    for text, topics, flag in zip(lab["text"], lab["topics"], lab["flag"]):
        if flag in ("off_topic", "non_answer"):
            y = frozenset([OFF_TOPIC, NON_ANSWER] if flag == "non_answer" else [OFF_TOPIC])
        else:
            y = frozenset(t for t in topics.split("|") if t in known)
            if flag == "informative" and not y:
                continue  # a study's lexicon without this answer's topics: nothing to learn from it
        texts += [text] * LABELLED_WEIGHT
        labels += [y] * LABELLED_WEIGHT
    return texts, labels


def training_corpus(n: int = 16000, seed: int = 20260701, lexicon: Lexicon | None = None,
                    generic_share: float = 0.1, off_topic_share: float = 0.0) -> tuple[list[str], list[frozenset[str]]]:
    """``n`` generated suggestions with their topic sets (about ``generic_share`` with none, about
    ``off_topic_share`` off-topic ones labelled :data:`OFF_TOPIC`).

    Topics are drawn uniformly so every topic gets about the same number of examples.
    """
    g = _Gen(lexicon or load_lexicon(), seed)
    off = off_topic_cues()["cue"].tolist() if off_topic_share > 0 else []
    rng_off = np.random.default_rng(seed + 1)  # its own stream: the topic sentences stay as they were
    texts, labels = [], []
    for _ in range(n):
        if off and rng_off.random() < off_topic_share:
            pick = lambda seq: seq[int(rng_off.integers(len(seq)))]  # noqa: E731
            core = pick(off)
            if rng_off.random() < 0.25:
                core += pick(("，", "。", "；")) + pick(off)
            if rng_off.random() < P_OFF_SETTING:
                core = pick(OFF_SETTINGS) + core
            texts.append(pick(OFF_OPENERS) + core + pick(OFF_CLOSERS))
            labels.append(frozenset([OFF_TOPIC]))
            continue
        if g.rng.random() < generic_share:
            a = g.pick(GENERIC)
            texts.append(g.pick(OPENERS) + (a if g.rng.random() < 0.5 else a + g.pick(JOINERS) + g.pick(GENERIC)) + g.pick(CLOSERS))
            labels.append(frozenset())
            continue
        topics = g.topic_set()
        texts.append(g.sentence(topics))
        labels.append(frozenset(topics))
    return texts, labels


_NON_ANSWERS = ("无", "无", "没有", "没有", "暂无", "挺好的", "不知道", "。。。", "没意见", "1", "很好", "都挺好", "/", "无建议")


def synthetic_survey(n: int, seed: int = 7, lexicon: Lexicon | None = None, *, p_blank: float = 0.12,
                     p_non_answer: float = 0.18, p_personal: float = 0.05,
                     districts: tuple[str, ...] = ("城东区", "城西区", "南湖区", "北山区", "江口区", "新城区")) -> pd.DataFrame:
    """A synthetic survey for benchmarks: district, sex, weight, suggestion, true topics.

    About 70% of answers are informative; ``p_personal`` of those carry a phone
    number, ID number, room number or name that redaction must remove.
    """
    g = _Gen(lexicon or load_lexicon(), seed)
    rng = g.rng
    u = rng.random(n)
    dist = rng.integers(len(districts), size=n)
    texts, labels = [], []
    for i in range(n):
        if u[i] < p_blank:
            texts.append(""), labels.append("")
            continue
        if u[i] < p_blank + p_non_answer:
            texts.append(g.pick(_NON_ANSWERS)), labels.append("")
            continue
        topics = g.topic_set()
        text = g.sentence(topics)
        if rng.random() < p_personal:
            kind = int(rng.integers(4))
            digits = "".join(str(d) for d in rng.integers(10, size=9))
            text += ("，电话1" + "3589"[kind] + digits, f"，我家{1 + kind}栋{1 + kind}单元50{kind + 1}室",
                     "，身份证45020219900101" + digits[:4], "，找" + "王李张刘"[kind] + "先生")[kind]
        texts.append(text), labels.append("|".join(topics))
    return pd.DataFrame({
        "district": pd.Categorical(np.asarray(districts)[dist], categories=list(districts)),
        "sex": pd.Categorical(np.where(rng.random(n) < 0.5, "男", "女"), categories=["男", "女"]),
        "weight": rng.uniform(0.5, 2.0, n),
        "suggestion": texts,
        "true_topics": labels,
    })
