"""From raw answers to cleaned, redacted, segmented and classified answers.

The order matters for privacy: answers are normalised and redacted first, and
every later step (non-answer detection, de-duplication, segmentation, topics,
keywords, quotes) sees only the redacted text. Raw text stays in the validated
input and is not copied into any result.

Work is done per chunk of distinct raw answers, on each chunk joined into one
string, so that the per-answer Python overhead stays small; with ``workers > 1``
chunks go to worker processes.

>>> res = analyse_suggestions(["停车为太少！", "无", "", "我家3栋2单元501室漏水，电话13812345678"])
>>> res.frame[["status", "text_redacted", "topics"]].to_dict("list")  # doctest: +SKIP
{'status': ['informative', 'non_informative', 'blank', 'informative'],
 'text_redacted': ['停车位太少！', '无', '', '我家3栋〔门牌号〕漏水，电话〔电话〕'], ...}
"""
from __future__ import annotations

import multiprocessing as mp
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .classify import TopicClassifier, TopicModel
from .clean import BLANK, INFORMATIVE, NON_ANSWER, _as_texts, answer_status, content_cores, join_lines, normalise_joined
from .config import TextConfig
from .lexicon import Lexicon, TypoMap, load_lexicon
from .redact import PLACEHOLDERS, default_redactor, redact_joined
from .segment import Segmenter, domain_words, segmenter_for

CHUNK = 20_000  # distinct answers per unit of work: big enough to amortise, small enough for memory
_STATUS = np.array([BLANK, NON_ANSWER, INFORMATIVE], dtype=object)
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
    """Build (once per process and config) the dictionary and the trained classifier."""
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
        clf.model, clf.n_training = train_model(lexicon, typos, seg, n=c.training_size, seed=c.seed, C=c.C), c.training_size
    return TextResources(lexicon, typos, words, cfg.backend, cfg.hmm, clf, tuple(cfg.extra_non_answers))


def analysis_text(texts: list[str], typos: TypoMap) -> list[str]:
    """What segmentation and topics see: redacted text without placeholders, typo-mapped, lowercased."""
    big = "\n".join(texts)
    for ph in set(PLACEHOLDERS.values()):
        big = big.replace(ph, " ")
    return typos.apply(big.lower()).split("\n")


def train_model(lexicon: Lexicon, typos: TypoMap, seg: Segmenter, *, n: int = 12000, seed: int = 20260701,
                C: float = 4.0) -> TopicModel:
    """Fit the topic model on :func:`~citysurvey.text.training.training_corpus` sentences."""
    from .training import training_corpus

    texts, labels = training_corpus(n=n, seed=seed, lexicon=lexicon)
    prepared = analysis_text(normalise_joined(join_lines(texts)).split("\n"), typos)
    tokens = seg.cut_lines("\n".join(prepared))
    Y = np.array([[t in lab for t in lexicon.topics] for lab in labels], dtype=np.int8)
    return TopicModel(C=C).fit(prepared, tokens, Y)


@dataclass
class ChunkResult:
    cleaned: list[str]
    keys: list[str]  # the text up to punctuation, spaces and case: what de-duplication compares
    status: np.ndarray  # int8: 0 blank, 1 non-answer, 2 informative
    tokens: list[str]  # space-joined tokens, '' unless informative
    rule: np.ndarray
    model: np.ndarray
    final: np.ndarray
    pii: dict[str, int]


def process_chunk(raw: list[str], res: TextResources) -> ChunkResult:
    """Clean, redact, detect non-answers, segment and classify one chunk of answers."""
    big, pii = redact_joined(normalise_joined(join_lines(raw)), default_redactor())
    cleaned = big.split("\n") if raw else []
    keys = content_cores(cleaned)
    st = answer_status(cleaned, res.non_answer_extra, cores=keys)
    status = np.where(st == INFORMATIVE, 2, np.where(st == NON_ANSWER, 1, 0)).astype(np.int8)
    idx = np.flatnonzero(status == 2)
    n = len(cleaned)
    rule = np.zeros(n, np.int64)
    model = np.zeros(n, np.int64)
    final = np.zeros(n, np.int64)
    tokens = [""] * n
    if len(idx):
        prepared = analysis_text([cleaned[i] for i in idx], res.typos)
        lines = res.segmenter.cut_joined("\n".join(prepared))
        toks = [ln.split("\x01") if ln else [] for ln in lines]
        r, m, f = res.classifier.masks(prepared, toks)
        rule[idx], model[idx], final[idx] = r, m, f
        for i, ln in zip(idx, "\n".join(lines).replace("\x01", " ").split("\n")):
            tokens[i] = ln
    return ChunkResult(cleaned, keys, status, tokens, rule, model, final, pii)


_WORKER: dict[str, Any] = {}


def _init_worker(res: TextResources) -> None:
    _WORKER["res"] = res
    res.segmenter  # load the dictionary once per worker, before the first chunk


def _work(raw: list[str]) -> ChunkResult:
    return process_chunk(raw, _WORKER["res"])


