from __future__ import annotations

import pytest

from analysis import coder as coder_mod
from analysis.coder import LazyContext, code_sentence
from analysis.records import CodedEvent


def one(text: str, **kw: object) -> CodedEvent:
    evs = code_sentence(text, **kw)  # type: ignore[arg-type]
    assert len(evs) == 1, evs
    return evs[0]


def pair(ev: CodedEvent) -> tuple[str | None, str | None]:
    return (ev.actor1.code if ev.actor1 else None, ev.actor2.code if ev.actor2 else None)


def test_active_voice() -> None:
    ev = one("Iran attacked Pakistan on Tuesday.")
    assert (ev.cameo_code[:2], ev.direction, pair(ev)) == ("19", "escalation", ("IRN", "PAK"))
    assert ev.trigger == "attacked" and ev.entry_id == "fight_generic"
    assert ev.quad_class == 4 and ev.goldstein == -10.0


def test_passive_voice() -> None:
    ev = one("Pakistan was attacked by Iran.")
    assert pair(ev) == ("IRN", "PAK")


def test_nominal_forms() -> None:
    assert pair(code_sentence("Iran's strikes on Pakistan drew condemnation")[0]) == ("IRN", "PAK")
    ev = code_sentence("Indian strikes against militants in Pakistan")[0]
    assert (ev.actor1 and ev.actor1.country, ev.actor2 and ev.actor2.country) == ("IND", "PAK")
    ev = one("The rocket attacks by Hamas on Israel continued.")
    assert pair(ev) == ("PSEREB", "ISR")


def test_multiword_and_discontinuous_trigger() -> None:
    text = "Iran launched missile and drone attacks on Pakistan."
    ev = one(text)
    assert ev.cameo_code == "195"
    assert ev.trigger == "launched missile and drone attacks on"
    assert text[ev.trigger_start : ev.trigger_end] == ev.trigger
    ev = one("Pakistan recalled its ambassador from Tehran.")
    assert (ev.cameo_code, pair(ev), ev.trigger) == (
        "161",
        ("PAK", "IRN"),
        "recalled its ambassador",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Iran did not attack Pakistan.",
        "Iran never attacked Pakistan.",
        "Iran didn't attack Pakistan.",
    ],
)
def test_negation_drops_event(text: str) -> None:
    assert code_sentence(text) == []


def test_denial_is_coded_as_denial() -> None:
    ev = one("Iran denied attacking Pakistan.")
    assert (ev.cameo_code, ev.direction) == ("016", "neutral")


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Iran threatened to strike Pakistan.", "13"),
        ("Iran will attack Pakistan.", "13"),
        ("Iran plans to impose sanctions on Pakistan.", "13"),
        ("Any attempt to breach it will be responded with full might of the state.", "13"),
        ("Iran will hold talks with Pakistan.", "03"),
        ("Pakistan urged Iran to exercise restraint.", "02"),
        ("Pakistan called for restraint.", "02"),
    ],
)
def test_modality(text: str, root: str) -> None:
    evs = code_sentence(text)
    assert evs and evs[0].cameo_code[:2] == root, evs


def test_reported_speech_is_not_a_strike() -> None:
    assert code_sentence("Iran claimed militants were based in Pakistan.") == []
    evs = code_sentence("Pakistan said it had targeted militant hideouts in Iran.")
    assert len(evs) == 1 and pair(evs[0]) == ("PAK", "IRNREB")
    assert code_sentence("The foreign ministry said in a statement.") == []


def test_plain_statement_only_when_alone() -> None:
    ev = one("Iran said it was studying the report.")
    assert ev.cameo_code == "010" or ev.cameo_code.startswith("01")
    assert all(e.cameo_code != "010" for e in code_sentence("Iran said Pakistan attacked it."))


def test_reciprocal_compound_actors() -> None:
    evs = code_sentence("Iran and Pakistan agreed to hold talks.")
    assert [pair(e) for e in evs] == [("IRN", "PAK"), ("PAK", "IRN")]
    assert all(e.direction == "de-escalation" for e in evs)
    evs = code_sentence("The two countries agreed to de-escalate.", context=["PAK", "IRN"])
    assert sorted(pair(e) for e in evs) == [("IRN", "PAK"), ("PAK", "IRN")]
    evs = code_sentence("They also agreed to de-escalate.", context=["PAKGOV", "IRN"])
    assert sorted(pair(e) for e in evs) == [("IRN", "PAK"), ("PAK", "IRN")]


def test_several_events_in_one_sentence() -> None:
    evs = code_sentence("Iran shelled the border and Pakistan recalled its envoy.")
    assert [e.cameo_code[:2] for e in evs] == ["19", "16"]
    assert [pair(e)[0] for e in evs] == ["IRN", "PAK"]


