"""Draft a study from what a firm hands over: the raw export, population tables, indicators.

``draft_study`` classifies every column (:mod:`.guess`), names variables (short ASCII ids, the
Chinese kept as the label), groups Likert items by scale, matches population tables to the
draft codebook (declaring the derived variables and aliases they need) and returns the codebook,
the study config and every guess with its evidence. ``write_draft`` writes them with the report.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import CitySurveyError, InputError, Problem
from ..loading.normalize import canon
from ..loading.readers import HEADER_CONTINUES, read_raw
from ..sampling.population_tables import age_interval, population_margins, table_labels
from .guess import Column, Guess, classify, edu_rank

#: preferred age-band bounds when the data hold exact ages (common practice, EST): 18-34, 35-49, 50-59, 60+
PREFERRED_AGE_CUTS = (18, 35, 50, 60)
#: fewest respondents a weighting cell should hold (common practice, EST: 20–30): the draft picks age groups and
#: crossed margins the sample fills at least this well
MIN_CELL = 20
NONLOCAL_WORDS = ("外地", "非本市", "非户籍", "外来", "流动", "非本地", "外省", "外市", "非本区")
LOCAL_WORDS = ("户籍", "本地", "本市", "户口")


@dataclass
class Draft:
    codebook: dict
    study: dict
    columns: dict[str, str]  # raw header → variable (inputs.columns)
    guesses: list[Guess]
    questions: list[str]
    notes: list[str] = field(default_factory=list)
    margins: pd.DataFrame | None = None
    year: int | None = None  # fieldwork year, from the submit times
    missing_values: list[str] = field(default_factory=list)  # the platform's skip codes
    header_rows: int = 1
    sparse_margins: list[str] = field(default_factory=list)  # in margins.csv, but too sparse to weight on


def draft_study(raw_path: str | Path, tables: list[Path] | None = None, *, sheet: str | int | None = None) -> Draft:
    header_rows = 1
    try:
        raw = read_raw(raw_path, sheet=sheet)
    except InputError as first:
        # unnamed columns with data, or a first row of sub-items: a second header row under merged titles
        if not any("没有列名" in p.zh or HEADER_CONTINUES in p.zh for p in first.problems):
            raise
        try:
            raw, header_rows = read_raw(raw_path, sheet=sheet, header_rows=2), 2
        except InputError as second:
            if any(HEADER_CONTINUES in p.zh for p in second.problems):
                raise  # a third header row: refused with its row and what to do
            raise first from None
    frame = raw.frame
    if frame.empty:
        raise InputError(Problem(zh="文件只有表头，没有答卷，无从推断。", en="the file has a header but no responses to draft from.",
                                 file=str(raw_path), row=2, hint_zh="请导出含答卷的数据。", hint_en="Export the responses too."))
    if raw.value_labels:  # a .sav: guess from its value labels, as the codebook will speak them
        frame = frame.copy()
        for col, labels in raw.value_labels.items():
            if col in frame.columns:
                frame[col] = frame[col].map(lambda v, lab=labels: lab.get(v, v))
    cols = classify(frame, raw.column_labels)
    questions: list[str] = []
    notes = list(raw.notes)
    if header_rows == 2:
        notes.append("表头有两行（合并的题干在上、子项在下），按 inputs.header_rows: 2 读取。 / read with a two-row header.")
    _name_columns(cols)
    scales = _scales(cols)
    variables: dict[str, dict] = {}
    columns: dict[str, str] = {}
    rid = next((c.name for c in cols if c.kind == "id"), None)
    for c in cols:
        if c.kind == "ignore":
            continue
        variables[c.name] = _variable(c)
        if c.kind == "multiselect" and c.members:
            for j, m in enumerate(c.members, 1):
                target = f"{c.name}_{j}" if j <= len(c.options) else f"{c.name}_other"
                columns[m] = target
            if c.other is None and len(c.members) > len(c.options):
                variables[c.name]["options"] = c.options  # the text column has no 0/1 option of its own
                variables[c.name]["other"] = c.options[-1] if c.options else None
        else:
            columns[c.header.raw] = c.name
    if rid is None:
        questions.append("文件中没有找到答卷编号列（序号/编号）。请在导出时勾选“序号”，或在编码本中指定 respondent_id。"
                         " / No respondent id column (序号) was found: export it, or name one as respondent_id.")
        rid = next(iter(variables))
    for c in cols:
        if c.kind == "categorical" and any(g.confidence == "低" and g.what == "类别" for g in c.guesses):
            questions.append(f"「{c.label}」（{c.name}）的答案是数字代码，请在编码本的 codes 中写明每个代码对应的文字。"
                             f" / {c.name} holds codes: write their labels under `codes`.")
        if c.kind == "likert" and c.level is None:
            questions.append(f"「{c.label}」（{c.name}）属于哪个层级（住房、小区（社区）、街区、城区（城市）或总体）？请填写 level。"
                             f" / Which level is {c.name}? Fill in `level`.")
    coded = [c for c in cols if c.kind == "likert" and c.scale is not None and c.scale.confidence == "低"
             and "代码" in c.scale.evidence]
    if coded:
        questions.append(f"{len(coded)} 道量表题的答案是代码（如 {coded[0].name}）：已假定 1 = 最不满意、"
                         f"{coded[0].scale.codes[-1]} = 最满意，量表措辞取常用写法。请对照问卷核对 scales 的 labels 与 special。"  # type: ignore[union-attr]
                         " / Items hold codes: 1 = least satisfied is assumed; check the scale's labels and special codes.")
    skips = sorted({s for c in cols for s in c.skip_codes})
    if skips:
        draft_missing = skips
        notes.append(f"代码 {skips} 像是平台的跳过代码，已写入 inputs.missing_values。 / {skips} look like skip codes.")
    else:
        draft_missing = []
    if any(c.role == "device" and "IP" in c.header.raw.upper() for c in cols):
        notes.append("来自IP 作为设备标识：同一 IP 的较晚答卷按 cleaning.duplicate_devices: drop 剔除；共用网络的不同受访者也会"
                     "因此被剔除，若不希望，设为 keep。 / the IP serves as device id: later submissions from one IP are dropped.")
    if not any(c.role == "overall" for c in cols if c.kind == "likert"):
        notes.append("没有找到总体满意度题（题干含“总体/整体”）；报告将不给出总体满意度。 / no overall satisfaction item found.")
    if not any(c.role == "district" for c in cols):
        questions.append("没有找到所在区的题目。若研究分区报告，请把该列的 role 设为 district。 / No district question found:"
                         " set role: district on it if the study reports by district.")
    codebook = {"respondent_id": rid, "scales": scales, "variables": variables}
    margins = None
    sparse: list[str] = []
    if tables:
        renamed: dict[str, str] = {}
        answers = pd.DataFrame({c.name: frame[c.header.raw].astype(str).str.strip() for c in cols
                                if c.kind in ("categorical", "integer", "number") and c.header.raw in frame.columns})
        margins = _fit_tables(codebook, tables, questions, notes, renamed, answers, sparse)
        columns = {raw_name: renamed.get(var, var) for raw_name, var in columns.items()}
    year = None
    dates = next((c for c in cols if c.role == "fieldwork_date"), None)
    if dates is not None and dates.values:
        years = [int(m[1]) for v in dates.values[:200] if (m := re.match(r"\s*(20\d\d)", v))]
        year = max(set(years), key=years.count) if years else None
    return Draft(codebook, {}, columns, [g for c in cols for g in c.guesses], questions, notes, margins, year, draft_missing,
                 header_rows, sparse)


# -- names -------------------------------------------------------------------------------

def _name_columns(cols: list[Column]) -> None:
    """Short ASCII ids: role names for demographics, q<number>[_<sub>] for questions."""
    used: set[str] = set()
    sub_count: dict[int, int] = {}
    for c in cols:
        if c.kind == "ignore":
            continue
        h = c.header
        if c.name:
            base = c.name
        elif c.role == "suggestion":
            base = "suggestion"
        elif h.number is not None and h.sub and c.kind != "multiselect":
            sub_count[h.number] = sub_count.get(h.number, 0) + 1
            base = f"q{h.number}_{sub_count[h.number]}"
        elif h.number is not None:
            base = f"q{h.number}"
        else:
            base = re.sub(r"[^A-Za-z0-9_]", "_", h.raw).strip("_").lower() or "v"
            if not re.match(r"^[a-z]", base):
                base = f"v_{base}"
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        c.name = name
        for g in c.guesses:
            g.variable = name


def _scales(cols: list[Column]) -> dict[str, dict]:
    """One scale per wording of the points: sat5, sat7, sat7a… Special answers seen in any item of a
    wording belong to all of its items (nobody chose 说不清 on one item does not make another scale)."""
    specials: dict[tuple, dict[int, list[str]]] = {}
    for c in cols:
        if c.kind == "likert" and c.scale is not None:
            merged = specials.setdefault((tuple(c.scale.labels), tuple(c.scale.codes)), {})
            for code, words in c.scale.special.items():
                merged[code] = sorted(set(merged.get(code, [])) | set(words))
    out: dict[str, dict] = {}
    names: dict[tuple, str] = {}
    for (labels, codes), special in specials.items():
        base = name = f"sat{len(labels)}"
        k = 0
        while name in out:
            name, k = f"{base}{chr(ord('a') + k)}", k + 1
        names[(labels, codes)] = name
        out[name] = _put({"codes": list(codes), "labels": list(labels)}, special=dict(sorted(special.items())))
    for c in cols:
        if c.kind == "likert" and c.scale is not None:
            c.scale_name = names[(tuple(c.scale.labels), tuple(c.scale.codes))]
    return out


def _put(d: dict, **optional) -> dict:
    """Add the keys whose values are set: a draft lists what it knows, not empty defaults."""
    d.update({k: v for k, v in optional.items() if v})
    return d


def _variable(c: Column) -> dict:
    v = _put({"type": c.kind, "label": c.label}, role=c.role)
    if c.kind == "categorical":
        return _put(v, categories=c.categories, aliases=c.aliases, ordered=c.ordered)
    if c.kind == "likert":
        return _put(v, scale=c.scale_name, level=c.level, topic=c.topic)
    if c.kind == "multiselect":
        return _put(v, options=c.options, other=c.other)
    if c.kind in ("number", "integer") and c.role in ("duration", "screening"):
        v["min"] = 0
    return v


# -- population tables ---------------------------------------------------------------------

def _fit_tables(codebook: dict, tables: list[Path], questions: list[str], notes: list[str], renamed: dict[str, str],
                answers: pd.DataFrame, sparse: list[str]) -> pd.DataFrame | None:
    """Declare what the tables need (derived bands, merged groups, aliases), then convert them."""
    labels: list[str] = []
    for t in tables:
        try:
            labels += table_labels(t)
        except CitySurveyError as exc:
            questions.append(f"人口表 {Path(t).name} 无法读取：{exc.format()}")
            return None
    variables = codebook["variables"]
    _fit_age(variables, labels, notes, renamed, answers)
    _fit_education(variables, labels, notes, renamed)
    _fit_income(variables, labels, notes, renamed)
    _fit_hukou(variables, labels)
    _fit_aliases(variables, labels)
    try:
        cb = Codebook.model_validate(codebook)
        margins, table_notes = population_margins(list(tables), cb)
    except CitySurveyError as exc:
        questions.append("人口表与编码本对不上，边际表未生成 / the population tables do not match the codebook:\n"
                         + exc.format() + "\n改好编码本（aliases）后运行 / after fixing the codebook run: citysurvey margins "
                         + " ".join(Path(t).name for t in tables) + " --codebook codebook.yaml --out margins.csv")
        return None
    except ValueError as exc:
        questions.append(f"派生变量无法生成：{exc}")
        return None
    notes += table_notes
    answers = answers.rename(columns=renamed)
    return _split_sparse_margins(margins, variables, answers, notes, sparse)


def _rename(variables: dict, old: str, new: str, renamed: dict[str, str]) -> None:
    """Keep the answers under a new name so the derived variable can take the weighting name."""
    renamed[old] = new
    items = list(variables.items())
    variables.clear()
    for k, v in items:
        variables[new if k == old else k] = v


def _merge_answers(variables: dict, name: str, answer_name: str, label: str, cats: list[str], mapping: dict,
                   renamed: dict[str, str]) -> None:
    """The answers kept as ``answer_name``; ``name`` becomes the tables' groups, derived by ``mapping``."""
    answer = dict(variables[name])
    answer.pop("role", None)
    answer["label"] = answer.get("label", label) + "（答案）"
    _rename(variables, name, answer_name, renamed)
    variables[answer_name] = answer
    variables[name] = {"type": "categorical", "label": label, "role": "demographic", "ordered": True,
                       "categories": cats, "derive": {"source": answer_name, "map": mapping}}


