#!/usr/bin/env python3
"""Seeded generator for the fictional 青川市 2026 city-health-check satisfaction survey.

Usage:  python generate.py OUTDIR

Writes every file of the example study (raw export, population tables, indicators,
truth files).  Deterministic: fixed seed, fixed xlsx timestamps, fixed zip entry dates.
Needs numpy, pandas, openpyxl only.
"""
import io
import math
import os
import re
import sys
import zipfile
import datetime as dt

# openpyxl serialises XML differently when lxml is installed; force the stdlib writer so the
# output bytes do not depend on what else is installed in the environment.
os.environ["OPENPYXL_LXML"] = "False"

import numpy as np
import pandas as pd
import openpyxl
from openpyxl.styles import Alignment, Font

SEED = 20260512
FIXED_DT = dt.datetime(2026, 6, 10, 9, 0, 0)

# ----------------------------------------------------------------------------------
# 1. Geography and population
# ----------------------------------------------------------------------------------
DISTRICTS = ["澄江区", "临川区", "白塔区", "云溪区"]
STREETS = {
    "澄江区": ["望江街道", "文庙街道", "新桥街道", "锦屏街道"],
    "临川区": ["临河街道", "东郊街道", "石板街道", "北岭街道", "纺织路街道"],
    "白塔区": ["白塔街道", "鼓楼街道", "南门街道"],
    "云溪区": ["云溪街道", "青松街道", "凤鸣街道", "金沙湾街道"],
}
AGE_GROUPS = ["18-24岁", "25-29岁", "30-34岁", "35-39岁", "40-44岁", "45-49岁",
              "50-54岁", "55-59岁", "60-64岁", "65岁及以上"]
AGE_LO = [18, 25, 30, 35, 40, 45, 50, 55, 60, 65]
AGE_HI = [24, 29, 34, 39, 44, 49, 54, 59, 64, 88]
SEXES = ["男", "女"]
# adult totals per district (~1.2 M)
DIST_TOTAL = {"澄江区": 412000, "临川区": 338000, "白塔区": 176000, "云溪区": 281000}
# age profile per district (relative weights over AGE_GROUPS): old town older, new district younger
AGE_PROFILE = {
    "澄江区": [9, 9, 10, 10, 9, 10, 11, 11, 9, 12],
    "临川区": [8, 8, 9, 9, 9, 11, 12, 12, 10, 12],
    "白塔区": [6, 6, 7, 8, 8, 10, 12, 13, 12, 18],
    "云溪区": [13, 13, 14, 12, 10, 9, 8, 7, 6, 8],
}
MALE_SHARE_AGE = [0.515, 0.52, 0.515, 0.51, 0.505, 0.50, 0.495, 0.49, 0.485, 0.455]

# ----------------------------------------------------------------------------------
# 2. Questionnaire
# ----------------------------------------------------------------------------------
SCALE = ["非常不满意", "不满意", "比较不满意", "一般", "比较满意", "满意", "非常满意"]
CUTS = np.array([-2.0, -1.35, -0.75, -0.15, 0.55, 1.35])   # latent thresholds (sd 1)

