"""What platform exports need before a column meets the codebook.

问卷星, 腾讯问卷 and SPSS files name columns after the question (``3、您的年龄：``), write
skipped answers as codes (``-3``), keep value labels beside codes, spread a multi-select
question over 0/1 columns or join it in one cell (``公园┋其他〖请注明〗:菜市场``), and hold
``age`` where the margins speak ``age_band``. Each function here handles one of these and
reports every cell it changes, so the cleaning log still accounts for all of them.
"""
from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import InputError, Problem
from .normalize import MISSING_TOKENS, ColumnResult, canon

log = logging.getLogger("citysurvey.loading")

#: ``inputs.columns`` keys starting with this are regular expressions matched against whole headers.
PATTERN_PREFIX = "re:"

CHANGE_SKIP_CODE = "平台跳过代码视为未作答"
CHANGE_SPSS_LABEL = "按 SPSS 值标签转换"
CHANGE_SPSS_MISSING = "SPSS 用户缺失值设为缺失"

_OTHER_TEXT = re.compile(r"^(?P<option>[^:：〖\[(（]+)(?:〖[^〗]*〗|\[[^\]]*\]|\([^)]*\)|（[^）]*）)?\s*(?:[:：]\s*(?P<text>.*))?$")


def column_targets(codebook: Codebook) -> set[str]:
    """Every name a raw column may be mapped to: variables and multi-select option columns."""
    out = set(codebook.variables)
    for name in codebook.names(type="multiselect"):
        out.update(codebook.multiselect_columns(name))
    return out


def apply_column_map(frame: pd.DataFrame, columns: dict[str, str], codebook: Codebook, *, file: str
                     ) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Rename raw headers to codebook names as ``inputs.columns`` says.

    A key is a header as written (compared after full-width → half-width and trimming) or, with
    the prefix ``re:``, a regular expression the whole header must match. Returns the renamed
    frame, old → new names, and notes.
    """
    if not columns:
        return frame, {}, []
    headers = [str(c) for c in frame.columns]
    targets = column_targets(codebook)
    problems: list[Problem] = []
    rename: dict[str, str] = {}
    for key, target in columns.items():
        if target not in targets:
            problems.append(Problem(
                zh=f"inputs.columns 把「{key}」映射到「{target}」，但编码本中没有该变量。",
                en=f"inputs.columns maps '{key}' to '{target}', which is not a codebook variable.",
                file=file, column=key, value=target,
                hint_zh="请使用编码本中的变量名（多选题的选项列为 名称_1、名称_2…，文本列为 名称_other）。",
                hint_en="Use a codebook variable name (multi-select options are name_1, name_2…, their text name_other).",
            ))
            continue
        if key.startswith(PATTERN_PREFIX):
            try:
                pattern = re.compile(key[len(PATTERN_PREFIX):])
            except re.error as exc:
                problems.append(Problem(zh=f"正则表达式无效：{exc}", en=f"invalid regular expression: {exc}",
                                        file=file, column=key, hint_zh="请检查 inputs.columns 的写法。",
                                        hint_en="Check the pattern in inputs.columns."))
                continue
            hits = [h for h in headers if pattern.fullmatch(canon(h))]
        else:
            hits = [h for h in headers if canon(h) == canon(key)]
        if len(hits) != 1:
            shown = "、".join(hits) if hits else "无 / none"
            problems.append(Problem(
                zh=f"inputs.columns 的「{key}」应恰好匹配一个表头，实际匹配：{shown}。",
                en=f"inputs.columns key '{key}' must match exactly one header; it matches: {shown}.",
                file=file, row=1, column=key,
                hint_zh=f"表头有：{'、'.join(headers[:30])}{'…' if len(headers) > 30 else ''}。请照抄表头，或写更精确的 re: 正则。",
                hint_en="Copy the header exactly, or write a narrower re: pattern.",
            ))
            continue
        if hits[0] in rename and rename[hits[0]] != target:
            problems.append(Problem(zh=f"表头「{hits[0]}」被映射到两个变量：{rename[hits[0]]}、{target}。",
                                    en=f"header '{hits[0]}' is mapped to two variables.", file=file, row=1,
                                    column=hits[0], hint_zh="每个表头只能对应一个变量。",
                                    hint_en="Map each header to one variable."))
        rename[hits[0]] = target
    clash = pd.Series(list(rename.values())).value_counts()
    for target in clash[clash > 1].index:
        problems.append(Problem(zh=f"多个表头被映射到同一个变量「{target}」。", en=f"several headers map to '{target}'.",
                                file=file, row=1, column=target, hint_zh="每个变量只能对应一个表头。",
                                hint_en="Map one header to each variable."))
    kept = set(headers) - set(rename)
    for old, new in rename.items():
        if new in kept:
            problems.append(Problem(zh=f"表头「{old}」映射为「{new}」，但文件中已有同名列。",
                                    en=f"header '{old}' maps to '{new}', which the file already has.",
                                    file=file, row=1, column=new, hint_zh="请删去其中一个映射或改名。",
                                    hint_en="Drop one of the two or rename it."))
    if problems:
        raise InputError(problems)
    notes = [f"按 inputs.columns 重命名 {len(rename)} 列。 / renamed {len(rename)} column(s) by inputs.columns."]
    return frame.rename(columns=rename), rename, notes


def mask_missing_values(col: pd.Series, missing_values: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    """Blank the platform's declared skip codes (``-3``); returns (column, which cells were blanked)."""
    if not missing_values:
        return col, pd.Series(False, index=col.index)
    hit = col.map(canon).isin({canon(str(v)) for v in missing_values})
    return col.where(~hit, ""), hit


