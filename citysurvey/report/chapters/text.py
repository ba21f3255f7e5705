"""居民意见建议分析 chapter: facts, tables, charts and quotes from the text stage's outputs.

Used by ``reports/chapters/_text.qmd``. Reads ``text/*.csv`` and the stage's
summary in ``manifest.json`` only: never re-classifies, and never opens the
per-respondent table, so only the stage's redacted evidence (quotes, floods,
themes) reaches the report. ``district=None`` is the city report; with a
district the facts and tables describe that district next to the city.

A district (or group) differs from the city when the two intervals do not
overlap: the stage writes intervals but no tests, and the overlap rule is the
conservative reading of them.

>>> f = facts(load_outputs("output/demo_city"))     # doctest: +SKIP
>>> f.share_informative, f.top_topics               # doctest: +SKIP
('71.5%', '停车（9.2%，95%置信区间8.0%～10.5%）、…')
"""
from __future__ import annotations

import re

from ...lazy import lazy_module
from . import Facts, missing_figure, missing_table, shared_chart, shared_result
from ..numbers import MISSING, fmt_int, fmt_num, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from ...plotting import DOWN, UP

np = lazy_module("numpy")
pd = lazy_module("pandas")

STATUS = "text/answer_status.csv"
SHARES = "text/topic_shares.csv"
GROUPS = "text/topic_shares_by_group.csv"
KEYWORDS = "text/keywords.csv"
THEMES = "text/themes.csv"
QUOTES = "text/quotes.csv"
FLOODS = "text/floods.csv"
SCORES = "scoring/scores.csv"  # only for the Chinese names of group variables

INFORMATIVE, NON_ANSWER, BLANK = "informative", "non_informative", "blank"  # the stage's status codes
LEVEL_ORDER = ("住房", "小区（社区）", "街区", "城区（城市）")

ABOVE, BELOW = "高于全市", "低于全市"

TOP_TEXT = 5  # topics named in a sentence
TOP_TABLE = 12  # topics in the chart and the table: the rest are each mentioned by few
TOP_HEAT = 12
TOP_GROUPS = 4  # group contrasts named in a sentence (the table lists more)
GROUP_ROWS = 10
N_KEYWORDS = 8
FLOOD_ROWS = 8
QUOTE_TOPICS = 5
QUOTES_PER_TOPIC = 2
SHORT_QUOTE = 40  # characters: quotes up to this long are preferred, so the section reads quickly

COMBINE_ZH = {
    "union": "词表规则与文本分类模型结合，任一方判定提及即计入",
    "rules": "仅用词表规则判定",
    "model": "仅用文本分类模型判定",
}
PII_ZH = {  # the redaction placeholders' wording (citysurvey.text.redact.PLACEHOLDERS), kept apart from that module
    "phone": "电话", "landline": "电话", "id_card": "身份证号", "email": "邮箱", "wechat": "微信号", "qq": "QQ号",
    "room": "门牌号", "plate": "车牌号", "name": "姓名", "number": "其他号码",
}


# -- reading ------------------------------------------------------------------------

def _summary(out: ReportOutputs) -> dict:
    for stage in out.manifest.get("stages", []):
        if stage.get("name") == "text":
            return stage.get("summary") or {}
    return {}


def _settings(out: ReportOutputs) -> dict:
    """The run's ``text:`` section as recorded in the manifest ({} when absent)."""
    return ((out.manifest.get("config") or {}).get("stages") or {}).get("text") or {}


def ci_name(out: ReportOutputs) -> str:
    """``95%置信区间``, at the level the stage used (``text.ci_level``; 0.95 is the stage's default)."""
    level = _settings(out).get("ci_level") or 0.95
    return f"{fmt_pct(level, 0)}置信区间"


def _shares(out: ReportOutputs, base: str = "all") -> pd.DataFrame:
    s = out.table(SHARES)
    s["district"] = s["district"].astype(str)
    return s[s["base"] == base]


def _areas(out: ReportOutputs, frame: pd.DataFrame) -> list[str]:
    """Districts in the codebook's order (the sample profile's), else as the stage wrote them."""
    present = [d for d in dict.fromkeys(frame["district"].astype(str)) if d != CITY_AREA]
    known = [d for d in out.districts if d in present]
    return known + [d for d in present if d not in known]


def _scope_rows(s: pd.DataFrame, area: str, measure: str = "topic") -> pd.DataFrame:
    rows = s[(s["district"] == area) & (s["measure"] == measure)]
    return rows.sort_values(["estimate", "label"], ascending=[False, True], na_position="last")


