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


def test_mypy_strict_is_clean() -> None:
    completed = subprocess.run(
        [_tool("mypy"), "--strict", "src/facility_plan"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_module_has_one_job_and_stays_small() -> None:
    """Each module opens with a one-line docstring and stays under ~500 lines (vendored code aside)."""
    import ast

    too_long, undocumented = [], []
    for path in sorted((REPO_ROOT / "src" / "facility_plan").rglob("*.py")):
        if "_vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 540:  # "about 500 lines"
            too_long.append(f"{path.name}: {len(text.splitlines())} lines")
        docstring = ast.get_docstring(ast.parse(text))
        if not docstring or not docstring.splitlines()[0].strip():
            undocumented.append(str(path.relative_to(REPO_ROOT)))
    assert not too_long, too_long
    assert not undocumented, undocumented


def test_help_and_version_answer_without_heavy_imports() -> None:
    """``facility-plan --help`` must not import geopandas, pandas, PuLP, folium or matplotlib."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from facility_plan.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = [m for m in ('geopandas', 'pandas', 'pulp', 'folium', 'matplotlib', 'highspy')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "", f"--help imported: {completed.stdout.strip()}"
    version = subprocess.run(
        [sys.executable, "-m", "facility_plan", "--version"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    from facility_plan import __version__

    assert version.stdout.strip() == f"facility-plan {__version__}"


def test_every_package_is_in_the_wheel() -> None:
    """pyproject lists packages explicitly (data/geo ships as facility_plan.geo_data): none missing."""
    import tomllib

    listed = set(
        tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
            "setuptools"
        ]["packages"]
    )
    src = REPO_ROOT / "src"
    found = {
        ".".join(init.parent.relative_to(src).parts)
        for init in src.rglob("__init__.py")
        if "_vendor" not in init.parts
    }
    assert found <= listed, sorted(found - listed)
