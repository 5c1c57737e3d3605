"""House rules that CI enforces: ruff lint and the one-way layer contract (import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO_ROOT


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(__import__("pathlib").Path(sys.executable).parent))
    return found or name


def test_ruff_is_clean() -> None:
    folders = [
        name for name in ("src", "tests", "benchmarks", "scripts") if (REPO_ROOT / name).is_dir()
    ]
    completed = subprocess.run(
        [_tool("ruff"), "check", *folders],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_layers_only_import_to_the_left() -> None:
    completed = subprocess.run(
        [_tool("lint-imports")], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
