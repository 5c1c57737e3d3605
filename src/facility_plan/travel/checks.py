"""Input checks shared by the road readers and the routing: projected CRS and lists of data problems."""

from __future__ import annotations

from collections.abc import Sequence

import pyproj

from facility_plan.errors import DataProblem, InputDataError

#: At most this many problems are listed in one error; the rest are counted.
_MAX_LISTED_PROBLEMS = 50


def projected_crs(crs: str | pyproj.CRS, what: str) -> pyproj.CRS:
    """Parse `crs` and require a projected (metric) CRS; `what` names the input in the error."""
    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as err:
        msg = f"{what}: cannot parse CRS {crs!r} ({err})"
        raise InputDataError(msg) from err
    if not parsed.is_projected:
        msg = f"{what}: CRS {crs} is not projected; distances need metres (e.g. EPSG:32648)"
        raise InputDataError(msg)
    return parsed


def raise_if_problems(problems: Sequence[DataProblem]) -> None:
    """Raise one `InputDataError` listing `problems` (at most 50, the rest counted); none: return."""
    if not problems:
        return
    if len(problems) > _MAX_LISTED_PROBLEMS:
        hidden = len(problems) - _MAX_LISTED_PROBLEMS
        problems = [
            *problems[:_MAX_LISTED_PROBLEMS],
            DataProblem(problems[0].source, None, None, f"… and {hidden} more problems"),
        ]
    raise InputDataError(problems)
