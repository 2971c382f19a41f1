from __future__ import annotations

import pytest

from tidings.errors import PipelineError
from tidings.models import ArticleRecord, Failure, RawDocument, SourceRef
from tidings.pipeline import Pipeline, WorkItem, check_order


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


def test_pipeline_extract_function_survives_component_imports() -> None:
    import tidings
    from tidings.extract import events  # noqa: F401 - importing a component module

    first = tidings.extract("Germany accused Russia of hacking.", published="2020-01-01")
    second = tidings.extract("Police arrested two men in Oslo.", published="2020-01-01")
    assert callable(tidings.extract)
    assert first.events and second.article.published is not None
