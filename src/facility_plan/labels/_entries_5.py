"""Label catalogue entries, part 5: language switch and CLI messages (split only to keep modules small)."""

from __future__ import annotations


def _messages() -> dict[str, dict[str, str]]:
    """Errors, progress steps and the one-line messages of every command."""
    return {
        "cli_error": {"vi": "lỗi", "en": "error"},
        "cli_crash": {"vi": "lỗi không mong đợi", "en": "unexpected error"},
        "cli_crash_log": {
            "vi": "; chi tiết đã lưu vào {file}",
            "en": "; the details are saved in {file}",
        },
        "cli_crash_report": {
            "vi": "Vui lòng báo lỗi này (kèm tệp nhật ký) cho nhóm phát triển facility_plan.",
            "en": "Please report this error, with the log file, to the facility_plan developers.",
        },
        "cli_warning": {"vi": "cảnh báo", "en": "warning"},
        "cli_wrote_file": {"vi": "đã ghi {path}", "en": "wrote {path}"},
        "step_starting": {"vi": "đang bắt đầu", "en": "starting"},
        "step_reading_inputs": {
            "vi": "đọc và kiểm tra dữ liệu đầu vào",
            "en": "reading and checking inputs",
        },
        "step_demand": {"vi": "ước tính nhu cầu", "en": "estimating demand"},
        "step_travel": {
            "vi": "tính thời gian đi lại ({detail})",
            "en": "computing travel minutes ({detail})",
        },
        "step_solving": {
            "vi": "giải mô hình chọn vị trí ({detail})",
            "en": "solving the location model ({detail})",
        },
        "step_tabulating": {"vi": "lập các bảng kết quả", "en": "tabulating results"},
        "step_map": {"vi": "vẽ bản đồ tương tác", "en": "writing the map"},
        "step_report": {
            "vi": "vẽ bản đồ in và viết báo cáo",
            "en": "drawing print maps and writing the report",
        },
        "step_budget_sweep": {
            "vi": "quét ngân sách ({count} lần giải)",
            "en": "budget sweep ({count} solves)",
        },
        "step_explain": {"vi": "giải và giải lại từng thay đổi", "en": "solving and re-solving"},
        "step_annex": {"vi": "viết phụ lục", "en": "writing the annex"},
        "step_alternatives": {
            "vi": "tìm các phương án gần tối ưu",
            "en": "searching for near-optimal plans",
        },
        "step_robust_base": {
            "vi": "giải kịch bản với số liệu của chính nó",
            "en": "solving the scenario on its own data",
        },
        "step_robust_draws": {
            "vi": "giải {count} lần rút mẫu",
            "en": "solving {count} draws",
        },
        "step_robust_plans": {
            "vi": "đánh giá thêm {count} phương án trên mọi lần rút mẫu",
            "en": "evaluating {count} more plans on every draw",
        },
        "cli_bad_budgets": {
            "vi": "--pareto-budgets: {value} không phải danh sách số cách nhau bằng dấu phẩy",
            "en": "--pareto-budgets: {value} is not a comma-separated list of numbers",
        },
        "cli_bad_share": {
            "vi": "{value} không phải tỷ lệ: hãy viết 2% hoặc 0.02",
            "en": "{value} is not a share: write 2% or 0.02",
        },
        "cli_validate_ok": {
            "vi": "{scenario}: hợp lệ — {communes} xã/phường, {districts} huyện, {facilities} cơ sở "
            "hiện có ({places} chỗ), {candidates} địa điểm dự kiến; {demand}",
            "en": "{scenario}: OK — {communes} communes, {districts} districts, {facilities} existing "
            "centres ({places} places), {candidates} candidate sites; {demand}",
        },
        "cli_compare_title": {"vi": "So sánh hai kịch bản", "en": "Two scenarios side by side"},
        "cli_measure": {"vi": "chỉ tiêu", "en": "measure"},
        "cli_compare_needs_toml": {
            "vi": "compare --out cần hai tệp kịch bản (.toml), nhận được {paths}",
            "en": "compare --out needs two scenario files (.toml), got {paths}",
        },
        "cli_init_done": {
            "vi": "đã ghi {folder}: {name}, du_lieu/ (CSV và XLSX), GHI_CHU.md\n"
            "bước tiếp theo: facility-plan validate {path} ; facility-plan run {path}",
            "en": "wrote {folder}: {name}, du_lieu/ (CSV and XLSX), GHI_CHU.md\n"
            "next: facility-plan validate {path} ; facility-plan run {path}",
        },
        "cli_bad_era": {
            "vi": "--era phải là 2019 hoặc 2025, nhận được {era}",
            "en": "--era must be 2019 or 2025, got {era}",
        },
        "cli_app_running": {
            "vi": "facility-plan app: {where} (nhấn Ctrl+C để dừng)",
            "en": "facility-plan app: {where} (Ctrl+C to stop)",
        },
        "cli_app_needs_token": {
            "vi": "--host {host} mở ứng dụng ra ngoài máy này: hãy đặt mật khẩu bằng --token",
            "en": "--host {host} exposes the app beyond this computer: set a password with --token",
        },
        "served_method_model": {"vi": "kết quả mô hình", "en": "model result"},
        "served_method_model, sites fixed": {
            "vi": "kết quả mô hình, giữ nguyên các cơ sở hiện có",
            "en": "model result, sites fixed",
        },
        "served_method_capacity bound": {"vi": "giới hạn theo số chỗ", "en": "capacity bound"},
        "new_site_name": {"vi": "Cơ sở mới tại {commune}", "en": "New centre at {commune}"},
        "col_site_ids": {"vi": "Mã địa điểm (quy mô)", "en": "Site ids (tier)"},
    }


