"""The documentation builds with warnings as errors, and every example in it runs."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")


@pytest.mark.parametrize("builder", ["html", "doctest"])
def test_docs_build_without_warnings(builder, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", builder, "docs", str(tmp_path / builder)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:] + proc.stdout[-4000:]
    if builder == "html":
        for page in (tmp_path / "html").rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            # viewing needs no network: no script, stylesheet or font is fetched from elsewhere
            assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', text), page.name
        assert (tmp_path / "html" / "searchindex.js").exists()  # search works from file:// too
        assert (tmp_path / "html" / "coming_from_r.html").exists()
