"""街道满意度 chapter: the streets ranked with their intervals, and the street-level diagnosis.

Used by ``reports/chapters/_streets.qmd`` (and ``reports/street.qmd``); reads
``smallarea/street_table.csv`` (the published estimates only) and ``diagnosis/streets.csv``. ``district=None`` is the city report (every street);
with a district, that district's streets.

>>> f = facts(load_outputs("output/demo_city"), "城东区")   # doctest: +SKIP
>>> f.n_streets                                             # doctest: +SKIP
'10'
"""
from __future__ import annotations

from ...lazy import lazy_module
from . import Facts, missing_figure, missing_table, shared_chart, shared_result
from ...errors import Problem, StageError
from ..numbers import fmt_int, fmt_num
from ..outputs import ReportOutputs
from ..tables import MarkdownTable, md_table

pd = lazy_module("pandas")

TABLE = "smallarea/street_table.csv"
DIAGNOSIS = "diagnosis/streets.csv"
SUPPRESSED = "suppressed"
NUMERIC = {"排名", "样本量", "有效样本量"}
MARK = {"direct": "", "model": "ᵐ", SUPPRESSED: ""}  # a model estimate is marked in tables


@shared_result(saved=True)
def absent_sentence(out: ReportOutputs) -> str:
    """Why there is nothing to show at street level, in plain words; "" when there are street estimates."""
    if out.lacks("district"):
        return next(g["zh"] for g in out.absent if g.get("key") == "district") + "街道层面的估计也从略。"
    if out.lacks("streets"):
        return next(g["zh"] for g in out.absent if g.get("key") == "streets")
    if out.lacks("stage:smallarea"):
        return "本次未开展街道社区估计（smallarea.enabled 为 false），不作街道层面的估计、排名与诊断。"
    if not out.has(TABLE) or streets(out).empty:
        return "本次运行没有生成街道层面的估计（smallarea/street_table.csv 缺失或为空），不作街道排名与诊断。"
    return ""


def streets(out: ReportOutputs, district: str | None = None) -> pd.DataFrame:
    """Score rows of the study's street variable (of `district` when given)."""
    if not out.has(TABLE):
        return pd.DataFrame(columns=["area_var", "area", "district", "item", "measure"])
    t = out.table(TABLE)
    var = out.street_variable or (t["area_var"].iloc[0] if len(t) else None)
    t = t[(t["area_var"] == var) & (t["measure"] == "score")]
    return t[t["district"] == district] if district else t


def ranking_item(t: pd.DataFrame) -> str:
    """The outcome streets are ranked on: the composite index when there is one (as the stage's chart)."""
    from ...smallarea.charts import ranking_outcome

    return ranking_outcome(t)


def _street_level_item(t: pd.DataFrame) -> str | None:
    idx = t.loc[(t["kind"] == "index") & (t["level"] == "街区"), "item"]
    return str(idx.iloc[0]) if len(idx) else None


def ranked(out: ReportOutputs, district: str | None = None, item: str | None = None) -> pd.DataFrame:
    """The streets on `item` (default: the ranking outcome), published ones by estimate (rank 1 = highest), suppressed last."""
    t = streets(out, district)
    if t.empty:
        return t.assign(rank=pd.Series(dtype=float))
    item = item or ranking_item(t)
    r = t[t["item"] == item].copy()
    pub = r["published"] != SUPPRESSED
    r["rank"] = r.loc[pub, "estimate"].rank(ascending=False, method="min")
    return r.sort_values(["rank", "area"], na_position="last", kind="stable").reset_index(drop=True)


def _cell(est, lo, hi, published) -> str:
    if published == SUPPRESSED:
        return "不发布"
    return f"{fmt_num(est)}{MARK.get(published, '')}（{fmt_num(lo)}～{fmt_num(hi)}）"


@shared_result(saved=True)
def facts(out: ReportOutputs, district: str | None = None) -> Facts:
    why = absent_sentence(out)
    if why:
        return Facts({}, missing=why)
    r = ranked(out, district)
    if r.empty:
        return Facts({}, missing=f"{district}没有街道层面的估计")
    pub = r[r["published"] != SUPPRESSED]
    every = streets(out, district)
    counts = every.groupby("published").size()
    d = out.table(DIAGNOSIS) if out.has(DIAGNOSIS) else pd.DataFrame(columns=["district", "area", "is_shortcoming"])
    d = d[d["district"] == district] if district else d
    short = d[d["is_shortcoming"].astype(str).str.lower() == "true"] if len(d) else d
    top = pub.head(3)
    bottom = pub.tail(3).iloc[::-1]
    street_level = _street_level_item(every)
    return Facts({
        "scope": district or "全市",
        "method": _method_sentence(out),
        "n_streets": fmt_int(r["area"].nunique()),
        "outcome": str(r["label"].iloc[0]),
        "n_direct": fmt_int(counts.get("direct", 0)),
        "n_model": fmt_int(counts.get("model", 0)),
        "n_suppressed": fmt_int(counts.get(SUPPRESSED, 0)),
        "n_estimates": fmt_int(len(every)),
        "suppressed_streets": "、".join(r.loc[r["published"] == SUPPRESSED, "area"]) or "无",
        "top": "、".join(f"{a}（{fmt_num(e)}）" for a, e in zip(top["area"], top["estimate"])) or "无",
        "bottom": "、".join(f"{a}（{fmt_num(e)}）" for a, e in zip(bottom["area"], bottom["estimate"])) or "无",
        "street_level": "有" if street_level else "无",
        "n_diagnosed": fmt_int((d["published"] != SUPPRESSED).sum()) if len(d) else "0",
        "n_diag_suppressed": fmt_int((d["published"] == SUPPRESSED).sum()) if len(d) else "0",
        "n_short": fmt_int(len(short)),
        "n_short_streets": fmt_int(short["area"].nunique()) if len(short) else "0",
        "short_streets": _short_streets(short),
    })


