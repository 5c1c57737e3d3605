"""The catalogue of Vietnamese and English labels, one entry per key."""

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
        "programme_sheet_years": {"vi": "CT Theo năm", "en": "PG By year"},
        "programme_sheet_allowance": {"vi": "CT Trợ cấp", "en": "PG Allowances"},
        "programme_sheet_unit_kinds": {"vi": "CT Loại đơn vị", "en": "PG Unit kinds"},
        "programme_sheet_districts": {"vi": "CT Theo huyện", "en": "PG By district"},
        "programme_sheet_communes": {"vi": "CT Theo xã", "en": "PG By commune"},
        "programme_sheet_norms": {"vi": "CT Định mức", "en": "PG Norms"},
        "programme_sheet_flags": {"vi": "CT Lưu ý", "en": "PG Caveats"},
        "h_programme": {
            "vi": "Chương trình trợ giúp tại cộng đồng: quản lý trường hợp, cán bộ CTXH, đào tạo, trợ cấp",
            "en": "Community programme: case management, social-work staff, training, allowances",
        },
        "h_programme_allowance": {
            "vi": "Kinh phí trợ cấp hằng tháng theo từng mức chuẩn",
            "en": "Monthly allowance budget at each standard level",
        },
        "programme_layer": {
            "vi": "Cán bộ CTXH và quản lý trường hợp theo xã",
            "en": "Social-work staff and case management by commune",
        },
        "programme_status_no_staff": {"vi": "chưa có cán bộ CTXH", "en": "no social-work staff"},
        "programme_status_below_target": {
            "vi": "dưới mục tiêu quản lý trường hợp",
            "en": "below the case-management target",
        },
        "programme_status_meets_target": {"vi": "đạt mục tiêu", "en": "meets the target"},
        "programme_status_no_data": {
            "vi": "chưa có số liệu cán bộ",
            "en": "no staff data supplied",
        },
        "location_item": {"vi": "Vị trí cơ sở hiện có", "en": "Position of existing centres"},
        "data_warning_item": {"vi": "Cảnh báo dữ liệu", "en": "Data warning"},
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
        # ── demand basis and capacity by centre type (issue 11) ──
        "group_elderly": {"vi": "Người cao tuổi", "en": "Older people"},
        "group_disability": {
            "vi": "Người khuyết tật nặng",
            "en": "People with severe disabilities",
        },
        "group_mental_illness": {"vi": "Người tâm thần", "en": "People with mental illness"},
        "group_children": {
            "vi": "Trẻ em có hoàn cảnh đặc biệt",
            "en": "Children in special circumstances",
        },
        "group_emergency": {
            "vi": "Người cần bảo vệ khẩn cấp",
            "en": "People needing emergency protection",
        },
        "sheet_demand_basis": {"vi": "Ước tính nhu cầu", "en": "Demand estimate"},
        "sheet_capacity_by_type": {"vi": "Số chỗ theo loại cơ sở", "en": "Places by centre type"},
        "sheet_groups_served": {"vi": "Phục vụ theo nhóm", "en": "Service by group"},
        "h_demand_basis": {
            "vi": "Nhu cầu: ước tính, khoảng và đối chiếu độc lập",
            "en": "Demand: estimate, range and independent anchors",
        },
        "h_capacity_by_type": {
            "vi": "Số chỗ theo loại cơ sở và phục vụ theo nhóm đối tượng",
            "en": "Places by centre type and service by target group",
        },
        "col_estimate_item": {"vi": "Ước tính / đối chiếu", "en": "Estimate or anchor"},
        "col_low": {"vi": "Thấp (người)", "en": "Low (persons)"},
        "col_central": {"vi": "Trung tâm (người)", "en": "Central (persons)"},
        "col_high": {"vi": "Cao (người)", "en": "High (persons)"},
        "col_basis": {"vi": "Cách tính", "en": "Arithmetic"},
        "col_facility_type": {"vi": "Loại cơ sở", "en": "Centre type"},
        "col_centres": {"vi": "Số cơ sở", "en": "Centres"},
        "col_used": {"vi": "Người được phục vụ", "en": "Residents"},
        "col_idle": {"vi": "Chỗ trống", "en": "Idle places"},
        "col_idle_wrong_type": {
            "vi": "Chỗ trống không đúng loại",
            "en": "Idle places of the wrong type",
        },
        "col_groups_taken": {"vi": "Nhóm được tiếp nhận", "en": "Groups taken"},
        "col_group": {"vi": "Nhóm đối tượng", "en": "Target group"},
        "col_types_taking": {"vi": "Loại cơ sở tiếp nhận", "en": "Centre types that take it"},
        "row_prevalence_chain": {
            "vi": "Chuỗi tỷ lệ hiện mắc (ước tính nhu cầu)",
            "en": "Prevalence chain (need estimate)",
        },
        "row_modelled_demand": {"vi": "Nhu cầu đưa vào mô hình", "en": "Demand the model serves"},
        "anchor_national_rate": {
            "vi": "Đối chiếu: số người ở cơ sở trên 1.000 dân (toàn quốc)",
            "en": "Anchor: residents per 1,000 people (national)",
        },
        "anchor_register": {
            "vi": "Đối chiếu: người hưởng trợ cấp × tỷ lệ sống tại cơ sở",
            "en": "Anchor: allowance recipients × share living in a facility",
        },
        "basis_estimate": {
            "vi": "ước tính theo chuỗi tỷ lệ hiện mắc (không hiệu chỉnh)",
            "en": "estimate from the prevalence chain (not calibrated)",
        },
        "basis_calibrated": {
            "vi": "đặt bằng quy mô của kế hoạch — tỷ lệ được phục vụ không phải là bằng chứng",
            "en": "set equal to the plan's scale — served shares are then not evidence",
        },
        "capacity_matching_item": {
            "vi": "Ghép nhóm đối tượng với loại cơ sở",
            "en": "Groups matched to centre types",
        },
        "matching_by_type": {
            "vi": "Mỗi cơ sở chỉ nhận các nhóm mà loại cơ sở tiếp nhận",
            "en": "Each centre takes only the groups its type takes",
        },
        "matching_pooled": {
            "vi": (
                "Số chỗ được gộp cho mọi loại cơ sở (mọi cơ sở nhận mọi nhóm); số phục "
                "vụ theo nhóm là phân bổ, không phải kết quả mô hình"
            ),
            "en": (
                "Capacity pooled across centre types (every centre takes every group); "
                "service by group is apportioned, not a model result"
            ),
        },
        "kf_demand_range": {"vi": "Nhu cầu ước tính (khoảng)", "en": "Need estimate (range)"},
        "kf_idle_wrong_type": {
            "vi": "Chỗ trống không đúng loại",
            "en": "Idle places of the wrong type",
        },
        "idle_layer": {
            "vi": "Chỗ trống theo loại cơ sở",
            "en": "Idle places by centre type",
        },
        "demand_note_estimate": {
            "vi": "Nhu cầu: ước tính {central} người (khoảng {low}–{high}); đối chiếu độc lập {anchors}.",
            "en": "Demand: estimate {central} persons (range {low}–{high}); independent anchors {anchors}.",
        },
        "demand_note_calibrated": {
            "vi": (
                "Nhu cầu được đặt bằng quy mô kế hoạch ({modelled} người) — tỷ lệ được phục vụ không phải "
                "là bằng chứng; ước tính {central} ({low}–{high}); đối chiếu {anchors}."
            ),
            "en": (
                "Demand set equal to the plan's scale ({modelled} persons) — served shares are then "
                "not evidence; estimate {central} ({low}–{high}); anchors {anchors}."
            ),
        },
        "idle_note": {
            "vi": (
                "Chỗ trống không đúng loại: {idle} chỗ tại {types} trong khi "
                "{unserved} người nhóm khác chưa được phục vụ."
            ),
            "en": (
                "Places of the wrong type: {idle} idle at {types} while "
                "{unserved} people of other groups go unserved."
            ),
        },
        "pooled_note": {
            "vi": "Số chỗ được gộp cho mọi loại cơ sở: mọi cơ sở nhận mọi nhóm đối tượng.",
            "en": "Capacity pooled across centre types: every centre takes every group.",
        },
        # plan.xlsx (outputs): sheets, column titles, units, summary items
        "plan_sheet_summary": {"vi": "Tổng hợp", "en": "Summary"},
        "plan_sheet_districts": {"vi": "Theo huyện", "en": "Districts"},
        "plan_sheet_communes": {"vi": "Theo xã", "en": "Communes"},
        "plan_sheet_land_reservation": {"vi": "Quỹ đất", "en": "Land reservation"},
        "plan_sheet_resources": {"vi": "Nhân sự và kinh phí", "en": "Staff and costs"},
        "plan_sheet_targets": {"vi": "Mục tiêu và phương án", "en": "Targets vs plan"},
        "col_district_code": {"vi": "Mã huyện", "en": "District code"},
        "col_unit_type": {"vi": "Loại đơn vị hành chính", "en": "Unit type"},
        "col_eligible": {"vi": "Đối tượng cần trợ giúp", "en": "People eligible"},
        "col_community": {"vi": "Trợ giúp tại cộng đồng", "en": "Assisted in the community"},
        "col_community_need": {"vi": "Nhu cầu trợ giúp tại cộng đồng", "en": "Community need"},
        "col_main_site_id": {"vi": "Mã cơ sở chính", "en": "Main centre id"},
        "col_demand_group": {"vi": "Nhu cầu: {group}", "en": "Need: {group}"},
        "col_eligible_group": {"vi": "Đối tượng: {group}", "en": "Eligible: {group}"},
        "col_residents_group": {"vi": "Người ở cơ sở: {group}", "en": "Residents: {group}"},
        "col_utilisation": {"vi": "Tỷ lệ sử dụng", "en": "Utilisation"},
        "col_open_cost": {"vi": "Chi phí mở cơ sở", "en": "Opening cost"},
        "col_field": {"vi": "Trường dữ liệu", "en": "Field"},
        "unit_vnd": {"vi": "đồng", "en": "VND"},
        "unit_vnd_per_year": {"vi": "đồng/năm", "en": "VND/year"},
        "unit_share": {"vi": "%", "en": "%"},
        "unit_m2": {"vi": "m²", "en": "m²"},
        "item_scenario": {"vi": "Mã phương án", "en": "Scenario"},
        "item_title_vi": {"vi": "Tên phương án", "en": "Title (Vietnamese)"},
        "item_year": {"vi": "Năm kế hoạch", "en": "Plan year"},
        "item_model": {"vi": "Mô hình", "en": "Model"},
        "item_places_existing": {"vi": "Số chỗ hiện có", "en": "Existing places"},
        "item_places_total": {"vi": "Tổng số chỗ", "en": "Places in total"},
        "item_target_places": {"vi": "Số chỗ mục tiêu", "en": "Target places"},
        "item_served_share": {"vi": "Tỷ lệ được phục vụ", "en": "Share served"},
        "item_boundaries": {"vi": "Ranh giới xã", "en": "Commune boundaries"},
        # annex.docx (annex): the proposal annex in the administrative format
        "annex_heading": {"vi": "PHỤ LỤC", "en": "ANNEX"},
        "annex_attached": {
            "vi": "(Kèm theo Tờ trình số …/TTr-… ngày … tháng … năm … của …)",
            "en": "(Attached to Submission No. …/TTr-… dated … of …)",
        },
        "annex_h_question": {"vi": "CÂU HỎI ĐẶT RA", "en": "THE QUESTION"},
        "annex_h_recommendation": {"vi": "ĐỀ XUẤT", "en": "RECOMMENDATION"},
        "annex_h_maps": {"vi": "BẢN ĐỒ", "en": "MAPS"},
        "annex_h_tables": {"vi": "CÁC BẢNG SỐ LIỆU CHÍNH", "en": "KEY TABLES"},
        "annex_h_assumptions": {
            "vi": "GIẢ ĐỊNH VÀ NGUỒN SỐ LIỆU",
            "en": "ASSUMPTIONS AND THEIR SOURCES",
        },
        "annex_h_robustness": {
            "vi": "ĐỘ VỮNG CỦA ĐỀ XUẤT",
            "en": "ROBUSTNESS OF THE RECOMMENDATION",
        },
        "annex_table_caption": {"vi": "Bảng {number}. {title}", "en": "Table {number}. {title}"},
        "annex_figure_caption": {"vi": "Hình {number}. {title}", "en": "Figure {number}. {title}"},
        "annex_map_title": {
            "vi": "Mạng lưới cơ sở đề xuất và thời gian đi đến cơ sở",
            "en": "Proposed network and travel time to the centres",
        },
        "annex_targets_title": {
            "vi": "Mục tiêu và kết quả của phương án",
            "en": "Targets against the plan",
        },
        "annex_t_centres": {"vi": "Các cơ sở và quy mô", "en": "Centres and their sizes"},
        "annex_t_land": {
            "vi": "Quỹ đất cần dành cho cơ sở mới",
            "en": "Land to reserve for new centres",
        },
        "annex_t_staffing": {
            "vi": "Nhân sự theo cơ sở (người)",
            "en": "Staff per centre (persons)",
        },
        "annex_t_costs": {
            "vi": "Vốn đầu tư và chi phí thường xuyên",
            "en": "Investment and recurring cost",
        },
        "annex_t_targets": {"vi": "Mục tiêu so với phương án", "en": "Targets against the plan"},
        "annex_t_assumptions": {"vi": "Giả định và nguồn", "en": "Assumptions and sources"},
        "annex_new_centre_line": {
            "vi": "Xây dựng mới {code} tại {commune}, {district}: {places} chỗ (quy mô {tier}), "
            "đất {land} m², vốn đầu tư {investment}.",
            "en": "Build {code} in {commune}, {district}: {places} places (size {tier}), "
            "{land} m² of land, investment {investment}.",
        },
        "annex_no_new_centre": {
            "vi": "Không cần xây dựng cơ sở mới: các cơ sở hiện có đáp ứng nhu cầu.",
            "en": "No new centre is needed: the existing centres meet the need.",
        },
        "annex_network_line": {
            "vi": "Mạng lưới gồm {centres} cơ sở với {places} chỗ (mục tiêu {target} chỗ); phục vụ "
            "{served} trên {demand} người có nhu cầu chăm sóc tập trung; thời gian đi trung bình "
            "{mean} phút, tối đa {max} phút.",
            "en": "The network has {centres} centres with {places} places (target {target}); it "
            "serves {served} of {demand} persons who need residential care; mean travel "
            "{mean} minutes, longest {max} minutes.",
        },
        "annex_money_line": {
            "vi": "Vốn đầu tư cơ sở mới {investment}; chi phí thường xuyên {recurring} mỗi năm; "
            "nhân viên cần {staff} người.",
            "en": "Investment in new centres {investment}; recurring cost {recurring} a year; "
            "{staff} staff needed.",
        },
        "annex_solver_line": {
            "vi": "Lời giải: {status} (khoảng cách tối ưu {gap}).",
            "en": "Solution: {status} (optimality gap {gap}).",
        },
        "annex_no_robustness": {
            "vi": "Chưa phân tích độ vững. Chạy “facility-plan robust {scenario} --out …” với cùng "
            "thư mục --out rồi tạo lại phụ lục để bổ sung mục này.",
            "en": "Robustness not analysed yet. Run “facility-plan robust {scenario} --out …” with "
            "the same --out folder, then make the annex again to fill this section.",
        },
        "annex_robustness_intro": {
            "vi": "Kết quả giải lại trên {samples} lần rút mẫu các số liệu bất định:",
            "en": "Results of solving again on {samples} draws of the uncertain inputs:",
        },
        "app_nav_projects": {
            "vi": "Dự án",
            "en": "Projects",
        },
        "app_nav_project": {
            "vi": "Dự án hiện tại",
            "en": "This project",
        },
        "app_nav_compare": {
            "vi": "So sánh",
            "en": "Compare",
        },
        "app_nav_sweeps": {
            "vi": "Độ vững và phương án thay thế",
            "en": "Robustness and alternatives",
        },
        "app_footer_offline": {
            "vi": "facility_plan chạy trên máy này, không cần Internet; mọi dữ liệu nằm trong thư mục dự án.",
            "en": "facility_plan runs on this computer with no Internet; all data stays in the project folder.",
        },
        "app_error_title": {
            "vi": "Không thực hiện được",
            "en": "Could not do that",
        },
        "app_back": {
            "vi": "Quay lại",
            "en": "Back",
        },
        "app_login_title": {
            "vi": "Đăng nhập",
            "en": "Sign in",
        },
        "app_login_failed": {
            "vi": "Mật khẩu không đúng.",
            "en": "Wrong password.",
        },
        "app_login_password": {
            "vi": "Mật khẩu",
            "en": "Password",
        },
        "app_login_submit": {
            "vi": "Vào",
            "en": "Enter",
        },
        "app_projects_title": {
            "vi": "Dự án quy hoạch cơ sở trợ giúp xã hội",
            "en": "Social-assistance facility planning projects",
        },
        "app_projects_open": {
            "vi": "Mở dự án",
            "en": "Open a project",
        },
        "app_projects_none": {
            "vi": "Chưa có dự án nào trong {folder}.",
            "en": "No project in {folder} yet.",
        },
        "app_projects_new": {
            "vi": "Tạo dự án từ dữ liệu có sẵn",
            "en": "New project from bundled data",
        },
        "app_projects_new_help": {
            "vi": "Chọn tỉnh và thời kỳ địa giới (2019: trước 1/7/2025; 2025: sau); ứng dụng tạo thư mục dự án như lệnh facility-plan init.",
            "en": "Pick a province and boundary era (2019: before 1 Jul 2025; 2025: after); the app makes a project folder as facility-plan init does.",
        },
        "app_projects_create": {
            "vi": "Tạo và mở",
            "en": "Create and open",
        },
        "app_era": {
            "vi": "Thời kỳ địa giới",
            "en": "Boundary era",
        },
        "app_population": {
            "vi": "Dân số (người)",
            "en": "Population (persons)",
        },
        "app_project_title": {
            "vi": "Dự án",
            "en": "Project",
        },
        "app_scenarios": {
            "vi": "Kịch bản",
            "en": "Scenarios",
        },
        "app_scenario": {
            "vi": "Kịch bản",
            "en": "Scenario",
        },
        "app_compare_pick": {
            "vi": "Chọn",
            "en": "Pick",
        },
        "app_derived_from": {
            "vi": "Tạo từ",
            "en": "Derived from",
        },
        "app_change": {
            "vi": "Thay đổi",
            "en": "Change",
        },
        "app_result": {
            "vi": "Kết quả",
            "en": "Result",
        },
        "app_edit": {
            "vi": "Sửa thiết lập",
            "en": "Edit settings",
        },
        "app_compare_selected": {
            "vi": "So sánh các kịch bản đã chọn",
            "en": "Compare the selected scenarios",
        },
        "app_input_tables": {
            "vi": "Bảng đầu vào",
            "en": "Input tables",
        },
        "app_recent_runs": {
            "vi": "Các lần chạy gần đây",
            "en": "Recent runs",
        },
        "app_job": {
            "vi": "Tác vụ",
            "en": "Job",
        },
        "app_status": {
            "vi": "Trạng thái",
            "en": "Status",
        },
        "app_seconds": {
            "vi": "Giây",
            "en": "Seconds",
        },
        "app_message": {
            "vi": "Ghi chú",
            "en": "Message",
        },
        "app_status_running": {
            "vi": "đang chạy",
            "en": "running",
        },
        "app_status_done": {
            "vi": "xong",
            "en": "done",
        },
        "app_status_failed": {
            "vi": "lỗi",
            "en": "failed",
        },
        "app_status_cancelled": {
            "vi": "đã hủy",
            "en": "cancelled",
        },
        "app_table_communes": {
            "vi": "Xã/phường (dân số, tọa độ)",
            "en": "Communes (population, coordinates)",
        },
        "app_table_districts": {
            "vi": "Huyện (dân số theo nhóm tuổi)",
            "en": "Districts (population by age)",
        },
        "app_table_facilities": {
            "vi": "Cơ sở hiện có",
            "en": "Existing centres",
        },
        "app_table_candidate_sites": {
            "vi": "Địa điểm dự kiến",
            "en": "Candidate sites",
        },
        "app_table_land_reservation": {
            "vi": "Quỹ đất cần dành",
            "en": "Land to reserve",
        },
        "app_upload_accepted": {
            "vi": "Đã kiểm tra và nhận tệp {file}; kịch bản gốc dùng tệp này.",
            "en": "Checked and accepted {file}; the base scenario now reads it.",
        },
        "app_upload_refused": {
            "vi": "Tệp bị từ chối: {count} lỗi (xem các dòng tô đỏ). Bảng cũ được giữ nguyên.",
            "en": "File refused: {count} errors (see the rows in red). The old table is kept.",
        },
        "app_upload_replace": {
            "vi": "Thay bằng tệp CSV/XLSX",
            "en": "Replace with a CSV/XLSX file",
        },
        "app_upload_check": {
            "vi": "Kiểm tra và thay",
            "en": "Check and replace",
        },
        "app_rows_shown": {
            "vi": "Hiển thị {shown} trên {total} dòng.",
            "en": "Showing {shown} of {total} rows.",
        },
        "app_row": {
            "vi": "Dòng",
            "en": "Row",
        },
        "app_form_title": {
            "vi": "Thiết lập kịch bản",
            "en": "Scenario settings",
        },
        "app_form_help": {
            "vi": "Mọi thiết lập của tệp kịch bản, theo nhóm, kèm đơn vị và giải thích. Lưu sẽ ghi một tệp TOML mà lệnh facility-plan run chạy được; đổi tên (name) để lưu thành kịch bản mới.",
            "en": "Every setting of the scenario file, grouped, with units and notes. Saving writes a TOML file that facility-plan run can run; change the name to save as a new scenario.",
        },
        "app_form_save": {
            "vi": "Kiểm tra và lưu",
            "en": "Check and save",
        },
        "app_form_save_help": {
            "vi": "Thiết lập sai được báo ngay cạnh ô nhập, tệp không bị ghi.",
            "en": "Invalid settings are shown next to their input and nothing is written.",
        },
        "app_section_general": {
            "vi": "Chung",
            "en": "General",
        },
        "app_section_inputs": {
            "vi": "Dữ liệu đầu vào",
            "en": "Inputs",
        },
        "app_section_demand": {
            "vi": "Nhu cầu",
            "en": "Demand",
        },
        "app_section_travel": {
            "vi": "Đi lại",
            "en": "Travel",
        },
        "app_section_model": {
            "vi": "Mô hình",
            "en": "Model",
        },
        "app_section_solver": {
            "vi": "Bộ giải",
            "en": "Solver",
        },
        "app_section_outputs": {
            "vi": "Kết quả",
            "en": "Outputs",
        },
        "app_section_targets": {
            "vi": "Chỉ tiêu",
            "en": "Targets",
        },
        "app_section_resources": {
            "vi": "Nguồn lực",
            "en": "Resources",
        },
        "app_section_programme": {
            "vi": "Chương trình cộng đồng",
            "en": "Community programme",
        },
        "app_section_uncertainty": {
            "vi": "Bất định",
            "en": "Uncertainty",
        },
        "app_starting": {
            "vi": "đang khởi động",
            "en": "starting",
        },
        "app_cancel": {
            "vi": "Hủy",
            "en": "Cancel",
        },
        "app_see_result": {
            "vi": "Xem kết quả",
            "en": "See the result",
        },
        "app_run_title": {
            "vi": "Chạy",
            "en": "Run",
        },
        "app_run": {
            "vi": "Giải kịch bản",
            "en": "Solve the scenario",
        },
        "app_run_again": {
            "vi": "Giải lại",
            "en": "Solve again",
        },
        "app_result_title": {
            "vi": "Kết quả",
            "en": "Result",
        },
        "app_map": {
            "vi": "Bản đồ",
            "en": "Map",
        },
        "app_map_click_help": {
            "vi": "Bấm vào một địa điểm dự kiến (chấm tròn nhỏ) để bắt buộc chọn hoặc loại bỏ nó trong phương án giả định.",
            "en": "Click a candidate site (small circle) to force it into or out of a what-if.",
        },
        "app_new_sites": {
            "vi": "Cơ sở mới",
            "en": "New centres",
        },
        "app_site": {
            "vi": "Địa điểm",
            "en": "Site",
        },
        "app_investment": {
            "vi": "Vốn đầu tư",
            "en": "Investment",
        },
        "app_whatif_title": {
            "vi": "Giả định (what-if)",
            "en": "What-if",
        },
        "app_whatif_help": {
            "vi": "Mỗi thay đổi thành một kịch bản mới có tên trong dự án, rồi được giải lại.",
            "en": "Each change becomes a new named scenario in the project and is solved again.",
        },
        "app_whatif_name": {
            "vi": "Tên kịch bản mới",
            "en": "New scenario name",
        },
        "app_required_sites": {
            "vi": "Bắt buộc chọn",
            "en": "Force in",
        },
        "app_excluded_sites": {
            "vi": "Loại bỏ",
            "en": "Leave out",
        },
        "app_budget": {
            "vi": "Ngân sách",
            "en": "Budget",
        },
        "app_resolve": {
            "vi": "Giải lại với thay đổi",
            "en": "Re-solve with the changes",
        },
        "app_print_title": {
            "vi": "In và tải về",
            "en": "Print and download",
        },
        "app_open": {
            "vi": "mở",
            "en": "open",
        },
        "app_compare_title": {
            "vi": "So sánh kịch bản",
            "en": "Compare scenarios",
        },
        "app_compare_map": {
            "vi": "Bản đồ trước/sau",
            "en": "Before/after map",
        },
        "app_compare_make_map": {
            "vi": "Tạo bản đồ trước/sau và báo cáo so sánh",
            "en": "Make the before/after map and comparison report",
        },
        "app_compare_need_two": {
            "vi": "Chọn ít nhất hai kịch bản đã có kết quả.",
            "en": "Pick at least two scenarios with results.",
        },
        "app_sweeps_title": {
            "vi": "Độ vững và phương án thay thế",
            "en": "Robustness and alternatives",
        },
        "app_sweeps_unavailable": {
            "vi": "Phiên bản này chưa có phân tích độ vững.",
            "en": "Robustness analysis is not available in this version.",
        },
        "app_sweeps_run": {
            "vi": "Phân tích độ vững và tìm phương án gần tối ưu",
            "en": "Analyse robustness and find near-optimal plans",
        },
        "app_sweeps_run_help": {
            "vi": "Giải lại trên nhiều lần rút mẫu số liệu bất định; có thể mất vài phút.",
            "en": "Solves again on many draws of the uncertain inputs; may take minutes.",
        },
        "app_verdict": {
            "vi": "Nhận định",
            "en": "Verdict",
        },
        "app_site_frequency": {
            "vi": "Tần suất được chọn của từng địa điểm",
            "en": "How often each site is chosen",
        },
        "app_regret_chart": {
            "vi": "Biểu đồ tổn thất (regret)",
            "en": "Regret chart",
        },
        "app_robust_plans": {
            "vi": "Các phương án đã đánh giá",
            "en": "Plans evaluated",
        },
        "app_alternatives": {
            "vi": "Phương án gần tối ưu",
            "en": "Near-optimal alternatives",
        },
        "app_plan": {
            "vi": "Phương án",
            "en": "Plan",
        },
        "app_role": {
            "vi": "Vai trò",
            "en": "Role",
        },
        "app_optimal_in_draws": {
            "vi": "Tối ưu trong số lần rút",
            "en": "Optimal in draws",
        },
        "app_gap": {
            "vi": "Chênh lệch so với tối ưu",
            "en": "Gap to the optimum",
        },
        "app_use_plan": {
            "vi": "Dùng phương án này",
            "en": "Use this plan",
        },
        "app_candidates_layer": {
            "vi": "Địa điểm dự kiến (bấm để chọn/loại)",
            "en": "Candidate sites (click to force in/out)",
        },
        "app_force_in": {
            "vi": "Bắt buộc chọn",
            "en": "Force in",
        },
        "app_force_out": {
            "vi": "Loại bỏ",
            "en": "Leave out",
        },
        "app_fig_facilities_total": {
            "vi": "Số cơ sở",
            "en": "Centres",
        },
        "app_fig_places_total": {
            "vi": "Số chỗ",
            "en": "Places",
        },
        "app_fig_places_new": {
            "vi": "Số chỗ mới",
            "en": "New places",
        },
        "app_fig_investment_new_vnd": {
            "vi": "Vốn đầu tư cơ sở mới (VND)",
            "en": "Investment in new centres (VND)",
        },
        "app_fig_demand_persons": {
            "vi": "Nhu cầu chăm sóc tập trung (người)",
            "en": "Residential-care need (persons)",
        },
        "app_fig_served_persons": {
            "vi": "Được phục vụ (người)",
            "en": "Served (persons)",
        },
        "app_fig_unserved_persons": {
            "vi": "Chưa được phục vụ (người)",
            "en": "Unserved (persons)",
        },
        "app_fig_mean_travel_minutes": {
            "vi": "Thời gian đi trung bình (phút)",
            "en": "Mean travel (minutes)",
        },
        "app_fig_max_travel_minutes": {
            "vi": "Thời gian đi tối đa (phút)",
            "en": "Max travel (minutes)",
        },
        "app_fig_demand_within_30_minutes_share": {
            "vi": "Tỷ lệ nhu cầu trong vòng 30 phút",
            "en": "Share within 30 minutes",
        },
        "app_fig_demand_within_60_minutes_share": {
            "vi": "Tỷ lệ nhu cầu trong vòng 60 phút",
            "en": "Share within 60 minutes",
        },
        "app_fig_status": {
            "vi": "Trạng thái lời giải",
            "en": "Solver status",
        },
        "app_fig_new_sites": {
            "vi": "Cơ sở mới",
            "en": "New centres",
        },
        "app_report_make": {
            "vi": "Tạo báo cáo, bảng tính và bản đồ in",
            "en": "Make the report, workbook and print maps",
        },
        "app_report_again": {
            "vi": "Tạo lại báo cáo",
            "en": "Make the report again",
        },
        "app_report_help": {
            "vi": "Giải lại kịch bản rồi ghi report.html, report.xlsx và bản đồ A4/A3 vào thư mục kết quả.",
            "en": "Solves the scenario again and writes report.html, report.xlsx and the A4/A3 maps to the result folder.",
        },
    }


def label(key: str, language: Language = "vi") -> str:
    """The label for `key` in `language` (Vietnamese by default)."""
    return label_table()[key][language]