def _fit_age(variables: dict, labels: list[str], notes: list[str], renamed: dict[str, str],
             answers: pd.DataFrame) -> None:
    groups = [iv for lab in labels if (iv := age_interval(lab))]
    if not groups:
        return
    table_bounds = {b for lo, hi in groups for b in (lo, hi) if not math.isinf(b)}
    if "age" in variables and variables["age"]["type"] == "integer" and "age_band" not in variables:
        start = 18
        fine = sorted({start} | {b for b in table_bounds if b > start})
        usual = sorted({start} | {b for b in table_bounds if b > start and b in PREFERRED_AGE_CUTS})
        # the tables' own groups when the sample fills every district × sex × group cell (finer cells
        # remove more age bias), else the usual four bands: a handful of respondents carrying a cell's
        # weight makes the estimates swing more than their standard errors say
        ages = pd.to_numeric(answers.get("age"), errors="coerce") if "age" in answers else None
        by = [v for v in ("district", "sex") if v in answers and v in variables]
        smallest = (_smallest_cell(answers[by].assign(_band=np.searchsorted(fine, ages, side="right")), ages >= start)
                    if ages is not None else 0)
        cuts = fine if smallest >= MIN_CELL or len(usual) < 2 else usual
        if cuts is usual:
            notes.append(f"按人口表的 {len(fine)} 个年龄组，最小的区×性别×年龄组只有 {smallest} 人（少于 {MIN_CELL}），"
                         f"改用常用分段 {usual}。 / the tables' age groups leave a cell of {smallest} respondents: "
                         f"the usual bands {usual} are used.")
        cats = [f"{a}-{b - 1}" for a, b in zip(cuts, cuts[1:])] + [f"{cuts[-1]}+"]
        variables["age_band"] = {"type": "categorical", "label": "年龄段", "role": "demographic", "ordered": True,
                                 "categories": cats, "derive": {"source": "age", "cuts": cuts}}
        variables["age"]["role"] = "screening"
        notes.append(f"年龄为整数：派生 age_band（分段点 {cuts}，取自人口表的年龄组）。 / derived age_band from age at {cuts}.")
        return
    if "age_band" not in variables:
        return
    answers = variables["age_band"]["categories"]
    ivs = {a: age_interval(a) for a in answers}
    if not all(ivs.values()):
        return
    lows = sorted({iv[0] for iv in ivs.values()})  # type: ignore[index]
    cuts = [lows[0]] + [b for b in lows[1:] if b in table_bounds]
    if cuts == lows:
        return  # the tables' groups aggregate onto the answers' bands as they are
    cats = [f"{a}-{b - 1}" for a, b in zip(cuts, cuts[1:])] + [f"{cuts[-1]}+"]
    mapping = {}
    for a, iv in ivs.items():
        k = max(i for i, c in enumerate(cuts) if c <= iv[0])  # type: ignore[index]
        mapping[a] = cats[k]
    _merge_answers(variables, "age_band", "age_answer", "年龄段", cats, mapping, renamed)
    notes.append(f"年龄段答案与人口表年龄组边界不一致：派生 age_band = {cats}（合并答案 {mapping}）。"
                 f" / age answers merged onto the tables' bands.")


