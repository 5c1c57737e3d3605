"""Vietnamese and English labels and number formatting shared by maps, figures and reports."""

from __future__ import annotations

from typing import Literal

import numpy as np

Language = Literal["vi", "en"]

# Travel-minutes classes (lower edges, minutes) and colours shared by the interactive and print maps.
MINUTE_BINS = (0.0, 10.0, 20.0, 30.0, 45.0, 60.0)
MINUTE_COLOURS = ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027")
NO_DATA_COLOUR = "#bdbdbd"
EXISTING_COLOUR = "#08519c"
NEW_COLOUR = "#a50f15"


def minutes_colour(minutes: float | None) -> str:
    """Colour of the travel-minutes class (`MINUTE_BINS`, minutes) that `minutes` falls in; grey if NaN."""
    if minutes is None or not np.isfinite(minutes):
        return NO_DATA_COLOUR
    index = int(np.searchsorted(MINUTE_BINS, minutes, side="right")) - 1
    return MINUTE_COLOURS[max(0, min(index, len(MINUTE_COLOURS) - 1))]


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
        "demand_layer": {"vi": "Nhu cầu theo xã (người)", "en": "Demand per commune (persons)"},
        "coverage_layer": {
            "vi": "Xã trong vòng {minutes} phút đến cơ sở gần nhất",
            "en": "Communes within {minutes} minutes of the nearest centre",
        },
        "occupancy": {"vi": "Số người đang ở", "en": "Occupancy"},
        "catchment_minutes": {
            "vi": "Bán kính phục vụ (phút, xa nhất)",
            "en": "Catchment (max minutes)",
        },
        "before": {"vi": "Trước", "en": "Before"},
        "after": {"vi": "Sau", "en": "After"},
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
        # ── print figures (figures.py) ──
        "not_served": {"vi": "Chưa được phục vụ", "en": "Not served"},
        "symbols": {"vi": "Ký hiệu", "en": "Symbols"},
        "centres_key": {"vi": "Danh sách cơ sở", "en": "Centres"},
        "north_letter": {"vi": "B", "en": "N"},
        "places_unit": {"vi": "chỗ", "en": "places"},
        "centres_unit": {"vi": "cơ sở", "en": "centres"},
        "map_subtitle": {
            "vi": "{centres} cơ sở · {places} chỗ (mục tiêu {target}) · được phục vụ {served}/{demand} người"
            " · thời gian đi trung bình {minutes} phút",
            "en": "{centres} centres · {places} places (target {target}) · served {served} of {demand} persons"
            " · mean travel {minutes} min",
        },
        "solver_line": {
            "vi": "Lời giải: {status}, khoảng cách tối ưu (gap) {gap}",
            "en": "Solver: {status}, optimality gap {gap}",
        },
        "not_proven_optimal": {
            "vi": "chưa chứng minh là tối ưu",
            "en": "not proven optimal",
        },
        "district_boundary": {"vi": "Ranh giới huyện", "en": "District boundary"},
        "budget_axis": {
            "vi": "Ngân sách đầu tư cơ sở mới (tỷ đồng)",
            "en": "Investment budget for new centres (billion VND)",
        },
        "served_axis": {
            "vi": "Số người được chăm sóc tập trung",
            "en": "Persons served in residential care",
        },
        "unserved_axis": {"vi": "Số người chưa được phục vụ", "en": "Persons not served"},
        "pareto_title": {
            "vi": "Ngân sách đầu tư và số người được phục vụ",
            "en": "Investment budget and persons served",
        },
        "infeasible": {"vi": "không khả thi", "en": "infeasible"},
        "targets_title": {
            "vi": "Mục tiêu kế hoạch và kết quả của phương án",
            "en": "Plan targets and what this plan delivers",
        },
        "target_marker": {"vi": "Mục tiêu kế hoạch", "en": "Plan target"},
        "plan_marker": {"vi": "Phương án này", "en": "This plan"},
        "row_places": {
            "vi": "Số chỗ chăm sóc tập trung",
            "en": "Residential places",
        },
        "row_case_management_share": {
            "vi": "Tư vấn, quản lý trường hợp {share} người cần trợ giúp\nso với số người ở cơ sở",
            "en": "Counselling / case management for {share} of people in need\nvs residents in centres",
        },
        "row_service_share": {
            "vi": "Trợ giúp {share} người cần trợ giúp\nso với số người ở cơ sở",
            "en": "Assistance for {share} of people in need\nvs residents in centres",
        },
        "row_comprehensive_share": {
            "vi": "Chăm sóc toàn diện {share} người cần trợ giúp\nso với số người ở cơ sở",
            "en": "Comprehensive care for {share} of people in need\nvs residents in centres",
        },
        "row_staff": {
            "vi": "Nhân viên được đào tạo (mục tiêu)\nso với nhân viên cần tại cơ sở",
            "en": "Staff trained (target)\nvs staff needed in the centres",
        },
        "targets_note": {
            "vi": "Chăm sóc tập trung chỉ đáp ứng một phần các mục tiêu tư vấn, trợ giúp; phần còn lại cần"
            " dịch vụ tại cộng đồng. Trục ngang theo thang logarit.",
            "en": "Residential care meets only part of the counselling and assistance targets; the rest needs"
            " community services. Horizontal axis on a log scale.",
        },
        # ── report (report.py) ──
        "report_title": {"vi": "Báo cáo phương án", "en": "Scenario report"},
        "comparison_title": {"vi": "So sánh các phương án", "en": "Scenario comparison"},
        "h_question": {"vi": "Câu hỏi", "en": "The question"},
        "h_key_figures": {"vi": "Số liệu chính", "en": "Key figures"},
        "h_solver": {"vi": "Trạng thái lời giải", "en": "Solver status"},
        "h_map": {"vi": "Bản đồ", "en": "Map"},
        "h_targets": {"vi": "Mục tiêu và kế hoạch theo năm", "en": "Targets vs plan by year"},
        "h_centres": {"vi": "Các cơ sở", "en": "Centres"},
        "h_access": {"vi": "Khả năng tiếp cận theo huyện", "en": "Access by district"},
        "h_land": {"vi": "Quỹ đất", "en": "Land fund"},
        "h_staffing": {"vi": "Nhân lực và đào tạo", "en": "Staffing and training"},
        "h_costs": {
            "vi": "Vốn đầu tư và chi phí thường xuyên",
            "en": "Investment and recurring cost",
        },
        "h_assumptions": {"vi": "Giả định", "en": "Assumptions"},
        "h_plain": {"vi": "Tóm tắt", "en": "Plain-language summary"},
        "h_pareto": {"vi": "Ngân sách và số người được phục vụ", "en": "Budget vs people served"},
        "h_new_sites": {"vi": "Cơ sở mới", "en": "New sites"},
        "h_maps": {"vi": "Bản đồ", "en": "Maps"},
        "sheet_targets": {"vi": "Mục tiêu và kế hoạch", "en": "Targets vs plan"},
        "sheet_land": {"vi": "Quỹ đất", "en": "Land fund"},
        "sheet_staffing": {"vi": "Nhân lực và đào tạo", "en": "Staffing and training"},
        "sheet_costs": {"vi": "Chi phí", "en": "Costs"},
        "sheet_access_district": {"vi": "Tiếp cận theo huyện", "en": "Access by district"},
        "sheet_access_commune": {"vi": "Tiếp cận theo xã", "en": "Access by commune"},
        "sheet_assumptions": {"vi": "Giả định", "en": "Assumptions"},
        "sheet_key_figures": {"vi": "Số liệu chính", "en": "Key figures"},
        "sheet_new_sites": {"vi": "Cơ sở mới", "en": "New sites"},
        "sheet_pareto": {"vi": "Ngân sách", "en": "Budget sweep"},
        "col_year": {"vi": "Năm", "en": "Year"},
        "col_code": {"vi": "Ký hiệu", "en": "Code"},
        "col_name": {"vi": "Tên cơ sở", "en": "Name"},
        "col_status": {"vi": "Hiện trạng", "en": "Status"},
        "col_site_id": {"vi": "Mã địa điểm (thửa)", "en": "Site (parcel) id"},
        "col_admin_code": {"vi": "Mã xã", "en": "Commune code"},
        "col_people_in_need": {"vi": "Người cần trợ giúp", "en": "People in need"},
        "col_residential_need": {"vi": "Nhu cầu chăm sóc tập trung", "en": "Residential-care need"},
        "col_places_plan": {"vi": "Số chỗ trong phương án", "en": "Places in plan"},
        "col_places_target": {"vi": "Số chỗ mục tiêu", "en": "Places target"},
        "col_residents_served": {"vi": "Người được chăm sóc tập trung", "en": "Residents served"},
        "col_served_method": {"vi": "Cách tính", "en": "How computed"},
        "col_served_share_need": {
            "vi": "Tỷ lệ so với người cần trợ giúp",
            "en": "Share of people in need",
        },
        "col_case_management_target": {
            "vi": "Mục tiêu tư vấn, quản lý trường hợp",
            "en": "Case-management target",
        },
        "col_case_management_persons": {
            "vi": "Số người cần tư vấn, quản lý trường hợp",
            "en": "Case-management target (persons)",
        },
        "col_service_target": {"vi": "Mục tiêu trợ giúp", "en": "Assistance target"},
        "col_service_persons": {
            "vi": "Số người cần trợ giúp (mục tiêu)",
            "en": "Assistance target (persons)",
        },
        "col_comprehensive_target": {
            "vi": "Mục tiêu chăm sóc toàn diện",
            "en": "Comprehensive-care target",
        },
        "col_comprehensive_persons": {
            "vi": "Số người chăm sóc toàn diện (mục tiêu)",
            "en": "Comprehensive-care target (persons)",
        },
        "col_staff_needed": {"vi": "Nhân viên cần tại cơ sở", "en": "Staff needed in centres"},
        "col_staff_trained_target": {
            "vi": "Mục tiêu đào tạo nhân viên",
            "en": "Staff trained target",
        },
        "col_population": {"vi": "Dân số", "en": "Population"},
        "col_need": {"vi": "Nhu cầu (người)", "en": "Need (persons)"},
        "col_served": {"vi": "Được phục vụ (người)", "en": "Served (persons)"},
        "col_unserved": {"vi": "Chưa được phục vụ (người)", "en": "Unserved (persons)"},
        "col_served_share": {"vi": "Tỷ lệ được phục vụ", "en": "Served share"},
        "col_mean_minutes": {"vi": "Thời gian đi trung bình (phút)", "en": "Mean travel (min)"},
        "col_max_minutes": {"vi": "Thời gian đi tối đa (phút)", "en": "Max travel (min)"},
        "col_nearest_minutes": {
            "vi": "Đến cơ sở gần nhất (phút)",
            "en": "Nearest open centre (min)",
        },
        "col_main_centre": {"vi": "Cơ sở chính", "en": "Main centre"},
        "col_places": {"vi": "Số chỗ", "en": "Places"},
        "col_land_norm": {"vi": "Định mức đất (m²/chỗ)", "en": "Land norm (m² per place)"},
        "col_land_m2": {"vi": "Diện tích đất (m²)", "en": "Land (m²)"},
        "col_investment": {"vi": "Vốn đầu tư (đồng)", "en": "Investment (VND)"},
        "col_recurring": {
            "vi": "Chi phí thường xuyên (đồng/năm)",
            "en": "Recurring cost (VND per year)",
        },
        "col_residents": {"vi": "Người ở cơ sở", "en": "Residents"},
        "col_managers": {"vi": "Quản lý", "en": "Managers"},
        "col_social_workers": {"vi": "Công tác xã hội", "en": "Social workers"},
        "col_psychologists": {"vi": "Tâm lý", "en": "Psychologists"},
        "col_health_workers": {"vi": "Y tế", "en": "Health workers"},
        "col_nutrition_workers": {"vi": "Dinh dưỡng", "en": "Nutrition workers"},
        "col_carers": {"vi": "Chăm sóc", "en": "Carers"},
        "col_direct_staff": {"vi": "Trực tiếp", "en": "Direct staff"},
        "col_indirect_staff": {"vi": "Gián tiếp", "en": "Indirect staff"},
        "col_total_staff": {"vi": "Tổng nhân viên", "en": "Total staff"},
        "col_topic": {"vi": "Nhóm", "en": "Topic"},
        "col_item": {"vi": "Nội dung", "en": "Item"},
        "col_value": {"vi": "Giá trị", "en": "Value"},
        "col_assumption_status": {"vi": "Tình trạng", "en": "Status"},
        "col_source": {"vi": "Nguồn", "en": "Source"},
        "col_scenario": {"vi": "Phương án", "en": "Scenario"},
        "col_budget": {"vi": "Ngân sách (đồng)", "en": "Budget (VND)"},
        "col_new_sites": {"vi": "Cơ sở mới", "en": "New sites"},
        "col_solver_status": {"vi": "Trạng thái lời giải", "en": "Solver status"},
        "total": {"vi": "Tổng cộng", "en": "Total"},
        "status_existing": {"vi": "Hiện có", "en": "Existing"},
        "status_new": {"vi": "Mới đề xuất", "en": "Proposed"},
        "placeholder_flag": {
            "vi": "⚠ Số liệu tạm (chưa có nguồn) — cần kiểm tra trước khi sử dụng",
            "en": "⚠ Placeholder (no source) — check before use",
        },
        "placeholder_groups_note": {
            "vi": "Các nhóm đối tượng dùng số liệu tạm: {groups}.",
            "en": "Target groups with placeholder figures: {groups}.",
        },
        "kf_centres": {"vi": "Số cơ sở", "en": "Centres"},
        "kf_places": {"vi": "Số chỗ (mục tiêu)", "en": "Places (target)"},
        "kf_new_places": {"vi": "Số chỗ mới", "en": "New places"},
        "kf_investment": {"vi": "Vốn đầu tư cơ sở mới", "en": "Investment in new centres"},
        "kf_budget": {"vi": "Ngân sách tối đa", "en": "Budget ceiling"},
        "kf_demand": {"vi": "Nhu cầu chăm sóc tập trung", "en": "Residential-care need"},
        "kf_served": {"vi": "Được phục vụ", "en": "Served"},
        "kf_unserved": {"vi": "Chưa được phục vụ", "en": "Unserved"},
        "kf_mean_minutes": {"vi": "Thời gian đi trung bình", "en": "Mean travel time"},
        "kf_max_minutes": {"vi": "Thời gian đi tối đa", "en": "Longest travel time"},
        "kf_within_30": {"vi": "Nhu cầu trong vòng 30 phút", "en": "Need within 30 minutes"},
        "kf_within_60": {"vi": "Nhu cầu trong vòng 60 phút", "en": "Need within 60 minutes"},
        "kf_staff": {"vi": "Nhân viên cần", "en": "Staff needed"},
        "kf_recurring": {"vi": "Chi phí thường xuyên mỗi năm", "en": "Recurring cost per year"},
        "kf_status": {"vi": "Trạng thái lời giải", "en": "Solver status"},
        "kf_gap": {"vi": "Khoảng cách tối ưu (gap)", "en": "Optimality gap"},
        "kf_solver": {"vi": "Bộ giải", "en": "Solver"},
        "kf_solve_seconds": {"vi": "Thời gian giải", "en": "Solve time"},
        "kf_objective": {"vi": "Hàm mục tiêu (người × phút)", "en": "Objective (person-minutes)"},
        "seconds": {"vi": "giây", "en": "s"},
        "status_optimal_text": {
            "vi": "Lời giải tối ưu đã được chứng minh (trong khoảng cách tối ưu cho phép).",
            "en": "Proven optimal (within the allowed optimality gap).",
        },
        "status_feasible_text": {
            "vi": "Bộ giải dừng ở giới hạn thời gian với một lời giải khả thi;"
            " lời giải CHƯA được chứng minh là tối ưu.",
            "en": "The solver stopped at its time limit with a feasible solution; it is NOT proven optimal.",
        },
        "staff_training_text": {
            "vi": "Mục tiêu đào tạo đến năm {year}: {trained} nhân viên;"
            " các cơ sở trong phương án cần {needed} nhân viên.",
            "en": "Training target by {year}: {trained} staff trained; the centres in this plan need {needed} staff.",
        },
        "costs_text": {
            "vi": "Vốn đầu tư cơ sở mới: {investment} (ngân sách tối đa {budget}); chi phí thường xuyên: {recurring}"
            " mỗi năm.",
            "en": "Investment in new centres: {investment} (budget ceiling {budget}); recurring cost: {recurring}"
            " per year.",
        },
        "topic_demand": {"vi": "Nhu cầu", "en": "Demand"},
        "topic_travel": {"vi": "Thời gian đi lại", "en": "Travel"},
        "topic_model": {"vi": "Mô hình", "en": "Model"},
        "topic_resources": {"vi": "Định mức", "en": "Norms"},
        "topic_boundaries": {"vi": "Ranh giới", "en": "Boundaries"},
        "assumption_derived": {"vi": "suy ra từ nguồn", "en": "derived"},
        "assumption_seen": {"vi": "có nguồn", "en": "sourced"},
        "assumption_setting": {"vi": "thiết lập phương án", "en": "scenario setting"},
        "group_shares": {
            "vi": "tỷ lệ mắc {prevalence}; đủ điều kiện {eligible}; ở cơ sở {residential} → {persons} người",
            "en": "prevalence {prevalence}; eligible {eligible}; residential {residential} → {persons} persons",
        },
        "calibration_item": {"vi": "Hiệu chỉnh tổng nhu cầu", "en": "Demand calibration"},
        "travel_method_item": {"vi": "Phương pháp", "en": "Method"},
        "detour_item": {"vi": "Hệ số đường vòng", "en": "Detour factor"},
        "speed_item": {"vi": "Tốc độ trung bình (km/h)", "en": "Average speed (km/h)"},
        "tier_item": {"vi": "Quy mô {tier}", "en": "Size tier {tier}"},
        "tier_value": {"vi": "{places} chỗ, {investment}", "en": "{places} places, {investment}"},
        "penalty_item": {
            "vi": "Phạt nhu cầu chưa phục vụ (phút/người)",
            "en": "Unserved penalty (minutes per person)",
        },
        "new_facilities_item": {"vi": "Số cơ sở mới", "en": "New centres"},
        "ownership_item": {"vi": "Loại hình sở hữu cơ sở mới", "en": "Ownership of new centres"},
        "boundaries_value": {
            "vi": "Gần đúng (đa giác Voronoi quanh trung tâm xã)",
            "en": "Approximate (Voronoi cells around commune centres)",
        },
        "generated_note": {
            "vi": "Tạo bởi facility_plan {version} từ phương án {scenario}.",
            "en": "Generated by facility_plan {version} from scenario {scenario}.",
        },
        "map_print_note": {
            "vi": "Bản đồ in: map_A4.pdf (A4 ngang), map_A3.pdf (A3 ngang).",
            "en": "Print maps: map_A4.pdf (A4 landscape), map_A3.pdf (A3 landscape).",
        },
        "capacity_bound": {"vi": "giới hạn theo số chỗ", "en": "capacity bound"},
        "model_method": {"vi": "kết quả mô hình", "en": "model result"},
        "province": {"vi": "Tỉnh", "en": "Province"},
        "description": {"vi": "Mô tả", "en": "Description"},
        "solve_status_optimal": {"vi": "tối ưu", "en": "optimal"},
        "solve_status_feasible": {"vi": "khả thi", "en": "feasible"},
        "solve_status_infeasible": {"vi": "không khả thi", "en": "infeasible"},
        "solve_status_not_solved": {"vi": "chưa giải được", "en": "not solved"},
        "solve_status_unbounded": {"vi": "không bị chặn", "en": "unbounded"},
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
