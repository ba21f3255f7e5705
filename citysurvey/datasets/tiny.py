"""A six-respondent study in two districts, written to a folder: the stages' examples run on it.

It has a district, three 5-point items (one the overall item, one tied to indicator U02), an open
question and one indicator, so every analysis stage has something to do in well under a second.
Its districts of three respondents would be suppressed by the minimum-cell rule; the study turns the
rule off (``privacy: {min_cell: 0}``) so that the examples can show them.
:func:`toy_survey` is the eight-respondent design the estimators' examples share.
"""
from __future__ import annotations

from pathlib import Path

FILES = {
    "codebook.yaml": (
        "respondent_id: id\n"
        "scales: {s5: {codes: [1, 2, 3, 4, 5], labels: [很不满意, 不满意, 一般, 满意, 很满意]}}\n"
        "variables:\n"
        "  id: {type: id}\n"
        "  district: {type: categorical, role: district, categories: [甲区, 乙区]}\n"
        "  q1: {type: likert, scale: s5, level: 城区（城市）, label: 垃圾分类, topic: C_WASTE, indicators: [U02]}\n"
        "  q2: {type: likert, scale: s5, level: 住房, label: 住房质量}\n"
        "  q9: {type: likert, scale: s5, role: overall, label: 总体满意}\n"
        "  sugg: {type: text, role: suggestion, label: 意见建议}\n"),
    "responses.csv": (
        "id,district,q1,q2,q9,sugg\n1,甲区,2,4,3,垃圾分类没人管\n2,甲区,3,5,4,无\n3,甲区,2,3,3,垃圾桶太少\n"
        "4,乙区,5,4,5,停车难\n5,乙区,4,4,4,\n6,乙区,4,2,4,路灯不亮\n"),
    "indicators.csv": "area,year,indicator_id,value,unit,stock\n全市,2026,U02,62,%,\n甲区,2026,U02,55,%,\n乙区,2026,U02,70,%,\n",
    "study.yaml": (
        "study: {id: tiny, name: 小研究, city: 测试市, year: 2026}\n"
        "inputs: {responses: responses.csv, codebook: codebook.yaml, indicators: indicators.csv}\n"
        "cleaning: {straightline_min_items: null}\nscoring: {charts: false}\ntext: {charts: false}\n"
        # three respondents a district: a teaching example whose districts the examples show, so the
        # minimum-cell rule (privacy.py; a real study keeps its default of 5) is off here
        "privacy: {min_cell: 0}\n"
        "output: {dir: out}\n"),
}


def write_tiny_study(folder: str | Path) -> Path:
    """Write the tiny study's four files into `folder` (created if needed).

    Parameters
    ----------
    folder : str or Path
        Where to write ``codebook.yaml``, ``responses.csv``, ``indicators.csv`` and ``study.yaml``;
        the study's outputs go to ``folder/out``.

    Returns
    -------
    Path
        The ``study.yaml`` to pass to :func:`citysurvey.pipeline.run_study`.

    Examples
    --------
    >>> import tempfile
    >>> from citysurvey.datasets.tiny import write_tiny_study
    >>> study = write_tiny_study(tempfile.mkdtemp())
    >>> sorted(p.name for p in study.parent.iterdir())
    ['codebook.yaml', 'indicators.csv', 'responses.csv', 'study.yaml']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "study.yaml"


def tiny_graded_city():
    """The inputs of a diagnosis for a city with one district: the diagnosis examples run on them.

    Two national indicators (H02 危房, U02 垃圾分类) are graded for 全市 and 甲区; the items q_gas and
    q_waste are tied to them, with their satisfaction scores and the residents' mention shares of
    their topics.

    Returns
    -------
    tuple
        ``(grades, catalog, crosswalk, scores, voice)``: the indicator grades
        (:func:`citysurvey.indicators.evaluate`), the national catalog, the item–topic–indicator
        crosswalk, the item scores with their intervals and the topic shares with theirs, by area.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> sorted(set(grades["area"])), list(crosswalk["indicator_id"])
    (['全市', '甲区'], ['H02', 'U02'])
    """
    import pandas as pd

    from ..indicators import IndicatorsConfig, evaluate, national_catalog

    catalog = national_catalog(["MOHURD_2024_4level"])
    values = pd.DataFrame({"area": ["全市", "甲区", "全市", "甲区"], "year": 2026,
                           "indicator_id": ["H02", "H02", "U02", "U02"], "value": [910.0, 900.0, 62.0, 55.0],
                           "unit": ["栋", "栋", "%", "%"], "stock": [4000.0, 2500.0, None, None]})
    grades = evaluate(values, catalog, IndicatorsConfig(), districts=["甲区"]).current
    crosswalk = pd.DataFrame({"item": ["q_gas", "q_waste"], "topic": ["H_SAFETY", "D_WASTE"],
                              "indicator_id": ["H02", "U02"]})
    scores = pd.DataFrame({"item": ["q_gas", "q_gas", "q_waste", "q_waste"], "area": ["全市", "甲区"] * 2,
                           "score": [78.0, 80.0, 72.0, 64.0], "ci_low": [76.0, 76.0, 70.0, 60.0],
                           "ci_high": [80.0, 84.0, 74.0, 68.0]})
    voice = pd.DataFrame({"topic": ["H_SAFETY", "H_SAFETY", "D_WASTE", "D_WASTE"], "area": ["全市", "甲区"] * 2,
                          "share": [0.06, 0.05, 0.08, 0.15], "ci_low": [0.05, 0.03, 0.07, 0.11],
                          "ci_high": [0.07, 0.07, 0.09, 0.19]})
    return grades, catalog, crosswalk, scores, voice


def toy_survey():
    """The eight respondents of the estimators' examples and their stratified design.

    Two districts of four (weights 100 in 甲区, 300 in 乙区), a 5-point item ``q1``, a 0/1
    ``sat`` and ``sex``: small enough to check an estimate by hand, as R's ``api`` data serve
    the ``survey`` package's examples.

    Returns
    -------
    (pandas.DataFrame, SurveyDesign)
        The frame and ``svydesign(frame, weights="w", strata="district")``.

    Examples
    --------
    >>> df, d = toy_survey()
    >>> len(df), sorted(df["district"].unique())
    (8, ['乙区', '甲区'])
    """
    import pandas as pd

    from ..weighting import svydesign

    df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
                       "q1": [5, 4, 3, 4, 2, 3, 3, 4], "sat": [1, 1, 0, 1, 0, 0, 0, 1], "w": [100.0] * 4 + [300.0] * 4})
    return df, svydesign(df, weights="w", strata="district")

