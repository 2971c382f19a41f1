"""Scoring against gold sentences: type-level and dyad-level precision, recall and F1.

A predicted event matches a gold event when the PLOVER types are equal (type level) and, for the
dyad level, the source and target agree on their first three letters (any IGO matches any IGO;
an empty actor matches only an empty one), a CAMEO country code that differs from ISO ("JAP")
read as the ISO code tidings emits ("JPN"). Events count once per (source, target) pair.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tidings.errors import IngestError
from tidings.models import COUNTABLE, ArticleRecord, RawDocument, SourceRef

Pair = tuple[str, str, str]  # (plover, source, target)


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    published: date | None
    pairs: tuple[Pair, ...]
    cameo_roots: tuple[str, ...]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SentenceResult:
    gold: GoldSentence
    predicted: tuple[Pair, ...]
    missed: list[Pair]
    false_alarms: list[Pair]


@dataclass
class GoldReport:
    type_level: Score = field(default_factory=Score)
    dyad_level: Score = field(default_factory=Score)
    recall_by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    recall_by_root: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    sentences: list[SentenceResult] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GoldProblem:
    """A gold record that cannot be scored: where it is (``file:line``) and why."""

    location: str
    reason: str


@dataclass(frozen=True, slots=True)
class GoldFile:
    sentences: tuple[GoldSentence, ...]
    problems: tuple[GoldProblem, ...]


def read_gold(path: Path) -> GoldFile:
    """The gold sentences of a JSONL file. A record that cannot be scored (broken JSON, empty
    text, events that are not a list of typed events) is a problem naming its line, and the
    others are kept; a file that cannot be read at all raises."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise IngestError(str(path), f"cannot be read as a gold file: {reason}") from None
    sentences: list[GoldSentence] = []
    problems: list[GoldProblem] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            sentences.append(_gold_sentence(json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(GoldProblem(f"{path}:{lineno}", f"not JSON: {exc.msg}"))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            problems.append(GoldProblem(f"{path}:{lineno}", f"not a gold sentence: {reason}"))
    return GoldFile(tuple(sentences), tuple(problems))


def _gold_sentence(obj: Any) -> GoldSentence:
    if not isinstance(obj, dict):
        raise TypeError("a gold record is a JSON object")
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty text")
    events = obj["events"]
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise TypeError("events is not a list of objects")
    for event in events:
        if not isinstance(event.get("plover"), str) or not event["plover"]:
            raise ValueError("an event without a PLOVER type")
        for side in ("source", "target"):
            actors = event.get(side) or []
            if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
                raise TypeError(f"{side} is not a list of actor codes")
    pairs = tuple(_gold_pairs(events))
    roots = tuple(str(e["cameo"])[:2] for e in events if e.get("cameo"))
    published = date.fromisoformat(obj["date"]) if obj.get("date") else None
    return GoldSentence(str(obj["id"]), text, published, pairs, roots)


def _gold_pairs(events: list[dict[str, Any]]) -> Iterator[Pair]:
    for event in events:
        for source in event.get("source") or [""]:
            for target in event.get("target") or [""]:
                yield (event["plover"], source, target)


def predicted_pairs(record: ArticleRecord) -> tuple[Pair, ...]:
    """The scored events of a record: the countable ones (asserted or reported) with a PLOVER
    type. What an actor says it will do is coded as its (asserted) statement; negated,
    hypothetical and future events are not counted."""
    return tuple(
        (e.plover, e.source.code if e.source else "", e.target.code if e.target else "")
        for e in record.events
        if e.plover and e.modality in COUNTABLE
    )


def _actor_key(code: str, countries: Mapping[str, str]) -> str:
    key = code[:3].upper()
    return countries.get(key, key)


def _match(
    gold: list[Pair], predicted: list[Pair], dyad: bool, countries: Mapping[str, str]
) -> tuple[list[Pair], list[Pair]]:
    """Greedy one-to-one matching; returns (unmatched gold, unmatched predicted)."""
    left = list(predicted)
    missed = []
    for pair in gold:
        for index, guess in enumerate(left):
            same_type = guess[0] == pair[0]
            same_dyad = all(
                _actor_key(guess[side], countries) == _actor_key(pair[side], countries)
                for side in (1, 2)
            )
            if same_type and (same_dyad or not dyad):
                del left[index]
                break
        else:
            missed.append(pair)
    return missed, left


def score_sentences(
    gold: Iterable[GoldSentence],
    records: Iterable[ArticleRecord],
    cameo_countries: Mapping[str, str] | None = None,
) -> GoldReport:
    """Score records against their gold sentences; `cameo_countries` maps CAMEO's own country
    codes to ISO (the lexicons' ``cameo_countries``), so gold coded with either agrees."""
    countries = cameo_countries or {}
    report = GoldReport()
    for sentence, record in zip(gold, records, strict=True):
        predicted = predicted_pairs(record)
        for level, score in ((False, report.type_level), (True, report.dyad_level)):
            missed, extra = _match(list(sentence.pairs), list(predicted), level, countries)
            score.tp += len(sentence.pairs) - len(missed)
            score.fn += len(missed)
            score.fp += len(extra)
            if level:
                report.sentences.append(SentenceResult(sentence, predicted, missed, extra))
        missed_types, _ = _match(list(sentence.pairs), list(predicted), False, countries)
        found = Counter(p[0] for p in sentence.pairs) - Counter(p[0] for p in missed_types)
        for plover, total in Counter(p[0] for p in sentence.pairs).items():
            report.recall_by_type[plover].tp += found[plover]
            report.recall_by_type[plover].fn += total - found[plover]
        for root in sentence.cameo_roots:
            hit = not missed_types
            report.recall_by_root[root].tp += int(hit)
            report.recall_by_root[root].fn += int(not hit)
    return report


def as_documents(gold: Iterable[GoldSentence], location: str) -> Iterator[RawDocument]:
    """Gold sentences as documents: no header to strip, dated by their publication date."""
    for sentence in gold:
        yield RawDocument(
            source=SourceRef(location, sentence.id),
            text=sentence.text,
            id=sentence.id,
            published=sentence.published,
            has_header=False,
        )
