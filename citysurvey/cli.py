"""The command line: a thin layer over :mod:`citysurvey.pipeline` and the stages."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .errors import CitySurveyError

app = typer.Typer(
    name="citysurvey",
    help="城市体检社会满意度调查：从原始数据到报告的可复现流程。\n\n"
    "City health check (城市体检) resident surveys: one reproducible pipeline from raw files to report.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console(stderr=True, highlight=False)

STUDY_ARG = typer.Argument(..., help="研究配置文件 study.yaml / the study config file", exists=False)


def _fail(exc: CitySurveyError) -> None:
    console.print(exc.format(), style="red", markup=False)
    raise typer.Exit(code=2)


def _reporter():
    def report(name: str, title: str, seconds: float | None) -> None:
        if seconds is None:
            console.print(f"… {title} ({name})", markup=False)
        else:
            console.print(f"✓ {title} ({name})  {seconds:.2f} s", markup=False)

    return report


@app.command()
def run(
    study: Path = STUDY_ARG,
    until: Optional[str] = typer.Option(None, help="运行到该阶段为止 / stop after this stage (e.g. weighting)"),
) -> None:
    """运行完整流程并写出结果 / Run every stage and write the study's outputs.

    Examples:

        citysurvey run analysis/demo_city/study.yaml

        citysurvey run analysis/demo_city/study.yaml --until weighting
    """
    from .pipeline import run_study

    try:
        res = run_study(study, until=until, report=_reporter())
    except CitySurveyError as exc:
        _fail(exc)
    log = res.study.log
    console.print(
        f"完成 / done: {log.n_input} 行输入 input rows → {res.study.n} 份有效样本 respondents kept "
        f"({log.count('changed')} 行有修正 changed, {log.count('dropped')} 行剔除 dropped)",
        markup=False,
    )
    console.print(f"输出目录 / outputs: {res.output_dir}", markup=False)


@app.command()
def validate(study: Path = STUDY_ARG) -> None:
    """只读取并校验输入，不写任何文件 / Load and validate the inputs only; write nothing.

    Examples:

        citysurvey validate analysis/demo_city/study.yaml
    """
    from .pipeline import validate_study

    try:
        _cfg, data = validate_study(study)
    except CitySurveyError as exc:
        _fail(exc)
    log = data.log
    console.print(
        f"校验通过 / valid: {log.n_input} 行输入 input rows; 保留 kept {log.count('kept')}, "
        f"修正 changed {log.count('changed')}, 剔除 dropped {log.count('dropped')}",
        markup=False,
    )
    for _, row in log.summary().iterrows():
        if row["status"] != "total":
            console.print(f"  {row['status']:8s} {row['n']:>7d}  {row['reason']}", markup=False)
    if log.ignored_columns:
        console.print(f"未使用的列 / ignored columns: {', '.join(log.ignored_columns)}", markup=False)


@app.command()
def report(
    study: Path = STUDY_ARG,
    engine: Optional[str] = typer.Option(
        None, help="quarto | builtin | auto；默认取配置 report.engine / default: the study's report.engine"
    ),
    only: Optional[str] = typer.Option(
        None, help="只渲染一份：city 或区名 / render one document: city or a district name"
    ),
) -> None:
    """由已有结果重新生成报告（HTML 与 PDF）/ Re-render the reports from a study's existing outputs.

    Reads the output folder written by `citysurvey run` (it recomputes nothing), so a report
    writer can edit prose under reports/ and re-render in seconds.

    Examples:

        citysurvey report analysis/demo_city/study.yaml

        citysurvey report analysis/demo_city/study.yaml --engine builtin

        citysurvey report analysis/demo_city/study.yaml --only 城东区
    """
    from .config import load_study
    from .errors import Problem, StageError
    from .report.progress import DocumentProgress
    from .report.stage import render_reports

    try:
        cfg = load_study(study)
        section = cfg.section("report")
        if engine is not None:
            if engine not in ("quarto", "builtin", "auto"):
                raise StageError(Problem(zh=f"未知的引擎「{engine}」，可选 quarto、builtin、auto。",
                                         en=f"unknown engine '{engine}'; use quarto, builtin or auto."))
            section = section.model_copy(update={"engine": engine})
        if not (cfg.output.dir / "manifest.json").exists():
            raise StageError(Problem(zh="尚无结果可供生成报告。", en="there are no outputs to report on yet.",
                                     file=str(cfg.output.dir),
                                     hint_zh=f"请先运行 citysurvey run {study}。", hint_en=f"Run `citysurvey run {study}` first."))
        with DocumentProgress([], console) as show:
            summary = render_reports(cfg.output.dir, section, cfg.path, only=only, progress=show)
    except CitySurveyError as exc:
        _fail(exc)
    console.print(f"报告已生成 / reports written: {cfg.output.dir / 'report'}  "
                  f"({summary['n_reports']} 份 documents, {summary['seconds']:.1f} s)", markup=False)


@app.command()
def version() -> None:
    """显示版本 / Show the package version."""
    typer.echo(__version__)


from .sampling.cli import quota_app  # noqa: E402  (sub-apps mount after the main app exists)

app.add_typer(quota_app, name="quota")


def main() -> None:  # pragma: no cover - entry point
    app()
