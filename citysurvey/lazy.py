"""Package names imported from their modules only when first asked for.

A package whose ``__init__`` imported every module loaded the statistics (scipy) for
anyone reading one constant: the report reads ``citysurvey.indicators.config.GRADES``,
and a re-rendered document should not wait for scipy to load.

>>> __getattr__ = lazy_exports(__name__, {"ScoringConfig": "config"})   # doctest: +SKIP
"""
from __future__ import annotations

import importlib
import sys


def lazy_exports(package: str, exports: dict[str, str]):
    """A module ``__getattr__`` for `package`: name → the module (relative) that defines it."""

    def __getattr__(name: str):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{exports[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
