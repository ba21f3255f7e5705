"""The learned scorer of the name right after a strong person cue (citysurvey/text/cued_names.py): names with no listed
surname, or a given name alone, after a relative, a self-introduction, a form's label, a signature's dash or comma, or
an English label; and what it leaves alone. The examples are new (none is from a development set)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import redacted as _r

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, name", [
    ("我叫阿依古丽，在小区门口卖馕", "阿依古丽"),  # a Uyghur name led by 阿 is no nickname
    ("我和我对象 志强 打算在这买房，首付不够", "志强"),  # a relative, a given name alone
    ("我的孙女 思彤 上三年级，学校门口太堵", "思彤"),
    ("上次我家小孩子乐乐差点摔倒，井盖松了", "乐乐"),  # a child's pet name
    ("——外孙女 思雨", "思雨"),  # a signature's dash and a relative
    ("我叫秀兰，住二楼，楼上天天漏水", "秀兰"),  # a self-introduction, a given name alone
    ("我叫婉清，住在河边的老房子", "婉清"),
    ("他叫桑吉，藏族，在这边打工", "桑吉"),  # no listed surname
    ("她叫美玲，是我邻居", "美玲"),
    ("我是8栋的 兰芳，楼道灯一直不亮", "兰芳"),  # 我是…的 and a name
    ("我叫 Ryan 林，电话 139 1234 5678", "Ryan 林"),  # a Latin given name and a surname
    ("Ethan's dad: Mark Hughes", "Mark Hughes"),  # an English label and a full name
    ("Lily's mum: Grace Turner", "Grace Turner"),
])
def test_a_name_after_a_strong_cue_goes(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out, out


@pytest.mark.parametrize("text", [
    "我爸腿脚不好，上楼很难",  # what is said of a relative
    "孩子学画画没地方，少年宫太远",
    "我妈每天早上去公园跳舞",
    "我女儿今年考大学",
    "我是新来的租户，押金退不了",
    "我叫不出他的名字",
    "我是三楼的住户，楼上漏水",
    "我是楼下的初中生，篮球场太少",
    "家长：车多，接孩子难",  # a label and a thing with what is wrong with it
    "我家孩子喜欢搭积木",
    "我是 锦华苑3栋 的业主",  # a place and its number
    "投诉对象：翠湖花园物业",
    "Visit the museum — Science Centre",  # Latin words after a dash that are no given name
    "我叫阿强，在菜市场卖菜",  # 阿X: a nickname, as 小X and 老X
    "外婆叫阿珠，腿不好，楼太高",
    "Mrs. Okafor 是我的房东，暖气一直不热",  # a surname after a Latin title, before a cue after a name
    "Prof Hansen 是我邻居，他说健身器材坏了",
    "窗户换了，屋里还是冷，钱白花了",  # a clause ending in a particle is said, not signed
    "防水做了，还是漏，钱白花了",
    "小孩成绩不好，想问问社区有没有辅导班",  # a common noun and what is wrong with it
    "孩子成绩没起色，学区房太贵",
    "我儿子成绩不好，小区里没有自习室",  # the same after a kin cue of the rules (names.noun_then_wrong serves both)
    "我女儿视力太差，路灯又暗",
])
def test_what_follows_a_cue_and_is_no_name_stays(text):
    assert _r(text) == text


def test_the_scorer_reads_only_what_the_rules_leave_open():
    from citysurvey.text.names import NameFinder
    from citysurvey.text.redact import _word_freq

    on, off = NameFinder(_word_freq()), NameFinder(_word_freq(), cued=False)
    text = "我叫秀兰，住二楼"
    assert off.find(text) == [] and [text[a:b] for a, b in on.find(text)] == ["秀兰"]
    # where a rule reads a name the scorer adds nothing
    assert on.find("联系人：王建国 13912345678") == off.find("联系人：王建国 13912345678")


def test_candidates_of_each_shape():
    from citysurvey.text.cued_names import candidates
    from citysurvey.text.names import dict_tags
    from citysurvey.text.redact import _word_freq

    def read(text):
        return [(kind, [text[a:b] for a, b, _ in c]) for kind, _, c in candidates(text, _word_freq(), dict_tags().get)]

    assert read("我奶奶央金拉姆腿不好") == [("kin", ["央金", "央金拉", "央金拉姆"])]
    assert read("我叫阿依古丽·买买提") == [("intro", ["阿依古丽·买买提", "阿依古", "阿依古丽"])]  # (阿依 alone: 阿X, a nickname)
    assert read("我叫 Ryan 林，") == [("intro", ["Ryan", "Ryan 林"])]
    assert read("Noah's dad: Peter Walsh") == [("latin_label", ["Peter", "Peter Walsh"])]
    assert read("路灯坏了，邝锦添") == [("end", ["邝锦", "邝锦添"])]
    assert read("甲\n乙") == []  # nothing crosses a line


def test_shipped_weights_name_their_sources():
    data = json.loads((REPO / "citysurvey" / "text" / "data" / "cued_names.json").read_text(encoding="utf-8"))
    from citysurvey.text.cued_names import FEATURES

    assert set(data["weights"]) == set(FEATURES)
    assert 0.5 <= data["threshold"] < 1
    # the tables the features read are those the weights were fitted with (else: analysis/train_cued_names.py --write)
    import sys

    sys.path.insert(0, str(REPO / "analysis"))
    from train_cued_names import tables_sha

    names_tables, latin = data["manifest"]["tables"]
    assert names_tables["sha256"] == tables_sha()
    assert hashlib.sha256((REPO / latin["file"]).read_bytes()).hexdigest() == latin["sha256"]
    assert {Path(s["file"]).name for s in data["manifest"]["sources"]} >= {"redaction_cases.csv", "redaction_heldout23.jsonl"}


@pytest.mark.parametrize("text, cue, first", [
    ("我姑娘晓雯在外地读书，社区活动通知收不到", "我姑娘", "晓雯"),  # 姑娘: northern for a daughter, the whole word the cue
    ("俺姑娘 春燕 在县城上班", "俺姑娘", "春燕"),
    ("我伯母秀英腿脚不便，电梯老坏", "我伯母", "秀英"),
    ("我妹子玉兰也住这个小区", "我妹子", "玉兰"),
    ("我姑秀芝每周来帮忙", "我姑", "秀芝"),  # 姑 alone is still a relative
])
def test_a_kin_cue_never_ends_inside_a_word(text, cue, first):
    # a kin cue of 我/俺 and one character stops before a word that character starts (姑娘, 娘家, 姐妹): the word is the
    # cue when it is a relative, and no cue otherwise; no candidate then starts with the word's second character
    from citysurvey.text.cued_names import CUE, candidates
    from citysurvey.text.names import dict_tags
    from citysurvey.text.redact import _word_freq

    m = CUE.search(text)
    assert m and m.group("kin").rstrip(" ") == cue, m and m.group()
    cands = [text[a:b] for kind, _, c in candidates(text, _word_freq(), dict_tags().get) for a, b, _ in c]
    assert cands and all(s.startswith(first[0]) for s in cands), cands


@pytest.mark.parametrize("text", [
    "我娘家在农村，过年才回去",  # 娘家: a wife's parents' home, no relative's name after it
    "我姐妹俩都在这个街道上班",
    "我弟兄几个轮流照顾老人",
    "我哥们儿说这个路口常堵车",
    "我姑且说一句，停车太难了",
])
def test_a_word_that_starts_with_a_kin_character_is_no_cue(text):
    from citysurvey.text.cued_names import candidates
    from citysurvey.text.names import dict_tags
    from citysurvey.text.redact import _word_freq

    assert [k for k, _, _ in candidates(text, _word_freq(), dict_tags().get) if k == "kin"] == []
    assert _r(text) == text


def _trainer():
    import sys

    sys.path.insert(0, str(REPO / "analysis"))
    import train_cued_names

    return train_cued_names


def _cue(rng, source, record, pos, negative=False, keeps=()):
    """A made-up cue of the trainer: three candidates, the first a name when ``pos``."""
    import numpy as np

    from citysurvey.text.cued_names import FEATURES

    X = rng.normal(size=(3, len(FEATURES)))
    X[0, 0] += 2.0 if pos else -1.0
    return {"X": X.tolist(), "y": [int(pos), 0, 0], "covered": False, "spans": [(0, 2), (0, 3), (1, 3)],
            "gold": [(0, 2)] if pos else [], "negative": negative, "keeps": list(keeps), "kind": "kin",
            "record": record, "text": "甲乙丙丁", "rules": []}


def test_the_trainers_newton_solver_reaches_scikit_learns_minimum():
    import numpy as np

    t = _trainer()
    rng = np.random.default_rng(7)
    data = [_cue(rng, "s", i, i % 3 == 0) for i in range(120)]
    exact, lbfgs = t.weights(data), t.fit(data)
    assert abs(exact["bias"] - lbfgs["bias"]) < 0.02
    assert max(abs(exact["weights"][k] - lbfgs["weights"][k]) for k in exact["weights"]) < 0.02


def test_the_held_out_threshold_lies_over_every_held_out_false_name():
    # folds are sets with their topic set: a false name of a fold is scored by weights fitted without that fold, and
    # the threshold (a probability) lies just over the highest such logit + the margin
    import math

    import numpy as np

    t = _trainer()
    rng = np.random.default_rng(11)
    data = {f"redaction_heldout{n}": [_cue(rng, n, i, i % 2 == 0) for i in range(30)] for n in (2, 3, 4)}
    data["topics_heldout3"] = [_cue(rng, 3, i, False, negative=True) for i in range(10)]
    model = t.fit_heldout(data, list(data))
    assert t.fold_of("topics_heldout3") == t.fold_of("redaction_heldout3") == 3
    top = model["set_by"][0][2]
    logit = math.log(model["threshold"] / (1 - model["threshold"]))
    assert logit == pytest.approx(max(0.0, top + t.MARGIN), abs=1e-3)
    held = t.outcomes(t.weights([c for n in data if t.fold_of(n) != 3 for c in data[n]]), data, ["topics_heldout3"])
    assert max(o["z"] for o in held if o["false"]) == pytest.approx(top, abs=1e-3)  # (set_by: 3 decimals)
