"""Numbers, shares, money and centre codes as a planner reads them, in Vietnamese or English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from facility_plan.labels.catalogue import Language, label


def format_number(value: float, *, decimals: int = 0, language: Language = "vi") -> str:
    """Format a number with thousands separators: ``1.234,5`` in Vietnamese, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if language == "vi":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def format_short(value: float, *, max_decimals: int = 2, language: Language = "vi") -> str:
    """A setting with only the decimals it needs: ``1,3``, ``1,25``, ``35`` (vi) / ``1.25`` (en).

    Examples
    --------
    >>> format_short(1.25, language="en"), format_short(35.0), format_short(1.3)
    ('1.25', '35', '1,3')
    """
    for decimals in range(max_decimals + 1):
        if abs(round(value, decimals) - value) < 1e-9:
            return format_number(value, decimals=decimals, language=language)
    return format_number(value, decimals=max_decimals, language=language)


def is_missing(value: Any) -> bool:
    """True for None, NaN, NA and NaT; False for anything else (strings included)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_percent(share: float, *, decimals: int = 1, language: Language = "vi") -> str:
    """A share (0–1) as a percentage, ``"93,3 %"``; ``"–"`` when missing."""
    if is_missing(share) or not np.isfinite(share):
        return "–"
    return f"{format_number(share * 100, decimals=decimals, language=language)} %"


def format_vnd(amount_vnd: float, *, language: Language = "vi") -> str:
    """An amount of money in the unit a planner says: ``17,5 tỷ đồng``, ``350 triệu đồng``, ``270.000 đồng``."""
    if is_missing(amount_vnd) or not np.isfinite(amount_vnd):
        return "–"
    if amount_vnd == 0:
        return "0"
    if abs(amount_vnd) >= 1e9:
        number = format_number(amount_vnd / 1e9, decimals=1, language=language)
        return f"{number} tỷ đồng" if language == "vi" else f"{number} bn VND"
    if abs(amount_vnd) < 1e6:
        number = format_number(amount_vnd, decimals=0, language=language)
        return f"{number} đồng" if language == "vi" else f"{number} VND"
    number = format_number(amount_vnd / 1e6, decimals=0, language=language)
    return f"{number} triệu đồng" if language == "vi" else f"{number} M VND"


def status_text(status: str, *, language: Language = "vi") -> str:
    """A solver status in words; anything but ``optimal`` says it is not proven optimal."""
    try:
        text = label(f"solve_status_{status}", language)
    except KeyError:
        text = status
    return text if status == "optimal" else f"{text} ({label('not_proven_optimal', language)})"


def centre_codes(sites: pd.DataFrame) -> pd.Series:
    """Short codes of open centres as on every map and table: existing ``E1, E2…``, new ``N1, N2…``.

    Parameters
    ----------
    sites
        Open sites with a ``status`` column (``existing`` / ``new``), in display order.

    Returns
    -------
    pandas.Series
        Code by the sites' index.

    Examples
    --------
    >>> import pandas as pd
    >>> centre_codes(pd.DataFrame({"status": ["existing", "new", "existing"]}, index=["a", "b", "c"])).tolist()
    ['E1', 'N1', 'E2']
    """
    codes: dict[Any, str] = {}
    for status, prefix in (("existing", "E"), ("new", "N")):
        members = sites.index[sites["status"] == status]
        codes.update({site: f"{prefix}{number}" for number, site in enumerate(members, start=1)})
    return pd.Series(codes, dtype=object).reindex(sites.index)


def format_table(
    frame: pd.DataFrame,
    columns: Mapping[str, tuple[str, str]],
    *,
    language: Language = "vi",
) -> pd.DataFrame:
    """`frame`'s chosen columns as a person reads them: catalogue headers, formatted numbers.

    Parameters
    ----------
    frame
        Any table (its index is kept).
    columns
        Column → (label key or header text, kind), in display order. Kind ``text`` (as is),
        ``int`` (0 decimals), ``dec1`` (1 decimal), ``percent`` (a 0–1 share as %) or ``vnd``
        (money in the unit a planner says). Put the unit in the header (``col_served`` is
        "Được phục vụ (người)").
    language
        ``vi`` (``1.234,5``) or ``en`` (``1,234.5``).

    Returns
    -------
    pandas.DataFrame
        Text cells; ``–`` where a value is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"places": [1234.0, None], "share": [0.5, 0.25]})
    >>> format_table(frame, {"places": ("col_places", "int"), "share": ("Tỷ lệ", "percent")})
      Số chỗ   Tỷ lệ
    0  1.234  50,0 %
    1      –  25,0 %
    """
    decimals = {"int": 0, "dec1": 1}
    shown = {}
    for column, (key, kind) in columns.items():
        try:
            header = label(key, language)
        except KeyError:
            header = key

        def cell(value: Any, kind: str = kind) -> str:
            if is_missing(value):
                return "–"
            if kind == "percent":
                return format_percent(float(value), language=language)
            if kind == "vnd":
                return format_vnd(float(value), language=language)
            if kind in decimals:
                return format_number(float(value), decimals=decimals[kind], language=language)
            return str(value)

        shown[header] = frame[column].map(cell)
    return pd.DataFrame(shown, index=frame.index)