def compare_to_city(out: ReportOutputs, measure: str = "topic", base: str = "all") -> pd.DataFrame:
    """District × topic shares next to the city's, with ``flag`` 高于全市/低于全市/''.

    Flagged when the district's interval lies wholly above (below) the city's.
    """
    s = _shares(out, base)
    s = s[s["measure"] == measure]
    city = s[s["district"] == CITY_AREA].set_index("topic")
    d = s[s["district"] != CITY_AREA].copy()
    for col in ("estimate", "ci_low", "ci_high"):
        d[f"city_{col}"] = d["topic"].map(city[col])
    d["flag"] = np.select([d["ci_low"] > d["city_ci_high"], d["ci_high"] < d["city_ci_low"]], [ABOVE, BELOW], "")
    d["ratio"] = d["estimate"] / d["city_estimate"]
    return d.reset_index(drop=True)


@shared_result  # city-wide: the summary, the chapter's prose and its table each ask for it
def group_contrasts(out: ReportOutputs, base: str = "all") -> pd.DataFrame:
    """Per group variable and topic (or level): the groups raising it most and least, when their intervals part.

    One row per significant contrast, largest difference first; columns variable,
    variable_label, topic, label, measure, high, high_estimate, low, low_estimate, diff.
    """
    cols = ["variable", "variable_label", "topic", "label", "measure", "high", "high_estimate", "low",
            "low_estimate", "diff"]
    if not out.has(GROUPS):
        return pd.DataFrame(columns=cols)
    g = out.table(GROUPS)
    g = g[(g["base"] == base) & g["estimate"].notna()]
    labels = variable_labels(out)
    rows = []
    # each group's highest and lowest (the first of equals, as idxmax gives) found for all groups at once;
    # a row read out per group was most of this function's time, and only the few contrasts are read here
    by = g.groupby(["variable", "topic"], sort=False)["estimate"]
    ends = pd.DataFrame({"n": by.size(), "hi": by.idxmax(), "lo": by.idxmin()})
    ends = ends[ends["n"] >= 2]
    parted = g.loc[ends["hi"], "ci_low"].to_numpy() > g.loc[ends["lo"], "ci_high"].to_numpy()
    for (var, topic), i_hi, i_lo in zip(ends.index[parted], ends["hi"][parted], ends["lo"][parted]):
        hi, lo = g.loc[i_hi], g.loc[i_lo]
        rows.append({"variable": var, "variable_label": labels.get(var, var), "topic": topic, "label": hi["label"],
                     "measure": hi["measure"], "high": str(hi["category"]), "high_estimate": hi["estimate"],
                     "low": str(lo["category"]), "low_estimate": lo["estimate"],
                     "diff": hi["estimate"] - lo["estimate"]})
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["diff", "label"], ascending=[False, True]).reset_index(drop=True)


def variable_labels(out: ReportOutputs) -> dict[str, str]:
    """Chinese names of group variables: the weighting chapter's (codebook via sample profile), then scoring's."""
    from .weighting import variable_labels as from_profile

    labels = {}
    if out.has(SCORES):
        s = out.table(SCORES)
        if {"domain_var", "domain_var_label"} <= set(s.columns):
            pairs = s[["domain_var", "domain_var_label"]].dropna().drop_duplicates("domain_var")
            labels = dict(zip(pairs["domain_var"].astype(str), pairs["domain_var_label"].astype(str)))
    return labels | from_profile(out)


# -- wording ------------------------------------------------------------------------

def _ci(row) -> str:
    return f"{fmt_pct(row['ci_low'])}～{fmt_pct(row['ci_high'])}"


def _with_ci(rows: pd.DataFrame, ci: str) -> str:
    return "、".join(f"{r['label']}（{fmt_pct(r['estimate'])}，{ci}{_ci(r)}）" for _, r in rows.iterrows()) or "无"


def _plain(rows: pd.DataFrame) -> str:
    return "、".join(f"{r['label']}{fmt_pct(r['estimate'])}" for _, r in rows.iterrows()) or "无"


def md_escape(text: str) -> str:
    """Resident text made literal in Markdown: no emphasis, links, headings or Typst code by accident.

    Every ASCII punctuation mark gets a backslash (Pandoc reads it as that literal mark);
    a pipe becomes the full-width ｜ so it cannot split a table.
    """
    text = str(text).replace("|", "｜").replace("\n", " ")
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!$@~^&=:;'\"/%?,])", r"\\\1", text)


def _status_values(out: ReportOutputs, area: str) -> dict[str, pd.Series]:
    st = out.table(STATUS)
    st = st[st["district"].astype(str) == area].set_index("status")
    return {k: st.loc[k] if k in st.index else None for k in (INFORMATIVE, NON_ANSWER, BLANK)}


