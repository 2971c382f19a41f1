from __future__ import annotations

import pytest

from tidings.errors import PipelineError
from tidings.models import ArticleRecord, Failure, RawDocument, SourceRef
from tidings.pipeline.component import check_order
from tidings.pipeline.run import Pipeline
from tidings.pipeline.state import WorkItem


class _Needs:
    name = "needs-quotes"
    requires = ("quotes",)
    assigns = ("events",)

    def __call__(self, item: WorkItem) -> None:
        item.set("events", [])


class _Gives:
    name = "gives-quotes"
    requires = ("doc",)
    assigns = ("quotes",)

    def __call__(self, item: WorkItem) -> None:
        item.set("quotes", [])


class _Breaks:
    name = "breaks"
    requires = ("doc",)
    assigns = ()

    def __call__(self, item: WorkItem) -> None:
        raise ValueError("boom")


def test_pipeline_rejects_component_whose_needs_are_unmet() -> None:
    with pytest.raises(PipelineError, match=r"needs-quotes.*quotes"):
        check_order([_Needs(), _Gives()])
    check_order([_Gives(), _Needs()])


def test_pipeline_default_components_fit(pipeline: Pipeline) -> None:
    check_order(pipeline.components)
    assert "entities" in pipeline.component_names


def test_pipeline_pipe_keeps_order_and_records_component_failure(pipeline: Pipeline) -> None:
    breaking = Pipeline(pipeline.settings, [_Breaks()])
    docs = [
        RawDocument(SourceRef(f"d{i}"), f"Article number {i} says the army moved.")
        for i in range(3)
    ]
    results = list(breaking.pipe(docs))
    assert all(
        isinstance(r, Failure) and r.stage == "breaks" and "boom" in r.error for r in results
    )
    assert [str(r.source) for r in results] == ["d0", "d1", "d2"]
    good = list(
        pipeline.pipe(
            [*docs, RawDocument(SourceRef("empty"), "Photo by: AP\n\nImage copyright Getty Images")]
        )
    )
    assert [type(r) for r in good] == [ArticleRecord] * 3 + [Failure]
    assert [r.article.source.location for r in good[:3]] == ["d0", "d1", "d2"]


def test_pipeline_extract_function_is_not_shadowed_by_a_package() -> None:
    import importlib
    import pkgutil

    import tidings

    for module in pkgutil.walk_packages(tidings.__path__, "tidings."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    first = tidings.extract("Germany accused Russia of hacking.", published="2020-01-01")
    assert callable(tidings.extract)
    assert first.events
    public = {name for name in tidings.__all__ if not name.startswith("_")}
    shadowed = {m.name.split(".")[1] for m in pkgutil.iter_modules(tidings.__path__, "tidings.")}
    assert not public & shadowed
