"""The crosswalk: which questionnaire items and suggestion topics speak to which indicators.

Default: every Likert item of the codebook with its ``topic`` and ``indicators``
(one row per link; an item without indicators is kept with a blank
``indicator_id`` as a subjective-only signal). A study replaces it with a CSV
(``diagnosis.crosswalk``) of the same columns ``item, topic, indicator_id``;
a row may leave ``item`` blank to link a topic alone.

:func:`default_crosswalk` and :func:`read_crosswalk` have examples that run.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..codebook import Codebook
from ..errors import InputError, Problem
from ..loading.normalize import canon
from ..loading.readers import FIRST_DATA_ROW, read_table

COLUMNS = ["item", "item_label", "item_level", "topic", "indicator_id", "source"]


def default_crosswalk(codebook: Codebook, catalog: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The item/topic → indicator links the codebook declares (each Likert item's ``indicators``).

    Parameters
    ----------
    codebook : Codebook
        The study's codebook: every Likert item's label, level, topic and indicator ids.
    catalog : pandas.DataFrame
        The study's indicator catalog; links to indicators outside it are dropped with a note.

    Returns
    -------
    crosswalk : pandas.DataFrame
        One row per item × linked indicator (an item without a link keeps one row with an
        empty ``indicator_id``): ``item``, ``item_label``, ``item_level``, ``topic``,
        ``indicator_id``, ``source`` (``codebook``). The overall item speaks to no indicator.
    notes : list of str
        One sentence listing the links dropped, if any.

    Examples
    --------
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.diagnosis import default_crosswalk
    >>> from citysurvey.indicators import national_catalog
    >>> cb = Codebook.model_validate({"respondent_id": "id",
    ...     "scales": {"s5": {"codes": [1, 2, 3, 4, 5], "labels": ["很不满意", "不满意", "一般", "满意", "很满意"]}},
    ...     "variables": {"id": {"type": "id"},
    ...                   "q_gas": {"type": "likert", "scale": "s5", "level": "住房", "label": "燃气安全",
    ...                             "topic": "H_SAFETY", "indicators": ["H02", "H99"]}}})
    >>> cw, notes = default_crosswalk(cb, national_catalog(["MOHURD_2024_4level"]))
    >>> cw[["item", "topic", "indicator_id"]].to_dict("records"), notes
    ([{'item': 'q_gas', 'topic': 'H_SAFETY', 'indicator_id': 'H02'}], ['编码本中有 1 个题目—指标对应不在本研究的指标库中，已忽略：q_gas→H99。'])
    """
    known = set(catalog["indicator_id"])
    rows, dropped = [], []
    for name in codebook.items:
        var = codebook.variables[name]
        if var.role == "overall":
            continue  # the overall item speaks to no single indicator
        ids = [i for i in var.indicators if i in known]
        dropped += [f"{name}→{i}" for i in var.indicators if i not in known]
        for iid in ids or [""]:
            rows.append({"item": name, "item_label": var.label, "item_level": var.level or "",
                         "topic": var.topic or "", "indicator_id": iid, "source": "codebook"})
    notes = []
    if dropped:
        notes.append(f"编码本中有 {len(dropped)} 个题目—指标对应不在本研究的指标库中，已忽略：{'、'.join(dropped)}。")
    return pd.DataFrame(rows, columns=COLUMNS), notes


def read_crosswalk(path: str | Path, codebook: Codebook, catalog: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    r"""A study's own crosswalk file (``diagnosis.crosswalk``), checked against the codebook and the catalog.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV or xlsx with columns ``item``, ``topic``, ``indicator_id`` (an item or a topic
        may be blank, not both).
    codebook : Codebook
        Items must be its Likert items; a blank topic takes the item's.
    catalog : pandas.DataFrame
        Indicator ids must be in it.
    file : str, optional
        The name used in messages (default ``path``).

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`default_crosswalk`'s, ``source`` the file; duplicates dropped.

    Raises
    ------
    InputError
        A missing column, a row with neither item nor topic, an unknown item or indicator:
        every problem with its row (header = row 1), column and value.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.diagnosis import read_crosswalk
    >>> from citysurvey.indicators import national_catalog
    >>> cb = Codebook.model_validate({"respondent_id": "id",
    ...     "scales": {"s5": {"codes": [1, 2, 3, 4, 5], "labels": ["很不满意", "不满意", "一般", "满意", "很满意"]}},
    ...     "variables": {"id": {"type": "id"}, "q_gas": {"type": "likert", "scale": "s5", "topic": "H_SAFETY"}}})
    >>> path = Path(tempfile.mkdtemp()) / "crosswalk.csv"
    >>> _ = path.write_text("item,topic,indicator_id\nq_gas,,H02\nq_gass,,H02\n", encoding="utf-8")
    >>> read_crosswalk(path, cb, national_catalog(["MOHURD_2024_4level"]), file="crosswalk.csv")
    Traceback (most recent call last):
        ...
    citysurvey.errors.InputError: [错误] 文件 crosswalk.csv，第 3 行，列「item」，值「q_gass」：不是编码本中的满意度题目。...
    """
    file = file or str(path)
    raw = read_table(path)
    missing = [c for c in ("item", "topic", "indicator_id") if c not in raw.columns]
    if missing:
        raise InputError([Problem(zh="对应表缺少必需的列。", en="the crosswalk lacks a required column.", file=file,
                                  row=1, column=c, hint_zh="必需的列：item, topic, indicator_id。",
                                  hint_en="Required columns: item, topic, indicator_id.") for c in missing])
    items = set(codebook.items)
    known = set(catalog["indicator_id"])
    problems: list[Problem] = []
    rows = []
    for i, r in enumerate(raw.to_dict("records")):
        row = i + FIRST_DATA_ROW
        item, topic, iid = (canon(str(r.get(c, ""))) for c in ("item", "topic", "indicator_id"))
        if not item and not topic:
            problems.append(Problem(zh="题目和话题不能同时为空。", en="item and topic cannot both be blank.",
                                    file=file, row=row, column="item"))
            continue
        if item and item not in items:
            problems.append(Problem(zh="不是编码本中的满意度题目。", en="not a Likert item of the codebook.",
                                    file=file, row=row, column="item", value=item))
            continue
        if iid and iid not in known:
            problems.append(Problem(zh="指标编号不在指标库中。", en="unknown indicator id.", file=file, row=row,
                                    column="indicator_id", value=iid,
                                    hint_zh="请检查编号，或在 indicators.catalog_files 中增补该指标。",
                                    hint_en="Check the id or add the indicator through indicators.catalog_files."))
            continue
        var = codebook.variables.get(item) if item else None
        rows.append({"item": item, "item_label": var.label if var else "", "item_level": (var.level or "") if var else "",
                     "topic": topic or ((var.topic or "") if var else ""), "indicator_id": iid, "source": file})
    if problems:
        raise InputError(problems)
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.drop_duplicates(["item", "topic", "indicator_id"]).reset_index(drop=True)


def links(crosswalk: pd.DataFrame) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """indicator → its items, indicator → its topics (in crosswalk order, no repeats)."""
    cw = crosswalk[crosswalk["indicator_id"].fillna("") != ""]
    items = {k: list(dict.fromkeys(v for v in g if v)) for k, g in cw.groupby("indicator_id", sort=False)["item"]}
    topics = {k: list(dict.fromkeys(v for v in g if v)) for k, g in cw.groupby("indicator_id", sort=False)["topic"]}
    return items, topics

