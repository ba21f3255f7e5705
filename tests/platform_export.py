"""A small 问卷星-style export made in code: what a survey firm actually hands over.

Numbered Chinese headers, metadata columns, a matrix question, answers as text on a 7-point
scale with 不清楚/说不清 special answers, (跳过) blanks, 所用时间 in 秒, a ┋-joined multi-select
with an 其他〖请注明〗 text, and an open question. Seeded, so every value is known.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DISTRICTS = ["青山区", "河东区", "新港区"]
STREETS = {"青山区": ["青山街道", "东湖街道"], "河东区": ["河东街道", "望江街道"], "新港区": ["新港街道", "海湾街道"]}
SEVEN = ["非常不满意", "不满意", "比较不满意", "一般", "比较满意", "满意", "非常满意"]
AGE_ANSWERS = ["18-24岁", "25-34岁", "35-44岁", "45-54岁", "55-64岁", "65岁及以上"]
EDU_ANSWERS = ["小学及以下", "初中", "高中/中专", "大专", "本科", "研究生及以上"]
MULTI = ["公园绿地", "停车设施", "养老服务", "教育资源", "其他〖请注明〗"]
#: (header, level the stem says) for the matrix and single items
ITEMS = [
    ("6、您对您家住房的以下方面是否满意？—房屋质量与安全", "住房"),
    ("6、您对您家住房的以下方面是否满意？—燃气使用安全", "住房"),
    ("7、您对所在小区的以下方面是否满意？—小区停车", "小区（社区）"),
    ("7、您对所在小区的以下方面是否满意？—物业服务", "小区（社区）"),
    ("8(街道卫生与环境)", "街区"),
    ("8(菜市场等便民商业)", "街区"),
    ("9、您对城市公共交通是否满意？", "城区（城市）"),
    ("10、您对城市内涝防治是否满意？", "城区（城市）"),
]
META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
Q_DISTRICT, Q_STREET, Q_SEX, Q_AGE, Q_HUKOU, Q_EDU = (
    "1、您所在的区：", "2、您所在的街道：", "3、您的性别：", "4、您的年龄段：", "5、您的户籍：", "11、您的文化程度：")
Q_MULTI = "12、您希望优先改善哪些方面？"
Q_OPEN = "13、您对城市建设还有什么意见建议？"


def platform_export(n: int = 60, seed: int = 7, *, codes: bool = False) -> pd.DataFrame:
    """The export as a table of strings (answer text; ``codes=True`` gives the code download)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        d = DISTRICTS[i % len(DISTRICTS)]
        row = {
            "序号": str(i + 1),
            "提交答卷时间": f"2026/5/{12 + i % 9} {8 + i % 10}:{i % 60:02d}:41",
            "所用时间": f"{int(rng.integers(200, 900))}秒",
            "来源": "微信", "来源详情": "直接访问", "来自IP": f"10.0.{i // 250}.{i % 250}(青川)",
            Q_DISTRICT: d,
            Q_STREET: STREETS[d][i % 2],
            Q_SEX: ["男", "女"][int(rng.integers(0, 2))],
            Q_AGE: AGE_ANSWERS[int(rng.integers(0, len(AGE_ANSWERS)))],
            Q_HUKOU: ["本市户籍", "外地户籍"][int(rng.random() < 0.3)],
        }
        for header, _level in ITEMS:
            u = rng.random()
            row[header] = "不清楚" if u < 0.04 else "说不清" if u < 0.06 else "(跳过)" if u < 0.08 else \
                SEVEN[int(rng.integers(2, 7))]
        row[Q_EDU] = EDU_ANSWERS[int(rng.integers(0, len(EDU_ANSWERS)))]
        picks = [m for m in MULTI[:-1] if rng.random() < 0.4]
        if rng.random() < 0.15:
            picks.append("其他〖请注明〗:菜市场太远")
        row[Q_MULTI] = "┋".join(picks) if picks else "(空)"
        row[Q_OPEN] = ["希望多建停车场", "(空)", "小区路灯不亮", "加强垃圾分类"][i % 4]
        rows.append(row)
    df = pd.DataFrame(rows)
    if codes:
        maps = {Q_DISTRICT: DISTRICTS, Q_SEX: ["男", "女"], Q_AGE: AGE_ANSWERS, Q_HUKOU: ["本市户籍", "外地户籍"],
                Q_EDU: EDU_ANSWERS}
        for col, labels in maps.items():
            df[col] = df[col].map({lab: str(k) for k, lab in enumerate(labels, 1)})
        for header, _ in ITEMS:
            df[header] = df[header].map(lambda v: {"不清楚": "8", "说不清": "8", "(跳过)": "-3"}.get(v) or
                                        str(SEVEN.index(v) + 1))
    return df


def population_table(path) -> None:
    """A yearbook-style 区县 × 性别 × 年龄组 常住人口 table: title row, two-row header, 合计, source note."""
    from openpyxl import Workbook

    groups = ["18-24岁", "25-34岁", "35-44岁", "45-54岁", "55-64岁", "65岁及以上"]
    wb = Workbook()
    ws = wb.active
    ws.title = "表2-3"
    ws.append(["表2-3 各区县分性别、年龄组常住人口（2025年末）"])
    ws.append(["地区", "男", None, None, None, None, None, "女", None, None, None, None, None, "合计"])
    ws.append([None, *groups, *groups, None])
    ws.merge_cells("B2:G2")
    ws.merge_cells("H2:M2")
    total = [0] * 13
    for k, d in enumerate(DISTRICTS):
        vals = [1000 * (k + 1) + 100 * j for j in range(12)]
        ws.append([d, *vals, sum(vals)])
        total = [a + b for a, b in zip(total, [*vals, sum(vals)])]
    ws.append(["合计", *total])
    ws.append(["资料来源：第七次全国人口普查，青川市统计局。"])
    wb.save(path)
