"""Multi-outlet scenarios with the comparison each must produce, shared by the pure and the API tests.

Each scenario is a remark several outlets reported. `renderings` gives, per outlet, the class of its
rendering against the reference wording, how it attributes the remark and the reporting verb it used;
`checks` gives quotes sent to `/v1/check` with the verdict and the outlets that printed that wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Report:
    outlet: str
    text: str
    published_at: str


@dataclass(frozen=True)
class Check:
    quote: str
    verdict: str
    carried_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    reports: tuple[Report, ...]
    reference: str
    speaker: str | None
    renderings: dict[str, tuple[str, str, str | None]]
    """outlet → (classification, attribution, cue)"""
    checks: tuple[Check, ...] = ()
    word: str = ""
    """A single word of the reference that `q` must find the statement by."""
    fullest: str = ""
    """The longest rendering containing the reference, when it is not the reference itself."""
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Other statements the reports share: reference wording → the outlets carrying it."""


FIGHT = "We are going to fight these tariffs with purpose and with force"
PEACE = "There can be no peace without the full support and participation of Ukraine"
ULTIMATUM = "This is not a negotiation — it is an ultimatum"
G7 = "The G7 stands united with Ukraine in its pursuit of a just and lasting peace"
CHANCE = "there was a “very good chance” the war could end within weeks"
NATO = "We will not accept any deal that rewards aggression"
RECOGNISE = "Ukraine would never recognise the occupied territories as Russian"
SANCTIONS = "The sanctions will stay until the last soldier leaves"
GROWTH = "The U.S. economy grew 2.4% last year—and it will grow faster"
COST = "Tariffs will cost every family $2,000 a year"
CROSSROADS = "We are at a crossroads in history"
ACT = "This is not a moment for more talk — it’s time to act"

