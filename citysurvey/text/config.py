"""Config section ``text:`` of a study (every key has a usable default).

Example::

    text:
      backend: jieba          # or rjieba (faster, same tokens; pip install rjieba)
      workers: 1              # processes for large surveys (2 on a 2-core machine)
      extra_words: [北山新村, 解放路]     # place names etc. kept whole by the segmenter
      classify: {threshold: 0.5}
      quotes: {per_group: 3}
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClassifyConfig(_Section):
    #: union: lexicon rules ∪ model topics with probability ≥ threshold; rules / model: one layer alone
    combine: Literal["union", "rules", "model"] = "union"
    threshold: float = Field(default=0.5, gt=0, lt=1)
    #: when nothing else is found, the model's best topic if its probability reaches this (below it, and with
    #: no topic term, the answer is taken as off-topic). Chosen by cross-validation across the development sets
    #: (analysis/text_cv.py): with model 2026.12-3, 0.03 filters fewer informative answers than 0.05 (0.6% vs
    #: 2.4% on one set) and as many off-topic ones; with model 2026.12-4 (``--sweep``), 0.02 flags 7 fewer of
    #: 1,648 informative answers than 0.03 and keeps 2 more of 140 off-topic ones (0.01: under 90% filtered on a set)
    fallback: float = Field(default=0.02, gt=0, le=1)
    training_size: int = Field(default=16000, ge=500, le=200_000)
    seed: int = 20260701
    C: float = Field(default=10.0, gt=0)


class KeywordsConfig(_Section):
    top_n: int = Field(default=15, ge=1, le=200)
    #: TextRank is added for groups with at most this many distinct answers (it is the costly part)
    textrank_max_docs: int = Field(default=3000, ge=0)
    min_docs: int = Field(default=5, ge=1)  # groups with fewer distinct answers get no keywords


class ThemesConfig(_Section):
    #: themes to discover among answers no topic matched; null = chosen from the number of answers
    n_themes: int | None = Field(default=None, ge=1, le=30)
    max_themes: int = Field(default=8, ge=1, le=30)
    min_docs: int = Field(default=30, ge=5)  # fewer unmatched distinct answers → no discovery
    top_terms: int = Field(default=8, ge=3, le=30)


class QuotesConfig(_Section):
    per_group: int = Field(default=3, ge=1, le=20)
    max_chars: int = Field(default=60, ge=10, le=500)
    min_chars: int = Field(default=6, ge=1)
    #: MMR trade-off: 1 = most typical only, 0 = most varied only
    diversity_lambda: float = Field(default=0.7, ge=0, le=1)


class TextConfig(_Section):
    """The suggestion column, segmenter, lexicon, typo map, classifier, keywords, themes, quotes, charts.

    The ``text:`` section of study.yaml. Every key, its type, default and meaning is in the
    generated :doc:`/reference/study_yaml` (section ``text``); unknown keys are refused.

    Examples
    --------
    >>> from citysurvey.text import TextConfig
    >>> cfg = TextConfig(backend="jieba", charts=False)
    >>> cfg.backend, cfg.hmm, cfg.charts
    ('jieba', False, False)
    """
    enabled: bool = True  # also off by itself when the codebook has no suggestion question
    #: the suggestion column; null = the codebook's first variable with role 'suggestion'
    column: str | None = None
    backend: Literal["jieba", "rjieba"] = "jieba"
    hmm: bool = False
    workers: int = Field(default=1, ge=1, le=64)
    #: a topic lexicon CSV (term, level, topic, topic_label_zh) replacing the bundled one
    lexicon: Path | None = None
    #: extra typo/variant → canonical pairs (CSV: variant, canonical), added to the bundled map
    typo_map: Path | None = None
    #: personal data to mask wherever it appears, listed by a person (a reviewer's finds in an earlier run, staff
    #: names): a CSV with ``value`` and optional ``kind`` columns, or a text file of one value a line
    redact_also: Path | None = None
    extra_words: list[str] = Field(default_factory=list)
    extra_non_answers: list[str] = Field(default_factory=list)
    #: answers repeated by at least this many respondents are listed as copy-paste floods
    flood_min_count: int = Field(default=5, ge=2)
    #: a column of survey weights used when no weighting stage ran; null = 'weight' if present, else equal
    weight_column: str | None = None
    #: demographic variables for topic shares by group; null = the codebook's demographic variables
    group_variables: list[str] | None = None
    ci_level: float = Field(default=0.95, gt=0.5, lt=1)
    charts: bool = True
    wordcloud: bool = True
    chart_top_topics: int = Field(default=15, ge=3, le=30)
    classify: ClassifyConfig = ClassifyConfig()
    keywords: KeywordsConfig = KeywordsConfig()
    themes: ThemesConfig = ThemesConfig()
    quotes: QuotesConfig = QuotesConfig()

    def resolve(self, base: Path) -> "TextConfig":
        """``lexicon``, ``typo_map`` and ``redact_also`` made absolute against the study file's folder, as every path of a
        study config is, and checked now (a missing file is named with its key before the run starts)."""
        from ..config import missing_file_problem
        from ..errors import ConfigError

        update, problems = {}, []
        for key in ("lexicon", "typo_map", "redact_also"):
            path = getattr(self, key)
            if path is None:
                continue
            update[key] = path if path.is_absolute() else (base / path).resolve()
            if not update[key].is_file():
                problems.append(missing_file_problem(f"text.{key}", update[key]))
        if problems:
            raise ConfigError(problems)
        return self.model_copy(update=update) if update else self
