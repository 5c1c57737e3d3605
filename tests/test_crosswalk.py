"""Moving old-commune tables onto 2025 communes: whole and divided communes, totals, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facility_plan.cli.data import data_app
from facility_plan.errors import InputDataError
from facility_plan.io import crosswalk_table, read_communes, read_crosswalk

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
NB_2025 = GEO / "ninh_binh_2025"

WALK = pd.DataFrame(
    {
        "old_admin_code": ["00001", "00002", "00002", "00003"],
        "new_admin_code": ["10001", "10001", "10002", "10002"],
        "new_name_vi": ["Xã Một", "Xã Một", "Xã Hai", "Xã Hai"],
        "divided": ["false", "true", "true", "false"],
        "area_share": [1.0, 0.25, 0.75, 1.0],
        "population_share": [1.0, 0.25, 0.75, 1.0],
    }
)


def test_whole_and_divided_communes() -> None:
    table = pd.DataFrame({"ma": ["00001", "00002", "00003"], "persons": ["10", "40", "5"]})
    moved = crosswalk_table(table, WALK, code_column="ma", value_columns=["persons"])
    assert moved.set_index("new_admin_code")["persons"].to_dict() == {"10001": 20.0, "10002": 35.0}
    assert moved["from_divided"].tolist() == [True, True]
    assert moved["new_name_vi"].tolist() == ["Xã Một", "Xã Hai"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=3, max_size=3))
def test_totals_are_kept(values: list[float]) -> None:
    table = pd.DataFrame({"ma": ["00001", "00002", "00003"], "x": values})
    moved = crosswalk_table(table, WALK, code_column="ma", value_columns=["x"])
    assert moved["x"].sum() == pytest.approx(sum(values), rel=1e-9, abs=1e-6)


def test_bundled_crosswalk_rolls_2019_communes_up_to_2025() -> None:
    walk = read_crosswalk(NB_2025 / "crosswalk_2019_2025.csv")
    old = read_communes(GEO / "ninh_binh_2019" / "communes.csv")
    table = old[["admin_code", "population_persons"]].reset_index(drop=True)
    moved = crosswalk_table(
        table, walk, code_column="admin_code", value_columns=["population_persons"]
    )
    new = read_communes(NB_2025 / "communes.csv")
    assert moved["population_persons"].sum() == pytest.approx(982_487)
    # the Ninh Bình part of the 2025 communes: rolled-up values match the bundled roll-up
    only_nb = set(
        walk.loc[
            walk["old_admin_code"].str.startswith("14") & (walk["old_admin_code"] >= "14320"),
            "new_admin_code",
        ]
    )
    both = moved.set_index("new_admin_code")["population_persons"]
    pure_nb = [
        c
        for c in only_nb
        if set(walk.loc[walk["new_admin_code"] == c, "old_admin_code"]) <= set(old.index)
    ]
    assert pure_nb
    assert both.loc[pure_nb].to_numpy() == pytest.approx(
        new.loc[pure_nb, "population_persons"].to_numpy(), abs=1.0
    )


def test_read_crosswalk_rejects_shares_not_adding_to_one(tmp_path: Path) -> None:
    bad = WALK.copy()
    bad.loc[2, "area_share"] = 0.5
    path = tmp_path / "walk.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(
        InputDataError, match=r"shares of old commune '00002' add up to 0\.750000, not 1"
    ):
        read_crosswalk(path)


def test_cli_crosswalk(tmp_path: Path) -> None:
    table = tmp_path / "beneficiaries.csv"
    table.write_text(
        "ma_xa,nguoi_cao_tuoi,tre_em\n14503,100,40\n14320,10,\n13285,50,5\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        data_app,
        [
            "crosswalk",
            str(table),
            "--code-column",
            "ma_xa",
            "--value-columns",
            "nguoi_cao_tuoi,tre_em",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 xã cũ → 5 xã mới" in result.output  # Vietnamese by default
    assert "nguoi_cao_tuoi: 160,00 → 160,00" in result.output
    moved = pd.read_csv(out, dtype={"new_admin_code": str}, encoding="utf-8-sig")
    assert moved["nguoi_cao_tuoi"].sum() == pytest.approx(160.0)
    assert moved["tre_em"].sum() == pytest.approx(45.0)
    assert moved["from_divided"].sum() == 4  # Gia Tân (14503) and Quang Trung (13285) are divided


def test_cli_crosswalk_unknown_code_exits_2(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("ma_xa,n\n99999,1\n", encoding="utf-8")
    result = CliRunner().invoke(
        data_app,
        [
            "crosswalk",
            str(table),
            "--code-column",
            "ma_xa",
            "--value-columns",
            "n",
            "--out",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "row 1, field 'ma_xa': unknown old commune code '99999'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.csv").exists()


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(data_app, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "an_giang_2025" in listed.output
    assert "3.631.419" in listed.output  # Vietnamese by default
    assert "dân số (người)" in listed.output
    shown = runner.invoke(data_app, ["show", "ninh_binh", "--era", "2025", "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert "129" in shown.output
    assert "3,615,680" in shown.output
    assert "NB-E01" in shown.output
    assert "688 places" in shown.output  # 3 Ninh Bình + 2 Nam Định centres (SOURCE.md)
    assert "placed at the district seat (approximate)" in shown.output
    shown_vi = runner.invoke(data_app, ["show", "ninh_binh", "--era", "2025"])
    assert "5 (688 chỗ)" in shown_vi.output
    assert "trung tâm huyện (gần đúng)" in shown_vi.output
    assert "phường 32, xã 97" in shown_vi.output  # unit types in words, not codes
    assert "Phường Hoa Lư (14329)" in " ".join(shown_vi.output.split())  # name before code
    for english in ("places", "persons", "legacy districts", "crosswalk"):
        assert english not in shown_vi.output, english
    by_name = runner.invoke(data_app, ["show", "Kiên Giang", "--era", "2019", "--lang", "en"])
    assert by_name.exit_code == 0, by_name.output
    assert "1,723,067" in by_name.output
    bad_era = runner.invoke(data_app, ["show", "ninh_binh", "--era", "2020"])
    assert bad_era.exit_code == 2
    assert "--era '2020': must be one of ['2019', '2025']" in bad_era.output
