"""Text stage, topics: rules, model, the held-out evaluation set and its separation from training."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from citysurvey.text.analyse import analyse_suggestions, load_resources
from citysurvey.text.clean import content_core, normalise
from citysurvey.text.evaluate import evaluate_topics
from citysurvey.text.training import training_corpus, training_cues

FIXTURES = Path(__file__).parent / "fixtures" / "text"
WINDOW = 10  # no run of this many characters of an evaluation answer may occur in training text


@pytest.fixture(scope="module")
def eval_set() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "eval_suggestions.csv", dtype=str, keep_default_na=False)


def test_eval_set_shape(eval_set):
    assert len(eval_set) >= 150
    assert eval_set["id"].is_unique
    kinds = eval_set["kind"].value_counts()
    assert kinds["non_answer"] >= 15 and kinds["multi"] >= 8 and kinds["no_topic"] >= 3
    topics = {t for cell in eval_set["topics"] for t in cell.split("|") if t}
    assert topics == set(load_resources().lexicon.topics)  # every topic is evaluated


def test_eval_set_is_kept_out_of_the_generated_sentences(eval_set):
    """The generator and its cues never copy the older evaluation set. (Since model 2026.12-2 the set is
    among the written answers the model also learns from, data/labelled_answers.csv: figures on it are
    development figures; analysis/text_cv.py scores it with a model trained without it.)"""
    texts, _ = training_corpus(off_topic_share=0.1)
    train = [content_core(normalise(t)) for t in texts] + [content_core(c) for c in training_cues()["cue"]]
    windows = {s[i:i + WINDOW] for s in train for i in range(len(s) - WINDOW + 1)}
    exact = set(train)
    for text in eval_set["text"]:
        core = content_core(normalise(text))
        assert core not in exact, text
        assert not any(core[i:i + WINDOW] in windows for i in range(len(core) - WINDOW + 1)), text


def test_development_sets_do_not_copy_the_evaluation_set(eval_set):
    """The development sets tune the classifier, so they must not carry the held-out answers
    (non-answers such as 好好好 are the same everywhere and are left out of the check)."""
    evals = [content_core(normalise(t)) for t in eval_set["text"]]
    windows = {s[i:i + WINDOW] for s in evals for i in range(len(s) - WINDOW + 1)}
    for name in ("dev_suggestions.csv", "dev2_suggestions.csv"):
        dev = pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)
        assert dev["id"].is_unique
        for text in dev.loc[dev["kind"] != "non_answer", "text"]:
            core = content_core(normalise(text))
            assert core not in evals, (name, text)
            assert not any(core[i:i + WINDOW] in windows for i in range(len(core) - WINDOW + 1)), (name, text)


def test_second_development_set_covers_every_topic():
    dev = pd.read_csv(FIXTURES / "dev2_suggestions.csv", dtype=str, keep_default_na=False)
    topics = pd.Series([t for cell in dev["topics"] for t in cell.split("|") if t]).value_counts()
    assert set(topics.index) == set(load_resources().lexicon.topics) and topics.min() >= 7
    assert set(dev["kind"]) == {"topic", "multi", "no_topic", "non_answer"}


def test_eval_scores(eval_set):
    res = evaluate_topics(eval_set)
    macro = res["combined"].set_index("topic").loc["macro", "f1"]
    # measured 0.80 (rules alone 0.18, model alone 0.76; 0.59 before issue 7) while the set was held out; it is
    # now among the training answers, so the floor only guards against regressions
    assert macro >= 0.75
    assert res["model"].set_index("topic").loc["macro", "f1"] >= 0.70
    assert res["combined"].set_index("topic").loc["macro", "f1"] > res["rules"].set_index("topic").loc["macro", "f1"]
    # since model 2026.12-3 a non-answer output reads 不满意，说了也没用 (labelled informative, no topic) as saying
    # nothing: one of 190
    assert res["status_accuracy"] >= 189 / 190


def test_rules_see_terms_through_typos_and_inside_tokens():
    out = analyse_suggestions(["停车为太少", "公交车站太远", "物业不做为", "电梯加装", "无"])
    assert out.frame["topics_rule"].tolist() == ["C_PARKING", "U_TRAFFIC", "C_PROPERTY", "H_ELDER", ""]


def test_model_finds_paraphrases_the_lexicon_lacks():
    out = analyse_suggestions(["晚上回来车没地方停", "老人爬楼太累了"])
    assert out.frame["topics_rule"].tolist() == ["", ""]
    assert out.frame["topics"].tolist() == ["C_PARKING", "H_ELDER"]


def test_multi_topic_answers_get_several_topics():
    out = analyse_suggestions(["1、停车难 2、路灯不亮 3、垃圾没人清"])
    assert set(out.frame["topics"].iloc[0].split("|")) == {"C_PARKING", "C_WALK", "C_WASTE"}


def test_two_workers_give_the_same_result(monkeypatch):
    import citysurvey.text.analyse as analyse
    from citysurvey.text.training import synthetic_survey

    texts = synthetic_survey(400, seed=9)["suggestion"]
    one = analyse_suggestions(texts)
    monkeypatch.setattr(analyse, "CHUNK", 60)  # several chunks, so the pool really splits the work
    two = analyse_suggestions(texts, workers=2)
    pd.testing.assert_frame_equal(one.frame, two.frame)
    pd.testing.assert_frame_equal(one.mentions, two.mentions)
