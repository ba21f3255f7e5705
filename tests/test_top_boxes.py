"""满意 relative to each item's scale: one definition (``ScoringConfig.boxes``) for estimation, scoring and report."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from citysurvey.errors import ConfigError, StageError
from citysurvey.pipeline import run_study, validate_study
from citysurvey.scoring.config import ScoringConfig
from citysurvey.waves.stage import _check_boxes

from variant_studies import FAST, LIKERT_WORDS, synthetic_study

#: item → points of its scale in the mixed study
MIXED = {"sat_1": 5, "sat_2": 7, "sat_3": 10, "sat_4": 11}


@pytest.mark.parametrize("k, top", [(4, 2), (5, 2), (7, 3), (10, 5), (11, 5)])
def test_default_is_every_answer_above_the_middle(k, top):
    assert ScoringConfig().boxes(k) == (top, top)


def test_a_count_or_a_count_per_scale_length_overrides_it():
    assert [ScoringConfig(top_boxes=2).boxes(k)[0] for k in (5, 7, 10, 11)] == [2, 2, 2, 2]
    cfg = ScoringConfig(top_boxes={7: 2, 11: 4}, bottom_boxes=1)
    assert [cfg.boxes(k) for k in (5, 7, 10, 11)] == [(2, 1), (2, 1), (5, 1), (4, 1)]
    with pytest.raises(ValueError):
        ScoringConfig(top_boxes="top_two")


def mixed_study(folder: Path, sections: str = FAST) -> Path:
    """A study whose items use 5-, 7-, 10- and 11-point scales."""
    study = synthetic_study(folder, sections=sections)
    cb = yaml.safe_load((folder / "codebook.yaml").read_text(encoding="utf-8"))
    responses = pd.read_csv(folder / "responses.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(11)
    for item, k in MIXED.items():
        cb["scales"][f"s{k}"] = {"codes": list(range(1, k + 1)), "labels": LIKERT_WORDS[k], "special": {99: "说不清"}}
        cb["variables"][item]["scale"] = f"s{k}"
        # skewed towards the top, so each box count gives a different share
        responses[item] = [str(p) for p in np.minimum(k, 1 + rng.binomial(k, 0.7, len(responses)))]
    (folder / "codebook.yaml").write_text(yaml.safe_dump(cb, allow_unicode=True), encoding="utf-8")
    responses.to_csv(folder / "responses.csv", index=False)
    return study


def _by_hand(res, item: str, top: int, k: int) -> float:
    data = res.results["weighting"].value.data
    x = pd.to_numeric(data[item], errors="coerce")
    valid = ((x >= 1) & (x <= k)).to_numpy()
    w = res.results["weighting"].value.weights
    return float((w * (x > k - top).to_numpy())[valid].sum() / w[valid].sum())


@pytest.mark.parametrize("setting, tops", [
    (None, {5: 2, 7: 3, 10: 5, 11: 5}),
    ("{7: 2, 11: 3}", {5: 2, 7: 2, 10: 5, 11: 3}),
])
def test_estimation_scoring_and_method_text_count_the_same_boxes(tmp_path, setting, tops):
    sections = FAST.replace("scoring: {charts: false}", f"scoring: {{charts: false, top_boxes: {setting}}}"
                            if setting else "scoring: {charts: false}")
    res = run_study(mixed_study(tmp_path, sections))
    est = res.results["estimation"].tables["estimates"]
    e = est[(est["measure"] == "satisfied_share") & (est["district"] == "全市")].set_index("variable")["estimate"]
    scores = res.results["scoring"].tables["scores"]
    s = scores[(scores["measure"] == "satisfied_rate") & (scores["domain_var"] == "city")
               & (scores["kind"] == "item")].set_index("item")["estimate"]
    rule = res.results["scoring"].tables["method"].set_index("aspect")["rule"]["满意率"]
    for item, k in MIXED.items():
        top = tops[k]
        want = _by_hand(res, item, top, k)
        assert e[item] == pytest.approx(want, abs=1e-12) and s[item] == pytest.approx(want, abs=1e-12)
        # fewer boxes, a smaller share: the count really changes the figure
        assert _by_hand(res, item, top - 1, k) < want
        words = "、".join(list(reversed(LIKERT_WORDS[k]))[:top])
        assert f"{k}点量表选择最满意 {top} 档（{words}）" in rule


def test_boxes_that_overlap_on_a_scale_stop_validate(tmp_path):
    study = mixed_study(tmp_path, FAST.replace("scoring: {charts: false}", "scoring: {charts: false, top_boxes: {5: 4}}"))
    with pytest.raises((ConfigError, StageError)) as exc:
        validate_study(study)
    text = exc.value.format()
    assert "5 点量表上重叠" in text and "5-point" in text and "scoring.top_boxes" in text


def test_waves_compare_the_boxes_counted_not_the_setting_written():
    five = SimpleNamespace(items=["a"], variables={"a": SimpleNamespace(scale="s")},
                           scales={"s": SimpleNamespace(n_points=5)})
    seven = SimpleNamespace(items=["a"], variables={"a": SimpleNamespace(scale="s")},
                            scales={"s": SimpleNamespace(n_points=7)})
    wave = SimpleNamespace(scoring_config={"top_boxes": 2, "bottom_boxes": 2}, year=2025, path=Path("out/2025"))
    _check_boxes(wave, ScoringConfig(), five)  # 2 of 5 either way: comparable
    with pytest.raises(StageError) as exc:
        _check_boxes(wave, ScoringConfig(), seven)  # 3 of 7 now, 2 of 7 then
    assert "7 点量表上计 3 档" in exc.value.format() and "scoring.top_boxes: 2" in exc.value.format()
