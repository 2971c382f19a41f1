"""The wheel ships every module, lexicon, demo and static file of the source tree.

An editable install reads files straight from the tree, so a data file that
`[tool.setuptools.package-data]` does not cover passes every other test and is missing only once
tidings is installed from the wheel. This test builds the wheel from a copy of the tree (a stale
`build/` directory cannot hide a miss) and compares.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "tidings"
# Directories whose every file is package data.
DATA_DIRS = ("tidings/lexicons/data", "tidings/demo", "tidings/serve/static")
# setuptools reads `project.license` as an SPDX expression from this version on.
SETUPTOOLS_IN_PLACE = 77


def source_files(directory: Path) -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def copy_tree(target: Path) -> Path:
    """What a build reads: pyproject.toml, the README it names, the package (no caches)."""
    source = target / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for extra in ROOT.glob("LICEN[CS]E*"):
        shutil.copy2(extra, source / extra.name)
    shutil.copytree(PACKAGE, source / "tidings", ignore=shutil.ignore_patterns("__pycache__"))
    return source


def build_command(source: Path, out: Path) -> list[str]:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    major = int(metadata.version("setuptools").split(".")[0])
    if major >= SETUPTOOLS_IN_PLACE:
        # The running environment can build it: no isolated environment to set up.
        command.append("--no-build-isolation")
    return [*command, str(source)]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    out = work / "dist"
    done = subprocess.run(
        build_command(copy_tree(work), out), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("tidings-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("directory", DATA_DIRS)
def test_packaging_wheel_has_every_data_file(wheel_files: set[str], directory: str) -> None:
    if not (ROOT / directory).exists():
        pytest.skip(f"{directory} does not exist in this tree")
    files = source_files(ROOT / directory)
    assert files, f"{directory} is empty"
    missing = sorted(files - wheel_files)
    assert not missing, f"not in the wheel (see [tool.setuptools.package-data]): {missing}"


def test_packaging_wheel_has_every_module(wheel_files: set[str]) -> None:
    modules = {f for f in source_files(PACKAGE) if f.endswith(".py")}
    missing = sorted(modules - wheel_files)
    assert not missing, f"not in the wheel (a package without __init__.py?): {missing}"


def test_packaging_wheel_has_the_cli_entry_point(wheel: Path, wheel_files: set[str]) -> None:
    (name,) = [f for f in wheel_files if f.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read(name).decode("utf-8")
    assert "tidings = tidings.cli:app" in entry_points