def test_background_event_not_coded() -> None:
    evs = code_sentence("Pakistan recalled its envoy from Tehran after the airstrike.")
    assert [e.cameo_code for e in evs] == ["161"]


def test_event_fields() -> None:
    ev = one("Pakistan expelled Iranian diplomats.")
    assert ev.cameo_code == "166" and isinstance(ev.cameo_code, str)
    assert ev.event_name and ev.direction == "escalation"
    assert code_sentence("") == [] and code_sentence("   ") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # domestic reading: bare sectors take the sentence's only country
        ("Sudanese troops attacked rebels.", ("SDNMIL", "SDNREB")),
        ("President Museveni banned Ugandan opposition parties.", ("UGAGOV", "UGAOPP")),
        # a place in the source's own country can be the target
        ("The Sudanese government imposed a curfew in Khartoum.", ("SDNGOV", "SDN")),
        # ...but the source's own country inside the trigger is not
        (
            "Foreign Minister Jilani expressed Pakistan’s readiness to work with Iran.",
            ("PAKGOV", "IRN"),
        ),
    ],
)
def test_domestic_actors(text: str, expected: tuple[str, str]) -> None:
    assert pair(code_sentence(text)[0]) == expected


def test_short_parenthetical_is_not_a_clause_boundary() -> None:
    ev = code_sentence("Sudanese rebels (SPLM) attacked a Sudanese army base.")[0]
    assert pair(ev) == ("SDNREB", "SDNMIL")


def test_by_phrase_of_an_active_verb_is_not_the_agent() -> None:
    ev = code_sentence("Germany rejected recent calls by Belarus for aid.")[0]
    assert ev.cameo_code[:2] == "12" and pair(ev) == ("DEU", "BLR")


def test_noun_event_takes_the_source_of_its_verb() -> None:
    evs = code_sentence("Sudanese rebels on Monday started a hunger strike.")
    assert pair(evs[0])[0] == "SDNREB"
    evs = code_sentence(
        "The committee lauded the response by the armed forces of Pakistan against an "
        "unlawful violation of its sovereignty."
    )
    violation = next(e for e in evs if "violation" in e.trigger)
    assert violation.actor1 is None


def test_organisation_as_modifier_is_not_an_actor() -> None:
    ev = code_sentence("Hungary will support a UN resolution to tighten sanctions on Serbia.")[0]
    assert ev.actor1 is not None and ev.actor1.code == "HUN"
    evs = code_sentence(
        "They agreed to hold talks in accordance with the UN charter.", context=["PAK", "IRN"]
    )
    assert sorted(pair(e) for e in evs) == [("IRN", "PAK"), ("PAK", "IRN")]
    evs = code_sentence("They agreed to hold talks.", context=["PAK", "IRN", "UNO", ""])
    assert sorted(pair(e) for e in evs) == [("IRN", "PAK"), ("PAK", "IRN")]


def test_agentless_passive_threat() -> None:
    (ev,) = code_sentence(
        "Any attempt by India to breach it will be met with full force.", context=["PAK"]
    )
    assert ev.cameo_code[:2] == "13" and pair(ev) == ("PAK", "IND")
    ev = code_sentence(
        "Pakistan warned that any attempt to breach its borders will be met with full force."
    )[-1]
    assert ev.trigger.startswith("will be met") and pair(ev) == ("PAK", None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The United States will not lift the embargo on Cuba.", "1244"),
        ("Israel will not release the prisoners.", "1243"),
        ("Japan lifted travel restrictions on North Korea.", "081"),
    ],
)
def test_negated_concession_is_a_refusal(text: str, code: str) -> None:
    ev = code_sentence(text)[0]
    assert ev.cameo_code == code


def test_decimal_numbers_do_not_split_a_pattern() -> None:
    ev = code_sentence("Germany provided 6.3 million euros to Ethiopia.")[0]
    assert ev.cameo_code[:2] == "07" and pair(ev) == ("DEU", "ETH")


@pytest.mark.parametrize(
    ("text", "root", "expected"),
    [
        ("NATO declined to comment on the report.", "01", ("NATO", None)),
        ("Russia said on Tuesday that Sudan must return the helicopter.", "10", ("RUS", "SDN")),
        ("South Korea suspended humanitarian aid to North Korea.", "16", ("KOR", "PRK")),
        ("Israel and Lebanon failed to reach agreement on the border.", "12", ("ISR", "LBN")),
        ("A Zimbabwean court freed the activist on bail.", "08", ("ZWEJUD", None)),
        ("Kenyan miners called off their national strike.", "08", ("KENLAB", None)),
        ("Chad received a team of observers from the African Union.", "08", ("TCD", "AU")),
        (
            "The Peruvian government ordered the newspaper to suspend publication.",
            "17",
            ("PERGOV", "PERMED"),
        ),
        (
            "Japan is providing satellite images and other intelligence to the Philippines.",
            "06",
            ("JPN", "PHL"),
        ),
        ("Canada suspended part of its military aid program for Mali.", "16", ("CAN", "MLI")),
        ("Bolivian police prevented a protest march by miners.", "17", ("BOLCOP", "BOLLAB")),
    ],
)
def test_common_news_phrasings(text: str, root: str, expected: tuple[str, str | None]) -> None:
    ev = code_sentence(text)[0]
    assert (ev.cameo_code[:2], pair(ev)) == (root, expected)


