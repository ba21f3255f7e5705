"""From raw answers to cleaned, redacted, segmented and classified answers.

The order matters for privacy: answers are normalised and redacted first, and
every later step (non-answer detection, de-duplication, segmentation, topics,
keywords, quotes) sees only the redacted text. Raw text stays in the validated
input and is not copied into any result.

Work is done per chunk of distinct raw answers, on each chunk joined into one
string, so that the per-answer Python overhead stays small: normalising,
redacting (one pre-check pass picks the few lines that can hold personal data),
non-answer detection (one pass picks the few short answers worth a closer look),
typo mapping and the classifier's features are regex, string or numpy passes
over the whole chunk. Answers that are identical once redacted and typo-mapped
are segmented and classified once. With ``workers > 1`` chunks go to worker
processes as one joined string each and come back as a few strings and arrays.

:func:`analyse_suggestions` has an example that runs.
"""
from __future__ import annotations

import multiprocessing as mp
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from .classify import Stream, TopicClassifier, TopicModel
from .clean import (BLANK, INFORMATIVE, NON_ANSWER, _as_texts, content_cores, join_lines, normalise_joined, read_simplified,
                    status_codes)
from .config import TextConfig
from .lexicon import Lexicon, TypoMap, load_lexicon
from .known import KnownValues
from .redact import PLACEHOLDERS, default_redactor, redact_joined
from .variants import read_dialect, read_latin
from .segment import Segmenter, domain_words, segmenter_for, tokens_by_line

CHUNK = 20_000  # distinct answers per unit of work: big enough to amortise, small enough for memory
_STATUS = np.array([BLANK, NON_ANSWER, INFORMATIVE, NON_ANSWER], dtype=object)  # 3: off-topic, counted as not informative
#: the flag of each answer (status code → flag): what an answer is, beyond informative or not
FLAGS = np.array(["blank", "non_answer", "informative", "off_topic"], dtype=object)
FLAGS_ZH = {"blank": "未填写", "non_answer": "无实质内容", "informative": "有效意见", "off_topic": "与城市体检无关"}
_PLACEHOLDER_KIND = {v: v.strip("〔〕") for v in PLACEHOLDERS.values()}


@dataclass
class TextResources:
    """What the text stage needs per process: lexicon, typo map, dictionary, trained classifier."""

    lexicon: Lexicon
    typos: TypoMap
    words: dict[str, int]
    backend: str
    hmm: bool
    classifier: TopicClassifier
    non_answer_extra: tuple[str, ...] = ()

    @property
    def segmenter(self) -> Segmenter:
        return segmenter_for(self.words, self.backend, self.hmm)  # type: ignore[arg-type]

    def __getstate__(self):  # the segmenter is rebuilt (once) in each worker, never pickled
        return self.__dict__.copy()


def _resource_key(cfg: TextConfig) -> tuple:
    c = cfg.classify
    return (cfg.lexicon, cfg.typo_map, tuple(cfg.extra_words), cfg.backend, cfg.hmm, tuple(cfg.extra_non_answers),
            c.combine, c.threshold, c.fallback, c.training_size, c.seed, c.C)


def load_resources(config: TextConfig | None = None) -> TextResources:
    """Build (once per process and config) the dictionary and the trained topic classifier.

    Parameters
    ----------
    config : TextConfig, optional
        The ``text:`` section; what it says about the lexicon, typo map, extra words,
        segmenter backend and classifier decides the resources. Default: the defaults.

    Returns
    -------
    TextResources
        The lexicon, typo map, domain words, segmenter backend and classifier (rules, plus the
        model unless ``classify.combine`` is ``rules``), cached: the same config returns the
        same object, so analysing many batches trains or loads the model once.

    Raises
    ------
    ConfigError
        A lexicon or typo map that cannot be read or is inconsistent.

    Examples
    --------
    >>> from citysurvey.text import TextConfig, load_resources
    >>> res = load_resources()
    >>> res is load_resources(TextConfig()), res.backend, len(res.lexicon.topics)
    (True, 'jieba', 30)
    """
    cfg = config or TextConfig()
    key = _resource_key(cfg)
    with _RESOURCE_LOCK:
        if key not in _RESOURCES:
            if len(_RESOURCES) >= 4:
                _RESOURCES.pop(next(iter(_RESOURCES)))
            _RESOURCES[key] = _build_resources(cfg)
        return _RESOURCES[key]


_RESOURCES: dict[tuple, TextResources] = {}
_RESOURCE_LOCK = threading.Lock()


def _build_resources(cfg: TextConfig) -> TextResources:
    typos = TypoMap.load(cfg.typo_map)
    lexicon = load_lexicon(cfg.lexicon, typos)
    words = domain_words(lexicon, typos, cfg.extra_words)
    seg = segmenter_for(words, cfg.backend, cfg.hmm)
    c = cfg.classify
    clf = TopicClassifier(lexicon, threshold=c.threshold, fallback=c.fallback, combine=c.combine)
    if c.combine != "rules":
        from .model import load_or_train

        clf.model, clf.manifest, clf.model_source = load_or_train(
            cfg, lambda: train_model(lexicon, typos, seg, n=c.training_size, seed=c.seed, C=c.C))
        clf.n_training = c.training_size
    return TextResources(lexicon, typos, words, cfg.backend, cfg.hmm, clf, tuple(cfg.extra_non_answers))