def with_spss_labels(col: pd.Series, res: ColumnResult, validate, labels: dict[str, str], user_missing: set[str]
                     ) -> ColumnResult:
    """Codes the codebook does not know are read through their SPSS value labels; user-missing
    codes become the codebook's special answer when it has one for them, else missing. Both logged."""
    values, changed, reason, invalid = res.values.copy(), res.changed.copy(), res.change_reason.copy(), res.invalid.copy()
    if labels:
        relabelled = col.map(lambda v: labels.get(v, v))
        alt = validate(relabelled)
        use = (invalid | col.isin(user_missing)) & ~alt.invalid & relabelled.ne(col)
        if use.any():
            values = values.astype(object).where(~use, alt.values.astype(object))
            invalid, changed = invalid & ~use, changed | use
            reason = reason.where(~use, CHANGE_SPSS_LABEL)
    if user_missing:
        um = col.isin(user_missing)
        special = pd.Series(False, index=col.index)
        if pd.api.types.is_integer_dtype(res.values.dtype) or values.dtype == object:
            num = pd.to_numeric(values, errors="coerce")
            special = (num < 0).fillna(False).astype(bool)
        blank = um & ~special
        if blank.any():
            values = values.astype(object).where(~blank, None)
            invalid, changed = invalid & ~blank, changed | blank
            reason = reason.where(~blank, CHANGE_SPSS_MISSING)
    if values.dtype == object:
        values = _retype(values, res.values)
    return ColumnResult(values, changed, reason, invalid, res.expected_zh, res.expected_en)


def _retype(values: pd.Series, like: pd.Series) -> pd.Series:
    if isinstance(like.dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(values.where(values.notna(), None), dtype=like.dtype), index=values.index)
    try:
        return values.astype(like.dtype)
    except (TypeError, ValueError):
        return values


