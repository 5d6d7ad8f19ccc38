"""The generated world gazetteer: every state's capital and demonyms resolve, the curated
names win, and ambiguous capitals are not tagged as states."""

from backers.nlp.gazetteer import DEMONYM, METONYM, gazetteer


def test_every_iso_state_resolves_by_capital_and_demonym():
    gaz = gazetteer()
    assert gaz.lookup("Luanda").actor == "Angola"
    assert gaz.lookup("Luanda").kind == METONYM
    assert gaz.lookup("Malabo").actor == "Equatorial Guinea"
    assert gaz.lookup("Burundians").actor == "Burundi"
    assert gaz.lookup("Togolese").kind == DEMONYM


def test_curated_names_win_over_generated_ones():
    gaz = gazetteer()
    assert gaz.actor("Moscow") == "Russia"
    assert gaz.actor("Pyongyang") == "North Korea"
    assert gaz.actor("DPRK") == "North Korea"  # the curated canonical short name
    assert gaz.actor("Congolese") == "Democratic Republic of the Congo"


def test_capitals_that_are_ordinary_words_are_not_actors():
    gaz = gazetteer()
    for word in ("Male", "Victoria", "Kingston", "Nassau"):
        found = gaz.lookup(word)
        assert found is None or found.kind != METONYM, word


def test_armed_groups_resolve_with_their_state():
    gaz = gazetteer()
    assert gaz.actor("RSF") == "Rapid Support Forces"
    assert gaz.actor("JNIM") == "Jama'at Nasr al-Islam wal Muslimin"
    assert gaz.state_of("Africa Corps") == "Russia"
    assert gaz.actor("Peshmerga") == "Kurdish forces"
