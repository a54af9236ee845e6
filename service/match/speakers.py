"""Whether two speaker attributions can refer to the same person."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

__all__ = [
    "Attribution",
    "SpeakerRelation",
    "attribution",
    "compare_speakers",
    "consensus_speaker",
    "count_speaker",
    "named",
    "speaker_name_words",
]

SpeakerRelation = Literal["same", "related", "unknown", "different"]
Attribution = Literal["same", "different", "unnamed"]

# Abbreviated titles too (`PM`, `MP`, `VP`, `AG`): before a name they go (`VP Vance` is JD Vance), and alone
# they are a description (`the PM`), not a body's name as other capitals are (`G7`, `NATO`).
_TITLE_TEXT = """mr mrs ms miss dr sir dame lord lady rev gen general sen senator rep representative gov
    governor president vice prime minister secretary speaker mayor judge justice chief ambassador
    former the a an his her their its our jr sr republican republicans democrat democrats democratic
    gop presidential candidate nominee spokesman spokeswoman professor prof chancellor chair chairman
    chairwoman commissioner premier attorney envoy congressman congresswoman lt col capt sgt cllr
    pm mp mep msp vp ag ii iii iv"""
_TITLES = frozenset(_TITLE_TEXT.split())
# A group rather than a person, alone (`officials`) or after a name (`Sanders supporters`, `Trump aides`).
_GROUP_TEXT = "aides officials critics supporters voters sources analysts experts protesters"
# Capitalised at the start of a sentence, or a group (`_GROUP_TEXT`) rather than a person.
_NOT_PERSON_TEXT = """i you he she it we they him her them me us who someone somebody there this that these
    those indeed but and so if when what why how here now then still yet also however meanwhile in on
    at for with after before as people transcript"""
# Organisations speak through people; their names neither confirm nor contradict a person's.
_ORG_TEXT = """committee convention campaign department administration agency office council court
    university institute foundation association network news times post journal magazine press party
    house senate congress group coalition union board commission center centre company corporation
    show radio television channel program"""
# Extraction sometimes takes a dateline or a time phrase for the speaker ("Tuesday's New Hampshire").
_TIME_TEXT = """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tonight"""
# A name made only of place words is a dateline or a location, not a speaker ("Ohio", "New Hampshire").
_PLACE_TEXT = """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota
    ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia washington
    wisconsin wyoming america american americans britain england france germany russia china canada
    iran iraq syria israel europe cleveland chicago philadelphia boston paris london new north south
    east west united state states kingdom city county"""
_PLACES = frozenset(_PLACE_TEXT.split())
_NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split()) | frozenset(_GROUP_TEXT.split())
_GROUPS = frozenset(_GROUP_TEXT.split()) | {"allies", "team", "staff", "camp"}
"""Group nouns after a name make a description of the name's people (`Sanders supporters`, `Trump aides`);
the last four only there, since alone they are also names (`Dave Camp`)."""
_ORGS = frozenset(_ORG_TEXT.split())
_TIMES = frozenset(_TIME_TEXT.split())
# Where a speaker's head ends: a description a preposition completes names whom it serves or places, not
# who spoke ("spokesman for Hillary Clinton", "adviser to the campaign", "official at the State Department").
_HEAD_END = re.compile(r"[,(;]|\b(?:of|for|to|at|with|who|from) ")
_EDGE_PUNCT = "\"'.:!?-"
# A description's last word: a role, office or party ("the California governor", "a White House spokesman",
# "the Massachusetts Democrat", "the Tesla CEO"): it names nobody, whatever capitalised words qualify it.
_ROLE_TEXT = """governor senator congressman congresswoman lawmaker representative president chancellor
    minister premier secretary speaker mayor judge justice ambassador envoy spokesman spokeswoman
    spokesperson chair chairman chairwoman ceo executive founder director official aide adviser advisor
    strategist economist analyst expert professor leader candidate nominee democrat democrats republican
    republicans independent conservative liberal pm mp mep msp vp ag businessman businesswoman billionaire
    mogul tycoon developer investor host anchor commentator columnist correspondent reporter editor writer
    author activist lawyer pollster consultant operative donor lobbyist organizer manager"""
_ROLES = frozenset(_ROLE_TEXT.split())
# Lower-case words inside a name ("Lula da Silva", "Mohammed bin Salman", "Ludwig van Beethoven").
_PARTICLE_TEXT = "da de di do dos das del della der den van von bin ibn al el la le du ter ten"
_PARTICLES = frozenset(_PARTICLE_TEXT.split())
# Short forms of given names, each with a name it stands for: two people of one family differ by their given
# names ("Eric Trump", "Donald Trump"), one person's don't ("Bill Clinton", "William Jefferson Clinton").
_NICKNAME_TEXT = """bill:william will:william billy:william bob:robert bobby:robert rob:robert dick:richard
    rick:richard jim:james jimmy:james jack:john johnny:john ted:edward ted:theodore ted:rafael ned:edward
    chuck:charles charlie:charles hank:henry peggy:margaret betsy:elizabeth liz:elizabeth beth:elizabeth
    betty:elizabeth kate:katherine kate:catherine kathy:katherine sue:susan tony:anthony mitt:willard
    beto:robert newt:newton"""
_NICKNAMES = frozenset(tuple(pair.split(":")) for pair in _NICKNAME_TEXT.split())
_NOT_GIVEN = _PLACES | {"will", "may"}
"""First words of an extracted name that are seldom a given name there (`New Hampshire Sanders`, `will
Sanders`): no ground to call two people different."""


def _last_capitalised_run(text: str) -> list[str]:
    """The last run of capitalised words, with the particles inside it: descriptions come before a name
    ("campaign manager Corey Lewandowski") and clauses after it ("Clinton seized upon the")."""
    runs: list[list[str]] = [[]]
    pieces = [piece.strip(_EDGE_PUNCT) for piece in text.split()]
    for at, word in enumerate(pieces):
        inside = word in _PARTICLES and runs[-1] and pieces[at + 1 : at + 2] and pieces[at + 1][:1].isupper()
        if word[:1].isupper() or inside:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return next((run for run in reversed(runs) if run), [])


def _described(head: str) -> bool:
    """Whether a speaker's head is a description, which names nobody: it ends in a role (`the California
    governor`), or a name qualifies the people it ends in as theirs or their group (`Cruz's lawyers`,
    `State's reviewers`, `Sanders supporters`, `Trump advisers`)."""
    words = [w.strip(_EDGE_PUNCT) for w in head.replace("’", "'").split()]
    words = [w for w in words if w]
    if not words:
        return False
    last = words[-1].casefold()
    if last in _ROLES:
        return True
    capitalised = [at for at, w in enumerate(words) if w[:1].isupper()]
    if not capitalised or capitalised[-1] == len(words) - 1:
        return False
    name, after = words[capitalised[-1]], words[capitalised[-1] + 1].casefold()
    owned = name.endswith("'s") or name.endswith("s'")
    return (owned and after not in _ORGS) or after in _GROUPS or (after[-1:] == "s" and after[:-1] in _ROLES)


@lru_cache(maxsize=8192)
def speaker_name_words(speaker: str | None) -> tuple[str, ...]:
    """Lower-cased name words of a person speaker in order (titles and a possessive 's dropped); empty
    when missing, a description ("the prime minister"), a pronoun, a group, an organisation or a place."""
    if not speaker:
        return ()
    plain = "".join(c for c in unicodedata.normalize("NFKD", speaker) if not unicodedata.combining(c))
    head = _HEAD_END.split(plain.replace("’", "'"), maxsplit=1)[0]
    run = _last_capitalised_run(head)
    owners = [at for at, w in enumerate(run[:-1]) if w.endswith("'s")]
    run = run[owners[-1] + 1 :] if owners else run  # `Washington Post's Ishaan Tharoor`: the name follows
    if not run or all(w.isupper() for w in run) or _described(head):
        return ()
    words = [part for w in run for part in w.casefold().removesuffix("'s").split("-") if part]  # `Jong-un`
    if words[0] in _TIMES or any(w in _ORGS or w in _NOT_PERSON for w in words):
        return ()
    named = [w for w in words if w not in _TITLES and len(w.strip(".")) > 1]
    if all(w in _PLACES for w in named):  # `Ohio`, `the Massachusetts Democrat`
        return ()
    return tuple(dict.fromkeys(named))


_TRANSLITERATED = re.compile(r"(?<=[^aeiouy\W])(?:yy|iy|yi|ii)$")
"""The endings one Slavic surname takes in each house's transliteration (AP's `Zelenskyy`, Reuters's
`Zelenskiy`, Kyiv's `Zelenskyi`, the BBC's `Zelensky`; `Navalnyi`, `Navalny`)."""


def _spelling(words: tuple[str, ...]) -> tuple[str, ...]:
    """Name words with a transliterated ending written one way, so that one person under each house's
    transliteration is one name; other spellings stay other names (`Kelly`, `Kelley`)."""
    return tuple(_TRANSLITERATED.sub("y", w) for w in words)


def _given_names_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two full names of one surname give different given names: two people (`Eric Trump`, `Donald
    Trump`), unless one given name is the other's short form (`Joe`, `Joseph`; `Bill`, `William`) or
    appears in the other name (`Mitt Romney`, `Willard Mitt Romney`)."""
    if not (2 <= len(a) <= 3 and 2 <= len(b) <= 3) or a[-1] != b[-1]:
        return False  # a longer run is rarely a given name and a surname (`Los Angeles-area Sanders`)
    x, y = a[0].replace(".", ""), b[0].replace(".", "")
    if {x, y} & _NOT_GIVEN or len(x) < 2 or len(y) < 2 or x[:2] == y[:2] or x in b or y in a:
        return False
    return (x, y) not in _NICKNAMES and (y, x) not in _NICKNAMES


