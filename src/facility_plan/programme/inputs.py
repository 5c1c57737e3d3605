"""Programme input tables (registers, service units, social-work staff, facility access): contracts and readers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from facility_plan.config.programme import UNIT_KINDS, ProgrammeInputPaths
from facility_plan.errors import DataProblem, InputDataError
from facility_plan.io import read_table
from facility_plan.schema import MAX_COMMUNE_PERSONS, Column, TableContract

MAX_UNITS_PER_COMMUNE = 1_000.0
"""Units: more schools, health stations or hospitals than this in one commune is a typing error."""

_NAME = Column("name_vi", required=False, nullable=True)
"""Optional name of the commune or facility, to help whoever fills the table in (not read)."""

REGISTERS = TableContract(
    "registers",
    (
        Column("admin_code", "code", digits=5),
        _NAME,
        Column("target_group"),
        Column("year", "number", whole=True, minimum=2000.0, maximum=2100.0),
        Column(
            "persons",
            "number",
            whole=True,
            minimum=0.0,
            maximum=MAX_COMMUNE_PERSONS,
            reason="no commune-level unit has more than 2 million persons",
        ),
        Column("source"),
    ),
)
"""Register counts: persons of one target group on the commune's register in one year.

Counts only: a register table holds no names, birth dates or ID numbers, and any column beyond
these is refused. A group present in the table must have a row for every commune in every year
it appears (0 where nobody is registered).
"""


def _unit_count(name: str) -> Column:
    """A count of units in one commune (whole, 0 to `MAX_UNITS_PER_COMMUNE`)."""
    return Column(
        name,
        "number",
        whole=True,
        minimum=0.0,
        maximum=MAX_UNITS_PER_COMMUNE,
        reason="no commune has more than 1,000 such units",
    )


SERVICE_UNITS = TableContract(
    "service_units",
    (
        Column("admin_code", "code", digits=5),
        _NAME,
        _unit_count("schools"),
        _unit_count("health_stations"),
        _unit_count("hospitals"),
        Column("source"),
    ),
    id_column="admin_code",
)
"""Schools, commune health stations and hospitals in each commune (units); one row per commune."""

SOCIAL_WORK_STAFF = TableContract(
    "social_work_staff",
    (
        Column("admin_code", "code", digits=5),
        _NAME,
        Column("unit_kind", allowed=UNIT_KINDS),
        _unit_count("units_with_staff"),
        Column("staff_persons", "number", whole=True, minimum=0.0, maximum=10_000.0),
        Column("trained_staff_persons", "number", whole=True, minimum=0.0, maximum=10_000.0),
        Column("source"),
    ),
)
"""Social-work staff in post by commune and unit kind (commune, school, health_station, hospital,
facility): units that have staff (units), staff (persons) and staff trained in social work
(persons). A missing row means no staff in that commune and kind."""

FACILITY_ACCESS = TableContract(
    "facility_access",
    (
        Column("facility_id"),
        _NAME,
        Column("meets_access_conditions", allowed=("true", "false")),
        Column("source"),
    ),
    id_column="facility_id",
)
"""Whether each facility meets the minimum access conditions for people with disabilities
(Ninh Bình 22/KH-UBND 2018); a facility without a row is counted as not assessed."""


@dataclass(frozen=True, slots=True)
class ProgrammeInputs:
    """Validated programme inputs; a table left out of the scenario is None.

    Attributes
    ----------
    registers
        Columns admin_code, target_group, year, persons (persons), source.
    service_units
        Indexed by admin_code: schools, health_stations, hospitals (units), source.
    social_work_staff
        Columns admin_code, unit_kind, units_with_staff (units), staff_persons,
        trained_staff_persons (persons), source.
    facility_access
        Indexed by facility_id: meets_access_conditions (bool), source.
    sources
        Table name → file path.
    """

    registers: pd.DataFrame | None = None
    service_units: pd.DataFrame | None = None
    social_work_staff: pd.DataFrame | None = None
    facility_access: pd.DataFrame | None = None
    sources: dict[str, str] = field(default_factory=dict)


def _extra_columns(frame: pd.DataFrame, contract: TableContract, source: str) -> list[DataProblem]:
    known = {column.name for column in contract.columns}
    return [
        DataProblem(
            source,
            None,
            str(name),
            f"column {name!r} is not part of the {contract.name} table; programme tables hold "
            f"counts only (no names or personal data); allowed columns: {sorted(known)}",
        )
        for name in frame.columns
        if name not in known
    ]


def _unknown_codes(
    frame: pd.DataFrame, column: str, known: Iterable[str], source: str, what: str
) -> list[DataProblem]:
    known_set = set(known)
    return [
        DataProblem(source, row, column, f"unknown {what} {value!r}")
        for row, value in enumerate(frame[column].astype(str), start=1)
        if value not in known_set
    ]


def _duplicates(frame: pd.DataFrame, keys: Sequence[str], source: str) -> list[DataProblem]:
    duplicated = frame.duplicated(subset=list(keys), keep="first").to_numpy()
    return [
        DataProblem(source, row, ", ".join(keys), "the same " + " × ".join(keys) + " appears twice")
        for row, is_duplicate in enumerate(duplicated, start=1)
        if is_duplicate
    ]


def _check_registers(
    frame: pd.DataFrame, source: str, communes: pd.DataFrame, known_groups: Iterable[str]
) -> list[DataProblem]:
    problems = _unknown_codes(frame, "admin_code", communes.index, source, "admin code")
    groups = set(known_groups)
    for row, group in enumerate(frame["target_group"], start=1):
        if group not in groups:
            problems.append(
                DataProblem(
                    source,
                    row,
                    "target_group",
                    f"group {group!r} has no demand settings and no allowance coefficient; add "
                    f"programme.norms.allowance_coefficients.{group} to the scenario "
                    f"(known: {sorted(groups)})",
                )
            )
    problems += _duplicates(frame, ("admin_code", "target_group", "year"), source)
    population = frame["admin_code"].map(communes["population_persons"])
    for row, (persons, people) in enumerate(zip(frame["persons"], population, strict=True), 1):
        if pd.notna(people) and persons > people:
            problems.append(
                DataProblem(
                    source,
                    row,
                    "persons",
                    f"{persons:g} persons on the register, more than the commune's population "
                    f"({people:g})",
                )
            )
    for (group, year), rows in frame.groupby(["target_group", "year"]):
        missing = sorted(set(communes.index) - set(rows["admin_code"]))
        if missing:
            problems.append(
                DataProblem(
                    source,
                    None,
                    "admin_code",
                    f"group {group!r}, year {year:g}: no row for {len(missing)} commune(s) "
                    f"(first: {missing[:5]}); write 0 where nobody is registered",
                )
            )
    return problems


def _check_staff(frame: pd.DataFrame, source: str, communes: pd.DataFrame) -> list[DataProblem]:
    problems = _unknown_codes(frame, "admin_code", communes.index, source, "admin code")
    problems += _duplicates(frame, ("admin_code", "unit_kind"), source)
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        if record.staff_persons < record.units_with_staff:
            problems.append(
                DataProblem(
                    source,
                    row,
                    "staff_persons",
                    f"{record.staff_persons:g} staff for {record.units_with_staff:g} units with "
                    "staff; a unit with staff has at least one",
                )
            )
        if record.trained_staff_persons > record.staff_persons:
            problems.append(
                DataProblem(
                    source,
                    row,
                    "trained_staff_persons",
                    f"{record.trained_staff_persons:g} trained, more than the "
                    f"{record.staff_persons:g} staff",
                )
            )
        if record.unit_kind == "commune" and record.units_with_staff > 1:
            problems.append(
                DataProblem(source, row, "units_with_staff", "a commune is one unit (0 or 1)")
            )
    return problems


def _read(path: Path, contract: TableContract, problems: list[DataProblem]) -> pd.DataFrame | None:
    try:
        frame = read_table(path, contract)
    except InputDataError as err:
        problems.extend(err.problems or [DataProblem(str(path), None, None, str(err))])
        return None
    extra = _extra_columns(frame, contract, str(path))
    problems.extend(extra)
    return None if extra else frame


def _resolve(path: Path | None, base_dir: Path | None) -> Path | None:
    if path is None or path.is_absolute() or base_dir is None:
        return path
    return (base_dir / path).resolve()


def read_programme_inputs(
    paths: ProgrammeInputPaths,
    *,
    communes: pd.DataFrame,
    facilities: pd.DataFrame,
    known_groups: Iterable[str],
    base_dir: Path | None = None,
) -> ProgrammeInputs:
    """Read and check the programme tables a scenario names; every problem is listed at once.

    Parameters
    ----------
    paths
        The scenario's ``programme.inputs`` (paths may be relative to `base_dir`).
    communes
        Commune-level units indexed by admin_code, with ``population_persons``.
    facilities
        Existing facilities indexed by facility_id.
    known_groups
        Target groups a register may name (demand groups and groups with a coefficient).
    base_dir
        Folder relative paths are resolved against (the scenario file's folder).

    Raises
    ------
    InputDataError
        Naming file, row and field of each problem: contract violations, extra (personal-data)
        columns, unknown codes or groups, duplicates, communes missing from a register.
    """
    problems: list[DataProblem] = []
    tables: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, str] = {}
    contracts = {
        "registers": REGISTERS,
        "service_units": SERVICE_UNITS,
        "social_work_staff": SOCIAL_WORK_STAFF,
        "facility_access": FACILITY_ACCESS,
    }
    for name, contract in contracts.items():
        path = _resolve(getattr(paths, name), base_dir)
        tables[name] = None if path is None else _read(path, contract, problems)
        if path is not None:
            sources[name] = str(path)
    registers = tables["registers"]
    if registers is not None:
        registers["year"] = registers["year"].astype(int)
        problems += _check_registers(registers, sources["registers"], communes, known_groups)
    units = tables["service_units"]
    if units is not None:
        source = sources["service_units"]
        problems += _unknown_codes(units, "admin_code", communes.index, source, "admin code")
        missing = sorted(set(communes.index) - set(units.index))
        if missing:
            problems.append(
                DataProblem(
                    source,
                    None,
                    "admin_code",
                    f"no row for {len(missing)} commune(s) (first: {missing[:5]}); "
                    "write 0 where there is none",
                )
            )
    staff = tables["social_work_staff"]
    if staff is not None:
        problems += _check_staff(staff, sources["social_work_staff"], communes)
    access = tables["facility_access"]
    if access is not None:
        problems += _unknown_codes(
            access,
            "facility_id",
            facilities.index.astype(str),
            sources["facility_access"],
            "facility",
        )
        access["meets_access_conditions"] = access["meets_access_conditions"].eq("true")
    if problems:
        raise InputDataError(problems)
    return ProgrammeInputs(
        registers=registers,
        service_units=units,
        social_work_staff=staff,
        facility_access=access,
        sources=sources,
    )