def analysis_text(texts: list[str], typos: TypoMap) -> list[str]:
    """What segmentation and topics see: redacted text without placeholders, in simplified characters with written
    Cantonese read as Mandarin (:func:`~.variants.read_dialect`), pinyin and English read as words, typo-mapped,
    lowercased."""
    big = "\n".join(texts)
    if "〔" in big:  # placeholders are the only 〔 in cleaned text
        big = _placeholders().sub(" ", big)  # one pass for all (none holds another: each is bracketed by 〔〕)
    lines = typos.apply(read_latin(read_dialect(read_simplified(big)).lower())).split("\n")
    return [_once(t) if len(t) > _ONCE_MIN else t for t in lines]


@lru_cache(maxsize=1)
def _placeholders() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(set(PLACEHOLDERS.values())))))


_ONCE_MIN = 24  # shorter answers cannot repeat a clause enough to matter; they skip the check (most answers)
_CLAUSE = re.compile(r"[^。！？!?；;，,\s]+[。！？!?；;，,\s]*")


_CLAUSE_SEPS = "。！？!?；;，,"
_CLAUSE_SPLIT = re.compile(r"[。！？!?；;，,\s]+")


def _once(text: str) -> str:
    """An answer with each clause kept once: repeated copies of one sentence add nothing (topics, probabilities)."""
    if not (text[0] in _CLAUSE_SEPS or text[0].isspace()):
        # most answers repeat no clause: one split in C says so (clauses are the runs between separators,
        # so distinct runs mean distinct clauses and the loop below would return the text unchanged)
        runs = _CLAUSE_SPLIT.split(text)
        if runs[-1] == "":
            runs.pop()
        if len(set(runs)) == len(runs):
            return text
    seen: set[str] = set()
    out = []
    for m in _CLAUSE.finditer(text):
        core = m.group().rstrip("。！？!?；;，, ")
        if core not in seen:
            seen.add(core)
            out.append(m.group())
    return "".join(out) if out else text


#: share of generated training sentences that are off-topic (labelled OFF_TOPIC, the model's last output); by
#: cross-validation with model 2026.12-4 (0.1, 0.2, 0.25, 0.3: 0.25 and 0.3 filter the most off-topic answers,
#: 0.25 flags the fewest informative ones)
OFF_TOPIC_SHARE = 0.25


def train_model(lexicon: Lexicon, typos: TypoMap, seg: Segmenter, *, n: int = 16000, seed: int = 20260701,
                C: float = 10.0, labelled: bool = True, exclude: tuple[str, ...] = ()) -> TopicModel:
    """Fit the topic model on :func:`~citysurvey.text.training.training_corpus` sentences and (with
    ``labelled``) the written answers of :func:`~citysurvey.text.training.labelled_corpus` (without the
    sources in ``exclude``). The model has one output per topic, then one for off-topic answers (non-answers
    included: neither is an opinion about the city) and one for non-answers."""
    from .training import NON_ANSWER, OFF_TOPIC, labelled_corpus, training_corpus

    texts, labels = training_corpus(n=n, seed=seed, lexicon=lexicon, off_topic_share=OFF_TOPIC_SHARE)
    if labelled:
        t2, l2 = labelled_corpus(lexicon, exclude)
        texts, labels = texts + t2, labels + l2
    prepared = analysis_text(normalise_joined(join_lines(texts)).split("\n"), typos)
    big = "\n".join(prepared)
    outputs = list(lexicon.topics) + [OFF_TOPIC, NON_ANSWER]
    Y = np.array([[t in lab for t in outputs] for lab in labels], dtype=np.int8)
    from .classify import TopicRules

    return TopicModel(C=C).fit(Stream(big, seg.cut_stream(big), len(prepared)), Y, gate=outputs.index(OFF_TOPIC),
                               rules=TopicRules(lexicon))


@dataclass
class ChunkResult:
    """One chunk's answers. Texts travel as one newline-joined string each: a worker
    process sends back a few strings and arrays rather than lists of a million objects."""

    n: int
    cleaned: str  # redacted answers, newline-joined
    keys: str  # the text up to punctuation, spaces and case (what de-duplication compares), newline-joined
    status: np.ndarray  # int8: 0 blank, 1 non-answer, 2 informative
    tokens: str  # per answer its space-joined tokens ('' unless informative), newline-joined
    rule: np.ndarray
    model: np.ndarray
    final: np.ndarray
    pii: dict[str, int]
    primary: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # primary topic index, −1 none


def _lines(joined: str, n: int) -> list[str]:
    return joined.split("\n") if n else []


