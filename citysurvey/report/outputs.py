"""Read one study's pipeline outputs for the report — never recompute them.

The report documents call :func:`load_outputs` in their setup cell; a writer
who edits prose re-renders without re-running the analysis.

>>> out = load_outputs("output/demo_city")           # doctest: +SKIP
>>> out.study["city"], out.counts["n_valid"]           # doctest: +SKIP
('示例市', 1203)
>>> out.table("sampling/sample_profile.csv").columns[0]  # doctest: +SKIP
'district'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, StageError
from ..lazy import lazy_module
from ..privacy import published_rows
from ..schemas import CITY_AREA, TABLES, check_read
from .chapters import shared_result

pd = lazy_module("pandas")

#: columns each known output must have (the full schemas: citysurvey.schemas.SCHEMAS)
KNOWN_COLUMNS = TABLES
MANIFEST_KEYS = ("study", "counts", "stages", "inputs")


_READ: dict[str, tuple[tuple[int, int], pd.DataFrame]] = {}  # path → (mtime, size), the table as read and checked
READ_LIMIT = 200  # tables remembered per process (a run's report reads about 40)


@dataclass
class ReportOutputs:
    """The outputs folder of one run, read lazily and cached."""

    root: Path
    manifest: dict
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _files_stamp: str | None = field(default=None, repr=False)

    def files_stamp(self) -> str:
        """A digest of the stage files as this object found them (names, sizes, times; the report's own
        folders and the run's manifest left out): results computed from the folder are reused only while
        it is unchanged. The manifest is rewritten after the chart step (the run's timings, each re-render's
        record), and the run it names is in the key already (:func:`.figures.run_stamp`)."""
        if self._files_stamp is None:
            import hashlib
            import os

            seen = []
            for folder, dirs, files in os.walk(self.root):
                rel = Path(folder).relative_to(self.root)
                if rel == Path("."):
                    dirs[:] = [d for d in dirs if d not in ("figures", "report") and not d.startswith(".")]
                for name in files:
                    if rel == Path(".") and name == "manifest.json":
                        continue
                    info = os.stat(os.path.join(folder, name))
                    seen.append(f"{(rel / name).as_posix()}:{info.st_size}:{info.st_mtime_ns}")
            self._files_stamp = hashlib.sha256("\n".join(sorted(seen)).encode("utf-8")).hexdigest()[:16]
        return self._files_stamp

    @property
    def study(self) -> dict:
        return self.manifest["study"]

    @property
    def counts(self) -> dict:
        return self.manifest["counts"]

    @property
    def absent(self) -> list[dict]:
        """What the study lacks (``manifest.json`` → ``absent``): key, zh, en; see :mod:`citysurvey.coverage`."""
        return list(self.manifest.get("absent") or [])

    def lacks(self, key: str) -> bool:
        return any(g.get("key") == key for g in self.absent)

    @property
    def district_variable(self) -> str | None:
        """The codebook's district variable, whatever the study calls it (None: the study has none)."""
        variables = self.manifest.get("variables")
        if variables is None:  # outputs of an older run: the demo's name was the only one
            return "district"
        return variables.get("district")

    @property
    def street_variable(self) -> str | None:
        """The codebook's street variable (role: street), or None when the study has none."""
        return (self.manifest.get("variables") or {}).get("street")

    def incomplete(self) -> list[dict]:
        """Stages whose outputs are stale (an earlier stage changed since) or were never written."""
        out = [{"name": s.get("name"), "title_zh": s.get("title_zh") or s.get("name"), "status": "stale"}
               for s in self.manifest.get("stages", []) if s.get("status") == "stale"]
        out += [{"name": n, "title_zh": n, "status": "not_run"} for n in self.manifest.get("not_run") or []
                if n != "report"]
        return out

    def has(self, relpath: str) -> bool:
        """Whether an output exists: a file, or a folder holding at least one file."""
        path = self.root / relpath
        if path.is_dir():
            return any(p.is_file() for p in path.rglob("*"))
        return path.is_file()

    def table(self, relpath: str) -> pd.DataFrame:
        """A CSV output (UTF-8 with BOM) as a DataFrame; a copy, so callers may change it."""
        if relpath not in self._tables:
            self._tables[relpath] = self._read_csv(relpath)
        return self._tables[relpath].copy()

    def _read_csv(self, relpath: str) -> pd.DataFrame:
        path = self.root / relpath
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            # a worker renders several documents, each opening the folder anew: the same file, unchanged
            # (size and time), is read and checked once per process
            stamp = (stat.st_mtime_ns, stat.st_size)
            seen = _READ.get(str(path))
            if seen is not None and seen[0] == stamp:
                return seen[1]
        frame = self._read_and_check(path, relpath)
        if stat is not None:
            if len(_READ) >= READ_LIMIT:  # a batch renders many studies in one process: keep memory bounded
                _READ.clear()
            _READ[str(path)] = (stamp, frame)
        return frame

    def _read_and_check(self, path: Path, relpath: str) -> pd.DataFrame:
        if not path.is_file():
            raise StageError(Problem(
                zh="报告需要的结果文件不存在。", en="an output the report needs does not exist.",
                file=str(path),
                hint_zh="请先运行完整流程（citysurvey run），或检查 output_dir 参数。",
                hint_en="Run the pipeline first (citysurvey run) or check the output_dir parameter.",
            ))
        frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
        check_read(relpath, frame, str(path))  # the schema the stage was held to when it handed the table over
        return published_rows(frame)  # a domain too small to publish is never shown, ranked or compared

    @property
    def districts(self) -> list[str]:
        """Districts in the order of the sample profile (the codebook's order).

        Saved with the report's results, so a document rendered on its own (``--only``) reads the
        names instead of the table, and needs no pandas.
        """
        return _districts(self)

    @property
    def reported_districts(self) -> list[str]:
        """The districts a report may be written for: those with published estimates (a district of fewer
        respondents than ``privacy.min_cell`` has none, see :mod:`citysurvey.privacy`)."""
        if not self.has("estimation/estimates.csv"):
            return self.districts
        published = set(self.table("estimation/estimates.csv")["district"])
        return [d for d in self.districts if d in published]

    def check_district(self, district: str) -> str:
        """`district` if the outputs know it, else a StageError listing the known ones."""
        known = self.districts
        if district not in known:
            raise StageError(Problem(
                zh=f"结果中没有区「{district}」。已知的区：{'、'.join(known) or '（无）'}。",
                en=f"the outputs have no district {district!r}. Known: {', '.join(known) or '(none)'}.",
                hint_zh="请用 -P district:区名 指定其中之一。",
                hint_en="Pass one of them with -P district:<name>.",
            ))
        return district


@shared_result(saved=True)
def _districts(out: ReportOutputs) -> list[str]:
    if not out.has("sampling/sample_profile.csv"):
        return []
    profile = out.table("sampling/sample_profile.csv")
    names = profile.loc[profile["district"] != CITY_AREA, "district"]
    return list(dict.fromkeys(names))


STATUS_ZH = {"stale": "已过期（其上游环节此后重新运行且结果有变）", "not_run": "尚未生成"}


def check_complete(out: ReportOutputs, study_path: str | Path | None = None) -> None:
    """Refuse to report on stale or missing stage outputs, naming each and what to do."""
    bad = out.incomplete()
    if not bad:
        return
    listed_zh = "；".join(f"{b['title_zh']}（{b['name']}）的结果{STATUS_ZH[b['status']]}" for b in bad)
    listed_en = "; ".join(f"{b['name']}: {b['status'].replace('_', ' ')}" for b in bad)
    run = f"citysurvey run {study_path}" if study_path else "citysurvey run <study.yaml>"
    raise StageError(Problem(
        zh=f"报告所需的结果不完整：{listed_zh}。", en=f"the outputs the report needs are incomplete: {listed_en}.",
        file=str(out.root / "manifest.json"),
        hint_zh=f"请运行 {run} 补齐；或加 --allow-incomplete 照样生成，报告会写明缺少哪些内容。",
        hint_en=f"Run `{run}` to bring them up to date, or pass --allow-incomplete to render anyway "
                "(the report then states what is missing).",
    ))


def load_outputs(output_dir: str | Path) -> ReportOutputs:
    """Open a run's output folder; checks the manifest now, reads tables when asked."""
    root = Path(output_dir).expanduser().resolve()
    path = root / "manifest.json"
    if not path.is_file():
        raise StageError(Problem(
            zh="找不到流程结果（manifest.json）。", en="no pipeline outputs found (manifest.json).",
            file=str(path),
            hint_zh="请先运行 citysurvey run <study.yaml>，再用 -P output_dir:<结果目录> 指向其输出目录。",
            hint_en="Run `citysurvey run <study.yaml>` first, then point -P output_dir:<folder> at its output.",
        ))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise StageError(Problem(zh=f"JSON 格式错误：{exc.msg}", en=f"invalid JSON: {exc.msg}",
                                 file=str(path), row=exc.lineno)) from None
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise StageError(Problem(zh=f"manifest.json 缺少：{'、'.join(missing)}。",
                                 en=f"manifest.json lacks: {', '.join(missing)}.", file=str(path)))
    return ReportOutputs(root, manifest)


_WHEN_MISSING = re.compile(r'when-meta="missing-([A-Za-z0-9_]+)"')


def report_metadata(documents: list[Path], out: ReportOutputs, district: str | None = None) -> dict:
    """Document metadata computed from the outputs, handed to the renderer.

    Chapters are wrapped in ``::: {.content-hidden when-meta="missing-<folder>"}``;
    a folder named there that the run did not write sets ``missing-<folder>: true``
    so the whole chapter drops out. Title and subtitle name the study.
    """
    study = out.study
    name = study.get("name") or f"{study.get('city', '')}{study.get('year', '')}年城市体检社会满意度调查"
    meta: dict = {"title": f"{name}报告"}
    if district:
        meta["subtitle"] = f"{district}分报告"
    if study.get("organisation"):
        meta["author"] = study["organisation"]
    # the 资料来源 line under every numbered table and figure
    by = f"，{study['organisation']}整理" if study.get("organisation") else ""
    meta["source"] = f"{name}{by}。"
    started = out.manifest.get("started_at")
    if started:
        from .numbers import fmt_date

        meta["date"] = fmt_date(started)
    folders: set[str] = set()
    for doc in documents:
        folders.update(_WHEN_MISSING.findall(_with_includes(Path(doc))))
    from ..coverage import GAPS

    for key in sorted(folders):
        # a piece the study lacks (district, overall item …) hides what needs it, and so does an
        # output folder the run did not write ("text" is both)
        gap = out.lacks(key)
        meta[f"missing-{key}"] = gap if key in GAPS and not _is_folder(key) else gap or not out.has(key)
    return meta


def _is_folder(key: str) -> bool:
    from ..registry import STAGES

    return key == "data" or key in {s.name for s in STAGES}


_INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")


def _with_includes(path: Path, seen: frozenset = frozenset()) -> str:
    """A document's text with its includes, for scanning only (the renderer reports bad includes)."""
    if path in seen or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8-sig")
    parts = [text]
    for inc in _INCLUDE.findall(text):
        parts.append(_with_includes((path.parent / inc).resolve(), seen | {path}))
    return "\n".join(parts)