SCENARIOS = (
    Scenario(
        name="majority wording, altered minority, truncated and extended renderings",
        reports=(
            Report(
                "CBC", f"“{FIGHT},” Prime Minister Mark Carney said on Tuesday.\n", "2025-03-11T10:00:00Z"
            ),
            Report(
                "Reuters", f"“{FIGHT.lower().capitalize()}.” Carney told reporters.\n", "2025-03-11T11:00:00Z"
            ),
            Report(
                "Daily Planet",
                "“We are going to fight these unjust tariffs with purpose and with force,” Carney vowed.\n",
                "2025-03-11T09:00:00Z",
            ),
            Report(
                "Globe",
                "Carney said the government would answer “with purpose and with force.”\n",
                "2025-03-11T12:00:00Z",
            ),
            Report(
                "Star",
                f"“{FIGHT}, and we will win,” Carney declared in Ottawa.\n",
                "2025-03-11T13:00:00Z",
            ),
        ),
        reference=FIGHT,
        speaker="Mark Carney",
        renderings={
            "CBC": ("verbatim", "same", "said"),
            "Reuters": ("verbatim", "same", "told reporters"),
            "Daily Planet": ("altered", "same", "vowed"),
            "Globe": ("truncated", "same", "said"),
            "Star": ("extended", "same", "declared"),
        },
        checks=(
            Check(f"“{FIGHT}.”", "exact", ("CBC", "Reuters")),
            Check("with purpose and with force", "exact", ("Globe",)),
            Check("fight these tariffs with purpose", "minor_variation"),
            Check("We are going to fight these tariffs, with purpose and with force", "minor_variation"),
            Check("We are going to fight these tariffs ... with force", "minor_variation"),
            Check("We are going to fight these tariffs with purpose and force", "altered"),
            Check("We are going to fight these tariffs with vigour and with force", "altered"),
        ),
        word="tariffs",
        fullest=f"{FIGHT}, and we will win",
    ),
    Scenario(
        name="dash, quote-mark and ellipsis styles",
        reports=(
            Report("AP", f"“{ULTIMATUM},” Secretary of State Marco Rubio said.\n", "2025-04-01T08:00:00Z"),
            Report(
                "BBC",
                "'This is not a negotiation - it is an ultimatum,' Rubio said.\n",
                "2025-04-01T09:00:00Z",
            ),
            Report(
                "NPR",
                '"This is not a negotiation -- it is an ultimatum," Rubio said.\n',
                "2025-04-01T10:00:00Z",
            ),
            Report(
                "Axios", "“This is not a negotiation … an ultimatum,” Rubio wrote.\n", "2025-04-01T11:00:00Z"
            ),
            Report(
                "Politico",
                "“This is not a negotiation; it is an ultimatum,” Rubio insisted.\n",
                "2025-04-01T12:00:00Z",
            ),
        ),
        reference=ULTIMATUM,
        speaker="Marco Rubio",
        renderings={
            "AP": ("verbatim", "same", "said"),
            "BBC": ("verbatim", "same", "said"),
            "NPR": ("verbatim", "same", "said"),
            "Axios": ("truncated", "same", "wrote"),
            "Politico": ("punctuation", "same", "insisted"),
        },
        checks=(
            Check('"this is not a negotiation -- it is an ultimatum."', "exact", ("AP", "BBC", "NPR")),
            Check("This is not a negotiation; it is an ultimatum", "exact", ("Politico",)),
            Check("This is not a negotiation, it is an ultimatum", "minor_variation"),
            Check("This is not a negotiation ... an ultimatum", "exact", ("Axios",)),
            Check("This is not a negotiation — it is simply an ultimatum", "altered"),
        ),
        word="ultimatum",
    ),
    Scenario(
        name="pronoun, title and surname attributions and a misattribution",
        reports=(
            Report(
                "CBC",
                f"Prime Minister Mark Carney met Volodymyr Zelenskyy in Rome. “{PEACE},” he said.\n",
                "2025-05-18T09:00:00Z",
            ),
            Report(
                "Globe",
                f"“{PEACE},” the prime minister told the Ukrainian president.\n",
                "2025-05-18T10:00:00Z",
            ),
            Report("Star", f"“{PEACE},” Carney said.\n", "2025-05-18T11:00:00Z"),
            Report("Post", f"“{PEACE},” said Prime Minister Mark Carney.\n", "2025-05-18T12:00:00Z"),
            Report(
                "Tribune",
                f"“{PEACE},” Italian Prime Minister Giorgia Meloni said on Sunday.\n",
                "2025-05-18T13:00:00Z",
            ),
        ),
        reference=PEACE,
        speaker="Mark Carney",
        renderings={
            "CBC": ("verbatim", "same", "said"),
            "Globe": ("verbatim", "unnamed", "told"),
            "Star": ("verbatim", "same", "said"),
            "Post": ("verbatim", "same", "said"),
            "Tribune": ("verbatim", "different", "said"),
        },
        checks=(Check(PEACE, "exact", ("CBC", "Globe", "Star", "Post", "Tribune")),),
        word="participation",
    ),
    Scenario(
        name="an organisation as speaker",
        reports=(
            Report(
                "Global News",
                f"“{G7},” the G7 foreign ministers said in a joint statement.\n",
                "2025-03-14T12:00:00Z",
            ),
            Report("CTV", f"The communique said “{G7.lower()}.”\n", "2025-03-14T13:00:00Z"),
            Report("Le Devoir", f"“{G7},” they wrote.\n", "2025-03-14T14:00:00Z"),
        ),
        reference=G7,
        speaker="G7 foreign ministers",
        renderings={
            "Global News": ("verbatim", "same", "said"),
            "CTV": ("verbatim", "unnamed", "said"),
            "Le Devoir": ("verbatim", "unnamed", "wrote"),
        },
        checks=(Check("the G7 stands united with Ukraine", "minor_variation"),),
        word="united",
    ),
    Scenario(
        name="reported speech is a statement of its own, and so is its partial quote",
        reports=(
            Report("Reuters", f"Donald Trump said {CHANCE}.\n", "2025-06-01T08:00:00Z"),
            Report("AP", f"Trump said {CHANCE}.\n", "2025-06-01T09:00:00Z"),
            Report(
                "Guardian", f"The US president, Donald Trump, said that {CHANCE}.\n", "2025-06-01T09:30:00Z"
            ),
            Report(
                "Fox",
                "Trump told reporters there was a “very good chance” the war could end soon.\n",
                "2025-06-01T10:00:00Z",
            ),
        ),
        reference=CHANCE,
        speaker="Donald Trump",
        renderings={
            "Reuters": ("verbatim", "same", "said"),
            "AP": ("verbatim", "same", "said"),
            "Guardian": ("verbatim", "same", "said"),
            "Fox": ("altered", "same", "told reporters"),
        },
        checks=(
            Check(
                "There was a very good chance the war could end within weeks",
                "exact",
                ("Reuters", "AP", "Guardian"),
            ),
            Check("there was a good chance the war could end within weeks", "altered"),
        ),
        word="weeks",
        also={"very good chance": ("Reuters", "AP", "Guardian", "Fox")},
    ),
    Scenario(
        name="an alliance as speaker, named or described, and its words inside reported speech",
        reports=(
            Report("AP", f"“{NATO},” NATO said in a statement on Monday.\n", "2025-02-03T08:00:00Z"),
            Report("AFP", f"NATO said it “{NATO[3:].lower()}.”\n", "2025-02-03T09:00:00Z"),
            Report("DW", f"“{NATO},” the alliance said.\n", "2025-02-03T10:00:00Z"),
            Report("RFI", f"The alliance, in a statement, said: “{NATO}.”\n", "2025-02-03T11:00:00Z"),
        ),
        reference=NATO,
        speaker="NATO",
        renderings={
            "AP": ("verbatim", "same", "said"),
            "AFP": ("truncated", "same", "said"),
            "DW": ("verbatim", "unnamed", "said"),
            "RFI": ("verbatim", "unnamed", "said"),
        },
        checks=(
            Check(f"{NATO}.", "exact", ("AP", "DW", "RFI")),
            Check("will not accept any deal that rewards aggression", "exact", ("AFP",)),
        ),
        word="aggression",
    ),
    Scenario(
        name="reported speech with and without that, no marked words",
        reports=(
            Report("Kyiv Independent", f"Zelenskyy said that {RECOGNISE}.\n", "2025-02-20T08:00:00Z"),
            Report("BBC", f"Volodymyr Zelenskyy said {RECOGNISE}.\n", "2025-02-20T09:00:00Z"),
            Report("CNN", f"{RECOGNISE}, Zelenskyy said.\n", "2025-02-20T10:00:00Z"),
        ),
        reference=RECOGNISE,
        speaker="Volodymyr Zelenskyy",
        renderings={
            "Kyiv Independent": ("verbatim", "same", "said"),
            "BBC": ("verbatim", "same", "said"),
            "CNN": ("verbatim", "same", "said"),
        },
        checks=(
            Check(RECOGNISE, "exact", ("Kyiv Independent", "BBC", "CNN")),
            Check("Ukraine would never recognise the occupied territories", "minor_variation"),
            Check("Ukraine would never recognise the liberated territories as Russian", "altered"),
        ),
        word="occupied",
    ),
    Scenario(
        name="guillemets and single quote marks, an empty ellipsis and an inserted word",
        reports=(
            Report("Le Monde", f"«{SANCTIONS},» Kallas said.\n", "2025-03-01T08:00:00Z"),
            Report("Guardian", f"'{SANCTIONS},' Kaja Kallas said.\n", "2025-03-01T09:00:00Z"),
            Report(
                "Politico",
                f'"{SANCTIONS}," EU foreign policy chief Kaja Kallas told reporters.\n',
                "2025-03-01T10:00:00Z",
            ),
            Report(
                "Euronews",
                '"The sanctions will stay ... until the last soldier leaves," Kallas said.\n',
                "2025-03-01T11:00:00Z",
            ),
            Report(
                "Sky",
                '"The sanctions will stay until the last Russian soldier leaves," Kallas added.\n',
                "2025-03-01T12:00:00Z",
            ),
        ),
        reference=SANCTIONS,
        speaker="Kaja Kallas",
        renderings={
            "Le Monde": ("verbatim", "same", "said"),
            "Guardian": ("verbatim", "same", "said"),
            "Politico": ("verbatim", "same", "told reporters"),
            "Euronews": ("punctuation", "same", "said"),
            "Sky": ("altered", "same", "added"),
        },
        checks=(
            Check(f"“{SANCTIONS}”", "exact", ("Le Monde", "Guardian", "Politico")),
            Check("The sanctions will stay until the last Russian soldier leaves", "exact", ("Sky",)),
            Check("The sanctions will stay until the soldier leaves", "altered"),
        ),
        word="sanctions",
    ),
    Scenario(
        name="one word written many ways: an unspaced dash, US for U.S., percent for %, a soft hyphen",
        reports=(
            Report("AP", f"“{GROWTH},” Treasury Secretary Janet Yellen said.\n", "2025-01-10T08:00:00Z"),
            Report("Reuters", f"“{GROWTH},” Yellen said.\n", "2025-01-10T09:00:00Z"),
            Report(
                "BBC",
                "“The US economy grew 2.4 percent last year — and it will grow faster,” Yellen said.\n",
                "2025-01-10T10:00:00Z",
            ),
            Report("CNN", "“The U.S. economy grew 2.4% last year,” Yellen said.\n", "2025-01-10T11:00:00Z"),
            Report("Fox", f"“{GROWTH}, believe me,” Yellen said.\n", "2025-01-10T12:00:00Z"),
            Report(
                "DW",
                "“" + GROWTH.replace("economy", "econ\u00adomy") + ",” Yellen said.\n",
                "2025-01-10T13:00:00Z",
            ),
        ),
        reference=GROWTH,
        speaker="Janet Yellen",
        renderings={
            "AP": ("verbatim", "same", "said"),
            "Reuters": ("verbatim", "same", "said"),
            "BBC": ("punctuation", "same", "said"),
            "CNN": ("truncated", "same", "said"),
            "Fox": ("extended", "same", "said"),
            "DW": ("verbatim", "same", "said"),
        },
        fullest=f"{GROWTH}, believe me",
        checks=(
            Check("The US economy grew 2.4 percent last year", "minor_variation"),
            Check(
                "The U.S. economy grew 2.4% last year — and it will grow faster",
                "exact",
                ("AP", "Reuters", "DW"),
            ),
            Check("The U.S. economy grew 3.4% last year", "altered"),
        ),
        word="economy",
    ),
    Scenario(
        name="a changed currency or sign is a changed word",
        reports=(
            Report("AP", f"“{COST},” Sen. Elizabeth Warren said.\n", "2025-02-10T08:00:00Z"),
            Report("Reuters", f"“{COST},” Warren said.\n", "2025-02-10T09:00:00Z"),
            Report("Blog", f"“{COST.replace('$', '£')},” Warren said.\n", "2025-02-10T10:00:00Z"),
            Report("Site", f"“{COST.replace('$', '')},” Warren said.\n", "2025-02-10T11:00:00Z"),
        ),
        reference=COST,
        speaker="Elizabeth Warren",
        renderings={
            "AP": ("verbatim", "same", "said"),
            "Reuters": ("verbatim", "same", "said"),
            "Blog": ("altered", "same", "said"),
            "Site": ("altered", "same", "said"),
        },
        checks=(
            Check(COST, "exact", ("AP", "Reuters")),
            Check(COST.replace("$", "€"), "altered"),
        ),
        word="tariffs",
    ),
    Scenario(
        name="another part of the remark, which only the fullest rendering holds",
        reports=(
            Report("AP", f"“{ACT},” British Prime Minister Keir Starmer said.\n", "2025-03-02T15:30:00Z"),
            Report(
                "BBC",
                f"Sir Keir Starmer said: '{CROSSROADS}. "
                "This is not a moment for more talk - it's time to act.'\n",
                "2025-03-02T15:40:00Z",
            ),
            Report("Reuters", f'"{ACT.replace("—", "-")}," Starmer said.\n', "2025-03-02T15:45:00Z"),
            Report("Guardian", f"‘{CROSSROADS},’ Starmer said.\n", "2025-03-02T17:00:00Z"),
            Report(
                "Sun",
                "The PM blasted: “This is not a moment for more talk. It is time to act.”\n",
                "2025-03-02T18:00:00Z",
            ),
        ),
        reference=ACT,
        speaker="Keir Starmer",
        renderings={
            "AP": ("verbatim", "same", "said"),
            "BBC": ("extended", "same", "said"),
            "Reuters": ("verbatim", "same", "said"),
            "Guardian": ("truncated", "same", "said"),
            "Sun": ("punctuation", "unnamed", "blasted"),  # `It is` spells out `it’s`: the same words
        },
        checks=(
            Check(CROSSROADS, "exact", ("Guardian",)),
            Check("We are at a crossroads in our history", "altered"),
        ),
        word="crossroads",
        fullest=f"{CROSSROADS}. {ACT}",
    ),
)


def diff_agrees(classification: str, ops: list[tuple[str, list[str], list[str]]]) -> bool:
    """Whether a word diff (op, reference words, rendering words) shows what the class says."""
    kinds = [op for op, _, _ in ops]
    changes = [i for i, op in enumerate(kinds) if op != "equal"]
    if classification in ("verbatim", "punctuation"):
        return not changes
    if classification == "truncated":
        return bool(changes) and set(kinds) <= {"equal", "delete"}
    if classification == "extended":
        return bool(changes) and set(kinds) <= {"equal", "insert"} and set(changes) <= {0, len(ops) - 1}
    inside = [i for i in changes if 0 < i < len(ops) - 1]
    return "replace" in kinds or bool(inside) or (bool(changes) and "insert" in kinds and "delete" in kinds)
