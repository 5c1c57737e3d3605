"""Label catalogue entries, part 6: seed-province scenarios (split only to keep modules small)."""

from __future__ import annotations


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {
        "seed_col_scenario": {"vi": "Kịch bản", "en": "Scenario"},
        "seed_col_centres_total": {"vi": "Tổng số cơ sở", "en": "Centres in total"},
        "seed_col_target_places": {"vi": "Mục tiêu số chỗ", "en": "Place target"},
        "seed_col_new_sites": {
            "vi": "Cơ sở mới (xã/phường, huyện cũ, quy mô, số chỗ)",
            "en": "New centres (commune, former district, size, places)",
        },
        "seed_col_island": {"vi": "Đảo / đất liền", "en": "Island / mainland"},
        "seed_class_priority": {
            "vi": "Xã ưu tiên (khu vực III, ước tính thay thế)",
            "en": "Priority communes (region III, proxy)",
        },
        "seed_class_other": {"vi": "Các xã, phường khác", "en": "Other communes and wards"},
        "seed_run_no_priority": {"vi": "Không ưu tiên", "en": "No priority"},
        "seed_run_priority": {
            "vi": "Ưu tiên xã khu vực III (×2)",
            "en": "Region III weighted (×2)",
        },
        "seed_mainland": {"vi": "Đất liền", "en": "Mainland"},
        "seed_fig_priority_title": {
            "vi": "Lạng Sơn: thời gian đi trung bình của người được phục vụ theo nhóm xã",
            "en": "Lạng Sơn: mean travel of the people served, by commune class",
        },
        "seed_fig_places_title": {
            "vi": "Số chỗ hiện có và số chỗ mới theo tỉnh",
            "en": "Existing and new places by province",
        },
        "seed_fig_existing": {"vi": "Chỗ hiện có", "en": "Existing places"},
        "seed_fig_new": {"vi": "Chỗ mới", "en": "New places"},
    }
