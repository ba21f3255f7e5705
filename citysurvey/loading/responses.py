"""Validate a responses table against its codebook and apply the cleaning rules.

Every input row ends in exactly one of three states, recorded in the cleaning
log: kept (as it was), changed (normalised cells, listed one by one) or dropped
(with the rules that dropped it). Anything that does not fit the codebook and is
not an unambiguous normalisation stops the run with a message naming file, row,
column and value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..config import CleaningConfig
from ..errors import InputError, Problem
from .normalize import CHANGE_INVALID_TO_MISSING, validate_column
from .platform import (CHANGE_SKIP_CODE, column_targets, derive_variables, expand_multiselect, mask_missing_values,
                       with_spss_labels)
from .readers import FIRST_DATA_ROW
from .study_data import CleaningLog

DROP_UNDERAGE = "年龄低于调查对象下限（甄别不合格）"
DROP_DUPLICATE_ID = "问卷编号重复（保留首次出现）"
DROP_DUPLICATE_DEVICE = "同一设备重复提交（保留最早一份）"
DROP_SPEEDER = "答题用时过短"
DROP_STRAIGHTLINE = "量表题全部选择同一选项（直线作答）"
DROP_NO_DISTRICT = "未回答所在区（无法归入区和加权分层）"

STATUS_KEPT, STATUS_CHANGED, STATUS_DROPPED = "kept", "changed", "dropped"


def validate_responses(
    raw: pd.DataFrame, codebook: Codebook, cleaning: CleaningConfig, *, file: str,
    first_row: int = FIRST_DATA_ROW, missing_values: tuple[str, ...] = (),
    value_labels: dict[str, dict[str, str]] | None = None, user_missing: dict[str, set[str]] | None = None,
    notes: tuple[str, ...] | list[str] = (),
) -> tuple[pd.DataFrame, CleaningLog]:
    """Return (validated responses indexed by respondent id, cleaning log).

    ``first_row``: the row number of the first data row (3 under a two-row header);
    ``missing_values``: the platform's skip codes (``-3``), read as no answer and logged;
    ``value_labels`` / ``user_missing``: SPSS value labels and user-missing codes by column.
    """
    raw = raw.reset_index(drop=True)
    rows = pd.RangeIndex(len(raw)) + first_row
    problems: list[Problem] = []
    if len(raw) == 0:
        raise InputError(Problem(
            zh="文件只有表头，没有任何答卷。", en="the file has a header but no responses.", file=file, row=first_row,
            hint_zh="请检查导出时是否选择了全部答卷，或是否读错了工作表（inputs.sheet）。",
            hint_en="Check that the export includes the responses, or that the right sheet is read (inputs.sheet).",
        ))
    value_labels, user_missing = value_labels or {}, user_missing or {}
    computed = set(codebook.derived) | set(codebook.names(type="multiselect"))

    missing_cols = [n for n, v in codebook.variables.items() if v.required and n not in raw.columns and n not in computed]
    for name in missing_cols:
        problems.append(
            Problem(
                zh="缺少编码本要求的列。",
                en="a column required by the codebook is missing.",
                file=file, row=1, column=name,
                hint_zh="请检查表头拼写，或在编码本中将该变量设为 required: false。",
                hint_en="Check the header spelling, or mark the variable `required: false` in the codebook.",
            )
        )
    if problems:
        raise InputError(problems)
    used = column_targets(codebook)
    ignored = tuple(c for c in raw.columns if c not in used)

    typed: dict[str, pd.Series] = {}
    change_frames: list[pd.DataFrame] = []
    notes = list(notes)
    for name in codebook.names(type="multiselect"):
        cols, found, note = expand_multiselect(raw, name, codebook, file=file, first_row=first_row,
                                               missing_values=missing_values)
        typed.update(cols)
        problems.extend(found)
        notes.append(note)
    for name, var in codebook.variables.items():
        if name not in raw.columns or name in computed:
            continue
        col = raw[name].astype(str)
        cells, skipped = mask_missing_values(col, missing_values)
        res = validate_column(cells, name, codebook)
        if name in value_labels or name in user_missing:
            res = with_spss_labels(cells, res, lambda c, n=name: validate_column(c, n, codebook),
                                   value_labels.get(name, {}), user_missing.get(name, set()))
        values, changed, reason = res.values, res.changed, res.change_reason
        if missing_values and skipped.any():
            changed, reason = changed | skipped, reason.where(~skipped, CHANGE_SKIP_CODE)
        if res.invalid.any():
            if cleaning.invalid_values == "error":
                for i in np.flatnonzero(res.invalid.to_numpy()):
                    problems.append(
                        Problem(
                            zh=f"不是编码本允许的取值（允许：{res.expected_zh}）。",
                            en=f"not a value the codebook allows (allowed: {res.expected_en}).",
                            file=file, row=int(rows[i]), column=name, value=col.iat[i],
                            hint_zh="请更正数据，或在编码本中补充类别/别名；若要将其视为缺失，设置 cleaning.invalid_values: missing。",
                            hint_en="Fix the data or add the category/alias to the codebook; to treat it as missing set cleaning.invalid_values: missing.",
                        )
                    )
            else:
                values = values.mask(res.invalid)
                changed = changed | res.invalid
                reason = reason.mask(res.invalid, CHANGE_INVALID_TO_MISSING)
        if not var.allow_missing:
            blank = values.isna() & ~res.invalid
            for i in np.flatnonzero(blank.to_numpy()):
                problems.append(
                    Problem(
                        zh="必填项为空。", en="a required value is empty.",
                        file=file, row=int(rows[i]), column=name, value="",
                        hint_zh="请补全该值，或删除该行。", hint_en="Fill it in or remove the row.",
                    )
                )
        typed[name] = values
        if changed.any():
            idx = np.flatnonzero(changed.to_numpy())
            change_frames.append(
                pd.DataFrame(
                    {
                        "i": idx,
                        "column": name,
                        "before": col.iloc[idx].to_numpy(),
                        "after": _display(values.iloc[idx]),
                        "reason": reason.iloc[idx].to_numpy(),
                    }
                )
            )
    if problems:
        raise InputError(problems)
    derived, derive_notes = derive_variables(typed, codebook)
    typed.update(derived)

    df = pd.DataFrame(typed)
    rid = codebook.respondent_id
    dup_id = df[rid].duplicated(keep="first").to_numpy()
    if dup_id.any() and cleaning.duplicate_ids == "error":
        first = df[rid].duplicated(keep=False).to_numpy()
        for i in np.flatnonzero(dup_id)[:50]:  # enough to see the pattern
            others = [int(rows[j]) for j in np.flatnonzero(first & (df[rid] == df[rid].iat[i]).to_numpy()) if j != i]
            problems.append(
                Problem(
                    zh=f"问卷编号重复（同编号还出现在第 {', '.join(map(str, others))} 行）。",
                    en=f"duplicate respondent id (also on row(s) {', '.join(map(str, others))}).",
                    file=file, row=int(rows[i]), column=rid, value=df[rid].iat[i],
                    hint_zh="请检查是否重复导出；若确为重复提交，可设置 cleaning.duplicate_ids: drop。",
                    hint_en="Check for a double export; if these are repeat submissions set cleaning.duplicate_ids: drop.",
                )
            )
        raise InputError(problems)

    drop_reasons = _quality_rules(df, codebook, cleaning, dup_id)
    changes = (
        pd.concat(change_frames, ignore_index=True)
        if change_frames
        else pd.DataFrame({"i": pd.Series(dtype=int), "column": [], "before": [], "after": [], "reason": []})
    )
    log = _build_log(df, rows, rid, drop_reasons, changes, ignored, (*notes, *derive_notes))
    kept = df.loc[drop_reasons == ""].set_index(rid)
    kept.index.name = rid
    return kept, log


def _display(values: pd.Series) -> np.ndarray:
    return values.astype(object).where(values.notna(), "").astype(str).to_numpy()


def _quality_rules(df: pd.DataFrame, codebook: Codebook, cleaning: CleaningConfig, dup_id: np.ndarray) -> pd.Series:
    """One '；'-joined string of drop reasons per row ('' = keep)."""
    reasons: list[tuple[np.ndarray, str]] = []
    ages = [n for n in codebook.names(role="screening") if codebook.variables[n].type in ("integer", "number")]
    if cleaning.min_age is not None and ages:
        age = df[ages[0]].astype("Float64")
        reasons.append(((age < cleaning.min_age).fillna(False).to_numpy(bool), DROP_UNDERAGE))
    if dup_id.any():
        reasons.append((dup_id, DROP_DUPLICATE_ID))
    # no district answer (a screen-out whose later questions were skipped, a blank): the respondent
    # cannot be put in a district or a weighting stratum, so it is dropped, and logged like the rest
    district = codebook.district
    if district:
        reasons.append((df[district].isna().to_numpy(bool), DROP_NO_DISTRICT))
    devices = codebook.names(role="device")
    if cleaning.duplicate_devices == "drop" and devices:
        dev = df[devices[0]]
        dates = codebook.names(role="fieldwork_date")
        order = df[dates[0]] if dates else pd.Series(np.arange(len(df)), index=df.index)
        # Earliest submission per device wins; ties keep file order (stable sort).
        ranked = pd.DataFrame({"dev": dev, "t": order, "i": np.arange(len(df))}).sort_values(["t", "i"], kind="stable")
        later = ranked["dev"].notna() & ranked["dev"].duplicated(keep="first")
        mask = np.zeros(len(df), bool)
        mask[ranked.loc[later, "i"].to_numpy()] = True
        reasons.append((mask, DROP_DUPLICATE_DEVICE))
    durations = codebook.names(role="duration")
    if cleaning.speeder_ratio is not None and durations:
        d = df[durations[0]].astype("Float64")
        cutoff = cleaning.speeder_ratio * float(d.median())
        reasons.append(((d < cutoff).fillna(False).to_numpy(bool), f"{DROP_SPEEDER}（少于中位数的 {cleaning.speeder_ratio:.2g} 倍）"))
    items = codebook.items
    if cleaning.straightline_min_items is not None and items:
        pos = df[items].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        pos[pos <= 0] = np.nan  # special answers are not a choice on the scale
        n = np.sum(~np.isnan(pos), axis=1)
        filled_hi, filled_lo = np.where(np.isnan(pos), -np.inf, pos), np.where(np.isnan(pos), np.inf, pos)
        same = filled_hi.max(axis=1) == filled_lo.min(axis=1)
        reasons.append(((n >= cleaning.straightline_min_items) & same, DROP_STRAIGHTLINE))
    out = np.full(len(df), "", dtype=object)
    for mask, text in reasons:
        out[mask] = np.where(out[mask] == "", text, out[mask] + "；" + text)
    return pd.Series(out, index=df.index)


def _build_log(df, rows, rid, drop_reasons: pd.Series, changes: pd.DataFrame, ignored, notes=()) -> CleaningLog:
    change_reason = (
        changes.groupby("i")["reason"].agg(lambda r: "；".join(sorted(set(r)))) if len(changes) else pd.Series(dtype=object)
    )
    n = len(df)
    status = np.full(n, STATUS_KEPT, dtype=object)
    reason = np.full(n, "", dtype=object)
    if len(change_reason):
        ci = change_reason.index.to_numpy()
        status[ci] = STATUS_CHANGED
        reason[ci] = change_reason.to_numpy()
    dropped = (drop_reasons != "").to_numpy()
    status[dropped] = STATUS_DROPPED
    reason[dropped] = drop_reasons.to_numpy()[dropped]
    ids = df[rid].astype(object).to_numpy()
    log_rows = pd.DataFrame({"row": np.asarray(rows), "respondent_id": ids, "status": status, "reason": reason})
    changes = changes.assign(row=np.asarray(rows)[changes["i"].to_numpy()], respondent_id=ids[changes["i"].to_numpy()])
    changes = changes[["row", "respondent_id", "column", "before", "after", "reason"]].sort_values(
        ["row", "column"], kind="stable", ignore_index=True
    )
    return CleaningLog(rows=log_rows, changes=changes, ignored_columns=ignored, notes=tuple(notes))
