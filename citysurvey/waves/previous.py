"""Reading an earlier wave from its output folder: the manifest, then the few tables compared.

An earlier wave is the output folder of a complete run (``manifest.json`` with
``complete: true``), or a copy holding that manifest and at least the tables in
:data:`REQUIRED`. Every table read is checked against the manifest's sha256, so a
table edited by hand after the run is refused rather than compared silently.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ConfigError, Problem

MANIFEST = "manifest.json"
SCORES = "scoring/scores.csv"
ITEM_WEIGHTS = "scoring/item_weights.csv"
LISTS = {"city_diseases": "diagnosis/city_diseases.csv", "shortcomings": "diagnosis/shortcomings.csv"}
REQUIRED = (SCORES,)
OPTIONAL = (ITEM_WEIGHTS, *LISTS.values())
_HINT_ZH = "请指向上期 `citysurvey run` 的完整输出文件夹（或其中的 manifest.json），必要时先重新运行上期研究。"
_HINT_EN = "Point to the complete output folder of the earlier `citysurvey run` (or its manifest.json); rerun that study if needed."


@dataclass(frozen=True)
class Wave:
    """One earlier wave: who and when, and the tables the comparison reads (None when absent)."""

    path: Path  # the output folder
    study_id: str
    name: str
    year: int
    scores: pd.DataFrame
    item_weights: pd.DataFrame | None
    lists: dict[str, pd.DataFrame]
    scoring_config: dict

    @property
    def label(self) -> str:
        return f"{self.year}年"


def _error(path: Path, zh: str, en: str) -> ConfigError:
    return ConfigError(Problem(zh=zh, en=en, file=str(path), hint_zh=_HINT_ZH, hint_en=_HINT_EN))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_wave(path: str | Path) -> Wave:
    """The earlier wave at `path` (an output folder or its manifest.json), checked.

    >>> wave = load_wave("data_samples/demo_city_2025/outputs")  # doctest: +SKIP
    >>> wave.year                                                # doctest: +SKIP
    2025
    """
    return _load(Path(path).resolve())


@functools.lru_cache(maxsize=8)
def _cached(path: Path, stamp: tuple) -> Wave:
    return _read(path)


def _load(path: Path) -> Wave:
    folder = path.parent if path.name == MANIFEST else path
    manifest = folder / MANIFEST
    if not folder.exists():
        raise _error(path, "找不到上期结果：该路径不存在。", "earlier wave not found: the path does not exist.")
    if not manifest.is_file():
        raise _error(path, f"找不到上期结果：该文件夹中没有 {MANIFEST}，不是 citysurvey 的输出文件夹。",
                     f"earlier wave not found: the folder holds no {MANIFEST}, so it is not a citysurvey output folder.")
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in [manifest, *(folder / r for r in (*REQUIRED, *OPTIONAL))] if p.exists())
    return _cached(folder, stamp)


def _read(folder: Path) -> Wave:
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _error(manifest_path, f"上期 manifest.json 无法读取（{exc}）。",
                     f"the earlier wave's manifest.json cannot be read ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("complete") is not True:
        raise _error(manifest_path, "上期运行未完成（manifest.json 中 complete 不为 true），其结果不能用于比较。",
                     "the earlier run did not finish (manifest.json does not say complete: true); its results cannot be compared.")
    study = manifest.get("study") or {}
    if not isinstance(study.get("year"), int):
        raise _error(manifest_path, "上期 manifest.json 缺少研究年份（study.year）。",
                     "the earlier wave's manifest.json lacks the study year (study.year).")
    listed = {o.get("path"): o.get("sha256") for o in manifest.get("outputs") or [] if isinstance(o, dict)}

    def table(rel: str, required: bool) -> pd.DataFrame | None:
        file = folder / rel
        if rel not in listed or not file.is_file():
            if required:
                raise _error(file, f"上期结果缺少 {rel}（满意度评价环节的输出），无法比较。",
                             f"the earlier wave lacks {rel} (an output of the scoring stage); nothing to compare.")
            return None
        if _sha256(file) != listed[rel]:
            raise _error(file, "该文件与上期 manifest.json 记录的 sha256 不一致：运行后被修改过。",
                         "the file differs from the sha256 in the earlier wave's manifest.json: it was changed after the run.")
        return pd.read_csv(file, encoding="utf-8-sig", keep_default_na=False, na_values=[""])

    scores = table(SCORES, True)
    missing = [c for c in ("kind", "item", "label", "level", "measure", "domain_var", "domain", "estimate", "se", "n")
               if c not in scores.columns]
    if missing:
        raise _error(folder / SCORES, f"上期 scores.csv 缺少列：{'、'.join(missing)}（版本过旧？）。",
                     f"the earlier scores.csv lacks columns {', '.join(missing)} (an older version?).")
    for c in ("item", "domain_var", "domain"):  # names, even when they look like numbers
        scores[c] = scores[c].astype(str)
    lists = {k: t for k, rel in LISTS.items() if (t := table(rel, False)) is not None}
    scoring = ((manifest.get("config") or {}).get("stages") or {}).get("scoring") or {}
    return Wave(path=folder, study_id=str(study.get("id", "")), name=str(study.get("name", "")), year=study["year"],
                scores=scores, item_weights=table(ITEM_WEIGHTS, False), lists=lists, scoring_config=scoring)