def test_unplaced_sector_facing_a_country_is_domestic() -> None:
    ev = code_sentence("The Sudanese government accused rebels of attacks, a Chadian envoy said.")[
        0
    ]
    assert pair(ev) == ("SDNGOV", "SDNREB")
    ev = code_sentence("UN peacekeepers clashed with rebels.")[0]
    assert pair(ev) == ("UNO", "REB")


def test_by_phrase_of_an_active_progressive_is_not_the_agent() -> None:
    ev = code_sentence("Croatia is investigating alleged war crimes by Croatian extremists.")[0]
    assert pair(ev)[0] == "HRV"


def test_stative_participle_is_not_passive() -> None:
    ev = code_sentence("Israel is opposed to French mediation in the talks.")[0]
    assert pair(ev) == ("ISR", "FRA")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Serb forces killed three ethnic Albanians in a gunbattle.", ("SRBMIL", "SRBCVL")),
        ("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", ("SRBCVL", "SRB")),
        (
            "Nigerian authorities jailed 52 members of the banned Movement for the "
            "Actualization of the Sovereign State of Biafra.",
            ("NGAGOV", "NGAOPP"),
        ),
    ],
)
def test_unplaced_groups_are_placed_by_the_sentence(text: str, expected: tuple[str, str]) -> None:
    assert pair(code_sentence(text)[0]) == expected


def test_apposition_after_a_named_actor_is_skipped() -> None:
    ev = code_sentence(
        "Pakistan, a key U.S. ally in the war against terrorism, has refused to deploy "
        "troops in Iraq."
    )[0]
    assert ev.cameo_code[:2] == "12" and pair(ev)[0] == "PAK"


def test_organisation_as_modifier_can_be_the_target() -> None:
    ev = code_sentence("The United States vetoed a Security Council resolution on Monday.")[0]
    assert pair(ev) == ("USA", "UNO")
    ev = code_sentence("A UN resolution was cited as Germany attacked Poland.")[0]
    assert pair(ev)[0] == "DEU"


def test_domestic_source_does_not_hide_a_same_code_target() -> None:
    ev = code_sentence("Leaders said they are willing to forgive Nigerian President Smith.")[0]
    assert pair(ev) == ("NGAGOV", "NGAGOV")


def test_complaint_target_is_what_it_is_about() -> None:
    ev = code_sentence("Lebanon complained to the United Nations over Israeli air raids.")[0]
    assert ev.cameo_code == "114" and pair(ev) == ("LBN", "ISR")
    ev = code_sentence("Lebanon complained to the United Nations on Tuesday.")[0]
    assert pair(ev) == ("LBN", "UNO")


def test_bare_target_is_placed_where_the_event_happens() -> None:
    ev = code_sentence("Israeli troops killed three people in Gaza on Monday.")[0]
    assert pair(ev) == ("ISRMIL", "PSECVL")
    ev = code_sentence("Gunmen attacked a convoy near Kabul, officials in Pakistan said.")[0]
    assert pair(ev)[0] == "AFGREB"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands of Chilean students marched through the capital.", ("CHLEDU", "CHLGOV")),
        ("Kenyan farmers blocked roads to demand better prices.", ("KENAGR", "KENGOV")),
        ("Hungarians demonstrated in Budapest on Sunday.", ("HUN", "HUNGOV")),
        # a named target wins; a government does not protest against itself
        ("Iranian students protested against the United States.", ("IRNEDU", "USA")),
    ],
)
def test_protest_without_target_is_against_the_own_government(
    text: str, expected: tuple[str, str]
) -> None:
    ev = code_sentence(text)[0]
    assert ev.cameo_code[:2] == "14" and pair(ev) == expected


