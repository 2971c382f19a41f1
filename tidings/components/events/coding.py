"""CAMEO code → the record's code fields: label, PLOVER type/mode/context, quad class, Goldstein."""

from __future__ import annotations

from functools import cache
from typing import Any

from tidings import lexicons


@cache
def code_fields(code: str) -> dict[str, Any]:
    """The Event fields that follow from a CAMEO code, through the project's mapping table."""
    entry = lexicons.cameo_codes()[code]
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
