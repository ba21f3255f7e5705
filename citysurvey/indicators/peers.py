"""Peer groups of cities: the whole-city values of the studies of one batch.

``citysurvey batch`` writes ``peer_values.csv`` into its batch folder before it runs the
studies; a study whose ``indicators.peer_group`` names that folder grades its whole-city
values among the batch's cities (the percentile rule, the peer criterion of 很好 and the
peer multiple of counts), exactly as a district is graded among the city's districts.

>>> peers = load_peer_group(Path("output/batch_province"), own_study="city_a")  # doctest: +SKIP
>>> sorted(peers.columns)                                                      # doctest: +SKIP
['area', 'indicator_id', 'study_id', 'value', 'year']
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import Problem, StageError
from ..loading.auxiliary import CITY_AREA

PEER_FILE = "peer_values.csv"
PEER_COLUMNS = ("study_id", "area", "year", "indicator_id", "value")


def city_values(cfg) -> pd.DataFrame:
    """The validated whole-city values of one study (``PEER_COLUMNS``); empty without indicators.

    Reads only the codebook and the indicators file, so a batch collects every city's values in
    a second before any study runs. Units are checked against the study's own catalog.
    """
    from ..codebook import load_codebook
    from ..loading import validate_indicators
    from ..loading.readers import read_table
    from .catalog import load_catalog
    from .config import IndicatorsConfig
    from .values import check_values

    empty = pd.DataFrame(columns=list(PEER_COLUMNS))
    if cfg.inputs.indicators is None:
        return empty
    icfg: IndicatorsConfig = cfg.stages.get("indicators") or IndicatorsConfig()
    base = cfg.path.parent if cfg.path else Path.cwd()
    catalog = load_catalog(icfg.systems, icfg.catalog_files, icfg.overrides, base_dir=base)
    codebook = load_codebook(cfg.inputs.codebook)
    raw = validate_indicators(read_table(cfg.inputs.indicators), codebook, file=cfg.inputs.indicators.name)
    checked = check_values(raw, catalog, file=cfg.inputs.indicators.name, unit_aliases=icfg.unit_aliases)
    city = checked[checked["area"] == CITY_AREA]
    out = city.assign(study_id=cfg.study.id)[list(PEER_COLUMNS)]
    return out.sort_values(["year", "indicator_id"]).reset_index(drop=True)


def load_peer_group(folder: Path, *, own_study: str) -> pd.DataFrame:
    """The other cities' values of a batch folder (``year, indicator_id, value``…), own study left out."""
    path = Path(folder) / PEER_FILE
    if not path.is_file():
        raise StageError(Problem(
            zh="找不到同级城市数据（indicators.peer_group 指向的批量运行文件夹中没有 peer_values.csv）。",
            en="the peer group has no values (peer_values.csv is missing from the batch folder named by indicators.peer_group).",
            file=str(path),
            hint_zh="请先运行 citysurvey batch（它会写出该文件），或检查 indicators.peer_group 的路径。",
            hint_en="Run `citysurvey batch` first (it writes this file), or check the indicators.peer_group path.",
        ))
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={"study_id": str, "indicator_id": str, "area": str})
    missing = [c for c in PEER_COLUMNS if c not in table.columns]
    if missing:
        raise StageError(Problem(zh=f"同级城市数据缺少列：{missing}。", en=f"the peer values lack columns {missing}.",
                                 file=str(path), hint_zh="请重新运行 citysurvey batch。", hint_en="Re-run `citysurvey batch`."))
    table = table[table["study_id"] != own_study].dropna(subset=["value"])
    return table.astype({"year": int, "value": float}).reset_index(drop=True)
