"""The text stage in a run: open suggestions → topics, weighted shares, keywords, themes, quotes.

Tables (all text in them is redacted):

- ``suggestions`` — per respondent, for internal use: status, redacted text, topics.
- ``answer_status`` — blank / non-informative / informative answers by district.
- ``topic_shares`` — weighted share mentioning each topic and level, 全市 and by district,
  base all respondents and base informative answers, with CIs.
- ``topic_shares_by_group`` — the same by demographic group.
- ``keywords`` — per 全市, district and topic (TF-IDF; TextRank for small groups).
- ``themes`` — themes among answers no topic matched (NMF).
- ``quotes`` — representative, varied, redacted quotes per topic, 全市 and by district.
- ``floods`` — the same answer from many respondents (kept once as evidence).

Charts (PNG): topic shares with intervals, district × topic heat map, word cloud.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem, StageError
from ..privacy import CellRule, cell_rule
from ..loading import CITY_AREA
from ..stage import Later, RunContext, StageResult, run_design
from .analyse import FLAGS_ZH, SuggestionAnalysis, _popcount, analyse_suggestions, analysis_text, load_resources
from .clean import BLANK, INFORMATIVE, NON_ANSWER, STATUS_ZH, floods, join_lines, normalise_joined
from .config import TextConfig
from .known import KnownValues
from .keywords import DocTerms, keyword_table, keywords_of
from .lexicon import LEVEL_ORDER, stopwords
from .review import review_candidates
from .quotes import MAX_TOPICS_OF_QUOTED, MAX_TOPICS_PER_QUOTE, mmr_select, shorten, shorten_all
from .themes import discover_themes
from .weigh import topic_shares

SHEETS = {
    "suggestions": "意见明细（已脱敏）", "answer_status": "作答情况", "topic_shares": "主题提及率",
    "topic_shares_by_group": "主题提及率（分人群）", "keywords": "关键词", "themes": "新主题发现",
    "quotes": "代表性意见", "floods": "重复意见", "redaction_review": "脱敏复核清单",
}


def text_config(config) -> TextConfig:
    """The study's ``text:`` section, or the defaults when the section is not registered/given."""
    stages = getattr(config, "stages", {}) or {}
    section = stages.get("text")
    return section if isinstance(section, TextConfig) else TextConfig()


def suggestion_column(codebook, cfg: TextConfig) -> str | None:
    if cfg.column:
        return cfg.column
    found = codebook.names(role="suggestion")
    return found[0] if found else None


