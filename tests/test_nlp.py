from __future__ import annotations

import pytest

from tidings import nlp
from tidings.pipeline.run import Pipeline

TEXT = (
    "Latvia's Foreign Minister Edgars Rinkevics said on Tuesday that NATO troops were "
    "Needed. Rinkevics’s remarks came as Estonian Prime Minister Taavi Roivas met Ålander."
)
ATTRIBUTES = {
    "ORTH": "text",
    "LOWER": "lower_",
    "POS": "pos_",
    "DEP": "dep_",
    "LEMMA": "lemma_",
    "TAG": "tag_",
    "ENT_TYPE": "ent_type_",
}


@pytest.mark.parametrize("attr", sorted(ATTRIBUTES))
def test_nlp_token_column_matches_the_tokens(pipeline: Pipeline, attr: str) -> None:
    doc = pipeline.nlp(TEXT)
    expected = [getattr(t, ATTRIBUTES[attr]) for t in doc]
    assert nlp.token_column(doc, attr) == expected
    # Read again (from the Doc's cache) and after the shared string cache was emptied.
    assert nlp.token_column(doc, attr) == expected
    nlp._STRINGS.clear()
    nlp._STRINGS[0] = ""
    assert nlp.token_column(pipeline.nlp(TEXT), attr) == expected


def test_nlp_string_cache_stays_bounded(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nlp, "_STRINGS_MAX", 5)
    doc = pipeline.nlp(TEXT)
    assert nlp.token_column(doc, "ORTH") == [t.text for t in doc]
    other = pipeline.nlp("Protesters marched through the capital on Sunday.")
    assert nlp.token_column(other, "ORTH") == [t.text for t in other]
    assert len(nlp._STRINGS) <= len(set(t.orth for t in other)) + 1


def test_nlp_lower_lemmas_and_offsets_match_the_tokens(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    assert nlp.lower_lemmas(doc) == [t.lemma_.lower() for t in doc]
    assert nlp.token_starts(doc) == [t.idx for t in doc]


def test_nlp_remembered_text_is_the_docs_own(pipeline: Pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    nlp.remember_text(doc, TEXT)
    assert nlp.doc_text(doc) == doc.text == TEXT


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_nlp_columns_of_an_empty_or_blank_doc(pipeline: Pipeline, text: str) -> None:
    doc = pipeline.nlp(text)
    assert nlp.token_column(doc, "ORTH") == [t.text for t in doc]
    assert nlp.token_starts(doc) == [t.idx for t in doc]
    assert nlp.lower_lemmas(doc) == [t.lemma_.lower() for t in doc]