# (question number, level, stem, items)
MATRIX = [
    (7, "住房", "您对住房方面以下各项的满意程度",
     ["房屋质量安全", "水电燃气管线", "楼道与消防安全"]),
    (8, "小区（社区）", "您对小区（社区）配套设施以下各项的满意程度",
     ["养老服务设施", "停车设施"]),
    (9, "小区（社区）", "您对小区（社区）环境与管理以下各项的满意程度",
     ["电动车充电设施", "物业管理服务", "垃圾分类与环境卫生"]),
    (10, "街区", "您对街区方面以下各项的满意程度",
     ["公园绿地和口袋公园", "街道整洁与空中线缆", "车辆停放秩序"]),
    (11, "城区（城市）", "您对城区（城市）生态环境以下各项的满意程度",
     ["空气质量", "河湖水环境"]),
    (12, "城区（城市）", "您对城区（城市）交通出行以下各项的满意程度",
     ["公共交通出行", "道路交通拥堵状况"]),
    (13, "城区（城市）", "您对城区（城市）安全韧性以下各项的满意程度",
     ["雨季内涝防治"]),
    (14, "城区（城市）", "您对城区（城市）历史文化以下各项的满意程度",
     ["历史文化风貌保护"]),
    (15, "城区（城市）", "您对城区（城市）住房保障以下各项的满意程度",
     ["住房价格可负担"]),
]
ITEMS = [it for _, _, _, its in MATRIX for it in its]
ITEM_LEVEL = {it: lvl for _, lvl, _, its in MATRIX for it in its}
# base latent mean per item
BASE = {
    "房屋质量安全": 0.75, "水电燃气管线": 0.60, "楼道与消防安全": 0.45,
    "养老服务设施": 0.10, "停车设施": -0.10, "电动车充电设施": 0.00,
    "物业管理服务": 0.30, "垃圾分类与环境卫生": 0.65, "公园绿地和口袋公园": 0.80,
    "街道整洁与空中线缆": 0.50, "车辆停放秩序": 0.15, "空气质量": 0.85,
    "河湖水环境": 0.70, "公共交通出行": 0.55, "道路交通拥堵状况": 0.10,
    "雨季内涝防治": 0.40, "历史文化风貌保护": 0.60, "住房价格可负担": -0.05,
}
# planted district x item effects (latent sd units)
DIST_EFF = {
    ("云溪区", "公共交通出行"): -0.90,
    ("白塔区", "房屋质量安全"): -0.80,
    ("白塔区", "停车设施"): -0.60,
    ("白塔区", "历史文化风貌保护"): +0.70,
    ("澄江区", "雨季内涝防治"): -0.75,
    ("临川区", "空气质量"): -0.55,
    ("云溪区", "公园绿地和口袋公园"): +0.35,
}
# age effects: general gradient + item specific
AGE_GEN = [-0.20, -0.18, -0.15, -0.10, -0.05, 0.00, 0.05, 0.10, 0.18, 0.25]
AGE_ITEM = {
    "住房价格可负担": [-0.45, -0.50, -0.40, -0.25, -0.10, 0.0, 0.10, 0.15, 0.25, 0.30],
    "养老服务设施": [0.10, 0.10, 0.05, 0.0, 0.0, -0.05, -0.10, -0.20, -0.40, -0.55],
    "电动车充电设施": [-0.30, -0.30, -0.25, -0.15, -0.05, 0.0, 0.05, 0.10, 0.15, 0.20],
}
SEX_EFF = {"女": {"雨季内涝防治": -0.10, "垃圾分类与环境卫生": 0.10}, "男": {}}
# probability of a special answer (不了解 / 说不清), constant across cells within item
P_DK = {it: 0.02 for it in ITEMS}
P_DK.update({"养老服务设施": 0.12, "电动车充电设施": 0.10, "物业管理服务": 0.04,
             "历史文化风貌保护": 0.08, "雨季内涝防治": 0.06, "住房价格可负担": 0.05})
P_SHUOBUQING = 0.25      # share of special answers written 说不清 instead of 不了解
P_ITEM_BLANK = 0.006     # (空): skipped optional matrix row

EDU6 = ["小学及以下", "初中", "高中/中专/技校", "大专", "本科", "硕士研究生及以上"]
EDU4 = ["初中及以下", "高中/中专", "大专", "本科及以上"]
EDU6_TO_4 = {"小学及以下": "初中及以下", "初中": "初中及以下", "高中/中专/技校": "高中/中专",
             "大专": "大专", "本科": "本科及以上", "硕士研究生及以上": "本科及以上"}
HUKOU = ["本市户籍", "外地户籍"]

Q16_OPTS = ["房屋维修与安全隐患整治", "老旧小区加装电梯与适老化改造", "停车与充电设施",
            "养老托育等社区服务", "公园绿地与健身场地", "公共交通与道路拥堵",
            "环境卫生与垃圾分类", "内涝治理与排水", "其他〖请注明〗", "无，都比较满意"]
Q16_OTHER = ["停车", "菜市场太少", "噪音扰民", "夜间路灯", "学校学位", "物业收费", "遛狗不牵绳"]

