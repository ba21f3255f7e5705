"""Indicator values keyed by Chinese names → the study's indicators CSV keyed by catalog ids.

Local statistics arrive as 指标名称 / 地区 / 年份 / 数值 tables. The names are matched to the
bundled catalog (after full/half width and spaces); the system holding most of them is chosen;
names that match nothing are listed for the user.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..indicators.catalog import national_catalog
from ..loading.normalize import canon
from ..loading.readers import read_table

COLUMN_WORDS = {
    "indicator_id": r"^(indicator_id|指标编号|指标代码|编号)$",
    "name": r"(指标名称|指标$|^name$|^indicator$)",
    "area": r"(^area$|地区|区域|行政区|区县|^区$|范围)",
    "year": r"(^year$|年份|年度|^年$)",
    "value": r"(^value$|数值|指标值|^值$|现状值)",
    "unit": r"(^unit$|单位)",
    "stock": r"(^stock$|存量|总量|基数)",
}


def _key(name: str) -> str:
    return re.sub(r"[\s（）()]", "", canon(str(name)))


def convert_indicators(path: str | Path) -> tuple[pd.DataFrame, list[str], list[str], list[str]]:
    """(table keyed by ids, systems, notes, questions)."""
    raw = read_table(path)
    found: dict[str, str] = {}
    for target, pattern in COLUMN_WORDS.items():
        hit = next((c for c in raw.columns if re.search(pattern, canon(str(c))) and c not in found.values()), None)
        if hit is not None:
            found[target] = hit
    notes: list[str] = [f"指标表列：{found}"]
    questions: list[str] = []
    missing = [k for k in ("area", "year", "value") if k not in found]
    if "indicator_id" not in found and "name" not in found:
        missing.append("指标名称")
    if missing:
        questions.append(f"指标表 {Path(path).name} 找不到这些列：{'、'.join(missing)}。请按 area、year、indicator_id（或 指标名称）、"
                         "value、unit 整理后在 study.yaml 的 inputs.indicators 中填写。 / the indicators file lacks these columns.")
        return pd.DataFrame(), [], notes, questions
    cat = national_catalog()
    if "indicator_id" in found:
        ids = raw[found["indicator_id"]].map(lambda v: canon(str(v)))
        systems = cat[cat["indicator_id"].isin(set(ids))]["system"].value_counts()
    else:
        names = raw[found["name"]].map(_key)
        by_system = {s: dict(zip(g["name"].map(_key), g["indicator_id"])) for s, g in cat.groupby("system")}
        scores = {s: names.isin(set(m)).sum() for s, m in by_system.items()}
        best = max(sorted(scores), key=lambda s: scores[s])
        ids = names.map(by_system[best])
        systems = pd.Series({best: scores[best]})
        unknown = sorted(set(raw.loc[ids.isna(), found["name"]]))
        if unknown:
            questions.append(f"指标表中 {len(unknown)} 个指标名称不在目录 {best} 中，已略去：{'、'.join(unknown[:10])}"
                             f"{'…' if len(unknown) > 10 else ''}。如为地方指标，请写入 indicators.catalog_files。"
                             " / indicator names not in the catalog were left out; add local ones via indicators.catalog_files.")
        notes.append(f"指标名称匹配目录 {best}：{int(scores[best])}/{len(names)} 行。 / names matched catalog {best}.")
    out = pd.DataFrame({"area": raw[found["area"]], "year": raw[found["year"]], "indicator_id": ids,
                        "value": raw[found["value"]]})
    out["unit"] = raw[found["unit"]] if "unit" in found else ""
    out["stock"] = raw[found["stock"]] if "stock" in found else ""
    out = out[out["indicator_id"].notna()].reset_index(drop=True)
    return out, [str(s) for s in systems.index[:1]], notes, questions