def test_a_place_is_not_a_protest_target() -> None:
    ev = code_sentence("Protesters blocked streets in Lima in defiance of Chilean officials.")[0]
    assert pair(ev) == ("PEROPP", "CHLGOV")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state action without an agent: the state of the place
        ("Three French citizens were arrested in Iran on Monday.", ("IRN", "FRACVL")),
        ("Two British tourists were detained in Egypt.", ("EGY", "GBRCVL")),
        # violence without a named attacker: unidentified armed forces of the place
        ("Four Turkish soldiers were killed in Syria.", ("SYRUAF", "TURMIL")),
        ("A bomb explosion near Kabul killed five civilians.", ("AFGUAF", "AFGCVL")),
        # ... else of a non-state victim's country
        ("A roadside bomb killed three Malian villagers.", ("MLIUAF", "MLICVL")),
    ],
)
def test_agentless_event_source_is_the_place(text: str, expected: tuple[str, str]) -> None:
    ev = code_sentence(text)[0]
    assert pair(ev) == expected
    assert ev.actor1 is not None and text[ev.actor1.start : ev.actor1.end] == ev.actor1.text


def test_agentless_state_action_without_place_has_no_source() -> None:
    ev = code_sentence("A Canadian journalist was arrested on Monday.")[0]
    assert pair(ev) == (None, "CANMED")


def test_title_naming_an_unknown_person_is_not_placed_by_the_other_side() -> None:
    ev = code_sentence("President Jan Novak welcomed the Saudi king and French officials.")[0]
    assert ev.actor1 is not None and (ev.actor1.code, ev.actor1.country) == ("GOV", "")
    # the other side's possessive names the person's own country
    ev = code_sentence("Foreign Minister Jan Novak defended Poland's stance against Germany.")[0]
    assert ev.actor1 is not None and ev.actor1.code == "POLGOV"


def test_relative_clause_takes_its_antecedent_as_source() -> None:
    evs = code_sentence("Pakistan condemned the strikes by Iran, which killed two children.")
    killed = next(e for e in evs if e.trigger == "killed")
    assert killed.actor1 is not None and killed.actor1.code == "IRN"


def test_reported_must_demand_is_the_speakers() -> None:
    ev = code_sentence("Russia says Israel must end attacks on Syria.")[0]
    assert (ev.cameo_code[:2], pair(ev)) == ("10", ("RUS", "ISR"))


def test_coordinated_objects_give_one_event_each() -> None:
    evs = code_sentence("Iran attacked Pakistan and Iraq on Tuesday.")
    assert [pair(e) for e in evs] == [("IRN", "PAK"), ("IRN", "IRQ")]
    # a sector phrase and a country are not coordinated objects
    evs = code_sentence("Iran attacked Pakistani troops and Iraq on Tuesday.")
    assert [pair(e) for e in evs] == [("IRN", "PAKMIL")]


@pytest.mark.parametrize(
    "text",
    [
        "At least 12 people are killed in a fire at a hotel in Bolu, Turkey.",
        "Five people are killed when a bus collides with a truck in Minya, Egypt.",
        "A gas cylinder explodes in a restaurant in Brno, Czech Republic, killing six people.",
        "Floods and landslides triggered by heavy rains kill 20 people in Kenya.",
        "A ferry capsizes and sinks off Bali, Indonesia, killing four passengers.",
        "A military plane crashes near Khartoum, Sudan, killing 46 people.",
    ],
)
def test_accidents_and_disasters_are_no_assault(text: str) -> None:
    assert [e.cameo_code for e in code_sentence(text)] == []


def test_harm_with_a_word_of_intent_is_still_coded() -> None:
    # an attack that caused the crash or the fire stays violence
    evs = code_sentence("Gunmen set fire to a bus in Kano, Nigeria, killing five passengers.")
    assert "1823" in [e.cameo_code for e in evs]
    evs = code_sentence("A Russian drone strike caused a fire at a depot, killing two people.")
    assert "1823" in [e.cameo_code for e in evs]
    ev = one("Israeli troops killed three Palestinians in Gaza.")
    assert (ev.cameo_code, pair(ev)) == ("1823", ("ISRMIL", "PSE"))


@pytest.mark.parametrize(
    "text",
    [
        "Aid groups said the authorities should declare a state of emergency in Chad.",
        "Analysts say Peru ought to impose sanctions on the mining firm.",
        "No one should be detained without charge, the lawyer added.",
    ],
)
def test_an_act_under_should_or_must_is_not_coded(text: str) -> None:
    codes = [e.cameo_code for e in code_sentence(text)]
    assert not [c for c in codes if c[:2] in ("16", "17")], codes


def test_the_complement_of_an_appeal_is_not_the_act() -> None:
    evs = code_sentence("The G7 urged Russia on Friday to accept a ceasefire with Ukraine.")
    assert [(e.cameo_code, pair(e)) for e in evs] == [("020", ("G7", "RUS"))]
    evs = code_sentence("Chile called on Bolivia to release the detained soldiers.")
    assert [e.cameo_code for e in evs] == ["020"]
    evs = code_sentence("Prosecutors in Peru request that the former president be detained.")
    assert "173" not in [e.cameo_code for e in evs]