def compare_speakers(a: str | None, b: str | None) -> SpeakerRelation:
    """`same` for equal names, `related` when one's last name word is in the other ("Trump" /
    "Donald Trump"), `unknown` when either is missing or a description ("the prime minister", "the
    California governor"), else `different`, as are two full names of one family ("Eric Trump" / "Donald
    Trump"; not "Joe Biden" / "Joseph R. Biden Jr." nor "Bill Clinton" / "William Jefferson Clinton").
    A surname transliterated another way is the same name ("Zelenskiy" / "Volodymyr Zelenskyy")."""
    wa, wb = _spelling(speaker_name_words(a)), _spelling(speaker_name_words(b))
    if not wa or not wb:
        return "unknown"
    if set(wa) == set(wb):
        return "same"
    if _given_names_differ(wa, wb):
        return "different"
    return "related" if wa[-1] in wb or wb[-1] in wa else "different"


_PLACE_PREPOSITIONS = "across in at on throughout around within inside outside over near into among amid"
_PLACED = re.compile(rf"(?:{'|'.join(_PLACE_PREPOSITIONS.split())})\s")
"""A speaker opened by one of these is where or when something was said (`“…” echoed across Europe`), which
extraction can take for a speaker after its cue: no name, not even of a body."""


@lru_cache(maxsize=8192)
def named(speaker: str | None) -> tuple[str, ...]:
    """Lower-cased words naming whoever `speaker` is: a person's name words, else a body's capitalised
    words ("G7", "White House", "Reuters"). Empty for no speaker, a pronoun or a description ("they",
    "the finance minister", "officials", "the communique")."""
    if words := speaker_name_words(speaker):
        return words
    if not speaker or _described(head := _HEAD_END.split(speaker, maxsplit=1)[0]) or _PLACED.match(speaker):
        return ()
    if not _body_words(head):  # `supporters of Sanders`, `experience of American workers`: the head names
        return ()  # nobody; whom it serves or belongs to follows it
    return _body_words(speaker)


