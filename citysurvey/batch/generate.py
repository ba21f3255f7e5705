"""Generated cities for batch tests and benchmarks: the demo city's machinery with a seed and a size.

Each city is the demo generator run with its own seed (population, sample, answers and
planted problems differ) and ``n`` respondents; its objective indicator values are the demo's
scaled by a seeded factor, so the cities differ and peer percentiles mean something. Nothing is
committed: the files are written where the caller says.

>>> paths = generate_cities(tmp_path, 6, n=400, seed=7, broken=[3])  # doctest: +SKIP
>>> [p.name for p in paths][:2]                                       # doctest: +SKIP
['city_01.yaml', 'city_02.yaml']
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import yaml

from ..datasets import write_demo_city

DEMO_STUDY = Path(__file__).resolve().parents[2] / "analysis" / "demo_city" / "study.yaml"
INDICATOR_SPREAD = 0.15  # sd of the log factor applied to each city's indicator values


def _perturb_indicators(path: Path, rng: np.random.Generator) -> None:
    """Scale every value by one factor per indicator, keeping the file's decimals (counts stay whole)."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    factors: dict[str, float] = {}
    for row in rows:
        raw = row["value"]
        if not raw:
            continue
        f = factors.setdefault(row["indicator_id"], float(np.exp(rng.normal(0.0, INDICATOR_SPREAD))))
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw) * f
        if row.get("unit") == "%":
            value = min(value, 100.0)
        row["value"] = format(value, f".{decimals}f")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _break_responses(path: Path) -> None:
    """Put a value no codebook allows into the first answer of the first respondent."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    header = lines[0].split(",")
    col = next(i for i, name in enumerate(header) if name.startswith("q_"))
    cells = lines[1].split(",")
    cells[col] = "很不错"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8-sig")


def study_config(city_dir: Path, study_id: str, city: str, out_dir: Path, **sections) -> dict:
    """The demo study's config pointed at a generated city's files; `sections` update its sections key by key."""
    cfg = yaml.safe_load(DEMO_STUDY.read_text(encoding="utf-8"))
    cfg["study"].update(id=study_id, name=f"{city}2026年城市体检社会满意度调查", city=city)
    inputs = {k: str((city_dir / Path(v).name).resolve()) for k, v in cfg["inputs"].items() if k != "quota_plan"}
    cfg["inputs"] = inputs
    cfg["output"]["dir"] = str(out_dir.resolve())
    # the demo's earlier wave is the demo city's own history, not a generated city's
    cfg.pop("waves", None)
    for key, value in sections.items():
        cfg[key] = {**cfg[key], **value} if isinstance(value, dict) and isinstance(cfg.get(key), dict) else value
    return cfg


def generate_cities(folder: str | Path, n_cities: int, *, n: int = 3000, seed: int = 1, broken: list[int] = (),
                    output_root: str | Path | None = None, **sections) -> list[Path]:
    """Write `n_cities` studies (``city_01.yaml``… and their data folders) into `folder`.

    `broken` lists 1-based city numbers whose responses hold an invalid answer (the run stops
    with an input error). Outputs go to ``<output_root>/city_XX`` (default ``<folder>/output``).
    """
    folder = Path(folder)
    output_root = Path(output_root) if output_root is not None else folder / "output"
    paths = []
    for k in range(1, n_cities + 1):
        study_id = f"city_{k:02d}"
        city_dir = folder / "data" / study_id
        city_seed = int(np.random.SeedSequence([seed, k]).generate_state(1)[0])
        write_demo_city(city_dir, seed=city_seed, n=n)
        _perturb_indicators(city_dir / "indicators.csv", np.random.default_rng([seed, k, 5]))
        if k in broken:
            _break_responses(city_dir / "responses.csv")
        cfg = study_config(city_dir, study_id, f"模拟{k:02d}市", output_root / study_id, **sections)
        path = folder / f"{study_id}.yaml"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
