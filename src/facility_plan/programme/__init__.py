"""Community programme model: case management, social-work staff, training, allowances, emergency help, access.

`compute_programme` turns a scenario's ``[programme]`` section into a `ProgrammeResult`: people in
need per commune × group × year (registers, or the demand model), the plan's targets per year, and
the staff, training cohorts and money meeting them takes; `ProgrammeResult.deliverable_coverage`
says what a given staff and budget level delivers.
"""

from __future__ import annotations

from facility_plan.programme.arithmetic import monthly_amount_in_year
from facility_plan.programme.compute import compute_programme
from facility_plan.programme.flags import ProgrammeFlag
from facility_plan.programme.inputs import (
    FACILITY_ACCESS,
    REGISTERS,
    SERVICE_UNITS,
    SOCIAL_WORK_STAFF,
    ProgrammeInputs,
    read_programme_inputs,
)
from facility_plan.programme.result import ProgrammeResult, ProgrammeSummary
from facility_plan.programme.targets import yearly_targets
from facility_plan.programme.templates import (
    programme_templates,
    template_notes_vi,
    write_programme_templates,
    write_template_notes,
)

__all__ = [
    "FACILITY_ACCESS",
    "REGISTERS",
    "SERVICE_UNITS",
    "SOCIAL_WORK_STAFF",
    "ProgrammeFlag",
    "ProgrammeInputs",
    "ProgrammeResult",
    "ProgrammeSummary",
    "compute_programme",
    "monthly_amount_in_year",
    "programme_templates",
    "read_programme_inputs",
    "template_notes_vi",
    "write_programme_templates",
    "write_template_notes",
    "yearly_targets",
]