def _body_words(text: str) -> tuple[str, ...]:
    """The words of `text` that can name a body: capitalised or with a digit, not titles or pronouns; none
    when it opens with a time (`Tuesday's New Hampshire`: a dateline)."""
    words = [w.strip(_EDGE_PUNCT) for w in text.replace("’", "'").split()]
    if words and words[0].casefold().removesuffix("'s") in _TIMES:
        return ()
    return tuple(
        w.casefold()
        for w in words
        if (w[:1].isupper() or any(c.isdigit() for c in w))
        and w.casefold() not in _TITLES
        and w.casefold() not in _NOT_PERSON
    )


def attribution(mention: str | None, statement: str | None) -> Attribution:
    """Who an outlet credits with a statement, against the statement's speaker.

    `unnamed`: the outlet names nobody (no speaker, a pronoun or a description it does not resolve to a
    name); `different`: it names another person or body than the statement's named speaker; `same`
    otherwise: the same name, the surname alone, the name with a title, the same body (also by its
    initials: `DNC`, `the Democratic National Committee`).
    """
    mine, theirs = _spelling(named(mention)), _spelling(named(statement))
    if not mine:
        return "unnamed"
    relation = compare_speakers(mention, statement)
    if not theirs or relation in ("same", "related"):
        return "same"
    if relation == "different":  # two people: another given name of one family is another person
        return "different"
    if set(mine) == set(theirs) or mine[-1] in theirs or theirs[-1] in mine:
        return "same"
    return "same" if _abbreviates(mention, statement) or _abbreviates(statement, mention) else "different"


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _abbreviates(short: str | None, full: str | None) -> bool:
    """Whether `short` is the initials of the name `full` (`DNC` of `the Democratic National Committee`,
    `FBI` of `Federal Bureau of Investigation`): one body, as outlets write it in full or not."""
    if not short or not full or not _ACRONYM.fullmatch(short.strip(_EDGE_PUNCT)):
        return False
    words = [w for w in full.replace("’", "'").split() if w[:1].isupper() and w.casefold() != "the"]
    return len(words) > 1 and "".join(w[0] for w in words) == short.strip(_EDGE_PUNCT)


