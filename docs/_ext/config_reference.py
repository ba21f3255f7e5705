"""Writes the study YAML and codebook reference from the pydantic models, at every build.

Each key's type and default come from the model; its meaning from the field's
``description`` or, failing that, the comment on (or just above) its line in the
source. A key with no meaning is a build warning, so the reference cannot drift
from the code (the docs build runs with warnings as errors).
"""
from __future__ import annotations

import ast
import inspect
import io
import textwrap
import tokenize
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from sphinx.util import logging

logger = logging.getLogger(__name__)
OUT = Path(__file__).parent.parent / "_generated"
#: meanings of keys whose source line carries no comment yet (dotted path → text); an entry for a
#: key that no longer exists is a warning too
SUPPLEMENT: dict[str, str] = yaml.safe_load((Path(__file__).parent / "config_meanings.yaml").read_text(encoding="utf-8")) or {}


_ALL_KEYS: set[str] = set()


def _comments(cls: type) -> dict[str, str]:
    """Field name → the comment on its line, or the comment lines just above it."""
    try:
        src = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    lines = src.splitlines()
    by_line: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.COMMENT:
            by_line[tok.start[0]] = tok.string.lstrip("#").strip()
    out: dict[str, str] = {}
    body = ast.parse(src).body[0].body  # type: ignore[attr-defined]
    for node in body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            # the comment may sit on the last line of a multi-line assignment
            same = [by_line[i] for i in range(node.lineno, (node.end_lineno or node.lineno) + 1) if i in by_line]
            above, i = [], node.lineno - 1
            while i >= 1 and lines[i - 1].strip().startswith("#"):
                above.insert(0, by_line.get(i, ""))
                i -= 1
            text = " ".join(same) or " ".join(above)
            if text:
                out[node.target.id] = text
    return out


def _type_name(ann) -> str:
    text = str(ann) if not isinstance(ann, type) else ann.__name__
    for noise in ("typing.", "pathlib.", "datetime.", "citysurvey.", "NoneType"):
        text = text.replace(noise, "" if noise != "NoneType" else "None")
    return text.replace("<class '", "").replace("'>", "")


def _default(field) -> str:
    if field.is_required():
        return "**必填 required**"
    if field.default_factory is not None:
        try:
            value = field.default_factory()
        except TypeError:
            return "(computed)"
    else:
        value = field.default
    if value is PydanticUndefined:
        return ""
    if isinstance(value, BaseModel):
        return "(see below)"
    return f"`{value!r}`" if value not in ("", None) else f"`{value!r}`"


def _nested(ann) -> list[type[BaseModel]]:
    found = []
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [ann]
    for arg in typing.get_args(ann):
        found += _nested(arg)
    return found


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def model_table(model: type[BaseModel], key: str, seen: set, missing: list[str]) -> list[str]:
    lines = [f"### `{key}`", ""]
    doc = inspect.getdoc(model)
    if doc and doc != inspect.getdoc(BaseModel):
        lines += [doc.split("\n\n")[0], ""]
    lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
    comments = {}
    for klass in reversed(model.__mro__):
        if isinstance(klass, type) and issubclass(klass, BaseModel) and klass is not BaseModel:
            comments.update(_comments(klass))
    children = []
    for name, field in model.model_fields.items():
        if name in ("path", "stages") and model.__name__ == "StudyConfig":
            continue
        meaning = field.description or comments.get(name, "")
        nested = _nested(field.annotation)
        kids = [m for m in nested if m not in seen]
        if not meaning and nested and inspect.getdoc(nested[0]) != inspect.getdoc(BaseModel):
            meaning = (inspect.getdoc(nested[0]) or "").split("\n\n")[0]
        meaning = meaning or SUPPLEMENT.get(f"{key}.{name}", "")
        _ALL_KEYS.add(f"{key}.{name}")
        if not meaning:
            missing.append(f"{key}.{name}")
        lines.append(f"| `{name}` | `{_escape(_type_name(field.annotation))}` | {_escape(_default(field))} "
                     f"| {_escape(meaning.replace(chr(10), ' '))} |")
        for kid in kids:
            seen.add(kid)
            children.append((kid, f"{key}.{name}"))
    lines.append("")
    for kid, kkey in children:
        lines += model_table(kid, kkey, seen, missing)
    return lines


def study_yaml_reference(missing: list[str]) -> str:
    from citysurvey.config import StudyConfig
    from citysurvey.registry import STAGES, stage_config_models

    seen: set = {StudyConfig}
    lines = ["<!-- generated by docs/_ext/config_reference.py; do not edit -->", ""]
    for name, field in StudyConfig.model_fields.items():
        if name in ("path", "stages"):
            continue
        for kid in _nested(field.annotation):
            seen.add(kid)
            lines += model_table(kid, name, seen, missing)
    models = stage_config_models()
    for spec in STAGES:
        if spec.name in models:
            seen.add(models[spec.name])
            lines += model_table(models[spec.name], spec.name, seen, missing)
    return "\n".join(lines)


def codebook_reference(missing: list[str]) -> str:
    from citysurvey import codebook

    seen: set = set()
    lines = ["<!-- generated by docs/_ext/config_reference.py; do not edit -->", ""]
    lines += model_table(codebook.Codebook, "codebook", seen, missing)
    if codebook.Variable not in seen:
        lines += model_table(codebook.Variable, "variables.<name>", seen, missing)
    if codebook.Scale not in seen:
        lines += model_table(codebook.Scale, "scales.<name>", seen, missing)
    roles = typing.get_args(codebook.Role)
    lines += ["### Roles 角色", "", "`" + "`, `".join(roles) + "`", ""]
    types = typing.get_args(codebook.VariableType)
    lines += ["### Types 类型", "", "`" + "`, `".join(types) + "`", ""]
    return "\n".join(lines)


def write_all(app=None) -> list[str]:
    OUT.mkdir(exist_ok=True)
    missing: list[str] = []
    for name, text in (("study_yaml.md", study_yaml_reference(missing)), ("codebook.md", codebook_reference(missing))):
        target = OUT / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for key in sorted(set(SUPPLEMENT) - _ALL_KEYS):
        logger.warning(f"docs/_ext/config_meanings.yaml names a key that no longer exists: {key}")
    for key in missing:
        logger.warning(f"config key without a documented meaning (add a comment or Field(description=…)): {key}")
    return missing


def setup(app):
    app.connect("builder-inited", write_all)
    return {"version": "1", "parallel_read_safe": True}
