"""``facility-plan data``: list and show the bundled province tables, and crosswalk old-commune tables.

Registered in `facility_plan.cli.app` with ``app.add_typer(data_app, name="data")``. Input errors exit
with code 2 and one message naming file, row and field, as in the rest of the command line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facility_plan.cli._common import LangOption, LanguageChoice
from facility_plan.cli._common import console as _console
from facility_plan.cli._common import guard as _guard

if TYPE_CHECKING:
    import pandas as pd

data_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Bundled province data: list, show, and move old-commune tables onto 2025 communes.",
)
ERAS = ("2019", "2025")

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder holding provinces.csv and the <slug>_<era>/ folders (default: bundled).",
    ),
]


def _plain(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"^(tinh|thanh pho)\s+", "", text.lower().strip())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _commune_name(communes: pd.DataFrame, admin_code: str) -> str:
    """The commune's name with its code in brackets (the code alone when it is not listed)."""
    rows = communes.loc[communes["admin_code"].astype(str) == admin_code, "name_vi"]
    return f"{rows.iloc[0]} ({admin_code})" if len(rows) else admin_code


def _index(data_dir: Path | None) -> tuple[Path, pd.DataFrame]:
    from facility_plan.io import bundled_geo_dir, read_csv_text

    folder = data_dir if data_dir is not None else bundled_geo_dir()
    index = read_csv_text(folder / "provinces.csv")
    return folder, index


def _find(index: pd.DataFrame, province: str, era: str, source: str) -> pd.Series:
    from facility_plan.errors import InputDataError

    if era not in ERAS:
        msg = f"--era {era!r}: must be one of {list(ERAS)}"
        raise InputDataError(msg)
    wanted = _plain(province)
    rows = index[
        (index["era"] == era)
        & (
            index["slug"].eq(wanted)
            | index["name_vi"].map(_plain).eq(wanted)
            | index["province_code"].eq(province.strip())
        )
    ]
    if rows.empty:
        known = sorted(index.loc[index["era"] == era, "slug"])
        msg = f"{source}: no province {province!r} in era {era}; known: {known}"
        raise InputDataError(msg)
    return rows.iloc[0]


@data_app.command("list")
def list_provinces(data_dir: DataDirOption = None, lang: LangOption = None) -> None:
    """List the bundled province-era tables: communes, districts, facilities, population."""
    from rich.table import Table

    from facility_plan.labels import format_number, label

    language = LanguageChoice.from_option(lang).language
    console = _console()
    folder, index = _guard(lambda: _index(data_dir), language=language)
    table = Table(title=label("data_title", language).format(folder=folder))
    for key in ("folder", "province", "era", "communes", "districts", "facilities", "population"):
        right = key in ("communes", "districts", "facilities", "population")
        table.add_column(label(f"data_col_{key}", language), justify="right" if right else "left")
    for row in index.itertuples():
        table.add_row(
            row.folder,
            f"{row.name_vi} ({row.province_code})",
            row.era,
            row.communes,
            row.districts,
            row.facilities,
            format_number(int(row.population_persons), language=language),
        )
    console.print(table)