def test_a_question_is_no_appeal_and_asks_about_what_follows_whether() -> None:
    # "asked why X had chosen to attack" tells the attack; "asked whether" does not
    evs = code_sentence("The senator asked why the United States had chosen to attack an "
                        "Iranian oil platform.")
    assert [(e.cameo_code, pair(e)) for e in evs] == [("190", ("USA", "IRN"))]
    assert code_sentence("The senator asked whether Iran had decided to attack the tanker.") == []
    assert code_sentence("It is unclear whether Iran will retaliate against Pakistan.") == []
    evs = code_sentence("Reporters asked about the talks, and Iran asked Pakistan for help.")
    assert [e.trigger for e in evs if e.cameo_code == "020"] == ["asked"]
    # an appeal with its complement stays one, and the act asked for is not coded
    evs = code_sentence("Pakistan asked Iran to stop attacking militant camps.")
    assert [(e.cameo_code, pair(e)) for e in evs] == [("020", ("PAK", "IRN"))]


def test_an_envoy_for_a_country_is_the_sender_s() -> None:
    # "for X" after an envoy's title is the brief, not the holder
    evs = code_sentence("The U.N. special envoy for Syria met Assad in Damascus on Monday.")
    assert [(e.cameo_code, e.actor1.code if e.actor1 else "") for e in evs] == [("044", "UNOGOV")]
    evs = code_sentence("The U.S. special envoy for Iran said talks would resume.")
    assert [e.actor1.code for e in evs if e.actor1] == ["USAGOV"]
    evs = code_sentence("U.N. envoy for Yemen Hans Grundberg urged the Houthis to free the staff.")
    assert [(e.actor1.code, e.actor2.code) for e in evs if e.actor1 and e.actor2] == [
        ("UNOGOV", "YEMREB")]
    # a special unit is still its country's
    evs = code_sentence("Pakistan's special forces raided the camp.")
    assert [e.actor1.code for e in evs if e.actor1] == ["PAKMIL"]


def test_a_listed_subject_acts_as_every_one_of_its_countries() -> None:
    pairs = [(e.cameo_code, pair(e))
             for e in code_sentence("Burkina Faso, Mali and Niger withdrew from ECOWAS.")]
    assert pairs == [("0874", (c, "ECOWAS")) for c in ("BFA", "MLI", "NER")]
    evs = code_sentence("Saudi Arabia, the UAE, Bahrain, and Egypt cut diplomatic ties with Qatar.")
    assert [pair(e) for e in evs] == [(c, "QAT") for c in ("SAU", "ARE", "BHR", "EGY")]
    # a one-sided act with no target: each acts, none on the others
    evs = code_sentence("Britain, France and Germany threatened further sanctions.")
    assert [(e.actor1.code if e.actor1 else "", e.actor2) for e in evs] == [
        ("GBR", None), ("FRA", None), ("DEU", None)]
    # a joint act: every pair
    evs = code_sentence("China, Russia and Iran held joint naval drills.")
    assert sorted(pair(e) for e in evs) == sorted(
        (a, b) for a in ("CHN", "RUS", "IRN") for b in ("CHN", "RUS", "IRN") if a != b)
    # two sources: a pair for a mutual act, or an act "with each other"; else each alone
    evs = code_sentence("Iran and Pakistan agreed to de-escalate.")
    assert [pair(e) for e in evs] == [("IRN", "PAK"), ("PAK", "IRN")]
    evs = code_sentence("Russia and Ukraine began the largest prisoner exchange of the war.")
    assert [pair(e) for e in evs] == [("RUS", "UKR"), ("UKR", "RUS")]
    evs = code_sentence("The Sudanese army and the RSF blame each other for the attack.")
    assert ("SDNMIL", "SDNREB") in [pair(e) for e in evs if e.cameo_code == "112"]
    evs = code_sentence("Germany and Poland threatened further sanctions.")
    assert [(e.actor1.code if e.actor1 else "", e.actor2) for e in evs] == [
        ("DEU", None), ("POL", None)]
    # places after a preposition are no subject list
    evs = code_sentence("In Paris, Berlin and London, officials condemned the strike.")
    assert "FRA" not in {e.actor1.code for e in evs if e.actor1}


def test_acts_near_an_appeal_in_another_sense_stay_coded() -> None:
    # a phone call, a noun 'demand', 'pleaded guilty', 'presses ahead', 'must see'
    evs = code_sentence("Macron called Putin to discuss the war in Ukraine.")
    assert "040" in [e.cameo_code for e in evs]
    evs = code_sentence("Flights fell on weak demand linked to the U.S. blockade of Cuba.")
    assert "191" in [e.cameo_code for e in evs]
    evs = code_sentence("Israel presses ahead with its plans to seize Gaza City.")
    assert "138" in [e.cameo_code for e in evs]
    evs = code_sentence("We must see the continuous attacks on our schools as a danger.")
    assert "190" in [e.cameo_code for e in evs]
    # an appeal's own code is kept, and what is done beside it too
    evs = code_sentence("Iran attacked Kurdish rebels after Turkey urged it to act.")
    assert [e.cameo_code for e in evs][:1] == ["190"]


