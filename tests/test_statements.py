"""What an actor says it will do is one statement event (intent 03 or threat 13), asserted;
the content of a demand, call, wish or fear is not coded as if it happened (DESIGN.md,
"Modality decides what is counted")."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.models import COUNTABLE, Event, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


def _events(pipeline: Pipeline, text: str) -> tuple[Event, ...]:
    record = pipeline(RawDocument(SourceRef("t"), text, published=date(2020, 6, 15)))
    return record.events


def _countable(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    return [
        (e.cameo, e.source.code if e.source else "", e.target.code if e.target else "")
        for e in _events(pipeline, text)
        if e.modality in COUNTABLE
    ]


@pytest.mark.parametrize(
    ("text", "root", "source"),
    [
        # promised concessions and aid are intentions, asserted
        ("Japan will send humanitarian aid to the Philippines.", "03", "JPN"),
        ("The rebels said they would release the hostages on Sunday.", "03", "REB"),
        ("Syria said it would allow aid convoys into the city.", "03", "SYR"),
        ("France will train Ukrainian soldiers, President Emmanuel Macron said.", "03", "FRA"),
        # planned, prepared or announced hostile acts are threats, asserted
        ("Iran said it would attack Israeli ships.", "13", "IRN"),
        ("The army is preparing to attack the rebel stronghold.", "13", "MIL"),
        ("Turkey vowed to expel the diplomats.", "13", "TUR"),
        # a body's own spokesperson announces for it
        ("NATO will send more jets to Lithuania, its spokeswoman said.", "03", "IGOWSTNAT"),
    ],
)
def test_statements_said_will_do_is_one_asserted_statement(
    pipeline: Pipeline, text: str, root: str, source: str
) -> None:
    events = _events(pipeline, text)
    assert len(events) == 1, [(e.cameo, e.modality) for e in events]
    (event,) = events
    assert event.cameo[:2] == root and event.modality == "asserted"
    assert event.source is not None and source in event.source.code


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # what is demanded, urged, called for or wished did not happen
        ("Germany urged Russia to withdraw its troops from the border.", "08"),
        ("The protesters demanded that the government release the detainees.", "08"),
        ("Thousands rallied in the capital, calling on the government to reach a deal.", "03"),
        ("The opposition wants the army to leave the capital.", "08"),
        # a possibility or a fear is no statement of anyone
        ("Russia could attack Ukraine next year.", "19"),
        ("Analysts fear that China might blockade Taiwan.", "19"),
    ],
)
def test_statements_content_of_demands_and_fears_is_not_counted(
    pipeline: Pipeline, text: str, act: str
) -> None:
    counted = _countable(pipeline, text)
    roots = {code[:2] for code, _, _ in counted}
    # neither the act asked for or feared, nor a statement of it, is counted
    assert not roots & {act, "03", "13"}, counted


def test_statements_a_scheduled_meeting_is_future(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Leaders of the two countries will meet in Geneva next week.")
    assert events and all(e.modality == "future" for e in events)


def test_statements_an_announced_refusal_is_the_refusal(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Hungary said it would veto the new sanctions package.")
    assert [(e.cameo[:2], e.modality) for e in events] == [("12", "asserted")]


@pytest.mark.parametrize(
    "text",
    [
        # unnamed many report the plans of others, they do not announce their own
        "EU foreign ministers will discuss further steps next week, diplomats said.",
        # a speaker of one side does not announce what another side will do
        "The European Union will impose new sanctions on Belarus, Belgian officials said.",
    ],
)
def test_statements_reported_plans_of_others_are_future(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert events, "the planned act is kept"
    assert all(e.modality == "future" for e in events), [(e.cameo, e.modality) for e in events]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        # an act withheld unless another actor complies is a threat on that actor
        (
            "The United States will withdraw its troops from Iraq unless the Iraqi parliament "
            "grants them immunity.",
            "13",
        ),
        ("The EU said it would suspend aid to Mali unless the junta sets an election date.", "13"),
        ("Ghana will pull out its peacekeepers from Liberia unless the rebels disarm.", "13"),
        # a hostile act that hangs on what the target does is a threat
        ("Iran would attack Israeli ships if Israel strikes its nuclear sites.", "13"),
        # done if the other complies, it is an offer; on a condition no actor fulfils, an intent
        ("Israel said it would withdraw from the town if Hezbollah disarmed.", "03"),
        (
            "Kenya will withdraw its troops from Somalia unless the security situation improves.",
            "03",
        ),
    ],
)
def test_statements_a_conditional_act_is_leverage_on_whom_the_condition_asks(
    pipeline: Pipeline, text: str, root: str
) -> None:
    counted = _countable(pipeline, text)
    roots = {code[:2] for code, _, _ in counted}
    # the one statement, and not the other kind
    assert root in roots and roots.isdisjoint({"13", "03"} - {root}), counted


@pytest.mark.parametrize(
    "text",
    [
        # what others say an actor might do on a condition is no statement of that actor's
        "If the talks fail, Washington could impose new sanctions on Caracas, analysts said.",
        "Russia could cut gas supplies to Moldova if the talks collapse, experts said.",
        "The government could raise taxes if oil prices keep falling.",
    ],
)
def test_statements_a_condition_no_actor_is_asked_is_no_threat(
    pipeline: Pipeline, text: str
) -> None:
    counted = _countable(pipeline, text)
    assert not {code[:2] for code, _, _ in counted} & {"13", "16", "17"}, counted


@pytest.mark.parametrize(
    ("text", "root"),
    [
        # an act done by deciding it is done when decided
        (
            "Uganda's Supreme Court decided to allow Kizza Besigye to run in the election.",
            "08",
        ),
        ("Parliament voted to lift the ban on the opposition party.", "08"),
        ("The EU decided to impose sanctions on Belarus.", "16"),
        # any other act decided is only intended; a decision still to come is none
        ("The government decided to send troops to the border.", "13"),
        ("The cabinet will decide to impose a curfew next week.", "13"),
    ],
)
def test_statements_an_act_done_by_deciding_is_done(
    pipeline: Pipeline, text: str, root: str
) -> None:
    counted = _countable(pipeline, text)
    assert [code[:2] for code, _, _ in counted] == [root], counted