SUGGESTIONS = [
    "希望多建几个停车场，晚上回小区根本没地方停车。",
    "老小区没有电梯，老人上下楼太难了，希望尽快加装电梯。",
    "公交车班次太少，等车要半个多小时，希望增加班次。",
    "下大雨的时候路口积水很严重，希望改造一下排水。",
    "小区里电动车充电桩不够，很多人飞线充电，很危险",
    "物业不作为，垃圾好几天才清一次",
    "希望多建一些口袋公园，方便老人小孩活动",
    "古城区的老房子要保护好，不要大拆大建。",
    "房价太高了，年轻人买不起房",
    "地铁什么时候能修到云溪？",
    "早晚高峰太堵了，红绿灯时间不合理",
    "希望增加社区食堂和老年活动中心",
    "街上的电线乱拉乱挂，影响市容也不安全",
    "路边乱停车太多，人行道都被占了",
    "河边的步道很好，希望继续延长",
    "幼儿园太贵了，公办的名额太少",
    "工厂排气味道大，晚上尤其明显，希望环保部门管一管",
    "希望菜市场环境改善一下",
    "无",
    "没有",
    "暂无",
    "挺好的",
    "总体还可以，继续加油",
    "希望政府多听听老百姓的意见",
    "楼道里堆满了杂物，消防通道被堵",
    "小区外墙有脱落，掉下来砸到人怎么办",
    "建议多设置一些公共厕所",
    "晚上广场舞声音太大",
    "希望多开几条到高铁站的公交线路",
    "学校门口接送孩子太堵了",
]
SUGG_PII = [
    "我们小区停车问题一直没解决，我叫王建国，电话13800001234，欢迎联系。",
    "楼顶漏水好几年了，联系人李秀英 13900005678",
    "鼓楼街道那边的路灯坏了很久，有问题可以打我电话15800002468",
    "我是刘伟，住在青松街道，小区门口的路坑坑洼洼的，希望尽快修。",
]

SOURCES = [("手机提交", "直接访问"), ("微信", "N/A"), ("链接", "直接访问"), ("微信", "微信群"),
           ("手机提交", "N/A")]
IP_LOC = ["四川-成都", "四川-成都", "四川-成都", "四川-绵阳", "四川-德阳", "四川-未知", "重庆-重庆",
          "四川-乐山"]
IP_PREFIX = ["223.104.", "117.136.", "182.150.", "125.70.", "171.221.", "39.144.", "110.184."]

# Sample design (deliberately biased)
N_CLEAN = 1600
SAMPLE_DIST_N = {"澄江区": 470, "临川区": 300, "白塔区": 250, "云溪区": 580}
SAMPLE_FEMALE_ODDS = 1.55           # women over-represented
SAMPLE_AGE_TILT = [2.4, 2.2, 1.9, 1.5, 1.2, 1.0, 0.8, 0.6, 0.45, 0.25]   # young over-represented


def norm_cdf(x):
    return 0.5 * (1.0 + np.vectorize(math.erf)(np.asarray(x, dtype=float) / math.sqrt(2.0)))


def largest_remainder(total, weights):
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(int)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


# ----------------------------------------------------------------------------------
def build_population(rng):
    rows = []
    street_rows = []
    for d in DISTRICTS:
        ages = largest_remainder(DIST_TOTAL[d], AGE_PROFILE[d])
        # street shares
        ns = len(STREETS[d])
        sh = rng.uniform(0.6, 1.4, ns)
        sh = sh / sh.sum()
        street_rows.append((d, sh))
        for a, n_age in enumerate(ages):
            n_m = int(round(n_age * MALE_SHARE_AGE[a]))
            for s, n_sex in (("男", n_m), ("女", n_age - n_m)):
                split = largest_remainder(n_sex, sh)
                for k, st in enumerate(STREETS[d]):
                    rows.append(dict(district=d, street=st, sex=s, age_group=AGE_GROUPS[a],
                                     age_index=a, population=int(split[k])))
    pop = pd.DataFrame(rows)
    return pop, dict(street_rows)


def build_street_effects(rng):
    eff = {}
    for d in DISTRICTS:
        for it in ITEMS:
            e = rng.normal(0, 0.12, len(STREETS[d]))
            e = e - e.mean()
            for st, v in zip(STREETS[d], e):
                eff[(st, it)] = float(np.round(v, 3))
    return eff