def _explain_and_sweeps() -> dict[str, dict[str, str]]:
    """``explain``, ``compare``, ``robust`` and ``alternatives`` on the console."""
    return {
        "cmp_facilities_total": {"vi": "số cơ sở", "en": "centres"},
        "cmp_places_total": {"vi": "số chỗ", "en": "places"},
        "cmp_places_new": {"vi": "số chỗ mới", "en": "new places"},
        "cmp_investment_new_vnd": {
            "vi": "vốn đầu tư cơ sở mới",
            "en": "investment in new centres",
        },
        "cmp_demand_persons": {
            "vi": "nhu cầu chăm sóc tập trung (người)",
            "en": "residential-care need (persons)",
        },
        "cmp_served_persons": {"vi": "được phục vụ (người)", "en": "served (persons)"},
        "cmp_unserved_persons": {"vi": "chưa được phục vụ (người)", "en": "unserved (persons)"},
        "cmp_mean_travel_minutes": {
            "vi": "thời gian đi trung bình (phút)",
            "en": "mean travel (minutes)",
        },
        "cmp_max_travel_minutes": {
            "vi": "thời gian đi tối đa (phút)",
            "en": "max travel (minutes)",
        },
        "cmp_demand_within_30_minutes_share": {
            "vi": "tỷ lệ nhu cầu trong vòng 30 phút",
            "en": "share of need within 30 minutes",
        },
        "cmp_demand_within_60_minutes_share": {
            "vi": "tỷ lệ nhu cầu trong vòng 60 phút",
            "en": "share of need within 60 minutes",
        },
        "cmp_status": {"vi": "trạng thái lời giải", "en": "solver status"},
        "cmp_new_sites": {
            "vi": "cơ sở mới (xã, huyện, quy mô, số chỗ)",
            "en": "new centres (commune, district, tier, places)",
        },
        "explain_full": {
            "vi": "cơ sở đã kín chỗ: {sites}",
            "en": "centres at full capacity: {sites}",
        },
        "explain_target": {
            "vi": "mục tiêu {target} chỗ: đạt với {places} chỗ ({slack})",
            "en": "place target {target}: reached with {places} places ({slack})",
        },
        "explain_binding": {"vi": "ràng buộc chặt", "en": "binding"},
        "explain_spare": {"vi": "dư {count} chỗ", "en": "{count} places spare"},
        "explain_budget": {
            "vi": "ngân sách {budget}: đã dùng {spent}, còn lại {left}",
            "en": "budget {budget}: {spent} spent, {left} left",
        },
        "explain_unserved": {
            "vi": "{persons} người chưa được phục vụ",
            "en": "{persons} persons left unserved",
        },
        "explain_wrong_type": {
            "vi": "chỗ không đúng loại: {idle} chỗ trống tại {where}, trong khi {persons} người "
            "({groups}) chưa được phục vụ; các cơ sở này không tiếp nhận nhóm của họ",
            "en": "places of the wrong type: {idle} idle places at {where} while {persons} persons "
            "({groups}) are unserved; these centres do not take their groups",
        },
        "explain_title": {
            "vi": "Giá trị biên (hàm mục tiêu: người·phút cộng phạt nhu cầu chưa phục vụ)",
            "en": "Marginal values (objective: person-minutes plus the unserved penalty)",
        },
        "explain_change": {"vi": "thay đổi thử", "en": "change tried"},
        "explain_saving": {"vi": "mức giảm hàm mục tiêu", "en": "objective saved"},
        "explain_unserved_before": {
            "vi": "chưa phục vụ, trước (người)",
            "en": "unserved before (persons)",
        },
        "explain_unserved_after": {
            "vi": "chưa phục vụ, sau (người)",
            "en": "unserved after (persons)",
        },
        "explain_more_place": {"vi": "thêm 1 chỗ tại {site}", "en": "one more place at {site}"},
        "explain_more_centre": {"vi": "thêm 1 cơ sở mới", "en": "one more new centre"},
        "explain_more_budget": {
            "vi": "thêm {amount} ngân sách",
            "en": "{amount} more budget",
        },
        "cli_site_id": {"vi": "mã", "en": "id"},
        "unit_places": {"vi": "chỗ", "en": "places"},
        "cli_sites_title": {"vi": "Tần suất được chọn", "en": "How often each site is chosen"},
        "cli_regret_title": {
            "vi": "Thiệt hại so với phương án tốt nhất của từng lần (người·phút)",
            "en": "Regret against each draw's best plan (person-minutes)",
        },
        "cli_robust_done": {
            "vi": "{samples} lần rút mẫu trong {seconds} giây ({executor}; {cpu} giây CPU cho các "
            "lần giải); đã ghi {folder}: {files}",
            "en": "{samples} draws in {seconds} s ({executor}; {cpu} CPU-seconds in the solves); "
            "wrote {folder}: {files}",
        },
        "cli_alt_number": {"vi": "thứ tự", "en": "rank"},
        "cli_alt_gap": {"vi": "chênh so với tối ưu", "en": "above the optimum"},
        "cli_alt_complete": {
            "vi": "đã liệt kê mọi phương án trong ngưỡng",
            "en": "every plan within the tolerance is listed",
        },
        "cli_alt_stopped": {
            "vi": "dừng ở --max {count}; có thể còn phương án khác trong ngưỡng",
            "en": "stopped at --max {count}; more plans may lie within the tolerance",
        },
        "cli_alt_done": {
            "vi": "{plans} phương án, {solves} lần giải trong {seconds} giây ({executor}); "
            "{ending}; đã ghi {folder}",
            "en": "{plans} plans, {solves} solves in {seconds} s ({executor}); {ending}; "
            "wrote {folder}",
        },
    }


