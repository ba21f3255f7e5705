"""The demo city's previous wave: 示例市 2025, the same city a year earlier, with planted changes.

The 2025 survey is drawn from the same population (cells and margins as in 2026)
with the 2026 answer model plus a few planted differences, so the change of every
item between the waves is known exactly. Read as "what changed by 2026":

===========================  ==============  =============================================
item                         where           change from 2025 to 2026 (latent scale)
===========================  ==============  =============================================
q_c05 充电设施               every district  +0.40 (improved; called ``q_c12`` in 2025)
q_c07 步行道、无障碍与照明   every district  +0.35 (improved)
q_u12 政务服务与智慧城市     every district  +0.35 (improved)
q_u05 道路交通与拥堵         every district  −0.35 (worse)
q_c08 垃圾分类与环境卫生     城东区          +1.10 (the 2025 城市病 城东区 C10 is resolved)
===========================  ==============  =============================================

Every other item × district has exactly the same true distribution in both years
(``q_overall`` moves by a hair, since it follows the mean of the item effects).
The 2025 questionnaire differs as real ones do: the charging item was numbered
``q_c12`` (the 2026 study maps it with ``waves.rename``) and ``q_u13`` 老旧小区改造成效
was not asked yet. Objective indicators: the 2025 values are the 2025 rows of the
2026 indicator file; 城东区 C10 (小区 without waste sorting, 14 of 260 = 5.4 %, 一般)
is what made the 2025 城市病, and it is 12 of 260 (4.6 %, 较好) in 2026. The 2024 values the
2025 study compares with are the 2025 ones with problem counts 8 % higher.

Regenerate the files (``--outputs`` also reruns the 2025 study and refreshes the
committed output tables the 2026 study reads as its previous wave)::

    python -m citysurvey.datasets.demo_city_2025 [--outputs]
"""
from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ._demo_files import _indicators_text, _responses_text, _write, _yaml, build_codebook, csv_text, demo_city_path
from ._demo_indicators import PREVIOUS_YEAR, make_indicators
from ._demo_model import true_item_satisfaction
from ._demo_population import make_population, population_margins
from ._demo_sample import draw_sample
from ._demo_spec import CITY, CITY_TOTAL, DEFAULT_MODEL, DEFAULT_SEED, DISTRICTS, ModelParams

YEAR = PREVIOUS_YEAR  # 2025
SEED = 2025  # the sample's seed; the population is the 2026 one (seed DEFAULT_SEED)
DEFAULT_N = 3000
#: 2026 name → 2025 name, and items the 2025 questionnaire did not ask
RENAMED: dict[str, str] = {"q_c05": "q_c12"}
NOT_ASKED: tuple[str, ...] = ("q_u13",)
#: planted change 2025 → 2026 on the latent scale, (district or None = every district, item) → change
PLANTED_CHANGES: dict[tuple[str | None, str], float] = {
    (None, "q_c05"): 0.40,
    (None, "q_c07"): 0.35,
    (None, "q_u12"): 0.35,
    (None, "q_u05"): -0.35,
    ("城东区", "q_c08"): 1.10,
}
RESOLVED_DISEASE = ("城东区", "C10", "q_c08")  # area, indicator, item of the 2025 城市病 resolved by 2026
FILES = (
    "codebook.yaml", "population_margins.csv", "responses.csv", "planted_issues.csv", "truth_items.csv",
    "truth_changes.csv", "indicators.csv",
)
#: output tables of the 2025 run that the 2026 study reads as its previous wave (see citysurvey.waves)
OUTPUT_TABLES = (
    "scoring/scores.csv", "scoring/item_weights.csv", "diagnosis/city_diseases.csv", "diagnosis/shortcomings.csv",
)


def demo_city_previous_path() -> Path:
    """``data_samples/demo_city_2025`` of the repository."""
    return demo_city_path().parent / f"demo_city_{YEAR}"


def previous_model(model: ModelParams = DEFAULT_MODEL) -> ModelParams:
    """The 2025 answer model: the 2026 one minus the planted changes."""
    planted = dict(model.planted)
    for (district, item), change in PLANTED_CHANGES.items():
        for d in ([district] if district else DISTRICTS):
            planted[(d, item)] = planted.get((d, item), 0.0) - change
    return replace(model, planted=planted)