def process_chunk(raw: list[str], res: TextResources) -> ChunkResult:
    """Clean, redact, detect non-answers, segment and classify one chunk of answers."""
    return process_joined(join_lines(raw), len(raw), res)


def process_joined(joined: str, n: int, res: TextResources) -> ChunkResult:
    """:func:`process_chunk` for ``n`` answers already joined by :func:`~.clean.join_lines`.

    Answers that are the same once normalised, redacted and typo-mapped (they differed
    only in a phone number, case, spacing …) are segmented and classified once.
    """
    big, pii = redact_joined(normalise_joined(joined), default_redactor())
    cleaned = _lines(big, n)
    keys = content_cores(cleaned)
    status = status_codes(cleaned, res.non_answer_extra, cores=keys)
    idx = np.flatnonzero(status == 2)
    rule = np.zeros(n, np.int64)
    model = np.zeros(n, np.int64)
    final = np.zeros(n, np.int64)
    primary = np.full(n, -1, np.int64)
    tokens = np.full(n, "", dtype=object)
    if len(idx):
        prepared = analysis_text([cleaned[i] for i in idx], res.typos)
        codes, distinct = pd.factorize(np.asarray(prepared, dtype=object), sort=False)
        pbig = "\n".join(distinct)
        stream = Stream(pbig, res.segmenter.cut_stream(pbig), len(distinct))
        r, m, f, pr, best, p_off, p_non, p_gate, p_frame = res.classifier.classify_stream(stream, PRIVATE_FRAME_OVER_BEST)
        clf = res.classifier
        off = off_topic(pbig, r, f, best, p_off, abstain=clf.model is not None and clf.combine != "rules", p_gate=p_gate,
                        p_frame=p_frame)
        if off.any():
            f, pr = np.where(off, 0, f), np.where(off, -1, pr)
            # a filtered answer the model reads as saying nothing (一切都好, 同上) is a non-answer, not off-topic
            status[idx] = np.where(off, np.where(p_non >= NON_ANSWER_MIN_PROBA, 1, 3), 2)[codes]
        rule[idx], model[idx], final[idx], primary[idx] = r[codes], m[codes], f[codes], pr[codes]
        tokens[idx] = np.asarray(tokens_by_line(stream.tokens, " "), dtype=object)[codes]
    return ChunkResult(n, big if n else "", "\n".join(keys), status, "\n".join(tokens.tolist()), rule, model, final, pii,
                       primary)


#: the model's non-answer probability above which a filtered answer is a non-answer rather than off-topic
NON_ANSWER_MIN_PROBA = 0.3
#: an answer with one off-topic word (and no lexicon term) is kept as informative when the model is at least
#: this sure of a topic; with two or more it is off-topic whatever the model says
OFF_TOPIC_MAX_PROBA = 0.8
#: ... and then only when the model's off-topic output reaches this share of its best topic's probability: the word
#: alone does not filter a city complaint the model leans to. By the sweep of analysis/text_cv.py (model 2026.12-11, the
#: frame settings below, 16 folds): 0 (before) 19 off-topic answers kept of 717 and 35 informative flagged of 3,819, 0.5
#: 20 and 32. Model 2026.12-11 still filtered 游戏厅开到半夜十二点，吵得睡不着 and 孩子放学就去网吧打游戏，门口也没人管
#: (the off-topic output above half of a weak best topic); 2026.12-12 learned such businesses as street-order
#: complaints (training cues), which the model's best topic now says, not this threshold
WORDS_OVER_BEST = 0.5
#: the model's off-topic probability above which an answer is off-topic when no topic is more probable
OFF_TOPIC_MIN_PROBA = 0.5
#: ... and above which it is off-topic even with a lexicon term in it (a term used about something else:
#: 问卷的字太小，老年人看不清)
#: Both, with the classifier's fallback, by leave-one-set-out cross-validation (``analysis/text_cv.py --sweep``,
#: model 2026.12-4): the fewest off-topic answers kept plus informative answers flagged, pooled over the eight
#: folds (9 of 140 and 12 of 1,648), among the settings that filter at least 90% of each blind-written set's
#: off-topic answers; 0.3 gave 8 more informative answers flagged and 1 more off-topic answer filtered. Model
#: 2026.12-5 with the private-domain words, nine folds: 14 of 1,928 and 8 of 207; an OFF_TOPIC_MIN_PROBA of 0.6 gives
#: 11 and 10, one error fewer, but the off-topic answers kept are what a new writer's set has missed.
OFF_TOPIC_OVER_RULES = 0.5
#: the character n-gram model's off-topic probability (classify.OffTopicModel) above which an answer is off-topic
#: whatever the topic model says, and above which it is even with a lexicon term in it; by the same sweep (model
#: 2026.12-6, ten folds): 0.8 and 0.8 keep one off-topic answer fewer (10 of 273) for no informative answer more
#: (15 of 2,246); 0.7 flags 2 more informative answers and filters no more
OFF_GATE_MIN = 0.8
OFF_GATE_OVER_RULES = 0.8
#: with a private-domain word and no lexicon term, an answer is off-topic when the model's off-topic output exceeds
#: this share of its best topic's probability (1.0: it must beat it; a figure of speech about one's husband keeps some
#: of its city term's weight), and with a lexicon term (the rules found a city thing in it) this share. By the sweep
#: of analysis/text_cv.py (model 2026.12-9, 14 folds, the other thresholds as shipped; off-topic answers kept of 566,
#: informative answers flagged of 3,320): 0.8 and 1.0 20 and 23; 1.0 and 1.0 (before) 22 and 23; 0.8 and 0.6 19 and
#: 23, 0.6 and 0.6 18 and 24 (one error fewer, but 0.6 with a term flags 考研…市图书馆座位太少, a passing mention of a
#: private matter in a city complaint); 0.6 and 1.0 19 and 24 (房东说涨就涨…压力太大 flagged); 0.5 18-19 and 27
PRIVATE_OVER_BEST = 0.8
PRIVATE_OVER_BEST_RULES = 1.0
#: ... and with a lexicon term, only when the model's frame reader (:class:`~.classify.FrameModel`) gives at least this
#: that the term is the resident's own (0: whatever it gives): a private word passing by a city complaint
#: (考研自习的时候发现市图书馆座位太少了, the reader 0.19) leaves the term the city's. By the sweep of analysis/text_cv.py
#: (model 2026.12-11, 16 folds): 0 32 informative answers flagged of 3,819 and 20 off-topic kept of 717; 0.2, 0.3 and 0.4
#: 31 and 20
PRIVATE_TERM_FRAME_MIN = 0.3

