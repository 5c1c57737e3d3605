"""Where a plan's new centres are, in a planner's words: commune, district, places, land (m²) and investment (VND)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from facility_plan.io.scenario_inputs import URBAN_UNIT_TYPES
from facility_plan.resources import land_norm_m2_per_place
from facility_plan.scenario import PreparedScenario
from facility_plan.sweeps.plans import FixedPlan

NEW_CENTRE_TYPE = "general"
"""Facility type of new centres (as in `facility_plan.scenario.assemble`)."""
SITE_COLUMNS = (
    "site_id",
    "admin_code",
    "commune_name_vi",
    "district_code",
    "district_name_vi",
    "lon",
    "lat",
    "land_norm_m2_per_place",
)


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """A plan's new centres described for a planner.

    Attributes
    ----------
    communes
        ``"Xã A (Huyện B) M; …"``: commune, district and tier of each new centre.
    districts
        District names, joined with " + " (sorted), e.g. ``"Huyện Kim Sơn + Huyện Yên Mô"``.
    district_codes
        District codes, joined with " + ".
    places_new
        Places of the new centres (places).
    land_m2
        Land the new centres need under the land norms (m²).
    investment_vnd
        Investment of the new centres (VND).
    """

    communes: str
    districts: str
    district_codes: str
    places_new: float
    land_m2: float
    investment_vnd: float


def _coordinate(point: object, axis: str) -> float:
    value = getattr(point, axis, None)
    return float(value) if value is not None else float("nan")


def site_directory(prepared: PreparedScenario) -> pd.DataFrame:
    """Every site of a scenario with its commune, district, point and land norm (m² per place).

    Returns
    -------
    pandas.DataFrame
        Indexed by site_id; columns `SITE_COLUMNS` (degrees for lon and lat).
    """
    inputs, config = prepared.inputs, prepared.config
    communes = inputs.communes
    geometry = pd.concat([inputs.facilities.geometry, inputs.candidate_sites.geometry])
    point_of = dict(zip(geometry.index.astype(str), geometry, strict=True))
    sites = prepared.problem.sites
    admin = sites["admin_code"].astype(str)
    return pd.DataFrame(
        {
            "site_id": sites.index.astype(str),
            "admin_code": admin.to_numpy(),
            "commune_name_vi": admin.map(communes["name_vi"]).to_numpy(),
            "district_code": admin.map(communes["district_code"]).astype(str).to_numpy(),
            "district_name_vi": admin.map(communes["district_name_vi"]).to_numpy(),
            "lon": [_coordinate(point_of.get(str(site)), "x") for site in sites.index],
            "lat": [_coordinate(point_of.get(str(site)), "y") for site in sites.index],
            "land_norm_m2_per_place": [
                land_norm_m2_per_place(
                    urban=communes["unit_type"].get(code) in URBAN_UNIT_TYPES,
                    facility_type=NEW_CENTRE_TYPE,
                    norms=config.resources,
                )
                for code in admin
            ],
        },
        index=pd.Index(sites.index.astype(str), name="site_id"),
    )


def plan_facts(plan: FixedPlan, directory: pd.DataFrame, site_tiers: pd.DataFrame) -> PlanFacts:
    """The planner's description of a plan's new centres (see `PlanFacts`)."""
    tiers = site_tiers.astype({"site_id": str, "tier_id": str}).set_index(["site_id", "tier_id"])
    parts, districts, codes = [], set(), set()
    places = land = investment = 0.0
    capacity_of = dict(plan.capacities)
    for site_id, tier_id in plan.new_sites:
        site = directory.loc[site_id]
        parts.append(f"{site['commune_name_vi']} ({site['district_name_vi']}) {tier_id}".strip())
        districts.add(str(site["district_name_vi"]))
        codes.add(str(site["district_code"]))
        site_places = float(capacity_of.get(site_id, 0.0))
        places += site_places
        land += site_places * float(site["land_norm_m2_per_place"])
        if (site_id, tier_id) in tiers.index:
            investment += float(tiers.loc[(site_id, tier_id), "open_cost_vnd"])
    return PlanFacts(
        communes="; ".join(parts),
        districts=" + ".join(sorted(districts)),
        district_codes=" + ".join(sorted(codes)),
        places_new=places,
        land_m2=land,
        investment_vnd=investment,
    )
