"""The main job on the demo city: what `make demo` runs, checked end to end."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.outputs import read_csv
from citysurvey.pipeline import run_study, validate_study

from conftest import REPO

DEMO_STUDY = REPO / "analysis" / "demo_city" / "study.yaml"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    cfg = load_study(DEMO_STUDY)
    out = tmp_path_factory.mktemp("demo") / "demo_city"
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": out})})
    return run_study(cfg)


def test_cleaning_finds_exactly_the_planted_issues():
    _cfg, data = validate_study(DEMO_STUDY)
    planted = pd.read_csv(REPO / "data_samples/demo_city/planted_issues.csv")
    log = data.log.rows.set_index("respondent_id")
    expected_status = {"district_alias": "changed", "fullwidth_digit": "changed", "speeder": "dropped",
                       "duplicate_device": "dropped", "straightliner": "dropped", "under_age": "dropped"}
    got = planted.assign(status=planted["resp_id"].map(log["status"]))
    assert (got["status"] == got["issue"].map(expected_status)).all()
    # nothing else was dropped or changed
    per_respondent = got.drop_duplicates("resp_id")["status"]
    assert data.log.count("dropped") == (per_respondent == "dropped").sum()
    assert data.log.count("changed") == (per_respondent == "changed").sum()


def test_demo_outputs(demo_run):
    out = demo_run.output_dir
    summary = read_csv(out / "data/cleaning_summary.csv")
    assert summary.loc[summary["status"] == "total", "n"].item() == demo_run.study.log.n_input
    quota = read_csv(out / "sampling/quota_districts.csv")
    assert set(quota["district"]) >= set(demo_run.study.codebook.categories("district"))
    # dropped interviews do not count towards quotas
    assert quota.loc[quota["district"] == "全市", "achieved"].item() <= demo_run.study.n
