"""Travel section of a scenario: the base settings plus water crossings (ferries) and speeds per commune class."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, NonNegativeFloat, PositiveFloat, model_validator

from facility_plan.config.base import _Frozen
from facility_plan.config.sections import TravelConfig as _BaseTravelConfig


class FerryLink(_Frozen):
    """A scheduled water crossing between two terminals (communes on different land masses).

    Trips between land masses may only cross water over these links: driving minutes to the
    terminal, the schedule wait, the crossing, driving minutes from the other terminal.

    Attributes
    ----------
    name
        Label, e.g. ``"Rạch Giá – Phú Quốc"``.
    from_admin_code, to_admin_code
        Communes whose points stand for the two terminals (5-digit codes).
    crossing_minutes
        Minutes on the water (minutes).
    wait_minutes
        Expected wait for the next sailing, e.g. half the headway (minutes; a planner setting).
    """

    name: str = Field(min_length=1)
    from_admin_code: str = Field(pattern=r"^\d{5}$")
    to_admin_code: str = Field(pattern=r"^\d{5}$")
    crossing_minutes: PositiveFloat
    wait_minutes: NonNegativeFloat = 0.0


class CommuneClassSpeeds(_Frozen):
    """Straight-line travel speeds that differ by commune class (terrain or area class).

    A trip runs half its distance at the speed of the origin's class and half at the
    destination's (harmonic mean); a class not listed uses the scenario's ``speed_kmh``.

    Attributes
    ----------
    class_column
        Column holding the class: of `table` if given, otherwise of the communes table
        (e.g. ``unit_type``: ``xa`` / ``phuong`` / ``thi_tran`` / ``dac_khu``).
    table
        Optional planner table with ``admin_code`` and `class_column` (relative to the scenario
        file), e.g. the priority-commune table with a ``terrain_class`` column.
    speed_kmh
        Class → average door-to-door speed (km/h).
    """

    class_column: str = "unit_type"
    table: Path | None = None
    speed_kmh: dict[str, Annotated[float, Field(gt=0, le=150)]] = Field(min_length=1)


class TravelConfig(_BaseTravelConfig):
    """Travel-time model (see the base settings) with water crossings and speeds per commune class.

    Attributes
    ----------
    islands
        Land mass name → commune codes on it; every other commune is on the mainland. Trips
        between land masses use `ferry_links` only (never a straight line across the sea).
    ferry_links
        Scheduled crossings; a land mass with no link is unreachable from the others.
    speeds_by_commune_class
        Straight-line speeds per commune class, or None for one speed everywhere.
    """

    islands: dict[str, tuple[Annotated[str, Field(pattern=r"^\d{5}$")], ...]] = Field(
        default_factory=dict
    )
    ferry_links: tuple[FerryLink, ...] = ()
    speeds_by_commune_class: CommuneClassSpeeds | None = None

    def class_speeds(self) -> tuple[str, dict[str, float]] | None:
        """``(class column, {class: km/h})`` for the notes, or None for one speed everywhere."""
        speeds = self.speeds_by_commune_class
        return None if speeds is None else (speeds.class_column, dict(speeds.speed_kmh))

    @model_validator(mode="after")
    def _check_islands(self) -> TravelConfig:
        seen: dict[str, str] = {}
        for island, codes in self.islands.items():
            if island == "mainland":
                msg = "islands: 'mainland' is every commune not listed; name the island otherwise"
                raise ValueError(msg)
            for code in codes:
                if code in seen:
                    msg = f"islands: commune {code} is on both {seen[code]!r} and {island!r}"
                    raise ValueError(msg)
                seen[code] = island
        if self.ferry_links and not self.islands:
            msg = "ferry_links: list the island communes in 'islands' first"
            raise ValueError(msg)
        if self.speeds_by_commune_class is not None and self.method != "straight_line":
            msg = "speeds_by_commune_class applies to method 'straight_line' only"
            raise ValueError(msg)
        return self