def _edu_range(label: str) -> tuple[int, int] | None:
    r = edu_rank(label)
    if r is None:
        return None
    if "及以下" in label or "以下" in label:
        return (0, r)
    if "及以上" in label or "以上" in label:
        return (r, 6)
    if re.search(r"(高中|中专).*(中专|高中|职高)", label):
        return (3, 3)
    return (r, r)


def _fit_education(variables: dict, labels: list[str], notes: list[str], renamed: dict[str, str]) -> None:
    if "education" not in variables:
        return
    answers = variables["education"]["categories"]
    groups = [(lab, rg) for lab in dict.fromkeys(labels) if (rg := _edu_range(lab))]
    if len(groups) < 2 or not all(edu_rank(a) is not None for a in answers) or {g for g, _ in groups} == set(answers):
        return
    groups.sort(key=lambda x: x[1])
    mapping = {}
    for a in answers:
        r = edu_rank(a)
        hit = [lab for lab, (lo, hi) in groups if lo <= r <= hi]  # type: ignore[operator]
        if len(hit) != 1:
            return
        mapping[a] = hit[0]
    cats = [lab for lab, _ in groups if lab in mapping.values()]
    _merge_answers(variables, "education", "education_answer", "文化程度", cats, mapping, renamed)
    notes.append(f"文化程度答案合并为人口表的 {len(cats)} 组：{mapping}。 / education answers merged onto the table's groups.")


