"""Every public function, class and method of the documented API has its parameters, what it returns
and an example that runs, so the reference cannot fall behind the code.

Public = the package's ``__all__`` and the methods of those classes. The examples themselves run in the docs build
(tests/test_docs_build.py, the doctest builder), because every package here is on an API page.
"""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

ROOT = Path(__file__).parents[1]
PACKAGES = (
    "citysurvey.weighting", "citysurvey.estimation", "citysurvey.scoring", "citysurvey.text",
    "citysurvey.indicators", "citysurvey.diagnosis", "citysurvey.stage", "citysurvey.registry",
    "citysurvey.pipeline",
)


def _public():
    for package in PACKAGES:
        module = importlib.import_module(package)
        assert hasattr(module, "__all__"), f"{package} says what is public with __all__"
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                yield pytest.param(package, name, obj, id=f"{package}.{name}")


def _public_methods():
    """Methods of the public classes (not pydantic models: their API is their keys)."""
    for param in list(_public()):
        package, name, cls = param.values
        if not inspect.isclass(cls) or issubclass(cls, BaseModel):
            continue
        for attr, value in vars(cls).items():
            func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
            if not attr.startswith("_") and inspect.isfunction(func):
                yield pytest.param(package, f"{name}.{attr}", func, id=f"{package}.{name}.{attr}")


def _sections(doc: str) -> dict[str, str]:
    """numpydoc sections: title → body."""
    parts = re.split(r"^(\w[\w ]*)\n-{3,}\s*$", doc, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize(("package", "name", "obj"), list(_public()) + list(_public_methods()))
def test_public_callable_has_parameters_returns_and_a_running_example(package, name, obj):
    doc = obj.__doc__ or ""  # its own docstring: an inherited one (pydantic's, Protocol's) says nothing of it
    assert doc.strip(), f"{package}.{name} has no docstring"
    sections = _sections(inspect.cleandoc(doc))
    if inspect.isclass(obj) and issubclass(obj, BaseModel):
        # a config section: its keys, types, defaults and meanings are the generated config reference
        assert "reference/study_yaml" in doc, f"{package}.{name} links to the config reference"
    elif inspect.isclass(obj):
        assert {"Parameters", "Attributes"} & set(sections), f"{package}.{name} lacks Parameters/Attributes"
    else:
        if [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]:
            assert "Parameters" in sections, f"{package}.{name} lacks Parameters"
        assert "Returns" in sections or "Yields" in sections, f"{package}.{name} lacks Returns"
    examples = sections.get("Examples", "")
    runs = [line for line in examples.splitlines() if line.strip().startswith(">>>") and "+SKIP" not in line]
    assert runs, f"{package}.{name} lacks an Examples section with an example that runs"
    # the example checks output: at least one statement is followed by the output it must print
    lines = examples.splitlines()
    shows = any(line.strip().startswith((">>>", "...")) and i + 1 < len(lines) and lines[i + 1].strip()
                and not lines[i + 1].strip().startswith((">>>", "..."))
                for i, line in enumerate(lines))
    assert shows, f"{package}.{name}: the example prints nothing to check"


def test_every_package_is_on_an_api_page():
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "api").glob("*.md"))
    for package in PACKAGES:
        assert re.search(rf"automodule:: {re.escape(package)}\s*$", pages, re.M), package
