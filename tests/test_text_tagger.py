"""The numpy Viterbi of citysurvey.text.tagger gives jieba.posseg's result exactly (score and states)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("jieba")

from citysurvey.text.tagger import pos_tokenizer_class, viterbi  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def _runs() -> list[str]:
    texts: list[str] = []
    for f in sorted(FIXTURES.glob("topics_*.csv")):
        texts += pd.read_csv(f, dtype=str, keep_default_na=False)["text"].tolist()
    return [r for t in texts for r in re.findall(r"[\u4e00-\u9fd5]+", t)]


def test_viterbi_same_as_jieba():
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    runs = _runs()
    rng = random.Random(20261206)
    chars = sorted(set("".join(runs))) + list("abcXYZ0129龘")  # and characters outside jieba's state table
    samples = [r[:12] for r in rng.sample(runs, 600)]
    samples += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(600)]
    samples += ["谢谢", "张伟天天在小区遛狗", "王", "龘龘龘", "李建国书记", "欧阳娜娜"]
    for s in samples:
        assert viterbi(s) == jieba_viterbi(s, char_state_tab_P, start_P, trans_P, emit_P), s


def test_tagger_same_tags_as_jieba():
    import jieba.posseg as pseg

    ours = pos_tokenizer_class()(pseg.dt.tokenizer)
    for s in _runs()[:400] + ["联系人张伟，电话找王建国书记", "我叫李小红住在幸福小区"]:
        assert [(w.word, w.flag) for w in ours.lcut(s, HMM=True)] == [(w.word, w.flag) for w in pseg.dt.lcut(s, HMM=True)]
