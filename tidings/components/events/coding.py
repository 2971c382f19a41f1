"""CAMEO code → the record's code fields: label, PLOVER type/mode/context, quad class, Goldstein."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tidings.lexicons import Lexicons


def code_fields_table(lexicons: Lexicons) -> Mapping[str, dict[str, Any]]:
    """The Event fields that follow from each CAMEO code, through the project's mapping table."""
    return {code: code_fields(lexicons, code) for code in lexicons.cameo}


def code_fields(lexicons: Lexicons, code: str) -> dict[str, Any]:
    """The Event fields that follow from a CAMEO code."""
    entry = lexicons.cameo[code]
    plover, mode, context = lexicons.plover_for(code)
    return {
        "cameo": code,
        "cameo_label": entry.name,
        "plover": plover,
        "plover_mode": mode,
        "plover_context": context,
        "quad_class": entry.quad_class,
        "goldstein": entry.goldstein,
    }
