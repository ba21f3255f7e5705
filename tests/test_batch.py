"""citysurvey batch on a real local Dask cluster: six generated cities, one broken.

Checks the statuses, each city's outputs against a single-study run, the roll-up's numbers
against the cities' own tables, peer percentiles by hand, the peer-group hook, resuming and
the provincial summary report.
"""
from __future__ import annotations

import fcntl
import filecmp
import json
import os
import pickle
import re
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from citysurvey.batch import generate_cities, resolve_studies, run_batch
from citysurvey.batch.runner import require_dask
from citysurvey.config import load_study
from citysurvey.errors import ConfigError
from citysurvey.outputs import read_csv
from citysurvey.pipeline import run_study
from citysurvey.registry import default_stages

distributed = pytest.importorskip("distributed")
N_CITIES, BROKEN, PEER_CITY = 6, 4, 1
# the cheap parts of a study: no charts, no workbooks, rule-based topics (no classifier to train in
# each worker), no small areas (no check reads them); the batch does not change them
LIGHT = {"scoring": {"charts": False}, "text": {"charts": False, "classify": {"combine": "rules"}},
         "output": {"excel": False}, "smallarea": {"enabled": False},
         "weighting": {"collapse_order": ["age_band", "income_band", "hukou"]}}  # 300 respondents leave cells empty


def _make_batch(root):
    paths = generate_cities(root / "studies", N_CITIES, n=300, seed=5, broken=[BROKEN], **LIGHT)
    folder = root / "output" / "batch_test"
    # city 01 grades its whole city among the batch's cities
    first = yaml.safe_load(paths[0].read_text(encoding="utf-8"))
    first["indicators"] = {**first["indicators"], "peer_group": str(folder), "no_standard": "peer"}
    paths[0].write_text(yaml.safe_dump(first, allow_unicode=True), encoding="utf-8")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        res = run_batch(paths, folder=folder, scheduler=cluster.scheduler_address, render=False, progress=False)
        again = run_batch(paths, folder=folder, scheduler=cluster.scheduler_address, render=False, progress=False)
    return {"root": root, "paths": paths, "folder": folder, "res": res, "again": again}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch run for the whole test session.

    Under pytest-xdist the tests of this module land on several workers, and each would run
    its own batch (minutes, with two more processes on the same cores): the first worker runs
    it under a lock in the session's shared temporary folder, the others wait and read it.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _make_batch(tmp_path_factory.mktemp("batch"))
    shared = tmp_path_factory.getbasetemp().parent / "batch_shared"  # one per session under xdist
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "batch.pickle"
        if done.is_file():
            return pickle.loads(done.read_bytes())
        made = _make_batch(shared)
        done.write_bytes(pickle.dumps(made))
        return made


def test_statuses_one_broken_city_fails_alone(batch):
    st = batch["res"].statuses.set_index("study_id")
    assert len(st) == N_CITIES
    broken = f"city_{BROKEN:02d}"
    assert st.at[broken, "status"] == "failed"
    assert (st.drop(index=broken)["status"] == "ok").all()
    # the message is the input error, in both languages, naming file, row, column and value
    assert "第 2 行" in st.at[broken, "message_zh"] and "q_h01" in st.at[broken, "message_zh"]
    assert "row 2" in st.at[broken, "message_en"] and "很不错" in st.at[broken, "message_en"]
    assert len(set(st.drop(index=broken)["worker"])) == 2  # both workers took studies
    assert batch["res"].info["n_workers"] == 2 and batch["res"].info["counts"] == {"ok": 5, "skipped": 0, "failed": 1}
    # the folder holds the last run's statuses (the second run skipped the unchanged studies)
    on_disk = read_csv(batch["folder"] / "statuses.csv")
    assert on_disk["status"].tolist() == batch["again"].statuses["status"].tolist()


def test_batch_outputs_equal_a_single_study_run(batch, tmp_path):
    path = batch["paths"][1]
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    cfg["output"]["dir"] = str(tmp_path / "single")
    single = tmp_path / "single.yaml"
    single.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run_study(single, stages=[s for s in default_stages() if s.name != "report"])
    batch_dir = load_study(path).output.dir
    for rel in ("scoring/scores.csv", "indicators/indicator_grades.csv", "diagnosis/city_diseases.csv",
                "diagnosis/risk_notices.csv", "estimation/estimates.csv", "text/topic_shares.csv"):
        assert filecmp.cmp(batch_dir / rel, tmp_path / "single" / rel, shallow=False), rel


