"""Blank templates of the programme input tables for a province (one row per commune, group, unit kind or facility)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from facility_plan.config.programme import UNIT_KINDS
from facility_plan.io import write_csv, write_text
from facility_plan.programme.inputs import (
    FACILITY_ACCESS,
    REGISTERS,
    SERVICE_UNITS,
    SOCIAL_WORK_STAFF,
)
from facility_plan.schema import TableContract

REGISTER_TEMPLATE_GROUPS = (
    "elderly",
    "disability",
    "mental_illness",
    "children",
    "elderly_minority_no_pension",
    "children_under_3_poor",
    "pregnant_poor",
)
"""Groups listed in a register template: the demand groups with a register, and the widened groups."""

NOTES_FILE = "GHI_CHU.md"


def _blank(contract: TableContract, keys: pd.DataFrame) -> pd.DataFrame:
    """A frame with the contract's columns: `keys` filled in, every other cell blank."""
    frame = pd.DataFrame({column.name: "" for column in contract.columns}, index=keys.index)
    for column in keys.columns:
        frame[column] = keys[column].astype(str)
    return frame.reset_index(drop=True)


def programme_templates(
    communes: pd.DataFrame,
    facilities: pd.DataFrame,
    groups: Sequence[str] = REGISTER_TEMPLATE_GROUPS,
) -> dict[str, pd.DataFrame]:
    """Blank programme tables for a province: file name → frame (codes and names filled in).

    Parameters
    ----------
    communes
        Commune-level units indexed by admin_code, with ``name_vi``.
    facilities
        Existing facilities indexed by facility_id, with ``name_vi``.
    groups
        Target groups of the register template.
    """
    codes = pd.Series(communes.index.astype(str), name="admin_code")
    names = communes["name_vi"].astype(str).to_numpy()
    per_commune = pd.DataFrame({"admin_code": codes, "name_vi": names})
    registers = per_commune.merge(pd.DataFrame({"target_group": list(groups)}), how="cross")
    staff = per_commune.merge(pd.DataFrame({"unit_kind": list(UNIT_KINDS)}), how="cross")
    access = pd.DataFrame(
        {
            "facility_id": facilities.index.astype(str),
            "name_vi": facilities["name_vi"].astype(str).to_numpy(),
        }
    )
    return {
        "registers.csv": _blank(REGISTERS, registers),
        "service_units.csv": _blank(SERVICE_UNITS, per_commune),
        "social_work_staff.csv": _blank(SOCIAL_WORK_STAFF, staff),
        "facility_access.csv": _blank(FACILITY_ACCESS, access),
    }


def write_programme_templates(
    folder: str | Path,
    communes: pd.DataFrame,
    facilities: pd.DataFrame,
    groups: Sequence[str] = REGISTER_TEMPLATE_GROUPS,
) -> list[Path]:
    """Write the blank programme tables of `programme_templates` into `folder` (CSV, UTF-8).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(target / name, frame)
        for name, frame in programme_templates(communes, facilities, groups).items()
    ]


def write_template_notes(folder: str | Path) -> Path:
    """Write the Vietnamese notes of `template_notes_vi` as ``GHI_CHU.md`` in `folder`."""
    return write_text(Path(folder) / NOTES_FILE, template_notes_vi())


def template_notes_vi() -> str:
    """Vietnamese notes on filling in the programme templates (the text of ``GHI_CHU.md``)."""
    kinds = ", ".join(UNIT_KINDS)
    groups = ", ".join(REGISTER_TEMPLATE_GROUPS)
    return f"""# Hướng dẫn điền các bảng chương trình trợ giúp xã hội

Mỗi thư mục ứng với một tỉnh (theo `data/geo`). Các bảng đã ghi sẵn mã và tên xã, mã cơ sở; hãy
điền các ô trống rồi lưu dưới dạng **CSV UTF-8, phân cách bằng dấu phẩy**. Số viết liền, không có
dấu chấm hay dấu phẩy phân cách hàng nghìn (ví dụ `1250`, không viết `1.250`). Cột `source` ghi
nguồn số liệu (văn bản, báo cáo, năm).

**Chỉ ghi số lượng.** Các bảng này không được chứa họ tên, ngày sinh, số CCCD/CMND hay bất kỳ
thông tin cá nhân nào; cột nào ngoài các cột của mẫu đều bị từ chối.

Cột `name_vi` chỉ để người điền dễ đối chiếu, chương trình không đọc cột này.

## registers.csv: số đối tượng theo danh sách quản lý

Mỗi dòng: một xã × một nhóm đối tượng × một năm. `year` là năm của danh sách; `persons` là số
người (người). Nhóm: {groups}. Xóa các dòng của nhóm không có danh sách. Nhóm nào đã có trong
bảng thì phải đủ dòng cho mọi xã (ghi 0 nếu không có ai). Nhóm không có danh sách sẽ lấy theo mô
hình nhu cầu. Với năm khác năm của danh sách, số người được điều chỉnh theo tốc độ tăng dân số
của nhóm trong mô hình nhu cầu.

## service_units.csv: số đơn vị trên địa bàn xã

Mỗi xã một dòng: `schools` (trường học), `health_stations` (trạm y tế), `hospitals` (bệnh viện),
đơn vị tính: đơn vị. Nếu tỉnh không cung cấp bảng này, số đơn vị được ước theo tỷ lệ bình quân cả
nước trên 1.000 dân và được ghi chú là chưa kiểm chứng trong mọi kết quả.

## social_work_staff.csv: cán bộ công tác xã hội hiện có

Mỗi dòng: một xã × một loại đơn vị ({kinds}; `commune` là UBND xã/phường, `facility` là cơ sở
trợ giúp xã hội). `units_with_staff`: số đơn vị đã có cán bộ công tác xã hội (với `commune`: 0
hoặc 1); `staff_persons`: số cán bộ (người); `trained_staff_persons`: số cán bộ đã được đào tạo
công tác xã hội (người, không lớn hơn `staff_persons`). Có thể bỏ các dòng không có cán bộ.
Nếu tỉnh không cung cấp bảng này, chương trình tính như chưa có cán bộ nào (số cần tuyển là mức
tối đa) và ghi chú điều đó.

## facility_access.csv: điều kiện tiếp cận của cơ sở

Mỗi cơ sở một dòng: `meets_access_conditions` là `true` nếu cơ sở đạt điều kiện tiếp cận tối
thiểu cho người khuyết tật, `false` nếu chưa. Cơ sở không có dòng được tính là chưa đánh giá.

## Cách dùng trong kịch bản

Ghi đường dẫn (tương đối so với tệp kịch bản) trong mục `[programme.inputs]`, ví dụ:

```toml
[programme.inputs]
social_work_staff = "../data/templates/ninh_binh_2019/social_work_staff.csv"
```
"""
