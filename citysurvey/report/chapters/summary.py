"""摘要: the findings a mayor reads first, each sentence built from the stages' outputs.

Composes the facts of the satisfaction, text and diagnosis chapters (so a
number in the 摘要 is the number in the chapter's table) and adds what only
the summary needs: each district's place, the change since the previous wave,
one line of evidence per 城市病 and 风险隐患. ``district=None`` is the city.

>>> f = headline_facts(load_outputs("output/demo_city"))   # doctest: +SKIP
>>> f.composite, f.worst_item                                # doctest: +SKIP
('76.4', '停车设施（47.6分）')
"""
from __future__ import annotations

from ...lazy import lazy_module
from ..numbers import fmt_int, fmt_num, fmt_pct
from ..outputs import CITY_AREA, ReportOutputs
from . import Facts, shared_result
from . import diagnosis as dg
from . import satisfaction as sat
from . import text as tx

pd = lazy_module("pandas")

#: the previous wave's scores, written when a study names an earlier wave; columns
#: ``item, domain, estimate`` (and optionally ``wave``, the wave's name)
PREVIOUS_WAVE = "scoring/previous_wave.csv"
EVIDENCE_ROWS = 5  # 城市病 / 风险隐患 lines in the summary; the chapter lists them all
CONCERNS = 3  # resident concerns named in the summary


def _composite_rows(out: ReportOutputs) -> pd.DataFrame:
    s = sat.scores(out)
    return s[(s["item"] == sat.COMPOSITE) & (s["measure"] == "score")]


def _places(out: ReportOutputs, district: str | None) -> dict[str, str]:
    """Each district's composite index, best first; for a district report its place among them."""
    comp = _composite_rows(out)
    ranked = comp[comp["domain_var"] == "district"].sort_values("estimate", ascending=False)
    if ranked.empty:
        return {"district_places": "—", "place": "—", "n_places": "—", "vs_city": "—"}
    marks = {"高于全市": "，显著高于全市", "低于全市": "，显著低于全市"}
    places = "、".join(f"{r['domain']}（{fmt_num(r['estimate'])}{marks.get(str(r['flag']), '')}）"
                       for _, r in ranked.iterrows())
    values = {"district_places": places, "n_places": fmt_int(len(ranked)), "place": "—", "vs_city": "—"}
    if district:
        names = list(ranked["domain"].astype(str))
        if district in names:
            row = ranked.iloc[names.index(district)]
            values["place"] = fmt_int(names.index(district) + 1)
            gap = fmt_num(abs(row["diff"]))
            direction = "与全市持平" if gap == fmt_num(0) else f"比全市{'高' if row['diff'] > 0 else '低'}{gap}分"
            verdict = "差异显著" if str(row["flag"] or "") else "差异在抽样误差范围内"
            values["vs_city"] = f"{direction}，{verdict}"
    return values


WAVES = "waves/changes.csv"  # the waves stage's table, when the study names an earlier wave


def _change(out: ReportOutputs, district: str | None) -> str:
    """One sentence on the change since the previous wave; empty when no earlier wave is given."""
    if out.has(WAVES):
        return _change_from_waves(out.table(WAVES), district)
    if not out.has(PREVIOUS_WAVE):
        return ""
    prev = out.table(PREVIOUS_WAVE)
    scope = district or CITY_AREA
    before = prev[(prev["item"] == sat.COMPOSITE) & (prev["domain"].astype(str) == scope)]
    comp = _composite_rows(out)
    now = comp[comp["domain"].astype(str) == scope]
    if before.empty or now.empty:
        return ""
    diff = float(now["estimate"].iloc[0]) - float(before["estimate"].iloc[0])
    wave = str(before["wave"].iloc[0]) if "wave" in before and pd.notna(before["wave"].iloc[0]) else "上一轮调查"
    trend = "持平" if round(diff, 1) == 0 else (f"上升{fmt_num(diff)}分" if diff > 0 else f"下降{fmt_num(-diff)}分")
    return f"与{wave}（{fmt_num(before['estimate'].iloc[0])}分）相比{trend}。"


def _change_from_waves(changes: pd.DataFrame, district: str | None) -> str:
    """The composite index against the earlier wave (when comparable) and the items that moved significantly."""
    scope = district or CITY_AREA
    rows = changes[(changes["measure"] == "score") & (changes["domain_var"] == ("city" if district is None else "district"))
                   & (changes["domain"].astype(str) == scope)]
    if rows.empty:
        return ""
    parts = []
    comp = rows[rows["kind"] == "composite_index"]
    if len(comp):
        c = comp.iloc[0]
        year = f"{int(c['year_previous'])}年" if pd.notna(c["year_previous"]) else "上一轮调查"
        if bool(c["comparable"]):
            d = float(c["diff"])
            trend = "持平" if round(d, 1) == 0 else (f"上升{fmt_num(d)}分" if d > 0 else f"下降{fmt_num(-d)}分")
            parts.append(f"综合满意度指数与{year}（{fmt_num(c['estimate_previous'])}分）相比{trend}（{c['change_zh']}）")
        else:
            parts.append(f"综合满意度指数因两次调查的题目不同，不与{year}比较")
    items = rows[(rows["kind"] == "item") & rows["significant"].astype(bool)]
    up = items[items["diff"] > 0].sort_values("diff", ascending=False)
    down = items[items["diff"] < 0].sort_values("diff")
    if len(up):
        parts.append("显著改善的有" + "、".join(f"{r['label']}（+{fmt_num(r['diff'])}分）" for _, r in up.iterrows()))
    if len(down):
        parts.append("显著下降的有" + "、".join(f"{r['label']}（{fmt_num(r['diff'])}分）" for _, r in down.iterrows()))
    if len(comp) == 0 and not len(up) and not len(down):
        return ""
    return "；".join(parts) + "。"


