"""The roll-up of a batch: the cities side by side, read from each study's own output folder.

Every number is copied from a study's outputs (indices and CIs from ``scoring/scores.csv``,
grades from ``indicators/indicator_grades.csv``, lists from ``diagnosis/``), never recomputed,
so the roll-up agrees with the single-study reports. Only ranks and peer percentiles are new.

Tables (``<batch>/rollup/<name>.csv`` and one workbook ``rollup.xlsx``):

city_overview        one row per city: valid sample, composite index and CI, rank, counts of
                     城市病 and 风险隐患, indicator grades and red warnings of the diagnosed year
city_indices         every city × satisfaction index (composite and levels) with CI and rank
indicator_grades     every city × whole-city indicator of its diagnosed year: value and grade
peer_percentiles     every city × indicator × year: the value's percentile among the batch's
                     cities (direction-aware: 100 = best) and the batch's P25/P50/P75
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..indicators.config import GRADES, NO_STANDARD
from ..loading.auxiliary import CITY_AREA
from ..outputs import read_csv, write_csv

INDEX_KINDS = ("composite_index", "level_index")
COMPOSITE = "composite_index"
TABLES = ("city_overview", "city_indices", "indicator_grades", "peer_percentiles")
SHEETS_ZH = {"city_overview": "城市总览", "city_indices": "满意度指数", "indicator_grades": "指标评价",
             "peer_percentiles": "同级百分位"}
HEADERS_ZH = {
    "study_id": "研究编号", "city": "城市", "n_valid": "有效样本", "composite": "综合满意度指数",
    "composite_ci_low": "95%置信区间下限", "composite_ci_high": "95%置信区间上限", "composite_rank": "综合排名",
    "n_city_diseases": "城市病（条）", "n_risks": "风险隐患（条）", "indicator_year": "指标评价年份",
    "n_red": "红色预警", **{f"n_{g}": f"指标{g}" for g in (*GRADES, NO_STANDARD)},
    "index": "指数", "label": "名称", "level": "层级", "estimate": "指数值", "se": "标准误", "ci_low": "95%置信区间下限",
    "ci_high": "95%置信区间上限", "n": "样本量", "rank": "排名", "n_cities": "城市数",
    "year": "年份", "indicator_id": "指标编号", "name": "指标名称", "unit": "单位", "direction": "方向",
    "value": "指标值", "standard": "标准值", "grade": "评价结果", "warning": "预警", "method": "评价方法",
    "percentile": "同级百分位（越高越好）", "p25": "同级P25", "p50": "同级中位数", "p75": "同级P75",
}


def _scores(folder: Path) -> pd.DataFrame:
    s = read_csv(folder / "scoring" / "scores.csv")
    return s[s["kind"].isin(INDEX_KINDS) & (s["domain_var"] == "city")]


def _grades(folder: Path, manifest: dict) -> tuple[pd.DataFrame, int | None]:
    path = folder / "indicators" / "indicator_grades.csv"
    if not path.is_file():
        return pd.DataFrame(), None
    g = read_csv(path)
    summary = next((s["summary"] for s in manifest["stages"] if s["name"] == "indicators"), {})
    year = summary.get("year")
    return g[(g["area"] == CITY_AREA) & (g["year"] == year)], year


def _n_rows(path: Path) -> int:
    return len(read_csv(path)) if path.is_file() else 0


def collect(output_dirs: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """The per-city tables (before ranks) of the studies whose outputs are complete."""
    overview, indices, grades = [], [], []
    for study_id, folder in output_dirs.items():
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        city = manifest["study"]["city"]
        sc = _scores(folder)
        indices.append(sc.assign(study_id=study_id, city=city)[
            ["study_id", "city", "kind", "item", "label", "level", "estimate", "se", "ci_low", "ci_high", "n"]])
        comp = sc[sc["kind"] == COMPOSITE]
        g, year = _grades(folder, manifest)
        grades.append(g.assign(study_id=study_id, city=city))
        counts = g["grade"].value_counts() if len(g) else pd.Series(dtype=int)
        overview.append({
            "study_id": study_id, "city": city, "n_valid": manifest["counts"]["n_valid"],
            "composite": float(comp["estimate"].iloc[0]) if len(comp) else np.nan,
            "composite_ci_low": float(comp["ci_low"].iloc[0]) if len(comp) else np.nan,
            "composite_ci_high": float(comp["ci_high"].iloc[0]) if len(comp) else np.nan,
            "n_city_diseases": _n_rows(folder / "diagnosis" / "city_diseases.csv"),
            "n_risks": _n_rows(folder / "diagnosis" / "risk_notices.csv"),
            "indicator_year": year,
            "n_red": int((g["warning"] == "红色预警").sum()) if len(g) else 0,
            **{f"n_{k}": int(counts.get(k, 0)) for k in (*GRADES, NO_STANDARD)},
        })
    return {"city_overview": pd.DataFrame(overview), "city_indices": pd.concat(indices, ignore_index=True),
            "indicator_grades": pd.concat(grades, ignore_index=True) if grades else pd.DataFrame()}


def _rank(values: pd.Series) -> pd.Series:
    """1 = highest; ties share the better rank (as in a league table)."""
    return values.rank(ascending=False, method="min").astype("Int64")


def peer_percentiles(peer_values: pd.DataFrame, catalog: pd.DataFrame, cities: dict[str, str]) -> pd.DataFrame:
    """Each city's value among the batch's cities: the share of the others it is at least as good as.

    Direction-aware: for lower-is-better indicators and problem counts a smaller value ranks
    higher; 100 = best of the batch, 0 = worst. Interval indicators have no better side and
    get no percentile. P25/P50/P75 are ``numpy.quantile`` (linear), the cut-offs the grading's
    peer rule uses.
    """
    cols = ["study_id", "city", "year", "indicator_id", "name", "unit", "direction", "value", "n_cities",
            "percentile", "p25", "p50", "p75"]
    if peer_values.empty:
        return pd.DataFrame(columns=cols)
    info = catalog.drop_duplicates("indicator_id").set_index("indicator_id")
    rows = []
    for (year, ind), g in peer_values.groupby(["year", "indicator_id"], sort=True):
        v = g["value"].to_numpy(dtype=float)
        direction = info["direction"].get(ind, "")
        q25, q50, q75 = np.quantile(v, [0.25, 0.5, 0.75])
        for study_id, x in zip(g["study_id"], v):
            others = v[np.asarray(g["study_id"]) != study_id]
            if direction == "higher_better":
                pct = float((others <= x).mean() * 100) if len(others) else np.nan
            elif direction in ("lower_better", "problem_count"):
                pct = float((others >= x).mean() * 100) if len(others) else np.nan
            else:
                pct = np.nan
            rows.append({"study_id": study_id, "city": cities.get(study_id, study_id), "year": int(year),
                         "indicator_id": ind, "name": info["name"].get(ind, ""), "unit": info["unit"].get(ind, ""),
                         "direction": direction, "value": x, "n_cities": len(v), "percentile": pct,
                         "p25": q25, "p50": q50, "p75": q75})
    return pd.DataFrame(rows, columns=cols)


def build_rollup(output_dirs: dict[str, Path], peer_values: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All roll-up tables for the studies in `output_dirs` (study id → complete output folder).

    `peer_values` is the batch's ``peer_values.csv`` (see :mod:`citysurvey.indicators.peers`).
    """
    t = collect(output_dirs)
    catalog = t["indicator_grades"][["indicator_id", "name", "unit", "direction"]] if len(t["indicator_grades"]) \
        else pd.DataFrame(columns=["indicator_id", "name", "unit", "direction"])
    ov = t["city_overview"]
    if len(ov):
        ov["composite_rank"] = _rank(ov["composite"])
        ov = ov.sort_values(["composite_rank", "study_id"]).reset_index(drop=True)
        ov.insert(ov.columns.get_loc("composite_ci_high") + 1, "composite_rank", ov.pop("composite_rank"))
    ix = t["city_indices"]
    if len(ix):
        ix["rank"] = ix.groupby("item")["estimate"].transform(_rank).astype("Int64")
        ix["n_cities"] = ix.groupby("item")["study_id"].transform("size")
        ix = ix.rename(columns={"item": "index"}).sort_values(["index", "rank", "study_id"]).reset_index(drop=True)
    g = t["indicator_grades"]
    if len(g):
        g = g[["study_id", "city", "year", "indicator_id", "name", "level", "unit", "direction", "value", "standard",
               "method", "grade", "warning"]].sort_values(["indicator_id", "study_id"]).reset_index(drop=True)
    cities = dict(zip(ov["study_id"], ov["city"])) if len(ov) else {}
    pv = peer_values[peer_values["study_id"].isin(list(output_dirs))] if len(peer_values) else peer_values
    return {"city_overview": ov, "city_indices": ix, "indicator_grades": g,
            "peer_percentiles": peer_percentiles(pv, catalog, cities)}


def write_rollup(tables: dict[str, pd.DataFrame], folder: Path, *, excel: bool = True) -> list[Path]:
    from ..excel import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    written = [write_csv(tables[name], folder / f"{name}.csv") for name in TABLES]
    if excel:
        sheets = {SHEETS_ZH[k]: tables[k] for k in TABLES}
        written.append(write_workbook(sheets, folder / "rollup.xlsx", headers=HEADERS_ZH, title="城市体检批量汇总"))
    return written
