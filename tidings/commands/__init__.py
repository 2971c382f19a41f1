"""What the CLI commands do and show, one module per kind of command (the CLI layer: these
modules may print and choose exit codes)."""

from __future__ import annotations

from tidings.errors import StoreError, TidingsError, UsageError


def exit_code(exc: TidingsError) -> int:
    """2 for a usage mistake (paths, ids, settings, lexicons, gold and key files), 3 for a store
    that cannot be opened, read or written."""
    return 3 if isinstance(exc, StoreError) and not isinstance(exc, UsageError) else 2