def cell_mu(d, st, sex, a, it, street_eff):
    return (BASE[it] + DIST_EFF.get((d, it), 0.0) + street_eff[(st, it)] + AGE_GEN[a]
            + AGE_ITEM.get(it, [0.0] * 10)[a] + SEX_EFF[sex].get(it, 0.0))


def cat_probs(mu):
    c = norm_cdf(CUTS - mu)
    cdf = np.concatenate([[0.0], c, [1.0]])
    return np.diff(cdf)


def compute_truth(pop, street_eff):
    recs = []
    probs = {}
    for r in pop.itertuples():
        for it in ITEMS:
            probs[(r.Index, it)] = cat_probs(cell_mu(r.district, r.street, r.sex, r.age_index, it,
                                                     street_eff))
    def agg(mask, level, area):
        sub = pop[mask]
        w = sub["population"].to_numpy(float)
        for it in ITEMS:
            P = np.array([probs[(i, it)] for i in sub.index])
            p = (w[:, None] * P).sum(0) / w.sum()
            recs.append(dict(area_level=level, area=area, level=ITEM_LEVEL[it], item_label=it,
                             true_mean_position=round(float((p * np.arange(1, 8)).sum()), 4),
                             true_share_top2=round(float(p[5:].sum()), 4),
                             true_share_top3=round(float(p[4:].sum()), 4)))
    agg(pop["population"] >= 0, "city", "全市")
    for d in DISTRICTS:
        agg(pop["district"] == d, "district", d)
    for d in DISTRICTS:
        for st in STREETS[d]:
            agg(pop["street"] == st, "street", st)
    return pd.DataFrame(recs)


# ----------------------------------------------------------------------------------
def draw_education(rng, a, oversample_high):
    # younger -> more educated; returns EDU6 label
    young = 1.0 - a / 9.0
    w = np.array([0.10 * (1 - young) + 0.01, 0.30 - 0.12 * young, 0.24, 0.15 + 0.05 * young,
                  0.15 + 0.15 * young, 0.02 + 0.05 * young])
    if oversample_high:
        w = w * np.array([0.5, 0.7, 0.9, 1.2, 1.5, 1.7])
    w = w / w.sum()
    return EDU6[rng.choice(6, p=w)]


def hukou_share_local(d):
    return {"澄江区": 0.72, "临川区": 0.78, "白塔区": 0.86, "云溪区": 0.58}[d]


def draw_sample(rng, pop, street_eff, street_share):
    resp = []
    for d in DISTRICTS:
        sub = pop[pop["district"] == d].groupby(["sex", "age_index"], as_index=False)["population"].sum()
        w = sub["population"].to_numpy(float)
        w = w * np.where(sub["sex"] == "女", SAMPLE_FEMALE_ODDS, 1.0)
        w = w * np.array([SAMPLE_AGE_TILT[a] for a in sub["age_index"]])
        w = w / w.sum()
        idx = rng.choice(len(sub), size=SAMPLE_DIST_N[d], p=w)
        # street choice, mildly biased toward the first street (where the 网格员 pushed the link)
        sw = np.array(street_share[d], dtype=float)
        sw[0] *= 1.5
        sw = sw / sw.sum()
        for i in idx:
            sex = sub.loc[i, "sex"]
            a = int(sub.loc[i, "age_index"])
            st = STREETS[d][rng.choice(len(sw), p=sw)]
            if a == 9:
                age = int(min(88, 65 + rng.exponential(6.5)))
            else:
                age = int(rng.integers(AGE_LO[a], AGE_HI[a] + 1))
            ans = {}
            for it in ITEMS:
                u = rng.random()
                if u < P_ITEM_BLANK:
                    ans[it] = "(空)"
                    continue
                if rng.random() < P_DK[it]:
                    ans[it] = "说不清" if rng.random() < P_SHUOBUQING else "不了解"
                    continue
                lat = cell_mu(d, st, sex, a, it, street_eff) + rng.normal()
                ans[it] = SCALE[int(np.searchsorted(CUTS, lat))]
            loc = hukou_share_local(d) - 0.10 * (a <= 2)   # sample: young more often 外地
            hk = HUKOU[0] if rng.random() < loc else HUKOU[1]
            resp.append(dict(district=d, street=st, sex=sex, age=age, age_index=a, hukou=hk,
                             edu=draw_education(rng, a, True), answers=ans, kind="clean"))
    order = rng.permutation(len(resp))
    return [resp[i] for i in order]


