"""Errors cross process boundaries (worker pools, Dask) whole."""

from __future__ import annotations

import pickle

import pytest

from tidings.errors import (
    ConfigError,
    IngestError,
    PipelineError,
    StoreError,
    TidingsError,
)


@pytest.mark.parametrize(
    "error",
    [
        IngestError("feed.xml", "not a feed", "item 3"),
        IngestError("a.txt", "empty"),
        ConfigError("batch_size must be at least 1"),
        StoreError("x.duckdb: cannot open"),
        PipelineError("events requires places"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_survive_pickling(error: TidingsError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
