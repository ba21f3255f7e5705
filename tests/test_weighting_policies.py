"""Empty cells, contradictory margins, infeasible bounds, trimming: errors that name the problem."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.estimation import svymean
from citysurvey.weighting import (
    Margin, SurveyDesign, base_weights, calibrate, diagnose, margin_report, margins_from_long, poststratify, rake,
    trim_weights,
)


def _data(n=400, seed=1):
    rng = np.random.default_rng(seed)
    age = pd.Categorical(rng.choice(["18-29", "30-44", "45-59", "60+"], n), categories=["18-29", "30-44", "45-59", "60+"], ordered=True)
    return pd.DataFrame(
        {
            "district": rng.choice(["东区", "西区"], n),
            "sex": rng.choice(["男", "女"], n),
            "age_band": age,
            "y": rng.normal(size=n),
        }
    )


def _pop(data, scale=100.0):
    t = data.groupby(["district", "sex", "age_band"], observed=True).size().rename("population").reset_index()
    t["population"] = t["population"] * scale
    t["age_band"] = t["age_band"].astype(str)
    return t


def test_design_is_immutable_and_steps_return_new_designs():
    data = _data()
    d = SurveyDesign.from_frame(data)
    with pytest.raises(ValueError):
        d.weights[0] = 5.0
    d2 = poststratify(d, Margin.of("sex", {"男": 500, "女": 500}))
    assert d.weights.sum() == len(data) and np.isclose(d2.weights.sum(), 1000)
    assert len(d.calibrations) == 0 and len(d2.calibrations) == 1
    assert d2.history[-1].kind == "poststratify"


def test_population_cell_without_sample_is_named():
    data = _data()
    data = data[~((data.district == "东区") & (data.sex == "男") & (data.age_band == "60+"))]
    pop = _pop(_data())
    with pytest.raises(StageError) as e:
        rake(SurveyDesign.from_frame(data), [Margin.of(["district", "sex", "age_band"], pop)])
    assert "东区×男×60+" in str(e.value) and "no respondent" in str(e.value)


def test_collapse_merges_adjacent_age_band_within_district():
    data = _data()
    data = data[~((data.district == "东区") & (data.sex == "男") & (data.age_band == "60+"))].reset_index(drop=True)
    pop = _pop(_data())
    d = rake(
        SurveyDesign.from_frame(data), [Margin.of(["district", "sex", "age_band"], pop)],
        empty="collapse", collapse_order=["age_band"],
    )
    step = d.history[-1]
    assert step.details["collapsed"] == ["东区×男×60+ → 东区×男×45-59"]
    rep = step.report
    merged = rep[rep.cell == "东区×男×45-59 + 60+"]
    assert len(merged) == 1 and np.isclose(merged.achieved.iloc[0], merged.target.iloc[0])
    assert np.isclose(d.weights.sum(), pop.population.sum())


def test_sample_cell_without_population_is_named():
    data = _data()
    pop = _pop(data)
    pop = pop[~((pop.district == "西区") & (pop.sex == "女") & (pop.age_band == "18-29"))]
    with pytest.raises(StageError) as e:
        poststratify(SurveyDesign.from_frame(data), Margin.of(["district", "sex", "age_band"], pop))
    assert "西区×女×18-29" in str(e.value) and "no population" in str(e.value)


def test_margins_with_different_totals_name_the_worst():
    data = _data()
    with pytest.raises(StageError) as e:
        rake(SurveyDesign.from_frame(data), [Margin.of("sex", {"男": 500, "女": 500}), Margin.of("district", {"东区": 500, "西区": 530})])
    msg = str(e.value)
    assert "district" in msg and "+30" in msg


def test_raking_that_cannot_converge_names_the_worst_cell():
    # sex and district are perfectly confounded in the sample: these margins cannot both hold
    data = pd.DataFrame({"sex": ["男"] * 10 + ["女"] * 10, "district": ["东区"] * 10 + ["西区"] * 10})
    with pytest.raises(StageError) as e:
        rake(
            SurveyDesign.from_frame(data),
            [Margin.of("sex", {"男": 50, "女": 50}), Margin.of("district", {"东区": 70, "西区": 30})],
            max_iter=50,
        )
    msg = str(e.value)
    assert "did not converge" in msg and "target" in msg and "achieved" in msg


def test_infeasible_bounds_are_an_error_naming_the_margin():
    data = _data()
    with pytest.raises(StageError) as e:
        calibrate(SurveyDesign.from_frame(data), [Margin.of("sex", {"男": 300, "女": 700})], calfun="logit", bounds=(0.8, 1.2))
    assert "sex" in str(e.value) and "did not converge" in str(e.value)


def test_logit_bounds_hold():
    data = _data()
    d0 = SurveyDesign.from_frame(data)
    d = calibrate(d0, [Margin.of("sex", {"男": 190, "女": 210}), Margin.of("district", {"东区": 220, "西区": 180})], calfun="logit", bounds=(0.5, 1.5))
    g = d.weights / d0.weights
    assert g.min() >= 0.5 and g.max() <= 1.5


def test_trimming_reports_and_never_silently_does_nothing():
    data = _data()
    d = SurveyDesign.from_frame(data, weights=np.linspace(1, 10, len(data)))
    t = trim_weights(d, upper_mult=1.5)
    assert t.weights.max() <= 1.5 * d.weights.mean() * (1 + 1e-9)
    assert np.isclose(t.weights.sum(), d.weights.sum())
    rep = t.history[-1].report
    assert list(rep.when) == ["before", "after"] and rep.n_outside_caps.iloc[0] > 0 and rep.n_outside_caps.iloc[1] == 0
    same = trim_weights(d, upper=100)
    assert "nothing changed" in same.history[-1].description
    with pytest.raises(StageError):
        trim_weights(d, upper=0.5 * d.weights.mean())


def test_trim_then_recalibrate_until_both_hold():
    data = _data()
    pop = _pop(data)
    rng = np.random.default_rng(3)
    d = SurveyDesign.from_frame(data, weights=rng.lognormal(0, 0.6, len(data)))
    margins = [Margin.of(["district", "sex"], pop.groupby(["district", "sex"], as_index=False)["population"].sum()),
               Margin.of("age_band", pop.groupby("age_band", as_index=False)["population"].sum())]
    r = rake(d, margins)
    cap = 2.5 * r.weights.mean()
    assert r.weights.max() > cap
    t = trim_weights(r, upper=cap, recalibrate=True)
    assert t.weights.max() <= cap * (1 + 1e-8)
    rep = margin_report(t, margins)
    assert np.abs(rep.rel_error).max() < 1e-8
    assert len(t.calibrations) == 1  # only the final recalibration feeds the variance
    assert np.isfinite(svymean(t, "y").se.iloc[0])


def test_diagnostics_by_district_and_base_weights():
    data = _data()
    plan = data.groupby(["district", "sex"]).size().rename("population").reset_index()
    plan["population"] = [1000, 2000, 3000, 4000]
    w = base_weights(data, Margin.of(["district", "sex"], plan))
    assert np.isclose(w.sum(), 10000)
    d = SurveyDesign.from_frame(data, weights=w)
    diag = diagnose(d, by="district")
    assert {"deff_kish", "n_eff", "share_weighted"} <= set(diag.columns)
    assert diag.iloc[0]["n"] == len(data)
    assert np.isclose(diag["deff_kish"].iloc[0], len(w) * (w**2).sum() / w.sum() ** 2)


def test_margins_from_long_format():
    long = pd.DataFrame(
        {
            "margin": ["sex", "sex", "district×sex", "district×sex", "district×sex", "district×sex"],
            "district": [None, None, "东区", "东区", "西区", "西区"],
            "sex": ["男", "女", "男", "女", "男", "女"],
            "population": [500, 500, 240, 260, 260, 240],
        }
    )
    ms = margins_from_long(long)
    assert [m.name for m in ms] == ["sex", "district×sex"]
    with pytest.raises(StageError) as e:
        margins_from_long(long, ["age_band"])
    assert "age_band" in str(e.value)


def test_lonely_psu_is_an_error():
    data = pd.DataFrame({"s": ["a", "a", "b"], "y": [1.0, 2.0, 3.0]})
    with pytest.raises(StageError) as e:
        svymean(SurveyDesign.from_frame(data, strata="s"), "y")
    assert "one PSU" in str(e.value)