def _smallest_cell(frame: pd.DataFrame, keep: pd.Series | None = None) -> int:
    """Respondents in the emptiest cell of the cross of ``frame``'s columns (every combination of the values seen)."""
    if keep is not None:
        frame = frame[keep.to_numpy()]
    frame = frame[(frame.astype(str) != "").all(axis=1)]
    if frame.empty:
        return 0
    counts = frame.value_counts()
    full = np.prod([frame[c].nunique() for c in frame.columns])
    return int(counts.min()) if len(counts) == full else 0


def _derived(answers: pd.DataFrame, variables: dict, name: str) -> pd.Series | None:
    """A variable's answers as the run will have them: read, banded or merged (derive), blank otherwise."""
    var = variables.get(name, {})
    spec = var.get("derive")
    if spec is None:
        if name not in answers:
            return None
        x = answers[name].map(lambda v: canon(v).strip())
        if var.get("type") != "categorical":
            return x
        aliases = {canon(k).strip(): c for k, c in (var.get("aliases") or {}).items()}
        x = x.map(lambda v: aliases.get(v, v))
        return x.where(x.isin(var.get("categories", [])), "")
    source = _derived(answers, variables, spec["source"])
    if source is None:
        return None
    if spec.get("cuts"):
        x = pd.to_numeric(source, errors="coerce")
        cats = variables[name]["categories"]
        k = np.searchsorted(spec["cuts"], x, side="right") - 1
        return pd.Series([cats[i] if 0 <= i < len(cats) and not np.isnan(v) else "" for i, v in zip(k, x)],
                         index=answers.index)
    return source.map(spec.get("map", {})).fillna("")