SUGG_EXTRA = [
    "社区医院看病排队太久", "小区门口的路灯经常不亮", "希望多种点树，夏天太晒了",
    "共享单车乱停乱放", "希望加强小区安保，外来人员随便进出", "垃圾分类搞了但是收运又混在一起了",
    "外墙保温层脱落，下雨天家里墙面发霉", "希望建一个室内游泳馆", "人行道太窄，还被店铺占用",
    "楼上装修噪音没人管", "老旧管网经常爆管停水", "希望公交站台加装遮雨棚",
    "周边缺少中学，孩子上学要跑很远", "农贸市场又脏又乱", "希望开通夜间公交",
    "小区绿化被改成停车位了", "希望多组织一些社区文化活动", "河道有异味，夏天特别明显",
]
SUGG_PREFIX = ["", "", "", "建议", "希望", "1.", "个人觉得", "说实话，"]
SUGG_SUFFIX = ["", "", "", "。", "！", "，谢谢", "。辛苦了", "!!"]


def make_suggestion(rng):
    pool = SUGGESTIONS + SUGG_EXTRA
    u = rng.random()
    if u < 0.12:
        return ["无", "没有", "暂无", "无意见", "没什么意见", "好"][int(rng.integers(6))]
    a = pool[int(rng.integers(len(pool)))].rstrip("。！!")
    if a in ("无", "没有", "暂无"):
        return a
    if rng.random() < 0.3:
        b = pool[int(rng.integers(len(pool)))].rstrip("。！!")
        if b != a and b not in ("无", "没有", "暂无"):
            a = a + ["；", "，", "。2.", " "][int(rng.integers(4))] + b
    pre = SUGG_PREFIX[int(rng.integers(len(SUGG_PREFIX)))]
    if pre in ("建议", "希望") and a.startswith(pre):
        pre = ""
    return pre + a + SUGG_SUFFIX[int(rng.integers(len(SUGG_SUFFIX)))]


def q16_answer(rng, r):
    low = [it for it in ITEMS if r["answers"][it] in SCALE[:4]]
    if len(low) == 0 and rng.random() < 0.5 or rng.random() < 0.05:
        return "无，都比较满意"
    k = int(rng.integers(1, 4))
    opts = list(rng.choice(Q16_OPTS[:8], size=k, replace=False))
    opts.sort(key=Q16_OPTS.index)
    if rng.random() < 0.06:
        opts.append("其他〖请注明〗:" + Q16_OTHER[int(rng.integers(len(Q16_OTHER)))])
    return "┋".join(opts)


