"""Model section of a scenario: the model kind and its settings (size tiers, targets, budget, districts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    model_validator,
)

from facility_plan.config.base import _Frozen

Share = Annotated[float, Field(ge=0, le=1)]
"""A share between 0 and 1."""


class SizeTier(_Frozen):
    """A size option for a new centre.

    Attributes
    ----------
    tier_id
        Short id, e.g. ``"S"``.
    capacity_places
        Places (residents) of a centre of this size.
    investment_vnd
        Investment cost of building it (VND).
    """

    tier_id: str = Field(min_length=1)
    capacity_places: PositiveInt
    investment_vnd: NonNegativeFloat = 0.0


class ObjectiveConfig(_Frozen):
    """What the plan optimises.

    Attributes
    ----------
    kind
        ``travel``: minimise person-minutes (plus the unserved penalty) within the targets and
        budgets. ``least_cost``: minimise the investment (new centres and expansions, VND) that
        meets the targets, then, among plans costing at most ``(1 + cost_tolerance_share)`` times
        that minimum, minimise travel (lexicographic, two solves). ``weighted``: minimise
        person-minutes + ``person_minutes_per_billion_vnd`` × investment in billions of VND.
    cost_tolerance_share
        Lexicographic tolerance on the least cost (0–1; 0.05 = travel may use 5 % more money).
    person_minutes_per_billion_vnd
        Weighted form only: how many person-minutes one billion VND of investment is worth.
    """

    kind: Literal["travel", "least_cost", "weighted"] = "travel"
    cost_tolerance_share: Share = 0.0
    person_minutes_per_billion_vnd: PositiveFloat | None = None

    @model_validator(mode="after")
    def _check_weight(self) -> ObjectiveConfig:
        if self.kind == "weighted" and self.person_minutes_per_billion_vnd is None:
            msg = "objective 'weighted' needs person_minutes_per_billion_vnd"
            raise ValueError(msg)
        return self


class PriorityConfig(_Frozen):
    """Priority communes (e.g. ethnic-minority and mountainous areas, extremely difficult communes).

    The table (template ``data/templates/priority_communes.csv``) has ``admin_code`` and one 0/1
    column per priority class. A commune's weight is the largest weight of its classes (1 if none);
    the model counts each of its travel minutes (and unserved persons) that many times.

    Attributes
    ----------
    table
        CSV or XLSX supplied by the planner, relative to the scenario file.
    weights
        Class column → weight (≥ 1), e.g. ``{ extremely_difficult = 2.0 }``.
    """

    table: Path
    weights: dict[str, Annotated[float, Field(ge=1.0, le=100.0)]] = Field(min_length=1)


class PeriodTarget(_Frozen):
    """What the network must reach by one period (phased plans).

    Attributes
    ----------
    year
        End year of the period; demand is estimated for this year.
    places
        Places the network must reach by then (places).
    served_share
        Share (0–1) of that year's residential need the network must serve (persons).
    served_share_by_group
        Target group → share (0–1) of the group's residential need to serve.
    budget_vnd
        Investment allowed in this period (VND), or None.
    """

    year: Annotated[int, Field(ge=2015, le=2060)]
    places: PositiveInt | None = None
    served_share: Share | None = None
    served_share_by_group: dict[str, Share] = Field(default_factory=dict)
    budget_vnd: PositiveFloat | None = None


class _NetworkModel(_Frozen):
    """Settings every model kind shares: candidate sites, sizes, ownership, demand handling.

    Attributes
    ----------
    new_facilities
        Number of new centres to open (exactly); kinds that open "p" sites count the existing
        centres on top. None lets the model decide (capacitated, phased, set covering).
    target_places
        Places the whole network must reach (existing + new), or None.
    size_tiers
        Size options for new centres (uncapacitated kinds size each new centre afterwards with
        the smallest tier that holds the persons it serves).
    new_ownership
        Ownership of the new centres (public or non_public).
    required_districts
        Plan choice: each listed district code must receive one new centre (the commune is chosen by the model).
    allowed_districts
        If not empty, new centres may only go to these district codes.
    unserved_penalty_minutes
        Cost of leaving one person unserved, in minutes of travel (must exceed any acceptable trip).
    max_assign_minutes
        Demand is never assigned to a centre farther than this (minutes); None = no limit.
    match_groups_to_types
        Demand by target group; a centre takes only the groups its type serves (new centres are
        ``general``). The default. False pools all groups into one demand any centre takes;
        every output then labels the result "capacity pooled across centre types".
    priority
        Priority communes and their weights, or None.
    """

    new_facilities: PositiveInt | None = None
    target_places: PositiveInt | None = None
    size_tiers: tuple[SizeTier, ...] = Field(min_length=1)
    new_ownership: Literal["public", "non_public"] = "non_public"
    required_districts: tuple[str, ...] = ()
    allowed_districts: tuple[str, ...] = ()
    unserved_penalty_minutes: PositiveFloat = 240.0
    max_assign_minutes: PositiveFloat | None = None
    match_groups_to_types: bool = True
    priority: PriorityConfig | None = None

    @model_validator(mode="after")
    def _check_tiers(self) -> _NetworkModel:
        tier_ids = [tier.tier_id for tier in self.size_tiers]
        if len(set(tier_ids)) != len(tier_ids):
            msg = f"size_tiers: tier_id values must be unique, got {tier_ids}"
            raise ValueError(msg)
        if self.new_facilities is not None and len(self.required_districts) > self.new_facilities:
            msg = (
                f"required_districts lists {len(self.required_districts)} districts but "
                f"new_facilities is {self.new_facilities}"
            )
            raise ValueError(msg)
        return self


class _CostedModel(_NetworkModel):
    """Settings of the kinds that weigh investment: objective, budgets, expansions, closure, equity.

    Attributes
    ----------
    objective
        What the plan optimises (travel, least cost then travel, or a weighted sum).
    max_new_facilities
        At most this many new centres (when `new_facilities` is not set).
    budget_vnd
        Upper bound on the investment in new centres and expansions (VND), or None.
    budget_by_ownership_vnd
        Investment budget per ownership (``public``, ``non_public``; VND).
    expansion_tiers
        Size options for expanding an existing centre (places added, investment in VND).
    expandable_facilities
        Facility ids that may be expanded; empty = every existing centre.
    closable_existing
        Existing centres may close (merge into others); keeping one costs
        `keep_cost_vnd_per_place` × its places in the objective.
    keep_cost_vnd_per_place
        Cost of keeping one existing place open over the plan horizon (VND per place).
    single_source
        Each commune (or commune × group) is served whole by one centre.
    equity_unit
        Admin unit the equity settings refer to: ``commune`` (admin codes) or ``district``.
    max_minutes_by_admin
        Equity: demand of a unit is never assigned farther than this (minutes); key ``"*"`` = every
        unit without its own entry.
    min_served_share_by_admin
        Equity: at least this share (0–1) of each unit's demand is served; key ``"*"`` as above.
    """

    objective: ObjectiveConfig = ObjectiveConfig()
    max_new_facilities: PositiveInt | None = None
    budget_vnd: PositiveFloat | None = None
    budget_by_ownership_vnd: dict[Literal["public", "non_public"], PositiveFloat] = Field(
        default_factory=dict
    )
    expansion_tiers: tuple[SizeTier, ...] = ()
    expandable_facilities: tuple[str, ...] = ()
    closable_existing: bool = False
    keep_cost_vnd_per_place: NonNegativeFloat = 0.0
    single_source: bool = False
    equity_unit: Literal["commune", "district"] = "commune"
    max_minutes_by_admin: dict[str, PositiveFloat] = Field(default_factory=dict)
    min_served_share_by_admin: dict[str, Share] = Field(default_factory=dict)

    def has_share_targets(self) -> bool:
        """Whether any served-share target is set (they use the model's per-unit share rows)."""
        return False

    @model_validator(mode="after")
    def _check_equity(self) -> _CostedModel:
        if self.has_share_targets():
            if self.min_served_share_by_admin:
                msg = (
                    "min_served_share_by_admin cannot be combined with served_share targets "
                    "(both use the model's served-share rows); drop one"
                )
                raise ValueError(msg)
            if set(self.max_minutes_by_admin) - {"*"}:
                msg = "max_minutes_by_admin: with served_share targets only the key '*' is allowed"
                raise ValueError(msg)
        tier_ids = [tier.tier_id for tier in self.expansion_tiers]
        if len(set(tier_ids)) != len(tier_ids):
            msg = f"expansion_tiers: tier_id values must be unique, got {tier_ids}"
            raise ValueError(msg)
        return self


class CapacitatedConfig(_CostedModel):
    """Capacitated location with existing centres (kept, expanded or closed) and new centres by tiers.

    Attributes
    ----------
    kind
        Always ``"capacitated"``.
    served_share
        Share (0–1) of the scenario year's residential need the network must serve (persons).
    served_share_by_group
        Target group → share (0–1) of that group's residential need to serve.

    The other settings are those of every costed kind (objective, budgets, expansions, closure,
    equity, single source) and of every kind (tiers, ownership, districts, priority).
    """

    kind: Literal["capacitated"] = "capacitated"
    served_share: Share | None = None
    served_share_by_group: dict[str, Share] = Field(default_factory=dict)

    def has_share_targets(self) -> bool:
        """Whether a served share (overall or by group) is set."""
        return self.served_share is not None or bool(self.served_share_by_group)

    @model_validator(mode="after")
    def _check_count(self) -> CapacitatedConfig:
        if (
            self.objective.kind == "travel"
            and self.new_facilities is None
            and self.max_new_facilities is None
            and self.budget_vnd is None
        ):
            msg = (
                "new_facilities: with objective 'travel' set new_facilities, max_new_facilities "
                "or budget_vnd (otherwise the model opens every candidate)"
            )
            raise ValueError(msg)
        return self


class PhasedConfig(_CostedModel):
    """A plan in periods (e.g. 2025, 2030): a centre once opened stays open.

    With objective ``travel`` the multi-period model (`facility_plan.models.PhasedSpec`) chooses
    every period at once (places and budget per period; no expansions, closure or shares). With
    ``least_cost`` each period in turn opens the cheapest additions that meet its targets (then
    the best travel within the tolerance), the centres of earlier periods fixed open.

    Attributes
    ----------
    kind
        Always ``"phased"``.
    periods
        Targets per period, in time order.
    """

    kind: Literal["phased"] = "phased"
    periods: tuple[PeriodTarget, ...] = Field(min_length=1)

    def has_share_targets(self) -> bool:
        """Whether any period sets a served share (overall or by group)."""
        return any(p.served_share is not None or p.served_share_by_group for p in self.periods)

    @model_validator(mode="after")
    def _check_periods(self) -> PhasedConfig:
        years = [period.year for period in self.periods]
        if years != sorted(set(years)):
            msg = f"periods: years must increase, got {years}"
            raise ValueError(msg)
        if self.objective.kind != "least_cost":
            extras = [
                name
                for name, used in (
                    ("expansion_tiers", bool(self.expansion_tiers)),
                    ("closable_existing", self.closable_existing),
                    ("served_share", self.has_share_targets()),
                    ("budget_by_ownership_vnd", bool(self.budget_by_ownership_vnd)),
                    ("single_source", self.single_source),
                    ("max_minutes_by_admin", bool(self.max_minutes_by_admin)),
                    ("min_served_share_by_admin", bool(self.min_served_share_by_admin)),
                )
                if used
            ]
            if extras:
                msg = (
                    f"objective {self.objective.kind!r} of a phased plan does not support "
                    f"{', '.join(extras)}; use objective kind 'least_cost'"
                )
                raise ValueError(msg)
        return self


class PMedianConfig(_NetworkModel):
    """p-median: open `new_facilities` centres besides the existing ones, minimise person-minutes.

    Attributes
    ----------
    kind
        Always ``"p_median"``.
    """

    kind: Literal["p_median"] = "p_median"
    new_facilities: PositiveInt


class MaxCoverageConfig(_NetworkModel):
    """Maximal covering: open `new_facilities` centres, maximise persons within `coverage_minutes`.

    Attributes
    ----------
    kind
        Always ``"max_coverage"``.
    coverage_minutes
        Coverage standard (minutes; a planner assumption, no legal norm exists).
    """

    kind: Literal["max_coverage"] = "max_coverage"
    new_facilities: PositiveInt
    coverage_minutes: PositiveFloat


class SetCoveringConfig(_NetworkModel):
    """Set covering: the fewest centres that put every person within `coverage_minutes`.

    Attributes
    ----------
    kind
        Always ``"set_covering"``.
    coverage_minutes
        Coverage standard (minutes).
    """

    kind: Literal["set_covering"] = "set_covering"
    coverage_minutes: PositiveFloat


class PCenterConfig(_NetworkModel):
    """p-center: open `new_facilities` centres, minimise the longest trip (minutes).

    Attributes
    ----------
    kind
        Always ``"p_center"``.
    """

    kind: Literal["p_center"] = "p_center"
    new_facilities: PositiveInt


ModelConfig = Annotated[
    CapacitatedConfig
    | PhasedConfig
    | PMedianConfig
    | MaxCoverageConfig
    | SetCoveringConfig
    | PCenterConfig,
    Field(discriminator="kind"),
]


MODEL_KINDS = ("capacitated", "phased", "p_median", "max_coverage", "set_covering", "p_center")