def _run_chunks(uniques: list[str], res: TextResources, workers: int) -> list[ChunkResult]:
    size = CHUNK if workers <= 1 else max(min(CHUNK, -(-len(uniques) // (4 * workers))), 1000)  # ≥4 chunks per worker
    size = min(size, CHUNK)
    chunks = [uniques[i:i + size] for i in range(0, len(uniques), size)] or [[]]
    if workers <= 1 or len(chunks) == 1:
        return [process_chunk(c, res) for c in chunks]
    res.segmenter  # built before forking, so forked workers inherit it
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(min(workers, len(chunks)), initializer=_init_worker, initargs=(res,)) as pool:
        return pool.map(_work, chunks, chunksize=1)


@dataclass
class SuggestionAnalysis:
    """Per-respondent results (``frame``, ``mentions``) and one row per distinct answer (``evidence``).

    ``frame`` columns: status (blank / non_informative / informative),
    text_redacted, dup_group (same text up to punctuation; −1 unless informative),
    dup_n (respondents in the group), topics, topics_rule, topics_model ('|'-joined),
    n_topics, personal_data (placeholder kinds found, '|'-joined).
    ``mentions``: 0/1 uint8, one column per topic in lexicon order.
    ``evidence``: dup_group, text_redacted, tokens (space-joined), mask, n_respondents,
    first (position of the first respondent).
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


def _topic_strings(masks: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    uniq, inv = np.unique(masks, return_inverse=True)
    names = np.array(["|".join(lexicon.topics_of(int(m))) for m in uniq], dtype=object)
    return names[inv]


def analyse_suggestions(texts, config: TextConfig | None = None, *, workers: int | None = None,
                        resources: TextResources | None = None) -> SuggestionAnalysis:
    """Clean, redact, segment and classify every answer; see :class:`SuggestionAnalysis`."""
    cfg = config or TextConfig()
    res = resources or load_resources(cfg)
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    raw = _as_texts(texts)
    codes, uniques = pd.factorize(pd.Series(raw, dtype=object), sort=False)  # identical raw answers: work once
    parts = _run_chunks(list(uniques), res, workers or cfg.workers)
    cleaned_u = np.array([t for p in parts for t in p.cleaned] or [], dtype=object)
    keys_u = np.array([t for p in parts for t in p.keys] or [], dtype=object)
    status_u = np.concatenate([p.status for p in parts]) if parts else np.zeros(0, np.int8)
    tokens_u = np.array([t for p in parts for t in p.tokens] or [], dtype=object)
    rule_u, model_u, final_u = (np.concatenate([getattr(p, k) for p in parts]) for k in ("rule", "model", "final"))
    pii: dict[str, int] = {}
    for p in parts:
        for k, v in p.pii.items():
            pii[k] = pii.get(k, 0) + v
    if len(raw) == 0:
        codes = np.zeros(0, np.int64)
    cleaned = cleaned_u[codes] if len(raw) else np.zeros(0, object)
    status = status_u[codes] if len(raw) else np.zeros(0, np.int8)
    final = final_u[codes] if len(raw) else np.zeros(0, np.int64)

    # evidence: one row per distinct informative text (same up to punctuation), counted with all its respondents
    inf = np.flatnonzero(status == 2)
    group = np.full(len(raw), -1, dtype=np.int64)
    if len(inf):
        group[inf] = pd.factorize(keys_u[codes[inf]], sort=False)[0]
    dup_n = np.zeros(len(raw), dtype=np.int64)
    if len(inf):
        sizes = np.bincount(group[inf])
        dup_n[inf] = sizes[group[inf]]
    frame = pd.DataFrame(
        {
            "status": _STATUS[status] if len(raw) else np.zeros(0, object),
            "text_redacted": cleaned,
            "dup_group": group,
            "dup_n": dup_n,
            "topics": _topic_strings(final, res.lexicon) if len(raw) else np.zeros(0, object),
            "topics_rule": _topic_strings(rule_u[codes], res.lexicon) if len(raw) else np.zeros(0, object),
            "topics_model": _topic_strings(model_u[codes], res.lexicon) if len(raw) else np.zeros(0, object),
            "n_topics": _popcount(final),
            "personal_data": _personal_kinds(cleaned),
        },
        index=index,
    )
    T = len(res.lexicon.topics)
    bits = ((final[:, None] >> np.arange(T, dtype=np.int64)) & 1).astype(np.uint8)
    mentions = pd.DataFrame(bits, index=index, columns=list(res.lexicon.topics))
    if len(inf):
        first = pd.Series(inf).groupby(group[inf], sort=True).first()
        evidence = pd.DataFrame(
            {
                "dup_group": first.index.to_numpy(),
                "text_redacted": cleaned[first.to_numpy()],
                "tokens": tokens_u[codes[first.to_numpy()]],
                "mask": final[first.to_numpy()],
                "n_respondents": np.bincount(group[inf])[first.index.to_numpy()],
                "first": first.to_numpy(),
            }
        )
    else:
        evidence = pd.DataFrame(columns=["dup_group", "text_redacted", "tokens", "mask", "n_respondents", "first"])
    return SuggestionAnalysis(frame, mentions, evidence, res.lexicon, pii, res.backend)


def _popcount(masks: np.ndarray) -> np.ndarray:
    m = masks.astype(np.uint64)
    out = np.zeros(len(m), dtype=np.int64)
    while m.any():
        out += (m & np.uint64(1)).astype(np.int64)
        m >>= np.uint64(1)
    return out


def _personal_kinds(cleaned: np.ndarray) -> np.ndarray:
    out = np.full(len(cleaned), "", dtype=object)
    for i, t in enumerate(cleaned):
        if "〔" in t:
            out[i] = "|".join(k for ph, k in _PLACEHOLDER_KIND.items() if ph in t)
    return out
