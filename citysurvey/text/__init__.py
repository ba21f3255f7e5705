"""Open suggestions (意见建议): cleaning, redaction, segmentation, topics, weighted shares,
keywords, new themes and quotes.

>>> from citysurvey.text import analyse_suggestions, topic_shares
>>> res = analyse_suggestions(["停车为太少", "无", "电话13812345678，楼道堆满杂物"])
>>> res.frame["topics"].tolist()
['C_PARKING', '', 'H_SAFETY']
>>> shares = topic_shares(res.mentions).set_index("topic")
>>> float(shares.loc["C_PARKING", "estimate"]), int(shares.loc["C_PARKING", "n"])
(0.3333333333333333, 3)

Modules: clean (normal form, non-answers, floods), redact (personal data), known (a study's own
personal data, masked wherever repeated), review (what a person should read before sharing),
lexicon (topics, typo map, stopwords), segment (jieba / rjieba), classify (rules +
model), training (generated corpus), analyse (the batch pipeline), weigh (shares
with CIs), keywords, themes, quotes, charts, stage (the pipeline stage), evaluate.
"""
from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "SuggestionAnalysis": "analyse",
    "analyse_suggestions": "analyse",
    "load_resources": "analyse",
    "is_non_answer": "clean",
    "normalise": "clean",
    "normalise_many": "clean",
    "TextConfig": "config",
    "Lexicon": "lexicon",
    "TypoMap": "lexicon",
    "load_lexicon": "lexicon",
    "KnownValues": "known",
    "Redactor": "redact",
    "review_candidates": "review",
    "redact": "redact",
    "Segmenter": "segment",
    "reference_segmenter": "segment",
    "TextStage": "stage",
    "ratio_mean_wr": "weigh",
    "topic_shares": "weigh",
}

__all__ = [
    "SuggestionAnalysis", "analyse_suggestions", "load_resources", "is_non_answer", "normalise", "normalise_many",
    "TextConfig", "Lexicon", "TypoMap", "load_lexicon", "KnownValues", "Redactor", "redact", "review_candidates",
    "Segmenter", "reference_segmenter",
    "ratio_mean_wr", "topic_shares", "TextStage",
]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
