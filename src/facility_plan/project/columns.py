"""What each column of the planner's input tables means, in Vietnamese and English, with its unit and an example."""

from __future__ import annotations

from dataclasses import dataclass

from facility_plan.programme.inputs import REGISTERS
from facility_plan.schema import (
    CANDIDATE_SITES,
    COMMUNES,
    DISTRICTS,
    FACILITIES,
    Column,
    TableContract,
)

PRIORITY_CLASSES = (
    "region_iii",
    "region_ii",
    "region_i",
    "coastal_extremely_difficult",
    "other",
)
"""Priority classes of a commune: region III/II/I of the ethnic-minority and mountainous areas
(Decision 861/QĐ-TTg, 2021) and extremely difficult coastal and island communes (Decision
353/QĐ-TTg, 2022); ``other`` for a class the province sets itself."""

PRIORITY_COMMUNES = TableContract(
    "priority_communes",
    (
        Column("admin_code", "code", digits=5),
        Column("name_vi", required=False, nullable=True),
        Column("priority_class", allowed=PRIORITY_CLASSES, nullable=True),
        Column("source", required=False, nullable=True),
    ),
    id_column="admin_code",
)
"""Priority communes: a minimal schema of this package (no model reads it yet; the programme
model's tables are registers, service units, social-work staff and facility access). One row per
commune; ``priority_class`` blank where the commune has none."""


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    """Meaning of one column for the person filling the table in.

    Attributes
    ----------
    meaning_vi, meaning_en
        What the column holds.
    unit_vi, unit_en
        Its unit ("" for text and codes).
    example
        A value as typed into the table.
    """

    meaning_vi: str
    meaning_en: str
    unit_vi: str = ""
    unit_en: str = ""
    example: str = ""


@dataclass(frozen=True, slots=True)
class InputTable:
    """An input table a project folder holds a template of.

    Attributes
    ----------
    file_stem
        File name without ending (``communes`` → communes.csv and communes.xlsx).
    contract
        Its column contract.
    title_vi, title_en
        What the table is.
    columns
        Column name → `ColumnDoc`, one per contract column.
    """

    file_stem: str
    contract: TableContract
    title_vi: str
    title_en: str
    columns: dict[str, ColumnDoc]

    def doc(self, column: Column) -> ColumnDoc:
        """The `ColumnDoc` of `column` (a contract column)."""
        return self.columns[column.name]


_CODE5 = ColumnDoc(
    "Mã xã/phường theo Tổng cục Thống kê (5 chữ số, giữ số 0 đầu)",
    "GSO commune code (5 digits, leading zeros kept)",
    example="14320",
)
_LAT = ColumnDoc("Vĩ độ (WGS84)", "Latitude (WGS84)", "độ", "degrees", "20.263957")
_LON = ColumnDoc("Kinh độ (WGS84)", "Longitude (WGS84)", "độ", "degrees", "105.975345")
_SOURCE = ColumnDoc(
    "Nguồn số liệu (văn bản, báo cáo, năm)",
    "Source of the figures (document, report, year)",
    example="Báo cáo Sở LĐTBXH 2024",
)

COMMUNES_TABLE = InputTable(
    "communes",
    COMMUNES,
    "Xã, phường, thị trấn (đơn vị cấp xã)",
    "Commune-level units",
    {
        "admin_code": _CODE5,
        "name_vi": ColumnDoc("Tên đơn vị", "Name", example="Phường Đông Thành"),
        "unit_type": ColumnDoc(
            "Loại đơn vị: xa, phuong, thi_tran, dac_khu", "Unit type", example="phuong"
        ),
        "province_code": ColumnDoc("Mã tỉnh (2 chữ số)", "Province code (2 digits)", example="37"),
        "district_code": ColumnDoc(
            "Mã huyện (3 chữ số)", "District code (3 digits)", example="369"
        ),
        "district_name_vi": ColumnDoc("Tên huyện", "District name", example="Thành phố Ninh Bình"),
        "lat": _LAT,
        "lon": _LON,
        "area_km2": ColumnDoc("Diện tích tự nhiên", "Land area", "km²", "km²", "1.23"),
        "population_persons": ColumnDoc("Dân số", "Population", "người", "persons", "9830"),
    },
)

DISTRICTS_TABLE = InputTable(
    "districts",
    DISTRICTS,
    "Huyện: dân số theo nhóm tuổi (Tổng điều tra)",
    "Districts: census population by age band",
    {
        "district_code": ColumnDoc(
            "Mã huyện (3 chữ số)", "District code (3 digits)", example="369"
        ),
        "name_vi": ColumnDoc("Tên huyện", "District name", example="Thành phố Ninh Bình"),
        "population_persons": ColumnDoc("Dân số", "Population", "người", "persons", "128480"),
        "age_0_14_persons": ColumnDoc(
            "Trẻ em 0–14 tuổi", "Children aged 0–14", "người", "persons", "34666"
        ),
        "age_60plus_persons": ColumnDoc(
            "Người từ 60 tuổi", "People aged 60 and over", "người", "persons", "19776"
        ),
        "age_80plus_persons": ColumnDoc(
            "Người từ 80 tuổi", "People aged 80 and over", "người", "persons", "2862"
        ),
    },
)