def _method_sentence(out: ReportOutputs) -> str:
    stage = next((s for s in out.manifest.get("stages", []) if s.get("name") == "smallarea"), {})
    return (stage.get("summary") or {}).get("method_sentence", "")


def _short_streets(short: pd.DataFrame, limit: int = 6) -> str:
    if short.empty:
        return "无"
    by = short.groupby("area", sort=False).size().sort_values(ascending=False, kind="stable")
    names = [f"{a}（{fmt_int(n)}项）" for a, n in by.head(limit).items()]
    return "、".join(names) + (f"等{fmt_int(len(by))}个街道" if len(by) > limit else "")


@shared_result(saved=True)
def street_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Every street of the scope, ranked on the composite index, with its interval, n and the estimate used."""
    why = absent_sentence(out)
    if why:
        return md_table(pd.DataFrame({"说明": [why]}))
    r = ranked(out, district)
    if r.empty:
        return missing_table("街道估计")
    every = streets(out, district)
    cols = {"排名": [fmt_int(x) if pd.notna(x) else "—" for x in r["rank"]], "街道": r["area"]}
    if district is None:
        cols["所在区"] = r["district"]
    cols |= {"样本量": r["n"].map(fmt_int), "有效样本量": r["n_eff"].map(lambda x: fmt_num(x, 0)),
             str(r["label"].iloc[0]): [_cell(*v) for v in zip(r["estimate"], r["ci_low"], r["ci_high"],
                                                                        r["published"])]}
    level_item = _street_level_item(every)
    if level_item and level_item != r["item"].iloc[0]:
        s = every[every["item"] == level_item].set_index("area").reindex(r["area"])
        cols[str(s["label"].dropna().iloc[0])] = [_cell(*v) for v in zip(
            s["estimate"], s["ci_low"], s["ci_high"], s["published"])]
    # the street column padded wider: Typst otherwise breaks a five-character name over two lines
    return md_table(pd.DataFrame(cols), align="".join("r" if k in NUMERIC else "l" for k in cols), wide=(1,))


def _stage_ranking(out: ReportOutputs) -> str:
    return f"smallarea/charts/{out.street_variable}_ranking.png"


@shared_chart(_stage_ranking)
def ranking_chart(out: ReportOutputs, district: str | None = None):
    """The grid ranking the streets with their intervals: the stage's chart for the city, one panel for a district."""
    import matplotlib.pyplot as plt

    from ...smallarea.charts import ranking_grid

    if absent_sentence(out):
        return missing_figure("街道排名")
    if district is None:
        fig = ranking_grid(streets(out), "街道")
    elif streets(out, district).empty:
        return missing_figure(f"{district}街道排名")
    else:
        fig = ranking_grid(streets(out, district), "街道", ncols=1)
    plt.close(fig)
    return fig


@shared_result(saved=True)
def diagnosis_table(out: ReportOutputs, district: str | None = None, top: int = 15) -> MarkdownTable:
    """Street-level 短板 (街区 items), lowest score first; suppressed streets counted below, not diagnosed."""
    why = absent_sentence(out)
    if why:
        return md_table(pd.DataFrame({"说明": [why]}))
    if not out.has(DIAGNOSIS):
        return missing_table("街道诊断")
    d = out.table(DIAGNOSIS)
    d = d[d["district"] == district] if district else d
    if d.empty:
        return md_table(pd.DataFrame({"说明": ["没有可按街道诊断的街区层级题目（diagnosis.street_levels）。"]}))
    short = d[d["is_shortcoming"].astype(str).str.lower() == "true"].sort_values("score", kind="stable").head(top)
    if short.empty:
        return md_table(pd.DataFrame({"说明": ["在发布的街道估计中，没有街区层级题目的满意度区间整体低于阈值。"]}))
    cols = {"街道": short["area"]} | ({} if district else {"所在区": short["district"]})
    cols |= {"题目": short["item_label"],
             "得分（95%区间）": [_cell(*v) for v in zip(short["score"], short["ci_low"], short["ci_high"], short["published"])],
             "所在区得分": short["district_score"].map(fmt_num), "客观评价": short["grade"].astype(object).where(short["grade"].notna(), "无街道数据"),
             "诊断": short["diagnosis"]}
    return md_table(pd.DataFrame(cols))


