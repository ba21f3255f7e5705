"""Writing a study's outputs: deterministic tables, an atomic output folder, a manifest.

Tables are CSV in UTF-8 with a BOM (so Excel opens Chinese correctly), ``\\n``
line endings and floats written with 10 significant digits, so the same inputs
and config give byte-identical files. A run writes into a staging folder next to
the output folder and swaps it into place only when every stage has succeeded:
a failed run leaves the previous outputs untouched and no half-written report.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from .textio import atomic_path, write_text_atomic

CSV_ENCODING = "utf-8-sig"
FLOAT_FORMAT = "%.10g"
_TO_CSV = {"encoding": CSV_ENCODING, "lineterminator": "\n", "float_format": FLOAT_FORMAT}


def write_csv(df: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=index, **_TO_CSV)
    return path


def csv_bytes(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """The bytes :func:`write_csv` writes (for a file made on a background process, see :mod:`.writer`).

    >>> csv_bytes(pd.DataFrame({"区": ["甲"], "n": [1.5]})).decode(CSV_ENCODING)
    '区,n\\n甲,1.5\\n'
    """
    buf = io.BytesIO()
    df.to_csv(buf, index=index, **_TO_CSV)
    return buf.getvalue()


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a table this package wrote (the counterpart of :func:`write_csv`)."""
    return pd.read_csv(path, encoding=CSV_ENCODING, **kwargs)


def write_json(data: object, path: str | Path) -> Path:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n")
    return Path(path)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def staged_folder(target: str | Path, *, carry: bool = False) -> Iterator[Path]:
    """Yield a staging folder; on success it replaces `target` in one rename.

    The staging folder starts empty, or with a copy of `target`'s files when
    `carry` (a partial run replaces only the outputs of the stages it runs).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    if carry and target.is_dir():
        shutil.copytree(target, staging, symlinks=True,
                        ignore=shutil.ignore_patterns(".*.partial*", ".*.tmp"))
    else:
        staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = target.with_name(f".{target.name}.previous-{os.getpid()}")
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def list_files(folder: Path, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and rel not in exclude:
            out.append({"path": rel, "sha256": sha256_file(p), "bytes": p.stat().st_size})
    return out
