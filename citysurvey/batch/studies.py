"""Which studies a batch runs, and whether a study's outputs are still current.

A study is current when its output folder holds a complete manifest whose inputs' sha256,
resolved config and package version equal today's, and, when it grades its city among a
batch's cities, whose recorded peer values are the same file as now.
"""
from __future__ import annotations

import glob
import json
from pathlib import Path

from .. import __version__
from ..config import StudyConfig, config_as_dict
from ..errors import ConfigError, Problem
from ..outputs import sha256_file

GLOB_CHARS = set("*?[")


def _problem_missing(spec: str) -> Problem:
    return Problem(zh="找不到研究配置文件，通配符也没有匹配到任何文件。",
                   en="no study config found: the path does not exist and no file matches the pattern.",
                   file=spec, hint_zh="请给出 study.yaml 的路径、通配符（如 'studies/*.yaml'）或每行一个路径的列表文件。",
                   hint_en="Give study.yaml paths, a glob (e.g. 'studies/*.yaml') or a list file with one path per line.")


def resolve_studies(specs: list[str | Path]) -> list[Path]:
    """Study config paths from YAML paths, globs and list files (one path a line, ``#`` comments).

    Paths in a list file are relative to the list file; the order is kept, repeats dropped.
    """
    found: list[Path] = []
    problems = []
    for spec in map(str, specs):
        path = Path(spec)
        if GLOB_CHARS & set(spec):
            matches = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            if not matches:
                problems.append(_problem_missing(spec))
            found += matches
        elif not path.is_file():
            problems.append(_problem_missing(spec))
        elif path.suffix.lower() in (".yaml", ".yml"):
            found.append(path)
        else:
            for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
                entry = line.split("#", 1)[0].strip()
                if not entry:
                    continue
                target = (path.parent / entry) if not Path(entry).is_absolute() else Path(entry)
                if not target.is_file():
                    problems.append(Problem(zh="列表文件中的研究配置文件不存在。", en="a study config in the list file does not exist.",
                                            file=str(path), row=i, value=entry,
                                            hint_zh="路径相对于列表文件所在目录。", hint_en="Paths are relative to the list file's folder."))
                    continue
                found.append(target)
    if problems:
        raise ConfigError(problems)
    return list(dict.fromkeys(p.resolve() for p in found))


def _normal(data) -> object:
    """The JSON form the manifest stores, so a fresh config compares equal to a recorded one."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def stale_reason(cfg: StudyConfig) -> str | None:
    """Why the study must run again (Chinese and English), or None when its outputs are current."""
    manifest_path = cfg.output.dir / "manifest.json"
    if not manifest_path.is_file():
        return "尚无结果 / no outputs yet"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "结果清单无法读取 / the manifest cannot be read"
    if not manifest.get("complete"):
        return "上次运行未完成 / the last run did not finish"
    if manifest.get("package_version") != __version__:
        return "citysurvey 版本已变 / the citysurvey version changed"
    if manifest.get("config") != _normal(config_as_dict(cfg)):
        return "配置已变 / the config changed"
    recorded = {item["role"]: item for item in manifest.get("inputs", [])}
    current = {k: v for k, v in cfg.inputs.model_dump().items() if isinstance(v, Path)}
    if set(recorded) != set(current):
        return "输入文件已变 / the input files changed"
    for role, path in current.items():
        if recorded[role]["path"] != str(path) or recorded[role]["sha256"] != sha256_file(path):
            return f"输入文件 {role} 内容已变 / input {role} changed"
    indicators = cfg.stages.get("indicators")
    if indicators is not None and indicators.peer_group is not None:
        from ..indicators.peers import PEER_FILE

        base = cfg.path.parent if cfg.path else Path.cwd()
        folder = indicators.peer_group if indicators.peer_group.is_absolute() else (base / indicators.peer_group).resolve()
        summary = next((s.get("summary", {}) for s in manifest.get("stages", []) if s.get("name") == "indicators"), {})
        peer_file = folder / PEER_FILE
        if not peer_file.is_file() or summary.get("peer_group", {}).get("sha256") != sha256_file(peer_file):
            return "同级城市数据已变 / the peer group's values changed"
    return None