def test_rollup_numbers_are_the_cities_own(batch):
    ov = batch["res"].rollup["city_overview"].set_index("study_id")
    assert len(ov) == N_CITIES - 1
    for path in batch["paths"]:
        cfg = load_study(path)
        if cfg.study.id == f"city_{BROKEN:02d}":
            assert cfg.study.id not in ov.index
            continue
        out = cfg.output.dir
        s = read_csv(out / "scoring" / "scores.csv")
        comp = s[(s["kind"] == "composite_index") & (s["domain_var"] == "city")].iloc[0]
        row = ov.loc[cfg.study.id]
        assert row["composite"] == comp["estimate"] and row["composite_ci_low"] == comp["ci_low"]
        assert row["n_city_diseases"] == len(read_csv(out / "diagnosis" / "city_diseases.csv"))
        assert row["n_risks"] == len(read_csv(out / "diagnosis" / "risk_notices.csv"))
        g = read_csv(out / "indicators" / "indicator_grades.csv")
        g = g[(g["area"] == "全市") & (g["year"] == row["indicator_year"])]
        assert row["n_较差"] == (g["grade"] == "较差").sum() and row["n_red"] == (g["warning"] == "红色预警").sum()
    # ranks: 1 = highest composite, in order
    assert ov.sort_values("composite", ascending=False)["composite_rank"].tolist() == list(range(1, N_CITIES))
    # the cities differ (generated with different seeds)
    assert ov["composite"].nunique() == N_CITIES - 1
    ix = batch["res"].rollup["city_indices"]
    assert set(ix["kind"]) == {"composite_index", "level_index"} and (ix["n_cities"] == N_CITIES - 1).all()
    assert (batch["folder"] / "rollup" / "rollup.xlsx").is_file()


def test_peer_percentiles_by_hand(batch):
    pv = read_csv(batch["folder"] / "peer_values.csv")
    assert pv["study_id"].nunique() == N_CITIES  # the broken city's indicators are valid: still a peer
    pp = batch["res"].rollup["peer_percentiles"]
    row = pp[(pp["direction"] == "higher_better") & (pp["year"] == 2026)].iloc[0]
    vals = pv[(pv["year"] == 2026) & (pv["indicator_id"] == row["indicator_id"]) & pv["study_id"].isin(
        batch["res"].rollup["city_overview"]["study_id"])]
    others = vals.loc[vals["study_id"] != row["study_id"], "value"].to_numpy()
    assert row["percentile"] == pytest.approx(100 * np.mean(others <= row["value"]))
    assert row["p50"] == pytest.approx(np.quantile(vals["value"], 0.5))


def test_peer_group_city_is_graded_among_the_batch(batch):
    cfg = load_study(batch["paths"][PEER_CITY - 1])
    manifest = json.loads((cfg.output.dir / "manifest.json").read_text(encoding="utf-8"))
    summary = next(s["summary"] for s in manifest["stages"] if s["name"] == "indicators")
    assert summary["peer_group"]["n_cities"] == N_CITIES - 1
    g = read_csv(cfg.output.dir / "indicators" / "indicator_grades.csv")
    city = g[(g["area"] == "全市") & (g["year"] == 2026)]
    # peer-graded whole-city rows quote the peers' percentile; another city without a peer group has none
    assert city["rule"].str.contains("同级").any()
    other = read_csv(load_study(batch["paths"][1]).output.dir / "indicators" / "indicator_grades.csv")
    assert not other[(other["area"] == "全市")]["rule"].str.contains("同级 P").any()


def test_second_run_skips_unchanged_studies(batch):
    st = batch["again"].statuses.set_index("study_id")
    assert st.at[f"city_{BROKEN:02d}", "status"] == "failed"
    assert (st.drop(index=f"city_{BROKEN:02d}")["status"] == "skipped").all()
    # the roll-up is the same from skipped studies
    pd.testing.assert_frame_equal(batch["again"].rollup["city_overview"], batch["res"].rollup["city_overview"])


