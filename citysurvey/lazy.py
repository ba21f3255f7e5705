"""Package names imported from their modules only when first asked for.

A package whose ``__init__`` imported every module loaded the statistics (scipy) for
anyone reading one constant: the report reads ``citysurvey.indicators.config.GRADES``,
and a re-rendered document should not wait for scipy to load. Reading the study config
imports every stage's config model, so each stage package defers its exports this way.

>>> __getattr__ = lazy_exports(__name__, {"ScoringConfig": "config"})   # doctest: +SKIP

A module the report's code uses only in some functions is bound the same way
(:func:`lazy_module`): a district re-rendered on its own reads its tables as saved text
and never needs pandas, whose import was a quarter of its time.

>>> pd = lazy_module("pandas")   # doctest: +SKIP
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types


class _LazyPackage(types.ModuleType):
    """A package whose exports load lazily, where an export may share its name with a submodule.

    ``citysurvey.estimation.variance`` is both a module and the function it defines. Python
    binds a submodule to its package's attribute once the submodule has loaded, which would
    hide the function from ``from citysurvey.estimation import variance``; an eager
    ``from .variance import variance`` in ``__init__`` bound the function last. Here the
    export is bound instead of the module, as before.
    """

    def __setattr__(self, name: str, value) -> None:
        exports = self.__dict__.get("_lazy_exports", {})
        if (isinstance(value, types.ModuleType) and name in exports
                and value.__name__ == f"{self.__name__}.{exports[name]}"):
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(package: str, exports: dict[str, str]):
    """A module ``__getattr__`` for `package`: name → the module (relative) that defines it."""
    module = sys.modules[package]
    module._lazy_exports = exports
    module.__class__ = _LazyPackage

    def __getattr__(name: str):
        if name not in exports:
            # a submodule read as an attribute (``citysurvey.text.segment``) loads as the eager imports made it load
            if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}") is not None:
                return importlib.import_module(f".{name}", package)
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{exports[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


class _LazyModule(types.ModuleType):
    """Stands for the module of its name and imports it when one of the module's names is first read."""

    def __getattr__(self, attr: str):
        # read from the module each time (not copied): a name set on it later, or patched, is seen here too
        return getattr(_imported(self.__name__), attr)

    def __dir__(self):
        return dir(_imported(self.__name__))

    def __repr__(self) -> str:
        return f"<lazily imported module {self.__name__!r}>"


def _imported(name: str) -> types.ModuleType:
    return sys.modules.get(name) or importlib.import_module(name)


def lazy_module(name: str) -> types.ModuleType:
    """The module `name`, imported when one of its names is first read, or at once if it has been already.

    For ``import pandas as pd`` at the top of a module most of whose callers never use pandas.
    A name read at import time (a default argument ``pd.NA``, a module constant) imports it then.
    """
    return sys.modules.get(name) or _LazyModule(name)