def _split_sparse_margins(margins: pd.DataFrame, variables: dict, answers: pd.DataFrame, notes: list[str],
                          sparse: list[str]) -> pd.DataFrame:
    """A crossed margin (district×sex×age_band) whose emptiest sample cell holds under MIN_CELL respondents
    gets its two-way margins with the district (district×sex, district×age_band) beside it, and its name
    goes to ``sparse``: the draft weights on the two-way margins instead.

    Raking to them keeps every total right and spreads a sparse cell's weight over its neighbours, and
    Taylor standard errors hold again (on 青川市 the crossed cells of 2–6 respondents left the 95%
    intervals covering 90% of the truth; bench/coverage_qingchuan.py). The crossed margin stays in
    margins.csv, so a study with a bigger sample can put it back in ``weighting.margins``.
    """
    from ..loading.auxiliary import MARGIN_SEP

    frames = []
    names = list(dict.fromkeys(margins["margin"]))
    for name in names:
        rows = margins[margins["margin"] == name]
        frames.append(rows)
        parts = name.split(MARGIN_SEP)
        if len(parts) < 3:
            continue
        cols = {p: _derived(answers, variables, p) for p in parts}
        if any(v is None for v in cols.values()):
            continue
        smallest = _smallest_cell(pd.DataFrame(cols))
        if smallest >= MIN_CELL:
            continue
        head, subs = parts[0], [f"{parts[0]}{MARGIN_SEP}{o}" for o in parts[1:]]
        for other, sub in zip(parts[1:], subs):
            if sub in names:
                continue
            agg = rows.groupby([head, other], as_index=False, sort=False)["population"].sum()
            agg["margin"] = sub
            frames.append(agg.reindex(columns=margins.columns, fill_value=""))
        sparse.append(name)
        notes.append(f"边际 {name} 的样本最小格只有 {smallest} 人（少于 {MIN_CELL}）：改为分别校准 {'、'.join(subs)}"
                     f"（margins.csv 仍保留 {name}，样本更大时可写回 weighting.margins）。"
                     f" / margin {name} leaves a sample cell of {smallest}: weighted on {', '.join(subs)} instead.")
    return pd.concat(frames, ignore_index=True) if sparse else margins


_AMOUNT = r"(\d+(?:\.\d+)?)\s*(万|千|k|K)?\s*元?"


