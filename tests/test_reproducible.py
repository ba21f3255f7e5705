"""Same inputs and config → byte-identical tables, whatever the interpreter's hash seed."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from citysurvey.outputs import sha256_file

from conftest import REPO

RUN = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    from citysurvey.config import load_study
    from citysurvey.pipeline import run_study
    cfg = load_study(sys.argv[1])
    stages = dict(cfg.stages)
    stages["report"] = stages["report"].model_copy(update={"enabled": False})  # tables only: faster
    cfg = cfg.model_copy(update={"stages": stages, "output": cfg.output.model_copy(update={"dir": Path(sys.argv[2])})})
    run_study(cfg)
    """
)


def test_demo_tables_are_byte_identical_across_processes(tmp_path):
    study = REPO / "analysis" / "demo_city" / "study.yaml"
    procs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)  # set and dict-of-set orders differ between the two
        procs.append(subprocess.Popen([sys.executable, "-c", RUN, str(study), str(tmp_path / seed)], env=env,
                                      stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    a, b = tmp_path / "1", tmp_path / "2"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.suffix in (".csv", ".xlsx"))
    assert len(files) > 40
    differ = [str(f) for f in files if sha256_file(a / f) != sha256_file(b / f)]
    assert not differ, differ
