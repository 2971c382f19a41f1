"""The event pattern grammar: data/events/*.toml (one file per CAMEO root) and the recoding
tables of data/event_patterns.toml compiled, checked against cameo.tsv.

A pattern is a short string. Its first word names the trigger lemmas ("attack|assault"; a
leading "@" marks event nouns such as "@annexation"). The rest are constraints:

    {T}            the target is the direct object (the subject of a passive), and an actor
    {X}            an object is required, but need not be an actor ("demolish {X}")
    on {T}         the target is the object of the preposition "on" ("on|upon {T}" for either)
    from {S}       a converse verb: the object of "from" is the source and the subject the
                   target ("receive +aid from {S}": X received aid from Y = Y gave aid to X)
    +sanction      a dependent (child, or child of a child) with this lemma ("+talk|negotiation")
    to             an infinitive complement ("call on {T} to"); "to:attack|strike" names its verb;
                   with {T} and no object, the complement's subject is the target ("want {T} to")
    that           a finite clause complement ("allege that", "warn that")
    of, down, ...  a preposition or particle that must depend on the trigger

A trigger may match several patterns; the one with the most constraints met wins. The tables
[refusal], [threat], [intent], [state], [monitors], [leverage] and [joint] recode an event by the
longest prefix of its code.
A verb trigger is also found by its regular inflections ('staged' where the lemmatizer says
'stag'); a word before a slot is the slot's preposition, or the verb's particle when the parse
has it as one ('gun down {T}': 'was gunned down').
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tidings.errors import LexiconError
from tidings.lexicons.loader import TomlDoc
from tidings.lexicons.tables import CameoCode

_WORDS = re.compile(r"^[a-z][a-z'-]*(\|[a-z][a-z'-]*)*$")
RECODINGS = ("refusal", "threat", "intent", "state", "monitors", "leverage", "joint")
SLOTS = {"{T}", "{X}", "{S}"}


class PatternError(LexiconError):
    """A pattern that cannot be read; the message names the file, line, code and pattern."""


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    text: str
    triggers: frozenset[str]
    noun: bool
    target: bool
    any_object: bool
    target_preps: frozenset[str]
    requires: tuple[frozenset[str], ...]
    particles: tuple[frozenset[str], ...]
    complement: frozenset[str] | None
    # "from {S}": the pattern's actor slot names the source, the subject the target.
    converse: bool = False
    # "that": a finite clause complement is required.
    clause: bool = False

    @property
    def specificity(self) -> int:
        return (
            len(self.requires) * 2
            + len(self.particles)
            + (2 if self.target_preps else int(self.target))
            + (0 if self.complement is None else 1 + bool(self.complement))
            + int(self.clause)
        )


def _words(token: str, where: str) -> frozenset[str]:
    if not _WORDS.match(token):
        raise PatternError(f"{where}: {token!r} is not a word or words joined by |")
    return frozenset(token.split("|"))


def compile_pattern(code: str, text: str, where: str) -> Pattern:
    """One pattern string → Pattern, or PatternError saying what is wrong with it."""
    parts = text.split()
    if not parts:
        raise PatternError(f"{where}: empty pattern")
    head, rest = parts[0], parts[1:]
    noun = head.startswith("@")
    triggers = _words(head.lstrip("@"), where)
    target, any_object, target_preps = False, False, frozenset[str]()
    requires: list[frozenset[str]] = []
    particles: list[frozenset[str]] = []
    complement: frozenset[str] | None = None
    converse = clause = False
    for index, part in enumerate(rest):
        following = rest[index + 1] if index + 1 < len(rest) else ""
        if part in SLOTS:
            if target:
                raise PatternError(f"{where}: two targets in {text!r}")
            target, any_object, converse = True, part == "{X}", part == "{S}"
            if converse and not target_preps:
                raise PatternError(f"{where}: {{S}} follows its preposition ('from {{S}}')")
        elif following in SLOTS:
            target_preps = _words(part, where)
        elif part == "that":
            clause = True
        elif part.startswith("+"):
            requires.append(_words(part[1:], where))
        elif part == "to" and following.startswith("to:"):
            raise PatternError(f"{where}: write the complement as {following!r} alone")
        elif (part == "to" and not following) or part.startswith("to:"):
            complement = _words(part[3:], where) if ":" in part else frozenset()
        else:
            particles.append(_words(part, where))
    return Pattern(
        code,
        text,
        triggers,
        noun,
        target,
        any_object,
        target_preps,
        tuple(requires),
        tuple(particles),
        complement,
        converse,
        clause,
    )


@dataclass(frozen=True, slots=True)
class EventPatterns:
    """Patterns by trigger lemma (most specific first) and the recoding tables."""

    by_trigger: Mapping[str, tuple[Pattern, ...]]
    recodings: Mapping[str, Mapping[str, str]]
    # Every lemma (or word) that starts a pattern.
    trigger_words: frozenset[str]

    def recode(self, code: str, table_name: str) -> str | None:
        """The code a table gives for the longest matching prefix of `code`, if any."""
        table = self.recodings[table_name]
        for size in (4, 3, 2):
            if size <= len(code) and code[:size] in table:
                return table[code[:size]]
        return None


_VOWELS = frozenset("aeiou")


def inflections(lemma: str) -> set[str]:
    """The regular inflected forms of an English verb (third person, past, participles), with
    both spellings where a final consonant may double ('admitted', 'visited'): a lookup aid,
    never a word list of its own."""
    if not lemma.isalpha():
        return set()
    if lemma.endswith("ee"):
        return {lemma + "s", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        return {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    plural = lemma + ("es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s")
    forms = {plural, lemma + "ed", lemma + "ing"}
    last, before, first = lemma[-1:], lemma[-2:-1], lemma[-3:-2]
    if last not in _VOWELS | set("wxy") and before in _VOWELS and first not in _VOWELS:
        forms |= {lemma + last + "ed", lemma + last + "ing"}
    return forms


def _family_root(doc: TomlDoc) -> str | None:
    """The CAMEO root a family file holds ("events/19-fight.toml" -> "19"), else None."""
    stem = doc.name.rsplit("/", 1)[-1]
    root = stem[:2]
    return root if doc.name.startswith("events/") and root.isdigit() else None


def _read_codes(doc: TomlDoc, cameo: Mapping[str, CameoCode]) -> Iterator[Pattern]:
    """The patterns of one file's [codes] table (a file without one holds none)."""
    if "codes" not in doc.data:
        return
    root = _family_root(doc)
    for code, texts in doc.table("codes").items():
        if code not in cameo:
            raise doc.fail(f"[codes] {code}: not a CAMEO code in cameo.tsv", "codes", code)
        if root is not None and not code.startswith(root):
            raise doc.fail(f"[codes] {code}: not under CAMEO root {root}", "codes", code)
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise doc.fail(f"[codes] {code}: must be a list of pattern strings", "codes", code)
        for text in texts:
            try:
                yield compile_pattern(code, text, f"[codes] {code} {text!r}")
            except PatternError as exc:
                path, line = doc.where("codes", code, needle=f'"{text}"')
                raise PatternError(exc.problem, str(path), line) from None