def test_changed_config_reruns_only_that_study(batch, tmp_path):
    from citysurvey.batch import stale_reason

    cfg = load_study(batch["paths"][2])
    assert stale_reason(cfg) is None
    changed = yaml.safe_load(batch["paths"][2].read_text(encoding="utf-8"))
    changed["scoring"]["min_share"] = 0.6
    other = tmp_path / "changed.yaml"
    other.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    assert "配置" in stale_reason(load_study(other))


def test_resolve_studies_list_file_and_glob(batch, tmp_path):
    listing = tmp_path / "studies.txt"
    rel = [p.relative_to(batch["root"]) for p in batch["paths"][:2]]
    listing.write_text("# two cities\n" + "\n".join(f"{batch['root'] / r}" for r in rel) + "\n", encoding="utf-8")
    assert resolve_studies([listing]) == [p.resolve() for p in batch["paths"][:2]]
    assert len(resolve_studies([str(batch["root"] / "studies" / "city_0*.yaml")])) == N_CITIES
    bad = tmp_path / "bad.txt"
    bad.write_text("nope.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        resolve_studies([bad])
    assert "第 1 行" in err.value.format() and "row 1" in err.value.format()


def test_missing_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError) as err:
        require_dask()
    assert "citysurvey[batch]" in err.value.format()


def test_provincial_summary_renders_the_rollup(batch):
    from citysurvey.batch.report import render_summary
    from citysurvey.report.numbers import fmt_num

    files = render_summary(batch["folder"], formats=("html",), engine="builtin")
    html = files["html"].read_text(encoding="utf-8")
    ov = batch["res"].rollup["city_overview"]
    top = ov.sort_values("composite_rank").iloc[0]
    assert "省级汇总报告" in html and top["city"] in html and fmt_num(top["composite"]) in html
    assert "模拟04市" not in set(ov["city"]) and "city_04" in html  # the failed study is listed with its reason


def test_cli_batch_names_a_missing_study(tmp_path):
    from typer.testing import CliRunner

    from citysurvey.cli import app

    result = CliRunner().invoke(app, ["batch", str(tmp_path / "nope.yaml"), "--serial"])
    assert result.exit_code == 2
    assert "找不到研究配置文件" in result.output.replace("\n", "")  # the console wraps long lines
    assert "no study config found" in " ".join(result.output.split())


def _worker_process() -> dict:
    import multiprocessing
    import os

    return {"daemon": multiprocessing.current_process().daemon, "openblas": os.environ.get("OPENBLAS_NUM_THREADS"),
            "malloc_trim": os.environ.get("MALLOC_TRIM_THRESHOLD_")}


def test_local_cluster_workers_may_start_report_kernels_and_use_one_blas_thread():
    # a daemonic worker cannot start the report engine's kernel processes: every render task failed so
    from citysurvey.batch.runner import DaskExecutor

    executor = DaskExecutor(n_workers=1)
    try:
        seen = executor.submit(_worker_process).result()
    finally:
        executor.close()
    assert seen == {"daemon": False, "openblas": "1", "malloc_trim": None}


def test_batch_with_rendering_writes_each_city_and_the_summary(tmp_path):
    # the summary is queued when the last analysis ends, beside the cities' documents; every render
    # must still land, and a skipped second run (nothing changed, reports present) renders nothing
    quick = LIGHT | {"report": {"formats": ["html"], "engine": "builtin", "districts": "none"}}
    paths = generate_cities(tmp_path / "studies", 2, n=300, seed=11, **quick)
    folder = tmp_path / "output" / "batch_render"
    res = run_batch(paths, folder=folder, serial=True, render=True, progress=False,
                    summary_formats=("html",), summary_engine="builtin")
    assert list(res.statuses["status"]) == ["ok", "ok"]
    assert res.info["summary_report"]["status"] == "ok", res.info["summary_report"]
    assert (folder / "report" / "province_report.html").is_file()
    for study in ("city_01", "city_02"):
        assert sorted(p.suffix for p in (tmp_path / "studies" / "output" / study / "report").glob("*.html")) == [".html"]
    assert (folder / "rollup").is_dir() and res.rollup
    assert {"analysis", "rollup", "summary_report", "analysis_and_render"} <= set(res.info["phases"])
    again = run_batch(paths, folder=folder, serial=True, render=True, progress=False,
                      summary_formats=("html",), summary_engine="builtin")
    assert list(again.statuses["status"]) == ["skipped", "skipped"]
    assert again.info["summary_report"]["status"] == "ok"


