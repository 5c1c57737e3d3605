"""Label catalogue entries, part 4: robustness and accessibility outputs (split only to keep modules small)."""

from __future__ import annotations


def _access() -> dict[str, dict[str, str]]:
    """Accessibility scores: report table, plan.xlsx titles, map layer."""
    return {
        "h_accessibility": {
            "vi": "Chỉ số khả năng tiếp cận theo huyện",
            "en": "Accessibility scores by district",
        },
        "sheet_accessibility": {
            "vi": "Khả năng tiếp cận theo huyện",
            "en": "Accessibility by district",
        },
        "province_total": {"vi": "Toàn tỉnh", "en": "Whole province"},
        "unit_places_per_1000": {
            "vi": "chỗ/1.000 người có nhu cầu",
            "en": "places per 1,000 persons in need",
        },
        "col_access_nearest": {
            "vi": "Đến cơ sở gần nhất, bình quân (phút)",
            "en": "To the nearest centre, mean (min)",
        },
        "col_access_within": {
            "vi": "Trong vòng {minutes} phút (% người có nhu cầu)",
            "en": "Within {minutes} min (% of persons in need)",
        },
        "col_access_2sfca": {
            "vi": "2SFCA (chỗ/1.000 người có nhu cầu)",
            "en": "2SFCA (places per 1,000 persons in need)",
        },
        "col_access_e2sfca": {
            "vi": "E2SFCA (chỗ/1.000 người có nhu cầu)",
            "en": "E2SFCA (places per 1,000 persons in need)",
        },
        "access_note": {
            "vi": "Tính trên các cơ sở của phương án, cho người có nhu cầu chỗ ở; mỗi nhóm đối "
            "tượng chỉ tính các cơ sở có loại hình nhận nhóm đó. Thời gian đến cơ sở gần nhất "
            "và tỷ lệ trong vòng {bands} phút là bình quân theo số người có nhu cầu. 2SFCA: "
            "số chỗ của mỗi cơ sở chia cho số người có nhu cầu trong vùng phục vụ {catchment} "
            "phút của nó, cộng cho mọi cơ sở trong vòng {catchment} phút; E2SFCA: như vậy với "
            "các vùng {zones}. Các ngưỡng thời gian là giả định lập kế hoạch, không phải định "
            "mức pháp lý.",
            "en": "Over the plan's centres, for persons needing a residential place; each group "
            "counts only centres of a type that takes it. Minutes to the nearest centre and the "
            "shares within {bands} min are means weighted by persons in need. 2SFCA: each "
            "centre's places divided by the persons in need within its {catchment}-minute "
            "catchment, summed over the centres within {catchment} min; E2SFCA: the same with "
            "the zones {zones}. The time bands are planning assumptions, not legal norms.",
        },
        "access_zone": {
            "vi": "≤ {minutes} phút trọng số {weight}",
            "en": "≤ {minutes} min weight {weight}",
        },
        "access_layer": {
            "vi": "Khả năng tiếp cận (2SFCA, chỗ/1.000 người có nhu cầu)",
            "en": "Accessibility (2SFCA, places per 1,000 in need)",
        },
        "access_legend_title": {
            "vi": "2SFCA: chỗ/1.000 người có nhu cầu",
            "en": "2SFCA: places per 1,000 persons in need",
        },
        "access_legend_note": {
            "vi": "Vùng phục vụ {catchment} phút. Màu đậm hơn: nhiều chỗ trong tầm với hơn.",
            "en": "{catchment}-minute catchment. Darker: more places within reach.",
        },
        "access_nearest": {"vi": "Đến cơ sở gần nhất", "en": "To the nearest centre"},
        "access_within": {"vi": "Trong vòng {minutes} phút", "en": "Within {minutes} min"},
    }