def load_patterns(
    doc: TomlDoc, cameo: Mapping[str, CameoCode], families: Sequence[TomlDoc] = ()
) -> EventPatterns:
    """Compile and check the event patterns: the [codes] of every family file (one per CAMEO
    root, each holding only its root's codes) and of event_patterns.toml, and the recoding
    tables of event_patterns.toml. Every code must be in cameo.tsv."""
    index: dict[str, list[Pattern]] = defaultdict(list)
    for source in (*families, doc):
        for pattern in _read_codes(source, cameo):
            for trigger in pattern.triggers:
                index[trigger].append(pattern)
    # The parser's lemmatizer misses some forms ('readmitted' -> 'readmitte', 'staged' ->
    # 'stag'): a verb trigger is found by its regular inflections as written too.
    forms: dict[str, list[Pattern]] = defaultdict(list)
    for trigger, patterns in index.items():
        verbs = [p for p in patterns if not p.noun]
        for form in inflections(trigger) if verbs else ():
            forms[form].extend(verbs)
    for form, patterns in forms.items():
        index[form].extend(p for p in patterns if p not in index[form])
    recodings: dict[str, dict[str, str]] = {}
    for name in RECODINGS:
        table = doc.data.get(name, {})
        for prefix, code in table.items():
            if not isinstance(code, str) or code not in cameo or not prefix.isdigit():
                raise doc.fail(f"[{name}] {prefix} = {code!r}: not a CAMEO code", name, prefix)
        recodings[name] = dict(table)
    return EventPatterns(
        {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in index.items()},
        recodings,
        frozenset(index),
    )