def test_cluster_renders_in_its_workers_processes_the_documents_of_a_serial_run(tmp_path):
    # a single-threaded Dask worker renders a city's charts and documents in its own process (no
    # worker process per city); the documents must be those of the serial batch, which keeps one
    quick = LIGHT | {"report": {"formats": ["html", "docx"], "engine": "builtin", "districts": ["城东区"]}}
    runs = {}
    for mode in ("serial", "cluster"):
        paths = generate_cities(tmp_path / mode, 1, n=300, seed=11, **quick)
        folder = tmp_path / mode / "batch"
        if mode == "serial":
            res = run_batch(paths, folder=folder, serial=True, render=True, progress=False, summary_formats=("html",),
                            summary_engine="builtin")
        else:
            with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None) as cluster:
                res = run_batch(paths, folder=folder, scheduler=cluster.scheduler_address, render=True, progress=False,
                                summary_formats=("html",), summary_engine="builtin")
        renders = [t for t in res.info["tasks"] if t["step"] == "render" and t.get("study_id")]
        assert [t["status"] for t in renders] == ["ok"], res.statuses.to_dict("records")
        runs[mode] = (tmp_path / mode / "output" / "city_01" / "report", renders[0]["in_process"])
    assert runs["serial"][1] is False and runs["cluster"][1] is True
    names = sorted(p.name for p in runs["serial"][0].glob("*.html"))
    assert names == ["city_report.html", "district_report_城东区.html"]
    def page(mode: str, name: str) -> str:
        # the method chapter prints each stage's seconds, which differ by run, and their width sets the columns'
        text = re.sub(r"[\d.]+秒", "秒", (runs[mode][0] / name).read_text(encoding="utf-8"))
        return re.sub(r"<col [^>]*>", "<col>", text)

    for name in names:  # text and embedded figures alike
        assert page("serial", name) == page("cluster", name), name


def _spin(seconds: float) -> None:
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_task_cpu_counts_the_report_workers_of_the_fork_server():
    # the report's workers are the fork server's children, not the task's process's: its own rusage
    # missed them, and a rendering task counted 1-2 s of a city's ~28
    from concurrent.futures import ProcessPoolExecutor

    from citysurvey.batch import tasks
    from citysurvey.report.workers import process_context

    before = tasks._cpu()
    with ProcessPoolExecutor(1, mp_context=process_context()) as pool:
        pool.submit(_spin, 0.5).result()
    assert tasks._cpu() - before >= 0.5


def _split_city(tmp_path, **report):
    """One analysed city whose report is rendered by the caller, and its config path."""
    from citysurvey.batch import tasks

    quick = LIGHT | {"report": {"formats": ["html", "docx"], "engine": "builtin",
                                "districts": ["城东区", "城西区"]} | report}
    path, = generate_cities(tmp_path / "studies", 1, n=300, seed=11, **quick)
    assert tasks.analyse_study(str(path))["status"] == "ok"
    return path


def _files(folder) -> dict[str, bytes]:
    """A report folder's files as a reader sees them: each run's seconds and dates left out."""
    import io
    import zipfile

    out = {}
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        if p.suffix == ".html":
            text = re.sub(r"[\d.]+秒", "秒", data.decode("utf-8"))  # the method chapter prints the stages' seconds
            data = re.sub(r"<col [^>]*>", "<col>", text).encode()
        elif p.suffix == ".docx":  # the package's parts but its dates
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                data = b"".join(z.read(n) for n in sorted(z.namelist()) if n != "docProps/core.xml")
        elif p.name.endswith(".render.json"):
            record = json.loads(data)
            data = json.dumps({k: v for k, v in record.items() if k not in ("seconds", "rendered_at")}).encode()
        out[p.name] = data
    return out


def _cluster_render(path, folder):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        return run_batch([path], folder=folder, scheduler=cluster.scheduler_address, render=True, progress=False,
                         summary_formats=("html",), summary_engine="builtin")


