from __future__ import annotations

import pytest

from tidings.build import default_components
from tidings.errors import PipelineError
from tidings.models import ArticleRecord, Failure, RawDocument, SourceRef
from tidings.pipeline.component import check_order
from tidings.pipeline.run import Pipeline
from tidings.pipeline.state import ArticleState


class _Needs:
    name = "needs-quotes"
    requires = ("quotes",)
    provides = ("events",)

    def __call__(self, state: ArticleState) -> None:
        state.events = ()


class _Gives:
    name = "gives-quotes"
    requires = ()
    provides = ("quotes",)

    def __call__(self, state: ArticleState) -> None:
        state.quotes = ()


class _Breaks:
    name = "breaks"
    requires = ()
    provides = ("quotes",)

    def __call__(self, state: ArticleState) -> None:
        raise ValueError("boom")


class _Sneaks:
    """Declares nothing but reads the places: the state must refuse."""

    name = "sneaks"
    requires = ()
    provides = ("events",)

    def __call__(self, state: ArticleState) -> None:
        state.events = tuple(() for _ in state.places)  # type: ignore[misc]


def test_pipeline_rejects_component_whose_needs_are_unmet() -> None:
    with pytest.raises(PipelineError, match=r"needs-quotes.*quotes"):
        check_order([_Needs(), _Gives()])
    check_order([_Gives(), _Needs()])


def test_pipeline_rejects_unknown_slot() -> None:
    class _Typo(_Gives):
        provides = ("quotse",)

    with pytest.raises(PipelineError, match=r"quotse.*not slots"):
        check_order([_Typo()])


def test_pipeline_default_components_fit(pipeline: Pipeline) -> None:
    check_order(pipeline.components)
    assert pipeline.component_names[:2] == ["entities", "names"]


@pytest.mark.parametrize("first", ["events", "people", "quotes"])
def test_pipeline_default_components_out_of_order_raise(first: str) -> None:
    components = default_components()
    moved = [c for c in components if c.name == first] + [c for c in components if c.name != first]
    with pytest.raises(PipelineError, match=rf"{first!r} requires"):
        check_order(moved)


def test_pipeline_undeclared_read_fails(pipeline: Pipeline) -> None:
    sneaky = Pipeline(pipeline.settings, [*pipeline.components[:3], _Sneaks()])
    with pytest.raises(PipelineError, match=r"'sneaks' read 'places'"):
        sneaky("Troops moved into Riga on Monday.")


def test_pipeline_failing_component_keeps_the_article(pipeline: Pipeline) -> None:
    breaking = Pipeline(pipeline.settings, [*pipeline.components[:3], _Breaks(), _Needs()])
    docs = [
        RawDocument(SourceRef(f"d{i}"), f"Article number {i} says the army moved into Riga.")
        for i in range(3)
    ]
    results = list(breaking.pipe(docs))
    assert [str(r.article.source) for r in results if isinstance(r, ArticleRecord)] == [
        "d0",
        "d1",
        "d2",
    ]
    for record in results:
        assert isinstance(record, ArticleRecord)
        assert record.places and record.places[0].name == "Riga"
        assert [(p.component, p.severity) for p in record.problems] == [
            ("breaks", "error"),
            ("needs-quotes", "warning"),
        ]
        assert "ValueError: boom" in record.problems[0].message
        assert "breaks" in record.problems[1].message
    with pytest.raises(ValueError, match="boom"):
        breaking("The army moved.")


def test_pipeline_pipe_keeps_order_and_failures(pipeline: Pipeline) -> None:
    docs = [
        RawDocument(SourceRef(f"d{i}"), f"Article number {i} says the army moved.")
        for i in range(3)
    ]
    good = list(
        pipeline.pipe(
            [*docs, RawDocument(SourceRef("empty"), "Photo by: AP\n\nImage copyright Getty Images")]
        )
    )
    assert [type(r) for r in good] == [ArticleRecord] * 3 + [Failure]
    assert [r.article.source.location for r in good[:3]] == ["d0", "d1", "d2"]
    assert all(not r.problems for r in good[:3])


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
