"""A process pinned to fewer cores than the machine has (taskset, a container's cpuset, a pinned batch worker)
sizes its background writer and report workers to its own cores."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this platform")

PROBE = """
import os
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from citysurvey.stage import usable_cores
from citysurvey.writer import background_workers
from citysurvey.report.stage import workers
print(usable_cores(), background_workers(), workers(7))
"""


def test_a_process_on_one_core_plans_for_one():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.stdout.split() == ["1", "0", "1"]


def test_all_cores_of_the_affinity_are_counted():
    from citysurvey.stage import usable_cores
    assert usable_cores() == len(os.sched_getaffinity(0))
