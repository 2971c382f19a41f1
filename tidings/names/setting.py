"""The one rule for where an article is set: its home country, with the reason it was chosen,
and the scene country of each sentence that opens somewhere else ("In Kabul, ...").

People, organisations and event actors that the text gives a role but no country ("police
spokesman", "the army") take the country of their sentence's scene, else the home country,
else none: the rule never guesses a country the text does not support.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidings.models import Place, Setting
from tidings.names.matcher import NameMatches

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A country named at least HOME_MIN times and HOME_RATIO times as often as any other, whose
# capital (or seat of government) is named too, is where the story happens, wherever it was
# filed from: a correspondent in Islamabad writes about Kabul.
HOME_MIN = 3
HOME_RATIO = 2
# The kinds of place that set a scene or count towards a country.
LOCATING_KINDS = frozenset({"city", "region", "country"})


def article_setting(
    doc: Doc,
    names: NameMatches,
    places: Sequence[Place],
    sentence_tokens: Sequence[tuple[int, int]],
) -> Setting:
    """The setting of one parsed article (see the module docstring)."""
    home, reason = home_country(names, places)
    place_country = _place_country(doc, places)
    scenes = tuple(_scene(doc, start, end, names, place_country) for start, end in sentence_tokens)
    return Setting(home=home, reason=reason, scenes=scenes)


def home_country(names: NameMatches, places: Sequence[Place]) -> tuple[str, str]:
    """(country, reason): the country whose capital is named and that dominates the country
    mentions ("capital"); else the dateline's ("dateline"); else the country that dominates
    the places the text names ("dominance"); else ("", "")."""
    dominant = _dominant(names.country_counts, HOME_MIN)
    if dominant and dominant in names.capitals:
        return dominant, "capital"
    dateline = next((p.country for p in places if p.source == "dateline" and p.country), "")
    if dateline:
        return dateline, "dateline"
    counts = Counter(p.country for p in places if p.country and p.kind in LOCATING_KINDS)
    dominant = _dominant(counts, 1)
    return (dominant, "dominance") if dominant else ("", "")


def _dominant(counts: Counter[str], at_least: int) -> str:
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < at_least:
        return ""
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= HOME_RATIO * runner_up else ""


def _place_country(doc: Doc, places: Sequence[Place]) -> dict[int, str]:
    """Token index of every token of a located place -> its country."""
    index: dict[int, str] = {}
    for place in places:
        if place.country and place.span and place.kind in LOCATING_KINDS:
            tokens = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
            index.update({token.i: place.country for token in tokens or ()})
    return index


def _scene(
    doc: Doc, start: int, end: int, names: NameMatches, place_country: dict[int, str]
) -> str:
    """The country of a sentence that opens with where it happens: "In Kabul, police ..."."""
    first = doc[start]
    if first.lower_ != "in" or first.dep_ != "prep" or end - start < 3:
        return ""
    for token in first.subtree:
        if token.i in place_country:
            return place_country[token.i]
        if token.i in names.country_at:
            return names.country_at[token.i][0]
    return ""
