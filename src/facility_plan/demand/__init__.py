"""Demand: people needing a residential place per commune and group, with a range and anchors."""

from facility_plan.demand.anchors import DemandAnchor, demand_anchors
from facility_plan.demand.bases import compute_base_populations, project_base_populations
from facility_plan.demand.estimate import DemandEstimate, compute_demand

__all__ = [
    "DemandAnchor",
    "DemandEstimate",
    "compute_base_populations",
    "compute_demand",
    "demand_anchors",
    "project_base_populations",
]
