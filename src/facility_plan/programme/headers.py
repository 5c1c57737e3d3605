"""Vietnamese and English column headers (with units) and value labels of the programme tables."""

from __future__ import annotations

import pandas as pd

from facility_plan.labels import Language

HEADERS: dict[str, tuple[str, str]] = {
    "year": ("Năm", "Year"),
    "admin_code": ("Mã xã", "Commune code"),
    "name_vi": ("Xã/phường", "Commune"),
    "district_code": ("Mã huyện", "District code"),
    "district_name_vi": ("Huyện (cũ)", "District (legacy)"),
    "target_group": ("Nhóm đối tượng", "Target group"),
    "need_source": ("Nguồn số người cần trợ giúp", "Source of people in need"),
    "people_in_need_persons": ("Người cần trợ giúp (người)", "People in need (persons)"),
    "community_share": ("Tỷ lệ sống tại cộng đồng", "Share living in the community"),
    "case_management_target_share": (
        "Mục tiêu tư vấn, quản lý trường hợp (tỷ lệ)",
        "Case-management target (share)",
    ),
    "case_management_target_source": (
        "Nguồn mục tiêu quản lý trường hợp",
        "Case-management target source",
    ),
    "persons_to_reach_persons": (
        "Người cần được tư vấn, quản lý trường hợp (người)",
        "People to counsel and case-manage (persons)",
    ),
    "case_management_social_workers_persons": (
        "Cán bộ CTXH cho quản lý trường hợp (người)",
        "Social workers for case management (persons)",
    ),
    "commune_social_workers_now_persons": (
        "Cán bộ CTXH cấp xã hiện có (người)",
        "Commune social workers now (persons)",
    ),
    "newly_staffed_commune": ("Xã được bố trí cán bộ CTXH mới", "Commune newly staffed"),
    "units_in_scope_units": ("Đơn vị thuộc phạm vi mục tiêu (đơn vị)", "Units in scope (units)"),
    "unit_kind": ("Loại đơn vị", "Unit kind"),
    "units": ("Số đơn vị (đơn vị)", "Units (units)"),
    "units_with_staff_now": (
        "Đơn vị đã có cán bộ CTXH (đơn vị)",
        "Units with social-work staff now (units)",
    ),
    "staffed_unit_target_share": (
        "Mục tiêu đơn vị có cán bộ CTXH (tỷ lệ)",
        "Target: units with social-work staff (share)",
    ),
    "staffed_unit_target_source": ("Nguồn mục tiêu bố trí cán bộ", "Staffing target source"),
    "units_with_staff_target_units": (
        "Đơn vị cần có cán bộ CTXH (đơn vị)",
        "Units to have social-work staff (units)",
    ),
    "units_to_staff_units": (
        "Đơn vị cần bố trí thêm cán bộ (đơn vị)",
        "Units still to staff (units)",
    ),
    "staff_now_persons": ("Cán bộ hiện có (người)", "Staff now (persons)"),
    "staff_needed_persons": ("Cán bộ cần có (người)", "Staff needed (persons)"),
    "social_workers_needed_persons": (
        "Cán bộ CTXH cần có (người)",
        "Social workers needed (persons)",
    ),
    "social_workers_in_post_persons": (
        "Cán bộ CTXH tại vị trí sau tuyển dụng (người)",
        "Social workers in post after hiring (persons)",
    ),
    "social_workers_to_hire_persons": (
        "Cán bộ CTXH cần tuyển trong năm (người)",
        "Social workers to hire in the year (persons)",
    ),
    "trained_staff_target_share": (
        "Mục tiêu tỷ lệ cán bộ được đào tạo",
        "Target: share of staff trained",
    ),
    "trained_staff_target_persons": (
        "Số người cần được đào tạo, lũy kế (người)",
        "Staff trained, cumulative target (persons)",
    ),
    "trained_staff_target_source": ("Nguồn mục tiêu đào tạo", "Training target source"),
    "trainees_persons": ("Người cần đào tạo trong năm (người)", "Trainees in the year (persons)"),
    "training_cohorts": ("Số lớp đào tạo (lớp)", "Training cohorts (courses)"),
    "training_cost_vnd": ("Kinh phí đào tạo (đồng)", "Training cost (VND)"),
    "base_salary_vnd_per_month": (
        "Lương cơ sở bình quân năm (đồng/tháng)",
        "Base salary, year mean (VND/month)",
    ),
    "staff_allowance_vnd_per_year": (
        "Phụ cấp cán bộ CTXH (đồng/năm)",
        "Social-work staff allowance (VND/year)",
    ),
    "allowance_coverage_share": (
        "Tỷ lệ được chi trả trợ cấp hằng tháng",
        "Share paid the monthly allowance",
    ),
    "allowance_recipients_persons": (
        "Người hưởng trợ cấp hằng tháng tại cộng đồng (người)",
        "Monthly allowance recipients in the community (persons)",
    ),
    "allowance_coefficient": ("Hệ số trợ cấp", "Allowance coefficient"),
    "standard_multiples_per_month": (
        "Tổng hệ số trợ cấp (lần mức chuẩn/tháng)",
        "Sum of coefficients (× standard level per month)",
    ),
    "standard_in_force_vnd_per_month": (
        "Mức chuẩn trợ giúp xã hội bình quân năm (đồng/tháng)",
        "Standard level in force, year mean (VND/month)",
    ),
    "allowance_vnd_per_year": (
        "Kinh phí trợ cấp hằng tháng theo mức chuẩn hiện hành (đồng/năm)",
        "Monthly allowance budget at the standard in force (VND/year)",
    ),
    "emergency_persons": (
        "Người gặp khó khăn đột xuất (người)",
        "People hit by sudden hardship (persons)",
    ),
    "emergency_help_target_share": (
        "Mục tiêu trợ giúp kịp thời (tỷ lệ)",
        "Target: helped in time (share)",
    ),
    "emergency_persons_to_help_persons": (
        "Người cần trợ giúp đột xuất (người)",
        "People to help in an emergency (persons)",
    ),
    "emergency_help_vnd_per_person": (
        "Chi phí trợ giúp đột xuất mỗi người (đồng/người)",
        "Emergency help per person (VND/person)",
    ),
    "emergency_budget_vnd_per_year": (
        "Kinh phí trợ giúp đột xuất (đồng/năm)",
        "Emergency budget (VND/year)",
    ),
    "emergency_persons_helped_persons": (
        "Người được trợ giúp đột xuất (người)",
        "People helped in an emergency (persons)",
    ),
    "emergency_help_vnd_per_year": (
        "Kinh phí trợ giúp đột xuất (đồng/năm)",
        "Emergency help (VND/year)",
    ),
    "facilities_total": (
        "Cơ sở trợ giúp xã hội (cơ sở)",
        "Social-assistance facilities (facilities)",
    ),
    "facilities_accessible": (
        "Cơ sở đạt điều kiện tiếp cận (cơ sở)",
        "Facilities meeting access conditions (facilities)",
    ),
    "accessible_facility_target_share": (
        "Mục tiêu cơ sở đạt điều kiện tiếp cận (tỷ lệ)",
        "Target: facilities meeting access conditions (share)",
    ),
    "accessible_facility_target_source": ("Nguồn mục tiêu tiếp cận", "Access target source"),
    "facilities_to_upgrade": (
        "Cơ sở cần cải tạo cho đạt điều kiện tiếp cận (cơ sở)",
        "Facilities to upgrade for access (facilities)",
    ),
    "total_cost_vnd_per_year": (
        "Tổng kinh phí chương trình (đồng/năm)",
        "Programme cost (VND/year)",
    ),
    "setting": ("Định mức", "Setting"),
    "value": ("Giá trị", "Value"),
    "unit": ("Đơn vị tính", "Unit"),
    "source": ("Nguồn", "Source"),
    "status": ("Mức tin cậy", "Status"),
    "has_social_work_staff": ("Có cán bộ CTXH", "Has social-work staff"),
    "case_management_deliverable_share": (
        "Tỷ lệ quản lý trường hợp cán bộ hiện có đáp ứng",
        "Case-management share current staff can deliver",
    ),
    "below_case_management_target": (
        "Dưới mục tiêu quản lý trường hợp",
        "Below the case-management target",
    ),
    "map_status": ("Tình trạng", "Status"),
    "staff_persons": ("Cán bộ CTXH (người)", "Social workers (persons)"),
    "budget_vnd_per_year": ("Kinh phí (đồng/năm)", "Budget (VND/year)"),
    "persons_reached_persons": (
        "Người được quản lý trường hợp (người)",
        "People case-managed (persons)",
    ),
    "case_management_share": (
        "Tỷ lệ quản lý trường hợp đạt được",
        "Case-management share delivered",
    ),
    "units_staffable_units": (
        "Đơn vị có thể bố trí cán bộ (đơn vị)",
        "Units that can be staffed (units)",
    ),
    "staffed_unit_share": ("Tỷ lệ đơn vị có cán bộ đạt được", "Share of units staffed"),
    "allowance_entitlement_vnd_per_year": (
        "Kinh phí trợ cấp cần để chi trả đủ (đồng/năm)",
        "Allowance budget for full payment (VND/year)",
    ),
    "allowance_share_paid": ("Tỷ lệ chi trả trợ cấp đạt được", "Share of the allowance paid"),
    "allowance_recipients_paid_persons": (
        "Người được chi trả trợ cấp (người)",
        "Allowance recipients paid (persons)",
    ),
}
"""Column key → (Vietnamese, English) header; headers carry units in parentheses."""