#: with a city term read as the resident's own, an answer is off-topic when the model's off-topic output exceeds this
#: share of its best topic's probability, lexicon term or not. Read as the resident's own: the model's frame reader
#: (:class:`~.classify.FrameModel`, learned from the words around each term) gives at least ``FRAME_MIN``, or a
#: hand-written frame (:func:`private_frame_lines`) matches and, on an answer with a term, the frame reader gives at
#: least ``HAND_FRAME_MIN`` (inf: the hand-written frames off). Model 2026.12-10, the frames alone, 11 folds (off-topic
#: answers kept of 645 and informative answers flagged of 3,046): off 33 and 17, 0.5 24 and 17, 0.4 22 and 17, 0.3 19
#: and 17, 0.2 18 and 18, 0.15 16 and 19, 0.1 14 and 23. Model 2026.12-11, 16 folds (kept of 717, flagged of 3,819;
#: analysis/results/text_cv_2026.12-11_2026-12-06.txt, with WORDS_OVER_BEST 0.5): the hand-written frames alone at 0.3
#: (as 2026.12-10) 28 and 30; with the frame reader at 0.5 and the share 0.3 25 and 30, 0.2 20 and 32 (the fewest
#: errors), 0.1 18 and 38; the frame reader alone (hand-written frames off) at best 29 and 30; vetoing the hand-written
#: frames where the reader gives under 0.1-0.3 (the training openers as before) flagged nothing fewer and kept more.
PRIVATE_FRAME_OVER_BEST = 0.2
FRAME_MIN = 0.5
HAND_FRAME_MIN = 0.0

