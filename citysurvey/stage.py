"""The contract every pipeline stage follows.

A stage is a small object with a name and a ``run(ctx)`` method. It reads the
validated study data and the typed results of the stages before it from the
:class:`RunContext`, and returns a :class:`StageResult`: tidy tables the
pipeline writes to ``<output>/<stage>/``, one typed value for the stages after
it, and a small JSON-ready summary for the manifest and the report. A stage
never writes outside its own folder and never reads the internals of another.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .lazy import lazy_module

if TYPE_CHECKING:
    from .config import StudyConfig
    from .loading import StudyData

pd = lazy_module("pandas")  # a lone report document imports this module for its stage's class, and needs no pandas


@dataclass(frozen=True)
class Later:
    """A file a stage describes instead of making it: ``make(*args, **kwargs)`` returns its bytes.

    Charts and workbooks take seconds to make and no later stage reads them, so the
    pipeline makes them on a background process while the next stages run. `make` must be
    a module-level function and `args` picklable (tables, dicts, strings).

    >>> Later(bytes.fromhex, ("4f4b",))()
    b'OK'
    """

    make: Callable[..., bytes]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def __call__(self) -> bytes:
        return self.make(*self.args, **self.kwargs)


def file_bytes(content: "bytes | Later") -> bytes:
    """A stage file's bytes, made now if the stage left it for later."""
    return content() if isinstance(content, Later) else content


@dataclass(frozen=True)
class StageResult:
    """What a stage hands back: tidy tables, one typed value, a summary and extra files.

    The pipeline writes ``tables`` to ``<output>/<name>/<table>.csv`` (and one workbook),
    ``files`` beside them, ``summary`` into ``manifest.json``; later stages read ``value``
    (and the tables) from :attr:`RunContext.results`. Frozen: a result is never changed
    after its stage returns it.

    Attributes
    ----------
    name : str
        The stage's name (its folder).
    tables : dict of str to pandas.DataFrame
        Table name → tidy table (one row per estimate, stable column names).
    value : object
        The one typed value later stages use (the weighting stage's ``SurveyDesign``, the
        diagnosis stage's ``Diagnosis`` …); None when the tables say everything.
    summary : dict
        Small, JSON-ready facts for the manifest and the report.
    files : dict of str to bytes or Later
        Extra files (charts, workbooks): path relative to the stage folder → content, or a
        :class:`Later` that makes it (on a background process, while the next stages run).
    sheet_names : dict of str to str
        Table name → Chinese sheet name in the stage workbook.
    headers : dict of str to str
        Column → Chinese header in the stage workbook (added to the project's common ones).
    workbook : bool
        Write the generic ``<stage>/<stage>.xlsx``; False for a stage that writes its own.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.stage import StageResult
    >>> res = StageResult("count", tables={"by_district": pd.DataFrame({"district": ["甲区"], "n": [2]})},
    ...                   summary={"n": 2}, sheet_names={"by_district": "分区人数"})
    >>> res.name, list(res.tables), res.summary, res.value
    ('count', ['by_district'], {'n': 2}, None)
    """
    name: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    value: Any = None
    summary: dict[str, Any] = field(default_factory=dict)
    #: extra files (charts, workbooks) as relative path → bytes (or a Later), written under the stage folder
    files: dict[str, "bytes | Later"] = field(default_factory=dict)
    #: Chinese sheet names for the stage workbook, table name → sheet name
    sheet_names: dict[str, str] = field(default_factory=dict)
    #: Chinese column headers for the stage workbook (added to the project's common ones)
    headers: dict[str, str] = field(default_factory=dict)
    #: codes the stage workbook shows by name, column → {code: name} (the CSVs keep the codes)
    workbook_values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: write the generic ``<stage>/<stage>.xlsx``; off for a stage that writes its own workbook
    workbook: bool = True


