"""tidings: news articles in, explainable political event data out."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from tidings.config import Settings
from tidings.models import (
    Actor,
    Article,
    ArticleRecord,
    Event,
    EventDate,
    EventPlace,
    Failure,
    Organization,
    Person,
    Place,
    Quantity,
    Quote,
    RawDocument,
    TimeRef,
)

if TYPE_CHECKING:
    from tidings.build import build_pipeline
    from tidings.pipeline.run import Pipeline


def __getattr__(name: str) -> object:
    # The Pipeline pulls in spaCy; keep `import tidings` fast until it is asked for.
    if name == "Pipeline":
        from tidings.pipeline.run import Pipeline

        return Pipeline
    if name == "build_pipeline":
        from tidings.build import build_pipeline

        return build_pipeline
    raise AttributeError(name)


def extract(
    text: str, published: str | None = None, settings: Settings | None = None
) -> ArticleRecord:
    """Everything tidings finds in one article's text (published = 'YYYY-MM-DD')."""
    from datetime import date

    from tidings.build import build_pipeline
    from tidings.models import SourceRef

    raw = RawDocument(
        source=SourceRef("<string>"),
        text=text,
        published=date.fromisoformat(published) if published else None,
    )
    return build_pipeline(settings or Settings())(raw)


__all__ = [
    "Actor",
    "Article",
    "ArticleRecord",
    "Event",
    "EventDate",
    "EventPlace",
    "Failure",
    "Organization",
    "Person",
    "Pipeline",
    "Place",
    "Quantity",
    "Quote",
    "RawDocument",
    "Settings",
    "TimeRef",
    "__version__",
    "build_pipeline",
    "extract",
]
