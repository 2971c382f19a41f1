"""When an event happened: the time expression of its clause, else of a clause that governs it,
else (for a past-tense event) the day the sentence before it names, which the story goes on
telling, else (for a simple past event after the lead) the day the lead names, else the story's
dateline date, else the publication date (the source says which); a duration never dates an
event, and an expression that only names background (a noun's date: "a 1997 treaty"; "since
2014" on a present-tense event) dates nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.components.dates.expressions import verb_tense
from tidings.components.dates.periods import day_date, event_date_of
from tidings.models import (
    Article,
    EventDate,
    TimeRef,
)
from tidings.syntax import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
from tidings.components.events.clauses import (
    NOUN_MODIFIERS,
    NOUNS,
    ClauseIndex,
    clause_of,
    in_clause,
    linked,
)


def _background(index: ClauseIndex, ref: TimeRef, trigger: Token, lexicons: Lexicons) -> bool:
    """Does the expression only name background for this event: the date of a noun other than
    the event's ("under a 1997 treaty", "the 2015 agreement"), or where a state began ("since
    2014") when the event is told in the present tense?"""
    root = index.root_of(ref.span) if ref.span else None
    if root is None:
        return False
    if root.dep_ in NOUN_MODIFIERS and root.head.pos_ in NOUNS and root.head.i != trigger.i:
        return not _occasion(root.head, trigger, lexicons)
    if ref.text.split()[0].lower() == "since":
        return verb_tense(clause_of(trigger), lexicons.time_words) == "present"
    return False


def event_date(index: ClauseIndex, trigger: Token, lexicons: Lexicons) -> EventDate | None:
    item = index.item
    clause = clause_of(trigger)
    sentence_level: EventDate | None = None
    for ref in item.dates:
        where = in_clause(index, ref.span, trigger)
        if where is None or ref.span is None:
            continue
        if where is False:
            verb = index.verb_of(ref.span)
            if sentence_level is not None or verb is None or not linked(verb, clause):
                continue
        if _background(index, ref, trigger, lexicons):
            continue
        dated = event_date_of(ref, "clause" if where else "sentence")
        if dated is None:
            continue
        if where:
            return dated
        sentence_level = dated
    if sentence_level is not None:
        return sentence_level
    told = (
        _document_date(index, trigger, lexicons)
        or _narrative_date(index, trigger, lexicons)
        or _lead_date(index, trigger, lexicons)
    )
    return told if told is not None else story_date(item.article)