def _settings() -> dict[str, dict[str, str]]:
    """Scenario settings shown in the assumptions table (``resources``)."""
    return {
        "resource_residents_per_social_worker": {
            "vi": "Số người ở cơ sở trên 1 nhân viên công tác xã hội",
            "en": "Residents per social worker",
        },
        "resource_residents_per_health_worker": {
            "vi": "Số người ở cơ sở trên 1 nhân viên y tế",
            "en": "Residents per health worker",
        },
        "resource_residents_per_nutrition_worker": {
            "vi": "Số người ở cơ sở trên 1 nhân viên dinh dưỡng",
            "en": "Residents per nutrition worker",
        },
        "resource_psychologists_per_facility": {
            "vi": "Nhân viên tâm lý mỗi cơ sở",
            "en": "Psychologists per centre",
        },
        "resource_managers_per_facility": {
            "vi": "Cán bộ quản lý mỗi cơ sở",
            "en": "Managers per centre",
        },
        "resource_indirect_staff_max_share": {
            "vi": "Tỷ lệ tối đa của nhân viên gián tiếp",
            "en": "Largest share of indirect staff",
        },
        "resource_land_m2_per_place_rural": {
            "vi": "Định mức đất ở nông thôn (m²/chỗ)",
            "en": "Land per place, rural (m²)",
        },
        "resource_land_m2_per_place_urban": {
            "vi": "Định mức đất ở đô thị (m²/chỗ)",
            "en": "Land per place, urban (m²)",
        },
        "resource_land_m2_per_place_mental_health": {
            "vi": "Định mức đất của cơ sở tâm thần (m²/chỗ)",
            "en": "Land per place, mental-health centre (m²)",
        },
        "resource_investment_per_place_vnd": {
            "vi": "Suất đầu tư mỗi chỗ",
            "en": "Investment per place",
        },
        "resource_standard_level_vnd_per_month": {
            "vi": "Mức chuẩn trợ giúp xã hội (mỗi tháng)",
            "en": "Standard social-assistance level (per month)",
        },
    }