def build_raw(rng, respondents):
    """Add dirt, timestamps, paradata; return DataFrame in 问卷星 按选项文本 layout + dirt log."""
    dirt = {"speeders": 0, "duplicates": 0, "under18": 0, "stray_space_cells": 0}
    rows = list(respondents)
    # speeders: straight-liners with tiny 所用时间
    for k in range(14):
        d = DISTRICTS[int(rng.integers(4))]
        a = int(rng.integers(0, 5))
        val = SCALE[[6, 3, 5][k % 3]]
        rows.insert(int(rng.integers(len(rows))), dict(
            district=d, street=STREETS[d][int(rng.integers(len(STREETS[d])))],
            sex=SEXES[int(rng.integers(2))], age=int(rng.integers(19, 40)), age_index=a,
            hukou=HUKOU[int(rng.integers(2))], edu=EDU6[int(rng.integers(2, 5))],
            answers={it: val for it in ITEMS}, kind="speeder"))
        dirt["speeders"] += 1
    # under-18 respondents (should be screened out)
    for age in (15, 16, 17):
        d = DISTRICTS[int(rng.integers(4))]
        ans = {it: SCALE[int(rng.integers(3, 7))] for it in ITEMS}
        rows.insert(int(rng.integers(len(rows))), dict(
            district=d, street=STREETS[d][0], sex=SEXES[int(rng.integers(2))], age=age,
            age_index=0, hukou="本市户籍", edu="初中", answers=ans, kind="under18"))
        dirt["under18"] += 1

    n = len(rows)
    start = dt.datetime(2026, 5, 8, 8, 0, 0)
    secs = np.sort(rng.integers(0, 28 * 86400, size=n))
    out = []
    for i, r in enumerate(rows):
        t = start + dt.timedelta(seconds=int(secs[i]))
        # shift night submissions into the evening
        if t.hour < 7:
            t = t + dt.timedelta(hours=int(rng.integers(8, 14)))
        if r["kind"] == "speeder":
            dur = int(rng.integers(22, 70))
        else:
            dur = int(np.clip(rng.lognormal(math.log(390), 0.38), 140, 2400))
        src, det = SOURCES[int(rng.integers(len(SOURCES)))]
        ip = "%s%d.%d(%s)" % (IP_PREFIX[int(rng.integers(len(IP_PREFIX)))], int(rng.integers(0, 255)),
                              int(rng.integers(1, 255)), IP_LOC[int(rng.integers(len(IP_LOC)))])
        q16 = q16_answer(rng, r)
        if q16 == "无，都比较满意":
            q17 = "(跳过)"       # skip logic: 无 jumps to the end of the questionnaire
        else:
            u = rng.random()
            if u < 0.58:
                q17 = "(空)"
            elif u < 0.585:
                q17 = SUGG_PII[int(rng.integers(len(SUGG_PII)))]
            else:
                q17 = make_suggestion(rng)
        out.append(dict(t=t, dur=dur, src=src, det=det, ip=ip, r=r, q16=q16, q17=q17))
    out.sort(key=lambda x: x["t"])
    # one duplicated submission: same person re-submits ~2 minutes later from the same IP
    j = int(rng.integers(100, len(out) - 100))
    dup = dict(out[j])
    dup["t"] = out[j]["t"] + dt.timedelta(seconds=131)
    dup["dur"] = out[j]["dur"] - 40
    out.insert(j + 1, dup)
    dirt["duplicates"] += 1
    dirt["duplicate_of_row"] = j + 1     # 序号 of the original; duplicate has 序号 j+2

    headers = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
               "1、您居住在青川市哪个区？", "2、您所在的街道：", "3、您的性别：", "4、您的年龄：",
               "5、您的户籍所在地：", "6、您的最高学历："]
    for q, _, stem, its in MATRIX:
        for it in its:
            headers.append("%d、%s—%s" % (q, stem, it))
    headers += ["16、您最希望优先改善的方面：(多选)", "17、您对城市建设还有什么意见和建议？"]
    data = []
    for k, o in enumerate(out):
        r = o["r"]
        t = o["t"]
        ts = "%d/%d/%d %d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)
        row = [k + 1, ts, "%d秒" % o["dur"], o["src"], o["det"], o["ip"], r["district"], r["street"],
               r["sex"], r["age"], r["hukou"], r["edu"]]
        row += [r["answers"][it] for it in ITEMS]
        row += [o["q16"], o["q17"]]
        data.append(row)
    # stray spaces: in 区, 街道 and some answer cells
    n_sp = 0
    for _ in range(22):
        i = int(rng.integers(len(data)))
        c = [6, 7, 12 + int(rng.integers(len(ITEMS)))][int(rng.integers(3))]
        v = data[i][c]
        if isinstance(v, str) and not v.startswith("(") and v == v.strip():
            data[i][c] = [" " + v, v + " ", v + "  "][int(rng.integers(3))]
            n_sp += 1
    dirt["stray_space_cells"] = n_sp
    df = pd.DataFrame(data, columns=headers)
    return df, dirt, out


# ----------------------------------------------------------------------------------
def save_xlsx_deterministic(wb, path):
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    wb.properties.creator = "青川市统计局"
    wb.properties.lastModifiedBy = "青川市统计局"
    bio = io.BytesIO()
    wb.save(bio)
    bio.seek(0)
    zin = zipfile.ZipFile(bio)
    zout_b = io.BytesIO()
    with zipfile.ZipFile(zout_b, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "docProps/core.xml":
                s = data.decode("utf-8")
                stamp = FIXED_DT.strftime("%Y-%m-%dT%H:%M:%SZ")
                s = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                           r"\g<1>%s\g<2>" % stamp, s)
                s = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                           r"\g<1>%s\g<2>" % stamp, s)
                data = s.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=(2026, 6, 10, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, data)
    with open(path, "wb") as f:
        f.write(zout_b.getvalue())


