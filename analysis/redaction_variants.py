"""Random variants of every home-address form and every name cue, scored by redaction: how far the rules carry beyond
the examples they were written from.

    .venv/bin/python analysis/redaction_variants.py             # seeds 1-5, 600 addresses and 600 names each
    .venv/bin/python analysis/redaction_variants.py --seeds 7 --misses

Addresses are assembled from parts (district, 街道, road with its number, estate, village; building, unit, floor,
room, lane and house, a door with its entrance, the side of a landing) in Arabic digits, Chinese numerals or with
spaces between every part, after one of several home cues or none; names from 100 surnames and 56 given-name
characters, in 18 cue contexts (self-introduction, relative, title before and after, contact label, signature, @,
names typed with spaces …). An item counts as caught when redaction spans cover every one of its non-space
characters. The forms and contexts were written by the people who wrote the rules, so the figures say where the
rules break on forms they were meant to handle (the first pass found the space after 屯 and 胡同 and a road's number
before a 里), not how a new writer's text will fare: that is what the blind sets measure.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citysurvey.text.clean import normalise  # noqa: E402
from citysurvey.text.redact import Redactor  # noqa: E402

_ZH = "零一二三四五六七八九"


def _zh(n: int) -> str:
    """n in Chinese numerals as residents write a number (十二, 三十五; digit by digit from 100: 一二八)."""
    if n < 10:
        return _ZH[n]
    if n < 20:
        return "十" + (_ZH[n - 10] if n % 10 else "")
    if n < 100:
        return _ZH[n // 10] + "十" + (_ZH[n % 10] if n % 10 else "")
    return "".join(_ZH[int(c)] for c in str(n))


def _num(n: int, style: str) -> str:
    return {"a": str(n), "z": _zh(n), "s": f" {n} "}[style]


DISTRICTS = ["", "", "浦东新区", "海曙区", "雨花区", "新城区", "高新区", "武昌区"]
SUBDISTRICTS = ["", "", "", "东湖街道", "城关镇", "新华街道", "南苑街道"]
ROADS = ["松林路", "建设大道", "中山北路", "长江西路", "桂园街", "丁香巷", "胜利东街", "解放大道", "光明胡同"]
ESTATES = ["翠微小区", "金色家园", "锦绣花园", "阳光新村", "桃源居", "滨江苑", "和平里", "万科城", "电力宿舍", "富康公寓"]
VILLAGES = ["杨家湾村", "石门村", "陈家庄村", "柳树屯", "高家坪村"]
LI = ["和平里", "福安里", "三元里", "德胜里"]
HOME_CUES = ["我家在", "住在", "家住", "我住", "住址：", "我是", "", "麻烦看看", "地址是"]
TAILS = ["的业主", "，楼上漏水", "，暖气不热", "，谢谢", "的住户，电梯坏了", "，下水道堵了", ""]
FORMS = ["bur", "bur", "eb", "rdr", "lane", "vil", "dash", "side", "li"]


def address(rng: random.Random) -> tuple[str, str, str]:
    """(form, text, address): bur building-unit-room, eb estate-building-room, rdr road-door-floor-room, lane, vil
    village group and door, dash building-unit-room dashed, side building-side-floor, li a 里's door-entrance-room;
    /sp with spaces between the parts, /zh in Chinese numerals."""
    style = rng.choice("aaas")
    sp = " " if style == "s" else ""
    form = rng.choice(FORMS)
    b, u, fl = rng.randint(1, 30), rng.randint(1, 6), rng.randint(1, 18)
    room, n = rng.randint(1, 30) * 100 + rng.randint(1, 4), rng.randint(1, 300)
    bw = rng.choice(["栋", "幢", "号楼", "座"])
    if form == "bur":
        core = f"{_num(b, style)}{bw}{sp}{_num(u, style)}单元{sp}{room}" + rng.choice(["", "室", "", "号"])
        lead = rng.choice(ESTATES + [""])
    elif form == "eb":
        core, lead = f"{_num(b, style)}{bw}{sp}{room}" + rng.choice(["", "室"]), rng.choice(ESTATES)
    elif form == "rdr":
        core, lead = f"{n}{sp}号{sp}{fl}{sp}楼{sp}{rng.randint(1, 6)}{sp}号", rng.choice(ROADS)
    elif form == "lane":
        core = f"{_num(n, 'a' if style == 'z' else style)}弄{sp}{rng.randint(1, 60)}{sp}号" + rng.choice(["", f"{sp}{room}{sp}室", ""])
        lead = rng.choice([r for r in ROADS if r.endswith("路")])
    elif form == "vil":
        core, lead = f"{_num(rng.randint(1, 12), style)}组{sp}{_num(rng.randint(1, 80), style)}号", rng.choice(VILLAGES)
    elif form == "dash":
        core, lead = f"{b}-{u}-{room}", rng.choice(ESTATES)
    elif form == "side":
        core = f"{_num(b, style)}{bw}{sp}{rng.choice('东西南北')}户{sp}{fl}{sp}" + rng.choice(["层", "楼"])
        lead = rng.choice(ESTATES + [""])
    else:
        core, lead = f"{n}{sp}号{sp}{u}{sp}门{sp}{room}", rng.choice(LI)
    before = rng.choice(DISTRICTS) + rng.choice(SUBDISTRICTS) if lead else ""
    if lead in ESTATES and rng.random() < 0.3:
        before += rng.choice(ROADS) + f"{rng.randint(1, 200)}号"
    item = (before + lead + (sp if lead else "") + core).strip()
    kind = form + ("/sp" if style == "s" else "/zh" if style == "z" else "")
    return kind, rng.choice(HOME_CUES) + item + rng.choice(TAILS), item


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭"
            "陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤时文成全云宁房柏甘")
GIVEN = "建国华明丽军伟芳秀英敏静杰强磊洋勇艳娟涛超霞平刚桂兰玉红梅海东志林春燕晓玲德宏文亮成凤飞鹏俊峰辉丹萍婷颖慧佳琳欣怡浩宇子轩"
CONTEXTS = [("我叫{n}，", "intro"), ("我爸叫{n}，", "rel"), ("邻居{n}天天", "rel"), ("物业经理{n}不管事", "title"),
            ("{n}书记来过", "title_after"), ("联系人：{n}", "label"), ("找过社区的{n}了，他说", "de"), ("问问{n}就知道", "bare"),
            ("谢谢！{n}", "sign"), ("电话 13812345678，{n}", "sign_contact"), ("@{n} 你看看", "at"), ("我叫 {sp}，", "spaced"),
            ("市民{n}反映", "shimin"), ("{n}说这事归街道管", "subject"), ("我和{n}都觉得太吵", "and"), ("让{n}再当楼长", "bare"),
            ("业主{n}投诉", "owner"), ("—— {n}", "dash")]


def name(rng: random.Random) -> tuple[str, str, str]:
    """(context, text, name): a random surname and one or two given-name characters in one of :data:`CONTEXTS`."""
    n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    template, kind = rng.choice(CONTEXTS)
    spaced = "{sp}" in template
    return kind, template.format(n=n, sp=" ".join(n)), " ".join(n) if spaced else n


def covered(r: Redactor, text: str, item: str) -> bool:
    """Every non-space character of the item lies inside a redaction span."""
    text, item = normalise(text), normalise(item)
    k = text.find(item)
    cov = {i for sp in r.find(text) for i in range(sp.start, sp.end)}
    return all(i in cov for i in range(k, k + len(item)) if not text[i].isspace())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--n", type=int, default=600, help="items of each kind per seed")
    ap.add_argument("--misses", action="store_true", help="print every miss")
    args = ap.parse_args()
    r = Redactor()
    for seed in args.seeds:
        rng = random.Random(seed)
        for label, gen in (("address", address), ("name", name)):
            stats = collections.defaultdict(lambda: [0, 0])
            misses = collections.defaultdict(list)
            for _ in range(args.n):
                kind, t, x = gen(rng)
                ok = covered(r, t, x)
                stats[kind][0] += 1
                stats[kind][1] += ok
                if not ok:
                    misses[kind].append(r.redact(normalise(t)))
            tot = sum(v[0] for v in stats.values())
            got = sum(v[1] for v in stats.values())
            print(f"seed {seed} {label}: {got}/{tot} = {got / tot:.3f}  "
                  + "  ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(stats.items())))
            for k, ms in misses.items():
                for m in (ms if args.misses else ms[:3]):
                    print(f"   {k}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