def _to_previous_names(frame: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
    """Rename (columns, or values of `column`) to the 2025 questionnaire and drop items it did not ask."""
    if column is None:
        return frame.drop(columns=list(NOT_ASKED)).rename(columns=RENAMED)
    out = frame[~frame[column].isin(NOT_ASKED)].copy()
    out[column] = out[column].replace(RENAMED)
    return out.reset_index(drop=True)


def _previous_responses_text(responses: pd.DataFrame) -> str:
    # formatted with the 2026 layout first (answers as codes, blanks empty), then renamed
    text = pd.read_csv(io.StringIO(_responses_text(responses, [])), dtype=str, keep_default_na=False)
    return csv_text(_to_previous_names(text))


def previous_codebook() -> dict:
    cb = build_codebook()
    variables = {}
    for name, var in cb["variables"].items():
        if name not in NOT_ASKED:
            variables[RENAMED.get(name, name)] = var
    return {**cb, "variables": variables}


def true_changes(population: pd.DataFrame) -> pd.DataFrame:
    """Exact change of every item asked in both years, per district and 全市 (2026 names)."""
    now = true_item_satisfaction(population)
    before = true_item_satisfaction(population, model=previous_model())
    keys = ["item", "district"]
    m = before.merge(now, on=keys, suffixes=(f"_{YEAR}", f"_{YEAR + 1}"))
    m = m[~m["item"].isin(NOT_ASKED)].reset_index(drop=True)
    m.insert(1, f"item_{YEAR}", m["item"].map(lambda i: RENAMED.get(i, i)))
    out = m[["item", f"item_{YEAR}", "district"]].copy()
    for measure in ("score_100", "satisfied_rate", "dissatisfied_rate"):
        out[f"true_{measure}_{YEAR}"] = m[f"true_{measure}_{YEAR}"]
        out[f"true_{measure}_{YEAR + 1}"] = m[f"true_{measure}_{YEAR + 1}"]
        out[f"true_{measure}_change"] = m[f"true_{measure}_{YEAR + 1}"] - m[f"true_{measure}_{YEAR}"]
    planted = {(d or "*", i) for d, i in PLANTED_CHANGES}
    out["planted"] = [(d, i) in planted or ("*", i) in planted or (d == CITY_TOTAL and any(k[1] == i for k in planted))
                      for d, i in zip(out["district"], out["item"])]
    return out


def _previous_indicators() -> pd.DataFrame:
    ind = make_indicators()
    now = ind[ind["year"] == YEAR].copy()
    before = now.copy()
    before["year"] = YEAR - 1
    counts = before["stock"].notna() | (before["indicator_id"] == "U22")
    before.loc[counts, "value"] = np.round(before.loc[counts, "value"] * 1.08, 0)
    out = pd.concat([before, now]).sort_values(["indicator_id", "area", "year"], kind="stable")
    order = {a: k for k, a in enumerate((CITY_TOTAL, *DISTRICTS))}
    ids = {i: k for k, i in enumerate(dict.fromkeys(ind["indicator_id"]))}
    out = out.assign(_i=out["indicator_id"].map(ids), _a=out["area"].map(order)).sort_values(["_i", "_a", "year"])
    return out.drop(columns=["_i", "_a"]).reset_index(drop=True)


_STUDY = f"""\
# {CITY} {YEAR} 年城市体检社会满意度调查 — the demo city's previous wave (synthetic).
# Generated by `python -m citysurvey.datasets.demo_city_{YEAR}`; the {YEAR + 1} study names its outputs
# (data_samples/demo_city_{YEAR}/outputs) as its previous wave.
study:
  id: demo_city_{YEAR}
  name: {CITY}{YEAR}年城市体检社会满意度调查
  city: {CITY}
  year: {YEAR}
  fieldwork_start: {YEAR}-07-01
  fieldwork_end: {YEAR}-07-31
  organisation: citysurvey 示例

inputs:
  responses: ../../data_samples/demo_city_{YEAR}/responses.csv
  codebook: ../../data_samples/demo_city_{YEAR}/codebook.yaml
  margins: ../../data_samples/demo_city_{YEAR}/population_margins.csv
  indicators: ../../data_samples/demo_city_{YEAR}/indicators.csv

sampling:
  profile_variables: [sex, age_band, hukou, income_band]

weighting:
  method: rake
  margins: [district×sex×age_band, district×hukou, income_band]
  empty: collapse
  collapse_order: [age_band, income_band]

scoring:
  scheme: step
  groups: [age_band, hukou, income_band, tenure]

indicators:
  systems: [MOHURD_2024_4level]

diagnosis:
  subjective: {{threshold: 75}}

output:
  dir: ../../output/demo_city_{YEAR}
  excel: true
"""


def write_demo_city_previous(out_dir: str | Path | None = None, study_dir: str | Path | None = None,
                             seed: int = SEED, n: int = DEFAULT_N) -> list[Path]:
    """Write the 2025 wave's input files into `out_dir` and its ``study.yaml`` into `study_dir`.

    >>> paths = write_demo_city_previous(tmp_path / "data", tmp_path / "analysis")  # doctest: +SKIP
    """
    out = Path(out_dir) if out_dir is not None else demo_city_previous_path()
    out.mkdir(parents=True, exist_ok=True)
    population = make_population(DEFAULT_SEED)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    responses, labels = draw_sample(population, n, rng, model=previous_model(), planted_issues=True)
    # the sampler's fieldwork is July 2026; the same month a year earlier
    responses["submitted_at"] = responses["submitted_at"] - pd.Timedelta(days=365)
    issues = labels.loc[labels["issue"] != "", ["resp_id", "issue"]].drop_duplicates()
    issues = issues.sort_values(["resp_id", "issue"]).reset_index(drop=True)
    truth = _to_previous_names(true_item_satisfaction(population, model=previous_model()), "item")
    changes = true_changes(population)
    rate = ".6f"
    header = (f"# {CITY}{YEAR}年城市体检社会满意度调查 — 编码本 (codebook of responses.csv)\n"
              f"# Generated by `python -m citysurvey.datasets.demo_city_{YEAR}`; do not edit by hand.\n")
    written = [
        _write(out / "codebook.yaml", header + _yaml(previous_codebook())),
        _write(out / "population_margins.csv", csv_text(population_margins(population))),
        _write(out / "responses.csv", _previous_responses_text(responses), bom=True),
        _write(out / "planted_issues.csv", csv_text(issues)),
        _write(out / "truth_items.csv", csv_text(truth, {c: rate for c in truth.columns if c.startswith("true_")})),
        _write(out / "truth_changes.csv", csv_text(changes, {c: rate for c in changes.columns if c.startswith("true_")})),
        _write(out / "indicators.csv", _indicators_text(_previous_indicators())),
    ]
    study = Path(study_dir) if study_dir is not None else demo_city_path().parents[1] / "analysis" / f"demo_city_{YEAR}"
    study.mkdir(parents=True, exist_ok=True)
    written.append(_write(study / "study.yaml", _STUDY))
    return written


def write_previous_outputs(study_file: str | Path | None = None, dest: str | Path | None = None) -> list[Path]:
    """Run the 2025 study (up to the diagnosis) and copy the tables the 2026 study reads into `dest`.

    The copy keeps the run's manifest with only the copied files listed and without
    machine-specific fields (paths relative to the repository, no timings), so the
    committed folder is a complete, checkable previous wave of its own.
    """
    from ..pipeline import run_study

    root = demo_city_path().parents[1]
    study_file = Path(study_file) if study_file is not None else root / "analysis" / f"demo_city_{YEAR}" / "study.yaml"
    dest = Path(dest) if dest is not None else demo_city_previous_path() / "outputs"
    from ..config import load_study

    cfg = load_study(study_file)
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": run_dir, "excel": False})})
        run_study(cfg, until="diagnosis")
        manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
        if dest.exists():
            shutil.rmtree(dest)
        written = []
        for rel in OUTPUT_TABLES:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(run_dir / rel, target)
            written.append(target)
    manifest["outputs"] = [o for o in manifest["outputs"] if o["path"] in OUTPUT_TABLES]
    for key in ("platform", "python", "pandas_version", "started_at", "finished_at"):
        manifest.pop(key, None)
    for stage in manifest["stages"]:
        stage.pop("seconds", None)
    manifest = _relative_paths(manifest, root)
    manifest["config"]["output"]["dir"] = Path(os.path.relpath(dest.resolve(), root)).as_posix()
    manifest["note"] = (f"Output tables of analysis/demo_city_{YEAR}/study.yaml (stages up to diagnosis) kept as the "
                        f"demo's previous wave; regenerate with `python -m citysurvey.datasets.demo_city_{YEAR} --outputs`.")
    path = dest / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return [*written, path]


def _relative_paths(value, root: Path):
    if isinstance(value, dict):
        return {k: _relative_paths(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative_paths(v, root) for v in value]
    if isinstance(value, str) and value.startswith(str(root) + os.sep):
        return Path(os.path.relpath(value, root)).as_posix()
    return value
