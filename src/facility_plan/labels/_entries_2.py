"""Label catalogue entries, part 2 of 3 (the catalogue is split only to keep modules small)."""

from __future__ import annotations


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {
        "model_method": {"vi": "kết quả mô hình", "en": "model result"},
        "province": {"vi": "Tỉnh", "en": "Province"},
        "description": {"vi": "Mô tả", "en": "Description"},
        "solve_status_optimal": {"vi": "tối ưu", "en": "optimal"},
        "solve_status_feasible": {"vi": "khả thi", "en": "feasible"},
        "solve_status_infeasible": {"vi": "không khả thi", "en": "infeasible"},
        "solve_status_not_solved": {"vi": "chưa giải được", "en": "not solved"},
        "solve_status_unbounded": {"vi": "không bị chặn", "en": "unbounded"},
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
        "row_modelled_demand": {"vi": "Nhu cầu đưa vào mô hình", "en": "Demand given to the model"},
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
            "vi": "Chọn tỉnh và thời kỳ địa giới (2019: trước 1/7/2025; 2025: sau); ứng dụng tạo thư mục dự "
            "án như lệnh facility-plan init.",
            "en": "Pick a province and boundary era (2019: before 1 Jul 2025; 2025: after); the app makes a "
            "project folder as facility-plan init does.",
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
    }