@data_app.command("show")
def show(
    province: Annotated[
        str, typer.Argument(help="Province slug, name or code, e.g. ninh_binh, 'Lạng Sơn', 20.")
    ],
    era: Annotated[
        str, typer.Option("--era", help="2019 (with districts) or 2025 (after the reform).")
    ] = "2025",
    data_dir: DataDirOption = None,
    lang: LangOption = None,
) -> None:
    """Show one province-era table set: counts, population (60+, 80+), area, facilities, crosswalk."""
    from rich.table import Table

    from facility_plan.io import read_communes, read_crosswalk, read_districts, read_facilities
    from facility_plan.labels import format_number, label, label_or
    from facility_plan.labels.notes import location_precision_text

    language = LanguageChoice.from_option(lang).language
    console = _console()

    def load() -> tuple[pd.Series, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
        folder, index = _index(data_dir)
        row = _find(index, province, era, str(folder / "provinces.csv"))
        base = folder / row["folder"]
        communes = read_communes(base / "communes.csv")
        districts = read_districts(base / "districts.csv")
        facilities = read_facilities(base / "facilities.csv", communes=communes)
        walk_path = base / "crosswalk_2019_2025.csv"
        walk = read_crosswalk(walk_path) if walk_path.is_file() else None
        return row, communes, districts, facilities, walk

    def number(value: float, decimals: int = 0) -> str:
        return format_number(float(value), decimals=decimals, language=language)

    def persons(value: float) -> str:
        return label("data_persons", language).format(value=number(value))

    row, communes, districts, facilities, walk = _guard(load, language=language)
    title = label("data_show_title", language).format(
        province=row["name_vi"], code=row["province_code"], era=row["era"]
    )
    table = Table(title=title, show_header=False)
    types = communes["unit_type"].value_counts().sort_index()
    table.add_row(label("data_col_folder", language), str(row["folder"]))
    table.add_row(
        label("data_col_communes", language),
        f"{len(communes)} ("
        + ", ".join(f"{label_or(f'unit_{k}', language, str(k))} {v}" for k, v in types.items())
        + ")",
    )
    districts_key = "data_legacy_districts" if era == "2025" else "data_districts_2019"
    table.add_row(label(districts_key, language), str(len(districts)))
    table.add_row(label("data_population", language), persons(communes["population_persons"].sum()))
    aged = (districts["age_60plus_persons"].sum(), districts["age_80plus_persons"].sum())
    table.add_row(label("data_aged", language), f"{number(aged[0])} / {persons(aged[1])}")
    table.add_row(label("data_area", language), f"{number(communes['area_km2'].sum(), 1)} km²")
    places = facilities["capacity_places"].sum()
    table.add_row(
        label("data_col_facilities", language),
        label("data_places", language).format(count=len(facilities), places=number(places))
        if len(facilities)
        else label("data_no_facilities", language),
    )
    for facility in facilities.itertuples():
        table.add_row(
            f"  {facility.facility_id}",
            label("data_facility_row", language).format(
                name=facility.name_vi,
                type=label_or(str(facility.facility_type), language),
                ownership=label_or(str(facility.ownership), language),
                places=number(facility.capacity_places),
                commune=_commune_name(communes, str(facility.admin_code)),
                precision=location_precision_text(
                    str(facility.location_precision), language=language
                ),
            ),
        )
    if walk is not None:
        divided = walk.loc[walk["divided"] == "true", "old_admin_code"].nunique()
        table.add_row(
            label("data_crosswalk", language),
            label("data_crosswalk_counts", language).format(
                old=walk["old_admin_code"].nunique(),
                new=walk["new_admin_code"].nunique(),
                divided=divided,
            ),
        )
    console.print(table)


@data_app.command("crosswalk")
def crosswalk(
    table_path: Annotated[
        Path, typer.Argument(metavar="TABLE.csv", help="CSV keyed by old commune codes.")
    ],
    code_column: Annotated[
        str, typer.Option("--code-column", help="Column with the old 5-digit commune codes.")
    ],
    value_columns: Annotated[
        str,
        typer.Option("--value-columns", help="Comma-separated count columns to move, e.g. A,B."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Output CSV (one row per new commune).")],
    crosswalk_path: Annotated[
        Path | None,
        typer.Option(
            "--crosswalk", help="Crosswalk CSV (default: all bundled crosswalk_2019_2025.csv)."
        ),
    ] = None,
    data_dir: DataDirOption = None,
    lang: LangOption = None,
) -> None:
    """Move TABLE.csv (keyed by old commune codes) onto the 2025 communes; divided communes by area share."""
    import pandas as pd

    from facility_plan.io import crosswalk_table, read_crosswalk, read_csv_text, write_csv
    from facility_plan.labels import format_number, label

    language = LanguageChoice.from_option(lang).language
    console = _console()

    def run() -> tuple[pd.DataFrame, pd.DataFrame]:
        columns = [c.strip() for c in value_columns.split(",") if c.strip()]
        if crosswalk_path is not None:
            walk = read_crosswalk(crosswalk_path)
        else:
            folder, index = _index(data_dir)
            files = [
                folder / f / "crosswalk_2019_2025.csv"
                for f in index.loc[index["era"] == "2025", "folder"]
            ]
            walk = pd.concat([read_crosswalk(f) for f in files], ignore_index=True)
        table = read_csv_text(table_path)
        moved = crosswalk_table(
            table, walk, code_column=code_column, value_columns=columns, source=str(table_path)
        )
        write_csv(out, moved)
        return table, moved

    table, moved = _guard(run, language=language)
    columns = [c.strip() for c in value_columns.split(",") if c.strip()]

    def number(value: float) -> str:
        return format_number(float(value), decimals=2, language=language)

    totals = ", ".join(
        f"{c}: {number(pd.to_numeric(table[c], errors='coerce').sum())} → {number(moved[c].sum())}"
        for c in columns
    )
    divided = int(moved["from_divided"].sum())
    console.print(
        label("data_crosswalk_done", language).format(
            old=len(table), new=len(moved), divided=divided, totals=totals, out=out
        )
    )