FACILITIES_TABLE = InputTable(
    "facilities",
    FACILITIES,
    "Cơ sở trợ giúp xã hội hiện có",
    "Existing social-assistance facilities",
    {
        "facility_id": ColumnDoc(
            "Mã cơ sở (không trùng)", "Facility id (unique)", example="NB-E01"
        ),
        "name_vi": ColumnDoc("Tên cơ sở", "Name", example="Trung tâm Bảo trợ xã hội tỉnh"),
        "facility_type": ColumnDoc(
            "Loại cơ sở theo Nghị định 103/2017/NĐ-CP",
            "Facility type (Decree 103/2017)",
            example="general",
        ),
        "ownership": ColumnDoc(
            "Công lập (public) hay ngoài công lập (non_public)",
            "Public or non-public",
            example="public",
        ),
        "capacity_places": ColumnDoc(
            "Số chỗ nuôi dưỡng", "Residential places", "chỗ", "places", "130"
        ),
        "occupancy_persons": ColumnDoc(
            "Số đối tượng đang nuôi dưỡng (để trống nếu không rõ)",
            "Residents (blank if unknown)",
            "người",
            "persons",
            "120",
        ),
        "admin_code": _CODE5,
        "lat": _LAT,
        "lon": _LON,
        "location_precision": ColumnDoc(
            "Độ chính xác vị trí: địa chỉ, xã, hoặc trung tâm huyện",
            "Location precision: address, commune or district seat",
            example="address",
        ),
        "address_vi": ColumnDoc("Địa chỉ", "Street address", example="Phường Bích Đào"),
        "source": _SOURCE,
    },
)

CANDIDATE_SITES_TABLE = InputTable(
    "candidate_sites",
    CANDIDATE_SITES,
    "Địa điểm dự kiến / quỹ đất cho cơ sở mới",
    "Candidate sites / land parcels for new facilities",
    {
        "site_id": ColumnDoc("Mã lô đất (không trùng)", "Parcel id (unique)", example="P-KS-1"),
        "admin_code": _CODE5,
        "name_vi": ColumnDoc(
            "Tên lô đất (để trống: lấy tên xã)",
            "Parcel name (blank: the commune's name)",
            example="Lô đất Kim Mỹ",
        ),
        "lat": _LAT,
        "lon": _LON,
        "max_places": ColumnDoc(
            "Số chỗ tối đa do người lập kế hoạch đặt",
            "Cap on places set by the planner",
            "chỗ",
            "places",
            "50",
        ),
        "area_m2": ColumnDoc(
            "Diện tích đất (giới hạn số chỗ theo định mức m²/chỗ)",
            "Land area (caps places by the land norm in m² per place)",
            "m²",
            "m²",
            "1500",
        ),
        "open_cost_vnd": ColumnDoc(
            "Chi phí sử dụng lô đất", "Cost of using the site", "đồng", "VND", "2000000000"
        ),
        "year_available": ColumnDoc(
            "Năm sớm nhất có thể sử dụng", "First year it can be used", "năm", "year", "2026"
        ),
        "owner_code": ColumnDoc(
            "Mã huyện (3 số) hoặc xã (5 số) quản lý quỹ đất",
            "District (3 digits) or commune (5 digits) holding the land",
            example="374",
        ),
    },
)

PRIORITY_COMMUNES_TABLE = InputTable(
    "priority_communes",
    PRIORITY_COMMUNES,
    "Xã ưu tiên (khu vực III/II/I, xã đặc biệt khó khăn bãi ngang ven biển)",
    "Priority communes (region III/II/I, extremely difficult coastal communes)",
    {
        "admin_code": _CODE5,
        "name_vi": ColumnDoc("Tên xã (để đối chiếu, không đọc)", "Name (for reference, not read)"),
        "priority_class": ColumnDoc(
            "Loại ưu tiên (để trống nếu không thuộc diện ưu tiên)",
            "Priority class (blank if none)",
            example="region_iii",
        ),
        "source": ColumnDoc(
            "Quyết định xếp loại", "Classifying decision", example="QĐ 861/QĐ-TTg 2021"
        ),
    },
)

REGISTERS_TABLE = InputTable(
    "registers",
    REGISTERS,
    "Số đối tượng theo danh sách quản lý (chỉ số lượng, không thông tin cá nhân)",
    "Register counts (counts only, never personal data)",
    {
        "admin_code": _CODE5,
        "name_vi": ColumnDoc("Tên xã (để đối chiếu, không đọc)", "Name (for reference, not read)"),
        "target_group": ColumnDoc(
            "Nhóm đối tượng (nhóm của mô hình nhu cầu)",
            "Target group (a demand group)",
            example="elderly",
        ),
        "year": ColumnDoc("Năm của danh sách", "Year of the register", "năm", "year", "2024"),
        "persons": ColumnDoc("Số người", "Persons", "người", "persons", "35"),
        "source": _SOURCE,
    },
)

INPUT_TABLES = (
    COMMUNES_TABLE,
    DISTRICTS_TABLE,
    FACILITIES_TABLE,
    CANDIDATE_SITES_TABLE,
    PRIORITY_COMMUNES_TABLE,
    REGISTERS_TABLE,
)
"""Every table of a project folder, in the order a planner fills them in."""


def check_column_docs(tables: tuple[InputTable, ...] = INPUT_TABLES) -> None:
    """Raise ValueError if a table documents a column its contract lacks, or misses one it has."""
    for table in tables:
        contract_names = [column.name for column in table.contract.columns]
        if sorted(contract_names) != sorted(table.columns):
            msg = (
                f"{table.file_stem}: documented columns {sorted(table.columns)} differ from the "
                f"contract's {sorted(contract_names)}"
            )
            raise ValueError(msg)