def test_breaking_a_cease_fire_is_no_cease_fire() -> None:
    evs = code_sentence("The Taliban threatened to break their cease-fire with NATO forces.")
    assert [e.cameo_code for e in evs][-1] == "138"
    assert not [e for e in evs if e.direction == "de-escalation"]
    assert one("Rebels broke the cease-fire on Sunday.").cameo_code == "196"


def codes(text: str) -> list[str]:
    return [e.cameo_code for e in code_sentence(text)]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Storm Kristin kills five people and cuts power in Portugal.", ("180", "1823")),
        ("Thousands flee as Tropical Storm Mira hits the coast of Chile.", ("180",)),
        ("Bank Lynch Capital said it will underwrite the offer.", ("182",)),
        ("The company signed a deal with Andes Telephone Co on Monday.", ("041",)),
        ("He wrote to the Federal Bureau of Investigation on Monday.", ("090",)),
    ],
)
def test_a_trigger_inside_a_proper_name_is_no_event(text: str, absent: tuple[str, ...]) -> None:
    assert not set(codes(text)) & set(absent), codes(text)


def test_capitalised_triggers_outside_names_stay_coded() -> None:
    assert codes("Attacks on Israel continued overnight.") == ["190"]
    assert "190" in codes("“Attacks on our villages must stop,” the mayor said.")
    # a title: most words capitalised, the capitals tell nothing
    assert "190" in codes("Israel Strikes Hezbollah Targets In Lebanon")
    # a multi-word trigger that is a name is the event itself
    assert "062" in codes("Japan held the Coral Joint Maritime Exercise with Fiji.")


@pytest.mark.parametrize(
    "text",
    [
        "The government pledged to fight corruption and poverty in Peru.",
        "Soldiers were deployed to battle the wildfires near Athens, Greece.",
        "Kenya will receive vaccines to combat the cholera outbreak.",
        "The minister said the fight against inflation is the priority.",
        "The firm will fight off the takeover bid from its rival.",
    ],
)
def test_fighting_an_ill_is_no_armed_conflict(text: str) -> None:
    assert not [c for c in codes(text) if c[:2] in ("13", "19")], codes(text)


def test_fighting_an_armed_foe_stays_coded() -> None:
    ev = one("Kurdish forces are fighting Islamic State militants near Raqqa.")
    assert ev.cameo_code == "190"
    assert "138" in codes("The U.S. vowed to continue the fight against the Islamic State.")
    assert "190" in codes("Mexico launched a war on drug cartels in Sinaloa.")
    assert "163" in codes("The EU imposed sanctions on Russia over its war against Ukraine.")


@pytest.mark.parametrize(
    "text",
    [
        "The company will appeal the ruling to the Supreme Court.",
        "Lawyers for the journalist have until Friday to appeal the verdict.",
        "The opposition leader may still appeal to the Constitutional Court.",
        "The ban remains in force pending appeal, the court said.",
        "A Thai appeals court upheld the sentence on Monday.",
    ],
)
def test_a_court_appeal_is_no_cameo_appeal(text: str) -> None:
    assert "020" not in codes(text), codes(text)


def test_political_appeals_stay_coded() -> None:
    ev = one("Iran appealed to the United Nations to stop the attacks.")
    assert (ev.cameo_code, pair(ev)) == ("020", ("IRN", "UNO"))
    assert "023" in codes("Pakistan appealed for international aid after the floods.")
    assert "020" in codes("Iran appealed to France to reverse the decision.")


@pytest.mark.parametrize(
    "text",
    [
        "Hamas releases a video of two Israeli captives.",
        "Additionally, a rare video is released of the rebel leader.",
        "The ministry will release its trade figures on Monday.",
        "Data released on Thursday showed exports to China fell.",
    ],
)
def test_releasing_words_or_pictures_frees_no_one(text: str) -> None:
    assert not [c for c in codes(text) if c[:2] in ("08", "03")], codes(text)


def test_releasing_people_stays_coded() -> None:
    assert "0841" in codes("Hamas released three Israeli hostages on Saturday.")
    assert [c for c in codes("Cuba plans to release 51 prisoners this month.") if c[:2] == "03"]
    assert [c for c in codes("Rights groups issued a statement on the release of the journalist.")
            if c.startswith("084")]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The senators rejected the proposed plan for the railway.", "020"),
        ("The bank urged deregulation of its protected economy.", "074"),
        ("The annexed region has a restricted telecommunications market.", "172"),
        ("The banned separatist group said it held the tracks.", "172"),
    ],
)
def test_a_participle_before_its_noun_is_no_event(text: str, absent: str) -> None:
    assert absent not in codes(text), codes(text)