def write_raw_xlsx(df, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"   # 问卷星 names the single sheet of its xlsx download Sheet1
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([int(v) if isinstance(v, (np.integer,)) else v for v in row])
    save_xlsx_deterministic(wb, path)


def write_pop_age_sex(pop, path):
    t = pop.groupby(["district", "sex", "age_index"])["population"].sum()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表3-2"
    ncol = 1 + 2 * len(AGE_GROUPS)
    ws.cell(1, 1, "表3-2 青川市分区县、性别、年龄常住人口（2025年）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, ncol, "单位：人")
    ws.cell(3, 1, "区县")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for si, s in enumerate(SEXES):
        c0 = 2 + si * len(AGE_GROUPS)
        ws.cell(3, c0, s)
        ws.cell(3, c0).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=3, start_column=c0, end_row=3, end_column=c0 + len(AGE_GROUPS) - 1)
        for a, g in enumerate(AGE_GROUPS):
            ws.cell(4, c0 + a, g)
    r = 5
    tot = np.zeros(2 * len(AGE_GROUPS), dtype=int)
    for d in DISTRICTS:
        ws.cell(r, 1, d)
        vals = [int(t[(d, s, a)]) for s in SEXES for a in range(len(AGE_GROUPS))]
        tot += np.array(vals)
        for k, v in enumerate(vals):
            ws.cell(r, 2 + k, v)
        r += 1
    ws.cell(r, 1, "合计")
    for k, v in enumerate(tot):
        ws.cell(r, 2 + k, int(v))
    ws.cell(r + 1, 1, "资料来源：青川市第七次全国人口普查资料，2025年人口变动抽样调查推算；"
                      "仅含18岁及以上常住人口。")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=ncol)
    save_xlsx_deterministic(wb, path)


def population_margins(pop, rng):
    adults = pop.groupby("district")["population"].sum()
    hk_rows, edu_rows = [], []
    edu_prof = {"澄江区": [0.30, 0.25, 0.18, 0.27], "临川区": [0.38, 0.27, 0.16, 0.19],
                "白塔区": [0.45, 0.27, 0.13, 0.15], "云溪区": [0.28, 0.23, 0.19, 0.30]}
    for d in DISTRICTS:
        n = int(adults[d])
        loc = int(round(n * hukou_share_local(d)))
        hk_rows.append((d, loc, n - loc))
        e = largest_remainder(n, edu_prof[d])
        edu_rows.append([d] + [int(x) for x in e])
    return hk_rows, edu_rows


