"""The statistical name model (citysurvey/text/name_model.py): names with no cue, with examples written for
these tests (none taken from an evaluation set); words, places and titles that stay; the shipped tables and
their sources; the fast scoring path against the feature table it is fitted on."""
from __future__ import annotations

import math

import pytest

from citysurvey.text import name_model
from citysurvey.text.clean import normalise
from citysurvey.text.redact import default_redactor, redact


def _r(text: str) -> str:
    return redact(normalise(text))


@pytest.mark.parametrize("text, name", [
    ("葛淑贞就知道这事，你们问她", "葛淑贞"),  # a bare subject, no cue at all
    ("卫建设把自行车全堆在楼梯口", "卫建设"),  # a given name that is an ordinary word
    ("伍振邦说电梯又坏了三天", "伍振邦"),
    ("昨晚跟池美凤吵了一架，她家狗太吵", "池美凤"),  # an object after a verb
    ("支持加装电梯的有詹国梁、柯慧琳和滕志远三家", "柯慧琳"),  # names in a list, after the first
    ("支持加装电梯的有詹国梁、柯慧琳和滕志远三家", "滕志远"),
    ("签名：甘志强、邰美珍、仝建国", "仝建国"),  # a list after a label, rare surnames
    ("有事去找“牛德旺”，他管钥匙", "牛德旺"),  # in quotes
    ("蹇文斌私自占了两个车位", "蹇文斌"),  # a surname the old lists did not have
    ("本人詹松年，住三号楼", "詹松年"),  # 年 ends the given name, not the clause
])
def test_names_without_a_cue_go(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out


@pytest.mark.parametrize("text, keep", [
    ("房东说涨就涨，租客没办法", "房东"),  # a word for people, said of nobody named
    ("早高峰挤不上公交，晚高峰也一样", "高峰"),
    ("黄金周景区周边堵得走不动", "黄金周"),
    ("我们楼智慧门禁老坏", "楼智慧"),  # 楼 is a surname and 智慧 a name-like word
    ("单元里家政广告贴满了", "单元里"),
    ("游泳池、篮球场、乒乓球台都要有", "游泳池"),  # a list of facilities
    ("康乐园门口的路灯不亮", "康乐园"),  # a place
    ("王书记和李主任都来看过了", "王书记"),  # a surname and a title name nobody
    ("苏东坡纪念馆门口停满了车", "苏东坡"),  # a historical figure
    ("门口新开的周黑鸭排队排到马路上", "周黑鸭"),  # a brand
    ("安全出口被杂物堵了，方便的话清一下", "安全出口"),
    ("商业街晚上太吵，古树也被砍了", "古树"),
])
def test_words_places_titles_and_brands_stay(text, keep):
    assert keep in _r(text)


def test_shipped_model_names_its_sources_and_training():
    m = name_model.shipped()
    sources = {s["package"]: s for s in m["manifest"]["sources"]}
    assert set(sources) == {"ngender", "mingzi", "jieba"}
    assert all(len(s["sha256"]) == 64 and s["version"] for s in sources.values())
    assert set(m["weights"]) == set(name_model.FEATURES)
    assert 0.5 <= m["threshold"] < 1 and 0 < m["list_threshold"] < m["threshold"]
    assert m["training"]["script"].startswith("analysis/train_name_model.py")
    # the tables say what they should: 伟 and 芳 are far commoner in given names than in words, 的 and 说 far rarer
    g = m["given"]
    assert g["伟"] > 3 and g["芳"] > 3 and g["的"] < -3 and g["说"] < -3
    # 王 is a commoner surname than 蹇
    assert m["surname"]["王"] > m["surname"]["蹇"]


def test_tables_rebuild_from_their_packages():
    """The shipped tables are what build_tables makes from ngender, mingzi and jieba (never edited by hand)."""
    pytest.importorskip("ngender")
    pytest.importorskip("mingzi")
    from citysurvey.text.segment import jieba_dictionary

    built = name_model.build_tables(jieba_dictionary())
    m = name_model.shipped()
    for key in ("given", "surname", "surname_in_words"):
        assert built[key] == m[key], key
    assert [s["sha256"] for s in built["manifest"]["sources"]] == [s["sha256"] for s in m["manifest"]["sources"]]


def test_fast_path_scores_as_the_feature_table():
    """NameModel._z (run on every candidate) gives the logit of the features the weights were fitted on."""
    model = default_redactor().names.model
    texts = ["葛淑贞就知道这事", "找了物业的伍振邦，他说等等", "支持的有詹国梁、柯慧琳", "高峰跟我一个单元的",
             "房东说涨就涨", "我们楼智慧门禁老坏", "有事去找“牛德旺”，他管钥匙", "联系人：蹇文斌 电话"]
    n = 0
    for text in texts:
        for a, sl, _ in model.candidates(text):
            for g in (1, 2):
                t = model.table_features(text, a, sl, g)
                if t is None:
                    continue
                f = model.features(text, a, sl, g, t)
                z = model._z(text, a, sl, g, model.table_score(t), -math.inf)
                if f is None:
                    assert z is None  # rejected by the name finder's own tests (a title, a place…)
                    continue
                n += 1
                assert z == pytest.approx(sum(model.weights[k] * v for k, v in f.items()), abs=1e-9)
    assert n >= 10


def test_scan_prunes_nothing_it_would_take():
    """Candidates dropped by their table score (before their context is read) could not have passed."""
    model = default_redactor().names.model
    text = "葛淑贞就知道这事，卫建设把自行车堆在楼梯口，伍振邦说电梯又坏了"
    kept = {a for a, _, _ in model.candidates(text)}
    for a in range(len(text) - 2):
        if a in kept or not (text[a] in model.surname):
            continue
        for g in (1, 2):
            f = model.features(text, a, 1, g)
            if f is not None:
                assert model.probability(f) <= model.threshold, text[a:a + 1 + g]
