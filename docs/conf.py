"""Sphinx configuration for the citysurvey documentation.

Build (also run by the test suite, warnings as errors, every example executed)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE / "_ext"))

import citysurvey  # noqa: E402

project = "citysurvey"
author = "citysurvey contributors"
copyright = "citysurvey contributors, MIT licence"
release = citysurvey.__version__
version = release
language = "zh_CN"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "config_reference",
    "r_pairs",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/README.md"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
# Attributes sections as fields of their class, not separate objects (autodoc lists dataclass fields too)
napoleon_use_ivar = True
# pydantic models and dataclasses repeat their fields as attributes; the config reference covers them
suppress_warnings = ["myst.header"]
nitpicky = False

# Examples in the pages and docstrings run against the repository's own files. tests/test_docstrings.py reads this
# setup and doctest_default_flags from here to run every docstring's examples, those the pages do not show as well
# (private helpers' examples, and modules no page names)
doctest_global_setup = f"""
import os
os.chdir({str(ROOT)!r})
import numpy as np
import pandas as pd
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 20)
# docstring examples run in their module's namespace under pytest; here, in the page's
from citysurvey.weighting import *
from citysurvey.estimation import *
from citysurvey.sampling.size import *
from citysurvey.sampling.allocation import *
from citysurvey.text import *
from citysurvey.scoring import *
from citysurvey.indicators import *
from citysurvey.diagnosis import *
from citysurvey.loading import *
"""

# The stage packages export their names lazily (citysurvey/lazy.py): resolved here, so that autodoc, which reads a
# module's namespace, documents them on the package's API page (each page's automodule takes imported members; a
# package's __all__ keeps that to its public names).
import importlib  # noqa: E402

for _package in ("weighting", "diagnosis", "estimation", "indicators", "scoring", "smallarea", "text", "waves"):
    _module = importlib.import_module(f"citysurvey.{_package}")
    for _name in _module.__all__:
        getattr(_module, _name)

html_theme = "furo"
html_title = f"citysurvey {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False

import doctest  # noqa: E402

# tables print with column padding that depends on the widest cell; compare words, not spaces
doctest_default_flags = (doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
                         | doctest.DONT_ACCEPT_TRUE_FOR_1)
