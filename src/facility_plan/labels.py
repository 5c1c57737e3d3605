"""Vietnamese and English labels and number formatting shared by maps, figures and reports."""

from __future__ import annotations

from typing import Literal

Language = Literal["vi", "en"]


def label_table() -> dict[str, dict[str, str]]:
    """All labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {
        "existing_centre": {"vi": "Cơ sở hiện có", "en": "Existing centre"},
        "new_centre": {"vi": "Cơ sở mới đề xuất", "en": "Proposed new centre"},
        "travel_minutes": {
            "vi": "Thời gian đi đến cơ sở (phút)",
            "en": "Travel time to centre (minutes)",
        },
        "communes_layer": {
            "vi": "Xã/phường: thời gian đi đến cơ sở được phân bổ",
            "en": "Communes: travel time to the assigned centre",
        },
        "districts_layer": {
            "vi": "Ranh giới huyện (gần đúng)",
            "en": "District boundaries (approximate)",
        },
        "assignment_layer": {"vi": "Phân bổ xã → cơ sở", "en": "Commune → centre assignment"},
        "unserved_layer": {"vi": "Nhu cầu chưa được đáp ứng", "en": "Unserved demand"},
        "basemap_layer": {
            "vi": "Bản đồ nền OpenStreetMap (cần Internet)",
            "en": "OpenStreetMap base map (needs Internet)",
        },
        "capacity": {"vi": "Số chỗ", "en": "Places"},
        "assigned": {"vi": "Số người được phân bổ", "en": "People assigned"},
        "mean_minutes": {"vi": "Thời gian đi trung bình", "en": "Mean travel time"},
        "type": {"vi": "Loại hình", "en": "Type"},
        "ownership": {"vi": "Loại hình sở hữu", "en": "Ownership"},
        "size_tier": {"vi": "Quy mô", "en": "Size tier"},
        "district": {"vi": "Huyện", "en": "District"},
        "commune": {"vi": "Xã/phường", "en": "Commune"},
        "demand": {
            "vi": "Nhu cầu chăm sóc tập trung (người)",
            "en": "Residential-care need (persons)",
        },
        "served": {"vi": "Được phục vụ", "en": "Served"},
        "unserved": {"vi": "Chưa được phục vụ", "en": "Unserved"},
        "main_centre": {"vi": "Cơ sở chính", "en": "Main centre"},
        "minutes": {"vi": "phút", "en": "min"},
        "persons": {"vi": "người", "en": "persons"},
        "location_precision": {"vi": "Độ chính xác vị trí", "en": "Location precision"},
        "approximate_note": {
            "vi": "Ranh giới xã là gần đúng (đa giác Voronoi quanh trung tâm xã), không phải ranh giới chính thức.",
            "en": "Commune boundaries are approximate (Voronoi cells around commune centres), not official.",
        },
        "travel_note": {
            "vi": "Thời gian đi: khoảng cách đường chim bay × {detour} ở {speed} km/h (giả định).",
            "en": "Travel time: straight-line distance × {detour} at {speed} km/h (assumption).",
        },
        "source_note": {
            "vi": "Nguồn: Tổng điều tra dân số 2019 (TCTK); vietnamadminunits; KH 22/KH-UBND Ninh Bình 2018.",
            "en": "Sources: 2019 Census (GSO); vietnamadminunits; Ninh Bình plan 22/KH-UBND 2018.",
        },
        "no_data": {"vi": "không có", "en": "none"},
        "public": {"vi": "Công lập", "en": "Public"},
        "non_public": {"vi": "Ngoài công lập", "en": "Non-public"},
        "elderly": {"vi": "Chăm sóc người cao tuổi", "en": "Elderly care"},
        "children": {
            "vi": "Trẻ em có hoàn cảnh đặc biệt",
            "en": "Children in special circumstances",
        },
        "disability": {"vi": "Người khuyết tật", "en": "People with disabilities"},
        "mental_health": {
            "vi": "Chăm sóc, phục hồi chức năng người tâm thần",
            "en": "Mental-health care",
        },
        "general": {"vi": "Tổng hợp", "en": "General"},
        "social_work": {"vi": "Trung tâm công tác xã hội", "en": "Social work centre"},
        "other": {"vi": "Khác", "en": "Other"},
        "address": {"vi": "theo địa chỉ", "en": "at the address"},
        "district_seat": {
            "vi": "tại trung tâm huyện (địa chỉ chưa xác minh)",
            "en": "at the district seat (address not verified)",
        },
    }


def label(key: str, language: Language = "vi") -> str:
    """The label for `key` in `language` (Vietnamese by default)."""
    return label_table()[key][language]


def format_number(value: float, *, decimals: int = 0, language: Language = "vi") -> str:
    """Format a number with thousands separators: ``1.234,5`` in Vietnamese, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if language == "vi":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text
