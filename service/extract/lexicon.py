"""Word lists for attribution: the data-built cue lexicon plus small closed classes.

`CUES` maps a lower-cased word form to its precision as a reporting cue in the PolNeAR training split
(how often an occurrence of the form outside quotation marks lies inside a gold cue span), built offline by
`scripts/build_cues.py` and loaded once at import. The other lists are closed classes used to read
noun phrases around a cue: pronouns, determiners, title words, organisation words, group nouns.
"""

from __future__ import annotations

import json
from importlib import resources

__all__ = [
    "ANON_MIN",
    "AUXILIARIES",
    "AUX_SKIP",
    "BE_FORMS",
    "CAP_STOP",
    "CLAUSE_CUES",
    "CLAUSE_PUNCT",
    "CONNECTORS",
    "CUES",
    "CUE_FLOOR",
    "CUE_MIN",
    "CUE_OPENERS",
    "DETERMINERS",
    "EVIDENCE_NOUNS",
    "FEMININE",
    "GROUP_NOUNS",
    "HEADLINE_CUE_MIN",
    "LABEL_MAX",
    "LEAD_IN_CUE_MIN",
    "MASCULINE",
    "NEAREST_CUE_MIN",
    "NEGATIONS",
    "NOT_SOURCE_LABELS",
    "NP_STOP",
    "OBJECT_ONLY_PRONOUNS",
    "OBJECT_PRONOUNS",
    "OBJECT_TAKING",
    "OCCUPATIONS",
    "ORG_WORDS",
    "PHRASE_CUE_PRECISION",
    "PHRASE_HEADS",
    "PLACES",
    "PLACE_FIRST",
    "PLACE_LAST",
    "PREPOSITIONS",
    "PRONOMINAL",
    "PRONOMINAL_CUE_MIN",
    "PRONOUNS",
    "RAISED_PRECISION",
    "RAISING",
    "RAISING_ADVERBS",
    "RAISING_PASSIVE",
    "RAISING_WORDS",
    "REPORT_MIN",
    "SPEAKER_NOUNS",
    "STRONG_CUE",
    "SUBJECT_PRONOUNS",
    "TITLE_WORDS",
    "WEAK_VERB_MIN",
    "cue_precision",
    "negated_cue",
    "negates",
    "words",
]


