"""The fixed facts of the demo city 示例市: districts, categories, questionnaire, true model.

Everything here is invented but modelled on the 柳州 example of the domain notes
(§4.2): district sizes, age structure, share of residents without local hukou,
renting. The model parameters are the "known truth" that estimators are tested
against, so they are plain constants, not drawn at random.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CITY = "示例市"
CITY_TOTAL = "全市"
DEFAULT_SEED = 2026
FIELDWORK = ("2026-07-01", "2026-07-31")

DISTRICTS: tuple[str, ...] = ("城东区", "城西区", "南湖区", "北山区", "江口区", "新城区")
SEXES: tuple[str, ...] = ("男", "女")
AGE_BANDS: tuple[str, ...] = ("18-34", "35-49", "50-59", "60+")
HUKOU: tuple[str, ...] = ("本市户籍", "非本市户籍")
INCOME_BANDS: tuple[str, ...] = ("5000元以下", "5000-9999元", "10000-14999元", "15000-24999元", "25000元及以上")
TENURES: tuple[str, ...] = ("自有住房", "租赁住房", "其他")

#: Cell variables of the population table, in table order.
CELL_VARS: tuple[str, ...] = ("district", "sex", "age_band", "hukou", "income_band", "tenure")
CATEGORIES: dict[str, tuple[str, ...]] = {
    "district": DISTRICTS,
    "sex": SEXES,
    "age_band": AGE_BANDS,
    "hukou": HUKOU,
    "income_band": INCOME_BANDS,
    "tenure": TENURES,
}
#: Margins published for weighting (long format, see citysurvey.loading.study_data).
MARGINS: tuple[tuple[str, ...], ...] = (
    ("district", "sex", "age_band"), ("district", "hukou"), ("income_band",), ("district", "street"),
)


@dataclass(frozen=True)
class DistrictProfile:
    adults: int  # 常住人口 18+
    male: float  # share of men
    ages: tuple[float, float, float, float]  # shares of AGE_BANDS
    non_hukou: float  # share without local hukou
    renting: float  # share renting
    income_shift: float  # on the ordered-logit income scale


# Sizes and structure echo 柳州's 城中/鱼峰/柳南/柳北/柳江 (§4.2) plus a young new town.
DISTRICT_PROFILES: dict[str, DistrictProfile] = {
    "城东区": DistrictProfile(170_000, 0.487, (0.290, 0.280, 0.215, 0.215), 0.25, 0.25, 0.10),
    "城西区": DistrictProfile(455_000, 0.522, (0.335, 0.275, 0.190, 0.200), 0.30, 0.28, 0.00),
    "南湖区": DistrictProfile(420_000, 0.518, (0.335, 0.270, 0.190, 0.205), 0.28, 0.27, 0.05),
    "北山区": DistrictProfile(345_000, 0.507, (0.295, 0.270, 0.215, 0.220), 0.22, 0.20, -0.05),
    "江口区": DistrictProfile(290_000, 0.521, (0.285, 0.260, 0.210, 0.245), 0.12, 0.12, -0.15),
    "新城区": DistrictProfile(220_000, 0.515, (0.400, 0.310, 0.150, 0.140), 0.38, 0.36, 0.15),
}

#: District spellings seen in real exports; the codebook declares them as aliases.
DISTRICT_ALIASES: dict[str, str] = {
    "城东": "城东区",
    "城东区 ": "城东区",
    "城西": "城西区",
    " 城西区": "城西区",
    "南湖": "南湖区",
    "南湖区 ": "南湖区",
    "北山": "北山区",
    "北山区 ": "北山区",
    "江口": "江口区",
    "新城": "新城区",
    "新城区 ": "新城区",
}

# --- questionnaire -----------------------------------------------------------

SCALE_CODES = (1, 2, 3, 4, 5)
SCALE_LABELS = ("非常不满意", "不满意", "一般", "满意", "非常满意")
SPECIAL_CODE = 9
SPECIAL_LABEL = "不了解/不适用"
SCORE_100 = np.array([20.0, 40.0, 60.0, 80.0, 100.0])
SCORE_LINEAR = np.array([0.0, 25.0, 50.0, 75.0, 100.0])

LEVEL_H, LEVEL_C, LEVEL_B, LEVEL_U = "住房", "小区（社区）", "街区", "城区（城市）"
LEVEL_OVERALL = "总体"


@dataclass(frozen=True)
class Item:
    name: str
    level: str
    label: str
    topic: str
    indicators: tuple[str, ...]
    baseline: float  # latent mean for the reference cell (35-49, 本市户籍, 5000-9999元, 自有住房)
    p9: float = 0.01  # base probability of 不了解/不适用
    p9_age: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)  # multipliers by age band
    p9_non_hukou: float = 1.0  # multiplier for 非本市户籍
    blank: float = 0.008  # item non-response, completely at random


ITEMS: tuple[Item, ...] = (
    # 住房
    Item("q_h01", LEVEL_H, "房屋结构安全与质量", "H_SAFETY", ("H01", "H11"), 0.75),
    Item("q_h02", LEVEL_H, "燃气使用安全", "H_SAFETY", ("H02",), 0.70, p9=0.03),
    Item("q_h03", LEVEL_H, "楼道环境与消防安全", "H_SAFETY", ("H03",), 0.45),
    Item("q_h04", LEVEL_H, "外墙与屋面防渗漏", "H_SAFETY", ("H04",), 0.45),
    Item("q_h05", LEVEL_H, "供水排水与水电管线", "H_FUNC", ("H06", "H10"), 0.55),
    Item("q_h06", LEVEL_H, "电梯与适老化设施", "H_ELDER", ("H07",), 0.15, p9=0.04),
    Item("q_h07", LEVEL_H, "房屋保温隔音与节能", "H_ENERGY", ("H08",), 0.35),
    # 小区（社区）
    Item("q_c01", LEVEL_C, "社区养老服务", "C_ELDERCARE", ("C01",), 0.40, p9=0.10, p9_age=(2.5, 1.2, 0.6, 0.25)),
    Item("q_c02", LEVEL_C, "托育服务与幼儿园", "C_CHILDCARE", ("C02", "C03"), 0.35, p9=0.15, p9_age=(1.0, 0.8, 2.0, 2.8)),
    Item("q_c03", LEVEL_C, "小学就学便利", "C_SCHOOL", ("C04",), 0.40, p9=0.12, p9_age=(1.2, 0.6, 1.8, 2.5)),
    Item("q_c04", LEVEL_C, "小区停车", "C_PARKING", ("C05",), 0.05, p9=0.03),
    Item("q_c05", LEVEL_C, "充电设施（汽车、电动自行车）", "C_CHARGING", ("C06", "C07"), 0.10, p9=0.08, p9_age=(0.8, 0.8, 1.3, 3.0)),
    Item("q_c06", LEVEL_C, "公共活动场地与健身设施", "C_SPACE", ("C08",), 0.45),
    Item("q_c07", LEVEL_C, "步行道、无障碍与夜间照明", "C_WALK", ("C09",), 0.40),
    Item("q_c08", LEVEL_C, "垃圾分类与环境卫生", "C_WASTE", ("C10",), 0.50),
    Item("q_c09", LEVEL_C, "物业管理服务", "C_PROPERTY", ("C11",), 0.30, p9=0.02),
    Item("q_c10", LEVEL_C, "安防监控与智慧化设施", "C_SMART", ("C12",), 0.55, p9=0.03),
    Item("q_c11", LEVEL_C, "便民商业与社区服务", "C_SERVICE", ("C13", "C14", "C15"), 0.60),
    # 街区
    Item("q_b01", LEVEL_B, "中学就学便利", "B_EDU_CULTURE", ("B01",), 0.55, p9=0.12, p9_age=(1.2, 0.6, 1.8, 2.5)),
    Item("q_b02", LEVEL_B, "文化体育设施", "B_EDU_CULTURE", ("B02", "B03"), 0.50, p9=0.03),
    Item("q_b03", LEVEL_B, "公园绿地与口袋公园", "B_PARK", ("B04",), 0.70),
    Item("q_b04", LEVEL_B, "街道车辆停放秩序", "B_ORDER", ("B05",), 0.05),
    Item("q_b05", LEVEL_B, "街道整洁与空中线缆", "B_ORDER", ("B06",), 0.40),
    Item("q_b06", LEVEL_B, "道路路面与井盖", "B_ORDER", ("B07",), 0.35),
    Item("q_b07", LEVEL_B, "商业街与街区活力", "B_VITALITY", ("B08",), 0.45, p9=0.03),
    Item("q_b08", LEVEL_B, "老旧街区与厂区更新", "B_OLDAREA", ("B09", "B10"), 0.25, p9=0.06),
    # 城区（城市）
    Item("q_u01", LEVEL_U, "空气质量", "U_ENV", ("U09",), 0.70),
    Item("q_u02", LEVEL_U, "河湖水体与污水治理", "U_ENV", ("U01",), 0.55),
    Item("q_u03", LEVEL_U, "城市公园与绿道", "B_PARK", ("U06", "U07"), 0.80),
    Item("q_u04", LEVEL_U, "历史文化风貌保护", "U_HERITAGE", ("U10", "U12"), 0.60, p9=0.05),
    Item("q_u05", LEVEL_U, "道路交通与拥堵", "U_TRAFFIC", ("U08",), 0.10),
    Item("q_u06", LEVEL_U, "通勤时间", "U_TRAFFIC", ("U14",), 0.40, p9=0.06, p9_age=(0.6, 0.6, 1.0, 3.5)),
    Item("q_u07", LEVEL_U, "防洪排涝（积水内涝）", "U_FLOOD", ("U22", "U23"), 0.35),
    Item("q_u08", LEVEL_U, "消防与应急避难", "U_SAFETY", ("U20", "U21"), 0.65, p9=0.04),
    Item("q_u09", LEVEL_U, "住房价格与租金可负担", "H_AFFORD", (), -0.05, blank=0.02),
    Item("q_u10", LEVEL_U, "就业机会", "U_JOBS", (), 0.05, p9=0.06, p9_age=(0.5, 0.6, 1.2, 4.0), blank=0.015),
    Item("q_u11", LEVEL_U, "医疗、教育、文体等城市公共服务", "U_PUBSERV", ("U04", "U05"), 0.30),
    Item("q_u12", LEVEL_U, "政务服务与智慧城市", "U_SMART", ("U29", "U30"), 0.75, p9=0.05, p9_age=(0.4, 0.6, 1.2, 3.0)),
    Item("q_u13", LEVEL_U, "老旧小区改造成效", "C_RENOV", ("U17",), 0.45, p9=0.08, p9_non_hukou=1.8),
)
OVERALL = Item("q_overall", LEVEL_OVERALL, "对城市的总体满意度", "", (), 0.60, p9=0.0, blank=0.003)
ALL_ITEMS: tuple[Item, ...] = (*ITEMS, OVERALL)
ITEM_NAMES: tuple[str, ...] = tuple(i.name for i in ALL_ITEMS)


@dataclass(frozen=True)
class ModelParams:
    """Ordered probit: latent = baseline + district effect + demographic effects + u + v_level + e.

    u (respondent) ~ N(0, sd_respondent²) is shared by all items, v (respondent × level)
    ~ N(0, sd_level²) by the items of one level, e ~ N(0, 1) is item noise. The overall
    item loads on u only, with less noise. A higher latent value means more satisfied.
    """

    cuts: tuple[float, float, float, float] = (-1.9, -1.0, 0.05, 1.35)
    sd_respondent: float = 0.7
    sd_level: float = 0.35
    sd_overall_noise: float = 0.6
    overall_slope: float = 0.8  # overall latent follows the mean of the item effects
    #: effects shared by every item, by variable → category
    general: dict[str, dict[str, float]] = field(
        default_factory=lambda: {
            "age_band": {"18-34": -0.12, "35-49": 0.0, "50-59": 0.08, "60+": 0.35},
            "hukou": {"非本市户籍": 0.10},
            "income_band": {"5000元以下": -0.10, "10000-14999元": 0.02, "15000-24999元": 0.05},
            "tenure": {"租赁住房": -0.05},
        }
    )
    #: item-specific effects added to the general ones; directions differ so weighting matters
    specific: dict[str, dict[str, dict[str, float]]] = field(
        default_factory=lambda: {
            **{
                h: {"tenure": {"租赁住房": -0.30, "其他": -0.30}, "hukou": {"非本市户籍": -0.10}}
                for h in ("q_h01", "q_h02", "q_h03", "q_h04", "q_h05", "q_h07")
            },
            "q_h06": {"age_band": {"50-59": -0.35, "60+": -0.95}, "tenure": {"租赁住房": -0.20}},
            "q_c01": {"age_band": {"50-59": -0.20, "60+": -0.55}},
            "q_c02": {"age_band": {"18-34": -0.45, "35-49": -0.25}},
            "q_c03": {"hukou": {"非本市户籍": -0.50}, "age_band": {"35-49": -0.20}},
            "q_c04": {"income_band": {"15000-24999元": -0.25, "25000元及以上": -0.35}, "age_band": {"60+": 0.20}},
            "q_c05": {"age_band": {"18-34": -0.20}, "income_band": {"5000元以下": -0.15}},
            "q_c07": {"age_band": {"60+": -0.45}, "sex": {"女": -0.10}},
            "q_c09": {"tenure": {"自有住房": -0.15}},
            "q_b01": {"hukou": {"非本市户籍": -0.35}},
            "q_u04": {"age_band": {"60+": -0.20}},
            "q_u09": {
                "age_band": {"18-34": -0.55, "60+": 0.30},
                "hukou": {"非本市户籍": -0.45},
                "tenure": {"租赁住房": -0.40},
                "income_band": {"5000元以下": -0.20},
            },
            "q_u10": {"age_band": {"18-34": -0.50}, "hukou": {"非本市户籍": -0.15}},
            "q_u11": {"age_band": {"60+": -0.20}},
            "q_u12": {"age_band": {"18-34": 0.35, "60+": -0.85}},
        }
    )
    #: overall mood of each district, added to every item
    district_general: dict[str, float] = field(
        default_factory=lambda: {"城东区": 0.0, "城西区": 0.0, "南湖区": -0.05, "北山区": -0.10, "江口区": 0.12, "新城区": -0.08}
    )
    #: planted district × item effects (the scenarios of scenarios.yaml rest on these)
    planted: dict[tuple[str, str], float] = field(
        default_factory=lambda: {
            ("北山区", "q_c04"): -1.35,  # parking: 城市病
            ("北山区", "q_b04"): -0.50,
            ("南湖区", "q_u07"): -1.25,  # 积水内涝: 城市病
            ("南湖区", "q_u02"): -0.30,
            ("新城区", "q_c01"): -0.90,  # elderly care: facilities meet standards, residents unhappy
            ("新城区", "q_u11"): -0.60,
            ("新城区", "q_c11"): -0.50,
            ("城西区", "q_h02"): 0.45,  # gas safety: residents satisfied, buildings are not
            ("城东区", "q_b03"): 0.65,  # parks: 优势
            ("城东区", "q_h06"): -0.60,  # old walk-ups without lifts
            ("城东区", "q_u04"): 0.50,
            ("江口区", "q_c08"): 0.45,  # waste sorting: 优势
            ("江口区", "q_u05"): 0.55,
            ("江口区", "q_u01"): 0.50,
        }
    )
    district_noise_sd: float = 0.12  # small unplanned district × item differences
    district_noise_seed: int = 7
    street_sd: float = 0.15  # street effect shared by all items (latent scale), see _demo_streets
    street_item_sd: float = 0.08  # street × item effect on top
    street_seed: int = 11


DEFAULT_MODEL = ModelParams()

# --- sampling bias of an online questionnaire ----------------------------------

#: Relative response propensity (online link pushed through WeChat groups). Selection
#: depends only on variables of the published margins, log-linearly, so raking to
#: population_margins.csv removes the bias up to sampling error.
BIAS: dict[str, dict[str, float]] = {
    "age_band": {"18-34": 2.0, "35-49": 1.35, "50-59": 0.80, "60+": 0.45},
    "income_band": {"5000元以下": 0.55, "5000-9999元": 0.85, "10000-14999元": 1.10, "15000-24999元": 1.40, "25000元及以上": 1.60},
    "hukou": {"本市户籍": 1.25, "非本市户籍": 0.75},
    "sex": {"男": 0.95, "女": 1.05},
}
QUOTA_ADHERENCE = 0.55  # share of the district allocation that follows an equal quota (n/6, ~500 at n = 3000)

