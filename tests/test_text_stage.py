"""Text stage in a run: contract, outputs, privacy, determinism."""
from __future__ import annotations

import copy

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.outputs import read_csv, sha256_file
from citysurvey.pipeline import run_study
from citysurvey.text.config import TextConfig
from citysurvey.text.stage import TextStage

from conftest import MINI_ROWS, write_mini_study

PERSONAL = ["13812345678", "0772-2345678", "450202199001011234", "zhang.san@qq.com", "2单元501室", "王建国"]
SUGGESTIONS = [
    "停车难，电话13812345678", "无", "我家3栋2单元501室顶楼漏水，座机0772-2345678", "路灯不亮，找王建国书记也没用",
    "身份证450202199001011234，加装电梯吧", "邮箱zhang.san@qq.com，垃圾没人清", "公交太少",
]


def _study(tmp_path, suggestions=SUGGESTIONS):
    rows = copy.deepcopy(MINI_ROWS)
    for r, s in zip(rows, suggestions):
        r[-1] = s
    # keep everyone so every answer reaches the stage
    return write_mini_study(tmp_path / "mini", rows=rows, cleaning="cleaning: {speeder_ratio: null, min_age: null, "
                                                                    "duplicate_devices: keep}\n")


def test_enabled_only_with_a_suggestion_column(tmp_path):
    path = _study(tmp_path)
    assert TextStage().enabled(load_study(path)) is True
    cb = path.parent / "codebook.yaml"
    cb.write_text(cb.read_text(encoding="utf-8").replace("role: suggestion, ", ""), encoding="utf-8")
    assert TextStage().enabled(load_study(path)) is False


def test_config_defaults_are_usable_and_strict():
    cfg = TextConfig()
    assert cfg.backend == "jieba" and cfg.hmm is False and cfg.workers == 1
    with pytest.raises(Exception):
        TextConfig(unknown_key=1)
    with pytest.raises(Exception):
        TextConfig(backend="thulac")


def test_run_writes_tidy_tables_and_charts(tmp_path):
    res = run_study(_study(tmp_path), stages=[TextStage()])
    out = res.output_dir / "text"
    for name in ("suggestions", "answer_status", "topic_shares", "topic_shares_by_group", "keywords", "themes",
                 "quotes", "floods"):
        assert (out / f"{name}.csv").exists(), name
    assert (out / "topic_shares.png").read_bytes()[:4] == b"\x89PNG"
    shares = read_csv(out / "topic_shares.csv")
    assert {"district", "base", "topic", "estimate", "se", "ci_low", "ci_high", "n", "deff"} <= set(shares.columns)
    assert set(shares["district"]) >= {"全市"}
    sugg = read_csv(out / "suggestions.csv", keep_default_na=False)
    assert sugg["status"].value_counts().to_dict() == {"informative": 6, "non_informative": 1}
    summary = res.results["text"].summary
    assert summary["n_non_informative"] == 1 and summary["personal_data_redacted"]["phone"] == 1


def test_no_raw_personal_data_in_any_output(tmp_path):
    res = run_study(_study(tmp_path), stages=[TextStage()])
    out = res.output_dir / "text"
    for f in out.iterdir():
        if f.suffix in (".csv",):
            text = f.read_text(encoding="utf-8-sig")
            for raw in PERSONAL:
                assert raw not in text, (f.name, raw)
    for table in res.results["text"].tables.values():
        blob = table.to_csv()
        assert not any(raw in blob for raw in PERSONAL)


def test_tables_are_byte_identical_across_runs(tmp_path):
    path = _study(tmp_path)
    first = {p.name: sha256_file(p) for p in sorted((run_study(path, stages=[TextStage()]).output_dir / "text").glob("*.csv"))}
    second = {p.name: sha256_file(p) for p in sorted((run_study(path, stages=[TextStage()]).output_dir / "text").glob("*.csv"))}
    assert first == second and len(first) >= 8


def test_weights_from_a_column_and_bad_weights(tmp_path):
    from citysurvey.stage import RunContext
    from citysurvey.loading import load_study_data
    from citysurvey.errors import StageError
    from citysurvey.text.stage import respondent_weights

    cfg = load_study(_study(tmp_path))
    study = load_study_data(cfg)
    ctx = RunContext(cfg, study, tmp_path)
    w, design, source = respondent_weights(ctx, TextConfig())
    assert design is None and source == "equal" and (w == 1).all()
    study.responses["w"] = range(1, len(study.responses) + 1)
    w, _, source = respondent_weights(ctx, TextConfig(weight_column="w"))
    assert source == "column w" and list(w) == list(range(1, len(w) + 1))
    study.responses.loc[study.responses.index[0], "w"] = -1
    with pytest.raises(StageError, match="weight column"):
        respondent_weights(ctx, TextConfig(weight_column="w"))