MAX_COUNTED_SPEAKERS = 32
"""Distinct names a statement counts mentions of; a name first given after that many is not counted."""


def count_speaker(counts: dict[str, int], speaker: str | None) -> None:
    """Count one more mention naming `speaker` (in place)."""
    if speaker and (speaker in counts or len(counts) < MAX_COUNTED_SPEAKERS):
        counts[speaker] = counts.get(speaker, 0) + 1


def consensus_speaker(counts: Mapping[str, int], first: str | None = None) -> str | None:
    """A statement's speaker from the names its mentions give, with how many give each.

    The names are grouped by whom they name (`attribution` `same` both ways: `Comey`, `James Comey`, `James
    B. Comey`) and the group most mentions name wins; a tie goes to the group of `first` (the earliest
    mention's speaker), then to a person over a body. Of the group, the full name (two or more name words)
    most mentions give, the longer on a tie: not the longest alone, which is where extraction slips (`Los
    Angeles-area Sanders`). So one outlet's misattribution, or a slip of extraction, does not outvote the
    others however early it came. A full name that is another of the group with words in front (`Senators
    Mitch McConnell`, `Mitch McConnell`) gives way to it, however many give it. With no name given, the
    description or pronoun most mentions give."""
    named_counts = [(name, n) for name, n in counts.items() if named(name)]
    if not named_counts:
        return max(counts, key=lambda name: (counts[name], name == first, name), default=None)
    groups: list[list[tuple[str, int]]] = []
    for name, n in sorted(named_counts, key=lambda item: (-item[1], -len(named(item[0])), item[0])):
        group = next((g for g in groups if _same_one(name, g[0][0])), None)
        if group is None:
            groups.append([(name, n)])
        else:
            group.append((name, n))

    def weight(group: list[tuple[str, int]]) -> tuple[int, bool, bool]:
        names = [name for name, _ in group]
        return sum(n for _, n in group), first in names, any(speaker_name_words(x) for x in names)

    best = max(groups, key=weight)  # the first of equals: sorted by mentions, then name
    fulls = [words for name, _ in best if len(words := speaker_name_words(name)) > 1]

    def fullness(item: tuple[str, int]) -> tuple[bool, bool, int, int]:
        words = speaker_name_words(item[0]) or named(item[0])
        return len(words) > 1, not _fronted(words, fulls), item[1], len(words)

    return max(best, key=fullness)[0]


def _fronted(words: tuple[str, ...], fulls: list[tuple[str, ...]]) -> bool:
    """Whether a name is another full name with words in front of it: a word extraction took into the name
    (`Senators Mitch McConnell`, a headline's `Chris Christie Calls Hillary Clinton`), not a fuller name."""
    return any(len(words) > len(full) and words[-len(full) :] == full for full in fulls)


@lru_cache(maxsize=1 << 16)
def _same_one(a: str, b: str) -> bool:
    """Whether two names name one person or body (kept per pair: a popular statement's names are compared
    again at every mention folded into it)."""
    return attribution(a, b) == "same" and attribution(b, a) == "same"
