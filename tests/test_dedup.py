from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import FIXTURES

from tidings.clean.dedup import (
    SIMILARITY,
    SignatureIndex,
    shingles,
    signature,
    similarity,
)

STORIES = FIXTURES / "stories"


def story(name: str) -> str:
    return (STORIES / f"{name}.txt").read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.\"])\s+(?=[A-Z\"])", text.strip())


WIRE = story("baltic-brigade")

# How outlets rework one wire story: each must stay in the story's cluster.
VARIANTS: dict[str, Callable[[str], str]] = {
    "new first line": lambda t: (
        "VILNIUS (Wire) - The Baltic states want NATO troops to stay for good. "
        + " ".join(sentences(t)[1:])
    ),
    "trailing sentence": lambda t: t + "\n\nThe ministers will meet again in October.",
    "outlet boilerplate": lambda t: (
        "Updated 14:32 GMT. Share this story.\n\n"
        + t
        + "\n\nCopyright 2015 Wire Service. All rights reserved. Reporting by Anna Kovalenko; "
        "editing by Tom Field. Sign up for our morning newsletter."
    ),
    "all three": lambda t: (
        "RIGA (AP) - Three small NATO members have made a big request. "
        + " ".join(sentences(t)[1:])
        + " Reporting by A. Berzins. (c) AP 2015"
    ),
    "light edits": lambda t: (
        t.replace("on Tuesday", "on Tuesday, July 28,")
        .replace("officials said", "according to officials")
        .replace("next year", "in 2016")
        .replace("About 3,000", "Some 3,000")
    ),
    "last two sentences cut": lambda t: " ".join(sentences(t)[:-2]),
}
OTHER_STORIES = ["baltic-drills", "nato-ministers", "minsk-protest", "river-dispute"]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_dedup_near_copies_of_a_wire_story_match(variant: str) -> None:
    base, copy = signature(WIRE), signature(VARIANTS[variant](WIRE))
    assert base is not None and copy is not None
    assert similarity(base, copy) >= SIMILARITY
    index = SignatureIndex([("wire", base)])
    assert index.candidates(copy) == ["wire"]


@pytest.mark.parametrize("name", OTHER_STORIES)
def test_dedup_different_stories_on_one_topic_do_not_match(name: str) -> None:
    base, other = signature(WIRE), signature(story(name))
    assert base is not None and other is not None
    assert similarity(base, other) < 0.2
    index = SignatureIndex([("wire", base)])
    assert index.candidates(other) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", set()),
        ("...", set()),
        ("Talks resumed.", {"talks resumed"}),
        ("Rebels attacked a convoy", {"rebels attacked a convoy"}),
        ("The Rebels attacked, a CONVOY!", {"the rebels attacked a", "rebels attacked a convoy"}),
    ],
)
def test_dedup_shingles_are_case_and_punctuation_blind(text: str, expected: set[str]) -> None:
    assert shingles(text) == expected


def test_dedup_text_without_words_has_no_signature() -> None:
    assert signature(" -- ... ") is None
    assert signature("Talks resumed.") is not None


def test_dedup_signature_is_stable_and_order_blind() -> None:
    first = signature(WIRE)
    assert first == signature(WIRE)
    assert first is not None and len(first) == 128 * 4
    assert similarity(first, first) == 1.0


def test_dedup_index_add_remove_and_query() -> None:
    sigs = {name: signature(story(name)) for name in OTHER_STORIES}
    index = SignatureIndex((k, v) for k, v in sigs.items() if v is not None)
    assert len(index) == len(OTHER_STORIES)
    drills = sigs["baltic-drills"]
    assert drills is not None
    assert index.candidates(drills) == ["baltic-drills"]
    index.remove("baltic-drills")
    assert "baltic-drills" not in index and index.candidates(drills) == []
    index.remove("baltic-drills")
    with pytest.raises(ValueError, match="values"):
        similarity(drills, drills[:8])