def test_documents_rendered_as_tasks_of_their_own_equal_a_city_rendered_in_one_task(tmp_path):
    # on a cluster of single-threaded workers a city's chart step is one task and each document another;
    # the report folder, and the figures the chart step saved, must be those of the city rendered whole
    from citysurvey.batch import tasks

    path = _split_city(tmp_path)
    out_dir = load_study(path).output.dir
    whole = tasks.render_study(str(path), 1)
    assert whole["status"] == "ok" and whole["n_documents"] == 3
    # charts registered by other tests in this process (under xdist) are not the package's: the workers lack them
    figures = {k: v for k, v in _files(out_dir / "figures").items() if not k.startswith("test_")}
    report = _files(out_dir / "report")
    assert len(figures) > 10
    (out_dir / "report").rename(tmp_path / "whole")  # the unchanged study renders again, its report missing
    res = _cluster_render(path, tmp_path / "batch")
    row, = [t for t in res.info["tasks"] if t.get("step") == "render" and t.get("study_id")]
    assert row["status"] == "ok" and row["in_process"] is True, res.statuses.to_dict("records")
    assert [p["document"] for p in row["parts"]] == [None, "city_report", "district_report_城东区",
                                                     "district_report_城西区"]  # the chart step, then each document
    assert res.statuses["render_status"].tolist() == ["ok"]
    assert not (out_dir / ".report.partial").exists()
    assert _files(out_dir / "report") == report
    assert {k: v for k, v in _files(out_dir / "figures").items() if not k.startswith("test_")} == figures


def test_a_document_failing_in_its_own_task_fails_its_city_as_in_one_task(tmp_path):
    # the district document raises in a cell: the city's render row fails with the same message either way,
    # and neither leaves a report folder behind
    import shutil

    from citysurvey.batch import tasks
    from citysurvey.report.stage import SOURCE_REPORTS

    reports = tmp_path / "reports"
    shutil.copytree(SOURCE_REPORTS, reports)
    with open(reports / "district.qmd", "a", encoding="utf-8") as f:
        f.write('\n```{python}\nraise RuntimeError("区报告出错 / district report broken")\n```\n')
    path = _split_city(tmp_path, reports_dir=str(reports))
    out_dir = load_study(path).output.dir
    whole = tasks.render_study(str(path), 1)
    assert whole["status"] == "failed" and "district report broken" in whole["message_en"]
    assert not (out_dir / "report").exists() and not (out_dir / ".report.partial").exists()
    res = _cluster_render(path, tmp_path / "batch")
    row, = [t for t in res.info["tasks"] if t.get("step") == "render" and t.get("study_id")]
    assert len(row["parts"]) == 4  # split: the failure came from a document's own task
    st = res.statuses.iloc[0]
    assert (st["status"], st["render_status"]) == ("skipped", "failed")
    assert (st["message_zh"], st["message_en"]) == (whole["message_zh"], whole["message_en"])
    assert not (out_dir / "report").exists() and not (out_dir / ".report.partial").exists()


def test_cities_render_whole_until_the_last_ones_which_split_by_document(tmp_path):
    # a city's documents are one task (one session) while at least as many renders as workers come after it;
    # the last `workers` cities' documents are tasks of their own, so the batch's end still fills every worker
    from citysurvey.batch.runner import split_render

    assert [split_render(after, 1) for after in (2, 1, 0)] == [False, False, True]
    assert [split_render(after, 2) for after in (2, 1, 0)] == [False, True, True]
    quick = LIGHT | {"report": {"formats": ["html"], "engine": "builtin", "districts": ["城东区"]}}
    paths = generate_cities(tmp_path / "studies", 3, n=300, seed=11, **quick)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        res = run_batch(paths, folder=tmp_path / "batch", scheduler=cluster.scheduler_address, render=True,
                        progress=False, summary_formats=("html",), summary_engine="builtin")
    renders = [t for t in res.info["tasks"] if t["step"] == "render" and t.get("study_id")]
    assert [t["status"] for t in renders] == ["ok"] * 3, res.statuses.to_dict("records")
    assert all(t["in_process"] for t in renders)  # whole or split, in the worker's own process
    # the analyses end in order on one worker: the first two render whole, the last as a chart step and two documents
    assert [len(t.get("parts") or []) for t in sorted(renders, key=lambda t: t["study_id"])] == [0, 0, 3]
    for p in paths:
        report = load_study(p).output.dir / "report"
        assert sorted(x.name for x in report.glob("*.html")) == ["city_report.html", "district_report_城东区.html"]