def income_interval(label: str) -> tuple[float, float] | None:
    """Monthly or yearly income bands in 元: '3000元以下' → (0, 3000); '3000-5000元' → (3000, 5000);
    '1.2万元及以上' → (12000, inf). Labels without 元 or 万 are not read as money (an age group is not)."""
    s = canon(label).replace(" ", "").replace(",", "")
    s = re.sub(r"^(家庭|个人)?(月|年)?(收入|均收入)?", "", s)
    if "元" not in s and "万" not in s:
        return None

    def amount(m: re.Match, i: int) -> float:
        return float(m[i]) * {"万": 10000, "千": 1000, "k": 1000, "K": 1000}.get(m[i + 1] or "", 1)

    if m := re.fullmatch(_AMOUNT + r"\s*[-–—~～至到]\s*" + _AMOUNT, s):
        lo, hi = amount(m, 1), amount(m, 3)
        return (lo, hi) if hi > lo else None
    if m := re.fullmatch(_AMOUNT + r"\s*(?:及以上|以上|及其以上|\+)", s):
        return (amount(m, 1), math.inf)
    if m := re.fullmatch(r"(?:无收入或?)?" + _AMOUNT + r"\s*(?:及以下|以下)", s):
        return (0.0, amount(m, 1))
    return None


def _fit_income(variables: dict, labels: list[str], notes: list[str], renamed: dict[str, str]) -> None:
    """Income answers onto the tables' income bands: an amount cut at the bands' bounds, or answer bands merged."""
    groups = sorted({(iv, lab) for lab in dict.fromkeys(labels) if (iv := income_interval(lab))})
    if len(groups) < 2:
        return
    cats = [lab for _, lab in groups]
    if variables.get("income", {}).get("type") in ("number", "integer") and "income_band" not in variables:
        cuts = [iv[0] for iv, _ in groups]
        variables["income_band"] = {"type": "categorical", "label": "收入分组", "role": "demographic", "ordered": True,
                                    "categories": cats, "derive": {"source": "income", "cuts": cuts}}
        notes.append(f"收入为金额：派生 income_band（分段点 {cuts}，取自人口表的收入组 {cats}）。"
                     f" / derived income_band from the amounts at the tables' bounds {cuts}.")
        return
    if "income_band" not in variables or set(variables["income_band"].get("categories", [])) == set(cats):
        return
    answers = variables["income_band"]["categories"]
    mapping = {}
    for a in answers:
        iv = income_interval(a)
        # an answer band lies in one table band (bounds written 5000 or 5001 alike)
        hit = [lab for (lo, hi), lab in groups if iv and lo - 1 <= iv[0] and iv[1] <= hi + 1]
        if len(hit) != 1:
            return  # finer tables than answers, or bands that straddle: the margins step asks for aliases
        mapping[a] = hit[0]
    used = [c for c in cats if c in mapping.values()]
    _merge_answers(variables, "income_band", "income_answer", "收入分组", used, mapping, renamed)
    notes.append(f"收入答案合并为人口表的 {len(used)} 组：{mapping}。 / income answers merged onto the table's bands.")


def _is_nonlocal(label: str) -> bool:
    return any(w in label for w in NONLOCAL_WORDS)


def _fit_hukou(variables: dict, labels: list[str]) -> None:
    var = variables.get("hukou")
    if not var or len(var.get("categories", [])) != 2:
        return
    cats = var["categories"]
    local = [c for c in cats if not _is_nonlocal(c)]
    nonlocal_ = [c for c in cats if _is_nonlocal(c)]
    if len(local) != 1 or len(nonlocal_) != 1:
        return
    aliases = var.setdefault("aliases", {})
    for lab in labels:
        if lab in cats or not any(w in lab for w in (*LOCAL_WORDS, *NONLOCAL_WORDS)):
            continue
        aliases[lab] = nonlocal_[0] if _is_nonlocal(lab) else local[0]
    if not aliases:
        var.pop("aliases")


def _fit_aliases(variables: dict, labels: list[str]) -> None:
    """Table names that contain a category (青山 ⊂ 青山区, 男性 ⊃ 男) become aliases of it."""
    for name in ("district", "sex", "street"):
        var = variables.get(name)
        if not var or var.get("type") != "categorical":
            continue
        cats = var["categories"]
        aliases = var.setdefault("aliases", {})
        for lab in labels:
            if lab in cats or lab in aliases:
                continue
            hits = [c for c in cats if (c in lab or lab in c) and min(len(c), len(lab)) >= 1]
            if len(hits) == 1 and (name != "sex" or len(lab) <= 3):
                aliases[lab] = hits[0]
        if not aliases:
            var.pop("aliases")


def relpath(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


__all__ = ["Draft", "draft_study", "relpath"]