def _document_date(index: ClauseIndex, trigger: Token, lexicons: Lexicons) -> EventDate | None:
    """ "A UN report released on Monday accused Syrian forces of ...": what a document says,
    it says on the day the participle that qualifies it as the subject gives."""
    subject = subject_of(clause_of(trigger)).actor
    if subject is None or subject.lemma_.lower() not in lexicons.event_words.document_nouns:
        return None
    participles = [c for c in subject.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for ref in index.item.dates:
        if not ref.span or ref.granularity == "duration" or _limit(ref, lexicons):
            continue
        root = index.root_of(ref.span)
        if root is None or not any(root.i in {t.i for t in p.subtree} for p in participles):
            continue
        dated = event_date_of(ref, "sentence")
        if dated is not None and not after_story(dated, index.item.article):
            return dated
    return None


def _narrative_date(index: ClauseIndex, trigger: Token, lexicons: Lexicons) -> EventDate | None:
    """ "Sudan and South Sudan signed an agreement on Sunday. The ministers held three days of
    talks before signing it": a past-tense event the text does not date goes on telling the
    day the sentence before it names (or the one before that), when that day is not after the
    story; a sentence that names any other date breaks the thread."""
    if verb_tense(clause_of(trigger), lexicons.time_words) != "past":
        return None
    item = index.item
    start, _ = index.sentence_span(trigger)
    earlier = [s for s in item.sentences if s.span[1] <= start][-2:]
    for sentence in reversed(earlier):
        refs = [
            r
            for r in item.dates
            if r.span
            and sentence.span[0] <= r.span[0] < sentence.span[1]
            and r.granularity != "duration"
            and not _setting(index, r)
            and not _limit(r, lexicons)
        ]
        if not refs:
            continue
        # '"He was taken two days ago," the deputy editor told reporters on Thursday': the
        # story goes on telling the taking, not the telling
        told = [r for r in refs if not _dates_telling(index, r, lexicons)] or refs
        if told[-1].granularity != "day":
            return None
        dated = event_date_of(told[-1], "narrative")
        if dated is None or after_story(dated, item.article):
            return None
        return replace(dated, span=None, text="")
    return None


def _occasion(noun: Token, trigger: Token, lexicons: Lexicons) -> bool:
    """'In a similar incident last year, soldiers moved a fence': a noun for an occurrence in
    a phrase that opens the event's clause dates that clause."""
    if noun.lemma_.lower() not in lexicons.event_words.occasion_nouns or noun.dep_ != "pobj":
        return False
    prep, clause = noun.head, clause_of(trigger)
    governs = prep.head.i == clause.i or prep.head.i in {a.i for a in clause.ancestors}
    return governs and prep.i < prep.head.i


def _setting(index: ClauseIndex, ref: TimeRef) -> bool:
    """Does a time expression only set a scene for its sentence's story: a noun's date ('a
    1997 treaty') or where a state began ('which has been in force since 2015')?"""
    root = index.root_of(ref.span) if ref.span else None
    if root is None:
        return False
    noun_date = root.dep_ in NOUN_MODIFIERS and root.head.pos_ in NOUNS
    return noun_date or ref.text.split()[0].lower() == "since"


# How many days before the story its lead's day may lie, to be the day of what it tells.
LEAD_DAYS = 31


def _lead_date(index: ClauseIndex, trigger: Token, lexicons: Lexicons) -> EventDate | None:
    """ "Police fired tear gas at protesters on Saturday. ... Officers had fired only after they
    came under attack": a past event the text does not date, told after the story's lead, took
    place on the day its lead (first or second sentence) gives; not what has been going on
    ('has shared evidence'), and not when the lead's day is far from the story's."""
    clause = clause_of(trigger)
    if verb_tense(clause, lexicons.time_words) != "past" or _perfect(clause):
        return None
    item = index.item
    if item.sentence_of_token[trigger.i] < LEAD_SENTENCES or item.article.published is None:
        return None
    lead_end = (
        item.sentences[LEAD_SENTENCES - 1].span[1] if len(item.sentences) >= LEAD_SENTENCES else 0
    )
    for ref in item.dates:
        if not ref.span or ref.span[0] >= lead_end or ref.granularity != "day":
            continue
        if _setting(index, ref) or _limit(ref, lexicons) or _dates_telling(index, ref, lexicons):
            continue
        dated = event_date_of(ref, "narrative")
        if dated is None or after_story(dated, item.article):
            return None
        if (item.article.published - dated.start).days > LEAD_DAYS:
            return None
        number = item.sentence_of_token[trigger.i]
        since = item.sentences[max(number - THREAD_SENTENCES, 0)].span[0]
        if _other_past_date(index, (since, index.sentence_span(trigger)[0]), lexicons):
            return None  # '... Fighting erupted in May. Rebels attacked': another thread
        return replace(dated, span=None, text="")
    return None


def _other_past_date(index: ClauseIndex, between: tuple[int, int], lexicons: Lexicons) -> bool:
    """Does the text just before the event name a date of something done (not a plan after the
    story, not a setting)?"""
    for ref in index.item.dates:
        if not ref.span or not between[0] <= ref.span[0] < between[1]:
            continue
        if ref.granularity == "duration" or _setting(index, ref) or _limit(ref, lexicons):
            continue
        dated = event_date_of(ref, "sentence")
        if dated is not None and not after_story(dated, index.item.article):
            return True
    return False


# The sentences of a story's lead, and how many sentences before an event that name another
# past date tell another thread than the lead's.
LEAD_SENTENCES = 2
THREAD_SENTENCES = 2


def _limit(ref: TimeRef, lexicons: Lexicons) -> bool:
    """Is the time a limit ('by Friday afternoon', 'until June'), not a day something was done?"""
    first = ref.text.split(maxsplit=1)[0].lower() if ref.text else ""
    return first in lexicons.time_words.limits


def _perfect(verb: Token) -> bool:
    """'has shared', 'have been fighting': a present perfect tells what has gone on."""
    return any(
        a.lemma_ == "have" and a.tag_ in {"VBZ", "VBP"} for a in verb.children if a.dep_ == "aux"
    )


def _dates_telling(index: ClauseIndex, ref: TimeRef, lexicons: Lexicons) -> bool:
    """Does the time expression date a verb of saying ("told reporters on Thursday")?"""
    verb = index.verb_of(ref.span) if ref.span else None
    return verb is not None and verb.lemma_.lower() in lexicons.cues.reporting_governors


def story_date(article: Article) -> EventDate | None:
    """The date of an event the text does not date: the dateline's day, else the publication
    day (with an empty text), else none."""
    if article.dateline_date is not None:
        return day_date(article.dateline_date, "dateline")
    return day_date(article.published, "publication") if article.published else None


def after_story(when: EventDate | None, article: Article) -> bool:
    """Does the event's period start after the story was published ('next week')?"""
    published = article.published
    return when is not None and published is not None and when.start > published
