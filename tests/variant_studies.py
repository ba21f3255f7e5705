"""Studies that differ from the demo city, built in a temporary folder from the demo's own files.

Each builder writes a complete study (responses, codebook, margins, indicators, study.yaml)
and returns the path of its study.yaml. They exist so that tests can check that the run
adapts to what a study has, rather than to what the demo city has.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data_samples" / "demo_city"


def _demo_codebook() -> dict:
    return yaml.safe_load((DEMO / "codebook.yaml").read_text(encoding="utf-8"))


def _write_study(folder: Path, *, codebook: dict, responses: pd.DataFrame, margins: pd.DataFrame,
                 indicators: pd.DataFrame | None, sections: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.yaml").write_text(yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    responses.to_csv(folder / "responses.csv", index=False, encoding="utf-8", lineterminator="\n")
    margins.to_csv(folder / "margins.csv", index=False, encoding="utf-8", lineterminator="\n")
    indicator_line = ""
    if indicators is not None:
        indicators.to_csv(folder / "indicators.csv", index=False, encoding="utf-8", lineterminator="\n")
        indicator_line = "  indicators: indicators.csv\n"
    study = folder / "study.yaml"
    study.write_text(
        "study: {id: variant, name: 变体市2026年城市体检社会满意度调查, city: 变体市, year: 2026}\n"
        "inputs:\n  responses: responses.csv\n  codebook: codebook.yaml\n  margins: margins.csv\n"
        + indicator_line
        + textwrap.dedent(sections)
        + "output: {dir: out, excel: false}\n",
        encoding="utf-8",
    )
    return study


def stripped_study(folder: Path, *, n: int = 600, report: bool = True) -> Path:
    """The demo city without district, income, overall item or open question (and no quota plan)."""
    drop = ["district", "income_band", "q_overall", "suggestion"]
    cb = _demo_codebook()
    # the demo's streets lie in its districts: without districts they go too
    drop += [n for n, v in cb["variables"].items() if v.get("parent") in drop]
    for name in drop:
        cb["variables"].pop(name)
    responses = pd.read_csv(DEMO / "responses.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    responses = responses.drop(columns=drop).head(n)
    cells = pd.read_csv(DEMO / "population_cells.csv", encoding="utf-8-sig")
    sex_age = cells.groupby(["sex", "age_band"], as_index=False)["population"].sum()
    sex_age.insert(0, "margin", "sex×age_band")
    hukou = cells.groupby(["hukou"], as_index=False)["population"].sum()
    hukou.insert(0, "margin", "hukou")
    margins = pd.concat([sex_age, hukou], ignore_index=True)[["margin", "sex", "age_band", "hukou", "population"]]
    indicators = pd.read_csv(DEMO / "indicators.csv", encoding="utf-8-sig")
    indicators = indicators[indicators["area"] == "全市"]
    sections = "" if report else "report: {enabled: false}\n"
    sections += "report: {engine: builtin, formats: [html, pdf]}\n" if report else ""
    return _write_study(folder, codebook=cb, responses=responses, margins=margins, indicators=indicators,
                        sections=sections)


LIKERT_WORDS = {
    4: ["很不满意", "不太满意", "比较满意", "很满意"],
    5: ["非常不满意", "不满意", "一般", "满意", "非常满意"],
    7: ["极不满意", "很不满意", "不满意", "一般", "满意", "很满意", "极满意"],
    10: [f"{i}分" for i in range(1, 11)],
    11: [f"{i}分" for i in range(0, 11)],
}
#: the stages that take seconds (text, report, scoring charts) off: what most tests need
FAST = "scoring: {charts: false}\ntext: {enabled: false}\nreport: {enabled: false}\n"
SUGGESTIONS = ["停车位太少，晚上回家找不到车位", "小区绿化不错", "希望多建公园", "道路坑洼需要修补",
               "垃圾分类做得好", "菜市场太远", "加装电梯进度太慢", "路灯经常不亮", "公交班次太少"]


def synthetic_study(folder: Path, *, n: int = 240, points: int = 5, district: str | None = "qu",
                    districts: tuple[str, ...] = ("甲区", "乙区", "丙区"), overall: bool = True, text: bool = True,
                    income: bool = False, levels: bool = True, multiselect: bool = False, street: bool = False,
                    reverse_item: bool = False, seed: int = 7, empty_item: bool = False, single_answer_item: bool = False,
                    unique_text: bool = False, district_sizes: tuple[int, ...] | None = None,
                    sections: str = FAST,
                    id_column_last: bool = True) -> Path:
    """A seeded survey with a known structure: satisfaction rises with a latent mood.

    The text and report stages and the scoring charts are off unless ``sections`` says
    otherwise (:data:`FAST`); the study still has its open question unless ``text=False``.

    The respondent id is deliberately not the first column (``id_column_last``) and the
    district variable is not called ``district``, so nothing may lean on either.
    ``district_sizes`` gives each district exactly that many respondents (in a shuffled order;
    ``n`` is then their sum), e.g. a tiny district for the minimum-cell rule.
    """
    if district_sizes is not None:
        n = sum(district_sizes)
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=n)
    cb: dict = {"respondent_id": "case_no", "scales": {
        f"s{points}": {"codes": list(range(1, points + 1)), "labels": LIKERT_WORDS[points], "special": {99: "说不清"}}},
        "variables": {}}
    data: dict[str, list] = {}
    var = cb["variables"]
    if district:
        var[district] = {"type": "categorical", "role": "district", "label": "所在区", "categories": list(districts)}
        if district_sizes is not None:
            data[district] = list(rng.permutation(np.repeat(list(districts), district_sizes)))
        else:
            data[district] = list(rng.choice(districts, size=n))
        if street:
            var["jiedao"] = {"type": "categorical", "label": "所在街道", "categories": ["一街", "二街", "三街", "四街"]}
            data["jiedao"] = list(rng.choice(["一街", "二街", "三街", "四街"], size=n))
    var["gender"] = {"type": "categorical", "role": "demographic", "label": "性别", "categories": ["男", "女"]}
    data["gender"] = list(rng.choice(["男", "女"], size=n))
    var["age_group"] = {"type": "categorical", "role": "demographic", "label": "年龄段",
                        "categories": ["18-39", "40-59", "60+"], "ordered": True}
    data["age_group"] = list(rng.choice(["18-39", "40-59", "60+"], size=n, p=[0.4, 0.35, 0.25]))
    if income:
        var["income"] = {"type": "categorical", "role": "demographic", "label": "家庭月收入",
                         "categories": ["低", "中", "高"], "ordered": True}
        data["income"] = list(rng.choice(["低", "中", "高"], size=n))
    level_names = ["住房", "小区（社区）", "街区", "城区（城市）"]
    items = []
    for j in range(8):
        name = f"sat_{j + 1}"
        spec: dict = {"type": "likert", "scale": f"s{points}", "label": f"满意度题{j + 1}"}
        if levels:
            spec["level"] = level_names[j // 2]
        var[name] = spec
        latent = mood + rng.normal(scale=1.0, size=n) + 0.3 * (j % 3)
        pos = np.clip(np.round((latent + 2.5) / 5 * points + 0.5), 1, points).astype(int)
        answers = [str(p) for p in pos]
        for i in rng.choice(n, size=n // 20, replace=False):
            answers[i] = "99"
        data[name] = answers
        items.append(name)
    if reverse_item:  # worded negatively: a satisfied resident answers low
        var["sat_8"]["label"] = "小区噪声扰民程度"
        data["sat_8"] = [a if a == "99" else str(points + 1 - int(a)) for a in data["sat_8"]]
        var["sat_8"]["reverse"] = True
    if empty_item:
        data["sat_3"] = [""] * n
    if single_answer_item:
        data["sat_4"] = [""] * n
        data["sat_4"][0] = str(points)
    if overall:
        var["overall_sat"] = {"type": "likert", "scale": f"s{points}", "role": "overall", "label": "总体满意度"}
        if levels:
            var["overall_sat"]["level"] = "总体"
        pos = np.clip(np.round((mood + 2.5) / 5 * points + 0.5), 1, points).astype(int)
        data["overall_sat"] = [str(p) for p in pos]
    if multiselect:
        var["concerns"] = {"type": "multiselect", "label": "最关心的问题", "options": ["交通", "教育", "医疗", "养老"]}
        data["concerns"] = ["┋".join(sorted(set(rng.choice(["交通", "教育", "医疗", "养老"], size=2)))) for _ in range(n)]
    if text:
        var["advice"] = {"type": "text", "role": "suggestion", "label": "意见建议"}
        if unique_text:
            data["advice"] = [f"{SUGGESTIONS[i % len(SUGGESTIONS)]}（第{i}条）" for i in range(n)]
        else:
            data["advice"] = [SUGGESTIONS[i] for i in rng.integers(0, len(SUGGESTIONS), size=n)]
    var["case_no"] = {"type": "id", "label": "问卷编号"}
    data["case_no"] = [f"C{i:05d}" for i in range(n)]
    if not id_column_last:
        data = {"case_no": data.pop("case_no"), **data}
    responses = pd.DataFrame(data)
    # margins: the sample's own age × sex cells scaled up, so calibration always succeeds
    margins = (responses.groupby(["gender", "age_group"]).size() * 1000).rename("population").reset_index()
    margins.insert(0, "margin", "gender×age_group")
    if district:
        dm = (responses.groupby(district).size() * 1000).rename("population").reset_index()
        dm.insert(0, "margin", district)
        margins = pd.concat([margins, dm], ignore_index=True)
    return _write_study(folder, codebook=cb, responses=responses, margins=margins, indicators=None, sections=sections)
