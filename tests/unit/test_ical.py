"""The iCalendar writer of the feeds (:mod:`macros.sorties.ical`), read back by icalendar.

icalendar is the independent reader here: a value written by :func:`texte` and :func:`ligne`
must come back from its parser as it went in, whatever the value, and every folded line
must unfold to the line it came from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from macros.sorties.ical import (
    date_ics,
    dateheure_ics,
    decalage_ics,
    duree_ics,
    ligne,
    plier,
    regle_ics,
    texte,
)

#: Characters that matter to the syntax (separators, escapes, line breaks) among letters,
#: accents, narrow spaces, and characters of two, three and four UTF-8 octets.
SYNTAXE = ",;:\\^\"'\r\n \t"
ALPHABET = st.sampled_from(list("aZ09é—«»\u202f\u00a0€漢🙂𝄞" + SYNTAXE))


def _relire(*lignes: str) -> Calendar:
    return Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\n" + "".join(lignes) + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _attendu(valeur: str) -> str:
    """What a reader gives back: every line break as a line feed."""
    return valeur.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=300))
def test_any_text_comes_back_from_icalendar_as_it_went_in(valeur):
    # icalendar's reader turns « \N » into a line break even after an escaped backslash
    # (« \\N »), which RFC 5545 does not: that one sequence is left out.
    if "\\N" in valeur or "\\n" in valeur:
        valeur = valeur.replace("\\", "/")
    (event,) = _relire(ligne("SUMMARY", texte(valeur))).walk("VEVENT")
    assert str(event["SUMMARY"]) == _attendu(valeur)


def test_escapes_are_those_of_rfc_5545():
    assert texte("a,b;c\\d") == "a\\,b\\;c\\\\d"
    assert texte("l1\r\nl2\nl3\rl4") == "l1\\nl2\\nl3\\nl4"
    assert texte("Kiné « Nord »") == "Kiné « Nord »"


@settings(max_examples=100, deadline=None)
@given(st.text(ALPHABET.filter(lambda c: c not in "\r\n"), min_size=100, max_size=300))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(valeur):
    contenu = "DESCRIPTION:" + texte(valeur)
    plie = plier(contenu)
    lignes = plie.split("\r\n")
    debut = 0
    for i, physique in enumerate(lignes):
        octets = physique.encode("utf-8")  # each line alone is whole UTF-8: no character cut
        assert len(octets) <= 75, physique
        assert i == 0 or physique.startswith(" ")
        debut += len(physique) - (i > 0)
        # No escape cut: the backslashes just before a fold are whole pairs.
        avant = contenu[:debut]
        assert (len(avant) - len(avant.rstrip("\\"))) % 2 == 0, physique
    assert plie.replace("\r\n ", "") == contenu


def test_a_short_ascii_line_is_not_folded_and_a_long_one_at_74_octets_a_line():
    assert plier("SUMMARY:court") == "SUMMARY:court"
    plie = plier("X" * 200)
    assert [len(p) for p in plie.split("\r\n")] == [74, 75, 53]


def test_an_escaped_character_moves_with_its_backslash_and_an_escaped_backslash_stays_whole():
    # Position 73 and 74: a cut there would leave « \ » at the end of the first line.
    assert plier("X" * 73 + "\\,Y").split("\r\n") == ["X" * 73, " \\,Y"]
    assert plier("X" * 72 + "\\\\Y").split("\r\n") == ["X" * 72 + "\\\\", " Y"]


def test_a_line_break_left_in_a_value_or_a_parameter_is_refused():
    for valeur in ("a\nBEGIN:VEVENT", "a\rb", "a\r\nb"):
        with pytest.raises(ValueError, match="saut de ligne"):
            ligne("URL", valeur)
        with pytest.raises(ValueError, match="saut de ligne"):
            ligne("DTSTART", "20260105", TZID=valeur)
    assert ligne("URL", "https://a.example/b,c;d") == "URL:https://a.example/b,c;d\r\n"


def test_dates_times_and_parameters():
    assert ligne("DTSTART", date_ics(date(2026, 1, 5)), VALUE="DATE") == (
        "DTSTART;VALUE=DATE:20260105\r\n"
    )
    assert dateheure_ics(datetime(2026, 1, 5, 9, 0)) == "20260105T090000"
    assert dateheure_ics(datetime(2026, 11, 2, tzinfo=UTC)) == "20261102T000000Z"
    # A time in Paris is its wall-clock time; its line names the zone.
    paris = datetime(2026, 7, 5, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert dateheure_ics(paris) == "20260705T093000"
    (event,) = _relire(
        ligne("DTSTART", dateheure_ics(paris), TZID="Europe/Paris"),
        ligne("DTSTAMP", dateheure_ics(datetime(2026, 11, 2, tzinfo=UTC))),
    ).walk("VEVENT")
    assert event.decoded("DTSTART") == paris
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("duree", "attendu"),
    [
        (timedelta(hours=12), "PT12H"),
        (-timedelta(days=7), "-P7D"),
        (timedelta(0), "P0D"),
        (timedelta(days=1, minutes=5), "P1DT5M"),
        (timedelta(hours=1, seconds=3), "PT1H0M3S"),
        (-timedelta(minutes=30), "-PT30M"),
    ],
)
def test_durations(duree, attendu):
    assert duree_ics(duree) == attendu
    (event,) = _relire(ligne("TRIGGER", attendu)).walk("VEVENT")
    assert event.decoded("TRIGGER") == duree


def test_utc_offsets():
    assert decalage_ics(timedelta(hours=1)) == "+0100"
    assert decalage_ics(timedelta(hours=2)) == "+0200"
    assert decalage_ics(-timedelta(hours=3, minutes=30)) == "-0330"
    assert decalage_ics(timedelta(0)) == "+0000"
    with pytest.raises(ValueError):
        decalage_ics(None)


def test_recurrence_rules_put_freq_first_and_join_lists():
    assert regle_ics({"BYDAY": ["MO"], "FREQ": "WEEKLY"}) == "FREQ=WEEKLY;BYDAY=MO"
    assert regle_ics({"FREQ": "YEARLY", "BYMONTH": [1, 4, 7, 10], "BYDAY": ["+2TU"]}) == (
        "FREQ=YEARLY;BYDAY=+2TU;BYMONTH=1,4,7,10"
    )
    (event,) = _relire(ligne("RRULE", "FREQ=YEARLY;BYDAY=+2TU;BYMONTH=1,4,7,10")).walk("VEVENT")
    assert event.decoded("RRULE") == {
        "FREQ": ["YEARLY"],
        "BYDAY": ["+2TU"],
        "BYMONTH": [1, 4, 7, 10],
    }
    with pytest.raises(ValueError, match="BYSETPOS"):
        regle_ics({"FREQ": "MONTHLY", "BYSETPOS": [1]})
