"""Whether two speaker attributions can refer to the same person."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "Attribution",
    "SpeakerRelation",
    "attribution",
    "compare_speakers",
    "fuller_speaker",
    "named",
    "speaker_name_words",
]

SpeakerRelation = Literal["same", "related", "unknown", "different"]
Attribution = Literal["same", "different", "unnamed"]

_TITLE_TEXT = """mr mrs ms miss dr sir dame lord lady rev gen general sen senator rep representative gov
    governor president vice prime minister secretary speaker mayor judge justice chief ambassador
    former the a an his her their its our jr sr republican republicans democrat democrats democratic
    gop presidential candidate nominee spokesman spokeswoman professor"""
_TITLES = frozenset(_TITLE_TEXT.split())
# Capitalised at the start of a sentence, or a group rather than a person.
_NOT_PERSON_TEXT = """i you he she it we they him her them me us who someone somebody there this that these
    those indeed but and so if when what why how here now then still yet also however meanwhile in on
    at for with after before as aides officials critics supporters voters sources analysts experts
    people protesters transcript"""
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
_NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split())
_ORGS = frozenset(_ORG_TEXT.split())
_TIMES = frozenset(_TIME_TEXT.split())
# Where a speaker's head ends: a description a preposition completes names whom it serves or places, not
# who spoke ("spokesman for Hillary Clinton", "adviser to the campaign", "official at the State Department").
_HEAD_END = re.compile(r"[,(;]|\b(?:of|for|to|at|with|who|from) ")
_EDGE_PUNCT = "\"'.:!?-"


def _last_capitalised_run(text: str) -> list[str]:
    """The last run of capitalised words: descriptions come before a name ("campaign manager Corey
    Lewandowski") and clauses after it ("Clinton seized upon the")."""
    runs: list[list[str]] = [[]]
    for piece in text.split():
        word = piece.strip(_EDGE_PUNCT)
        if word[:1].isupper():
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return next((run for run in reversed(runs) if run), [])


@lru_cache(maxsize=8192)
def speaker_name_words(speaker: str | None) -> tuple[str, ...]:
    """Lower-cased name words of a person speaker in order (titles and a possessive 's dropped); empty
    when missing, a description ("the prime minister"), a pronoun, a group, an organisation or a place."""
    if not speaker:
        return ()
    plain = "".join(c for c in unicodedata.normalize("NFKD", speaker) if not unicodedata.combining(c))
    run = _last_capitalised_run(_HEAD_END.split(plain.replace("’", "'"), maxsplit=1)[0])
    if not run or all(w.isupper() for w in run):
        return ()
    words = [w.casefold().removesuffix("'s") for w in run]
    if words[0] in _TIMES or all(w in _PLACES for w in words):
        return ()
    if any(w in _ORGS or w in _NOT_PERSON for w in words):
        return ()
    return tuple(dict.fromkeys(w for w in words if w not in _TITLES and len(w.strip(".")) > 1))


def compare_speakers(a: str | None, b: str | None) -> SpeakerRelation:
    """`same` for equal names, `related` when one's last name word is in the other ("Trump" /
    "Donald Trump"), `unknown` when either is missing or a description ("the prime minister"),
    else `different`."""
    wa, wb = speaker_name_words(a), speaker_name_words(b)
    if not wa or not wb:
        return "unknown"
    if set(wa) == set(wb):
        return "same"
    return "related" if wa[-1] in wb or wb[-1] in wa else "different"


@lru_cache(maxsize=8192)
def named(speaker: str | None) -> tuple[str, ...]:
    """Lower-cased words naming whoever `speaker` is: a person's name words, else a body's capitalised
    words ("G7", "White House", "Reuters"). Empty for no speaker, a pronoun or a description ("they",
    "the finance minister", "officials", "the communique")."""
    if words := speaker_name_words(speaker):
        return words
    if not speaker:
        return ()
    body = [w.strip(_EDGE_PUNCT) for w in speaker.split()]
    return tuple(
        w.casefold()
        for w in body
        if (w[:1].isupper() or any(c.isdigit() for c in w))
        and w.casefold() not in _TITLES
        and w.casefold() not in _NOT_PERSON
    )


def attribution(mention: str | None, statement: str | None) -> Attribution:
    """Who an outlet credits with a statement, against the statement's speaker.

    `unnamed`: the outlet names nobody (no speaker, a pronoun or a description it does not resolve to a
    name); `different`: it names another person or body than the statement's named speaker; `same`
    otherwise: the same name, the surname alone, the name with a title, the same body.
    """
    mine, theirs = named(mention), named(statement)
    if not mine:
        return "unnamed"
    if not theirs or compare_speakers(mention, statement) in ("same", "related"):
        return "same"
    if set(mine) == set(theirs) or mine[-1] in theirs or theirs[-1] in mine:
        return "same"
    return "different"


def fuller_speaker(current: str | None, new: str | None) -> str | None:
    """The better attribution for a statement: a name (of a person or a body) beats a description, a
    longer name of the same person a shorter; another name (a misattributed repetition) never replaces
    the statement's speaker."""
    if not named(new):
        return current or new
    if not named(current):
        return new
    if attribution(new, current) != "same":
        return current
    return new if len(speaker_name_words(new)) > len(speaker_name_words(current)) else current
