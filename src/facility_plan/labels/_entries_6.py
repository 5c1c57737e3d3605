"""Label catalogue entries, part 6: seed-province scenarios and the data commands (split only to keep modules small)."""

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
        "data_title": {"vi": "Dữ liệu kèm theo ({folder})", "en": "Bundled data ({folder})"},
        "data_col_folder": {"vi": "thư mục", "en": "folder"},
        "data_col_province": {"vi": "tỉnh", "en": "province"},
        "data_col_era": {"vi": "giai đoạn", "en": "era"},
        "data_col_communes": {"vi": "xã/phường", "en": "communes"},
        "data_col_districts": {"vi": "huyện", "en": "districts"},
        "data_col_facilities": {"vi": "cơ sở", "en": "facilities"},
        "data_col_population": {"vi": "dân số (người)", "en": "population (persons)"},
        "data_show_title": {
            "vi": "{province} ({code}), giai đoạn {era}",
            "en": "{province} ({code}), era {era}",
        },
        "data_legacy_districts": {"vi": "huyện cũ (2019)", "en": "legacy districts (2019)"},
        "data_districts_2019": {"vi": "huyện (2019)", "en": "districts (2019)"},
        "data_population": {"vi": "dân số Tổng điều tra 2019", "en": "population 2019 census"},
        "data_persons": {"vi": "{value} người", "en": "{value} persons"},
        "data_aged": {"vi": "từ 60 tuổi / từ 80 tuổi", "en": "aged 60+ / 80+"},
        "data_area": {"vi": "diện tích", "en": "area"},
        "data_places": {"vi": "{count} ({places} chỗ)", "en": "{count} ({places} places)"},
        "data_no_facilities": {"vi": "chưa có số liệu", "en": "none recorded"},
        "data_facility_row": {
            "vi": "{name} — {type}, {ownership}, {places} chỗ; {commune}, vị trí: {precision}",
            "en": "{name} — {type}, {ownership}, {places} places; {commune}, placed at {precision}",
        },
        "unit_xa": {"vi": "xã", "en": "communes"},
        "unit_phuong": {"vi": "phường", "en": "wards"},
        "unit_thi_tran": {"vi": "thị trấn", "en": "townships"},
        "unit_dac_khu": {"vi": "đặc khu", "en": "special zones"},
        "data_crosswalk": {"vi": "chuyển đổi 2019 → 2025", "en": "crosswalk 2019 → 2025"},
        "data_crosswalk_counts": {
            "vi": "{old} xã cũ → {new} xã mới; {divided} xã bị chia (phân bổ theo diện tích)",
            "en": "{old} old communes → {new} new; {divided} divided (apportioned by area)",
        },
        "data_crosswalk_done": {
            "vi": "{old} xã cũ → {new} xã mới ({divided} xã nhận một phần của xã bị chia, phân bổ "
            "theo diện tích); tổng {totals}; đã ghi {out}",
            "en": "{old} old communes → {new} new communes ({divided} receive part of a divided "
            "commune, apportioned by area); totals {totals}; wrote {out}",
        },
        "item_demand_calibration": {"vi": "Hiệu chỉnh nhu cầu", "en": "Demand calibration"},
        "item_demand_groups": {
            "vi": "Nhu cầu chăm sóc tập trung theo nhóm",
            "en": "Residential need by group",
        },
        "item_assumptions_flagged": {
            "vi": "Nhóm dựa trên giả định cần kiểm tra",
            "en": "Groups resting on flagged assumptions",
        },
        "item_travel_model": {"vi": "Cách tính thời gian đi", "en": "Travel times"},
        "item_new_sites": {"vi": "Cơ sở mới", "en": "New centres"},
        "item_targets": {"vi": "Chỉ tiêu theo năm", "en": "Targets by year"},
        "item_plain_summary": {"vi": "Tóm tắt bằng lời", "en": "Summary in words"},
        "item_facilities_imprecise": {
            "vi": "Cơ sở chưa có vị trí chính xác",
            "en": "Centres without an exact position",
        },
        "item_warnings": {"vi": "Cảnh báo", "en": "Warnings"},
        "item_programme": {
            "vi": "Chương trình trợ giúp xã hội",
            "en": "Social-assistance programme",
        },
        "item_demand_range": {"vi": "Khoảng ước tính nhu cầu", "en": "Range of the need estimate"},
        "item_capacity_by_type": {
            "vi": "Số chỗ theo loại cơ sở",
            "en": "Places by centre type",
        },
        "item_groups_served": {"vi": "Phục vụ theo nhóm", "en": "Service by group"},
        "sum_demand_group": {
            "vi": "{group}: {persons} người (khoảng {low}–{high})",
            "en": "{group}: {persons} persons (range {low}–{high})",
        },
        "sum_new_site": {
            "vi": "{name} ({where}): quy mô {tier}, {places} chỗ, tiếp nhận {assigned} người",
            "en": "{name} ({where}): tier {tier}, {places} places, {assigned} persons assigned",
        },
        "sum_target_year": {
            "vi": "{year}: {places} chỗ (mục tiêu {target}); {served} người được chăm sóc tại cơ "
            "sở = {share} nhu cầu chăm sóc tập trung",
            "en": "{year}: {places} places (target {target}); {served} residents = {share} of "
            "the residential need",
        },
        "sum_capacity_type": {
            "vi": "{type}: {centres} cơ sở, {places} chỗ, dùng {used}, còn trống {idle}",
            "en": "{type}: {centres} centres, {places} places, {used} used, {idle} idle",
        },
        "sum_group_served": {
            "vi": "{group}: cần {need} (khoảng {low}–{high}), được phục vụ {served}, chưa được "
            "phục vụ {unserved}",
            "en": "{group}: need {need} (range {low}–{high}), served {served}, not served "
            "{unserved}",
        },
        "model_kind_capacitated": {
            "vi": "Bố trí cơ sở có giới hạn số chỗ",
            "en": "Capacitated location",
        },
        "model_kind_phased": {
            "vi": "Bố trí cơ sở theo giai đoạn",
            "en": "Phased capacitated location",
        },
        "model_kind_p_median": {
            "vi": "Tổng thời gian đi nhỏ nhất (p-median)",
            "en": "Least total travel (p-median)",
        },
        "model_kind_max_coverage": {
            "vi": "Phủ tối đa nhu cầu trong ngưỡng thời gian",
            "en": "Maximal coverage within a travel time",
        },
        "model_kind_set_covering": {
            "vi": "Ít cơ sở nhất phủ mọi nhu cầu",
            "en": "Fewest centres covering all need (set covering)",
        },
        "model_kind_p_center": {
            "vi": "Thời gian đi xa nhất nhỏ nhất (p-center)",
            "en": "Shortest longest trip (p-center)",
        },
    }