def test_participles_that_are_verbs_stay_coded() -> None:
    assert "1823" in codes("Japan executed a man for an arson attack that killed five people.")
    assert "070" in codes("This helped increase supplies to Gaza.")
    assert "020" in codes("The ministers proposed talks with Iran.")


def test_wounding_or_a_storm_in_a_disaster_is_no_assault() -> None:
    assert codes("A minibus crashes into a bus in Mardan, Pakistan, killing 17, wounding 5.") == []
    assert codes("A winter storm and heavy rain kill 49 people in South Africa.") == []
    evs = codes("Russia launched a drone attack on Kyiv, killing three people and wounding 12.")
    assert evs.count("190") + evs.count("195") >= 2 and "1823" in evs
    assert "180" in codes("Protesters stormed the parliament building in Dhaka.")


def test_a_hyphenated_modifier_or_an_idiom_is_no_event() -> None:
    evs = code_sentence("The G7 urged Russia to accept a U.S.-proposed ceasefire.")
    assert [e.cameo_code for e in evs] == ["020"] and pair(evs[0])[0] == "G7"
    assert "051" not in codes("Rebels attacked the U.S.-backed Syrian Democratic Forces.")
    assert "0842" not in codes("In return for the weapons, North Korea seeks trade from Russia.")
    assert "171" not in codes("Several businessmen seized the opportunity to lobby the minister.")
    # the acts themselves stay coded
    assert "195" in codes("U.S.-launched Tomahawk missiles strike Iranian targets.")
    assert "171" in codes("Police seized the weapons at the border.")
    assert "0842" in codes("Italy returned the looted artifacts to Egypt.")


@pytest.mark.parametrize(
    "text",
    [
        "We continue to recognize a difficult and complex situation, the minister said.",
        "Officials recognise that there are limits to growth in Germany.",
        "Yemen's internationally recognized government says the port was hit.",
        "The prize was awarded in recognition of her work for refugees.",
        "The budget recognises the need to draw down reserves.",
    ],
)
def test_recognising_a_fact_is_no_diplomatic_recognition(text: str) -> None:
    assert not [c for c in codes(text) if c in ("054", "032")], codes(text)


def test_recognising_a_state_stays_coded() -> None:
    ev = one("Kenya formally recognizes Kosovo as an independent sovereign state.")
    assert (ev.cameo_code, pair(ev)) == ("054", ("KEN", "XKX"))
    assert "054" in codes("Russia became the first country to recognize the Taliban government.")
    assert "054" in codes("Colombia recognized the Golan Heights as part of Israel.")
    assert "054" in codes("Germany recognizes and establishes diplomatic relations with Niue.")


def test_a_space_rocket_is_no_weapon() -> None:
    assert not [c for c in codes("A Falcon 9 rocket lifts off carrying a weather satellite.")
                if c[:2] in ("13", "18", "19")]
    assert not [c for c in codes("The Starship prototype explodes during a test, SpaceX says.")
                if c[:2] in ("18", "19")]
    # rockets fired at someone, or a launch of strikes, stay violence
    assert "194" in codes("Hamas fired rockets at Israel on Monday.")
    assert "195" in codes("Ukraine launched a drone attack on the Space Communications Center.")


@pytest.mark.parametrize(
    "text",
    [
        "The new study suggested the real toll in Sudan could be nearly double.",
        "Analysts suggest Ankara may also be wary of losing the deal.",
        "Critics suggest that Europe is unable to defend Ukraine alone.",
        "The anecdotal evidence suggests that the trend continued.",
    ],
)
def test_a_surmise_is_no_appeal(text: str) -> None:
    assert "020" not in codes(text), codes(text)


def test_a_suggested_act_stays_an_appeal() -> None:
    assert "020" in codes("Trump suggests deporting citizens to El Salvador.")
    assert "020" in codes("Clifford suggested that the U.S. should use sanctions on Hong Kong.")
    assert "020" in codes("Yeutter suggested the U.S. could file a complaint with GATT.")


def _pairs(text: str) -> list[tuple[str, str, str]]:
    return [
        (e.cameo_code, e.actor1.code if e.actor1 else "", e.actor2.code if e.actor2 else "")
        for e in code_sentence(text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"Unless Norway changes course, there is no progress," said Halvorsen.',
        "“Peru will not back down on the border,” he said.",
        '"The pact is bad for Canada," Mr. Whitlow told reporters.',
        '"I think it will be hard to pull Russia away," he told VOA\'s Russian Service.',
    ],
)
def test_a_country_inside_a_quote_is_not_its_speaker(text: str) -> None:
    assert not [p for p in _pairs(text) if p[0] == "010"], _pairs(text)


