"""English event triggers beyond the first development corpus: the ways English news words each
event type (synonyms, inflections, light verbs, nominal and passive forms), on sentences written
for these tests. Expectations are FORMAT.md event keys, as in ``test_extraction.py``.
"""

from __future__ import annotations

import pytest

from extraction_support import event_keys, extract


def _extract(text: str, published: str | None = "2025-05-10") -> dict:
    return extract(text, "en", published)


def _keys(ex: dict) -> set[tuple]:
    return event_keys(ex)


CASES = [
    # DENY: charges and accusations rejected, involvement and contacts denied
    ("deny-charges", "Tehran rejected the charges from Washington as politically motivated.",
     {("DENY", "IRN", "USA")}),
    ("deny-completely-false",
     "Iran's foreign ministry said reports of secret contacts with Washington were "
     "completely false.", {("DENY", "IRN", "USA")}),
    ("deny-nothing-to-do-with",
     "Iran said it had nothing to do with the attack on the American base.",
     {("DENY", "IRN", "USA")}),
    ("deny-no-contact", "Baghaei said there had been no contact with Washington since June.",
     {("DENY", "IRN", "USA")}),
    # REFUSE_TALKS
    ("refuse-no-room-for-compromise",
     "Araghchi said there was no room for compromise with Washington on enrichment.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-rebuffed-meeting",
     "Iran rebuffed a US offer of a meeting between the two presidents.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-broke-off", "Tehran broke off the talks with Washington after the strikes.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-declined-negotiations",
     "Iran formally declined to begin direct negotiations with Washington.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-never-again-negotiate",
     "Khamenei said Iran would never again negotiate with the United States.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-boycott", "Iran will boycott the next session of negotiations with the United "
     "States.", {("REFUSE_TALKS", "IRN", "USA")}),
    ("refuse-will-not-hold-talks",
     "Khamenei said Iran would not hold talks with America under threats.",
     {("REFUSE_TALKS", "IRN", "USA")}),
    # REJECT
    ("reject-null-and-void", "Iran said the American demand was null and void.",
     {("REJECT", "IRN", "USA")}),
    ("reject-unmoved-by-threats", "Zarif said Iran was unmoved by the American threats.",
     {("REJECT", "IRN", "USA")}),
    ("reject-dismissed-the-decision", "Araghchi dismissed the E3 decision as a political mistake.",
     {("REJECT", "IRN", "E3")}),
    # THREATEN
    ("threaten-playing-with-fire", "Trump warned that Iran was playing with fire.",
     {("THREATEN", "USA", "IRN")}),
    ("threaten-nothing-off-the-table",
     "Netanyahu said nothing was off the table in dealing with Iran.",
     {("THREATEN", "ISR", "IRN")}),
    ("threaten-respond-appropriately",
     "Iran's defence minister said Tehran would respond appropriately to Israel.",
     {("THREATEN", "IRN", "ISR")}),
    ("threaten-very-bad-day",
     "Trump said it would be a very bad day for Iran if the talks failed.",
     {("THREATEN", "USA", "IRN")}),
    ("threaten-deadline-in-weeks", "Trump gave Iran two weeks to decide.",
     {("THREATEN", "USA", "IRN")}),
    ("threaten-would-reimpose-sanctions",
     "The E3 warned Tehran that they would reimpose sanctions by October.",
     {("THREATEN", "E3", "IRN")}),
    ("threaten-final-warning", "Trump issued a final warning to Iran on Sunday.",
     {("THREATEN", "USA", "IRN")}),
    # APPEAL_TALKS
    ("appeal-seize-the-moment", "Guterres urged Tehran and Washington to seize the moment.",
     {("APPEAL_TALKS", "UN", "IRN"), ("APPEAL_TALKS", "UN", "USA")}),
    ("appeal-political-solution",
     "China called for a political solution to the standoff between Iran and the United "
     "States.", {("APPEAL_TALKS", "CHN", "IRN")}),
    # INTENT_TALKS
    ("intent-available-for-talks",
     "Rubio said Washington remained available for talks with Tehran.",
     {("INTENT_TALKS", "USA", "IRN")}),
    ("intent-committed-to-diplomacy",
     "Iran is committed to diplomacy with the United States, Araghchi said.",
     {("INTENT_TALKS", "IRN", "USA")}),
    ("intent-offered-to-meet", "Trump has offered to meet Pezeshkian.",
     {("INTENT_TALKS", "USA", "IRN")}),
    ("intent-openness-to-talks", "Iran signalled openness to talks with the United States.",
     {("INTENT_TALKS", "IRN", "USA")}),
    ("intent-sit-down-with", "Trump said he was willing to sit down with Iran's president.",
     {("INTENT_TALKS", "USA", "IRN")}),
    # CONSULT
    ("consult-met-for-hours", "Araghchi and Witkoff met for nearly three hours on Saturday.",
     {("CONSULT", "IRN", "USA")}),
    ("consult-round-of-indirect-talks",
     "The third round of indirect talks between Iran and the United States ended on Saturday.",
     {("CONSULT", "IRN", "USA")}),
    ("consult-video-conference",
     "Araghchi and Qatar's prime minister spoke in a video conference on Sunday.",
     {("CONSULT", "IRN", "QAT")}),
    ("consult-agreed-on-a-roadmap",
     "Iran and the IAEA agreed on a roadmap to settle the outstanding issues.",
     {("CONSULT", "IAEA", "IRN")}),
    ("consult-proposal-sent", "Witkoff sent a written proposal to Araghchi.",
     {("CONSULT", "IRN", "USA")}),
    # MEDIATE
    ("mediate-help-bridge",
     "Pakistan offered to help bridge the gap between Tehran and Washington.",
     {("MEDIATE", "PAK", ("IRN", "USA"))}),
    ("mediate-brokered-a-ceasefire", "Qatar brokered a ceasefire between Iran and Israel.",
     {("MEDIATE", "QAT", ("IRN", "ISR"))}),
    # REQUEST_MEDIATION
    ("request-mediation-turned-to",
     "Tehran turned to Oman to pass a message to the United States.",
     {("REQUEST_MEDIATION", "IRN", "OMN")}),
    # DEMAND
    ("demand-any-deal-would-require",
     "Rubio said any deal with Iran would require the dismantling of its enrichment sites.",
     {("DEMAND", "USA", "IRN")}),
    ("demand-wants-to-give-up",
     "Washington wants Tehran to give up its missile program, Rubio said.",
     {("DEMAND", "USA", "IRN")}),
    ("demand-is-obliged-to", "Araghchi said the United States is obliged to compensate Iran.",
     {("DEMAND", "IRN", "USA")}),
    # ATTACK
    ("attack-pounded", "Israeli jets pounded air defence sites near Tehran.",
     {("ATTACK", "ISR", "IRN")}),
    ("attack-barrage", "Iran hit Israel with a barrage of drones and missiles.",
     {("ATTACK", "IRN", "ISR")}),
    # ACCUSE
    ("accuse-economic-terrorism",
     "Araghchi said the American sanctions amount to economic terrorism.",
     {("ACCUSE", "IRN", "USA")}),
    ("accuse-regime-of-hangmen",
     "Naftali Bennett described the Iranian government as a regime of hangmen.",
     {("ACCUSE", "ISR", "IRN")}),
    ("accuse-did-not-trust", "Pezeshkian said his country did not trust the United States.",
     {("ACCUSE", "IRN", "USA")}),
    ("accuse-will-summon", "Iraq will summon the Iranian ambassador.",
     {("ACCUSE", "IRQ", "IRN")}),
    ("accuse-complaint-against",
     "Iran lodged a complaint with the United Nations against Israel.",
     {("ACCUSE", "IRN", "ISR")}),
    # INTENT_TALKS: a reported plan in the conditional
    ("intent-would-hold-talks",
     "Rubio said on Friday that Washington and Tehran would hold a new round of negotiations "
     "in Rome.",
     {("INTENT_TALKS", "USA", "IRN")}),
    # REQUEST_MEDIATION: a that-clause request, help sought in reaching out
    ("request-that-deliver",
     "Tehran has requested that Oman deliver its reply to the United States.",
     {("REQUEST_MEDIATION", "IRN", "OMN")}),
    ("request-sought-help-reaching-out",
     "Washington sought Qatari help in reaching out to Iranian officials.",
     {("REQUEST_MEDIATION", "USA", "QAT")}),
    # MEDIATE: the mediator of the talks, in a relative clause
    ("mediate-who-is-mediating",
     "Qatar's prime minister, who is mediating the negotiations between Iran and the US, "
     "arrived in Tehran.",
     {("MEDIATE", "QAT", ("IRN", "USA"))}),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_english_event_keys(text: str, expected: set[tuple]) -> None:
    assert expected <= _keys(_extract(text))


def test_subjects_joined_before_the_verb_act_together() -> None:
    # "Russia and China rejected": both reject; neither is the other's target
    keys = _keys(_extract("Iran and the US exchanged accusations. Russia and China rejected "
                          "the European move."))
    assert ("REJECT", "CHN", "RUS") not in keys and ("REJECT", "RUS", "CHN") not in keys


def test_a_reported_clause_without_that_has_its_own_subject() -> None:
    # "X said Iran was …": the speaker accuses, the clause subject is accused
    keys = _keys(_extract("Talks between Iran and the United States stalled in May.\n"
                          "The State Department said Iran remained the leading state sponsor "
                          "of terrorism."))
    assert ("ACCUSE", "USA", "IRN") in keys
    assert ("ACCUSE", "IRN", "USA") not in keys


def test_a_pronoun_opening_the_reported_clause_is_the_speaker() -> None:
    keys = _keys(_extract("Tensions between Iran and the United States rose in March.\n"
                          "Trump said he had written to Iran's supreme leader, Ali Khamenei, "
                          "proposing negotiations on a new agreement."))
    assert ("INTENT_TALKS", "USA", "IRN") in keys
    assert ("INTENT_TALKS", "IRN", "USA") not in keys


def test_a_planned_trip_is_an_intent_not_a_visit() -> None:
    keys = _keys(_extract("Araghchi plans to travel to Beijing next week."))
    assert ("INTENT_TALKS", "IRN", "CHN") in keys
    assert not any(k[0] == "CONSULT" for k in keys)


def test_a_present_tense_reporting_verb_attributes_the_quote() -> None:
    ex = _extract('"Iran will never give up its rights," Pezeshkian vows.')
    assert [q["speaker"] for q in ex["quotes"]] == ["Masoud Pezeshkian"]


def test_separate_rooms_make_the_talks_indirect() -> None:
    ex = _extract("Araghchi and Witkoff held talks in separate rooms on Saturday.")
    consult = [e for e in ex["events"] if e["type"] == "CONSULT"]
    assert consult and consult[0]["mode"] == "indirect"