# ---- the per-street short report (reports/street.qmd) --------------------------------------------------

def street_names(out: ReportOutputs) -> list[str]:
    """The streets of the small-area outputs, in their order (none when the study has no streets)."""
    return list(dict.fromkeys(streets(out)["area"]))


def check_street(out: ReportOutputs, street: str) -> str:
    """`street` if the small-area outputs know it, else a StageError listing them."""
    known = street_names(out)
    if street not in known:
        shown = "、".join(known[:20]) + ("……" if len(known) > 20 else "")
        raise StageError(Problem(
            zh=f"结果中没有街道「{street}」。已知的街道：{shown or '（无：本研究没有街道层面的估计）'}。",
            en=f"the outputs have no street {street!r}. Known: {', '.join(known[:20]) or '(none)'}.",
            file=str(out.root / "smallarea" / "street_table.csv"),
            hint_zh="请用 --only street:街道名 指定其中之一。", hint_en="Pass one of them with --only street:<name>.",
        ))
    return street


def street_rows(out: ReportOutputs, street: str) -> pd.DataFrame:
    """Every score row of one street (items and indices), in the small-area table's order."""
    t = streets(out)
    return t[t["area"] == check_street(out, street)].reset_index(drop=True)


def street_facts(out: ReportOutputs, street: str) -> Facts:
    """Numbers for the street brief: its district, sample, ranking outcome with interval and rank in the district."""
    rows = street_rows(out, street)
    district = str(rows["district"].iloc[0])
    item = ranking_item(rows)
    r = ranked(out, district, item)
    me = r[r["area"] == street].iloc[0]
    d = out.table(DIAGNOSIS) if out.has(DIAGNOSIS) else pd.DataFrame(columns=["area", "is_shortcoming", "published"])
    d = d[d["area"] == street]
    short = d[d["is_shortcoming"].astype(str).str.lower() == "true"] if len(d) else d
    published = me["published"] != SUPPRESSED
    return Facts({
        "street": street, "district": district, "method": _method_sentence(out),
        "n": fmt_int(me["n"]), "n_eff": fmt_num(me["n_eff"], 0),
        "outcome": str(me["label"]),
        "estimate": _cell(me["estimate"], me["ci_low"], me["ci_high"], me["published"]),
        "how": str(me["published_zh"]),
        "rank": (f"在{district}的{fmt_int(r['rank'].notna().sum())}个街道中排第{fmt_int(me['rank'])}位"
                 if published else "精度不足，不参与排名"),
        "district_estimate": fmt_num(me["district_estimate"]),
        "n_items": fmt_int((rows["kind"] == "item").sum()),
        "n_suppressed": fmt_int((rows["published"] == SUPPRESSED).sum()),
        "n_short": fmt_int(len(short)),
        "short": "、".join(short["item_label"].astype(str)) or "无",
    })


def street_index_table(out: ReportOutputs, street: str) -> MarkdownTable:
    """The street's indices beside its district's direct estimates."""
    rows = street_rows(out, street)
    idx = rows[rows["kind"] == "index"]
    return md_table(pd.DataFrame({
        "指数": idx["label"],
        "本街道（95%区间）": [_cell(*v) for v in zip(idx["estimate"], idx["ci_low"], idx["ci_high"], idx["published"])],
        "所在区": idx["district_estimate"].map(fmt_num), "估计方式": idx["published_zh"]}), align="llrl")


def street_items_table(out: ReportOutputs, street: str, *, lowest: bool = True, top: int = 8) -> MarkdownTable:
    """The street's published items with the lowest (or highest) scores, beside its district."""
    rows = street_rows(out, street)
    items = rows[(rows["kind"] == "item") & (rows["published"] != SUPPRESSED)]
    items = items.sort_values("estimate", ascending=lowest, kind="stable").head(top)
    if items.empty:
        return md_table(pd.DataFrame({"说明": ["本街道没有发布的题目估计（均因精度不足不发布）。"]}))
    return md_table(pd.DataFrame({
        "题目": items["label"], "层级": items["level"],
        "本街道（95%区间）": [_cell(*v) for v in zip(items["estimate"], items["ci_low"], items["ci_high"], items["published"])],
        "所在区": items["district_estimate"].map(fmt_num)}), align="llrr")


def street_diagnosis_table(out: ReportOutputs, street: str) -> MarkdownTable:
    """Every diagnosed 街区 item of the street, with its status (suppressed ones say so)."""
    check_street(out, street)
    if not out.has(DIAGNOSIS):
        return missing_table("街道诊断")
    d = out.table(DIAGNOSIS)
    d = d[d["area"] == street]
    if d.empty:
        return md_table(pd.DataFrame({"说明": ["没有可按街道诊断的街区层级题目（diagnosis.street_levels）。"]}))
    return md_table(pd.DataFrame({
        "题目": d["item_label"],
        "得分（95%区间）": [_cell(*v) for v in zip(d["score"], d["ci_low"], d["ci_high"], d["published"])],
        "所在区": d["district_score"].map(fmt_num), "居民评价": d["subjective_zh"], "诊断": d["diagnosis"]}), align="lrrll")