def _robust() -> dict[str, dict[str, str]]:
    """Robustness: report section and sheet, robust.xlsx, the site-frequency map."""
    return {
        "h_robustness": {
            "vi": "Độ vững của khuyến nghị",
            "en": "Robustness of the recommendation",
        },
        "sheet_robustness": {"vi": "Độ vững", "en": "Robustness"},
        "robust_sheet_title": {
            "vi": "Độ vững của khuyến nghị: {scenario}, {samples} lần rút mẫu số liệu "
            "(hạt giống {seed})",
            "en": "Robustness of the recommendation: {scenario}, {samples} draws of the data "
            "(seed {seed})",
        },
        "robust_h_sites": {
            "vi": "Tần suất được chọn theo địa điểm",
            "en": "How often each site is chosen",
        },
        "robust_h_districts": {
            "vi": "Tần suất có cơ sở mới theo huyện",
            "en": "How often each district gets a new centre",
        },
        "robust_h_plans": {
            "vi": "Thiệt hại so với phương án tốt nhất của từng lần rút mẫu, theo phương án",
            "en": "Regret against each draw's best plan, per plan",
        },
        "robust_more": {
            "vi": "Bảng đầy đủ: trang tính “Độ vững” của report.xlsx; bản đồ: robust/robust_map.html.",
            "en": "Full tables: the “Robustness” sheet of report.xlsx; map: robust/robust_map.html.",
        },
        "robust_stale": {
            "vi": "Kết quả độ vững được tính với dữ liệu khác; chạy lại facility-plan robust "
            "{scenario} để cập nhật. Kết quả cũ không được đưa vào báo cáo.",
            "en": "The robustness result was computed with other data; run facility-plan robust "
            "{scenario} again to update it. The old result is left out of the report.",
        },
        "col_chosen_draws": {"vi": "Số lần được chọn (lần)", "en": "Times chosen (draws)"},
        "col_chosen_share": {
            "vi": "Tỷ lệ số lần được chọn (%)",
            "en": "Share of draws chosen (%)",
        },
        "col_most_frequent_tier": {
            "vi": "Quy mô thường gặp nhất",
            "en": "Most frequent size tier",
        },
        "col_draws_with_new_centre": {
            "vi": "Số lần có cơ sở mới (lần)",
            "en": "Draws with a new centre (draws)",
        },
        "col_share_of_draws": {"vi": "Tỷ lệ số lần rút mẫu (%)", "en": "Share of draws (%)"},
        "col_plan_role": {"vi": "Phương án", "en": "Plan"},
        "col_new_centres_where": {
            "vi": "Cơ sở mới (xã, huyện, quy mô)",
            "en": "New centres (commune, district, tier)",
        },
        "col_optimal_in_draws": {"vi": "Tối ưu ở (lần)", "en": "Optimal in (draws)"},
        "col_regret_median": {
            "vi": "Thiệt hại trung vị (người·phút)",
            "en": "Median regret (person-minutes)",
        },
        "col_regret_p90": {
            "vi": "Thiệt hại phân vị 90 (người·phút)",
            "en": "90th percentile regret (person-minutes)",
        },
        "col_regret_worst": {
            "vi": "Thiệt hại lớn nhất (người·phút)",
            "en": "Worst regret (person-minutes)",
        },
        "col_regret_share_worst": {
            "vi": "Thiệt hại lớn nhất (% người·phút của phương án tốt nhất)",
            "en": "Worst regret (% of the best plan's person-minutes)",
        },
        "col_extra_unserved_worst": {
            "vi": "Người chưa được phục vụ tăng thêm, lớn nhất (người)",
            "en": "Extra unserved persons, worst (persons)",
        },
        "col_within_indifference": {
            "vi": "Trong ngưỡng {share} (% số lần)",
            "en": "Within {share} (% of draws)",
        },
        "robust_role_optimised": {"vi": "Phương án tối ưu", "en": "Optimised plan"},
        "robust_role_compare": {"vi": "Phương án so sánh", "en": "Compared plan"},
        "robust_role_minimax": {
            "vi": "Thiệt hại lớn nhất nhỏ nhất",
            "en": "Min–max regret",
        },
        "robust_role_seen": {
            "vi": "Tối ưu ở một số lần rút mẫu",
            "en": "Optimal in some draws",
        },
        "robust_map_title": {"vi": "Độ vững: {title}", "en": "Robustness: {title}"},
        "robust_sites_layer": {
            "vi": "Địa điểm được chọn (tần suất)",
            "en": "Sites chosen (frequency)",
        },
        "robust_districts_layer": {
            "vi": "Huyện có cơ sở mới (tần suất)",
            "en": "Districts with a new centre (frequency)",
        },
        "robust_legend_title": {
            "vi": "Tỷ lệ số lần rút mẫu địa điểm được chọn",
            "en": "Share of draws in which the site is chosen",
        },
        "robust_legend_size": {
            "vi": "Vòng tròn càng lớn, địa điểm càng hay được chọn.",
            "en": "Larger circles: sites chosen more often.",
        },
        "robust_legend_draws": {
            "vi": "{samples} lần rút mẫu các số liệu không chắc chắn (hạt giống {seed}).",
            "en": "{samples} draws of the uncertain inputs (seed {seed}).",
        },
        "robust_chosen": {"vi": "Được chọn", "en": "Chosen"},
        "robust_chosen_value": {
            "vi": "{draws}/{samples} lần ({share})",
            "en": "{draws}/{samples} draws ({share})",
        },
        "robust_district_tooltip": {
            "vi": "có cơ sở mới trong {draws}/{samples} lần rút mẫu ({share})",
            "en": "a new centre in {draws}/{samples} draws ({share})",
        },
        "robust_district_classes": {
            "vi": "mỗi ô một khoảng 20 % số lần rút mẫu",
            "en": "each box a fifth of the draws",
        },
    }


def entries() -> dict[str, dict[str, str]]:
    """Labels by key: ``{key: {"vi": ..., "en": ...}}`` (a fresh dict each call)."""
    return {**_access(), **_robust()}
