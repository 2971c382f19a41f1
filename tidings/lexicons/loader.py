"""The one reader of lexicon files: the bundled data, a user override directory, file:line errors.

Every lexicon file (TSV tables and TOML word lists) is read here. A user override directory may
hold a file of the same name as a bundled one (``countries.tsv``), which replaces it, or
``NAME.extra.tsv`` / ``NAME.extra.toml``, which extends it: rows are appended after the
bundled ones, TOML tables are merged (lists joined, other values replaced). The bundled data has
one subdirectory, ``events/`` (the event patterns, one file per CAMEO root); its files are named
``events/01-statements.toml`` ..., and an override directory's own ``events/`` subdirectory
replaces or extends them one by one the same way. Any other file name in the directory is an
error. Problems are raised as :class:`LexiconError` reading
``path:line: problem``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tidings.errors import LexiconError

DATA_DIR = Path(__file__).parent / "data"
EXTRA = ".extra"
# Subdirectories of the data whose files are lexicon files too (named "events/NAME.toml").
SUBDIRS = ("events",)
SUFFIXES = {".tsv", ".toml"}

Role = Literal["bundled", "override", "extra"]


@dataclass(frozen=True, slots=True)
class LexiconFile:
    """One file in use: `name` is the bundled file it stands for or extends."""

    name: str
    path: Path
    text: str
    role: Role


def fail(path: Path | str, line: int, message: str) -> LexiconError:
    return LexiconError(message, str(path), line)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon file: {exc}", str(path)) from None


class LexiconFiles:
    """The lexicon files in use: each bundled file, or its replacement, then its extension."""

    def __init__(self, override_dir: Path | None = None, bundled_dir: Path = DATA_DIR) -> None:
        bundled = dict(_lexicon_paths(bundled_dir))
        chosen: dict[str, LexiconFile] = {
            name: LexiconFile(name, path, _read(path), "bundled") for name, path in bundled.items()
        }
        extras: dict[str, LexiconFile] = {}
        self.override_dir = override_dir
        if override_dir is not None:
            if not override_dir.is_dir():
                raise LexiconError("lexicon override directory does not exist", str(override_dir))
            for given, path in _override_paths(override_dir):
                name = _stands_for(given)
                if name not in bundled or not path.is_file():
                    raise LexiconError(
                        "unknown lexicon file: an override directory holds files named like the "
                        f"bundled ones ({', '.join(bundled)}) or NAME.extra.tsv / NAME.extra.toml",
                        str(path),
                    )
                if name == given:
                    chosen[name] = LexiconFile(name, path, _read(path), "override")
                else:
                    extras[name] = LexiconFile(name, path, _read(path), "extra")
        self._files = {
            name: (file, extras[name]) if name in extras else (file,)
            for name, file in chosen.items()
        }

    def get(self, name: str) -> tuple[LexiconFile, ...]:
        """The file standing for a bundled name, then its extension if there is one."""
        return self._files[name]

    def under(self, subdir: str) -> list[tuple[LexiconFile, ...]]:
        """The files (each with its extension) of a bundled subdirectory, in name order."""
        return [files for name, files in sorted(self._files.items()) if name.startswith(subdir)]

    @property
    def all(self) -> tuple[LexiconFile, ...]:
        return tuple(f for files in self._files.values() for f in files)

    def fingerprint(self) -> str:
        """A short hash over the name, role and content of every file in use."""
        digest = hashlib.sha256()
        for file in self.all:
            for part in (file.name, file.role, file.text):
                digest.update(part.encode("utf-8"))
                digest.update(b"\0")
        return digest.hexdigest()[:16]


def _lexicon_paths(directory: Path) -> list[tuple[str, Path]]:
    """(name, path) of the bundled lexicon files: "roles.tsv", "events/19-fight.toml", ..."""
    found = [(p.name, p) for p in sorted(directory.iterdir()) if p.suffix in SUFFIXES]
    for sub in SUBDIRS:
        found += [
            (f"{sub}/{p.name}", p)
            for p in sorted((directory / sub).iterdir())
            if p.suffix in SUFFIXES
        ]
    return found


def _override_paths(directory: Path) -> list[tuple[str, Path]]:
    """(name, path) of every entry of an override directory and of its known subdirectories;
    hidden entries are skipped."""
    found: list[tuple[str, Path]] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.name in SUBDIRS and path.is_dir():
            found += [
                (f"{path.name}/{p.name}", p)
                for p in sorted(path.iterdir())
                if not p.name.startswith(".")
            ]
        else:
            found.append((path.name, path))
    return found


def _stands_for(file_name: str) -> str:
    """ "countries.extra.tsv" -> "countries.tsv"; any other name -> itself."""
    for suffix in (".tsv", ".toml"):
        if file_name.endswith(EXTRA + suffix):
            return file_name[: -len(EXTRA + suffix)] + suffix
    return file_name


# ---------------------------------------------------------------- TSV


def tsv_rows(
    files: Sequence[LexiconFile], columns: tuple[str, ...]
) -> Iterator[tuple[Path, int, list[str]]]:
    """(path, line number, cells) of each record of a table and its extension, header checked.

    ``#`` comment lines and blank lines are skipped; the first other line is the header."""
    for file in files:
        header_seen = False
        for number, raw in enumerate(file.text.splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = [cell.strip() for cell in raw.split("\t")]
            if not header_seen:
                if tuple(cells) != columns:
                    got = "|".join(cells)
                    raise fail(file.path, number, f"expected header {'|'.join(columns)}, got {got}")
                header_seen = True
                continue
            if len(cells) != len(columns):
                raise fail(file.path, number, f"expected {len(columns)} columns, got {len(cells)}")
            yield file.path, number, cells
        if not header_seen:
            raise LexiconError("no header row", str(file.path))


def tsv_row_count(file: LexiconFile) -> int:
    """Records in a TSV file: lines that are not blank, comments or the header."""
    lines = [ln for ln in file.text.splitlines() if ln.strip() and not ln.startswith("#")]
    return max(0, len(lines) - 1)


# ---------------------------------------------------------------- TOML

_DECODE_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = [*old, *value]
        else:
            merged[key] = value
    return merged


def _leaves(node: Any) -> int:
    if isinstance(node, dict):
        return sum(_leaves(v) for v in node.values())
    if isinstance(node, list):
        return sum(_leaves(v) if isinstance(v, dict) else 1 for v in node)
    return 1


class TomlDoc:
    """A TOML file merged with its extension; `fail` names the file and line of a key."""

    def __init__(self, files: Sequence[LexiconFile]) -> None:
        self.files = tuple(files)
        data: dict[str, Any] = {}
        for file in self.files:
            try:
                data = _merge(data, tomllib.loads(file.text))
            except tomllib.TOMLDecodeError as exc:
                found = _DECODE_LINE.search(str(exc))
                message = _DECODE_LINE.sub("", str(exc)).replace("(at end of document)", "")
                # An error at the end of the file is on its last line.
                line = int(found.group(1)) if found else max(1, len(file.text.splitlines()))
                raise fail(file.path, line, f"{message.strip()} (TOML)") from None
        self.data = data
        self.name = self.files[0].name

    def where(self, *keys: str, needle: str = "") -> tuple[Path, int]:
        """The file and line defining a key path (the last file that does), else the first
        file and line 0; with `needle`, the first line from there on that contains it."""
        for file in reversed(self.files):
            line = _line_of(file.text, keys, needle)
            if line:
                return file.path, line
        return self.files[0].path, 0

    def fail(self, message: str, *keys: str, needle: str = "") -> LexiconError:
        path, line = self.where(*keys, needle=needle)
        return fail(path, line, message)

    def table(self, *keys: str) -> dict[str, Any]:
        """A table at a key path; an error when it is missing or not a table."""
        node: Any = self.data
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise self.fail(f"[{'.'.join(keys)}] is missing or not a table", *keys)
        return node

    def words(self, *keys: str, lower: bool = False) -> frozenset[str]:
        """A list of non-empty strings at a key path (lower-case ones if `lower`)."""
        return frozenset(self.strings(*keys, lower=lower))

    def strings(self, *keys: str, lower: bool = False) -> list[str]:
        parent = self.table(*keys[:-1]) if len(keys) > 1 else self.data
        value = parent.get(keys[-1])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{'.'.join(keys)} must be a list of non-empty strings", *keys)
        if lower and any(v != v.lower() for v in value):
            bad = next(v for v in value if v != v.lower())
            raise self.fail(f"{'.'.join(keys)}: {bad!r} must be lower case", *keys, needle=bad)
        return value

    @property
    def entries(self) -> int:
        """How many values the merged file holds (list items count one each)."""
        return _leaves(self.data)


def _line_of(text: str, keys: tuple[str, ...], needle: str) -> int:
    """The line (1-based) where a key path is assigned or its table opens; 0 if not found."""
    if not keys:
        return next((n for n, ln in enumerate(text.splitlines(), 1) if needle and needle in ln), 0)
    lines = text.splitlines()
    table: tuple[str, ...] = ()
    found = 0
    parent, leaf = keys[:-1], keys[-1]
    assign = re.compile(
        rf"""^\s*(?:"{re.escape(leaf)}"|'{re.escape(leaf)}'|{re.escape(leaf)})\s*="""
    )
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("#"):
            table = _key_parts(header.group(1))
            if table == keys:
                found = number
                break
            continue
        if table == parent and assign.match(line):
            found = number
            break
    if not found:
        return 0
    return _first_with(lines, needle, found - 1) if needle else found


def _first_with(lines: list[str], needle: str, start: int) -> int:
    for number in range(start, len(lines)):
        if needle in lines[number]:
            return number + 1
    return start + 1


def single_file(path: Path) -> tuple[LexiconFile, ...]:
    """One file read on its own (a table checked outside a full load, as tests do)."""
    return (LexiconFile(path.name, path, _read(path), "override"),)
