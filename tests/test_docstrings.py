"""Every public function, class and method of the documented API has its parameters, what it returns
and an example that runs, so the reference cannot fall behind the code.

Public = the package's ``__all__`` and the methods of those classes. Every example in every module's docstrings runs
here (:func:`test_docstring_examples_run`), with the setup and option flags of the docs' doctest build
(``doctest_global_setup`` and ``doctest_default_flags`` in docs/conf.py, the one place they are written). The docs
build (tests/test_docs_build.py) runs only the docstrings its pages show: each package's public names (its lazy
exports are resolved in docs/conf.py), not private helpers or modules no page names.
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import io
import os
import re
import runpy
import sys
import warnings
from functools import lru_cache
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


def _modules():
    """Every module of the package with an example, by name, without importing it (``__main__`` would run the CLI)."""
    for path in sorted((ROOT / "citysurvey").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__" or ">>>" not in path.read_text(encoding="utf-8"):
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def _docs_doctest_config() -> tuple[str, int]:
    """docs/conf.py's ``doctest_global_setup`` and ``doctest_default_flags``: the examples run as the docs run them."""
    path = list(sys.path)
    try:
        conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
    finally:
        sys.path[:] = path  # conf.py puts the repository and its extensions first for Sphinx
    return conf["doctest_global_setup"], conf["doctest_default_flags"]


def _pandas_options(group=None, prefix="") -> dict:
    """Every pandas option (``display.width`` …) and its value now."""
    import pandas as pd

    group = pd.options if group is None else group
    values = {}
    for key in dir(group):
        with warnings.catch_warnings():  # a deprecated option warns when read
            warnings.simplefilter("ignore")
            value = getattr(group, key)
        if isinstance(value, type(pd.options)):
            values.update(_pandas_options(value, f"{prefix}{key}."))
        else:
            values[prefix + key] = value
    return values


@pytest.mark.parametrize("module_name", list(_modules()))
def test_docstring_examples_run(module_name):
    """Each example in the module's docstrings prints what its docstring says it prints.

    An example reads its module's names, then the names the docs' setup imports; each docstring starts afresh.
    The setup's working directory and pandas display options are put back afterwards, for the tests after it.
    """
    import pandas as pd

    setup, flags = _docs_doctest_config()
    module = importlib.import_module(module_name)
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(module, module_name) if t.examples]
    cwd = os.getcwd()
    options = _pandas_options()
    report = io.StringIO()
    runner = doctest.DocTestRunner(verbose=False, optionflags=flags)
    try:
        for test in tests:
            namespace: dict = {}
            exec(setup, namespace)
            test.globs = {**namespace, **vars(module)}
            runner.run(test, out=report.write, clear_globs=True)
    finally:
        os.chdir(cwd)
        for key, value in _pandas_options().items():
            if value != options[key]:
                pd.set_option(key, options[key])
    assert not runner.failures, report.getvalue()
