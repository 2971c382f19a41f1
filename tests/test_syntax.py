"""The one subject rule (tidings/syntax.py), on real parses."""

from __future__ import annotations

import pytest

from tidings.components.people.describe import is_speech_verb
from tidings.lexicons import load_lexicons
from tidings.pipeline.run import Pipeline
from tidings.syntax import object_antecedent, subject_of


def _subject(pipeline: Pipeline, text: str, word: str, speech: bool = False) -> tuple[str, str]:
    doc = pipeline.nlp(text)
    (token,) = [t for t in doc if t.text == word]
    lexicons = load_lexicons()
    found = subject_of(token, (lambda t: is_speech_verb(t, lexicons.speech)) if speech else None)
    return (
        found.actor.text if found.actor is not None else "",
        found.patient.text if found.patient is not None else "",
    )


@pytest.mark.parametrize(
    ("text", "word", "actor", "patient"),
    [
        ("Russia attacked Ukraine.", "attacked", "Russia", ""),
        # a passive's by-agent acts; its subject is acted on
        ("The town was shelled by rebels.", "shelled", "rebels", "town"),
        ("The town was shelled overnight.", "shelled", "", "town"),
        # a relative pronoun stands for the noun it qualifies
        ("The minister who resigned left Riga.", "resigned", "minister", ""),
        # complements and conjuncts share their verb's subject
        ("Syria is willing to withdraw its troops.", "withdraw", "Syria", ""),
        ("The leaders met and agreed a ceasefire.", "agreed", "leaders", ""),
        # the noun an active participle qualifies does it
        ("Students protesting the law marched to parliament.", "protesting", "Students", ""),
        ("Workers demanding higher wages blocked the road.", "demanding", "Workers", ""),
        ("Farmers opposing the reform gathered in Paris.", "opposing", "Farmers", ""),
        # an active verb conjoined after a passive is done by the passive's subject
        (
            "The opposition leader was detained and accused the government of fraud.",
            "accused",
            "leader",
            "",
        ),
        ("Riot police were deployed and fired tear gas.", "fired", "police", ""),
        ("The minister was booed and left the hall.", "left", "minister", ""),
        # a passive conjoined after a passive stays passive
        ("The journalist was arrested and charged with treason.", "charged", "", "journalist"),
        # nothing to find
        ("Attack!", "Attack", "", ""),
    ],
)
def test_syntax_subject_of(
    pipeline: Pipeline, text: str, word: str, actor: str, patient: str
) -> None:
    assert _subject(pipeline, text, word) == (actor, patient)


def test_syntax_speech_skips_the_reported_clause(pipeline: Pipeline) -> None:
    text = "The ministry denied that the troops had fled, saying they had regrouped."
    assert _subject(pipeline, text, "saying", speech=True)[0] == "ministry"
    assert _subject(pipeline, text, "saying", speech=False)[0] == "troops"


@pytest.mark.parametrize(
    ("text", "word", "actor"),
    [
        # a gerund under an adjective: who is guilty of it did it
        ("Hungary was guilty of violating the treaty, the court ruled.", "violating", "Hungary"),
        # a gerund under a passive without agent: its subject did it
        ("The army is engaged in shelling rebel positions.", "shelling", "army"),
        ("Two men were arrested for attacking a police station.", "attacking", "men"),
        ("The minister was accused of taking bribes.", "taking", "minister"),
    ],
)
def test_syntax_gerund_takes_the_subject_of_what_it_hangs_on(
    pipeline: Pipeline, text: str, word: str, actor: str
) -> None:
    assert _subject(pipeline, text, word)[0] == actor


@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent"),
    [
        ("Lithuania expelled a Russian diplomat, accusing him of spying.", "him", "diplomat"),
        ("Mali expelled three French diplomats, accusing them of meddling.", "them", "diplomats"),
        ("The government seized the newspaper and closed it.", "it", "newspaper"),
        # a subject pronoun is not an object's
        ("Mali expelled three diplomats after they met rebels.", "they", None),
    ],
)
def test_syntax_object_pronoun_points_to_the_object_before(
    pipeline: Pipeline, text: str, pronoun: str, antecedent: str | None
) -> None:
    token = next(t for t in pipeline.nlp(text) if t.text == pronoun)
    found = object_antecedent(token)
    assert (found.text if found is not None else None) == antecedent


@pytest.mark.parametrize(
    ("text", "word", "actor"),
    [
        # a participle right after a plural object is done by that object
        (
            "Police fired tear gas at thousands of growers marching on the palace.",
            "marching",
            "growers",
        ),
        ("Soldiers shot at protesters blocking the road to the airport.", "blocking", "protesters"),
        # after a comma it goes with the subject
        ("Police fired tear gas at the crowd, injuring two students.", "injuring", "Police"),
    ],
)
def test_syntax_participle_after_a_plural_object(
    pipeline: Pipeline, text: str, word: str, actor: str
) -> None:
    assert _subject(pipeline, text, word)[0] == actor