def expand_multiselect(raw: pd.DataFrame, name: str, codebook: Codebook, *, file: str, first_row: int,
                       missing_values: tuple[str, ...] = ()) -> tuple[dict[str, pd.Series], list[Problem], str]:
    """A multi-select question → one nullable 0/1 column per option (+ ``name_other`` text).

    Read from one joined cell (``name``, choices split by the variable's separator, each an
    option label or its 1-based number; ``其他〖请注明〗:text`` gives the other option and its text)
    or from the 0/1 columns ``name_1 … name_k`` (+ ``name_other``). A question nobody answered in
    a row is blank in every option column. Returns (columns, problems, a note for the log).
    """
    var = codebook.variables[name]
    options = list(var.options or [])
    cols = codebook.multiselect_columns(name)
    opt_cols = cols[: len(options)]
    text_col = f"{name}_other" if var.other else None
    n = len(raw)
    out = np.zeros((n, len(options)), dtype=np.int8)
    answered = np.zeros(n, dtype=bool)
    other_text = np.full(n, None, dtype=object)
    problems: list[Problem] = []
    by_label = {canon(o): i for i, o in enumerate(options)}
    if name in raw.columns:
        col, _ = mask_missing_values(raw[name].astype(str), missing_values)
        for r, cell in enumerate(col):
            if canon(cell) in MISSING_TOKENS:
                continue
            answered[r] = True
            for part in (p.strip() for p in cell.split(var.separator)):
                if not part:
                    continue
                i = by_label.get(canon(part))
                text = None
                if i is None and canon(part).isdigit() and 1 <= int(canon(part)) <= len(options):
                    i = int(canon(part)) - 1
                if i is None:
                    m = _OTHER_TEXT.match(part)
                    if m and canon(m["option"]) in by_label:
                        i, text = by_label[canon(m["option"])], (m["text"] or "").strip() or None
                if i is None:
                    problems.append(Problem(
                        zh=f"多选题的选项「{part}」不在编码本的 options 中（允许：{'、'.join(options)}）。",
                        en="a choice of this multi-select question is not among the codebook's options.",
                        file=file, row=r + first_row, column=name, value=cell,
                        hint_zh=f"请在编码本为 {name} 补充该选项，或检查分隔符（当前为「{var.separator}」）。",
                        hint_en=f"Add the option to {name} in the codebook, or check the separator ('{var.separator}').",
                    ))
                    continue
                out[r, i] = 1
                if text:
                    other_text[r] = text
        source_zh, source_en = f"合并列「{name}」（分隔符 {var.separator}）", "the joined column"
    else:
        missing = [c for c in opt_cols if c not in raw.columns]
        if missing:
            problems.append(Problem(
                zh=f"多选题 {name} 既没有合并列「{name}」，也缺少选项列 {'、'.join(missing)}。",
                en=f"multi-select {name}: neither the joined column '{name}' nor the option columns {', '.join(missing)}.",
                file=file, row=1, column=name,
                hint_zh="请在 inputs.columns 中把平台的选项列映射为 名称_1…名称_k，或把合并列映射为该变量名。",
                hint_en="Map the platform's option columns to name_1…name_k in inputs.columns, or the joined column to the name.",
            ))
            return {}, problems, ""
        for j, c in enumerate(opt_cols):
            col, _ = mask_missing_values(raw[c].astype(str), missing_values)
            key = col.map(canon)
            ones, zeros = key.isin({"1", "1.0", "是", "选中"}), key.isin({"0", "0.0", "否", "未选中"})
            blank = key.isin(MISSING_TOKENS)
            for r in np.flatnonzero(~(ones | zeros | blank).to_numpy()):
                problems.append(Problem(
                    zh="多选题的选项列应为 0 或 1。", en="a multi-select option column must hold 0 or 1.",
                    file=file, row=int(r) + first_row, column=c, value=col.iat[r],
                    hint_zh="请下载按选项 0/1 导出的数据，或改用合并列。", hint_en="Export options as 0/1, or use the joined column."))
            out[:, j] = ones.to_numpy()
            answered |= (ones | zeros).to_numpy()
        if text_col and text_col in raw.columns:
            t = raw[text_col].astype(str).str.strip()
            has = ~t.map(canon).isin(MISSING_TOKENS)
            other_text[has.to_numpy()] = t[has].to_numpy()
        source_zh, source_en = f"0/1 选项列 {opt_cols[0]}…{opt_cols[-1]}", "the 0/1 option columns"
    result: dict[str, pd.Series] = {}
    for j, c in enumerate(opt_cols):
        result[c] = pd.Series(pd.arrays.IntegerArray(out[:, j], ~answered), index=raw.index)
    if text_col:
        result[text_col] = pd.Series(other_text, index=raw.index, dtype="string")
    note = (f"多选题 {name}：由{source_zh}拆分为 {len(opt_cols)} 个 0/1 列，{int(answered.sum())} 人作答。 / "
            f"multi-select {name}: {source_en} expanded to {len(opt_cols)} 0/1 columns; {int(answered.sum())} answered.")
    return result, problems, note


def derive_variables(typed: dict[str, pd.Series], codebook: Codebook) -> tuple[dict[str, pd.Series], list[str]]:
    """Compute the codebook's derived variables (bands from cut points, merged categories)."""
    out: dict[str, pd.Series] = {}
    notes: list[str] = []
    for name in codebook.derived:
        var = codebook.variables[name]
        d = var.derive
        src = typed.get(d.source, out.get(d.source))  # type: ignore[union-attr]
        if src is None:
            continue
        cats = list(var.categories or [])
        if d.cuts is not None:  # type: ignore[union-attr]
            x = pd.to_numeric(src, errors="coerce").astype(float).to_numpy()
            pos = np.searchsorted(np.asarray(d.cuts, dtype=float), x, side="right") - 1  # type: ignore[union-attr]
            ok = ~np.isnan(x) & (pos >= 0)
            labels = np.array([cats[p] if good else None for p, good in zip(pos, ok)], dtype=object)
            below = int((~np.isnan(x) & (pos < 0)).sum())
            how = f"按分段点 {d.cuts} 由 {d.source} 生成"  # type: ignore[union-attr]
            if below:
                how += f"，{below} 人低于 {d.cuts[0]:g} 记为缺失"  # type: ignore[union-attr]
        else:
            labels = src.astype(object).map(lambda v: d.map.get(v) if isinstance(v, str) else None).to_numpy()  # type: ignore[union-attr]
            how = f"按合并表由 {d.source} 生成"  # type: ignore[union-attr]
        out[name] = pd.Series(pd.Categorical(labels, categories=cats, ordered=var.ordered), index=src.index)
        notes.append(f"派生变量 {name}：{how}。 / derived {name} from {d.source} before weighting.")  # type: ignore[union-attr]
        log.info("derived %s from %s", name, d.source)  # type: ignore[union-attr]
    return out, notes
