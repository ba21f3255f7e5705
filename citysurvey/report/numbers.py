"""Chinese number formatting for report text and tables, used everywhere so a
number reads the same in the summary, the chapters and the tables.

Rounding is half-up (四舍五入), as readers of statistical reports expect, not
Python's round-half-even. Missing values print as an em dash.

>>> fmt_int(1203), fmt_pct(0.12345), fmt_pp(-2.04), fmt_wan(1_105_000)
('1,203', '12.3%', '-2.0个百分点', '110.5万')
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

MISSING = "—"


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def _round(x: float, digits: int) -> Decimal:
    # repr() gives the shortest decimal that round-trips, so 0.125 stays 0.125
    q = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)


def fmt_num(x, digits: int = 1, *, sign: bool = False) -> str:
    """A number with thousands separators: ``fmt_num(12345.67) == '12,345.7'``."""
    if _missing(x):
        return MISSING
    d = _round(x, digits)
    if d == 0:
        d = abs(d)  # no "-0.0"
    text = f"{d:,.{digits}f}"
    return f"+{text}" if sign and d > 0 else text


def fmt_int(x) -> str:
    """A count: ``fmt_int(1203) == '1,203'``."""
    return fmt_num(x, 0)


def fmt_pct(share, digits: int = 1, *, sign: bool = False) -> str:
    """A share 0–1 as a percentage with one decimal: ``fmt_pct(0.5) == '50.0%'``."""
    if _missing(share):
        return MISSING
    return fmt_num(float(share) * 100, digits, sign=sign) + "%"


def fmt_pp(diff_pp, digits: int = 1, *, unit: bool = True) -> str:
    """A difference already in percentage points: ``fmt_pp(2.04) == '+2.0个百分点'``."""
    if _missing(diff_pp):
        return MISSING
    text = fmt_num(diff_pp, digits, sign=True)
    return f"{text}个百分点" if unit else text


def fmt_wan(x, digits: int = 1) -> str:
    """Large counts in 万/亿: ``fmt_wan(1_105_000) == '110.5万'``; below 1万 as a plain count."""
    if _missing(x):
        return MISSING
    x = float(x)
    if abs(x) >= 1e8:
        return fmt_num(x / 1e8, digits) + "亿"
    if abs(x) >= 1e4:
        return fmt_num(x / 1e4, digits) + "万"
    return fmt_int(x)


def _as_date(d) -> dt.date | None:
    if _missing(d) or d == "":
        return None
    if isinstance(d, dt.datetime):
        return (d.astimezone() if d.tzinfo else d).date()
    if isinstance(d, dt.date):
        return d
    text = str(d)
    if len(text) > 10:  # a timestamp: the reader's calendar day, not UTC's
        stamp = dt.datetime.fromisoformat(text)
        return (stamp.astimezone() if stamp.tzinfo else stamp).date()
    return dt.date.fromisoformat(text)


def fmt_date(d) -> str:
    """``fmt_date('2026-07-01') == '2026年7月1日'``."""
    day = _as_date(d)
    return MISSING if day is None else f"{day.year}年{day.month}月{day.day}日"


def fmt_date_range(start, end) -> str:
    """``fmt_date_range('2026-07-01', '2026-07-31') == '2026年7月1日至7月31日'``."""
    a, b = _as_date(start), _as_date(end)
    if a is None or b is None:
        return fmt_date(a or b)
    if a == b:
        return fmt_date(a)
    tail = f"{b.month}月{b.day}日" if a.year == b.year else fmt_date(b)
    return f"{fmt_date(a)}至{tail}"


def fmt_seconds(s) -> str:
    """``fmt_seconds(0.84) == '0.8秒'``."""
    return MISSING if _missing(s) else f"{fmt_num(s, 1)}秒"
