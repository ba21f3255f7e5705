"""What the optional ``[report]`` install brings, and the message when it is missing.

The analysis (loading, weighting, estimation, scoring, text, indicators, diagnosis)
runs on the core install. Charts and reports need the rendering stack, which is the
``[report]`` extra of pyproject.toml: a researcher or a batch worker that never draws
or renders installs less. Only chart modules and ``citysurvey.report`` import it, so
the check here looks the modules up without importing them.
"""
from __future__ import annotations

import importlib.util

from .errors import ConfigError, Problem

#: import name → distribution of the ``[report]`` extra (pyproject.toml lists the same distributions)
REPORT_EXTRA = {
    "matplotlib": "matplotlib",
    "seaborn": "seaborn",
    "wordcloud": "wordcloud",
    "pypandoc": "pypandoc-binary",
    "typst": "typst",
    "nbclient": "nbclient",
    "nbformat": "nbformat",
    "ipykernel": "ipykernel",
}
#: what the stages' charts draw with (the text stage's word cloud adds ``wordcloud``)
CHART_MODULES = ("matplotlib", "seaborn")
INSTALL = "pip install 'citysurvey[report]'"


def missing(modules=REPORT_EXTRA) -> list[str]:
    """The distributions, among those of `modules` (import names), that are not installed.

    Parameters
    ----------
    modules : iterable of str
        Import names to look up, by default every module of the ``[report]`` extra.
        They are found, not imported, so the check costs nothing.

    Returns
    -------
    list of str
        The distribution names (as ``pip install`` spells them) of the modules not found,
        in the order given; empty when everything is there.

    Examples
    --------
    >>> from citysurvey.extras import missing
    >>> missing(["json", "a_module_that_is_not_installed"])
    ['a_module_that_is_not_installed']
    """
    return [REPORT_EXTRA.get(m, m) for m in modules if importlib.util.find_spec(m) is None]


def report_extra_problem(needed_zh: str, needed_en: str, absent: list[str], *, hint_zh: str = "",
                         hint_en: str = "", file: str | None = None) -> Problem:
    """The bilingual problem "`needed` needs the [report] extra; install it with pip".

    Parameters
    ----------
    needed_zh, needed_en : str
        What needs the rendering stack, in Chinese and English ("生成报告" / "rendering the reports").
    absent : list of str
        The missing distributions (from :func:`missing`), named in the message.
    hint_zh, hint_en : str
        Another way out, added after the install command (e.g. turning the charts off).
    file : str, optional
        The study config the message is about.

    Returns
    -------
    Problem
        The problem, ready for a :class:`~citysurvey.errors.ConfigError`.

    Examples
    --------
    >>> from citysurvey.extras import report_extra_problem
    >>> p = report_extra_problem("生成报告", "rendering the reports", ["typst"])
    >>> print(p.format())
    [错误] 生成报告需要报告组件（未安装：typst）。 请安装：pip install 'citysurvey[report]'。
    [Error] rendering the reports needs the report extra (not installed: typst). Install it: pip install 'citysurvey[report]'.
    """
    return Problem(
        zh=f"{needed_zh}需要报告组件（未安装：{'、'.join(absent)}）。",
        en=f"{needed_en} needs the report extra (not installed: {', '.join(absent)}).",
        file=file,
        hint_zh=f"请安装：{INSTALL}。{hint_zh}",
        hint_en=f"Install it: {INSTALL}.{' ' + hint_en if hint_en else ''}",
    )


def require_report(needed_zh: str = "生成报告", needed_en: str = "rendering the reports") -> None:
    """Stop with a bilingual message when any module of the ``[report]`` extra is missing.

    Parameters
    ----------
    needed_zh, needed_en : str
        What is about to render, for the message.

    Returns
    -------
    None
        When the whole rendering stack is installed.

    Raises
    ------
    ConfigError
        Naming the missing distributions and ``pip install 'citysurvey[report]'``.

    Examples
    --------
    >>> from citysurvey.extras import require_report
    >>> require_report()   # the test install has the extra: nothing happens
    """
    absent = missing()
    if absent:
        raise ConfigError(report_extra_problem(needed_zh, needed_en, absent))


def rendering_problems(config, stages) -> list[Problem]:
    """What the run of `stages` would draw or render without the rendering stack installed.

    A stage draws when its config section has ``charts: true`` (the text stage's word
    cloud needs ``wordcloud`` too); the ``report`` stage renders. Asked by
    :func:`citysurvey.pipeline.check_stages`, so ``validate`` says it before a run starts.

    Parameters
    ----------
    config : StudyConfig
        The study's config.
    stages : list of Stage
        The stages of the run; disabled ones are not asked.

    Returns
    -------
    list of Problem
        One problem for the charts (naming the sections to turn them off in) and one for the
        report, each only when something it needs is missing; empty with the extra installed.

    Examples
    --------
    >>> from citysurvey.config import load_study
    >>> from citysurvey.registry import default_stages
    >>> from citysurvey.extras import rendering_problems
    >>> rendering_problems(load_study("analysis/demo_city/study.yaml"), default_stages())
    []
    """
    problems: list[Problem] = []
    file = str(config.path) if getattr(config, "path", None) else None
    drawing, absent = [], set()
    for stage in stages:
        if not stage.enabled(config) or stage.name == "report":
            continue
        section = (getattr(config, "stages", None) or {}).get(stage.name)
        if not getattr(section, "charts", False):
            continue
        needs = CHART_MODULES + (("wordcloud",) if getattr(section, "wordcloud", False) else ())
        lacking = missing(needs)
        if lacking:
            drawing.append(stage.name)
            absent.update(lacking)
    if drawing:
        where = "、".join(f"{n}.charts" for n in drawing)
        problems.append(report_extra_problem(
            "绘制图表", "drawing the charts", sorted(absent), file=file,
            hint_zh=f"或在 study.yaml 中设 charts: false（{where}）。",
            hint_en=f"Or set charts: false in study.yaml ({', '.join(f'{n}.charts' for n in drawing)}).",
        ))
    if any(s.name == "report" and s.enabled(config) for s in stages):
        lacking = missing()
        if lacking:
            problems.append(report_extra_problem(
                "生成报告", "rendering the reports", lacking, file=file,
                hint_zh="或设 report.enabled: false，只做分析。",
                hint_en="Or set report.enabled: false to run the analysis only.",
            ))
    return problems
