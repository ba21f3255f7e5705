"""The pipeline: outputs, manifest, atomic writes, byte-identical tables."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.errors import InputError
from citysurvey.outputs import read_csv, sha256_file
from citysurvey.pipeline import run_study
from citysurvey.registry import STAGES
from citysurvey.stage import StageResult

from conftest import MINI_ROWS, write_mini_study


def _hashes(folder: Path, suffix: str = ".csv") -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob(f"*{suffix}")) if p.is_file()}


def test_run_writes_outputs_and_manifest(mini_study):
    res = run_study(mini_study)
    out = res.output_dir
    assert out == mini_study.parent / "out"
    for rel in ["manifest.json", "data/validated_responses.csv", "data/cleaning_log.csv",
                "data/cleaning_changes.csv", "data/cleaning_summary.csv", "sampling/sample_profile.csv",
                "sampling/sampling.xlsx"]:
        assert (out / rel).exists(), rel
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert manifest["counts"] == {"n_input_rows": 7, "n_kept": 2, "n_changed": 2, "n_dropped": 3, "n_valid": 4}
    roles = {i["role"]: i for i in manifest["inputs"]}
    assert roles["responses"]["sha256"] == sha256_file(mini_study.parent / "responses.csv")
    # every registered stage ran, in order (the mini study switches the report off and names no earlier wave)
    assert [s["name"] for s in manifest["stages"]] == ["loading"] + [s.name for s in STAGES if s.name not in ("report", "waves")]
    assert all(s["seconds"] >= 0 for s in manifest["stages"])
    assert manifest["config"]["study"]["id"] == "mini"
    listed = {o["path"] for o in manifest["outputs"]}
    assert "sampling/sample_profile.csv" in listed and "manifest.json" not in listed
    assert not list(out.parent.glob(".out.partial-*"))


def test_tables_are_byte_identical_across_runs(mini_study, tmp_path):
    first = _hashes(run_study(mini_study).output_dir)
    second = _hashes(run_study(mini_study).output_dir)
    assert first == second and len(first) >= 5
    xlsx = _hashes(run_study(mini_study).output_dir, ".xlsx")
    assert xlsx == _hashes(run_study(mini_study).output_dir, ".xlsx")


def test_sample_profile_against_margins(mini_study):
    out = run_study(mini_study).output_dir
    prof = read_csv(out / "sampling/sample_profile.csv")
    city_sex = prof[(prof["district"] == "全市") & (prof["variable"] == "sex")].set_index("category")
    # kept: A1 男 甲, A2 女 乙, A3 女 甲, A4 男 乙
    assert city_sex.loc["男", "n_sample"] == 2
    assert city_sex.loc["男", "share_population"] == pytest.approx(1800 / 3800)
    assert city_sex.loc["男", "diff_pp"] == pytest.approx(100 * (0.5 - 1800 / 3800))
    jia = prof[(prof["district"] == "甲区") & (prof["variable"] == "sex")].set_index("category")
    assert jia.loc["男", "n_sample"] == 1 and jia.loc["女", "n_sample"] == 1
    assert jia.loc["男", "share_population"] == pytest.approx(1000 / 2100)


class _Boom:
    name = "boom"
    title_zh = "故障"

    def enabled(self, config):
        return True

    def run(self, ctx):
        (ctx.out_dir / "boom").mkdir()
        (ctx.out_dir / "boom" / "half.csv").write_text("half-written")
        raise RuntimeError("stage failed")


class _Ok:
    name = "ok"
    title_zh = "正常"

    def enabled(self, config):
        return True

    def run(self, ctx):
        return StageResult("ok", tables={"t": pd.DataFrame({"a": [1]})})


def test_failed_run_leaves_previous_outputs_untouched(mini_study):
    out = run_study(mini_study).output_dir
    before = _hashes(out, "")
    with pytest.raises(RuntimeError):
        run_study(mini_study, stages=[_Ok(), _Boom()])
    assert _hashes(out, "") == before
    assert not (out / "boom").exists() and not (out / "ok").exists()
    assert not list(out.parent.glob(".out.*"))


def test_failed_validation_writes_nothing(tmp_path):
    rows = [list(r) for r in MINI_ROWS]
    rows[0][7] = "7"
    study = write_mini_study(tmp_path / "bad", rows=rows)
    with pytest.raises(InputError):
        run_study(study)
    assert not (study.parent / "out").exists()


class _BlasThreads:
    name = "blas"
    title_zh = "线程"

    def enabled(self, config):
        return True

    def run(self, ctx):
        from threadpoolctl import threadpool_info

        seen = sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})
        return StageResult("blas", tables={"threads": pd.DataFrame({"num_threads": seen})})


def test_stages_run_on_one_blas_thread(mini_study):
    # a threaded BLAS product sums in another order: the same study gave workbooks differing in the
    # last digits on machines with another core count; the machine's own setting may be any number
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):
        out = run_study(mini_study, stages=[_BlasThreads()]).output_dir
    assert read_csv(out / "blas" / "threads.csv")["num_threads"].tolist() == [1]
