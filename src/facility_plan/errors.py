"""Exception types of facility_plan: every error a user can cause has its own type and a specific message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


class FacilityPlanError(Exception):
    """Base class of all errors raised on purpose by facility_plan."""


class ScenarioConfigError(FacilityPlanError, ValueError):
    """A scenario file is missing, unreadable, or has unknown, missing or invalid keys."""


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One problem found in an input table.

    Parameters
    ----------
    source
        File (or layer) name the problem was found in.
    row
        1-based data row (header excluded), or None for a whole-table problem.
    field
        Column name, or None when the problem is not tied to one column.
    message
        What is wrong and, where possible, how to fix it.
    severity
        ``error`` (the input is refused) or ``warning`` (the input is used, and the warning is
        carried into every output).
    label_key, label_args
        Catalogue key and its arguments when the message exists in both languages (`text`).
    """

    source: str
    row: int | None
    field: str | None
    message: str
    severity: Severity = "error"
    label_key: str | None = None
    label_args: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"

    def text(self, language: Literal["vi", "en"] = "en") -> str:
        """The problem in `language`: from the label catalogue when it has a `label_key`
        (formatted with `label_args`), otherwise as written (``str(self)``, English)."""
        if self.label_key is None:
            return str(self)
        from facility_plan.labels import label

        where = [self.source]
        if self.row is not None:
            where.append(label("problem_row", language).format(row=self.row))
        if self.field is not None:
            where.append(label("problem_field", language).format(field=self.field))
        message = label(self.label_key, language).format(**dict(self.label_args))
        return f"{', '.join(where)}: {message}"


class InputDataError(FacilityPlanError, ValueError):
    """One or more input tables break their contract; every problem is listed.

    Parameters
    ----------
    problems
        The problems, each naming file, row and field.
    """

    def __init__(self, problems: Sequence[DataProblem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[DataProblem, ...] = ()
            super().__init__(problems)
            return
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            text = f"{len(self.problems)} problems in the input data:\n" + "\n".join(
                f"  - {p}" for p in self.problems
            )
        super().__init__(text)


class ProblemError(FacilityPlanError, ValueError):
    """Demand, sites and travel matrix do not line up (missing ids, NaN or negative values)."""


class InfeasibleScenarioError(FacilityPlanError):
    """The scenario's targets cannot be met; the message says why in the planner's numbers."""


class SolverError(FacilityPlanError):
    """The solver failed, is missing, or returned a solution that does not verify."""


class OutputError(FacilityPlanError, OSError):
    """An output file or folder could not be written."""
