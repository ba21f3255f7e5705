"""Text encodings and atomic writes.

Chinese survey exports arrive as UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"),
or GBK/GB18030 (Excel's default "CSV" on a Chinese Windows). We detect these
three deterministically instead of guessing statistically: UTF-8 is strict
enough that GBK bytes almost never decode as UTF-8 by accident.
"""
from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from pathlib import Path

from .errors import InputError, Problem


def decode_bytes(data: bytes, *, path: str | Path | None = None, encoding: str = "auto") -> tuple[str, str]:
    """Return (text, encoding used). BOMs are removed."""
    if encoding != "auto":
        if data.startswith(codecs.BOM_UTF8) and not encoding.lower().replace("-", "").replace("_", "").startswith("utf8"):
            data = data[len(codecs.BOM_UTF8):]  # a stray BOM (GBK bytes behind it) is not text of the file
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(_decode_problem(path, encoding, exc)) from None
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"  # superset of GBK and GB2312
    try:
        return data.decode(encoding).removeprefix("\ufeff"), encoding
    except UnicodeDecodeError as exc:
        if encoding == "utf-8-sig":  # a BOM promises UTF-8; say so when the bytes say otherwise
            raise InputError(_false_bom_problem(path, data, exc)) from None
        raise InputError(_decode_problem(path, "UTF-8/GBK", exc)) from None


def _where(data: bytes, offset: int) -> tuple[int, str]:
    """The line (1-based) and the byte, as hex, at `offset` of the raw file."""
    return data.count(b"\n", 0, offset) + 1, f"0x{data[offset]:02X}" if offset < len(data) else "EOF"


def _false_bom_problem(path, data: bytes, exc: UnicodeDecodeError) -> Problem:
    offset = exc.start + (len(codecs.BOM_UTF8) if exc.object[:1] != data[:1] else 0)
    line, byte = _where(data, offset)
    try:
        data[len(codecs.BOM_UTF8):].decode("gb18030")
        looks = ("，其余内容可按 GBK/GB18030 读取", "; the rest reads as GBK/GB18030")
    except UnicodeDecodeError:
        looks = ("", "")
    return Problem(
        zh=f"文件以 UTF-8 的 BOM 开头，但内容不是 UTF-8：第 {line} 行、第 {offset} 字节为 {byte}{looks[0]}。",
        en=f"the file starts with a UTF-8 byte-order mark but is not UTF-8: line {line}, byte {offset} is {byte}{looks[1]}.",
        file=str(path) if path else None,
        row=line,
        hint_zh="请在配置中设置 inputs.encoding: gb18030，或用 Excel 重新另存为「CSV UTF-8」。",
        hint_en="Set inputs.encoding: gb18030 in the study config, or save the file again as 'CSV UTF-8' from Excel.",
    )


def _decode_problem(path, encoding: str, exc: Exception) -> Problem:
    return Problem(
        zh=f"无法按 {encoding} 编码读取（第 {getattr(exc, 'start', '?')} 字节附近）。",
        en=f"cannot be decoded as {encoding} (near byte {getattr(exc, 'start', '?')}).",
        file=str(path) if path else None,
        hint_zh="请用 Excel 另存为「CSV UTF-8」，或在配置 inputs.encoding 中指定编码。",
        hint_en="Save it as 'CSV UTF-8' from Excel, or set inputs.encoding in the study config.",
    )


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path next to `target`; move it into place only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates the file 0600; an output gets the mode any new file would get
        os.chmod(tmp_path, 0o666 & ~current_umask())
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text_atomic(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes_atomic(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
