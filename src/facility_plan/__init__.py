"""facility_plan: plan networks of social-assistance facilities (cơ sở trợ giúp xã hội)."""

from facility_plan.problem import Problem
from facility_plan.travel import TravelMatrix

__version__ = "0.1.0"

__all__ = ["Problem", "TravelMatrix", "__version__"]
