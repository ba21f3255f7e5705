"""The fixed answers the text benchmarks run on: 100,000 (or any number of) open answers that look like a real survey's.

    .venv/bin/python bench/text_input.py                       # describe the 100,000 answers, print their checksum
    .venv/bin/python bench/text_input.py --n 20000 --write answers.csv

Why not :func:`citysurvey.text.training.synthetic_survey`: it draws from the package's own training phrases, so its
answers change whenever the lexicon or a training cue does (a speed figure then moved with the input: 0.85× raw jieba
on one version's answers, 1.06× on another seed), and it repeats its few phrases far more than residents do.

What these answers are made of, all fixed:

* the clauses of the hand-written answers in ``tests/fixtures/text`` (the topic sets in ``FILES``, written blind by
  people who had not seen the lexicon: about 5,700 distinct clauses), recombined 1–5 at a time, with openers and
  closers as residents write them, place names (road, estate, market … from a character pool) and numbers
  (floors, minutes, years) put into some of them, numbered lists in some, and varied punctuation: few answers and few clauses repeat;
* 14% blank answers (13.7% drawn) and 16% non-answers (the non-answers of those sets, and short ones such as 无 or 都挺好), as in
  the demo city (14.4% blank; answers of 28 characters on average when not blank);
* personal data in 5% of the informative answers (mobiles in three groupings, landlines, ID numbers with a valid
  check digit, names with a title or after a contact cue, home addresses to the room, QQ numbers) and numbers that
  are not personal data in 3% (hotlines, work-order and order numbers, years, prices, bus routes);
* one random generator with a fixed seed (numpy's PCG64, whose stream numpy keeps stable across versions); district,
  sex and weight come from the same stream.

The benchmark prints the answers' checksum (sha256 of the newline-joined answers): the same checksum means the same
input. For 100,000 answers it is ``CHECKSUM_100K``; a different one means the fixture files above changed.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

SEED = 20261206
FILES = ("dev_suggestions.csv", "dev2_suggestions.csv", "eval_suggestions.csv", "topics_dev.csv", "topics_heldout.csv",
         "topics_heldout2.csv", "topics_heldout3.csv", "topics_heldout4.csv", "topics_heldout5.csv")
CHECKSUM_100K = "9552bef9ea215bec"
DISTRICTS = ("城东区", "城西区", "南湖区", "北山区", "江口区", "新城区")

_OPENERS = ("", "", "", "", "", "", "说实话，", "个人意见：", "提个建议：", "反映个问题：", "建议", "希望", "我觉得",
            "领导好，", "你好，", "我想说", "就一点：", "一是", "首先，", "老实讲，", "作为老住户，", "我是附近居民，")
_CLOSERS = ("", "", "", "", "", "", "", "", "，希望尽快解决", "，谢谢！", "，拜托了", "，希望政府重视。", "，希望有人管管",
            "。辛苦了", "，盼回复", "！！", "…", "。。。", "，就这些", " 谢谢", "，希望越来越好")
_JOINS = ("，", "，", "，", "，", "。", "。", "！", " ", "、", "；", "，另外", "。还有就是", "，再一个，")
_ENDS = ("", "", "", "。", "。", "！", "…", "？", "!", "~")
_NON_ANSWERS = ("无", "没有", "暂无", "没意见", "都挺好", "挺好的", "说不上来", "/", "。。", "不知道", "没什么建议",
                "无建议", "很好", "满意", "没有了", "无。", "没", "好", "暂时没有", "还行吧", "一切都好", "同上", "...",
                "没想好", "都可以", "没啥说的", "继续保持", "目前没有", "无意见", "不清楚", "否", "1", "ok", "挺满意的")
_PLACE_CHARS = "人民建设解放中山新华和平胜利幸福朝阳光明长江黄河东风红旗文化青年团结复兴振兴金桂银杏翠竹紫荆丽景锦绣滨江湖畔南山北岭"
_PLACES = ("路", "路", "街", "大道", "小区", "花园", "新村", "公园", "广场", "菜市场", "桥", "社区", "巷")
_NUMBERS = ("{}楼", "{}分钟", "{}多年", "{}号线", "{}点多", "{}个月", "{}次", "{}多户")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏飞宇浩婷雪琳晨欣怡子涵梓轩思雨佳俊杰"
_TITLES = ("先生", "女士", "师傅", "经理", "书记", "主任", "阿姨", "大爷", "老师")
_CUES = ("联系人", "联系人：", "我叫", "我是", "本人", "找", "意见人", "反映人：", "签名：")
_REGIONS = ("110101", "310104", "440305", "450102", "450202", "510107", "320102", "330106", "420106", "370102")
_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _texts() -> tuple[list[str], list[str]]:
    import pandas as pd

    import citysurvey

    here = Path(citysurvey.__file__).resolve().parent.parent / "tests" / "fixtures" / "text"
    informative, non = [], []
    for name in FILES:
        df = pd.read_csv(here / name, dtype=str, keep_default_na=False)
        kind = df["flag"] if "flag" in df else df["kind"]
        for t, k in zip(df["text"], kind):
            (non if k == "non_answer" else informative).append(t)
    return informative, non


def bench_answers(n: int, seed: int = SEED):
    """``n`` answers with district, sex and weight (columns ``district``, ``sex``, ``weight``, ``suggestion``)."""
    import numpy as np
    import pandas as pd

    informative, non = _texts()
    clauses = sorted({c for t in informative for c in re.split(r"[，。！？；,!?;\s]+", t) if c})
    non_pool = sorted(set(non)) + list(_NON_ANSWERS)
    rng = np.random.default_rng(seed)
    u = rng.random(n)
    out: list[str] = []
    for i in range(n):
        if u[i] < 0.14:
            out.append("")
        elif u[i] < 0.30:
            out.append(non_pool[rng.integers(len(non_pool))] + _ENDS[rng.integers(len(_ENDS))] * (rng.random() < 0.2))
        else:
            out.append(_answer(rng, clauses))
    return pd.DataFrame({
        "district": pd.Categorical(np.asarray(DISTRICTS)[rng.integers(len(DISTRICTS), size=n)], categories=list(DISTRICTS)),
        "sex": pd.Categorical(np.where(rng.random(n) < 0.5, "男", "女"), categories=["男", "女"]),
        "weight": rng.uniform(0.5, 2.0, n),
        "suggestion": out,
    })


def _pick(rng, seq):
    return seq[rng.integers(len(seq))]


def _answer(rng, clauses: list[str]) -> str:
    k = int(rng.choice((1, 2, 3, 4, 5), p=(0.22, 0.30, 0.25, 0.15, 0.08)))
    parts = []
    for _ in range(k):
        c = _pick(rng, clauses)
        r = rng.random()
        if r < 0.12:
            c = _place(rng) + _pick(rng, ("的", "", "那边", "附近")) + c
        elif r < 0.15:
            c = c + _pick(rng, _NUMBERS).format(int(rng.integers(2, 40)))
        parts.append(c)
    if k > 1 and rng.random() < 0.08:  # a numbered list (1. … 2、 …)
        mark = _pick(rng, (".", "、", "．", "，"))
        text = "".join(f"{j + 1}{mark}{p}" + _pick(rng, ("", " ", "；", "。")) for j, p in enumerate(parts))
    else:
        text = _pick(rng, _OPENERS) + parts[0]
        for p in parts[1:]:
            text += _pick(rng, _JOINS) + p
    text += _pick(rng, _ENDS) if rng.random() < 0.8 else _pick(rng, _CLOSERS)
    r = rng.random()
    if r < 0.05:
        text = _personal(rng, text)
    elif r < 0.08:
        text += _not_personal(rng)
    return text


def _place(rng) -> str:
    a, b = rng.integers(len(_PLACE_CHARS), size=2)
    return _PLACE_CHARS[a] + _PLACE_CHARS[b] + _pick(rng, _PLACES)


def _digits(rng, k: int) -> str:
    return "".join(map(str, rng.integers(10, size=k)))


def _name(rng) -> str:
    return _pick(rng, _SURNAMES) + "".join(_pick(rng, _GIVEN) for _ in range(int(rng.integers(1, 3))))


def _id_number(rng) -> str:
    body = _pick(rng, _REGIONS) + f"{rng.integers(1950, 2006)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}" + _digits(rng, 3)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_W)) % 11]


def _personal(rng, text: str) -> str:
    kind = int(rng.integers(8))
    if kind == 0:
        m = "1" + _pick(rng, ("3", "5", "8", "9", "7")) + _digits(rng, 9)
        item = _pick(rng, ("，电话", "，手机", " 联系方式：", "，打我电话")) + _pick(rng, (m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}"))
    elif kind == 1:
        item = "，座机0" + str(rng.integers(300, 999)) + "-" + str(rng.integers(2, 9)) + _digits(rng, 6)
    elif kind == 2:
        item = _pick(rng, ("，身份证", "，身份证号", " 证件号")) + _id_number(rng)
    elif kind == 3:
        item = "，找" + _pick(rng, _SURNAMES) + _pick(rng, _TITLES)
    elif kind == 4:
        item = "，" + _pick(rng, _CUES) + _name(rng)
    elif kind == 5:
        item = (_pick(rng, ("，我家住", "，地址：", "，我住")) + _place(rng) + str(rng.integers(1, 300)) + "号"
                + f"{rng.integers(1, 30)}栋{rng.integers(1, 6)}单元{rng.integers(1, 30)}0{rng.integers(1, 5)}室")
    elif kind == 6:
        item = "，QQ" + str(rng.integers(1, 10)) + _digits(rng, int(rng.integers(5, 10)))
    else:
        return _name(rng) + _pick(rng, ("：", "，", " ")) + text
    return text + item


def _not_personal(rng) -> str:
    kind = int(rng.integers(7))
    if kind == 0:
        return _pick(rng, ("，打了12345没用", "，12345热线打了好几次", "，拨打110也没人管"))
    if kind == 1:
        return "，工单号" + str(rng.integers(2020, 2027)) + _digits(rng, 8)
    if kind == 2:
        return "，订单号" + str(rng.integers(1, 10)) + _digits(rng, 10)
    if kind == 3:
        return f"，{rng.integers(2010, 2027)}年就反映过"
    if kind == 4:
        return f"，一个月物业费{rng.integers(50, 900)}元"
    if kind == 5:
        return f"，{rng.integers(1, 120)}路公交太挤"
    return "，热线400-" + _digits(rng, 3) + "-" + _digits(rng, 4)


def checksum(texts) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--write", help="write the answers as CSV (suggestion, district, sex, weight)")
    args = ap.parse_args()
    df = bench_answers(args.n)
    s = df["suggestion"]
    L = s.str.len()
    print(f"{args.n:,} answers, checksum {checksum(s)}: blank {(L == 0).mean():.1%}, "
          f"{L[L > 0].mean():.1f} characters per answer not blank (median {L[L > 0].median():.0f}), "
          f"distinct answers {s.nunique() / len(s):.0%}")
    if args.write:
        df.to_csv(args.write, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
