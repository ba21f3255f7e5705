"""The [report] extra: the analysis never loads the rendering stack, and without it whatever would
draw or render stops first with one bilingual message naming the install command."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from citysurvey.extras import REPORT_EXTRA

ROOT = Path(__file__).parents[1]
DEMO = ROOT / "analysis" / "demo_city" / "study.yaml"
# what the rendering stack pulls in besides the [report] distributions themselves
LOADED_WITH_IT = ("matplotlib_inline", "IPython", "jupyter_client", "zmq")  # PIL: openpyxl tries it itself
# the import of each module of the [report] extra fails in this process, as on an install without it
WITHOUT_EXTRA = f"import sys\nfor m in {sorted(REPORT_EXTRA)!r}: sys.modules[m] = None\n"


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(ROOT)})


def test_the_report_extra_lists_what_pyproject_installs():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip() for d in extras["report"]}
    assert names == set(REPORT_EXTRA.values())
    core = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert not {d.split(">")[0].strip() for d in core} & names, "a rendering package is still a core dependency"
    assert "citysurvey[report]" in extras["test"]


def test_importing_the_analysis_api_loads_nothing_of_the_rendering_stack():
    code = (
        "import sys, json\n"
        "import citysurvey.weighting, citysurvey.estimation, citysurvey.scoring, citysurvey.text\n"
        "import citysurvey.indicators, citysurvey.diagnosis, citysurvey.pipeline, citysurvey.registry\n"
        "import citysurvey.stage, citysurvey.sampling, citysurvey.smallarea, citysurvey.waves, citysurvey.cli\n"
        "from citysurvey.registry import default_stages, stage_config_models\n"
        "stages = [s for s in default_stages() if s.name != 'report']; stage_config_models()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout))
    assert "citysurvey" in loaded and "pandas" in loaded  # the check sees what was imported
    assert not loaded & (set(REPORT_EXTRA) | set(LOADED_WITH_IT))


def test_without_the_extra_the_analysis_api_still_works():
    proc = _python(WITHOUT_EXTRA + (
        "import pandas as pd\n"
        "from citysurvey.weighting import svydesign\n"
        "from citysurvey.estimation import svymean\n"
        "d = svydesign(pd.DataFrame({'y': [1.0, 3.0], 'w': [1.0, 3.0]}), weights='w')\n"
        "print(float(svymean(d, 'y')['estimate'].iloc[0]))\n"
    ))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2.5"


def test_without_the_extra_validate_names_the_charts_and_the_report_then_passes_when_they_are_off():
    proc = _python(WITHOUT_EXTRA + (
        "from citysurvey.config import load_study\n"
        "from citysurvey.registry import default_stages\n"
        "from citysurvey.extras import rendering_problems\n"
        f"cfg = load_study({str(DEMO)!r})\n"
        "stages = default_stages()\n"
        "for p in rendering_problems(cfg, stages): print(p.format())\n"
        "off = {n: s.model_copy(update={'charts': False}) if hasattr(s, 'charts') else s for n, s in cfg.stages.items()}\n"
        "off['report'] = off['report'].model_copy(update={'enabled': False})\n"
        "print('OFF', len(rendering_problems(cfg.model_copy(update={'stages': off}), stages)))\n"
    ))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "[错误]" in out and "[Error]" in out
    assert out.count("pip install 'citysurvey[report]'") == 4  # charts and report, each in both languages
    assert "绘制图表" in out and "drawing the charts" in out and "scoring.charts" in out and "text.charts" in out
    assert "生成报告" in out and "report.enabled: false" in out
    assert "matplotlib" in out and "typst" in out
    assert out.strip().endswith("OFF 0")


def test_without_the_extra_rendering_reports_stops_with_the_install_command(tmp_path):
    proc = _python(WITHOUT_EXTRA + (
        "from citysurvey.errors import ConfigError\n"
        "from citysurvey.report.stage import render_reports\n"
        "try:\n"
        f"    render_reports({str(tmp_path)!r})\n"
        "except ConfigError as exc:\n"
        "    print(exc)\n"
    ))
    assert proc.returncode == 0, proc.stderr
    assert "生成报告需要报告组件" in proc.stdout
    assert "rendering the reports needs the report extra" in proc.stdout
    assert "pip install 'citysurvey[report]'" in proc.stdout
    assert not any(tmp_path.iterdir())  # it stopped before writing anything