def write_education(edu_rows, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "受教育程度"
    ws.cell(1, 1, "青川市分区县18岁及以上常住人口受教育程度（2025年）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    ws.append(["区县"] + EDU4)
    for row in edu_rows:
        ws.append(row)
    ws.append(["全市"] + [int(sum(r[k] for r in edu_rows)) for k in range(1, 5)])
    ws.append(["注：受教育程度按最高学历统计，中专含职高、技校；单位：人。"])
    save_xlsx_deterministic(wb, path)


INDICATORS = [
    # name, unit, city value, per-district values or None
    ("空气质量优良天数比率", "%", 86.3, {"澄江区": 87.1, "临川区": 79.5, "白塔区": 88.2, "云溪区": 90.4}),
    ("地表水达到或好于Ⅲ类水体比例", "%", 92.0, None),
    ("公园绿地服务半径覆盖率", "%", 84.6, {"澄江区": 81.2, "临川区": 83.0, "白塔区": 76.5, "云溪区": 93.8}),
    ("城市生活污水集中收集率", "%", 71.4, None),
    ("城市生活垃圾资源化利用率", "%", 62.8, None),
    ("社区老年服务站覆盖率", "%", 58.0, {"澄江区": 66.7, "临川区": 55.0, "白塔区": 61.5, "云溪区": 47.1}),
    ("普惠性幼儿园覆盖率", "%", 83.5, None),
    ("老旧小区改造达标率", "%", 45.2, {"澄江区": 52.0, "临川区": 47.3, "白塔区": 31.8, "云溪区": 60.0}),
    ("城市内涝积水点密度", "个/平方公里", 0.42, {"澄江区": 0.81, "临川区": 0.35, "白塔区": 0.29, "云溪区": 0.18}),
    ("城市道路交通事故万车死亡率", "人/万车", 1.6, None),
    ("人均避难场所面积", "平方米/人", 1.9, None),
    ("城市道路网密度", "千米/平方公里", 6.1, {"澄江区": 8.2, "临川区": 6.4, "白塔区": 7.0, "云溪区": 4.3}),
    ("城市常住人口平均单程通勤时间", "分钟", 34, None),
    ("绿色交通出行分担率", "%", 61.5, None),
    ("历史文化街区、历史建筑挂牌建档率", "%", 100, None),
    ("城市街道车辆停放有序性", "%", 72.0, None),
    ("实施专业化物业管理的住宅小区占比", "%", 68.4, {"澄江区": 78.0, "临川区": 66.1, "白塔区": 49.5, "云溪区": 82.3}),
    ("房价收入比", "倍", 8.7, None),
]


def write_indicators(path):
    rows = []
    for name, unit, cv, dv in INDICATORS:
        rows.append((name, "全市", cv, unit, 2025))
        if dv:
            for d in DISTRICTS:
                rows.append((name, d, dv[d], unit, 2025))
    df = pd.DataFrame(rows, columns=["指标名称", "地区", "数值", "单位", "年份"])
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


# ----------------------------------------------------------------------------------
def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    pop, street_share = build_population(rng)
    street_eff = build_street_effects(rng)
    truth = compute_truth(pop, street_eff)
    respondents = draw_sample(rng, pop, street_eff, street_share)
    raw, dirt, _ = build_raw(rng, respondents)

    write_raw_xlsx(raw, os.path.join(outdir, "raw_export.xlsx"))
    write_pop_age_sex(pop, os.path.join(outdir, "population_age_sex.xlsx"))
    hk_rows, edu_rows = population_margins(pop, rng)
    hk = pd.DataFrame(hk_rows, columns=["区县", "户籍人口", "外来人口"])
    with open(os.path.join(outdir, "population_hukou.csv"), "wb") as f:
        f.write(hk.to_csv(index=False, lineterminator="\r\n").encode("gbk"))
    write_education(edu_rows, os.path.join(outdir, "population_education.xlsx"))
    st_rows = []
    for d in DISTRICTS:
        for st in STREETS[d]:
            adults = int(pop.loc[pop["street"] == st, "population"].sum())
            # 常住人口 of all ages: adults / adult share (~0.84) rounded to 10
            st_rows.append((d, st, int(round(adults / 0.84, -1))))
    pd.DataFrame(st_rows, columns=["区县", "街道", "常住人口"]).to_csv(
        os.path.join(outdir, "streets.csv"), index=False, encoding="utf-8", lineterminator="\n")
    write_indicators(os.path.join(outdir, "indicators.csv"))

    truth.to_csv(os.path.join(outdir, "truth_items.csv"), index=False, encoding="utf-8",
                 lineterminator="\n", float_format="%.4f")
    tp = pop[["district", "street", "sex", "age_group", "population"]].copy()
    tp.to_csv(os.path.join(outdir, "truth_population.csv"), index=False, encoding="utf-8",
              lineterminator="\n")
    # planted-effects table for the README / tests
    eff_rows = [dict(district=d, item_label=it, latent_shift=v) for (d, it), v in DIST_EFF.items()]
    pd.DataFrame(eff_rows).to_csv(os.path.join(outdir, "truth_planted_effects.csv"), index=False,
                                  encoding="utf-8", lineterminator="\n")
    # dirt log
    with open(os.path.join(outdir, "truth_dirt.txt"), "w", encoding="utf-8") as f:
        for k, v in dirt.items():
            f.write("%s=%s\n" % (k, v))
        sp = raw["所用时间"].str.replace("秒", "").astype(int)
        f.write("speeder_序号=%s\n" % ",".join(str(x) for x in raw.loc[sp < 80, "序号"]))
        f.write("under18_序号=%s\n" % ",".join(str(x) for x in raw.loc[raw["4、您的年龄："] < 18, "序号"]))
        f.write("rows_total=%d\n" % len(raw))
    return raw, truth, pop, dirt


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python generate.py OUTDIR")
    main(sys.argv[1])
