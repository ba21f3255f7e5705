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
    for note in log.notes:
        console.print(f"  注 / note: {note}", markup=False, soft_wrap=True)
    if log.ignored_columns:
        console.print(f"未使用的列 / ignored columns: {', '.join(log.ignored_columns)}", markup=False)


@app.command()
def report(
    study: Path = STUDY_ARG,
    engine: Optional[str] = typer.Option(
        None, help="quarto | builtin | auto；默认取配置 report.engine / default: the study's report.engine"
    ),
    only: Optional[str] = typer.Option(
        None, help="只渲染一份：city、区名或 street:街道名 / render one document: city, a district name or street:<name>"
    ),
    allow_incomplete: bool = typer.Option(
        False, "--allow-incomplete",
        help="结果过期或缺失时仍生成报告，并在报告中写明 / render even when outputs are stale or missing, "
             "stating it in the report",
    ),
) -> None:
    """由已有结果重新生成报告（HTML 与 PDF）/ Re-render the reports from a study's existing outputs.

    Reads the output folder written by `citysurvey run` (it recomputes nothing), so a report
    writer can edit prose under reports/ and re-render in seconds.

    Examples:

        citysurvey report analysis/demo_city/study.yaml

        citysurvey report analysis/demo_city/study.yaml --engine builtin

        citysurvey report analysis/demo_city/study.yaml --only 城东区

        citysurvey report analysis/demo_city/study.yaml --only street:东门街道
    """
    from .config import load_study
    from .errors import Problem, StageError
    from .report.progress import DocumentProgress
    from .pipeline import record_report
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
            summary = render_reports(cfg.output.dir, section, cfg.path, only=only, progress=show,
                                     allow_incomplete=allow_incomplete)
        record_report(cfg.output.dir, summary)
    except CitySurveyError as exc:
        _fail(exc)
    console.print(f"报告已生成 / reports written: {cfg.output.dir / 'report'}  "
                  f"({summary['n_reports']} 份 documents, {summary['seconds']:.1f} s)", markup=False)


@app.command()
def init(
    raw: Path = typer.Argument(..., help="问卷平台导出的原始数据（CSV/xlsx/.sav）/ the raw export"),
    tables: Optional[list[Path]] = typer.Argument(None, help="人口统计表（可多个）/ population tables"),
    indicators: Optional[Path] = typer.Option(None, "--indicators", help="客观指标数据 / objective indicator values"),
    out: Path = typer.Option(..., "--out", help="写出草稿的文件夹 / folder for the draft"),
    sheet: Optional[str] = typer.Option(None, help="工作表名称；默认自动识别 / worksheet; detected by default"),
) -> None:
    """由原始数据起草 study.yaml 与 codebook.yaml / Draft study.yaml and codebook.yaml from a raw export.

    Writes the drafts, margins.csv (when population tables are given) and init_report.md/.xlsx,
    which lists every guess with its evidence and the questions to answer before `run`.

    Examples:

        citysurvey init 问卷星导出.xlsx 七普分区分性别年龄.xlsx --indicators 指标.csv --out analysis/my_city
    """
    from .init import init_study

    try:
        draft, written = init_study(raw, tables or [], out=out, indicators=indicators, sheet=sheet)
    except CitySurveyError as exc:
        _fail(exc)
    for path in written:
        console.print(f"  已写出 / written: {path}", markup=False)
    console.print(f"{len(draft.guesses)} 项推断、{len(draft.questions)} 个问题待确认，见 init_report.md。 / "
                  f"{len(draft.guesses)} guesses and {len(draft.questions)} questions: see init_report.md.", markup=False)
    console.print(f"下一步 / next: citysurvey validate {out / 'study.yaml'}", markup=False)


