"""One construction per case, on sentences written for these tests (model-backed)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def tuples(claims):
    return {(c.supporter, c.recipient, c.type, c.status) for c in claims}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active giving verb with "to"
        (
            "Canada sent artillery shells to Estonia last week.",
            ("Canada", "Estonia", "arms", "delivered"),
        ),
        # "supply X with Y"
        (
            "Norway supplied Latvia with Javelin missiles.",
            ("Norway", "Latvia", "arms", "delivered"),
        ),
        # passive with agent
        (
            "Tanks were delivered to Poland by Germany in May.",
            ("Germany", "Poland", "arms", "delivered"),
        ),
        # end user named by "for use by"
        (
            "Belarus shipped shells into Russia for use by the Wagner Group.",
            ("Belarus", "Wagner Group", "arms", "delivered"),
        ),
        # receiving verb, giver after "from"
        ("Mali has received helicopters from Russia.", ("Russia", "Mali", "arms", "delivered")),
        # nominal: demonym + aid noun + "to"
        (
            "American military aid to Taiwan has grown.",
            ("United States", "Taiwan", "arms", "delivered"),
        ),
        # hyphenated participle
        (
            "The Iran-backed Houthis attacked a ship.",
            ("Iran", "Houthis", "unspecified", "delivered"),
        ),
        # future -> pledged
        ("Spain will send trainers to Moldova.", ("Spain", "Moldova", "training", "pledged")),
        # governed by a pledge verb
        (
            "Italy has decided to provide Ukraine with air defence systems.",
            ("Italy", "Ukraine", "arms", "pledged"),
        ),
        # a decision narrated in the past reports the act (the gold's convention)
        (
            "Rome had decided not to intervene and instead send equipment to Kyiv.",
            ("Italy", "Ukraine", "arms", "delivered"),
        ),
        # refusal
        (
            "Switzerland declined to supply Poland with ammunition.",
            ("Switzerland", "Poland", "arms", "refused"),
        ),
        # request: the one asked is the supporter
        (
            "Moldova asked France for air defence systems.",
            ("France", "Moldova", "arms", "requested"),
        ),
        # halt
        (
            "Hungary suspended weapons deliveries to Serbia.",
            ("Hungary", "Serbia", "arms", "halted"),
        ),
        # personnel as the helper
        (
            "Cuban military advisers assisted Venezuela.",
            ("Cuba", "Venezuela", "personnel", "delivered"),
        ),
        # weapons named by their country in another's hands
        ("Hamas fired Iranian rockets at the town.", ("Iran", "Hamas", "arms", "delivered")),
        # funding verb
        ("Qatar funded Hamas for years.", ("Qatar", "Hamas", "funding", "delivered")),
        # coordinated passive participles share the agent and the raised subject
        (
            "Hezbollah is believed to have been armed and trained by Iran.",
            ("Iran", "Hezbollah", "training", "delivered"),
        ),
        # coordinated verbs share the object the parser hung on the last one
        (
            "Turkey has armed and trained the Syrian National Army.",
            ("Turkey", "Syrian rebels", "arms", "delivered"),
        ),
        # an armed group known only to the armed-group gazetteer
        (
            "The United Arab Emirates supplied drones to the Rapid Support Forces.",
            ("United Arab Emirates", "Rapid Support Forces", "arms", "delivered"),
        ),
        # relation nouns: the referent and the other side on the noun's phrase
        (
            "Hezbollah is Iran's most powerful proxy.",
            ("Iran", "Hezbollah", "unspecified", "delivered"),
        ),
        (
            "The EU has become Ukraine's biggest donor.",
            ("European Union", "Ukraine", "unspecified", "delivered"),
        ),
        (
            "The Houthis and their backers in Tehran were blamed for the attack.",
            ("Iran", "Houthis", "unspecified", "delivered"),
        ),
        (
            "The strike was claimed by Hamas, in what the Iranian proxy group called revenge.",
            ("Iran", "Hamas", "unspecified", "delivered"),
        ),
        # support nouns: the recipient hung on what is delivered, receiving nouns
        (
            "Britain's continued delivery of shells to Kyiv angered Moscow.",
            ("United Kingdom", "Ukraine", "arms", "delivered"),
        ),
        (
            "Critics condemned Russia's procurement of North Korea's ballistic missiles.",
            ("North Korea", "Russia", "arms", "delivered"),
        ),
        # "in the form of" types a generic item
        (
            "Iran is giving material assistance to Russia, mainly in the form of drones.",
            ("Iran", "Russia", "arms", "delivered"),
        ),
        # typing: hardware units and model-named fighters are arms
        (
            "Germany delivered four air-defence units to Kyiv.",
            ("Germany", "Ukraine", "arms", "delivered"),
        ),
        ("China sold J-10C fighters to Pakistan.", ("China", "Pakistan", "arms", "delivered")),
        # what a carrier carries types it; an elaboration types generic aid
        ("Iran is sending an aid ship to Yemen.", ("Iran", "Yemen", "humanitarian", "delivered")),
        (
            "Chinese firms are providing non-lethal aid (such as body armour) to Russia.",
            ("China", "Russia", "arms", "delivered"),
        ),
        # coordinated modifiers each name a type; a place "in X" names the recipient
        (
            "Russia gives financial and military support to Syria.",
            ("Russia", "Syria", "funding", "delivered"),
        ),
        (
            "Russia gives financial and military support to Syria.",
            ("Russia", "Syria", "arms", "delivered"),
        ),
        (
            "Washington deployed a missile defense system to a site in South Korea.",
            ("United States", "South Korea", "arms", "delivered"),
        ),
        # an adverbial clause of its own is not governed by the main clause's plan
        (
            "Pyongyang is preparing to retaliate after Washington deployed bombers to Seoul.",
            ("United States", "South Korea", "arms", "delivered"),
        ),
        # a call to end support says it goes on
        (
            "Washington urged Moscow to end its support for Damascus.",
            ("Russia", "Syria", "unspecified", "delivered"),
        ),
        # a warning to stop says the support goes on
        (
            "Moscow warned Berlin to stop arming Kyiv.",
            ("Germany", "Ukraine", "arms", "delivered"),
        ),
        # "X's support of Y": with the backer on the noun, "of" names the one backed
        (
            "Belarus's support of Moscow worries Vilnius.",
            ("Belarus", "Russia", "unspecified", "delivered"),
        ),
        # a supporter noun with what is given and to whom
        (
            "Norway is the largest donor of humanitarian aid to Sudan.",
            ("Norway", "Sudan", "humanitarian", "delivered"),
        ),
        # ... and a governor that stops it
        (
            "Denmark stopped being a donor of military aid to Kyiv last year.",
            ("Denmark", "Ukraine", "arms", "halted"),
        ),
        (
            "Russia is the main arms supplier to Vietnam.",
            ("Russia", "Vietnam", "arms", "delivered"),
        ),
        (
            "China is Bangladesh's largest supplier of weapons.",
            ("China", "Bangladesh", "arms", "delivered"),
        ),
        (
            "Algeria is the largest buyer of Russian arms.",
            ("Russia", "Algeria", "arms", "delivered"),
        ),
        ("Qatar is a major financier of Hamas.", ("Qatar", "Hamas", "funding", "delivered")),
        # an act done "in support of" / "on behalf of" X, or fighting alongside its forces
        (
            "Russian warplanes carried out airstrikes in support of Assad's forces.",
            ("Russia", "Syria", "combat", "delivered"),
        ),
        (
            "Chadian mercenaries fought on behalf of the Libyan National Army.",
            ("Chad", "Libyan National Army", "personnel", "delivered"),
        ),
        (
            "Hezbollah fighters have been fighting alongside Syrian government forces.",
            ("Hezbollah", "Syria", "personnel", "delivered"),
        ),
        # asked of the one it comes from
        (
            "Moldova has requested air defence systems from Romania.",
            ("Romania", "Moldova", "arms", "requested"),
        ),
        # a buyer who seeks to buy is asking
        (
            "Russia is seeking to buy drones from Iran.",
            ("Iran", "Russia", "arms", "requested"),
        ),
        # a bill providing aid: the enacting state's, approved not given
        (
            "The U.S. Senate passed legislation providing weapons to Israel.",
            ("United States", "Israel", "arms", "pledged"),
        ),
        # legislatures are their states
        (
            "The Bundestag approved the delivery of tanks to Ukraine.",
            ("Germany", "Ukraine", "arms", "pledged"),
        ),
        # kept from doing it: the one kept would do it, and it is halted
        (
            "Germany blocked Poland from sending tanks to Ukraine.",
            ("Poland", "Ukraine", "arms", "halted"),
        ),
        # a kind of support the sentence rules out does not type it
        (
            "Belarus's support of Moscow, though not in the form of tank deliveries, worries Riga.",
            ("Belarus", "Russia", "unspecified", "delivered"),
        ),
        # who welcomes or thanks for the act receives it
        (
            "Riga welcomed Finland's decision to send howitzers.",
            ("Finland", "Latvia", "arms", "pledged"),
        ),
        # the one who needs or uses what is given receives it
        ("Norway provided the radars Estonia needed.", ("Norway", "Estonia", "arms", "delivered")),
        (
            "Spain will send whatever weapons Lithuania needs.",
            ("Spain", "Lithuania", "arms", "pledged"),
        ),
        # a clause of purpose names the recipient
        (
            "Austria provided funds so Moldova could buy fuel.",
            ("Austria", "Moldova", "funding", "delivered"),
        ),
        (
            "Sweden delivered generators to help Ukraine's grid survive the winter.",
            ("Sweden", "Ukraine", "humanitarian", "delivered"),
        ),
        # a double object the parser reads as a compound
        (
            "Israel has sold Azerbaijan drones and missiles.",
            ("Israel", "Azerbaijan", "arms", "delivered"),
        ),
        # people sent to a named place are what is sent
        (
            "The Kremlin has sent Wagner mercenaries to Mali.",
            ("Russia", "Mali", "personnel", "delivered"),
        ),
        # "from" hangs on what is received; ordering from a maker is a purchase pledged
        (
            "Poland received its first Patriot battery from the United States.",
            ("United States", "Poland", "arms", "delivered"),
        ),
        ("Greece has ordered 24 Rafale jets from France.", ("France", "Greece", "arms", "pledged")),
        # relying on someone's weapons
        ("The Houthis rely on Iranian missiles.", ("Iran", "Houthis", "arms", "delivered")),
        # a nominal event whose giver is named on what is given
        (
            "The deliveries of Iranian drones to Russia began in August.",
            ("Iran", "Russia", "arms", "delivered"),
        ),
        # a giving verb whose object is whom: the kind is not said
        ("Iran has long supplied Hezbollah.", ("Iran", "Hezbollah", "unspecified", "delivered")),
        # sent to fight for or alongside someone: that side receives
        (
            "Burundi has sent soldiers to fight alongside the Congolese army.",
            ("Burundi", "Democratic Republic of the Congo", "personnel", "delivered"),
        ),
        (
            "Turkey sent Syrian mercenaries to fight for Azerbaijan.",
            ("Turkey", "Azerbaijan", "personnel", "delivered"),
        ),
        (
            "Hezbollah fighters have been fighting for the Assad regime since 2013.",
            ("Hezbollah", "Syria", "personnel", "delivered"),
        ),
        # who uses or hosts what a reduced passive says was given
        (
            "The Peshmerga used rifles supplied by Germany.",
            ("Germany", "Kurdish forces", "arms", "delivered"),
        ),
        # air support is combat
        (
            "Moscow provided air support to Assad's forces.",
            ("Russia", "Syria", "combat", "delivered"),
        ),
        # who leads or joins the effort does the act
        (
            "Britain has led the effort to arm the Estonians with drones.",
            ("United Kingdom", "Estonia", "arms", "delivered"),
        ),
        # a count of troops stands for the troops
        (
            "Thousands of Cuban soldiers have been deployed to Angola.",
            ("Cuba", "Angola", "personnel", "delivered"),
        ),
        # a verb's sense told by its preposition: ordered from a maker buys, ordered to a
        # country sends
        (
            "Obama ordered another 475 military advisers to Iraq.",
            ("United States", "Iraq", "personnel", "pledged"),
        ),
        # what will begin is not yet delivered; a vote to send pledges it
        (
            "Canada will soon begin disbursing another $2 billion to Ukraine.",
            ("Canada", "Ukraine", "funding", "pledged"),
        ),
        (
            "The Bundestag voted to send howitzers to Ukraine.",
            ("Germany", "Ukraine", "arms", "pledged"),
        ),
        # people arriving on a side's ground
        (
            "Hundreds of Turkish soldiers arrived in Libya.",
            ("Turkey", "Libya", "personnel", "delivered"),
        ),
        (
            "The US military dropped ammunition to Kurdish forces near Kobani.",
            ("United States", "Kurdish forces", "arms", "delivered"),
        ),
        # trained somewhere: that place's state trains
        (
            "Ukrainian pilots are being trained on F-16s in Denmark.",
            ("Denmark", "Ukraine", "training", "delivered"),
        ),
        # money "in military aid" is a weapons package, as the contract types it
        (
            "Norway has provided Ukraine with billions of kroner in military aid.",
            ("Norway", "Ukraine", "arms", "delivered"),
        ),
        # relying upon what another gives
        (
            "Syrian units came to depend upon deliveries of Iranian ammunition.",
            ("Iran", "Syria", "arms", "delivered"),
        ),
        # a bare "the group" or "the country" means the one named before, when one fits
        (
            "Kataib Hezbollah attacked a base. Iran has long armed the group.",
            ("Iran", "Kataib Hezbollah", "arms", "delivered"),
        ),
        (
            "Mali's junta expelled France. Russia has since sent mercenaries to the country.",
            ("Russia", "Mali", "personnel", "delivered"),
        ),
        # a sum "in" a kind of aid is typed by the kind; who gives it is named on it
        (
            "Jordan receives about $1.5 billion in US military aid every year.",
            ("United States", "Jordan", "arms", "delivered"),
        ),
        # whose imports come from whom
        (
            "Most of Egypt's arms imports come from France.",
            ("France", "Egypt", "arms", "delivered"),
        ),
        # a share of someone's weapons
        (
            "China supplies about half of Myanmar's imported weapons.",
            ("China", "Myanmar", "arms", "delivered"),
        ),
        # "the army" means the one the article named
        (
            "The Sudanese army is losing ground. Egypt has supplied the army with drones.",
            ("Egypt", "Sudan", "arms", "delivered"),
        ),
        # who asks for the act receives it
        (
            "Latvia urged Germany to send Taurus missiles.",
            ("Germany", "Latvia", "arms", "requested"),
        ),
        (
            "Estonia is asking for F-16s from Norway.",
            ("Norway", "Estonia", "arms", "requested"),
        ),
        # held back from someone; a veto of another's aid halts the other's aid
        (
            "Washington has held back ATACMS missiles from Ukraine for months.",
            ("United States", "Ukraine", "arms", "refused"),
        ),
        (
            "Hungary vetoed EU military aid to Ukraine.",
            ("European Union", "Ukraine", "arms", "halted"),
        ),
        # turning to a private military company: its men
        (
            "The military regime in Burkina Faso turned to Wagner after the coup.",
            ("Wagner Group", "Burkina Faso", "personnel", "delivered"),
        ),
        # "X-supplied" names the giver of what someone uses ("X-made" only its maker)
        (
            "The Estonian army is using Finnish-supplied howitzers.",
            ("Finland", "Estonia", "arms", "delivered"),
        ),
        # the passive of a giving verb whose subject is whom
        (
            "The RSF has been supplied by the UAE via Chad.",
            ("United Arab Emirates", "Rapid Support Forces", "unspecified", "delivered"),
        ),
        # recruits are people trained; a country's initiative is the country
        (
            "Since 2022, Canada has trained more than 3,000 Ukrainian recruits.",
            ("Canada", "Ukraine", "training", "delivered"),
        ),
        (
            "The Czech initiative has delivered artillery shells to Ukraine.",
            ("Czech Republic", "Ukraine", "arms", "delivered"),
        ),
        # what ends up in or arrives at a side's ground, named by its maker's people
        (
            "Bulgarian ammunition has ended up in Ukraine via third countries.",
            ("Bulgaria", "Ukraine", "arms", "delivered"),
        ),
        # letting another use one's territory or weapons
        (
            "Belarus has allowed Russian troops to use its territory.",
            ("Belarus", "Russia", "logistics", "delivered"),
        ),
        (
            "London allowed Kyiv to use its Storm Shadow missiles inside Russia.",
            ("United Kingdom", "Ukraine", "arms", "delivered"),
        ),
        # funding verbs take whom as their object
        (
            "Saudi Arabia funds the Yemeni government.",
            ("Saudi Arabia", "Yemen", "funding", "delivered"),
        ),
        # what a support noun "includes" types it, each kind its own claim
        (
            "Iran's support for Hamas includes money, weapons and training.",
            ("Iran", "Hamas", "training", "delivered"),
        ),
    ],
)
def test_construction_yields_tuple(extract, text, expected):
    assert expected in tuples(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Portugal could send jets to Ukraine.",  # hypothetical modal
        "If Spain sends tanks to Ukraine, Russia will respond.",  # condition
        "Will Italy send jets to Ukraine?",  # question
        "The West sent weapons to Ukraine.",  # vague collective
        "Russia sent troops to Ukraine.",  # an invasion, not support
        "Sweden gave a speech to the assembly.",  # no support item, no recipient actor
        "Kenya uses Iranian-made drones.",  # made there, not said to be given
        "French voters support an anti-liberal candidate.",  # voters are not the state
        "Estonia trained a new professional force.",  # its own force
        "Many voters are supporters of the president.",  # no actor on either side
        "The rebels are Iran's rivals and Saudi Arabia's enemies.",  # rivalry, not backing
        "Hamas could become Iran's proxy.",  # hypothetical relation
        "Moscow called on banks to stop financing Russia's war.",  # asked party not an actor
        "The Republicans agreed that the United States should not send troops to Syria.",
        "Japan deployed missile interceptors around Tokyo.",  # its own ground
        "Both leaders voiced their support for South Korea's vision of peace.",  # a stance
        "Finland, which shares a border with Russia, issued new advice.",  # not intelligence
        "The United States urged China not to arm Russia.",  # asking for no support
        "Canada backed Finland's bid to join NATO.",  # a stance on a plan
        "Canada supports Finland's NATO membership.",  # a stance on a membership
        "The Houthis have been seeking revenge against Israel.",  # nothing to give
        # the unnamed entities give, not the one sanctioning them
        "The United States imposed costs on entities providing political support to Russia.",
    ],
)
def test_not_a_claim(extract, text):
    assert extract(text) == []


def test_reported_speech_names_claimant(extract):
    claims = extract("Antony Blinken said that Belarus delivered rockets to Russia.")
    assert [(c.claimant, c.claimant_affiliation, c.certainty) for c in claims] == [
        ("Antony Blinken", "United States", "stated")
    ]


def test_quote_with_confirm_cue_is_confirmed(extract):
    claims = extract("'We can confirm that Belarus delivered rockets to Russia,' John Kirby said.")
    assert {(c.claimant, c.certainty) for c in claims} == {("John Kirby", "confirmed")}


def test_we_assess_is_assessed(extract):
    claims = extract("“We assess that Belarus sent rockets to Russia,” Jake Sullivan said.")
    assert {(c.claimant, c.certainty) for c in claims} == {("Jake Sullivan", "assessed")}


def test_passive_hedge_is_alleged(extract):
    claims = extract("Turkey is believed to have sent Syrian fighters to Azerbaijan.")
    assert {(c.supporter, c.recipient, c.certainty) for c in claims} == {
        ("Turkey", "Azerbaijan", "alleged")
    }


def test_denial_is_denied(extract):
    claims = extract("Turkey denied sending fighters to Libya.")
    assert {(c.supporter, c.recipient, c.certainty) for c in claims} == {
        ("Turkey", "Libya", "denied")
    }


def test_quote_paragraph_continues_previous_speaker(extract):
    text = (
        "“Belarus sent rockets to Russia,” Lloyd Austin said.\n\n"
        "“Egypt also sold shells to Russia.”\n"
    )
    claims = extract(text)
    assert ("Egypt", "Russia", "Lloyd Austin") in {
        (c.supporter, c.recipient, c.claimant) for c in claims
    }


def test_pronoun_resolves_to_last_speaker(extract):
    text = "Lloyd Austin spoke on Monday. He said that Belarus sent rockets to Russia."
    assert {c.claimant for c in extract(text)} == {"Lloyd Austin"}


def test_outlet_voice_has_no_claimant(extract):
    claims = extract("Canada sent artillery shells to Estonia.")
    assert {(c.claimant, c.certainty) for c in claims} == {(None, "stated")}


def test_offsets_point_into_article_text(nlp):
    from backers.extract import EXTRACTOR_VERSION, extract_articles
    from backers.records import BODY, CAPTION, Article, Section

    head = "Caption: Norway sent tanks to Latvia.\n"
    body = "Canada sent artillery shells to Estonia."
    text = head + body
    article = Article(
        "t", text, [Section(CAPTION, 0, len(head)), Section(BODY, len(head), len(text))], "test"
    )
    (claims,) = extract_articles([article], nlp)
    assert {c.supporter for c in claims} == {"Canada"}  # the caption is not read
    assert all(text[c.start : c.end] == c.sentence for c in claims)
    assert all(c.extractor == EXTRACTOR_VERSION for c in claims)


def test_items_quantity_and_time(extract):
    claims = extract("Canada sent dozens of Leopard 2 tanks to Estonia in January.")
    (claim,) = [c for c in claims if c.type == "arms"]
    assert "Leopard 2" in claim.items
    assert claim.quantity == "dozens"
    assert claim.time == "2024-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # refusal of a named request
        (
            "Germany rejected Latvia's request for more tanks.",
            ("Germany", "Latvia", "arms", "refused"),
        ),
        # sharing with a recipient
        (
            "Norway shared intelligence with Finland.",
            ("Norway", "Finland", "intelligence", "delivered"),
        ),
        # a ban halts
        ("Austria banned arms sales to Serbia.", ("Austria", "Serbia", "arms", "halted")),
        # accuse X of V-ing: X does it
        (
            "Poland accused Belarus of supplying drones to Russia.",
            ("Belarus", "Russia", "arms", "delivered"),
        ),
    ],
)
def test_more_constructions(extract, text, expected):
    assert expected in tuples(extract(text))


def test_request_to_stop_means_ongoing(extract):
    claims = extract("Poland urged Iran to stop assisting Russia.")
    assert ("Iran", "Russia", "delivered") in {(c.supporter, c.recipient, c.status) for c in claims}


@pytest.mark.parametrize(
    "text",
    [
        "Canada warned China against supporting Russia.",  # a warning, not an act
        "Any country that sends weapons to Russia will face sanctions.",  # nobody named
        "The United States is unlikely to send tanks to Ukraine.",  # improbable
    ],
)
def test_no_claim_without_an_asserted_act(extract, text):
    assert extract(text) == []


def test_hearsay_subject_is_alleged(extract):
    claims = extract("Unconfirmed reports suggest that Belarus is training Russian pilots.")
    assert {(c.supporter, c.recipient, c.certainty) for c in claims} == {
        ("Belarus", "Russia", "alleged")
    }


def test_fact_check_denies_what_a_post_claims(extract):
    text = (
        "A viral post claims that Norway sent tanks to Serbia.\n\n"
        "This claim is false: the ministry said no tanks were sent.\n"
    )
    claims = [c for c in extract(text) if c.supporter == "Norway"]
    assert claims and {c.certainty for c in claims} == {"denied"}


def test_post_claim_without_verdict_is_not_denied(extract):
    # second-hand, unattributed (spec: "claims" -> alleged), but not refuted
    claims = extract("A viral post claims that Norway sent tanks to Serbia.")
    assert {c.certainty for c in claims} == {"alleged"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of supporters the parser breaks into appositions
        (
            "Canada, the Netherlands and Norway sent tanks to Estonia.",
            {("Canada", "Estonia"), ("Netherlands", "Estonia"), ("Norway", "Estonia")},
        ),
        # a list of owners of a pledge noun, the last parsed as the verb's subject
        (
            "The envoys restated the commitment of the United Kingdom, the Republic of "
            "Korea, and Chile to help Moldova.",
            {("United Kingdom", "Moldova"), ("South Korea", "Moldova"), ("Chile", "Moldova")},
        ),
        # a list of recipients
        (
            "Poland sent tanks to Ukraine, Estonia and Latvia.",
            {("Poland", "Ukraine"), ("Poland", "Estonia"), ("Poland", "Latvia")},
        ),
    ],
)
def test_coordinated_lists_expand(extract, text, expected):
    assert expected <= {(c.supporter, c.recipient) for c in extract(text)}


def test_two_names_and_a_comma_are_not_a_list(extract):
    claims = extract("Poland sent tanks to Ukraine, Russia said.")
    assert {(c.supporter, c.recipient) for c in claims} == {("Poland", "Ukraine")}


@pytest.mark.parametrize(
    "text",
    [
        "The ministers reaffirmed the commitment of Canada to help Moldova.",
        "Canada reaffirmed its commitment to help Moldova.",
    ],
)
def test_commitment_to_help_is_pledged(extract, text):
    assert ("Canada", "Moldova", "pledged") in {
        (c.supporter, c.recipient, c.status) for c in extract(text)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Norway will not send tanks to Moldova, the country's foreign minister said.",
        "Norway won't supply tanks to Moldova.",
        "Norway decided not to send tanks to Moldova.",
        "Norway is not going to provide tanks to Moldova.",
        "Norway said it would not provide tanks to Moldova.",
    ],
)
def test_negated_future_of_giving_is_a_refusal(extract, text):
    claims = extract(text)
    assert {(c.supporter, c.recipient, c.status, c.certainty) for c in claims} == {
        ("Norway", "Moldova", "refused", "stated")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Norway will not send tanks to Moldova, the country's foreign minister said.",
        "Norway will not supply tanks to Moldova, the country's defence minister said on Tuesday.",
        "Norway will not deliver missiles to Moldova, its foreign minister said on Friday, "
        "citing the law.",
    ],
)
def test_refusal_speaker_is_the_country_of_its_minister(extract, text):
    claims = extract(text)
    assert {(c.claimant, c.claimant_affiliation) for c in claims} == {("Norway", "Norway")}


def test_past_negation_is_a_denial(extract):
    claims = extract("Norway has not sent tanks to Moldova.")
    assert {(c.status, c.certainty) for c in claims} == {("delivered", "denied")}


@pytest.mark.parametrize(
    "text",
    [
        "Egypt's defence ministry denied that it had sold rockets to Russia.",
        "CAIRO (Sample Wire) - Egypt's defence ministry on Monday denied that it had sold "
        "rockets to Russia.",
    ],
)
def test_denier_is_the_claimant(extract, text):
    claims = extract(text)
    assert {(c.supporter, c.recipient, c.certainty, c.claimant_affiliation) for c in claims} == {
        ("Egypt", "Russia", "denied", "Egypt")
    }
    assert all(c.claimant is not None for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "Chile has refrained from supplying weapons to Peru.",
        "Chile has ruled out supplying jets to Peru.",
    ],
)
def test_refraining_from_supplying_is_a_refusal(extract, text):
    claims = extract(text)
    assert ("Chile", "Peru", "refused") in {(c.supporter, c.recipient, c.status) for c in claims}


def test_trailing_clause_with_its_own_complement_does_not_speak(extract):
    claims = extract(
        "Chile has not supplied weapons to Peru, although the Bolivian minister accused it "
        "of preparing to do so."
    )
    assert all(c.claimant is None for c in claims if c.supporter == "Chile")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # a catalogue alias and a catalogue description both name the Shahed-136
        ("Iran sold Geran-2 drones to Sudan.", ["Shahed-136"]),
        ("Iran sent Iranian kamikaze drones to Sudan.", ["Shahed-136"]),
        # acts and bare amounts are not items
        ("Iranian advisers helped Sudanese forces with these strikes.", []),
        ("Iran supplied lots of rifles to Sudan.", ["rifles"]),
        # the giving itself is not an item; what it gives is
        ("Iran made the planned transfer of rifles to Sudan.", ["rifles"]),
        ("Iran completed arms transfers to Sudan.", ["arms transfers"]),
    ],
)
def test_items_are_things_given(extract, text, items):
    claims = extract(text)
    assert claims and all(c.items == items for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "Chile voiced its support for Peru.",  # declared support is public support
        "Chile has repeatedly affirmed its support for Peru.",
        "Chile backed Peru at the United Nations.",  # backing at a diplomatic forum
    ],
)
def test_declared_support_is_diplomatic(extract, text):
    assert ("Chile", "Peru", "diplomatic", "delivered") in tuples(extract(text))


def test_support_of_no_kind_stays_unspecified(extract):
    assert tuples(extract("Chile backed Peru.")) == {("Chile", "Peru", "unspecified", "delivered")}


def test_pronoun_opening_a_sentence_is_the_previous_subject(extract):
    claims = extract("Chile denies the reports. But it has sent rifles to Peru.")
    assert ("Chile", "Peru", "arms", "delivered") in tuples(claims)


def test_pronoun_does_not_reach_across_a_paragraph(extract):
    assert extract("Chile denies the reports.\n\nIt has sent rifles to Peru.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Syrian regime has lost ground. Hezbollah provided logistical support to the "
            "regime.",
            ("Hezbollah", "Syria", "logistics", "delivered"),
        ),
        (
            "The Malian junta expelled the ambassador. Russia sent instructors to the junta.",
            ("Russia", "Mali", "personnel", "delivered"),
        ),
    ],
)
def test_bare_description_means_the_actor_tied_to_it(extract, text, expected):
    assert expected in tuples(extract(text))


def test_bare_description_without_antecedent_is_nobody(extract):
    assert extract("Hezbollah provided logistical support to the regime.") == []


def test_counted_description_means_the_last_pair_named(extract):
    claims = extract("Canada and Chile met on Monday. Germany sent rifles to the two countries.")
    assert {("Germany", "Canada"), ("Germany", "Chile")} <= {
        (c.supporter, c.recipient) for c in claims
    }


def test_counted_description_without_a_pair_is_nobody(extract):
    assert extract("Germany sent rifles to the two countries.") == []


def test_troops_stationed_on_the_hosts_territory(extract):
    text = (
        "Critics named Norway and Finland. Lawmakers demanded that the two countries pay "
        "more for British troops stationed on their territory."
    )
    assert {("United Kingdom", "Norway"), ("United Kingdom", "Finland")} <= {
        (c.supporter, c.recipient) for c in extract(text) if c.type == "personnel"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("French troops were deployed to Chad in 2014.", ("France", "Chad")),
        ("About 2,000 Italian soldiers are stationed in Lebanon.", ("Italy", "Lebanon")),
        ("Cuban advisers were sent to Venezuela.", ("Cuba", "Venezuela")),
    ],
)
def test_people_sent_in_the_passive_are_sent_by_their_side(extract, text, expected):
    assert (*expected, "personnel", "delivered") in tuples(extract(text))


def test_people_given_things_in_the_passive_receive_them(extract):
    claims = extract("Ukrainian soldiers were given tanks by Poland.")
    assert ("Poland", "Ukraine", "arms", "delivered") in tuples(claims)


@pytest.mark.parametrize(
    "text",
    [
        "Norway sent rifles to fight Russia.",
        "Norway intends to send troops to fight Russian forces.",
    ],
)
def test_support_to_fight_an_enemy_goes_to_its_adversary(extract, text):
    assert ("Norway", "Ukraine") in {(c.supporter, c.recipient) for c in extract(text)}


def test_enemy_without_a_single_adversary_names_no_recipient(extract):
    assert extract("Chile sent troops to fight Peru.") == []


def test_words_a_debunked_post_puts_in_a_mouth_are_the_outlets_to_refute(extract):
    text = (
        "A viral video shows Jonas Gahr Store saying that Norway will send tanks to "
        "Serbia.\n\nThis claim is false.\n"
    )
    claims = [c for c in extract(text) if c.recipient == "Serbia"]
    assert claims and {(c.claimant, c.certainty) for c in claims} == {(None, "denied")}


def test_family_name_after_a_catalogued_member_is_not_a_new_item(extract):
    claims = extract(
        "Canada will send 14 Leopard 2 tanks to Estonia, and more Leopard battle tanks."
    )
    assert claims and all(c.items == ["Leopard 2"] for c in claims)


def test_claims_name_the_rule_and_resolvers_that_read_them(extract):
    (claim,) = extract("Japan sent tanks to Ukraine.")
    assert claim.rules[0] == "verb.give"
    passive = extract("Hezbollah is believed to have been armed and trained by Iran.")
    assert {c.rules[0] for c in passive} == {"verb.give", "verb.give.passive"}
    assert any("raised-subject" in c.rules for c in passive)
    assert claim.rules[1:] == ["give.subject", "give.object", "give.to"]
    (noun,) = extract("American military aid to Taiwan has grown.")
    assert noun.rules == ["noun", "noun.owner", "noun.to"]


def test_a_statement_that_names_its_voice_speaks_for_that_body(extract):
    text = (
        "We, the Leaders of the Group of Seven, met today in Rome. "
        "We are stepping up our military assistance to Ukraine."
    )
    assert {(c.supporter, c.recipient) for c in extract(text)} == {("G7", "Ukraine")}


def test_without_a_named_voice_we_is_the_outlet(nlp):
    from backers.extract import extract_articles

    from .conftest import make_article

    article = make_article("We are stepping up our military assistance to Ukraine.")
    article.outlet = "White House"
    (claims,) = extract_articles([article], nlp)
    assert {(c.supporter, c.recipient) for c in claims} == {("United States", "Ukraine")}


def test_a_fact_check_rated_true_confirms_what_it_checks(extract):
    text = (
        "FACT CHECK: Is Iran sending drones to Russia?\n\n"
        "A viral video claims that Iran is sending attack drones to Russia.\n\n"
        "Verdict: True\n\nUS officials have said so repeatedly."
    )
    claims = [c for c in extract(text) if (c.supporter, c.recipient) == ("Iran", "Russia")]
    assert claims and {c.certainty for c in claims} == {"confirmed"}
    assert {c.claimant for c in claims} == {None}


def test_a_fact_check_rated_false_denies_what_it_checks(extract):
    text = (
        "FACT CHECK: Is Iran sending drones to Russia?\n\n"
        "A viral video claims that Iran is sending attack drones to Russia.\n\n"
        "Verdict: False\n\nThere is no record of it."
    )
    claims = [c for c in extract(text) if (c.supporter, c.recipient) == ("Iran", "Russia")]
    assert claims and {c.certainty for c in claims} == {"denied"}


@pytest.mark.parametrize(
    ("text", "certainty", "status"),
    [
        # a negated proof is no confirmation; the hedge decides
        (
            "It has not been definitively proven, but Iran is likely supplying drones to Russia.",
            "assessed",
            "delivered",
        ),
        # not stopping is no denial, and no halt
        ("The White House urged Congress not to delay aid to Ukraine.", "stated", "requested"),
        ("Iran denied sending drones to Russia.", "denied", "delivered"),
    ],
)
def test_negation_denies_only_its_own_clause(extract, text, certainty, status):
    claims = extract(text)
    assert claims
    assert {(c.certainty, c.status) for c in claims} == {(certainty, status)}


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # the group named in apposition, not the demonym, is the one backed
        (
            "Officials blamed the Qatar-backed Syrian rebel group Ahrar al-Sham for the raid.",
            ("Qatar", "Ahrar al-Sham", "unspecified", "delivered"),
            ("Qatar", "Syria", "unspecified", "delivered"),
        ),
        # "X are an Iran-backed movement": the group noun is predicated of X
        (
            "The Houthis are an Iran-backed movement that controls northern Yemen.",
            ("Iran", "Houthis", "unspecified", "delivered"),
            ("Iran", "Yemen", "unspecified", "delivered"),
        ),
    ],
)
def test_participle_on_a_group_noun(extract, text, expected, not_expected):
    found = tuples(extract(text))
    assert expected in found
    assert not_expected not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relation noun glossed by a list the parser hangs as conjuncts
        (
            "Washington sanctioned Tehran and its proxies, Hamas and Hezbollah.",
            {("Iran", "Hamas"), ("Iran", "Hezbollah")},
        ),
        # giving verbs that need a named item: pour, funnel, surge, airdrop
        ("Poland and Finland are pouring shells and money into Ukraine.", {("Poland", "Ukraine")}),
        ("Tehran has funneled cash to Hamas for years.", {("Iran", "Hamas")}),
        (
            "The Pentagon has surged intelligence support to Israel.",
            {("United States", "Israel")},
        ),
        (
            "The US military airdropped ammunition to Kurdish fighters.",
            {("United States", "Kurdish forces")},
        ),
    ],
)
def test_relation_lists_and_giving_verbs(extract, text, expected):
    assert expected <= {(c.supporter, c.recipient) for c in extract(text)}


def test_pour_needs_something_given(extract):
    assert extract("Investors poured into Chinese stocks as prices surged in Russia.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Eritrea supplied rifles to the Tigray Freedom Army in March.",
            ("Eritrea", "Tigray Freedom Army"),
        ),
        (
            "The Northern Salvation Movement received drones from Eritrea.",
            ("Eritrea", "Northern Salvation Movement"),
        ),
    ],
)
def test_unlisted_armed_group_is_kept_and_flagged(extract, text, expected):
    claims = [c for c in extract(text) if (c.supporter, c.recipient) == expected]
    assert claims, text
    assert all("actor.unlisted" in c.rules for c in claims)


def test_unlisted_body_that_is_not_a_group_is_not_an_actor(extract):
    assert extract("Eritrea supplied rifles to the Tigray Regional Council in March.") == []


def test_listed_actors_are_not_flagged(extract):
    claims = extract("Iran sold drones to Russia.")
    assert claims and all("actor.unlisted" not in c.rules for c in claims)


def test_support_of_without_a_backer_on_the_noun_is_not_a_recipient(extract):
    assert extract("The support of Qatar and Kuwait was decisive.") == []


def test_a_buyer_of_goods_that_are_not_support_is_trade(extract):
    assert extract("The bill would sanction buyers of Russian oil such as India.") == []


@pytest.mark.parametrize(
    "text",
    [
        "French lawmakers voted in support of Ukraine's bid to join the EU.",
        "Thousands marched in support of Palestinians in London.",
        "Ukrainian troops fought alongside British volunteers.",
        # an attempt to talk someone out of it: no act either way
        "France and Italy hope to discourage the US from supplying Ukraine with weapons.",
    ],
)
def test_on_behalf_needs_a_doer_an_act_and_a_side(extract, text):
    assert extract(text) == []


def test_a_relative_clause_is_not_what_the_main_verb_denies(extract):
    claims = extract("The RSF, which receives weapons from the UAE, denied the charge.")
    assert [(c.supporter, c.recipient, c.certainty) for c in claims] == [
        ("United Arab Emirates", "Rapid Support Forces", "stated")
    ]


def test_respectively_gives_each_supporter_its_own_figure(extract):
    text = (
        "Spain, Italy and Greece gave $2.3 billion, $1.6 billion and $4.2 billion to Kyiv,"
        " respectively."
    )
    figures = {c.supporter: c.quantity for c in extract(text)}
    assert figures == {"Spain": "$2.3 billion", "Italy": "$1.6 billion", "Greece": "$4.2 billion"}


def test_without_respectively_a_shared_figure_stays_shared(extract):
    figures = {c.quantity for c in extract("Spain and Italy gave $2.3 billion to Kyiv.")}
    assert figures == {"$2.3 billion"}


@pytest.mark.parametrize(
    "text",
    [
        "Hungary blocked an EU aid package.",  # the name describes the package
        "Biden is sending U.S. troops home.",  # the sender's own troops
        "The Kremlin welcomed the decision to send more troops.",  # no giver named
        "Russian troops arrived in Ukraine in February 2022.",  # an enemy's ground
        "Russian missiles ended up in Ukraine.",  # an enemy's ground
    ],
)
def test_no_recipient_where_the_patterns_find_none(extract, text):
    found = {c.recipient for c in extract(text)}
    assert not found & {"European Union", "United States", "Ukraine"}


def test_the_group_is_not_guessed_among_several(extract):
    text = "Hamas and the Houthis fired rockets at Israel. Iran has long armed the group."
    assert not [c for c in extract(text) if c.recipient in ("Hamas", "Houthis")]


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("Claims that Serbia sold weapons to Hamas are false.", "denied"),
        ("The post misleadingly suggests that Canada gave Ukraine $200 billion.", "denied"),
        ("Serbia has been accused of supplying Russia with shells.", "alleged"),
        ("Ukraine has accused Serbia of supplying Russia with shells.", "stated"),
        ("Serbia rejected Russia's request for shells.", "stated"),  # a refusal, no denial
    ],
)
def test_verdicts_and_accusations_in_the_sentence(extract, text, certainty):
    claims = extract(text)
    assert claims and {c.certainty for c in claims} == {certainty}
    if "been accused" in text:
        assert {c.claimant for c in claims} == {None}  # the accused is no speaker