def words(blob: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words in `blob`."""
    return frozenset(blob.split())


def _load_cues() -> dict[str, float]:
    """Cue word forms and their precision as cues in the training data (built by build_cues.py)."""
    raw = resources.files("service.extract").joinpath("data/cues.json").read_text(encoding="utf-8")
    cues: dict[str, float] = json.loads(raw)["cues"]
    return cues


_CUES = _load_cues()
# Forms that report speech in news prose even where the training data is sparse.
_CORE = {"said": 1.0, "says": 1.0, "told": 1.0, "tells": 1.0, "added": 1.0, "wrote": 1.0, "read": 0.5}
# Manner-of-speaking verbs: too rare in the training split to be counted, unambiguous in news prose.
_MANNER_WORDS = """quipped quips exclaimed exclaims barked scoffed scoffs fumed riffed surmised confessed
retorted retorts snapped deadpanned groused gushed countered jeered sang sings exhorted hollered
taunted sneered marveled marvelled thundered bellowed screamed whispered muttered murmured growled grumbled
huffed chuckled scolded interjecting tweets texted"""
_MANNER = {w: 0.8 for w in _MANNER_WORDS.split()}


CUES: dict[str, float] = {**_CUES, **_MANNER, **_CORE}


# Cut-offs on the cue precision scale of `CUES`, lowest first; each was tuned on the data where it is used.
# In a colon lead-in (`X issued the following statement:`), even a weak cue with a speaker introduces what
# follows, from here up.
LEAD_IN_CUE_MIN = 0.1
# Below this, a word between a quote and a name modifies the name (`an angry Hollande`), it does not cue it.
WEAK_VERB_MIN = 0.2
# Lowest precision at which a form reports speech on its own (the weakest cue a sentence keeps).
CUE_FLOOR = 0.3
# Cue precision needed to report speech: the cue floor (tuned leaving one publisher out for all-attribution
# recall at no loss of F1): every cue a sentence keeps with its speaker reports speech.
REPORT_MIN = CUE_FLOOR
# From here a cue needs no name, pronoun or record right before it to attribute a quotation. Reported
# speech takes weaker cues with any subject that can hold a view (`attribution._reports_weakly`): leaving
# one publisher out, all-attribution F1 +0.4; quotations taking them too lost 0.2 of speaker accuracy.
CUE_MIN = 0.4
# Without a speaker, only the most reliable cues report speech (gold leaves some sources unnamed).
ANON_MIN = 0.4
# A strong cue: after a name it opens an attribution of its own (`…, Tanden wrote that …`); content before
# it reaches back past its speaker's description; it is never read as a participle modifying a noun.
STRONG_CUE = 0.6
# A quantifier subject (`another said`) only before a cue that is nearly always a reporting verb.
PRONOMINAL_CUE_MIN = 0.6
# In a title-case headline, a capitalised cue this strong right after a name reports what it said.
HEADLINE_CUE_MIN = 0.6
# From here the cue nearest a partial quote outranks the main clause's (train split).
NEAREST_CUE_MIN = 0.6
# The precision given to a reporting phrase (`put it`, `shot back`), whatever its first word scores alone.
PHRASE_CUE_PRECISION = 0.9
# First words of reporting phrases that count whatever their own precision (`put it`, `shot back`).
PHRASE_HEADS = words("put puts shot fired went goes")
# Forms that can open a cue; the rest of the lexicon never does, so no context is read for them.
CUE_OPENERS = frozenset(w for w, p in CUES.items() if p >= CUE_FLOOR) | PHRASE_HEADS


def cue_precision(word: str) -> float:
    """Precision of the lower-cased `word` as a reporting cue (0 when unknown)."""
    return CUES.get(word, 0.0)


PRONOUNS = words("he she they i we you it him her them")
# Pronouns that stand as the subject of a clause (`he said`), never as its object.
SUBJECT_PRONOUNS = words("he she they we i")
PREPOSITIONS = words(
    "of in on at to for with from by about against into onto over under after before during via through"
)
# What ends a clause: a word followed by one of these is the last of its clause.
CLAUSE_PUNCT = (",", ".", ";", ":", "!", "?", "—", "–", "-", "(")
# Most words in a `Label:` that names a speaker (`PENCE:`, `Poll:`, `Clinton camp:`).
LABEL_MAX = 5
# Labels of a paragraph that name no source: a newsroom's furniture (`Correction: An earlier version …`).
NOT_SOURCE_LABELS = words(
    "correction corrections clarification update updated note editor’s editor's breaking watch related"
)
# Verbs whose subject belongs to what they report (`Trump seemed to waver`: that Trump wavered), and
# participles that do so after a form of `be` (`Clinton is expected to speak`).
RAISING = words("seem seems seemed appear appears appeared")
RAISING_PASSIVE = words("expected")
# Adverbs that report the rest of their clause as hearsay (`the FBI is reportedly making arrangements`).
RAISING_ADVERBS = words("reportedly")
RAISING_WORDS = RAISING | RAISING_PASSIVE | RAISING_ADVERBS
# The precision of every raised subject and its complement as an attribution (PolNeAR train+dev, overlap 0.5:
# 0.57), whatever the verb scores as a reporting word (`appear` 0.29, `reportedly` not one).
RAISED_PRECISION = 0.55
# Pronouns that can be the object of a reporting verb (`he called them`).
OBJECT_PRONOUNS = words("it them him her")
# Pronouns that are only ever objects: never a subject, never a possessive (`many of them said`).
OBJECT_ONLY_PRONOUNS = words("him them")
# Quantifiers that stand for people on their own before a cue (`another said`, `both wrote`).
PRONOMINAL = words("another others both several")
AUX_SKIP = words(
    """also has have had would will later then previously once again recently publicly repeatedly
    reportedly often never not did does do just even still already initially subsequently further
    flatly simply quickly separately privately openly first long may might could should can is was
    've 'd actually apparently clearly frequently usually always quietly
    now since sometimes specifically explicitly bluntly angrily
    didn't doesn't don't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't isn't wasn't
    didn’t doesn’t don’t hasn’t haven’t hadn’t won’t wouldn’t can’t couldn’t shouldn’t isn’t wasn’t"""
)
BE_FORMS = words("is was were are been be being")
# Finite auxiliaries and modals: a clause's verb (`officials have said`) or what a negation follows
# (`has never said`).
AUXILIARIES = words("is was were are has had have will would could can did does do may might should must")
# A negation standing before a cue (`did not say`, `never claimed`, `no mention`); a contraction
# (`didn't`, `hasn’t`) negates on its own.
NEGATIONS = words("not never no")
DETERMINERS = words("the a an his her their its our my your this these those another some several many one")
NP_STOP = words(
    """and or but that which who whom whose to in on at for with by from as than is are was were be
    been has have had not it there when while if because after before also said says told would will
    could should can may might do does did what where why how no so then about over into onto under
    upon via against during without within through between among like unlike including if whether
    yet nor either neither both all any each every most more less very just only even also"""
)
CAP_STOP = words(
    """The A An But And Or So In On At For With By From As If When While After Before He She It They We
    I You This That These Those There Here His Her Its Their Our My Your Meanwhile However Still Yet
    Now Then Also According Asked Speaking Thursday Friday Monday Tuesday Wednesday
    Saturday Sunday"""
)
CONNECTORS = words("of de da van von der del la le du bin al")
TITLE_WORDS = words(
    """President Vice Prime Minister Secretary Foreign Defense Defence State Chancellor Senator Sen
    Rep Representative Gov Governor Mayor Chief Justice Judge Attorney General Gen Col Lt Sgt Capt
    Speaker Leader Majority Minority Ambassador Envoy Spokesman Spokeswoman Spokesperson Director
    Chairman Chairwoman Chair CEO King Queen Prince Princess Pope Rev Dr Mr Mrs Ms Miss Prof Professor
    Commissioner Deputy Acting Former Senate House Democratic Democrat Republican Sens Reps Govs Supreme Court
    Interior Finance Treasury Homeland Security Health Trade Justice Economy Economic Affairs
    Commerce Energy Education Labor Agriculture Transportation Environment Home Office Minority
    Lord Lady Sir Dame Archbishop Bishop Cardinal Father Sheikh Emir Crown Commander Admiral Colonel
    Lieutenant Sergeant Captain Major Marshal Officer Detective Inspector Superintendent Council
    Councilman Councilwoman Assemblyman Assemblywoman Congressman Congresswoman Delegate Presidential
    Candidate Nominee Executive Officer Press PM MP Premier Secretary-General Staff Whip Editor Anchor
    Correspondent Columnist Reporter Commentator Pastor Rabbi Reverend Imam"""
)
# Who a singular pronoun may stand for: the titles and given names that tell a woman from a man. A given name
# borne by both (`Kelly`, `Jordan`, `Jean`, `Chris` as often short for Christine) is in neither, and a name
# in neither agrees with both pronouns.
FEMININE = words(
    """Assemblywoman Businesswoman Chairwoman Congresswoman Councilwoman Dame Duchess Lady Madam Miss Mrs
    Ms Princess Queen Sister Spokeswoman Abigail Ada Alexandria Alice Alicia Amanda Amy Andrea Angela
    Ann Anna Annalena Anne Arianna Ashley Ava Ayanna Barbara Benazir Betsy Betty Brenda Brianne Brittany
    Carly Carol Caroline Catherine Cecile Chelsea Cheryl Christina Christine Cindy Claire Claudia
    Colleen Condoleezza Connie Cori Cristina Cynthia Deb Debbie Deborah Debra Deja Dena Diana Diane
    Dianne Dilma Dolores Donna Doris Dorothy Dottie Elaine Elisabeth Elise Elizabeth Emily Erin Eva Eve
    Evelyn Faiza Felicia Frances Ghazala Gina Giorgia Gisela Gloria Golda Grace Gretchen Gwen Haley
    Halyna Hannah Heather Heidi Helen Hillary Holly Hope Huma Ilhan Ilyse Indira Irene Ivana Ivanka
    Jacinda Jacqueline Jane Janet Janice Jeanne Jen Jenna Jennifer Jessica Jill Jillian Joan Joanne Joni
    Joy Joyce Judith Judy Julia Julie Kaja Kamala Karen Karine Kate Katherine Kathleen Kathryn Katie
    Kellyanne Kemi Kimberly Kirsten Kirstjen Kristan Kristen Kristi Kristin Kristina Lael Laura Lauren
    Leah Lesley Lillian Lily Linda Lisa Liz Loretta Lori Louise Luciana Madeleine Magdalena Maggie
    Malkia Marcia Margaret Maria Marie Marine Marjorie Marla Marsha Martha Mary Maureen Maxine Mazie
    Megan Meghan Megyn Melania Melanie Melanne Melissa Mette Michele Michelle Mika Mindy Minyon Miriam
    Monica Myra Nadia Nancy Natalia Natalie Naureen Ngozi Nicola Nicole Nikki Nina Nita Nora Norma Olena
    Olivia Pam Pamela Patricia Paula Peggy Penny Phyllis Polly Pramila Priti Rachel Rashida Rebecca Rita
    Roberta Robyn Rosa Roseanne Rosemary Ruth Sally Samantha Sandra Sanna Sarah Sharon Sheila Shelley
    Shirley Sonia Sonya Sophie Stacey Stephanie Suella Susan Susana Susie Suzanne Svetlana Sylvia Tammy
    Tanya Tara Teresa Teri Theresa Tiffany Tina Trish Tulsi Ursula Valerie Vanessa Veronica Victoria
    Virginia Vivian Wendy Xiomara Yolanda Yulia Yvette Yvonne Zainab Zeynep Zoe"""
)
MASCULINE = words(
    """Archbishop Assemblyman Brother Businessman Cardinal Chairman Congressman Councilman Duke Emir Father
    King Lord Mr Pope Prince Sheikh Sir Spokesman Aaron Abdel Abdullah Adam Adel Ahmed Akhil Al Alan
    Alexander Alexandre Alexei Ali Allan Allen Amos Andrew Andrzej Andrés Andy Anthony Antonin Antonio
    Anwar Ari Arthur Asa Barack Barry Bashar Ben Benjamin Berhanu Bernard Bernie Beto Bill Bob Bobby
    Bola Boris Brad Bradley Brandon Brent Bret Brett Brian Bruce Bryan Calvin Carl Carlos Carlton
    Charles Charlie Christian Christoph Christopher Chuck Colin Corey Cory Curt Cyril Dan Daniel Dante
    Darrell Dave David Denis Dennis Dick Dinesh Dino Dmitry Don Donald Doug Douglas Duncan Dwight Ed
    Edward Ehud Elijah Emmanuel Emmet Enrico Enrique Eric Erik Ernest Eswar Ethan Eugene Evan Evo Fattah
    Federico Felipe Ferdinand Fernando Florent Frank Franklin François Freddy Friedrich Fumio Gary Gavin
    Gene Geoff George Gerald Gerhard Giorgio Giuseppe Glenn Gonzalo Gordon Grant Greg Gregory Gustavo
    Hakeem Hamad Hamid Hans Hany Harold Harry Hassan Helmut Henry Herbert Herman Herschel Hogan Hosni
    Howard Hugh Hugo Hussein Igor Imran Ismail Ivan Iván Jack Jacob Jacques Jair James Jared Jason
    Javier Jeb Jeff Jeffery Jeffrey Jeh Jens Jerry Jim Jimmy Joaquin Joe Joel Joey John Joko Jon
    Jonathan Jorge Joseph Josh Joshua Juan Julian Justin Kanye Karl Keir Keith Ken Kenneth Kerr Kevin
    Khizr Kyle Lamar Lance Lanny Larry Laurence Lawrence Leonard Lincoln Louis Lucas Luis Luiz Luke Lula
    Luther Lyndon Mahathir Mahmoud Manuel Marco Mariano Mario Mark Martin Marvin Mateusz Matt
    Matteo Matthew Mehmet Mel Michael Mick Miguel Mike Milton Mitch Mitchell Mitt Moammar Mohamed
    Mohammed Monte Morris Morton Muhammad Muhammadu Murray Naftali Najib Narendra Nate Nathan Nawaz Neil
    Newt Nicholas Nick Nicolás Noah Norbert Norm Norman Olaf Oliver Olof Orrin Osama Patrick Paul Pedro
    Pete Peter Phil Philip Pierre Prabowo Rafael Raffaello Rahm Ralf Ralph Rand Raymond Recep Reid
    Reince Rex Richard Rick Rishi Rob Robby Robert Roberto Rodrigo Roger Ron Ronald Ross Roy Rudolph
    Rudy Rush Russell Ryan Sadiq Samuel Santiago Scott Sean Sebastian Sergei Sergey Shehbaz Sheldon
    Shinzo Silvio Simon Spiro Stan Stefan Stephen Steve Steven Stuart Tad Tamim Ted Teddy Thomas Tim
    Timothy Todd Tom Tommy Tony Trey Tyler Uhuru Ulf Uzi Victor Viktor Vin Vladimir Volodymyr Walter
    Wayne Wesley Whit William Willie Woody Xavier Yair Yasser Yevgeny Yoshihide Yukiya Zach Zeke Álvaro"""
)
OCCUPATIONS = words(
    """actor actress comedian comic singer rapper musician songwriter pastor preacher evangelist televangelist
    rabbi imam priest donor author novelist filmmaker producer entrepreneur billionaire businessman
    businesswoman investor tycoon mogul magnate philanthropist activist economist historian professor
    pollster strategist analyst columnist commentator journalist blogger quarterback coach"""
)
"""What a person does, written before the name like a title (`Comedian Sarah Silverman`, `Donor Adelson`)."""
PLACES = frozenset(
    line.strip()
    for line in """
    New Hampshire
    New Jersey
    New Mexico
    New York
    North Carolina
    North Dakota
    Rhode Island
    South Carolina
    South Dakota
    West Virginia
    Los Angeles
    San Francisco
    San Diego
    San Antonio
    San Jose
    San Bernardino
    Santa Monica
    Santa Barbara
    Las Vegas
    New Orleans
    Salt Lake
    Kansas City
    Oklahoma City
    Des Moines
    Little Rock
    Baton Rouge
    Fort Worth
    El Paso
    Palm Beach
    Boca Raton
    Boca West
    Sandy Hook
    Long Island
    Staten Island
    Capitol Hill
    Silicon Valley
    Hong Kong
    Tel Aviv
    Buenos Aires
    Mexico City
    New Delhi
    Abu Dhabi
    Cape Town
    Kuala Lumpur
    Sao Paulo
    São Paulo
    United States
    South Korea
    North Korea
    South Africa
    Saudi Arabia
    New Zealand
    Sri Lanka
    Costa Rica
    El Salvador
    Puerto Rico
    Ivory Coast
    Sierra Leone
    Burkina Faso
    South Sudan
    Middle East
    Latin America
    North America
    South America
    Southeast Asia
    Gaza Strip
    West Bank
    Great Britain
    Northern Ireland
    Persian Gulf
    """.strip().splitlines()
)
"""Places of two words that read like a person's name: a name ending in one is the place (`New Hampshire`,
`Tuesday’s New Hampshire`), never whom a pronoun stands for."""
PLACE_FIRST = words(
    "Lake Mount Fort Port Cape Upper Lower North South East West Northern Southern Eastern Western Central"
)
"""First words of a place's name (`Fort Pierce`, `Lake Winola`), never of a person's."""
PLACE_LAST = words("Estates Heights Springs Falls Beach Valley Canyon Creek Harbor Harbour Village")
"""Last words of a place's name (`Washington Heights`, `Jamaica Estates`), rarely of a person's."""
ORG_WORDS = words(
    """Ministry Department University College Party House Council Union Nations Kingdom States Republic
    Committee Commission Agency Office Bureau Court Senate Congress Parliament Assembly Government
    Administration Institute Foundation Center Centre Association Group Bank Fund Company Corp Inc
    Co News Post Times Journal Network Press Reuters Kremlin Pentagon Force Army Navy Police Service
    Street Avenue City County Province Island Islands Sea Ocean River Mountain Airport Club League
    Organization Organisation Alliance Coalition Campaign Board Authority Summit Church School Hospital
    Convention Conference Caucus Forum Festival Museum Academy Society Federation Corporation Institution
    Tribunal Cabinet Movement Show Radio Television Magazine Tribune Herald Gazette Embassy Consulate Politics
    Journalism Act Agreement Partnership Treaty Accord Initiative Program Programme Project Doctrine Strategy
    Policy Standard Zone Shoal Garden Square Plaza Team"""
)
GROUP_NOUNS = words(
    """members ministers officials leaders nations countries allies lawmakers legislators senators
    republicans democrats voters supporters critics experts analysts economists protesters activists
    residents authorities investigators prosecutors police diplomats governments states parties groups
    companies firms banks workers unions advocates researchers scientists officers troops forces rebels
    militants organizers delegates governors mayors candidates aides advisers advisors sources people
    americans russians ukrainians europeans conservatives liberals progressives evangelicals donors
    participants attendees representatives spokesmen negotiators strategists operatives pollsters
    observers commentators pundits reporters journalists editors writers judges justices doctors
    parents students teachers families victims witnesses insiders staffers agencies administrations"""
)
SPEAKER_NOUNS = GROUP_NOUNS | words(
    """spokesman spokeswoman spokesperson official statement communique draft report document letter
    ministry kremlin government administration campaign agency committee department office source
    aide adviser advisor analyst expert study survey poll memo ruling court judge lawyer attorney
    president minister senator governor mayor leader chairman chief director candidate website post
    tweet release email network newspaper paper magazine article editorial group organization company
    firm bank police prosecutor investigators declaration text proposal plan resolution manager
    strategist secretary consultant economist professor researcher historian scientist activist
    representative counsel lawmaker senator congressman congresswoman outlet editor reporter
    columnist host anchor man woman person voter supporter critic polls party team nominee media ad
    board staff crowd executive executives businessman rivals audience pollster politicians friend
    friends actor front-runner frontrunner employee employees opponents mogul camp member lawyers
    panel backers backer staffer wife husband records filings data analysis reports surveys studies
    documents"""
)
# Records and findings that speak through what they show (`polls show …`, `FEC filings show …`): a weak
# cue such as `show` reports their content as it does a named person's.
EVIDENCE_NOUNS = words(
    """poll polls survey surveys study studies records filings reports report data figures results
    documents emails statistics numbers audit analysis census returns"""
)
# Reporting verbs whose content is mostly a clause without `that` (`said the email came hours after …`):
# an adverbial inside it belongs to what was said.
CLAUSE_CUES = words(
    """say says said saying tell tells told telling add adds added adding write writes wrote writing
    think thinks thought believe believes believed know knows knew argue argues argued arguing
    claim claims claimed claiming note notes noted noting insist insists insisted predict predicts
    predicted warn warns warned warning suggest suggests suggested acknowledge acknowledged
    admit admits admitted explain explains explained recall recalls recalled report reports reported
    contend contends contended assert asserts asserted maintain maintains maintained hope hopes hoped
    fear fears feared worry worries worried expect expects expected estimate estimates estimated"""
)
OBJECT_TAKING = words(
    """told tells telling tell asked asks asking warned warns warning assured assures reminded
    reminds informed informs urged urges urging briefed"""
)


def negates(word: str) -> bool:
    """Whether a word negates what follows it: `not`, `never`, `no`, or a contraction (`didn't`)."""
    low = word.lower()
    return low in NEGATIONS or low.endswith(("n't", "n’t"))


DENIALS = words("denied denies deny denying")
"""Verbs that report a speaker denying the cue after them (`denied saying`)."""


def negated_cue(cue: str) -> bool:
    """Whether a cue as extracted carries a negation (`did not say`, `never claimed`, `denied saying`): the
    speaker is reported not to have said the content."""
    return any(negates(word) or word.lower() in DENIALS for word in cue.split()[:-1])