def _status_facts(out: ReportOutputs, scope: str) -> dict[str, str]:
    here = _status_values(out, scope)
    city = _status_values(out, CITY_AREA)
    total = sum(int(r["n"]) for r in here.values() if r is not None)
    values = {"n_respondents": fmt_int(total)}
    for key, row in here.items():
        name = {INFORMATIVE: "informative", NON_ANSWER: "non_informative", BLANK: "blank"}[key]
        values[f"n_{name}"] = fmt_int(row["n"]) if row is not None else MISSING
        values[f"share_{name}"] = fmt_pct(row["share"]) if row is not None else MISSING
        values[f"share_{name}_city"] = fmt_pct(city[key]["share"]) if city[key] is not None else MISSING
    if scope != CITY_AREA:
        values["status_compare"] = (f"全市这三项占比分别为{values['share_informative_city']}、"
                                    f"{values['share_non_informative_city']}和{values['share_blank_city']}。")
    else:
        values["status_compare"] = ""
    answered = [here[k] for k in (INFORMATIVE, NON_ANSWER) if here[k] is not None]
    values["n_answered"] = fmt_int(sum(int(r["n"]) for r in answered))
    values["share_answered"] = fmt_pct(sum(float(r["share"]) for r in answered)) if answered else MISSING
    return values


def _flood_facts(out: ReportOutputs, summary: dict, settings: dict, district: str | None) -> dict[str, str]:
    f = _floods(out, district)
    every = _floods(out, None)
    minimum = settings.get("flood_min_count") or (int(every["n_respondents"].min()) if len(every) else None)
    # .loc with a bool mask: an empty object-typed mask would select columns and lose "districts"
    single = every.loc[every["districts"].fillna("").astype(str)
                       .map(lambda s: len([x for x in s.split("、") if x]) == 1).astype(bool)]
    # sentences without cross-references: the .qmd places those, so both engines resolve them
    if district and len(every):
        # the table counts respondents city-wide, not per district: say only which floods reach this district
        text = (f"全市有{fmt_int(len(every))}条意见各被{fmt_int(minimum)}名及以上受访者重复填写，"
                f"其中{fmt_int(len(f))}条也有{district}的受访者填写")
    elif len(f):
        text = (f"有{fmt_int(len(f))}条意见各被{fmt_int(minimum)}名及以上受访者重复填写，"
                f"合计{fmt_int(f['n_respondents'].sum())}人，重复最多的一条出现{fmt_int(f['n_respondents'].max())}次")
    elif minimum:
        text = f"没有被{fmt_int(minimum)}名及以上受访者重复填写的意见"
    else:
        text = "重复填写的意见见下表"
    if len(f):
        text += f"，下表列出其中重复最多的{fmt_int(min(FLOOD_ROWS, len(f)))}条"
    note = ""
    if not district and len(single):
        note = (f"其中{fmt_int(len(single))}条只来自同一个区（{'、'.join(sorted(set(single['districts'])))}），"
                "宜结合调查执行记录核实是否为组织填写。")
    return {
        "flood_text": text,
        "flood_note": note,
        "flood_min": fmt_int(minimum) if minimum else MISSING,
        "n_floods": fmt_int(len(f)),
        "n_floods_city": fmt_int(len(every)),
        "flood_respondents": fmt_int(f["n_respondents"].sum()) if len(f) else "0",
        "flood_max": fmt_int(f["n_respondents"].max()) if len(f) else "0",
        "n_floods_single": fmt_int(len(single)),
        "floods_single": "、".join(sorted(set(single["districts"].astype(str)))) or "无",
        "n_distinct": fmt_int(summary["n_distinct_informative"]) if "n_distinct_informative" in summary else MISSING,
    }