def test_the_speaker_of_a_quote_is_named_outside_it() -> None:
    # after the verb ('said X'), or between the quote and the verb
    assert _pairs(
        '"Chile is wrong about the border," said Brazilian ambassador Sousa Lima.'
    ) == [("010", "BRAGOV", "")]
    assert [p[1] for p in _pairs(
        '"Chile is wrong about the border," the Brazilian Mission to the United Nations said.'
    ) if p[0] == "010"] == ["BRA"]
    # no quotation mark before the verb: the subject as before
    assert ("010", "CHL", "") in _pairs("Chile said the border was closed.")


def test_coordinated_participles_share_the_passive() -> None:
    # "was captured and killed by X": X is the attacker, the subject the victim
    assert _pairs("A Peruvian diplomat was captured and killed by Hamas.") == [
        ("1823", "PSEREB", "PERGOV")
    ]
    assert _pairs("Two Peruvian engineers were beaten and abducted in Lima.") == [
        ("181", "PERUAF", "PER")
    ]
    # a state after 'and' is no passive: 'surprised and disappointed by' keeps its subject
    assert [p[1] for p in _pairs(
        "The Chilean government is surprised and disappointed by the Peruvian ruling."
    ) if p[0] == "110"] == ["CHLGOV"]


def test_an_act_between_two_sides_is_theirs() -> None:
    assert sorted(_pairs("Talks between Chile and Peru resume in Lima next week.")) == [
        ("040", "CHL", "PER"), ("040", "PER", "CHL")
    ]
    assert sorted(_pairs("A ceasefire between Chile and the Peruvian army collapses.")) == [
        ("0871", "CHL", "PERMIL"), ("0871", "PERMIL", "CHL")
    ]
    # one side's act on a route between two places is not theirs
    assert [p for p in _pairs("An airline halts all flights between Chile and Peru.")
            if p[1] == "PER"] == []
    # a named holder keeps its role
    assert ("040", "ARG", "CHL") in _pairs("Argentina held talks between Chile and Peru.")


def test_a_possessor_does_the_noun_act() -> None:
    # the possessor right before a noun trigger is its source, not the speaker
    assert _pairs("The Chilean senate condemned Peru's full-scale invasion of Bolivia.")[-1] == (
        "190", "PER", "BOL"
    )
    assert [p[1] for p in _pairs("Chile rejected Peru's request for a loan.")
            if p[0].startswith("02")] == ["PER"]
    # the possessor of a killing or an arrest is not read as its doer
    assert [p for p in _pairs("Chile condemned the Peruvian president's arrest.")
            if p[0] == "173" and p[1] == "PERGOV"] == []


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Iran attacked Pakistan on Tuesday.", False),
        ("Officials said the plan was ready.", False),  # a statement with no country
        ("Iran said the plan was ready.", False),
        ("The two countries signed a ceasefire.", True),  # a compound reference
        ("They agreed to hold talks.", True),  # a plural pronoun
        ("They said the plan was ready.", True),
    ],
)
def test_a_lazy_context_is_read_only_when_needed(text: str, reads: bool) -> None:
    calls: list[int] = []

    def make() -> tuple[str, ...]:
        calls.append(1)
        return ("IRN", "PAKGOV")

    lazy = code_sentence(text, context=LazyContext(make))
    assert lazy == code_sentence(text, context=("IRN", "PAKGOV"))
    assert len(calls) == int(reads)
    if reads:
        assert {e.actor1.country for e in lazy if e.actor1} == {"IRN", "PAK"}


_STATEMENTS = [
    "Officials said the plan was ready.",  # only a statement, no country: nothing
    "A spokesman told reporters the talks would go on.",
    "They said the plan was ready.",  # a pronoun for the context's countries
    "Iran said the plan was ready.",
    "The two sides said the plan was ready.",
    "Officials said rebels attacked the town.",
    "Officials warned of retaliation.",
    "US-led forces said the plan was ready.",
]


def test_a_sentence_of_plain_statements_with_no_country_is_not_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    d = coder_mod.default_dictionary()
    assert [coder_mod._statements_only(t, d) for t in _STATEMENTS] == [
        True, True, False, False, False, False, False, False]
    contexts: list[tuple[str, ...]] = [(), ("IRN", "PAKGOV")]
    fast = [code_sentence(t, d, context=c) for t in _STATEMENTS for c in contexts]
    monkeypatch.setattr(coder_mod, "_statements_only", lambda text, d: False)
    assert fast == [code_sentence(t, d, context=c) for t in _STATEMENTS for c in contexts]
    assert fast[0] == fast[1] == [] and fast[4] == []
    assert {e.actor1.code for e in fast[5] if e.actor1} == {"IRN", "PAK"}
