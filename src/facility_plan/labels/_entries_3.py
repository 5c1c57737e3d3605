"""Label catalogue entries, part 3 of 3 (the catalogue is split only to keep modules small)."""

from __future__ import annotations


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {
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
            "vi": "Mọi thiết lập của tệp kịch bản, theo nhóm, kèm đơn vị và giải thích. Lưu sẽ ghi một tệp "
            "TOML mà lệnh facility-plan run chạy được; đổi tên (name) để lưu thành kịch bản mới.",
            "en": "Every setting of the scenario file, grouped, with units and notes. Saving writes a TOML "
            "file that facility-plan run can run; change the name to save as a new scenario.",
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
            "vi": "Bấm vào một địa điểm dự kiến (chấm tròn nhỏ) để bắt buộc chọn hoặc loại bỏ nó trong "
            "phương án giả định.",
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
            "en": "Solves the scenario again and writes report.html, report.xlsx and the A4/A3 maps to the "
            "result folder.",
        },
        "cli_demand_table": {
            "vi": "Nhu cầu: ước tính và các mốc đối chiếu độc lập (người)",
            "en": "Demand: estimate and independent anchors (persons)",
        },
        "cli_low": {
            "vi": "thấp",
            "en": "low",
        },
        "cli_central": {
            "vi": "trung tâm",
            "en": "central",
        },
        "cli_high": {
            "vi": "cao",
            "en": "high",
        },
        "cli_arithmetic": {
            "vi": "cách tính",
            "en": "arithmetic",
        },
        "cli_prevalence_arithmetic": {
            "vi": "mọi tỷ lệ ở giá trị thấp / trung tâm / cao",
            "en": "every share at its low / central / high value",
        },
        "cli_placeholders": {
            "vi": "giả định còn là giá trị tạm",
            "en": "assumptions still placeholders",
        },
        "cli_status": {
            "vi": "trạng thái lời giải",
            "en": "solver status",
        },
        "cli_gap": {
            "vi": "khoảng cách tối ưu",
            "en": "optimality gap",
        },
        "cli_places": {
            "vi": "số chỗ",
            "en": "places",
        },
        "cli_served": {
            "vi": "được phục vụ (người)",
            "en": "served (persons)",
        },
        "cli_unserved": {
            "vi": "chưa được phục vụ (người)",
            "en": "unserved (persons)",
        },
        "cli_mean_minutes": {
            "vi": "thời gian đi trung bình (phút)",
            "en": "mean travel (minutes)",
        },
        "cli_max_minutes": {
            "vi": "thời gian đi tối đa (phút)",
            "en": "max travel (minutes)",
        },
        "cli_solve_seconds": {
            "vi": "thời gian giải (giây)",
            "en": "solve time (seconds)",
        },
        "cli_new_site": {
            "vi": "{name}, {district} — quy mô {tier}, {places} chỗ, {assigned} người được phân bổ",
            "en": "{name}, {district} — tier {tier}, {places} places, {assigned} assigned",
        },
        "cli_by_type": {
            "vi": "Số chỗ theo loại cơ sở",
            "en": "Places by centre type",
        },
        "cli_pooled": {
            "vi": " (GỘP chỗ mọi loại: mỗi cơ sở nhận mọi nhóm)",
            "en": " (capacity POOLED across types: every centre takes every group)",
        },
        "cli_type": {
            "vi": "loại cơ sở",
            "en": "centre type",
        },
        "cli_centres": {
            "vi": "số cơ sở",
            "en": "centres",
        },
        "cli_used": {
            "vi": "đã dùng",
            "en": "used",
        },
        "cli_idle": {
            "vi": "trống",
            "en": "idle",
        },
        "cli_idle_wrong": {
            "vi": "trống, không đúng loại",
            "en": "idle, wrong type",
        },
        "cli_by_group": {
            "vi": "Nhu cầu theo nhóm đối tượng (người)",
            "en": "Need by target group (persons)",
        },
        "cli_apportioned": {
            "vi": " — phục vụ/chưa phục vụ chia theo cơ cấu xã",
            "en": " — served/unserved apportioned by commune mix",
        },
        "cli_group": {
            "vi": "nhóm",
            "en": "group",
        },
        "cli_need": {
            "vi": "nhu cầu",
            "en": "need",
        },
        "cli_range": {
            "vi": "khoảng",
            "en": "range",
        },
        "cli_taken_by": {
            "vi": "loại cơ sở tiếp nhận",
            "en": "taken by",
        },
        "cli_wrong_type_finding": {
            "vi": "Chỗ không đúng loại: {idle} chỗ trống ở loại cơ sở không nhận ai trong số "
            "{unserved} người chưa được phục vụ",
            "en": "Places of the wrong type: {idle} idle places at centre types that take none of "
            "the {unserved} people left unserved",
        },
        "cli_wrote": {
            "vi": "đã ghi {folder}: {files}",
            "en": "wrote {folder}: {files}",
        },
    }