@dataclass
class RunContext:
    """What a stage reads: the study's config, its validated data and the results of earlier stages.

    Attributes
    ----------
    config : StudyConfig
        The validated study config; ``config.section(name)`` is a stage's section.
    study : StudyData
        The validated responses (indexed by respondent id), codebook, margins, indicators.
    out_dir : pathlib.Path
        The run's staging folder; it becomes the output folder only if the whole run succeeds.
    results : dict of str to StageResult
        Results of the stages run so far, by stage name.
    cells : CellRule or None
        The run's minimum-cell rule (:mod:`citysurvey.privacy`): a stage drawing charts draws only the rows
        it publishes. The pipeline sets it; None makes it from ``config`` and ``study`` when asked.
    cores : int
        Cores a stage may keep busy at once with independent blocks of its work (threads in
        this process; the results do not depend on it). 1 unless the run has cores to spare:
        :func:`citysurvey.pipeline.run_study` gives its background workers' count plus one, so
        a batch task (no background workers: every core runs a study) gets 1.

    Examples
    --------
    >>> from pathlib import Path
    >>> from citysurvey.stage import RunContext, StageResult
    >>> ctx = RunContext(config=None, study=None, out_dir=Path("staging"))
    >>> ctx.results["weighting"] = StageResult("weighting", summary={"n": 4})
    >>> ctx.result("weighting").summary, ctx.result("scoring")
    ({'n': 4}, None)
    """
    config: "StudyConfig"
    study: "StudyData"
    out_dir: Path  # the run's staging folder; becomes the output folder only if the run succeeds
    results: dict[str, StageResult] = field(default_factory=dict)
    cores: int = 1
    #: the run's minimum-cell rule (:class:`citysurvey.privacy.CellRule`); None: read from config and study
    cells: Any = None

    def result(self, name: str) -> StageResult | None:
        """The result of an earlier stage, or None when it did not run (disabled, or not in this run).

        Parameters
        ----------
        name : str
            The stage's name.

        Returns
        -------
        StageResult or None
            Its result.

        Examples
        --------
        >>> from pathlib import Path
        >>> from citysurvey.stage import RunContext, StageResult
        >>> ctx = RunContext(config=None, study=None, out_dir=Path("."), results={"text": StageResult("text")})
        >>> ctx.result("text").name, ctx.result("waves")
        ('text', None)
        """
        return self.results.get(name)


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity (taskset, a container's cpuset, a pinned worker), not
    the machine's count, which would oversubscribe a process given fewer."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


LANES = 2  # threads for a stage's blocks: each holds its n × block temporaries (about 2 GB at 1,000,000 respondents)


@contextmanager
def lanes(cores: int):
    """``run(fn, *args, **kwargs)``: a future of ``fn(…)``, on two threads when ``cores`` ≥ 2, else computed at once.

    For a stage's independent blocks (:attr:`RunContext.cores`): blocks that read the design and
    frames and write nothing shared. numpy and scipy's sparse products release the GIL for their
    loops, so two blocks keep two cores busy; each block's arithmetic is that of a one-thread run,
    so the numbers are the same. Results are read with ``.result()``, in the order the caller wants.

    Examples
    --------
    >>> from citysurvey.stage import lanes
    >>> with lanes(2) as run:
    ...     jobs = [run(pow, 2, k) for k in range(4)]
    ...     [j.result() for j in jobs]
    [1, 2, 4, 8]
    """
    if cores < 2:
        yield lambda fn, *args, **kwargs: Done(fn(*args, **kwargs))
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=min(cores, LANES), thread_name_prefix="stage-lane")
    try:
        yield pool.submit
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Done:
    """A value computed already, read like a future's (``.result()``)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def run_design(ctx: RunContext):
    """The design every estimate of a run goes through, and whether it is weighted.

    The weighting stage's calibrated design when it ran on these respondents; else equal
    weights, still stratified by district, and ``weighted`` False so the report says
    "unweighted". The one place that decides the fallback.

    Parameters
    ----------
    ctx : RunContext
        The run; its ``study`` and the ``weighting`` result (if any) are read.

    Returns
    -------
    design : SurveyDesign
        The calibrated design, or an equal-weight design stratified by the codebook's district
        (no strata when the study has none) over the validated responses.
    weighted : bool
        True when the design is the weighting stage's.

    Examples
    --------
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.loading import CleaningLog, StudyData
    >>> from citysurvey.stage import RunContext, run_design
    >>> cb = Codebook.model_validate({"respondent_id": "id", "variables": {
    ...     "id": {"type": "id"}, "district": {"type": "categorical", "role": "district", "categories": ["甲区", "乙区"]}}})
    >>> responses = pd.DataFrame({"district": ["甲区", "甲区", "乙区"]}, index=pd.Index(["1", "2", "3"], name="id"))
    >>> study = StudyData(responses, cb, CleaningLog(pd.DataFrame(), pd.DataFrame()))
    >>> design, weighted = run_design(RunContext(config=None, study=study, out_dir=Path(".")))
    >>> weighted, design.weights.tolist(), design.strata_labels
    (False, [1.0, 1.0, 1.0], ('乙区', '甲区'))
    """
    from .weighting.design import SurveyDesign

    study = ctx.study
    prev = ctx.result("weighting")
    design = getattr(prev, "value", None)
    if isinstance(design, SurveyDesign) and len(design.weights) == study.n:
        ids = design.data[study.codebook.respondent_id].astype(str).to_numpy()
        if (ids == study.responses.index.astype(str).to_numpy()).all():
            return design, True
    return SurveyDesign.from_frame(study.responses.reset_index(), strata=study.codebook.district), False


def section_enabled(config: "StudyConfig", name: str) -> bool:
    """The ``enabled`` key of a stage's config section (on when the config has no such section).

    Parameters
    ----------
    config : StudyConfig
        The study config.
    name : str
        The stage's name (= its section of study.yaml).

    Returns
    -------
    bool
        The section's ``enabled``; True when the section or the key is absent.

    Examples
    --------
    >>> from citysurvey.config import load_study
    >>> from citysurvey.stage import section_enabled
    >>> cfg = load_study("analysis/demo_city/study.yaml")
    >>> section_enabled(cfg, "scoring"), section_enabled(cfg, "a_stage_without_a_section")
    (True, True)
    """
    section = (getattr(config, "stages", None) or {}).get(name)
    return bool(getattr(section, "enabled", True))


def unknown_variables(config: "StudyConfig", study: "StudyData", key: str, names, default_zh: str,
                      default_en: str) -> list:
    """A problem for every name under config ``key`` that is not a categorical variable of the study's data.

    The config named it, so leaving it out silently would hide a mistake; the hint lists
    what the study has and says what the default would be. Stages call it from ``check``.

    Parameters
    ----------
    config : StudyConfig
        The study config (its ``path`` locates the message).
    study : StudyData
        The validated data: its codebook and response columns.
    key : str
        The config key, e.g. ``"scoring.groups"``.
    names : list of str or None
        The variables the key names; None or empty gives no problem.
    default_zh, default_en : str
        What leaving the key out would use, for the hint.

    Returns
    -------
    list of Problem
        One bilingual problem per name that is not a categorical variable present in the data.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.loading import CleaningLog, StudyData
    >>> from citysurvey.stage import unknown_variables
    >>> cb = Codebook.model_validate({"respondent_id": "id", "variables": {
    ...     "id": {"type": "id"}, "sex": {"type": "categorical", "categories": ["男", "女"]}}})
    >>> study = StudyData(pd.DataFrame({"sex": ["男"]}), cb, CleaningLog(pd.DataFrame(), pd.DataFrame()))
    >>> [p.value for p in unknown_variables(SimpleNamespace(path=None), study, "scoring.groups", ["sex", "gender"],
    ...                                     "全部人口学变量", "every demographic variable")]
    ['gender']
    """
    from .errors import Problem

    categorical = study.codebook.names(type="categorical")
    return [
        Problem(
            zh=f"{key} 中的「{name}」不是本研究数据中的分类变量。",
            en=f"{key} names {name!r}, which is not a categorical variable of this study.",
            file=str(config.path) if config.path else None, value=name,
            hint_zh=f"可用的分类变量：{'、'.join(categorical) or '（无）'}；或删去该项，默认取{default_zh}。",
            hint_en=f"Name categorical variables of the codebook, or drop the key to use {default_en}.",
        )
        for name in names or []
        if name not in categorical or name not in study.responses.columns
    ]


class Stage(Protocol):
    """The protocol every stage follows: a name, a Chinese title, ``enabled`` and ``run``.

    A stage may also define ``check(config, study) -> list[Problem]``: what would stop it,
    asked of every enabled stage by :func:`citysurvey.pipeline.check_stages` before any
    stage runs (``citysurvey validate``). A stage that reads earlier stages' files from
    ``ctx.out_dir`` (the report does) sets ``reads_outputs = True``: the pipeline then
    finishes every file still being made before it runs. Stages are listed in :mod:`citysurvey.registry`;
    a stage of one's own can be passed to :func:`citysurvey.pipeline.run_study`.

    Attributes
    ----------
    name : str
        Folder name, config section and key in ``RunContext.results``.
    title_zh : str
        Shown in progress and the report.

    Examples
    --------
    >>> from citysurvey.stage import StageResult
    >>> class Count:
    ...     name, title_zh = "count", "计数"
    ...     def enabled(self, config):
    ...         return True
    ...     def run(self, ctx):
    ...         return StageResult(self.name, summary={"n": len(ctx.study.responses)})
    >>> from citysurvey.registry import default_stages
    >>> [s.name for s in default_stages()][:3]
    ['sampling', 'weighting', 'estimation']
    """
    name: str  # folder name and key in RunContext.results
    title_zh: str  # shown in progress and the report

    def enabled(self, config: "StudyConfig") -> bool:
        """Whether the stage runs for this study (usually its section's ``enabled``, see :func:`section_enabled`).

        Parameters
        ----------
        config : StudyConfig
            The study config.

        Returns
        -------
        bool
            False: the pipeline skips the stage and clears its folder.

        Examples
        --------
        >>> from citysurvey.config import load_study
        >>> from citysurvey.registry import default_stages
        >>> cfg = load_study("analysis/demo_city/study.yaml")
        >>> {s.name: s.enabled(cfg) for s in default_stages()}["scoring"]
        True
        """
        ...

    def run(self, ctx: RunContext) -> StageResult:
        """Do the stage's work from the validated data and earlier results; write nothing itself.

        Parameters
        ----------
        ctx : RunContext
            The run: config, validated data, the results of the stages before.

        Returns
        -------
        StageResult
            Tables, value, summary and files; the pipeline writes them under the stage's folder.

        Raises
        ------
        CitySurveyError
            A :class:`~citysurvey.errors.StageError` (or another error of the project) with a
            bilingual message when the data do not allow the stage; the run then writes nothing.

        Examples
        --------
        >>> import pandas as pd
        >>> from pathlib import Path
        >>> from citysurvey.stage import RunContext, StageResult
        >>> class Count:
        ...     name, title_zh = "count", "计数"
        ...     def enabled(self, config):
        ...         return True
        ...     def run(self, ctx):
        ...         return StageResult(self.name, summary={"n": len(ctx.study.responses)})
        >>> from types import SimpleNamespace
        >>> ctx = RunContext(config=None, study=SimpleNamespace(responses=pd.DataFrame({"q1": [4, 5]})), out_dir=Path("."))
        >>> Count().run(ctx).summary
        {'n': 2}
        """
        ...


__all__ = ["StageResult", "RunContext", "Stage", "run_design", "section_enabled", "unknown_variables"]
