"""The text section's files (lexicon, typo_map) are read relative to the study file, as every path of a study is."""
import os

import pytest

from citysurvey.config import load_study
from citysurvey.datasets.tiny import write_tiny_study
from citysurvey.errors import ConfigError


def _study_with(tmp_path, text_section: str):
    study = write_tiny_study(tmp_path / "study")
    yaml = study.read_text(encoding="utf-8").replace("text: {charts: false}", f"text: {{charts: false, {text_section}}}")
    study.write_text(yaml, encoding="utf-8")
    return study


def test_a_typo_map_next_to_the_study_is_found_from_any_working_directory(tmp_path, monkeypatch):
    study = _study_with(tmp_path, "typo_map: own_typos.csv")
    (study.parent / "own_typos.csv").write_text("variant,canonical\n垃极,垃圾\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cfg = load_study(study)
    assert cfg.stages["text"].typo_map == (study.parent / "own_typos.csv").resolve()

    from citysurvey.pipeline import run_study
    from citysurvey.text import TextStage

    res = run_study(study, stages=[TextStage()])
    assert os.getcwd() == str(elsewhere)
    assert "text" in res.results


def test_a_missing_lexicon_is_named_with_its_key_before_the_run(tmp_path):
    study = _study_with(tmp_path, "lexicon: no_such_lexicon.csv")
    with pytest.raises(ConfigError) as err:
        load_study(study)
    text = str(err.value)
    assert "text.lexicon" in text and "no_such_lexicon.csv" in text