VALUES: dict[str, tuple[str, str]] = {
    "plan": ("kế hoạch", "plan"),
    "interpolated": ("nội suy", "interpolated"),
    "baseline": ("hiện trạng", "baseline"),
    "held": ("giữ mức", "held"),
    "none": ("không có mục tiêu", "no target"),
    "register": ("danh sách quản lý", "register"),
    "demand_model": ("mô hình nhu cầu", "demand model"),
    "commune": ("UBND xã/phường", "commune"),
    "school": ("trường học", "school"),
    "health_station": ("trạm y tế", "health station"),
    "hospital": ("bệnh viện", "hospital"),
    "facility": ("cơ sở trợ giúp xã hội", "social-assistance facility"),
    "no_staff": ("chưa có cán bộ CTXH", "no social-work staff"),
    "below_target": ("dưới mục tiêu quản lý trường hợp", "below the case-management target"),
    "meets_target": ("đạt mục tiêu", "meets the target"),
    "no_data": ("chưa có số liệu", "no data"),
    "seen": ("đã đối chiếu", "seen"),
    "recalled": ("chưa kiểm chứng", "recalled"),
    "derived": ("tính từ số liệu", "derived"),
    "placeholder": ("giả định, chưa có nguồn", "placeholder"),
}
"""Coded values → (Vietnamese, English) text."""

TRANSLATED_COLUMNS = (
    "case_management_target_source",
    "staffed_unit_target_source",
    "trained_staff_target_source",
    "accessible_facility_target_source",
    "need_source",
    "unit_kind",
    "map_status",
    "status",
)


def header(key: str, language: Language = "vi") -> str:
    """The header of column `key` (the key itself when it has none)."""
    pair = HEADERS.get(key)
    if pair is None:
        return key
    return pair[0] if language == "vi" else pair[1]


def value_text(value: object, language: Language = "vi") -> object:
    """A coded value in words (other values unchanged)."""
    pair = VALUES.get(value) if isinstance(value, str) else None
    if pair is None:
        return value
    return pair[0] if language == "vi" else pair[1]


def translate(frame: pd.DataFrame, language: Language = "vi") -> pd.DataFrame:
    """`frame` with coded values in words and headers in `language` (index reset into columns)."""
    table = frame.reset_index() if frame.index.name is not None else frame.copy()
    for column in TRANSLATED_COLUMNS:
        if column in table.columns:
            table[column] = table[column].map(lambda v: value_text(v, language))
    return table.rename(columns=lambda key: header(str(key), language))