def respondent_weights(ctx: RunContext, cfg: TextConfig):
    """(weights, design, source). The one place that decides where weights come from.

    A design from the weighting stage wins (its variance machinery is used); else a
    weight column (``text.weight_column``, or ``weight`` if present); else equal weights.
    """
    responses = ctx.study.responses
    design, weighted = run_design(ctx)
    if weighted:
        return None, design, "weighting"
    col = cfg.weight_column or ("weight" if "weight" in responses.columns else None)
    if col is None:
        return np.ones(len(responses)), None, "equal"
    if col not in responses.columns:
        raise StageError(Problem(zh="找不到权数列。", en="the weight column does not exist.", column=col,
                                 hint_zh="请检查 text.weight_column。", hint_en="Check text.weight_column."))
    w = pd.to_numeric(responses[col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise StageError(Problem(zh=f"权数列有 {int(bad.sum())} 个缺失、负数或非数值。",
                                 en=f"the weight column has {int(bad.sum())} missing, negative or non-numeric values.",
                                 column=col, row=i + 2, value=str(responses[col].iloc[i]),
                                 hint_zh="请修正权数。", hint_en="Fix the weights."))
    return w, None, f"column {col}"


class TextStage:
    """The text stage of a run (``text:`` section, folder ``text/``).

    Runs when the codebook has a suggestion question (``role: suggestion``) and the section
    is enabled: :func:`analyse_suggestions` on the answers, then weighted topic shares
    (:func:`topic_shares` on the weighting stage's design), keywords, new themes and quotes.
    Its tables (``suggestions`` — redacted, never raw text —, ``answer_status``,
    ``topic_shares``, ``topic_shares_by_group``, ``keywords``, ``themes``, ``quotes``,
    ``floods``) are described in :mod:`citysurvey.text.stage`.

    Attributes
    ----------
    name : str
        ``"text"``.
    title_zh : str
        ``"意见建议分析"``.

    Examples
    --------
    >>> from citysurvey.config import load_study
    >>> from citysurvey.text import TextStage
    >>> stage = TextStage()
    >>> stage.name, stage.title_zh, stage.enabled(load_study("analysis/demo_city/study.yaml"))
    ('text', '意见建议分析', True)
    """
    name = "text"
    title_zh = "意见建议分析"

    def enabled(self, config) -> bool:
        """Whether the stage runs: the ``enabled`` key of its ``text:`` section (default on), and only when the codebook has a suggestion question (``role: suggestion``).

        Parameters
        ----------
        config : StudyConfig
            The study config.

        Returns
        -------
        bool
            True to run it.

        Examples
        --------
        >>> from citysurvey.config import load_study
        >>> from citysurvey.text import TextStage
        >>> TextStage().enabled(load_study("analysis/demo_city/study.yaml"))
        True
        """
        from ..codebook import load_codebook

        try:
            codebook = load_codebook(config.inputs.codebook)
        except Exception:  # the loading stage reports a broken codebook, not this one
            return False
        return text_config(config).enabled and suggestion_column(codebook, text_config(config)) is not None

    def run(self, ctx: RunContext) -> StageResult:
        r"""Analyse the suggestion column: topics, weighted shares, keywords, themes, quotes.

        Parameters
        ----------
        ctx : RunContext
            The run: config (``text:``), validated data, the weighting stage's design if any.

        Returns
        -------
        StageResult
            The tables listed in the module text (``suggestions`` redacted, ``answer_status``,
            ``topic_shares``, ``topic_shares_by_group``, ``keywords``, ``themes``, ``quotes``,
            ``floods``), the charts when on, and a summary (answers by status, personal data
            found, top topics).

        Raises
        ------
        StageError
            The configured column is not a text variable of the study.

        Examples
        --------
        >>> import tempfile
        >>> from citysurvey.datasets.tiny import write_tiny_study
        >>> from citysurvey.pipeline import run_study
        >>> study = write_tiny_study(tempfile.mkdtemp())  # six respondents, two districts
        >>> from citysurvey.text import TextStage
        >>> res = run_study(study, stages=[TextStage()])
        >>> shares = res.results["text"].tables["topic_shares"]
        >>> shares.query("district == '全市' and base == 'all' and topic == 'C_WASTE'")[["estimate", "n_mention"]].round(3).to_dict("records")
        [{'estimate': 0.333, 'n_mention': 2}]
        """
        cfg = text_config(ctx.config)
        study = ctx.study
        cb = study.codebook
        column = suggestion_column(cb, cfg)
        if column is None or column not in study.responses.columns:
            raise StageError(Problem(zh="数据中没有意见建议列。", en="the data have no suggestion column.", column=column,
                                     hint_zh="请在编码本中把该列的 role 设为 suggestion，或设置 text.column。",
                                     hint_en="Give the column role: suggestion in the codebook, or set text.column."))
        res = load_resources(cfg)
        personal = [n for n in cb.names(role="personal") if n in study.responses.columns]
        known = KnownValues.from_frame(study.responses[personal], {n: cb.variables[n].label for n in personal})
        if cfg.redact_also is not None:
            known = known | KnownValues.from_file(cfg.redact_also)
        analysis = analyse_suggestions(study.responses[column], cfg, resources=res, known=known)
        return build_result(self.name, analysis, study.responses, cb, cfg, *respondent_weights(ctx, cfg), res=res,
                            cells=cell_rule(ctx))


def build_result(name: str, analysis: SuggestionAnalysis, responses: pd.DataFrame, cb, cfg: TextConfig,
                 weights, design, weight_source: str, *, res, cells: CellRule | None = None) -> StageResult:
    """The stage's tables, charts and summary from the analysed answers; the charts draw only the domains
    `cells` (the minimum-cell rule, :mod:`citysurvey.privacy`) publishes."""
    cells = cells or CellRule(0)  # (no rule given: every domain published)
    lex = analysis.lexicon
    frame = analysis.frame
    district = cb.district if cb.district in responses.columns else None
    groups = cfg.group_variables if cfg.group_variables is not None else [
        v for v in cb.names(role="demographic") if cb.variables[v].type == "categorical" and v in responses.columns]
    labels = lex.short_label_of

    # -- per respondent (internal) -------------------------------------------------------------------
    sugg = frame.copy()
    # a cell shows at most TABLE_MAX_CHARS characters (a 1 MB answer would break a workbook and a page)
    sugg["text_redacted"] = shorten_all(sugg["text_redacted"].tolist())
    sugg.insert(sugg.columns.get_loc("flag") + 1, "flag_zh", sugg["flag"].map(FLAGS_ZH))
    sugg.insert(sugg.columns.get_loc("primary_topic") + 1, "primary_label",
                sugg["primary_topic"].map(labels).fillna(""))
    if district:
        sugg.insert(0, district, responses[district].to_numpy())
    sugg = sugg.reset_index()

    # -- shares --------------------------------------------------------------------------------------
    mentions = analysis.mentions
    level_cols = {lv: mentions[[t for t in lex.topics if lex.level_of[t] == lv]].max(axis=1) for lv in LEVEL_ORDER}
    M = pd.concat([mentions, pd.DataFrame(level_cols)], axis=1)
    informative = (frame["status"] == INFORMATIVE).to_numpy()
    dom_cols = ([district] if district else []) + [g for g in groups if g != district]
    domains = responses[dom_cols].reset_index(drop=True) if dom_cols else None
    shares = pd.concat([
        topic_shares(M, weights, domains, design=design, level=cfg.ci_level),
        topic_shares(M, weights, domains, base=informative, base_name="informative", design=design, level=cfg.ci_level),
    ], ignore_index=True)
    is_level = shares["topic"].isin(LEVEL_ORDER)
    shares.insert(4, "measure", np.where(is_level, "level", "topic"))
    shares.insert(5, "label", shares["topic"].map(labels).fillna(shares["topic"]))
    shares.insert(6, "level", np.where(is_level, shares["topic"], shares["topic"].map(lex.level_of)))
    by_district = shares[shares["domain_variable"].isin(["", district or ""])].copy()
    by_district = by_district.rename(columns={"domain": "district"}).drop(columns=["domain_variable"])
    by_group = shares[~shares["domain_variable"].isin(["", district or ""])].rename(
        columns={"domain_variable": "variable", "domain": "category"})

    # -- answer status -------------------------------------------------------------------------------
    w = design.weights if design is not None else weights
    status_rows = []
    areas = [(CITY_AREA, np.ones(len(frame), bool))]
    if district:
        dcol = responses[district].astype(object).to_numpy()
        areas += [(d, dcol == d) for d in cb.categories(district)]
    for area, mask in areas:
        tot = w[mask].sum()
        for st in (INFORMATIVE, NON_ANSWER, BLANK):
            m = mask & (frame["status"] == st).to_numpy()
            status_rows.append({"district": area, "status": st, "status_zh": STATUS_ZH[st], "n": int(m.sum()),
                                "share": float(w[m].sum() / tot) if tot else np.nan})
    status = pd.DataFrame(status_rows)

    # -- evidence: distinct answers, keywords, themes, quotes ------------------------------------------
    ev = analysis.evidence
    texts = ev["text_redacted"].to_numpy()
    dt = DocTerms.build(ev["tokens"].astype(str).tolist(), background=background_tokens(res))
    masks = ev["mask"].to_numpy(dtype=np.int64) if len(ev) else np.zeros(0, np.int64)
    inf_idx = np.flatnonzero(informative)
    ev_by_district: dict[str, np.ndarray] = {}
    if district and len(inf_idx):
        pairs = pd.DataFrame({"d": responses[district].astype(object).to_numpy()[inf_idx], "g": frame["dup_group"].to_numpy()[inf_idx]})
        for d, g in pairs.drop_duplicates().groupby("d", sort=False)["g"]:
            ev_by_district[d] = np.sort(g.to_numpy())
    all_rows = np.arange(len(ev))
    kw_groups = [("", CITY_AREA, CITY_AREA, all_rows)]
    kw_groups += [(district, d, d, ev_by_district.get(d, np.zeros(0, np.int64))) for d in (cb.categories(district) if district else [])]
    topic_rows = {t: np.flatnonzero((masks >> i) & 1) for i, t in enumerate(lex.topics)}
    kw_groups += [("topic", t, labels[t], topic_rows[t]) for t in lex.topics]
    k = cfg.keywords
    keywords = keyword_table(dt, kw_groups, top_n=k.top_n, textrank_max_docs=k.textrank_max_docs, min_docs=k.min_docs)

    residual = np.flatnonzero(masks == 0)
    th = cfg.themes
    themes = discover_themes(dt, residual, ev["n_respondents"].to_numpy() if len(ev) else np.zeros(0),
                             n_themes=th.n_themes, max_themes=th.max_themes, min_docs=th.min_docs,
                             top_terms=th.top_terms, texts=texts, max_chars=cfg.quotes.max_chars)

    q = cfg.quotes
    quote_rows = []
    many = _popcount(masks) > MAX_TOPICS_OF_QUOTED  # an answer about everything speaks for no topic in particular
    for area in [CITY_AREA] + (list(cb.categories(district)) if district else []):
        base_rows = all_rows if area == CITY_AREA else ev_by_district.get(area, np.zeros(0, np.int64))
        in_area = np.zeros(len(ev), bool)
        in_area[base_rows] = True
        used = np.zeros(len(ev), np.int64)  # topics each answer is already quoted for in this area
        for t in lex.topics:
            rows = topic_rows[t][in_area[topic_rows[t]]]
            for rank, r in enumerate(mmr_select(dt, rows, q.per_group, q.diversity_lambda, texts, min_chars=q.min_chars,
                                                avoid=many, exclude=used >= MAX_TOPICS_PER_QUOTE), 1):
                used[r] += 1
                quote_rows.append({"district": area, "topic": t, "label": labels[t], "rank": rank,
                                   "quote": shorten(str(texts[r]), q.max_chars, note=True),
                                   "n_same": int(ev["n_respondents"].iloc[r])})
    quotes = pd.DataFrame(quote_rows, columns=["district", "topic", "label", "rank", "quote", "n_same"])
    flood = floods(sugg, cfg.flood_min_count, district)
    if district and len(flood):  # a domain too small to publish is not named as a source of an answer
        flood["districts"] = ["、".join(d for d in str(ds).split("、") if not cells.too_small(district, d))
                              for ds in flood["districts"]]
    flood["text_redacted"] = shorten_all(flood["text_redacted"].tolist())

    ev_texts = ev.set_index("dup_group")
    review = review_candidates(ev_texts["text_redacted"], ev_texts["n_respondents"]).rename(columns={"answer": "dup_group"})
    review["text_redacted"] = shorten_all(review["text_redacted"].tolist())
    _say_why_empty(review, "脱敏后的有效意见中没有形似个人信息的词或数字（拉丁字母词、数字串、疑似姓名、疑似门牌等），无需人工复核。")
    _say_why_empty(quotes, "没有归入任何主题的有效意见，因此没有可摘录的代表性意见。")
    _say_why_empty(flood, f"没有一条有效意见被{cfg.flood_min_count:,}名以上受访者重复填写（text.flood_min_count）。")
    _say_why_empty(keywords, f"各组有效意见（不同内容）均少于{k.min_docs:,}条（text.keywords.min_docs），未提取关键词。")
    tables = {"suggestions": sugg, "answer_status": status, "topic_shares": by_district.reset_index(drop=True),
              "topic_shares_by_group": by_group.reset_index(drop=True), "keywords": keywords, "themes": themes,
              "quotes": quotes, "floods": flood, "redaction_review": review}
    cloud = {w_: sc for w_, sc, _ in keywords_of(dt, all_rows, 100)} if cfg.charts and cfg.wordcloud else {}
    drawn = cells.published("text/topic_shares", by_district)
    files = charts(cfg, drawn, cloud, labels, district) if cfg.charts else {}
    counts = analysis.counts
    city_topics = by_district[(by_district["district"] == CITY_AREA) & (by_district["base"] == "all")
                              & (by_district["measure"] == "topic")].sort_values("estimate", ascending=False)
    summary = {
        "n_respondents": int(len(frame)), "n_informative": counts[INFORMATIVE],
        "n_non_informative": counts[NON_ANSWER], "n_blank": counts[BLANK],
        "n_distinct_informative": int(len(ev)), "n_flood_texts": int(len(flood)),
        "n_to_review": int(review["dup_group"].nunique()) if "dup_group" in review else 0,
        "personal_data_redacted": {k2: int(v) for k2, v in sorted(analysis.pii_counts.items())},
        "n_without_topic": int(((frame["status"] == INFORMATIVE) & (frame["n_topics"] == 0)).sum()),
        "n_off_topic": int((frame["flag"] == "off_topic").sum()),
        "top_topics": [{"topic": r.topic, "label": r.label, "share": round(float(r.estimate), 4)}
                       for r in city_topics.head(5).itertuples()],
        "n_themes": int(len(themes)),
        "weights": weight_source, "backend": analysis.backend, "hmm": cfg.hmm,
        "classifier": {"combine": cfg.classify.combine, "threshold": cfg.classify.threshold,
                       "training_sentences": res.classifier.n_training,
                       # hand-labelled answers the model learned from too (its manifest; none when trained here)
                       "labelled_answers": int(sum((res.classifier.manifest.get("labelled_answers") or {}).values())),
                       "model_version": res.classifier.manifest.get("model_version", ""),
                       "model_sha256": res.classifier.manifest.get("model_sha256", ""),
                       "model_source": res.classifier.model_source},
        "stopwords": stopwords()[1],
    }
    return StageResult(name, tables=tables, value=analysis, summary=summary, files=files,
                       sheet_names={k2: SHEETS[k2] for k2 in tables},
                       headers={"reason": "复核原因", "token": "待复核的词或数字"},  # (the reasons: review.REASONS)
                       workbook_values={c: labels for c in TOPIC_CODE_COLUMNS})


#: columns holding topic codes with no name beside them: an answer's topics (suggestions) and the
#: keyword group (a district or a topic); the workbook shows the names (``topic`` columns sit next
#: to a ``label`` and keep the code, headed 话题代码)
TOPIC_CODE_COLUMNS = ("topics", "topics_rule", "topics_model", "group")


def _say_why_empty(table: pd.DataFrame, why: str) -> None:
    if table.empty:
        table.attrs["empty_note"] = f"（本表为空：{why}）"


def background_tokens(res) -> list[str]:
    """Tokens of the generated domain corpus: the background for keyword IDF (once per process)."""
    cached = getattr(res, "_background", None)
    if cached is None:
        from .training import training_corpus

        texts, _ = training_corpus(n=4000, seed=11, lexicon=res.lexicon)
        prepared = analysis_text(normalise_joined(join_lines(texts)).split("\n"), res.typos)
        cached = [" ".join(t) for t in res.segmenter.cut_lines("\n".join(prepared))]
        res._background = cached
    return cached


def charts(cfg: TextConfig, shares: pd.DataFrame, cloud: dict[str, float], labels, district) -> dict[str, Later]:
    from .charts import district_heatmap, topic_share_chart, word_cloud

    # drawn later, on a background process while the next stages run
    files: dict[str, Later] = {}
    topic_rows = shares[(shares["base"] == "all") & (shares["measure"] == "topic")]
    city = topic_rows[topic_rows["district"] == CITY_AREA]
    if city["estimate"].fillna(0).sum() > 0:
        files["topic_shares.png"] = Later(topic_share_chart, (city, labels, cfg.chart_top_topics,
                                                              "意见建议提及的主要问题（全市）"))
        top = city.sort_values("estimate", ascending=False)["topic"].head(cfg.chart_top_topics).tolist()
        by_d = topic_rows[topic_rows["district"] != CITY_AREA]
        if district and len(by_d):
            files["district_topic_heatmap.png"] = Later(district_heatmap, (
                by_d.rename(columns={"district": "domain"}), labels, top, "各区主题提及率（%）"))
    if cfg.wordcloud and cloud:  # no words, no cloud
        files["wordcloud.png"] = Later(word_cloud, (cloud, "全市意见建议关键词"))
    return files