def _plain() -> dict[str, dict[str, str]]:
    """The plain-language sentences of a run (``facility_plan.scenario.plain``, ``summary.txt``)."""
    return {
        "plain_anchor": {"vi": "{basis} → {persons} người", "en": "{basis} → {persons} persons"},
        "plain_anchors": {
            "vi": "Đối chiếu độc lập (số người đang ở cơ sở theo tỷ lệ toàn quốc, không phải nhu "
            "cầu): {anchors}.",
            "en": "Independent anchors (residents at national ratios, not need): {anchors}.",
        },
        "plain_pooled": {
            "vi": "Số chỗ được gộp cho mọi loại cơ sở: mọi cơ sở nhận mọi nhóm đối tượng; số người "
            "được phục vụ theo nhóm dưới đây được chia theo cơ cấu nhóm của từng xã, không phải kết "
            "quả của mô hình.",
            "en": "Capacity pooled across centre types: every centre takes every group; served "
            "persons by group below are split by each commune's mix of groups, not found by the "
            "model.",
        },
        "plain_type": {
            "vi": "{kind}: {centres} cơ sở, {places} chỗ, {used} người được phục vụ, {idle} chỗ "
            "trống.",
            "en": "{kind}: {centres} centre(s), {places} places, {used} residents, {idle} idle.",
        },
        "plain_group": {
            "vi": "{group}: cần {need} người (khoảng {low}–{high}), được phục vụ {served}, chưa "
            "được phục vụ {left}.",
            "en": "{group}: need {need} (range {low}–{high}), served {served}, unserved {left}.",
        },
        "plain_wrong_type": {
            "vi": "Chỗ không đúng loại: {idle} chỗ trống tại cơ sở loại {types} (chỉ nhận {taken}) "
            "trong khi {unserved} người thuộc nhóm {left} chưa được phục vụ — có chỗ nhưng không "
            "đúng loại cơ sở.",
            "en": "Places of the wrong type: {idle} idle places at {types} centres (taking only "
            "{taken}) while {unserved} people of {left} go unserved — the places exist, but of the "
            "wrong type.",
        },
        "plain_resting": {
            "vi": "Kết quả này phụ thuộc vào giả định tạm của nhóm: {groups}.",
            "en": "This finding rests on placeholder settings of: {groups}.",
        },
        "plain_district": {
            "vi": "{district}: {need} người cần chăm sóc tại cơ sở đến năm {year}; số chỗ hiện có "
            "trong vòng {reach} phút: {places}; được phục vụ theo phương án: {served}, chưa được "
            "phục vụ: {unserved}; thời gian đi lại trung bình {minutes} phút.",
            "en": "{district}: {need} people need residential care by {year}; existing places "
            "within {reach} minutes: {places}; served in this plan: {served}, unserved: "
            "{unserved}; mean travel {minutes} minutes.",
        },
        "plain_placeholders": {
            "vi": "Giả định còn là giá trị tạm (cần kiểm tra trước khi dùng): {groups}.",
            "en": "Assumptions still placeholders (check before use): {groups}.",
        },
        "summary_status": {
            "vi": "Trạng thái lời giải: {status} (khoảng cách tối ưu {gap})",
            "en": "Solver status: {status} (gap {gap})",
        },
        "summary_figures": {
            "vi": "Số chỗ: {places} (mục tiêu {target}); được phục vụ {served}, chưa được phục vụ "
            "{unserved} người; thời gian đi lại trung bình {mean} phút, tối đa {max} phút",
            "en": "Places: {places} (target {target}); served {served}, unserved {unserved} "
            "persons; mean travel {mean} minutes, max {max}",
        },
        "problem_row": {"vi": "dòng {row}", "en": "row {row}"},
        "problem_field": {"vi": "trường '{field}'", "en": "field '{field}'"},
        "warn_shared_point": {
            "vi": "{communes} nằm tại cùng một điểm ({lat}, {lon}): thời gian đi không phân "
            "biệt được chúng nên các địa điểm ở đó ngang nhau; hãy kiểm tra vĩ độ/kinh độ",
            "en": "communes {communes} share one point ({lat}, {lon}): travel cannot tell them apart "
            "and sites there tie; check lat/lon",
        },
        "warn_far_from_district": {
            "vi": "xã {commune} cách xã gần nhất khác cùng huyện {district} {km} km; hãy kiểm tra "
            "vĩ độ/kinh độ (trừ khi là đảo)",
            "en": "commune {commune} lies {km} km from the nearest other commune of its district "
            "{district}; check lat/lon (unless it is an island)",
        },
    }


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {**_messages(), **_explain_and_sweeps(), **_settings(), **_plain()}
