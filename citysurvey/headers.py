"""The workbooks' shared vocabulary: Chinese names of the columns every stage shares (区, 性别,
样本量 …) and the number formats by kind of value.

Apart from :mod:`citysurvey.excel`, which holds the workbook writer: a report names its
variables with them, and a quota plan names its formats, without loading openpyxl.
"""
from __future__ import annotations

#: Excel number formats by what a column holds
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0%"
SCORE = "0.0"
P_VALUE = '[<0.001]"<0.001";0.000'  # a p-value of 0.00089 reads <0.001, not 0.00
SE = "0.0000"  # standard errors of shares are a few thousandths
YEAR = "0"  # 2026, not 2,026

#: Headers shared across stages; pass ``headers=COMMON_HEADERS_ZH | {...}`` to extend.
COMMON_HEADERS_ZH: dict[str, str] = {
    "district": "区",
    "sex": "性别",
    "age_band": "年龄段",
    "hukou": "户籍",
    "income_band": "家庭月收入",
    "population": "常住人口",
    "share": "占比",
    "n": "样本量",
    "estimate": "估计值",
    "se": "标准误",
    "ci_low": "95%置信区间下限",
    "ci_high": "95%置信区间上限",
    "deff": "设计效应",
    "weight": "权重",
}
