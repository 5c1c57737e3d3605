"""Demand estimate: people needing a residential place per commune and group, central value and range."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from facility_plan.config import DemandConfig, TargetGroupSettings
from facility_plan.config.sections import ShareName
from facility_plan.demand.anchors import DemandAnchor, demand_anchors
from facility_plan.demand.bases import compute_base_populations, project_base_populations

SHARES: tuple[ShareName, ...] = ("prevalence", "eligible", "residential")


@dataclass(frozen=True, slots=True)
class DemandEstimate:
    """People needing residential care per commune: central estimate, low–high range, anchors.

    Attributes
    ----------
    by_commune
        Indexed by admin_code: one column per target group (persons, the values the model
        serves: the central estimate, or calibrated when asked), ``demand_persons`` (their sum)
        and ``raw_demand_persons`` (the central estimate before any calibration).
    groups
        One row per group: central (``raw_persons``), ``low_persons``, ``high_persons``, the
        persons the model serves (``calibrated_persons``), shares and their ranges, sources, status.
    raw_total_persons
        Province total of the prevalence chain at the central shares (persons).
    calibration_factor
        Factor applied to every group (1.0 when no calibration was asked for).
    calibrated_total_persons
        Province total the model serves (persons): the central estimate unless calibrated.
    eligible
        Indexed by admin_code, one column per group: people in need of social-assistance services
        (persons, central, not calibrated).
    community
        Same layout: people needing community-based services (persons).
    year
        Year the figures are for (the census year unless projected).
    low, high
        Same layout as `eligible`: residential demand with every share at the low (high) end of
        its range (persons, never calibrated).
    anchors
        Independent cross-checks of the total (national residents per 1,000; register route).
    population_persons
        The province's population in `year` (persons), the base of the anchors.
    calibration_target_persons
        The total demand was set equal to (persons), or None when demand is the estimate.
    """

    by_commune: pd.DataFrame
    groups: pd.DataFrame
    raw_total_persons: float
    calibration_factor: float
    calibrated_total_persons: float
    eligible: pd.DataFrame
    community: pd.DataFrame
    year: int
    low: pd.DataFrame
    high: pd.DataFrame
    anchors: tuple[DemandAnchor, ...] = ()
    population_persons: float = 0.0
    calibration_target_persons: float | None = None

    @property
    def is_calibrated(self) -> bool:
        """Whether demand was set equal to a given total (served shares are then not evidence)."""
        return self.calibration_target_persons is not None

    @property
    def low_total_persons(self) -> float:
        """Province total with every share at the low end of its range (persons)."""
        return float(self.low.to_numpy().sum())

    @property
    def high_total_persons(self) -> float:
        """Province total with every share at the high end of its range (persons)."""
        return float(self.high.to_numpy().sum())

    def describe_basis(self, language: str = "en") -> str:
        """One sentence for the planner: the demand basis (estimate with range, or calibrated)."""
        central, low, high = self.raw_total_persons, self.low_total_persons, self.high_total_persons
        vi = language == "vi"

        def n(value: float) -> str:
            text = f"{value:,.0f}"
            return text.replace(",", ".") if vi else text

        estimate = (
            f"ước tính {n(central)} người (khoảng {n(low)}–{n(high)})"
            if vi
            else f"central estimate {n(central)} persons (range {n(low)}–{n(high)})"
        )
        if not self.is_calibrated:
            return (
                f"Nhu cầu: {estimate} theo chuỗi tỷ lệ hiện mắc, không hiệu chỉnh."
                if vi
                else f"Demand: {estimate} from the prevalence chain, not calibrated."
            )
        target = n(self.calibrated_total_persons)
        if vi:
            return (
                f"Nhu cầu được đặt bằng quy mô của kế hoạch: {target} người — tỷ lệ được phục vụ "
                f"khi đó không phải là bằng chứng (chuỗi tỷ lệ hiện mắc: {estimate}, "
                f"nhân ×{self.calibration_factor:.3f})."
            ).replace(
                f"×{self.calibration_factor:.3f}",
                f"×{self.calibration_factor:.3f}".replace(".", ","),
            )
        return (
            f"Demand set equal to the plan's scale: {target} persons — served shares are then not "
            f"evidence (prevalence chain: {estimate}, scaled ×{self.calibration_factor:.3f})."
        )

    def describe_calibration(self) -> str:
        """The demand basis in English (`describe_basis`); kept for callers of the old name."""
        return self.describe_basis("en")

    @property
    def placeholder_groups(self) -> list[str]:
        """Groups whose settings are placeholders or unchecked recollections."""
        flagged = self.groups["status"].isin(["placeholder", "recalled"])
        return [str(name) for name in self.groups.index[flagged]]


def _residential(
    bases: pd.DataFrame,
    groups: Mapping[str, TargetGroupSettings],
    index: pd.Index,
    end: int | None,
) -> pd.DataFrame:
    """Residential persons per commune and group; `end` 0/1 takes every share's low/high bound."""
    columns = {}
    for name, settings in groups.items():
        if end is None:
            shares = [float(getattr(settings, f"{share}_share")) for share in SHARES]
        else:
            shares = [settings.share_bounds(share)[end] for share in SHARES]
        columns[name] = bases[settings.base] * shares[0] * shares[1] * shares[2]
    return pd.DataFrame(columns, index=index)


