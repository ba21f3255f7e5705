"""The shipped topic model: loads without retraining and is the model its manifest describes."""
from __future__ import annotations

import json
from importlib import resources

import numpy as np

from citysurvey.text import model as tm
from citysurvey.text.config import TextConfig


def _never():
    raise AssertionError("the default configuration must not retrain")


def test_shipped_model_loads_without_retraining():
    m, manifest, source = tm.load_or_train(TextConfig(), _never)
    assert source == "shipped"
    # one output per topic, then off-topic answers, then non-answers
    assert manifest["outputs"] == manifest["topics"] + ["OFF_TOPIC", "NON_ANSWER"]
    assert m.coef_.shape == (len(manifest["outputs"]), m.n_features) == (len(manifest["outputs"]), manifest["n_features"])


def test_shipped_model_matches_its_manifest():
    data = resources.files("citysurvey.text").joinpath("data/topic_model.npz").read_bytes()
    manifest = json.loads(resources.files("citysurvey.text").joinpath("data/topic_model.json").read_text(encoding="utf-8"))
    assert tm.sha256(data) == manifest["model_sha256"]
    want = tm.expected_manifest(TextConfig())
    for key in ("model_version", "parameters", "data_sha256", "jieba_version"):  # the training manifest
        assert manifest[key] == want[key], key  # a changed lexicon, cue or typo file needs `python -m citysurvey.text.model`
    assert manifest["model_version"] == tm.MODEL_VERSION
    from citysurvey.text.lexicon import load_lexicon

    assert manifest["topics"] == list(load_lexicon().topics)


def test_model_round_trips_and_another_configuration_trains_once(tmp_path, monkeypatch):
    m, _, _ = tm.load_or_train(TextConfig(), _never)
    back = tm.model_from_bytes(tm.model_to_bytes(m))
    assert back.token_vocab_ == m.token_vocab_
    np.testing.assert_allclose(back.coef_, m.coef_, rtol=1e-6, atol=1e-7)  # stored as float32
    # the reading of whose thing a city term is about travels with the model
    assert m.frame_ is not None and len(m.frame_.weights_)
    assert (back.frame_.features_ == m.frame_.features_).all() and (back.frame_.weights_ == m.frame_.weights_).all()
    assert (back.frame_.C, back.frame_.bits, back.frame_.window, back.frame_.intercept_) == (
        m.frame_.C, m.frame_.bits, m.frame_.window, m.frame_.intercept_)
    monkeypatch.setenv("CITYSURVEY_CACHE", str(tmp_path))
    calls = []
    cfg = TextConfig(classify={"seed": 7})

    def train():
        calls.append(1)
        return m

    assert tm.load_or_train(cfg, train)[2] == "trained"
    assert tm.load_or_train(cfg, train)[2] == "cache"
    assert len(calls) == 1


def test_shipped_variant_table_is_what_the_lexicon_gives():
    """data/term_variants.csv is rebuilt from the lexicon and cues with pypinyin, never edited by hand."""
    import pytest

    pytest.importorskip("pypinyin")
    import pandas as pd

    from citysurvey.text.lexicon import TypoMap, load_lexicon
    from citysurvey.text.segment import domain_words, jieba_dictionary, segmenter_for
    from citysurvey.text.training import training_cues
    from citysurvey.text.variants import build_variants, shipped_variants

    lexicon = load_lexicon()
    seg = segmenter_for(domain_words(lexicon, TypoMap.load(), ()), "jieba", False)
    words = [w for toks in seg.cut_lines("\n".join(training_cues()["cue"])) for w in toks]
    built = build_variants(lexicon, jieba_dictionary(), words)
    pd.testing.assert_frame_equal(built.reset_index(drop=True), shipped_variants().reset_index(drop=True))
