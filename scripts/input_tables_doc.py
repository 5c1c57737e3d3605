"""Write README.md's section "Your own data / Dữ liệu của bạn" (one table per input) from the schema.

Usage: ``python scripts/input_tables_doc.py`` (rewrites the text between the
``<!-- input-tables:start -->`` and ``<!-- input-tables:end -->`` markers); ``--check`` only
reports whether README.md is up to date (exit 1 if not).
"""

from __future__ import annotations

import sys
from pathlib import Path

from facility_plan.project import replace_readme_section

README = Path(__file__).resolve().parents[1] / "README.md"


def main(argv: list[str]) -> int:
    """Rewrite (or with ``--check`` compare) the README section; returns the exit code."""
    current = README.read_text(encoding="utf-8")
    updated = replace_readme_section(current)
    if "--check" in argv:
        if updated != current:
            print(f"{README}: the input-tables section is out of date; run {Path(__file__).name}")
            return 1
        return 0
    if updated != current:
        README.write_text(updated, encoding="utf-8")
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