@app.command()
def margins(
    tables: list[Path] = typer.Argument(..., help="人口统计表（年鉴/七普 xlsx 或 CSV）/ population tables as published"),
    codebook: Path = typer.Option(..., "--codebook", help="研究的编码本 / the study's codebook.yaml"),
    out: Path = typer.Option(..., "--out", help="输出的长格式边际表 CSV / the long margins CSV to write"),
    rescale: bool = typer.Option(True, "--rescale/--no-rescale",
                                 help="把后续表按共同变量缩放到第一张表的合计 / scale later tables to the first one's totals"),
) -> None:
    """把年鉴、七普人口表转为边际表 / Turn yearbook or census population tables into the margins CSV.

    Examples:

        citysurvey margins 七普分区分性别年龄.xlsx 分区户籍.csv --codebook codebook.yaml --out margins.csv
    """
    from .codebook import load_codebook
    from .loading import validate_margins
    from .sampling.population_tables import population_margins, write_margins

    try:
        cb = load_codebook(codebook)
        table, notes = population_margins(list(tables), cb, rescale=rescale)
        validate_margins(table.astype({"population": str}), cb, file=str(out))  # the run will read it so
        write_margins(table, out)
    except CitySurveyError as exc:
        _fail(exc)
    for note in notes:
        console.print(f"  {note}", markup=False, soft_wrap=True)
    counts = table.groupby("margin", sort=False).agg(cells=("population", "size"), population=("population", "sum"))
    for name, row in counts.iterrows():
        console.print(f"  {name}: {int(row['cells'])} 格 cells, 合计 total {row['population']:,.0f}", markup=False)
    console.print(f"边际表已写出 / margins written: {out}", markup=False)


@app.command()
def batch(
    studies: list[str] = typer.Argument(..., help="study.yaml 路径、通配符或列表文件 / study configs, globs or list files"),
    name: Optional[str] = typer.Option(None, help="批次名称，默认取列表文件名或 batch / batch name"),
    out: Optional[Path] = typer.Option(None, help="批次文件夹，默认 output/batch_<name> / the batch folder"),
    scheduler: Optional[str] = typer.Option(None, help="已有 Dask 集群的调度器地址 / address of an existing Dask scheduler"),
    workers: Optional[int] = typer.Option(None, help="本机集群的工作进程数，默认按核数和内存 / local worker processes"),
    serial: bool = typer.Option(False, help="不用 Dask，在本进程中依次运行 / run one after another in this process"),
    force: bool = typer.Option(False, help="重跑未变化的研究 / re-run studies whose inputs and config are unchanged"),
    render: bool = typer.Option(True, help="生成报告 / render the reports"),
) -> None:
    """批量运行多项研究并汇总 / Run many studies on Dask and write their roll-up.

    Examples:

        citysurvey batch 'studies/*.yaml' --name guangxi

        citysurvey batch studies.txt --scheduler tcp://10.0.0.5:8786 --no-render
    """
    from .batch import resolve_studies, run_batch

    try:
        paths = resolve_studies(studies)
        label = name or (Path(studies[0]).stem if len(studies) == 1 and not set(studies[0]) & set("*?[")
                         and Path(studies[0]).suffix not in (".yaml", ".yml") else "batch")
        res = run_batch(paths, folder=out or Path("output") / f"batch_{label}", scheduler=scheduler,
                        n_workers=workers, serial=serial, force=force, render=render, console=console)
    except CitySurveyError as exc:
        _fail(exc)
    st = res.statuses
    for row in st.itertuples():
        line = f"{row.status:8s} {row.study_id}  {row.seconds if row.seconds == row.seconds else '':>8}"
        if row.status == "failed":
            line += f"  {row.message_zh} / {row.message_en}"
        console.print(line, markup=False, style="red" if row.status == "failed" else None)
    c = res.info["counts"]
    console.print(f"完成 / ok {c['ok']}，跳过 / skipped {c['skipped']}，失败 / failed {c['failed']}；"
                  f"用时 / took {res.info['seconds']:.1f} s；批次文件夹 / batch folder: {res.folder}", markup=False)
    if res.n_failed:
        raise typer.Exit(code=1)


@app.command()
def version() -> None:
    """显示版本 / Show the package version."""
    typer.echo(__version__)


from .sampling.cli import quota_app  # noqa: E402  (sub-apps mount after the main app exists)

app.add_typer(quota_app, name="quota")


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # python -m citysurvey.cli, as some scripts call it
    main()