def _pii_text(summary: dict) -> str:
    counts: dict[str, int] = {}
    for kind, n in (summary.get("personal_data_redacted") or {}).items():
        name = PII_ZH.get(kind, "其他个人信息")
        counts[name] = counts.get(name, 0) + int(n)
    if not counts:
        if "personal_data_redacted" in summary:
            return "意见中未发现需要脱敏的个人信息"
        return "电话、身份证号、门牌号、姓名等个人信息已在分析前替换为占位符，本章引用的原文均为脱敏后的文本"
    parts = "、".join(f"{k}{fmt_int(v)}处" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"全市意见中的个人信息共{fmt_int(sum(counts.values()))}处（{parts}）已在分析前替换为占位符（如“〔电话〕”），本章引用的原文均为脱敏后的文本"


def measured_f1(summary: dict) -> float | None:
    """A macro-F1 the stage measured and recorded (any ``macro_f1`` in its summary), else None.

    The report states accuracy only when the run itself wrote it: a number typed
    from ``analysis/text_eval.py`` would go stale when the classifier changes.
    """
    stack = [summary]
    while stack:
        d = stack.pop()
        for key, value in d.items():
            if isinstance(value, dict):
                stack.append(value)
            elif key == "macro_f1" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
    return None


def _method_facts(out: ReportOutputs, summary: dict, settings: dict, s: pd.DataFrame) -> dict[str, str]:
    cls = summary.get("classifier") or {}
    combine = cls.get("combine") or (settings.get("classify") or {}).get("combine")
    threshold = cls.get("threshold") or (settings.get("classify") or {}).get("threshold")
    weights = str(summary.get("weights", ""))
    if weights == "weighting":
        weights_text = "采用加权阶段的权数，标准误按抽样设计（含校准）计算"
    elif weights.startswith("column "):
        weights_text = f"采用权数列“{weights.removeprefix('column ')}”，标准误按线性化方法计算"
    elif weights == "equal":
        weights_text = "未加权（各受访者权数相等）"
    else:
        weights_text = MISSING
    topics = s[s["measure"] == "topic"].drop_duplicates("topic")
    fallback = (settings.get("classify") or {}).get("fallback")
    f1 = measured_f1(summary)
    return {
        "n_topics": fmt_int(len(topics)),
        "n_levels": fmt_int(s.loc[s["measure"] == "level", "topic"].nunique()),
        "combine": COMBINE_ZH.get(combine, MISSING),
        "threshold": fmt_num(threshold, 2) if threshold is not None else MISSING,
        "fallback": (f"；如此仍无任何主题，则取模型概率最高且不低于{fmt_num(fallback, 2)}的一个主题" if fallback
                     else ""),
        "training": (f"{fmt_int(cls['training_sentences'])}句按词表和日常说法生成的句子"
                     + (f"和{fmt_int(cls['labelled_answers'])}条人工标注的居民意见" if cls.get("labelled_answers") else "")
                     if cls.get("training_sentences") else MISSING),
        "backend": str(summary.get("backend") or MISSING),
        "weights_text": weights_text,
        "n_without_topic": fmt_int(summary["n_without_topic"]) if "n_without_topic" in summary else MISSING,
        "accuracy": (f"在留出的人工标注评估集上，主题识别的宏平均 F1 为{fmt_num(f1, 2)}。" if f1 is not None
                     else "主题识别的准确率另用人工标注、未参与训练和调试的评估集检验。"),
    }


@shared_result(saved=True)  # the 摘要 (summary.headline_facts) and the chapter itself both ask
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Formatted numbers and phrases for the chapter's prose (city, or one district)."""
    for needed in (STATUS, SHARES):
        if not out.has(needed):
            return Facts({}, missing=needed)
    scope = district or CITY_AREA
    summary, settings = _summary(out), _settings(out)
    s = _shares(out)
    inf = _shares(out, "informative")
    topics = _scope_rows(s, scope)
    city_topics = _scope_rows(s, CITY_AREA)
    levels = _scope_rows(s, scope, "level")
    top = topics.head(TOP_TEXT)
    top_inf = inf[(inf["district"] == scope) & (inf["topic"].isin(top["topic"].head(1)))]
    values = {
        "scope": scope,
        "ci": ci_name(out),
        "top_topics": _with_ci(top, ci_name(out)),
        "top_topic": _plain(top.head(1)),
        "top_topic_label": str(top["label"].iloc[0]) if len(top) else MISSING,
        "top_topic_informative": fmt_pct(top_inf["estimate"].iloc[0]) if len(top_inf) else MISSING,
        "levels": _plain(levels),
        "top_level": str(levels["label"].iloc[0]) if len(levels) else MISSING,
        "top_topics_city": _plain(city_topics.head(TOP_TEXT)),
    }
    values["n_top_text"] = fmt_int(len(top))
    values["n_keywords"] = fmt_int(N_KEYWORDS)
    values["n_heat"] = fmt_int(min(TOP_HEAT, len(city_topics)))
    values["n_table"] = fmt_int(min(TOP_TABLE, len(topics)))
    values["quotes_per_topic"] = fmt_int(QUOTES_PER_TOPIC)
    values["n_quote_topics"] = fmt_int(min(QUOTE_TOPICS, int((topics["n_mention"] > 0).sum())))
    values |= _status_facts(out, scope)
    values |= _flood_facts(out, summary, settings, district)
    values |= _method_facts(out, summary, settings, s)
    values["pii"] = _pii_text(summary)
    values |= _district_facts(out, district, values["ci"])
    values |= _group_facts(out, values["ci"])
    values |= _keyword_facts(out, scope)
    values |= _theme_facts(out)
    return Facts(values)


def _flagged(rows: pd.DataFrame, with_area: bool) -> str:
    return "、".join(
        f"{r['district'] + '的' if with_area else ''}{r['label']}（{fmt_pct(r['estimate'])}，全市{fmt_pct(r['city_estimate'])}）"
        for _, r in rows.iterrows()
    ) or "无"


def _district_facts(out: ReportOutputs, district: str | None, ci: str) -> dict[str, str]:
    c = compare_to_city(out)
    above = c[c["flag"] == ABOVE].sort_values("ratio", ascending=False)
    below = c[c["flag"] == BELOW].sort_values("ratio")
    values = {
        "n_district_cells": fmt_int(c["estimate"].notna().sum()),
        "n_above": fmt_int(len(above)),
        "n_below": fmt_int(len(below)),
        "districts_above": _flagged(above, True),
        "districts_below": _flagged(below, True),
        "max_ratio": (f"{above['district'].iloc[0]}的{above['label'].iloc[0]}，为全市的{fmt_num(above['ratio'].iloc[0], 1)}倍"
                      if len(above) else "无"),
    }
    if district:
        mine = c[c["district"] == district]
        up = mine[mine["flag"] == ABOVE].sort_values("ratio", ascending=False)
        down = mine[mine["flag"] == BELOW].sort_values("ratio")
        values["above_here"], values["below_here"] = _flagged(up, False), _flagged(down, False)
        parts = []
        if len(up):
            parts.append(f"{district}居民提及{values['above_here']}的比例明显更高")
        if len(down):
            parts.append(f"提及{values['below_here']}的比例明显更低")
        values["district_compare"] = ("与全市相比，" + "；".join(parts) + f"（{ci}不重叠）。" if parts
                                      else f"{district}各主题的提及率与全市相比，{ci}均有重叠，没有明显差异。")
    else:
        values["above_here"] = values["below_here"] = values["district_compare"] = ""
    return values


def _group_facts(out: ReportOutputs, ci: str) -> dict[str, str]:
    g = group_contrasts(out)
    topics = g[g["measure"] == "topic"]
    text = "；".join(
        f"{r['variable_label']}为“{r['high']}”的居民提及{r['label']}的比例（{fmt_pct(r['high_estimate'])}）"
        f"高于“{r['low']}”的居民（{fmt_pct(r['low_estimate'])}）"
        for _, r in topics.head(TOP_GROUPS).iterrows()
    )
    variables = []
    if out.has(GROUPS):
        labels = variable_labels(out)
        variables = [labels.get(v, v) for v in dict.fromkeys(out.table(GROUPS)["variable"].astype(str))]
    names = "、".join(variables) or MISSING
    count = (f"有{fmt_int(len(g))}处组间差异的{ci}不重叠" if len(g)
             else f"各组之间的{ci}均有重叠，没有明显差异")
    return {
        "group_variables": names,
        "n_group_contrasts": fmt_int(len(g)),
        "group_differences": text or "无",
        "group_count_text": count,
        "group_main": f"具体主题中差异较大的有：{text}。" if text else "",
    }


def _keywords(out: ReportOutputs, group: str, method: str = "tfidf") -> list[str]:
    if not out.has(KEYWORDS):
        return []
    k = out.table(KEYWORDS)
    k["group_variable"] = k["group_variable"].fillna("").astype(str)
    rows = k[(k["group_variable"] != "topic") & (k["group"].astype(str) == group) & (k["method"] == method)]
    return rows.sort_values("rank")["keyword"].astype(str).head(N_KEYWORDS).tolist()


def _keyword_facts(out: ReportOutputs, scope: str) -> dict[str, str]:
    return {"keywords": "、".join(_keywords(out, scope)) or "无",
            "keywords_city": "、".join(_keywords(out, CITY_AREA)) or "无"}


def _themes(out: ReportOutputs) -> pd.DataFrame:
    if not out.has(THEMES):
        return pd.DataFrame(columns=["theme", "top_terms", "n_answers", "n_respondents", "examples"])
    return out.table(THEMES)


def _theme_facts(out: ReportOutputs) -> dict[str, str]:
    t = _themes(out)
    return {"n_themes": fmt_int(len(t)),
            "theme_respondents": fmt_int(t["n_respondents"].sum()) if len(t) else "0"}


# -- tables -------------------------------------------------------------------------

@shared_result(saved=True)
def status_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Respondents by answer status (count and weighted share), by district and for the city."""
    if not out.has(STATUS):
        return missing_table("作答情况")
    st = out.table(STATUS)
    st["district"] = st["district"].astype(str)
    areas = [district, CITY_AREA] if district else [*_areas(out, st), CITY_AREA]
    rows = []
    for area in areas:
        part = st[st["district"] == area].set_index("status")
        row = {"区": area, "受访者": fmt_int(part["n"].sum())}
        for key in (INFORMATIVE, NON_ANSWER, BLANK):
            name = str(part.at[key, "status_zh"]) if key in part.index else key
            row[name] = (f"{fmt_int(part.at[key, 'n'])}（{fmt_pct(part.at[key, 'share'])}）" if key in part.index
                         else MISSING)
        rows.append(row)
    table = pd.DataFrame(rows)
    return md_table(table, align="l" + "r" * (table.shape[1] - 1))


def _share_table(out: ReportOutputs, rows: pd.DataFrame, measure: str, district: str | None) -> pd.DataFrame:
    """Share, interval and share of informative answers of ``rows``; a district's next to the city's.

    A district's table leaves out level and respondent count, so it fits the page with the city column.
    """
    scope = district or CITY_AREA
    inf = _shares(out, "informative")
    inf = inf[(inf["district"] == scope) & (inf["measure"] == measure)].set_index("topic")["estimate"]
    table = pd.DataFrame({
        "提及率": rows["estimate"].map(fmt_pct).to_numpy(),
        ci_name(out): [_ci(r) for _, r in rows.iterrows()],
        "占有效意见": rows["topic"].map(inf).map(fmt_pct).to_numpy(),
    })
    if district:
        c = compare_to_city(out, measure)
        c = c[c["district"] == district].set_index("topic")
        table["全市"] = rows["topic"].map(c["city_estimate"]).map(fmt_pct).to_numpy()
        table["比较"] = rows["topic"].map(c["flag"]).replace("", "—").fillna("—").to_numpy()
    else:
        table["提及人数"] = rows["n_mention"].map(fmt_int).to_numpy()
    return table


@shared_result(saved=True)
def topic_table(out: ReportOutputs, district: str | None = None, top: int = TOP_TABLE) -> MarkdownTable:
    """The most raised topics: weighted share with interval, share of informative answers, respondents."""
    if not out.has(SHARES):
        return missing_table("主要问题")
    rows = _scope_rows(_shares(out), district or CITY_AREA).head(top)
    head = pd.DataFrame({"主题": rows["label"].to_numpy()})  # already in rank order: no rank column, for width
    if not district:
        head["层级"] = rows["level"].to_numpy()
    table = pd.concat([head, _share_table(out, rows, "topic", district)], axis=1)
    # Typst sets "8.0%～10.5%" wider than its dashes suggest: give the interval column room not to wrap
    ci = list(table.columns).index(ci_name(out))
    return md_table(table, align="l" * head.shape[1] + "r" * (table.shape[1] - head.shape[1]),
                    wide=(ci, ci + 1, head.shape[1] - 1))


@shared_result(saved=True)
def level_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Share mentioning anything of each of the four levels (住房, 小区（社区）, 街区, 城区（城市）)."""
    if not out.has(SHARES):
        return missing_table("分层级问题")
    s = _shares(out)
    rows = s[(s["district"] == (district or CITY_AREA)) & (s["measure"] == "level")].copy()
    rows["_pos"] = rows["topic"].map({lv: i for i, lv in enumerate(LEVEL_ORDER)})
    rows = rows.sort_values("_pos", na_position="last")
    table = pd.concat([pd.DataFrame({"层级": rows["label"].to_numpy()}), _share_table(out, rows, "level", district)],
                      axis=1)
    return md_table(table, align="l" + "r" * (table.shape[1] - 1), wide=(2, 3))


@shared_result(saved=True)
def group_table(out: ReportOutputs, rows: int = GROUP_ROWS) -> MarkdownTable:
    """The largest significant differences between groups (topics and levels)."""
    if not out.has(GROUPS):
        return missing_table("群体差异")
    g = group_contrasts(out).head(rows)
    if g.empty:
        return md_table(pd.DataFrame({"说明": ["各群体之间没有置信区间不重叠的差异"]}))
    table = pd.DataFrame({
        "分组": g["variable_label"],
        "主题或层级": np.where(g["measure"] == "level", g["label"] + "（层级）", g["label"]),
        "提及率较高的群体": [f"{r['high']}（{fmt_pct(r['high_estimate'])}）" for _, r in g.iterrows()],
        "提及率较低的群体": [f"{r['low']}（{fmt_pct(r['low_estimate'])}）" for _, r in g.iterrows()],
        "相差": (g["diff"] * 100).map(fmt_num),
    })
    return md_table(table, align="llllr", wide=(2, 3))


@shared_result(saved=True)
def keyword_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Each district's keywords (TF-IDF against the domain background), the city's last."""
    if not out.has(KEYWORDS):
        return missing_table("关键词")
    # every district of the status table: one with too few answers for keywords still gets its row
    every = out.table(STATUS) if out.has(STATUS) else pd.DataFrame({"district": []})
    areas = [district, CITY_AREA] if district else [*_areas(out, every), CITY_AREA]
    table = pd.DataFrame({"区": areas, "关键词": ["、".join(_keywords(out, a)) or "（意见过少）" for a in areas]})
    return md_table(table, align="ll")


def _floods(out: ReportOutputs, district: str | None) -> pd.DataFrame:
    if not out.has(FLOODS):
        return pd.DataFrame(columns=["text_redacted", "n_respondents", "districts"])
    f = out.table(FLOODS)
    f["districts"] = f["districts"].fillna("").astype(str)
    if district:
        f = f[f["districts"].map(lambda s: district in s.split("、"))]
    return f


@shared_result(saved=True)
def flood_table(out: ReportOutputs, district: str | None = None, rows: int = FLOOD_ROWS) -> MarkdownTable:
    """Answers written word for word by many respondents (redacted), most repeated first."""
    if not out.has(FLOODS):
        return missing_table("重复意见")
    f = _floods(out, district).head(rows)
    if f.empty:
        return md_table(pd.DataFrame({"说明": ["没有被多名受访者重复填写的意见"]}))
    table = pd.DataFrame({
        "意见原文（已脱敏）": f["text_redacted"].map(md_escape),
        "人数（全市）" if district else "人数": f["n_respondents"].map(fmt_int),
        "来自的区": f["districts"].replace("", MISSING),
    })
    return md_table(table, align="lrl")


# -- text blocks (output: asis) -----------------------------------------------------

@shared_result(saved=True)
def themes_markdown(out: ReportOutputs) -> str:
    """The discovered themes as a list: top words, respondents, examples; a sentence when there are none."""
    t = _themes(out)
    if t.empty:
        n = _summary(out).get("n_without_topic")
        need = (_settings(out).get("themes") or {}).get("min_docs")
        if n is not None and need and n < need:
            return f"这类意见不足{fmt_int(need)}条，不足以归纳新主题，本次未发现词表以外的新主题。\n"
        return "本次调查中未发现词表以外、有一定规模的新主题。\n"
    lines = []
    for _, r in t.iterrows():
        examples = [md_escape(e.strip()) for e in str(r["examples"] if pd.notna(r["examples"]) else "").split("｜") if e.strip()]
        shown = "；".join(f"“{e}”" for e in examples[:2])
        lines.append(f"- **新主题{fmt_int(r['theme'])}**（{fmt_int(r['n_respondents'])}人）：{md_escape(r['top_terms'])}"
                     + (f"。例：{shown}" if shown else ""))
    return "\n".join(lines) + "\n"


def pick_quotes(out: ReportOutputs, district: str | None = None, topics: int = QUOTE_TOPICS,
                per_topic: int = QUOTES_PER_TOPIC) -> pd.DataFrame:
    """Quotes for the scope's most raised topics: short ones first, none repeated across topics."""
    if not (out.has(QUOTES) and out.has(SHARES)):
        return pd.DataFrame(columns=["topic", "label", "estimate", "quote", "n_same"])
    scope = district or CITY_AREA
    top = _scope_rows(_shares(out), scope)
    top = top[top["n_mention"] > 0].head(topics)
    q = out.table(QUOTES)
    q = q[q["district"].astype(str) == scope]
    used: set[str] = set()
    rows = []
    for _, t in top.iterrows():
        mine = q[q["topic"] == t["topic"]].copy()
        mine["_long"] = mine["quote"].astype(str).str.len() > SHORT_QUOTE
        for _, r in mine.sort_values(["_long", "rank"]).iterrows():
            text = str(r["quote"])
            if text in used:
                continue
            used.add(text)
            rows.append({"topic": t["topic"], "label": t["label"], "estimate": t["estimate"], "quote": text,
                         "n_same": int(r["n_same"])})
            if sum(x["topic"] == t["topic"] for x in rows) >= per_topic:
                break
    return pd.DataFrame(rows, columns=["topic", "label", "estimate", "quote", "n_same"])


@shared_result(saved=True)
def quotes_markdown(out: ReportOutputs, district: str | None = None) -> str:
    """Representative quotes, grouped under each top topic, as a Markdown list."""
    q = pick_quotes(out, district)
    if q.empty:
        return "（没有可引用的意见。）\n"
    lines = []
    for _, part in q.groupby("topic", sort=False):
        first = part.iloc[0]
        quotes = "；".join(
            f"“{md_escape(r['quote'])}”" + (f"（共{fmt_int(r['n_same'])}人写了相同内容）" if r["n_same"] > 1 else "")
            for _, r in part.iterrows())
        lines.append(f"- **{first['label']}**（提及率{fmt_pct(first['estimate'])}）：{quotes}")
    return "\n".join(lines) + "\n"


# -- charts -------------------------------------------------------------------------

@shared_chart()
def topic_chart(out: ReportOutputs, district: str | None = None, top: int = TOP_TABLE):
    """Share mentioning each top topic with its 95% interval, coloured by level; a district against the city."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ...plotting import PALETTE, axes_margins, pct_axis

    if not out.has(SHARES):
        return missing_figure("主要问题提及率")
    s = _shares(out)
    scope = district or CITY_AREA
    rows = _scope_rows(s, scope).head(top).iloc[::-1]
    colour = {lv: PALETTE[i % len(PALETTE)] for i, lv in enumerate(LEVEL_ORDER)}
    fig, ax = plt.subplots(figsize=(7.2, 0.3 * len(rows) + 1.3))
    y = np.arange(len(rows))
    err = np.vstack([rows["estimate"] - rows["ci_low"], rows["ci_high"] - rows["estimate"]]).clip(min=0)
    ax.barh(y, rows["estimate"], color=[colour.get(lv, PALETTE[5]) for lv in rows["level"]], height=0.65,
            xerr=err, error_kw={"ecolor": "#555555", "capsize": 2, "lw": 0.8})
    handles = [Patch(color=colour[lv], label=lv) for lv in LEVEL_ORDER if lv in set(rows["level"])]
    if district:
        city = _scope_rows(s, CITY_AREA).set_index("topic")["estimate"]
        ax.scatter(rows["topic"].map(city), y, marker="D", s=18, color="black", zorder=3)
        handles.append(Line2D([], [], marker="D", ls="", color="black", markersize=4, label="全市"))
    ax.set_yticks(y, rows["label"])
    pct_axis(ax, "x", decimals=0)
    ax.set_xlabel(f"{scope}提及该主题的受访者占比（加权，误差线为{ci_name(out)}）")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=handles, loc="lower right", frameon=False)
    axes_margins(fig.axes[0])  # texts at the edges known: no tight_layout measuring the whole chart
    plt.close(fig)  # shown once, as the cell's result
    return fig


@shared_chart()
def heatmap(out: ReportOutputs, top: int = TOP_HEAT):
    """Topic × district shares (%), the city's column last; ▲/▼ where a district's interval clears the city's."""
    import matplotlib.pyplot as plt

    from ...plotting import heatmap as draw_heatmap

    if not out.has(SHARES):
        return missing_figure("各区主题提及率")
    s = _shares(out)
    s = s[s["measure"] == "topic"]
    topics = _scope_rows(s, CITY_AREA).head(top)
    c = compare_to_city(out)
    areas = _areas(out, s)
    grid = s.pivot(index="topic", columns="district", values="estimate").reindex(
        index=topics["topic"], columns=[*areas, CITY_AREA]) * 100
    flag = c.pivot(index="topic", columns="district", values="flag").reindex(index=grid.index, columns=grid.columns)
    mark = flag.astype(object).map(lambda f: UP if f == ABOVE else DOWN if f == BELOW else "")  # the city column is all NaN
    annot = grid.map(lambda v: "" if pd.isna(v) else fmt_num(v, 1)) + mark
    fig, ax = plt.subplots(figsize=(7.2, 0.27 * len(grid) + 1.5))
    draw_heatmap(grid, annot=annot.to_numpy(), cmap="Blues", linewidths=0.4, linecolor="white",
                 cbar_kws={"label": "提及率（%）", "shrink": 0.6}, annot_kws={"fontsize": 7.5}, ax=ax)
    ax.set_yticks(np.arange(len(grid)) + 0.5, topics["label"].to_numpy(), rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_title(f"{UP}/{DOWN} 该区的{ci_name(out)}整体高于/低于全市", loc="left", fontsize=9, pad=22)
    fig.tight_layout()
    plt.close(fig)  # shown once, as the cell's result
    return fig


def scope_topics(out: ReportOutputs, scope: str) -> pd.DataFrame:
    """The topics of one area (a district or 全市), most mentioned first, as the chapter ranks them."""
    return _scope_rows(_shares(out), scope)
