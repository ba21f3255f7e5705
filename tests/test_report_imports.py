"""A lone document (``citysurvey report --only``) loads only what it uses: no statistics, no workbook writer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
DEMO = ROOT / "analysis" / "demo_city" / "study.yaml"
#: loaded by the analysis and by drawing, never by reading a config or rendering a document whose charts exist
HEAVY = {"scipy", "statsmodels", "sklearn", "openpyxl", "matplotlib", "seaborn", "jieba"}


def _modules(code: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                           "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_reading_the_study_config_and_the_report_code_loads_no_statistics():
    loaded = _modules(
        f"from citysurvey.config import load_study\n"
        f"cfg = load_study({str(DEMO)!r})\n"
        "import citysurvey.cli, citysurvey.pipeline, citysurvey.report.stage, citysurvey.report.progress\n"
        "from citysurvey.report.chapters import (diagnosis, indicators, methods, overview, quota, satisfaction,\n"
        "    streets, summary, text, waves, weighting)\n"
    )
    assert {"citysurvey", "pydantic", "pandas"} <= loaded  # the check sees what was imported
    assert not loaded & HEAVY


def test_a_study_config_without_an_earlier_wave_is_read_without_pandas():
    """Only checking an earlier wave's tables (``waves.previous``) needs pandas; the stages' section models do not."""
    loaded = _modules(
        f"from citysurvey.config import load_study\n"
        f"cfg = load_study({str(ROOT / 'analysis' / 'qingchuan' / 'study.yaml')!r})\n"
        "assert not cfg.section('waves').previous and cfg.section('estimation').enabled\n"
    )
    assert {"citysurvey", "pydantic", "yaml"} <= loaded  # the check sees what was imported
    assert not loaded & ({"pandas", "numpy"} | HEAVY)


def test_a_lazy_export_named_like_its_module_is_the_function_once_the_module_has_loaded():
    """``estimation.variance`` is a module and the function it defines: after the module loads (the
    estimators import it), the package still gives the function, as its eager import did."""
    loaded = _modules(
        "import citysurvey.estimation.estimators, citysurvey.waves.stage, citysurvey.text.redact\n"
        "import citysurvey.estimation as e, citysurvey.waves as w, citysurvey.text as t\n"
        "from citysurvey.estimation import variance\n"
        "assert callable(variance) and variance is e.variance and e.variance.__module__.endswith('.variance')\n"
        "assert callable(w.followup) and callable(t.redact)\n"
        "assert t.segment.__name__ == 'citysurvey.text.segment'  # a submodule still reads as an attribute\n"
    )
    assert "scipy" in loaded


def test_a_lazily_bound_module_is_imported_at_its_first_use_and_read_from_the_module_itself():
    _modules(
        "import sys\n"
        "from citysurvey.lazy import lazy_module\n"
        "w = lazy_module('wave')\n"
        "assert 'wave' not in sys.modules  # bound, not imported\n"
        "assert w.Error.__module__ == 'wave' and 'wave' in sys.modules\n"
        "import wave\n"
        "wave.patched = 1\n"
        "assert w.patched == 1  # a name set on the module later is seen (nothing copied)\n"
        "assert lazy_module('wave') is wave  # once imported, the module itself\n"
    )