def compute_demand(
    communes: pd.DataFrame,
    districts: pd.DataFrame,
    config: DemandConfig,
    *,
    year: int | None = None,
    calibration_factor: float | None = None,
    source: str = "communes",
) -> DemandEstimate:
    """People needing a residential place per commune, by target group, with a low–high range.

    ``persons[u, g] = base[u, g] × prevalence[g] × eligible[g] × residential[g]`` (central);
    the low (high) estimate takes every share at the low (high) end of its range
    (`TargetGroupSettings.share_bounds`). Only when ``config.calibrate_total_persons`` is set
    are the persons the model serves scaled by ``k`` so the province total equals it.

    Parameters
    ----------
    communes
        Indexed by admin_code, with ``population_persons`` and ``district_code``.
    districts
        District census figures by age band (persons).
    config
        Target groups, their ranges, growth, anchors and the optional calibration.
    year
        Project the base populations from ``config.census_year`` to this year (when
        ``config.project_to_scenario_year``); None keeps the census year.
    calibration_factor
        Use this factor instead of calibrating (to apply one scenario year's calibration to
        other years).
    source
        File name of the communes table, used in error messages.

    Returns
    -------
    DemandEstimate
    """
    bases = compute_base_populations(communes, districts, source=source)
    target_year = config.census_year
    if year is not None and config.project_to_scenario_year:
        bases = project_base_populations(
            bases, config.growth_per_year, from_year=config.census_year, to_year=year
        )
        target_year = year
    index = communes.index
    eligible = pd.DataFrame(
        {
            name: bases[settings.base] * settings.prevalence_share * settings.eligible_share
            for name, settings in config.groups.items()
        },
        index=index,
    )
    community = pd.DataFrame(
        {
            name: eligible[name] * settings.community_share_or_rest
            for name, settings in config.groups.items()
        },
        index=index,
    )
    raw = _residential(bases, config.groups, index, None)
    low = _residential(bases, config.groups, index, 0)
    high = _residential(bases, config.groups, index, 1)
    raw_total = float(raw.to_numpy().sum())
    factor = 1.0
    target: float | None = None
    if calibration_factor is not None:
        factor = calibration_factor
        target = raw_total * factor if factor != 1.0 else None
    elif config.calibrate_total_persons is not None and raw_total > 0:
        factor = config.calibrate_total_persons / raw_total
        target = float(config.calibrate_total_persons)
    calibrated = raw * factor
    by_commune = calibrated.copy()
    by_commune["demand_persons"] = calibrated.sum(axis=1)
    by_commune["raw_demand_persons"] = raw.sum(axis=1)
    for frame in (by_commune, eligible, community, low, high):
        frame.index.name = "admin_code"
    groups = _group_table(config.groups, raw, calibrated, low, high)
    groups["eligible_persons"] = eligible.sum().reindex(groups.index)
    groups["community_persons"] = community.sum().reindex(groups.index)
    population = float(bases["total"].sum())
    return DemandEstimate(
        by_commune=by_commune,
        groups=groups,
        raw_total_persons=raw_total,
        calibration_factor=factor,
        calibrated_total_persons=float(calibrated.to_numpy().sum()),
        eligible=eligible,
        community=community,
        year=target_year,
        low=low,
        high=high,
        anchors=demand_anchors(population, config.anchors),
        population_persons=population,
        calibration_target_persons=target,
    )


def _group_table(
    settings: Mapping[str, TargetGroupSettings],
    raw: pd.DataFrame,
    calibrated: pd.DataFrame,
    low: pd.DataFrame,
    high: pd.DataFrame,
) -> pd.DataFrame:
    rows = []
    for name, group in settings.items():
        row: dict[str, object] = {
            "group": name,
            "label_vi": group.label_vi,
            "base": group.base,
            "prevalence_share": group.prevalence_share,
            "eligible_share": group.eligible_share,
            "residential_share": group.residential_share,
            "raw_persons": float(raw[name].sum()),
            "low_persons": float(low[name].sum()),
            "high_persons": float(high[name].sum()),
            "calibrated_persons": float(calibrated[name].sum()),
            "status": group.status,
            "source": group.source,
        }
        for share in SHARES:
            row[f"{share}_low"], row[f"{share}_high"] = group.share_bounds(share)
        row["range_source"] = group.range_source
        row["range_status"] = group.range_status_or_status
        row["served_by_types"] = ", ".join(group.served_by_types)
        rows.append(row)
    return pd.DataFrame(rows).set_index("group")