def _item_ends(out: ReportOutputs, district: str | None) -> dict[str, str]:
    s = sat.scores(out)
    scope = district or CITY_AREA
    items = s[(s["kind"] == "item") & (s["measure"] == "score") & (s["domain"].astype(str) == scope)
              & (s["domain_var"] == ("city" if district is None else "district")) & (s["level"] != "总体")]
    items = items.sort_values("estimate")
    if items.empty:
        return {"worst_item": "—", "best_item": "—", "worst_items": "—", "best_items": "—"}

    def named(rows: pd.DataFrame) -> str:
        return "、".join(f"{r['label']}（{fmt_num(r['estimate'])}分）" for _, r in rows.iterrows())

    return {"worst_item": named(items.head(1)), "best_item": named(items.tail(1)),
            "worst_items": named(items.head(sat.TOP_N)), "best_items": named(items.tail(sat.TOP_N).iloc[::-1])}


def _value(row: pd.Series) -> str:
    value = row.get("value")
    if pd.isna(value):
        return "—"
    text = fmt_num(value, 2)
    text = text.rstrip("0").rstrip(".") if "." in text else text  # 77.70 → 77.7, 14.00 → 14
    return f"{text}{row.get('unit', '') or ''}"


def disease_evidence(row: pd.Series, with_area: bool) -> str:
    """One line: the objective value, the residents' score and how often they raised it."""
    where = f"{row['area']}" if with_area else ""
    parts = [f"客观值{_value(row)}（{row['grade']}）"]
    if pd.notna(row.get("score")):
        parts.append(f"满意度{fmt_num(row['score'])}分（95%置信区间{fmt_num(row['ci_low'])}～{fmt_num(row['ci_high'])}）")
    if pd.notna(row.get("share")):
        parts.append(f"居民提及率{fmt_pct(row['share'])}（全市{fmt_pct(row['city_share'])}）")
    return f"{where}{row['name']}：" + "，".join(parts)


def risk_evidence(row: pd.Series, with_area: bool) -> str:
    where = f"{row['area']}" if with_area else ""
    return (f"{where}{row['name']}：客观值{_value(row)}（{row['grade']}，{row['warning']}），{row['perception']}；"
            f"责任部门{row['responsible_department']}")


def _lines(rows: pd.DataFrame, line, with_area: bool, none: str) -> str:
    if rows.empty:
        return f"- {none}"
    shown = [f"- {line(r, with_area)}" for _, r in rows.head(EVIDENCE_ROWS).iterrows()]
    if len(rows) > EVIDENCE_ROWS:
        shown.append(f"- 其余{fmt_int(len(rows) - EVIDENCE_ROWS)}项见正文清单。")
    return "\n".join(shown)


@shared_result(saved=True)
def headline_facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """The 摘要's facts; every value is read from an output, none typed."""
    scope = district or CITY_AREA
    sf = sat.facts(out, district)
    values: dict[str, str] = {"scope": scope}
    if sf.available:
        values |= {"composite": sf.composite, "composite_ci": sf.composite_ci, "composite_city": sf.composite_city}
        values |= _places(out, district)
        values |= _item_ends(out, district)
        values["change"] = _change(out, district)
    tf = tx.facts(out, district)
    if tf.available:
        concerns = tx.scope_topics(out, scope).head(CONCERNS)
        values["concerns"] = "、".join(f"{r['label']}（{fmt_pct(r['estimate'])}）" for _, r in concerns.iterrows()) or "无"
        values["concern_base"] = "提及该话题的受访者加权占比"
    df = dg.facts(out, district)
    if df.available:
        lists = {k: dg.list_rows(out, k, district) for k in ("city_diseases", "risk_notices")}
        values["n_city_diseases"] = df.n_city_diseases
        values["n_risks"] = df.n_risks
        values["disease_lines"] = _lines(lists["city_diseases"], disease_evidence, district is None,
                                         "未发现同时满足“客观不达标、居民不满意、居民反映集中”的城市病。")
        values["risk_lines"] = _lines(lists["risk_notices"], risk_evidence, district is None,
                                      "没有涉及安全且严重不达标的指标。")
    missing = [name for name, f in (("满意度评价", sf), ("意见建议", tf), ("综合诊断", df)) if not f.available]
    return Facts(values, missing="、".join(missing))