#: Whose thing a city term is about. A city word in an answer is the city's unless the answer sets it in the
#: resident's own world; these say so by class, not by wording, each a sign that the term is borrowed:
#: a virtual or imagined world (a game, a toy or model city, a dream, a novel or a show);
#: the resident's mind, feelings, body or life as the holder (我脑子里的垃圾分类, 情绪内涝, 我的人生没有停车位,
#: 头发“老旧小区”了, 脸上的痘像井盖);
#: a person, a workplace or a program as the holder or as the thing named (我就是那个“充电桩”, 我家那口子是个“违建”,
#: 我们公司的“物业”, 项目的“适老化改造”, 部门内部“交通拥堵”), a city term in quotation marks then being a borrowed
#: name; the inside of a workplace (单位的充电桩, 公司前台的快递柜), which the city neither builds nor runs; a school's
#: task. A private word that passes by (我家孩子…幼儿园, 我每天上班…地铁) is none of these: 我家 and 上班 are not in them.
#: A dream is one told (梦见, 梦到, 梦里), not the idiom of a wish (买房就是做梦, 做梦都想有个车位: the city's).
#: None decides alone: each lowers the share of the best topic the model's off-topic output must reach.
PRIVATE_FRAMES = (
    # a virtual or imagined world
    r"游戏(?:里|中|里面)|在游戏|我的世界|minecraft|模拟城市|城市天际线|梦(?:见|到|里)|积木|乐高|玩具|过家家|"
    r"小说里|剧里",
    # the resident's mind, feelings, body, life, schedule, social circle as the holder
    # (not the set phrases of how one feels about a city thing or how it is decided, 心里发毛, 心里没底, 心里话,
    # 拍脑袋; not 人生 across two words, 老人生病, nor 怀疑人生, how bad a city thing is: 堵到怀疑人生; nor a place's or a city's memory, 城市的记忆没了, a heritage
    # complaint, only a memory holding something, 记忆的下水道, 记忆里的; nor the city's data platform, 城市大脑)
    r"脑子|(?<!拍)脑袋|(?<!城市)大脑|心里(?!发毛|发慌|发怵|慌|没底|有底|有数|有个数|不踏实|踏实|话)|内心|我的心|情绪|"
    r"感情|婚姻|爱情|(?<!怀疑)人生(?![活病气产日])|日程|朋友圈|发际线|头发|脸上|青春|记忆(?:的|里)",
    # a person, a workplace, a program named by a quoted city term; a person as a city thing
    r"(?:公司|单位|部门|项目|程序|系统|班主任|老板|领导|同事|老公|老婆|那口子|对象|wifi)[^，。！？,.!?\n]{0,6}"
    r"[“\"「『‘'][^”\"」』’'\n]{1,8}[”\"」』’']|我(?:就)?是(?:那个|个|一个)|"
    r"(?:老公|老婆|那口子|对象|班主任|老师|老板|领导|同事|我妈|我爸|婆婆)(?:就)?(?:像|是)(?:个|一个)|"
    # ... and a city thing that is a family member, the other way round (家里的“物业”就是我妈; model 2026.12-19)
    r"就是我(?:家)?(?:老公|老婆|那口子|对象|妈|爸|婆婆|公公|儿子|女儿|闺女|孩子|老伴|奶奶|爷爷)",
    # the inside of a workplace or a school's task
    # (not homework a nuisance keeps a child from, 吵得孩子写不了作业, 没法写作业)
    r"(?:公司|单位|部门|办公室)(?:的|里|内部|前台)|(?<![不没无][了成法能下])(?<![不没无][了成法能下]写)作业",
)


def private_frame_lines(big: str, n: int) -> np.ndarray:
    """Whether each line of a newline-joined batch sets its city terms in the resident's own world
    (:data:`PRIVATE_FRAMES`)."""
    return pattern_lines(big, n, _PRIVATE_FRAME) > 0


_PRIVATE_FRAME = re.compile("|".join(f"(?:{p})" for p in PRIVATE_FRAMES), re.IGNORECASE)


def off_topic(big: str, rule: np.ndarray, final: np.ndarray, best: np.ndarray, p_off: np.ndarray, *,
              abstain: bool = True, p_gate: np.ndarray | None = None, p_frame: np.ndarray | None = None) -> np.ndarray:
    """Which informative lines are off-topic: about something other than the city (the stock market, private
    life, the questionnaire, adverts …).

    A line is off-topic when it has words of ``data/off_topic.txt`` and no lexicon term (unless the model is
    sure of a topic), when the model's off-topic output beats its best topic (above ``OFF_TOPIC_MIN_PROBA``; at
    any level, and once it reaches ``PRIVATE_OVER_BEST`` times the best topic's probability, when the line names
    something private, a word of ``data/private_domain.txt``: one's family, money, body, pets, job, media, the
    weather; a lexicon term in it does not save it then, the model having weighed
    it already: 我在这城市住了二十年，心里很感慨 … 公园 is a memoir, not a park complaint), when the line sets its
    city terms in the resident's own world (the model's frame reader, ``p_frame``, :class:`~.classify.FrameModel`, or
    :data:`PRIVATE_FRAMES`: a game, a dream, one's mind or workplace) and the
    off-topic output reaches ``PRIVATE_FRAME_OVER_BEST`` times the best topic's, when the character
    n-gram model (``p_gate``, :class:`~.classify.OffTopicModel`) reaches ``OFF_GATE_MIN`` (``OFF_GATE_OVER_RULES``
    with a lexicon term), or
    (``abstain``: a model
    is used) when it has no topic at all: an answer the model relates to nothing in the city is not
    counted as an opinion about it (it still shows in the flag column as 与城市体检无关). With the
    lexicon rules alone an answer without a term stays informative: the rules know too few wordings.
    """
    # every word list and frame is looked up only on the lines where it could decide (most of the time went to
    # reading the frames and the private words over every line): where the model's figures allow it, and not on a line
    # the tests before it have found off-topic already (the answer is their union)
    off = (p_off >= OFF_TOPIC_MIN_PROBA) & (p_off > best) & ((rule == 0) | (p_off >= OFF_TOPIC_OVER_RULES))
    if p_gate is not None:
        off |= (p_gate >= OFF_GATE_MIN) & ((rule == 0) | (p_gate >= OFF_GATE_OVER_RULES))
    if abstain:
        off |= final == 0
    hits = lines_where(big, (rule == 0) & (p_off >= WORDS_OVER_BEST * best) & ~off, off_topic_lines)
    off |= (hits > 0) & ((best < OFF_TOPIC_MAX_PROBA) | (hits >= 2))
    p_frame = np.zeros(len(rule)) if p_frame is None else p_frame
    private = p_off > np.where(rule == 0, PRIVATE_OVER_BEST, PRIVATE_OVER_BEST_RULES) * best
    private &= ((rule == 0) | (p_frame >= PRIVATE_TERM_FRAME_MIN)) & ~off
    off |= lines_where(big, private, lambda b, k: word_lines(b, k, "private_domain.txt")) > 0
    frame = (p_off > PRIVATE_FRAME_OVER_BEST * best) & ~off
    learned = p_frame >= FRAME_MIN
    if HAND_FRAME_MIN < float("inf"):
        hand = lines_where(big, frame & ~learned, private_frame_lines) > 0
        learned |= hand & ((rule == 0) | (p_frame >= HAND_FRAME_MIN))
    return off | (frame & learned)


