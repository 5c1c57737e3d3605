"""Vietnamese notes on every scenario setting, keyed by dotted name (English notes come from the docstrings)."""

from __future__ import annotations

SETTING_NOTES_VI: dict[str, str] = {
    "name": "Mã ngắn của kịch bản, dùng làm tên thư mục kết quả (chữ, số, _ và -).",
    "title_vi": "Tiêu đề in trên bản đồ và báo cáo.",
    "description": "Mô tả tự do: câu hỏi mà người lập kế hoạch muốn trả lời.",
    "year": "Năm kế hoạch.",
    "province_name_vi": "Tên tỉnh in trên tiêu đề.",
    "crs": "Hệ tọa độ phẳng (mét) để tính khoảng cách; mặc định UTM múi 48N.",
    "inputs": "Các bảng đầu vào: CSV (phân cách ',' hoặc ';') hoặc Excel (.xlsx), đường dẫn tương "
    "đối so với tệp này; 'bundled:<thư mục>/<tệp>' chỉ dữ liệu có sẵn của gói.",
    "inputs.communes": "Bảng xã/phường/thị trấn: mã, tên, mã huyện, tọa độ, dân số (người).",
    "inputs.districts": "Bảng dân số huyện theo nhóm tuổi (người).",
    "inputs.facilities": "Bảng cơ sở trợ giúp xã hội hiện có (số chỗ).",
    "inputs.candidate_sites": '"all_communes" (mỗi xã một địa điểm tại trung tâm xã) hoặc bảng '
    "quỹ đất / địa điểm dự kiến.",
    "inputs.boundaries": "Ranh giới xã (GeoPackage, GeoJSON, Shapefile); không có thì bản đồ dùng "
    "ô xấp xỉ và ghi rõ điều đó.",
    "inputs.boundary_code_column": "Cột mã xã 5 chữ số trong tệp ranh giới.",
    "demand": "Mô hình nhu cầu: các nhóm đối tượng và hiệu chỉnh theo quy mô kế hoạch.",
    "demand.groups": "Các nhóm đối tượng; mặc định theo facility_plan.config.default_target_groups. "
    "Muốn sửa một nhóm, thêm mục [demand.groups.<tên nhóm>] chỉ với các giá trị cần đổi.",
    "demand.calibrate_total_persons": "Nếu có: nhân nhu cầu mọi nhóm với một hệ số để tổng toàn tỉnh "
    "bằng số này (người) trong năm kịch bản; hệ số được báo cáo.",
    "demand.census_year": "Năm của số liệu dân số gốc.",
    "demand.growth_per_year": "Tốc độ tăng hằng năm của từng nhóm dân số gốc (tỷ lệ/năm).",
    "demand.project_to_scenario_year": "Dự báo dân số gốc từ năm điều tra đến năm kịch bản (già hóa).",
    "travel": "Mô hình thời gian di chuyển.",
    "travel.method": "straight_line: khoảng cách đường chim bay × hệ số đường vòng; network: đường "
    "ngắn nhất trên mạng đường bộ trong 'roads'.",
    "travel.detour_factor": "Hệ số đường vòng: km đường bộ / km đường chim bay (≥ 1).",
    "travel.speed_kmh": "Tốc độ đi lại bình quân (km/giờ).",
    "travel.roads": 'Tệp đường bộ (GeoPackage, GeoJSON, Shapefile), cần khi method = "network".',
    "travel.road_class_column": "Cột cấp đường trong tệp đường bộ.",
    "travel.speed_column": "Cột tốc độ (km/giờ) trong tệp đường bộ.",
    "travel.oneway_column": "Cột đường một chiều trong tệp đường bộ.",
    "travel.cutoff_minutes": "Dừng tìm đường khi vượt quá số phút này.",
    "travel.max_snap_distance_m": "Điểm cách đường quá số mét này thì tính theo đường chim bay.",
    "model": "Mô hình bố trí cơ sở: cơ sở hiện có giữ nguyên, cơ sở mới chọn theo quy mô.",
    "model.kind": 'Loại mô hình (hiện chỉ có "capacitated").',
    "model.new_facilities": "Số cơ sở mới cần mở (đúng bằng số này).",
    "model.target_places": "Tổng số chỗ toàn mạng lưới cần đạt (hiện có + mới).",
    "model.size_tiers": "Các quy mô cơ sở mới: mã, số chỗ, vốn đầu tư (đồng).",
    "model.new_ownership": "Loại hình cơ sở mới: public (công lập) hoặc non_public (ngoài công lập).",
    "model.budget_vnd": "Trần vốn đầu tư cho cơ sở mới (đồng); bỏ trống là không giới hạn.",
    "model.required_districts": "Mỗi huyện trong danh sách phải có một cơ sở mới (mô hình chọn xã).",
    "model.allowed_districts": "Nếu có: cơ sở mới chỉ được đặt ở các huyện này.",
    "model.unserved_penalty_minutes": "Chi phí để một người không được phục vụ, tính bằng phút đi "
    "lại (phải lớn hơn mọi chuyến đi chấp nhận được).",
    "model.max_assign_minutes": "Không phân người đến cơ sở xa hơn số phút này; bỏ trống là không giới hạn.",
    "model.match_groups_to_types": "true: mỗi cơ sở chỉ nhận nhóm đối tượng mà loại cơ sở phục vụ; "
    "false: gộp mọi nhóm.",
    "solver": "Bộ giải.",
    "solver.name": "highs (mặc định) hoặc cbc.",
    "solver.time_limit_seconds": "Thời gian giải tối đa (giây); hết giờ thì trả về lời giải tốt nhất "
    "và khoảng cách tối ưu.",
    "solver.mip_gap": "Khoảng cách tối ưu tương đối để dừng (0,01 = 1 %).",
    "solver.threads": "Số luồng của bộ giải.",
    "outputs": "Kết quả.",
    "outputs.language": "Ngôn ngữ của nhãn: vi (tiếng Việt) hoặc en (tiếng Anh).",
    "targets": "Chỉ tiêu của kế hoạch theo năm (thêm một mục [[targets]] cho mỗi năm).",
    "targets.year": "Năm của chỉ tiêu.",
    "targets.service_share": "Tỷ lệ đối tượng được trợ giúp xã hội (0–1).",
    "targets.comprehensive_share": "Tỷ lệ đối tượng được trợ giúp toàn diện (0–1).",
    "targets.case_management_share": "Tỷ lệ đối tượng được tư vấn, quản lý trường hợp (0–1).",
    "targets.places": "Số chỗ nuôi dưỡng kế hoạch hướng tới (chỗ).",
    "targets.staff_trained": "Số cán bộ công tác xã hội cần đào tạo (người).",
    "resources": "Định mức nhân lực, đất và chi phí (Thông tư 33/2017, Nghị định 103/2017, "
    "Nghị định 20/2021 và 76/2024).",
    "resources.residents_per_social_worker": "Số đối tượng tối đa trên một nhân viên công tác xã hội.",
    "resources.residents_per_health_worker": "Số đối tượng tối đa trên một nhân viên y tế.",
    "resources.residents_per_nutrition_worker": "Số đối tượng tối đa trên một nhân viên nuôi dưỡng.",
    "resources.psychologists_per_facility": "Số nhân viên tâm lý mỗi cơ sở.",
    "resources.managers_per_facility": "Số cán bộ quản lý mỗi cơ sở (1 giám đốc, 2 phó).",
    "resources.indirect_staff_max_share": "Tỷ lệ tối đa nhân viên gián tiếp trên tổng số (0–1).",
    "resources.land_m2_per_place_rural": "Diện tích đất mỗi đối tượng ở nông thôn (m²).",
    "resources.land_m2_per_place_urban": "Diện tích đất mỗi đối tượng ở đô thị (m²).",
    "resources.land_m2_per_place_mental_health": "Diện tích đất mỗi đối tượng ở cơ sở chăm sóc "
    "người tâm thần (m²).",
    "resources.investment_per_place_vnd": "Vốn đầu tư mỗi chỗ mới (đồng).",
    "resources.standard_level_vnd_per_month": "Mức chuẩn trợ giúp xã hội (đồng/tháng).",
    "programme": "Chương trình trợ giúp tại cộng đồng (quản lý trường hợp, cán bộ công tác xã hội, "
    "đào tạo, trợ cấp). Xem facility_plan.config.ProgrammeConfig và kịch bản mẫu "
    "scenarios/*_programme.toml; bảng registers trong thư mục du_lieu dùng cho mục "
    "[programme.inputs].",
    "demand.anchors": "Các mốc đối chiếu độc lập với ước tính nhu cầu (số người ở cơ sở trên 1.000 dân; "
    "số người hưởng trợ cấp × tỷ lệ sống tại cơ sở), mỗi mốc có nguồn và mức tin cậy.",
    "travel.islands": "Các xã đảo (đặc khu): không đi đường bộ qua biển, chỉ đi qua tuyến phà khai báo.",
    "travel.ferry_links": "Tuyến phà/tàu: bến đi, bến đến, số phút đi tàu và số phút chờ theo lịch.",
    "travel.speeds_by_commune_class": "Tốc độ (km/giờ) và hệ số đường vòng theo loại xã "
    "(đô thị, nông thôn, miền núi…), thay cho tốc độ chung.",
    "model.priority": "Trọng số ưu tiên theo xã (xã vùng dân tộc thiểu số và miền núi, xã đặc biệt "
    "khó khăn) đọc từ bảng xã ưu tiên do người dùng cung cấp.",
    "model.objective": "Mục tiêu tối ưu: travel (giảm thời gian đi lại), least_cost (chi phí thấp "
    "nhất để đạt mục tiêu, rồi thời gian đi lại) hoặc weighted (kết hợp có trọng số).",
    "model.max_new_facilities": "Số cơ sở mới tối đa (khi không cố định số cơ sở mới).",
    "model.budget_by_ownership_vnd": "Ngân sách đầu tư theo loại hình sở hữu (công lập / ngoài công "
    "lập), đồng.",
    "model.expansion_tiers": "Các mức mở rộng cho cơ sở hiện có: số chỗ tăng thêm và chi phí (đồng).",
    "model.expandable_facilities": "Mã các cơ sở hiện có được phép mở rộng (để trống: tất cả).",
    "model.closable_existing": "Cho phép đóng hoặc sáp nhập cơ sở hiện có (chi phí duy trì vẫn tính).",
    "model.keep_cost_vnd_per_place": "Chi phí duy trì một chỗ ở cơ sở hiện có (đồng/chỗ), dùng khi "
    "cho phép đóng cơ sở.",
    "model.single_source": "Mỗi xã (và nhóm đối tượng) chỉ được phục vụ bởi một cơ sở.",
    "model.equity_unit": "Đơn vị tính công bằng: xã (commune) hoặc huyện (district).",
    "model.max_minutes_by_admin": "Thời gian đi lại tối đa (phút) theo từng đơn vị hành chính.",
    "model.min_served_share_by_admin": "Tỷ lệ tối thiểu nhu cầu được phục vụ theo từng đơn vị "
    "hành chính.",
    "model.served_share": "Tỷ lệ tối thiểu nhu cầu toàn tỉnh được phục vụ tại cơ sở.",
    "model.served_share_by_group": "Tỷ lệ tối thiểu được phục vụ theo từng nhóm đối tượng.",
    "uncertainty": "Các đầu vào không chắc chắn và khoảng dao động cho phân tích độ vững; "
    "mặc định theo facility_plan.config.UncertaintyConfig.",
}
"""Vietnamese note of each setting: top-level keys, sections, and each key of the sections the
scenario template writes in full (``targets.*`` describe one ``[[targets]]`` entry)."""
