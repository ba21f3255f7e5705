"""The demo city: reproducible files, a valid codebook, planted bias, issues and truth."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from citysurvey.codebook import LEVELS, OVERALL_LEVEL, load_codebook
from citysurvey.datasets import (
    demo_city_path,
    draw_sample,
    make_population,
    read_population,
    true_item_satisfaction,
    write_demo_city,
)
from citysurvey.datasets._demo_files import FILES
from citysurvey.datasets._demo_model import category_probs, category_probs_quadrature, linear_predictor
from citysurvey.datasets._demo_phrases import NON_INFORMATIVE
from citysurvey.datasets._demo_spec import DEFAULT_MODEL
from citysurvey.datasets._demo_streets import street_population
from citysurvey.datasets._demo_suggestions import TOPICS

DEMO = demo_city_path()
DROP_ISSUES = {"speeder", "straightliner", "duplicate_device", "under_age"}
DOMAIN = Path("/work/shared/domain")  # the domain notes, when present (not shipped with the package)


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DEMO / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def files():
    responses = _csv("responses.csv")
    issues = _csv("planted_issues.csv")
    dropped = set(issues.loc[issues["issue"].isin(DROP_ISSUES), "resp_id"])
    return {
        "codebook": load_codebook(DEMO / "codebook.yaml"),
        "responses": responses,
        "kept": responses[~responses["resp_id"].isin(dropped)],
        "issues": issues,
        "labels": _csv("suggestion_labels.csv"),
        "cells": read_population(DEMO / "population_cells.csv"),
        "margins": _csv("population_margins.csv").astype({"population": int}),
        "truth": pd.read_csv(DEMO / "truth_items.csv"),
        "topics": pd.read_csv(DEMO / "truth_topics.csv"),
        "indicators": _csv("indicators.csv"),
        "scenarios": yaml.safe_load((DEMO / "scenarios.yaml").read_text(encoding="utf-8"))["scenarios"],
    }


def test_regenerating_reproduces_every_committed_file(tmp_path):
    write_demo_city(tmp_path)
    assert set(FILES) <= {p.name for p in DEMO.iterdir()}
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} differs from the committed file"


def test_file_encodings():
    raw = (DEMO / "responses.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8"
    for name in FILES:
        data = (DEMO / name).read_bytes()
        assert b"\r" not in data, name
        if name != "responses.csv":
            assert not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")


def test_codebook_loads_and_describes_the_questionnaire(files):
    cb = files["codebook"]
    items = [n for n in cb.items if cb.variables[n].role != "overall"]
    assert 30 <= len(items) <= 45
    assert cb.names(role="overall") == ["q_overall"]
    assert cb.variables["q_overall"].level == OVERALL_LEVEL
    assert set(cb.items_by_level()) == {*LEVELS, OVERALL_LEVEL}
    for name in items:
        var = cb.variables[name]
        assert var.level in LEVELS and var.topic in TOPICS and var.label
        assert all(re.fullmatch(r"[HCBU]\d\d", i) for i in var.indicators)
    assert cb.district == "district"
    assert set(cb.variables) == set(files["responses"].columns)
    for role, name in [("duration", "duration_sec"), ("device", "device_id"), ("fieldwork_date", "submitted_at"),
                       ("suggestion", "suggestion"), ("screening", "age")]:
        assert cb.names(role=role) == [name]


@pytest.mark.skipif(not DOMAIN.exists(), reason="domain notes not available")
def test_topics_and_indicators_come_from_the_domain_reference(files):
    lexicon = set(pd.read_csv(DOMAIN / "topic_lexicon.csv")["topic"])
    ref = pd.read_csv(DOMAIN / "indicators_reference.csv")
    mohurd = set(ref.loc[ref["system"] == "MOHURD_2024_4level", "indicator_id"])
    assert set(TOPICS) == lexicon
    cb = files["codebook"]
    for name in cb.items:
        assert set(cb.variables[name].indicators) <= mohurd
    assert set(files["indicators"]["indicator_id"]) <= mohurd


def test_responses_fit_the_codebook_apart_from_the_planted_mess(files):
    cb, resp, issues = files["codebook"], files["responses"], files["issues"]
    district = cb.variables["district"]
    ok = resp["district"].isin(district.categories)
    aliased = set(resp.loc[~ok, "resp_id"])
    assert resp.loc[~ok, "district"].isin(list(district.aliases)).all()
    assert aliased == set(issues.loc[issues["issue"] == "district_alias", "resp_id"])
    for var in ["sex", "age_band", "hukou", "income_band", "tenure"]:
        allowed = set(cb.categories(var)) | ({""} if var == "age_band" else set())
        assert set(resp[var]) <= allowed, var
    items = resp[cb.items]
    bad = ~items.isin(["", "1", "2", "3", "4", "5", "9"])
    fullwidth = set(resp.loc[bad.any(axis=1), "resp_id"])
    assert fullwidth == set(issues.loc[issues["issue"] == "fullwidth_digit", "resp_id"])
    assert all(re.fullmatch("[１２３４５]", v) for v in items.to_numpy()[bad.to_numpy()])
    assert resp["resp_id"].is_unique
    stamps = pd.to_datetime(resp["submitted_at"])
    assert stamps.min() >= pd.Timestamp("2026-07-01") and stamps.max() < pd.Timestamp("2026-08-01")
    assert stamps.is_monotonic_increasing  # the platform numbers rows in submission order
    blanks = (items == "").to_numpy().mean()
    specials = (items == "9").to_numpy().mean()
    assert 0.003 < blanks < 0.03 and 0.02 < specials < 0.10


def test_planted_issues_are_exactly_what_cleaning_should_find(files):
    resp, issues = files["responses"].set_index("resp_id"), files["issues"]
    n_issue = issues["issue"].value_counts()
    assert 90 <= n_issue[list(DROP_ISSUES)].sum() <= 110
    assert len(files["kept"]) == 3000
    dropped = issues[issues["issue"].isin(DROP_ISSUES)]
    assert dropped["resp_id"].is_unique  # one reason per dropped row
    kind = dropped.set_index("resp_id")["issue"]
    items = resp[[c for c in resp.columns if c.startswith("q_")]]
    answered = items.apply(lambda col: col.str.normalize("NFKC")).replace({"": np.nan, "9": np.nan}).astype(float)
    straight = (answered.notna().sum(axis=1) >= 10) & (answered.nunique(axis=1) == 1)
    assert set(straight[straight].index) == set(kind[kind == "straightliner"].index)
    duration = resp["duration_sec"].astype(int)
    fast = duration < duration.median() / 3
    assert set(fast[fast].index) == set(kind[kind == "speeder"].index)
    age = resp["age"].astype(int)
    assert set(age[age < 18].index) == set(kind[kind == "under_age"].index)
    assert set(age[age < 18]) <= {16, 17}
    first = ~resp["device_id"].duplicated(keep="first")
    assert set(first[~first].index) == set(kind[kind == "duplicate_device"].index)


def test_sample_is_biased_like_an_online_survey(files):
    kept, margins = files["kept"], files["margins"]
    age_pop = margins[margins["margin"] == "district×sex×age_band"].groupby("age_band")["population"].sum()
    age_pop = age_pop / age_pop.sum()
    age_sample = kept["age_band"].value_counts(normalize=True)
    assert age_sample["60+"] <= age_pop["60+"] - 0.10
    assert age_sample["18-34"] > age_pop["18-34"] + 0.05
    hukou_pop = margins[margins["margin"] == "district×hukou"].groupby("hukou")["population"].sum()
    assert kept["hukou"].value_counts(normalize=True)["本市户籍"] > hukou_pop["本市户籍"] / hukou_pop.sum()
    income = margins[margins["margin"] == "income_band"].set_index("income_band")["population"]
    top = kept["income_band"].value_counts(normalize=True)["25000元及以上"]
    assert top > income["25000元及以上"] / income.sum()
    canonical = kept["district"].map(lambda d: files["codebook"].variables["district"].aliases.get(d, d))
    per_district = canonical.value_counts()
    assert per_district.between(300, 700).all() and per_district.max() - per_district.min() > 50


def test_margins_add_up_and_match_the_cells(files):
    cells, margins = files["cells"], files["margins"]
    total = int(cells["population"].sum())
    assert 1_800_000 <= total <= 2_000_000
    assert set(margins["margin"]) == {"district×sex×age_band", "district×hukou", "income_band", "district×street"}
    streets = street_population(read_population(DEMO / "population_cells.csv"), DEFAULT_MODEL)
    for margin, rows in margins.groupby("margin"):
        assert rows["population"].sum() == total
        cols = margin.split("×")
        expected = (streets if "street" in cols else cells).groupby(cols, observed=True)["population"].sum()
        got = rows.set_index(cols)["population"]
        got.index = expected.index if len(cols) > 1 else got.index
        assert (got.to_numpy() == expected.reindex(got.index).to_numpy()).all(), margin
        others = [c for c in ["district", "street", "sex", "age_band", "hukou", "income_band"] if c not in cols]
        assert (rows[others] == "").all().all()
    assert (make_population()["population"].to_numpy() == cells["population"].to_numpy()).all()


def test_truth_is_sane_and_planted_districts_differ(files):
    truth = files["truth"]
    rates = [c for c in truth.columns if c.endswith("_rate")]
    assert ((truth[rates] >= 0) & (truth[rates] <= 1)).all().all()
    assert (truth["true_satisfied_rate"] + truth["true_dissatisfied_rate"] <= 1).all()
    assert np.allclose(truth["true_score_100"], 20 * truth["true_mean_position"])
    assert np.allclose(truth["true_score_linear"], 25 * (truth["true_mean_position"] - 1))
    assert truth.groupby("item").size().eq(7).all()
    score = truth.pivot(index="item", columns="district", values="true_score_100")
    for item, district, low in [("q_c04", "北山区", True), ("q_u07", "南湖区", True), ("q_c01", "新城区", True),
                                ("q_h06", "城东区", True), ("q_h02", "城西区", False), ("q_b03", "城东区", False),
                                ("q_c08", "江口区", False)]:
        row = score.loc[item].drop("全市")
        assert (row.idxmin() if low else row.idxmax()) == district, item
        if low:
            assert (row.drop(district) - row[district] > 8).all(), item
        else:
            assert row[district] > score.loc[item, "全市"] + 3.5, item
    special = truth.pivot(index="item", columns="district", values="true_special_rate")
    assert special.loc["q_c02", "全市"] > 0.15 and special.loc["q_h01", "全市"] < 0.02


def test_truth_is_exact():
    pop = make_population()
    eta = linear_predictor(pop.iloc[::37])
    assert np.abs(category_probs(eta) - category_probs_quadrature(eta)).max() < 1e-10
    # A big sample without selection bias reproduces the district truth.
    responses, _ = draw_sample(pop, 40_000, np.random.default_rng(3), bias={}, suggestions=False)
    truth = true_item_satisfaction(pop).set_index(["item", "district"])
    for item, district in [("q_c04", "北山区"), ("q_u07", "南湖区"), ("q_c02", "城西区"), ("q_overall", "江口区")]:
        x = responses.loc[responses["district"] == district, item].astype(float)
        x = x[(x >= 1) & (x <= 5)]
        se = x.std() / np.sqrt(len(x))
        assert abs(x.mean() - truth.loc[(item, district), "true_mean_position"]) < 4 * se, (item, district)


def test_suggestions_follow_the_truth(files):
    kept = files["kept"][["resp_id", "district", "suggestion"]].merge(files["labels"], on="resp_id")
    kept["district"] = kept["district"].map(lambda d: files["codebook"].variables["district"].aliases.get(d, d))
    has_text = kept["suggestion"] != ""
    assert 0.80 <= has_text.mean() <= 0.90
    assert (kept.loc[kept["informative"] == "0", "topics"] == "").all()
    assert (kept.loc[kept["informative"] == "1", "topics"] != "").all()
    assert kept.loc[has_text & (kept["informative"] == "0"), "suggestion"].isin(NON_INFORMATIVE).all()
    personal = kept.loc[kept["has_personal_data"] == "1", "suggestion"]
    assert len(personal) > 30 and personal.str.contains(r"\d{7,}|单元").all()
    mentions = pd.DataFrame({t: kept["topics"].str.split("|").map(lambda ts, t=t: t in ts) for t in TOPICS})
    truth = files["topics"].pivot(index="topic", columns="district", values="true_mention_rate")
    city = mentions.mean()
    assert np.corrcoef(city[list(TOPICS)], truth.loc[list(TOPICS), "全市"])[0, 1] > 0.7
    for district, topic in [("北山区", "C_PARKING"), ("南湖区", "U_FLOOD"), ("新城区", "C_ELDERCARE")]:
        here = mentions.loc[kept["district"] == district, topic].mean()
        elsewhere = mentions.loc[kept["district"] != district, topic].mean()
        assert here > 1.5 * elsewhere, topic
        assert truth.loc[topic, district] > 1.5 * truth.loc[topic].drop([district, "全市"]).mean(), topic
    assert kept["suggestion"].str.contains("电体|停车为|幼儿圆|拉圾|历害|做为").sum() >= 10


def test_indicators_and_scenarios_agree(files):
    ind, truth = files["indicators"], files["truth"].set_index(["item", "district"])
    assert set(ind["year"]) == {"2025", "2026"}
    assert set(ind["area"]) == {"全市", "城东区", "城西区", "南湖区", "北山区", "江口区", "新城区"}
    assert 20 <= ind["indicator_id"].nunique() <= 30
    cb = files["codebook"]
    for s in files["scenarios"]:
        assert s["indicator_id"] in cb.variables[s["item"]].indicators
        assert cb.variables[s["item"]].topic == s["topic"]
        assert s["expected_diagnosis"] in s["acceptable"]
        row = ind[(ind["area"] == s["district"]) & (ind["indicator_id"] == s["indicator_id"]) & (ind["year"] == "2026")].iloc[0]
        value = float(row["value"])
        if row["stock"]:
            share = value / float(row["stock"])
            assert share > 0.15 if s["objective"] == "poor" else share <= 0.05, s["id"]
        elif s["objective"] == "poor":  # a count without stock (积水点): far above the other districts
            others = ind[(ind["indicator_id"] == s["indicator_id"]) & (ind["year"] == "2026") & ~ind["area"].isin([s["district"], "全市"])]
            assert value > 2 * others["value"].astype(float).max()
        else:
            assert value >= 90
        score = truth.loc[(s["item"], s["district"]), "true_score_100"]
        city = truth.loc[(s["item"], "全市"), "true_score_100"]
        if s["subjective"] == "satisfied":
            assert score >= 75 and score > city, s["id"]
        else:
            assert score < 75 and score < city - 5, s["id"]


def test_draw_sample_is_reproducible():
    pop = make_population()
    a, la = draw_sample(pop, 3000, np.random.default_rng(9))
    b, lb = draw_sample(pop, 3000, np.random.default_rng(9))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(la, lb)
    assert len(a) == 3000 and (la["issue"] == "").all()