@lru_cache(maxsize=4)
def _word_pattern(name: str) -> re.Pattern:
    text = resources.files("citysurvey.text").joinpath(f"data/{name}").read_text(encoding="utf-8")
    words = sorted({ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}, key=len,
                   reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def off_topic_lines(big: str, n: int) -> np.ndarray:
    """Number of off-topic words (data/off_topic.txt) on each line of a newline-joined (lowercased) batch."""
    return word_lines(big, n, "off_topic.txt")


def word_lines(big: str, n: int, name: str) -> np.ndarray:
    """Number of words of the word list ``data/<name>`` on each line of a newline-joined (lowercased) batch."""
    return pattern_lines(big, n, _word_pattern(name))


def lines_where(big: str, want: np.ndarray, find) -> np.ndarray:
    """``find(text, n)`` (one number per line of a newline-joined text of ``n`` lines) read on the lines of ``big``
    where ``want`` is True alone, 0 on the others: the same numbers there as over the whole batch, since no word or
    frame spans a newline, for the cost of those lines only."""
    idx = np.flatnonzero(want)
    out = np.zeros(len(want), np.int64)
    if len(idx) == len(want):
        out[:] = find(big, len(want))
    elif len(idx):
        lines = big.split("\n")
        out[idx] = find("\n".join([lines[i] for i in idx.tolist()]), len(idx))
    return out


def pattern_lines(big: str, n: int, pattern: re.Pattern) -> np.ndarray:
    """Number of matches of ``pattern`` on each line of a newline-joined batch of ``n`` lines."""
    out = np.zeros(n, np.int64)
    hits = [m.start() for m in pattern.finditer(big)]
    if hits:
        starts = np.r_[0, np.flatnonzero(np.frombuffer(big.encode("utf-32-le"), np.uint32) == 10) + 1]
        np.add.at(out, np.searchsorted(starts, hits, side="right") - 1, 1)
    return out


_WORKER: dict[str, Any] = {}


def _init_worker(res: TextResources) -> None:
    _WORKER["res"] = res
    res.segmenter  # load the dictionary once per worker, before the first chunk


def _work(task: tuple[str, int]) -> ChunkResult:
    return process_joined(task[0], task[1], _WORKER["res"])


def _run_chunks(uniques: list[str], res: TextResources, workers: int) -> list[ChunkResult]:
    """Process distinct answers in chunks of at most ``CHUNK``; with ``workers > 1`` in a pool of processes.

    A chunk goes to a worker as one joined string and comes back as a few strings
    and arrays (see :class:`ChunkResult`), so little time goes to pickling; the
    pool hands out chunks one at a time, so a busy core does not hold the others up.
    """
    size = CHUNK if workers <= 1 else max(min(CHUNK, -(-len(uniques) // (4 * workers))), 1000)  # ≥4 chunks per worker
    chunks = [uniques[i:i + size] for i in range(0, len(uniques), size)] or [[]]
    if workers <= 1 or len(chunks) == 1:
        return [process_chunk(c, res) for c in chunks]
    tasks = [(join_lines(c), len(c)) for c in chunks]
    res.segmenter  # built before forking, so forked workers inherit it
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(min(workers, len(chunks)), initializer=_init_worker, initargs=(res,)) as pool:
        return pool.map(_work, tasks, chunksize=1)


def _joined_array(parts: list[ChunkResult], attr: str) -> np.ndarray:
    """One object array of every chunk's lines of a joined-text field (split by C string methods)."""
    used = [p for p in parts if p.n]
    if not used:
        return np.zeros(0, dtype=object)
    return np.array("\n".join(getattr(p, attr) for p in used).split("\n"), dtype=object)


@dataclass
class SuggestionAnalysis:
    """The result of :func:`analyse_suggestions`: per respondent, per topic and per distinct answer.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per answer, in input order (same index): ``status`` (``blank`` /
        ``non_informative`` / ``informative``), ``text_redacted`` (normal form, personal data
        replaced by 〔电话〕, 〔姓名〕 …), ``dup_group`` (same text up to punctuation; −1 unless
        informative), ``dup_n`` (respondents in the group), ``topics``, ``topics_rule``,
        ``topics_model`` (topic codes, ``|``-joined: final, from the lexicon rules, from the
        model), ``n_topics``, ``flag`` (a flood or other quality flag, else empty),
        ``primary_topic``, ``personal_data`` (placeholder kinds found, ``|``-joined).
    mentions : pandas.DataFrame
        0/1 uint8, one row per answer, one column per topic in lexicon order: the input of
        :func:`topic_shares`.
    evidence : pandas.DataFrame
        One row per distinct informative answer: ``dup_group``, ``text_redacted``, ``tokens``
        (space-joined), ``mask`` (topics as bits), ``n_respondents``, ``first`` (position of
        the first respondent who wrote it).
    lexicon : Lexicon
        The topics the codes refer to.
    pii_counts : dict of str to int
        Personal data found, by kind (``phone``, ``name``, ``id_card`` …).
    backend : str
        The segmenter used (``jieba`` or ``rjieba``).
    counts : dict of str to int
        Answers by status (a property).

    Examples
    --------
    >>> from citysurvey.text import analyse_suggestions
    >>> res = analyse_suggestions(["停车位太少", "无", "电话13812345678，楼道堆满杂物"])
    >>> res.counts, res.pii_counts
    ({'blank': 0, 'non_informative': 1, 'informative': 2}, {'phone': 1})
    """

    frame: pd.DataFrame
    mentions: pd.DataFrame
    evidence: pd.DataFrame
    lexicon: Lexicon
    pii_counts: dict[str, int] = field(default_factory=dict)
    backend: str = "jieba"

    @cached_property
    def counts(self) -> dict[str, int]:
        vc = self.frame["status"].value_counts()
        return {s: int(vc.get(s, 0)) for s in (BLANK, NON_ANSWER, INFORMATIVE)}


def _topic_columns(lexicon: Lexicon, codes: np.ndarray, *masks: np.ndarray) -> list:
    """For each array of masks, the topic codes of ``masks[codes]``, ``|``-joined, as a column (:func:`_column`).

    The distinct masks of all the arrays are named once: the final, rule and model masks share most of them."""
    inv, uniq = pd.factorize(np.concatenate(masks), sort=False)  # a hash pass, no sort
    names = np.array(["|".join(lexicon.topics_of(int(m))) for m in uniq] or [""], dtype=object)
    return [_column(names, part[codes]) for part in np.split(inv, np.cumsum([len(m) for m in masks])[:-1])]


def _column(values: np.ndarray, codes: np.ndarray):
    """``values[codes]`` as the column pandas makes of it: each distinct value converted once (to pandas' string
    type), then taken by the codes, instead of an object array of one string per respondent converted row by row."""
    return pd.Series(values, copy=False).array.take(codes)


def analyse_suggestions(texts, config: TextConfig | None = None, *, workers: int | None = None,
                        resources: TextResources | None = None, known: KnownValues | None = None) -> SuggestionAnalysis:
    """Clean, redact, segment and classify every answer to the open suggestion question.

    Parameters
    ----------
    texts : sequence of str or pandas.Series
        The answers, one per respondent; None/NaN are blank answers. A Series keeps its index.
    config : TextConfig, optional
        The ``text:`` section (lexicon, typo map, backend, classifier, extra non-answers).
    workers : int, optional
        Processes to split the distinct answers over (default ``config.workers``).
    resources : TextResources, optional
        Already built resources (:func:`load_resources`); built from ``config`` when left out.
    known : KnownValues, optional
        Personal data the study holds in its own columns (``role: personal``): masked wherever an answer
        repeats it, before the redactor reads the answer (:mod:`citysurvey.text.known`).

    Returns
    -------
    SuggestionAnalysis
        ``frame`` (status, redacted text, duplicates, topics per answer), ``mentions`` (0/1
        per topic) and ``evidence`` (one row per distinct answer); the columns are listed
        under :class:`SuggestionAnalysis`. Identical answers are analysed once.

    Raises
    ------
    StageError
        The ``rjieba`` backend is configured but not installed.

    Examples
    --------
    >>> from citysurvey.text import analyse_suggestions
    >>> res = analyse_suggestions(["停车位太少", "无", "电话13812345678，楼道堆满杂物", "停车位太少！"])
    >>> print(res.frame[["status", "text_redacted", "topics", "dup_n"]].to_string())
                status  text_redacted     topics  dup_n
    0      informative          停车位太少  C_PARKING      2
    1  non_informative              无                0
    2      informative  电话〔电话〕，楼道堆满杂物   H_SAFETY      1
    3      informative         停车位太少！  C_PARKING      2
    >>> int(res.mentions["C_PARKING"].sum())
    2
    """
    cfg = config or TextConfig()
    res = resources or load_resources(cfg)
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    raw = _as_texts(texts)
    known_counts: dict[str, int] = {}
    if known:
        raw, known_counts = known.mask(raw)
    codes, uniques = pd.factorize(pd.Series(raw, dtype=object), sort=False)  # identical raw answers: work once
    parts = _run_chunks(list(uniques), res, workers or cfg.workers)
    cleaned_u = _joined_array(parts, "cleaned")
    keys_u = _joined_array(parts, "keys")
    status_u = np.concatenate([p.status for p in parts]) if parts else np.zeros(0, np.int8)
    tokens_u = _joined_array(parts, "tokens")
    rule_u, model_u, final_u, primary_u = (np.concatenate([getattr(p, k) for p in parts])
                                           for k in ("rule", "model", "final", "primary"))
    pii: dict[str, int] = dict(known_counts)
    for p in parts:
        for k, v in p.pii.items():
            pii[k] = pii.get(k, 0) + v
    if len(raw) == 0:
        codes = np.zeros(0, np.int64)
    flag_codes = status_u[codes] if len(raw) else np.zeros(0, np.int8)
    status = np.where(flag_codes == 3, 1, flag_codes)
    final = final_u[codes] if len(raw) else np.zeros(0, np.int64)

    # evidence: one row per distinct informative text (same up to punctuation), counted with all its respondents
    inf = np.flatnonzero(status == 2)
    group = np.full(len(raw), -1, dtype=np.int64)
    status_u = np.where(status_u == 3, 1, status_u)
    if len(inf):
        # numbered per distinct raw answer: those come in order of first appearance, so the groups do too
        inf_u = np.flatnonzero(status_u == 2)
        group_u = np.full(len(status_u), -1, dtype=np.int64)
        group_u[inf_u] = pd.factorize(keys_u[inf_u], sort=False)[0]
        group[inf] = group_u[codes[inf]]
    dup_n = np.zeros(len(raw), dtype=np.int64)
    if len(inf):
        sizes = np.bincount(group[inf])
        dup_n[inf] = sizes[group[inf]]
    T = len(res.lexicon.topics)
    bits = _mask_bits(final, T)
    empty = np.zeros(0, object)
    topics, topics_rule, topics_model = _topic_columns(res.lexicon, codes, final_u, rule_u, model_u) if len(raw) \
        else (empty, empty, empty)
    frame = pd.DataFrame(
        {
            "status": _column(_STATUS, status) if len(raw) else np.zeros(0, object),
            "text_redacted": _column(cleaned_u, codes) if len(raw) else np.zeros(0, object),
            "dup_group": group,
            "dup_n": dup_n,
            "topics": topics,
            "topics_rule": topics_rule,
            "topics_model": topics_model,
            "n_topics": bits.sum(axis=1, dtype=np.int64),
            "flag": _column(FLAGS, flag_codes) if len(raw) else np.zeros(0, object),
            "primary_topic": _column(_primary_names(primary_u, res.lexicon), codes) if len(raw) else np.zeros(0, object),
            "personal_data": _column(_personal_kinds(cleaned_u), codes) if len(raw) else np.zeros(0, object),
        },
        index=index,
    )
    mentions = pd.DataFrame(bits, index=index, columns=list(res.lexicon.topics))
    if len(inf):
        g = group[inf]
        # group ids are numbered in order of first appearance: a group's first respondent is where the id exceeds all before
        firsts = inf[np.flatnonzero(g > np.r_[-1, np.maximum.accumulate(g)[:-1]])]
        evidence = pd.DataFrame(
            {
                "dup_group": group[firsts],
                "text_redacted": cleaned_u[codes[firsts]],
                "tokens": tokens_u[codes[firsts]],
                "mask": final[firsts],
                "n_respondents": np.bincount(g),
                "first": firsts,
            }
        )
    else:
        evidence = pd.DataFrame(columns=["dup_group", "text_redacted", "tokens", "mask", "n_respondents", "first"])
    return SuggestionAnalysis(frame, mentions, evidence, res.lexicon, pii, res.backend)


def _primary_names(primary: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    names = np.array(list(lexicon.topics) + [""], dtype=object)
    return names[np.where(primary < 0, len(lexicon.topics), primary)]


def _mask_bits(masks: np.ndarray, n_topics: int) -> np.ndarray:
    """0/1 uint8 matrix (answers × topics) of int64 topic masks, unpacked byte-wise (no n × topics int64 temporary)."""
    b = np.ascontiguousarray(masks, dtype="<i8").view(np.uint8).reshape(-1, 8)
    return np.ascontiguousarray(np.unpackbits(b, axis=1, bitorder="little")[:, :n_topics])


def _popcount(masks: np.ndarray) -> np.ndarray:
    return _mask_bits(masks, 64).sum(axis=1, dtype=np.int64)


def _personal_kinds(cleaned: np.ndarray) -> np.ndarray:
    out = np.full(len(cleaned), "", dtype=object)
    for i, t in enumerate(cleaned):
        if "〔" in t:
            out[i] = "|".join(k for ph, k in _PLACEHOLDER_KIND.items() if ph in t)
    return out
