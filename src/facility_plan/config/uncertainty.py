"""Uncertainty section of a scenario: which inputs are uncertain, over what ranges, for robustness sweeps."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PositiveInt, field_validator

from facility_plan.config.base import AssumptionStatus, BasePopulation, _Frozen

Bounds = tuple[float, float]
"""A closed range ``(low, high)`` with ``low <= high``; every draw is uniform within it."""


def _check_bounds(value: Bounds | None, *, minimum: float = float("-inf")) -> Bounds | None:
    if value is None:
        return None
    low, high = value
    if low > high:
        msg = f"range must be [low, high] with low <= high, got {list(value)}"
        raise ValueError(msg)
    if low < minimum:
        msg = f"range {list(value)} goes below {minimum:g}"
        raise ValueError(msg)
    return value


def default_share_factors() -> dict[AssumptionStatus, Bounds]:
    """Multiplier range of a target group's shares by the status of its figures.

    ``seen`` figures (read in a source) move ±10 %, ``plan`` figures ±10 %, ``recalled`` ±20 %,
    ``derived`` (computed from other sources) ±25 %, ``placeholder`` (no source) ±50 %.
    """
    return {
        "seen": (0.9, 1.1),
        "plan": (0.9, 1.1),
        "recalled": (0.8, 1.2),
        "derived": (0.75, 1.25),
        "placeholder": (0.5, 1.5),
    }


def default_growth_half_width() -> dict[BasePopulation, float]:
    """Half-width of the yearly growth range of each base population (share per year).

    Follows the provenance of `facility_plan.config.default_growth_per_year`: the total from two
    censuses (±0.2 points a year), 60+ derived from two shares (±0.5 points), 80+ and 0–14 without a
    source (±1 point).
    """
    return {"total": 0.002, "age_60plus": 0.005, "age_80plus": 0.01, "age_0_14": 0.01}


class GroupUncertainty(_Frozen):
    """Multiplier ranges of one target group's shares (1.0 = the scenario's value).

    Attributes
    ----------
    prevalence, eligible, residential
        ``[low, high]`` multipliers of ``prevalence_share``, ``eligible_share`` and
        ``residential_share`` (a drawn share is capped at 1); None uses the default for the
        group's ``status`` (`UncertaintyConfig.share_factors_by_status`).
    """

    prevalence: Bounds | None = None
    eligible: Bounds | None = None
    residential: Bounds | None = None

    @field_validator("prevalence", "eligible", "residential")
    @classmethod
    def _non_negative(cls, value: Bounds | None) -> Bounds | None:
        return _check_bounds(value, minimum=0.0)


class UncertaintyConfig(_Frozen):
    """What is uncertain in a scenario and how, for ``facility-plan robust``.

    Each draw takes every uncertain input at once, uniformly within its range (positions as
    described below). When the scenario calibrates demand to a total, every draw is calibrated to
    that same total: the shares then move the mix of groups across communes, not the total.

    Attributes
    ----------
    facility_positions
        ``by_precision``: an existing centre whose ``location_precision`` is ``district_seat`` is
        drawn among the communes of its district (weighted by population, at the commune centre);
        one at ``commune`` precision is drawn uniformly within its commune's boundary; one at
        ``address`` stays. ``fixed``: every centre stays where the table puts it.
    groups
        Ranges per target group (names of ``demand.groups``); a group not listed, or a share not
        given, uses `share_factors_by_status` for the group's ``status``.
    share_factors_by_status
        Multiplier range of the shares by assumption status (defaults: `default_share_factors`).
    growth_per_year
        ``[low, high]`` yearly growth (share per year) per base population; a base not listed
        takes the scenario's value ± `growth_half_width` (only used when demand is projected).
    growth_half_width
        Half-width of the default growth ranges (share per year; `default_growth_half_width`).
    speed_kmh
        ``[low, high]`` assumed speed (km/h) of straight-line travel; None: the scenario's speed
        × [0.8, 1.2].
    detour_factor
        ``[low, high]`` detour factor of straight-line travel; None: the scenario's factor ×
        [0.9, 1.15], at least 1.
    samples
        Draws when the command line does not say (``--samples``).
    seed
        Seed of the draws when the command line does not say (``--seed``).
    indifference_share
        A plan within this share of a draw's optimum (0.01 = 1 %) counts as "as good" in the
        verdict.
    """

    facility_positions: Literal["by_precision", "fixed"] = "by_precision"
    groups: dict[str, GroupUncertainty] = Field(default_factory=dict)
    share_factors_by_status: dict[AssumptionStatus, Bounds] = Field(
        default_factory=default_share_factors
    )
    growth_per_year: dict[BasePopulation, Bounds] = Field(default_factory=dict)
    growth_half_width: dict[BasePopulation, Annotated[float, Field(ge=0, le=0.1)]] = Field(
        default_factory=default_growth_half_width
    )
    speed_kmh: Bounds | None = None
    detour_factor: Bounds | None = None
    samples: PositiveInt = 200
    seed: Annotated[int, Field(ge=0)] = 2025
    indifference_share: Annotated[float, Field(gt=0, lt=1)] = 0.01

    @field_validator("share_factors_by_status")
    @classmethod
    def _check_factors(
        cls, value: dict[AssumptionStatus, Bounds]
    ) -> dict[AssumptionStatus, Bounds]:
        for bounds in value.values():
            _check_bounds(bounds, minimum=0.0)
        return {**default_share_factors(), **value}

    @field_validator("growth_per_year")
    @classmethod
    def _check_growth(cls, value: dict[BasePopulation, Bounds]) -> dict[BasePopulation, Bounds]:
        for bounds in value.values():
            _check_bounds(bounds, minimum=-0.2)
        return value

    @field_validator("growth_half_width")
    @classmethod
    def _fill_growth(cls, value: dict[BasePopulation, float]) -> dict[BasePopulation, float]:
        return {**default_growth_half_width(), **value}

    @field_validator("speed_kmh")
    @classmethod
    def _check_speed(cls, value: Bounds | None) -> Bounds | None:
        checked = _check_bounds(value, minimum=0.0)
        if checked is not None and checked[0] <= 0:
            msg = f"speed_kmh range must be above 0 km/h, got {list(checked)}"
            raise ValueError(msg)
        return checked

    @field_validator("detour_factor")
    @classmethod
    def _check_detour(cls, value: Bounds | None) -> Bounds | None:
        return _check_bounds(value, minimum=1.0)
