"""docs/ARCHITECTURE.md stays true both ways: what it names exists, and every package is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
# A path into the package as the page writes it: `tidings/components/events/coder.py`.
PATH = re.compile(r"\btidings/[\w./-]*[\w/]")


def named_paths(text: str) -> list[str]:
    return sorted(set(PATH.findall(text)))


def packages() -> list[str]:
    """Every package under tidings/ (a directory with an __init__.py), as 'tidings/x/'."""
    return sorted(
        p.parent.relative_to(ROOT).as_posix() + "/"
        for p in (ROOT / "tidings").rglob("*/__init__.py")
    )


@pytest.mark.parametrize("path", named_paths(ARCHITECTURE.read_text(encoding="utf-8")))
def test_docs_architecture_names_only_what_exists(path: str) -> None:
    assert (ROOT / path).exists(), f"docs/ARCHITECTURE.md names {path}, which does not exist"


@pytest.mark.parametrize("package", packages())
def test_docs_architecture_names_every_package(package: str) -> None:
    named = named_paths(ARCHITECTURE.read_text(encoding="utf-8"))
    assert any(p.startswith(package) for p in named), (
        f"docs/ARCHITECTURE.md does not name {package} or any module in it"
    )


def test_docs_path_pattern_reads_what_the_page_writes() -> None:
    text = "see `tidings/store/rows.py`, `tidings/ingest/` and tidings/nlp.py."
    assert named_paths(text) == ["tidings/ingest/", "tidings/nlp.py", "tidings/store/rows.py"]


def test_docs_readme_links_the_architecture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/ARCHITECTURE.md)" in readme
