"""The bundled data set, with every expected status worked out by hand from the sources
cited in the records. Their follow-ups were searched up to 2026-02-05 (every agreement's
`reviewed`): the 7th ministers' meeting (2026-01-05) and the 13th FTA phase-2 round
(2026-01-19..23) were held; the 5th ICT dialogue and the 16th S&T committee were announced
for 2026; nothing else was found."""

from datetime import date

from kcbilat.check.validate import load_and_check
from kcbilat.read.files import bundled_data_dir
from kcbilat.status.engine import compute
from kcbilat.status.rows import summary

OPEN_ENDED = {  # open-ended: active within 12 months of the signing (2026-01-05)
    "env-climate-mou-2026/carbon-markets-cooperation",
    "env-climate-mou-2026/air-climate-joint-research",
    "env-climate-mou-2026/impact-assessment-noise-light",
    "env-climate-mou-2026/sector-cooperation-plans",
    "env-climate-mou-2026/ecc-implementing-body",
    "industrial-complex-mou-2026/complex-links",
    "sci-tech-mou-2026/global-challenges-research",
    "digital-mou-2026/digital-cooperation",
    "national-parks-mou-2026/park-management-exchanges",
    "national-parks-mou-2026/yellow-river-delta-sister-tie",  # talks held 2026-01-06
    "transport-mou-2026/ministerial-consultative-body",
}

#: a few days after the search: the window (60 days) reaches no deadline yet
EARLY = {
    **dict.fromkeys(OPEN_ENDED, "active"),
    "env-climate-mou-2026/annual-ministers-meeting": "met",  # 7th held 2026-01-05
    "kr-cn-fta-2015/phase-2-rounds": "met",  # period 2026-01..02 met by the 13th round
    "env-climate-mou-2026/dg-policy-dialogue": "upcoming",  # annual: 2026 runs to Dec 31
    "commercial-dialogue-mou-2026/annual-commercial-dialogue": "upcoming",
    "commercial-dialogue-mou-2026/first-commercial-dialogue": "upcoming",  # due 2026-H1
    "kr-cn-fta-2015/trade-ministers-meeting-2026-h1": "upcoming",  # due 2026-H1
    "industrial-complex-mou-2026/investment-survey-team": "upcoming",  # within 2026
    "sci-tech-mou-2026/sci-tech-joint-committee-16": "scheduled",  # announced for 2026
    "digital-mou-2026/ict-strategy-dialogue-5": "scheduled",  # announced for 2026, Beijing
}

#: late in 2026, with nothing recorded since the search
LATE = {
    **EARLY,
    "commercial-dialogue-mou-2026/first-commercial-dialogue": "overdue",  # H1 is over
    "kr-cn-fta-2015/trade-ministers-meeting-2026-h1": "overdue",
    "kr-cn-fta-2015/phase-2-rounds": "overdue",  # 2026-09..10 passed with no round found
    "env-climate-mou-2026/dg-policy-dialogue": "due",  # 33 days left in 2026
    "commercial-dialogue-mou-2026/annual-commercial-dialogue": "due",
    "industrial-complex-mou-2026/investment-survey-team": "due",
}


def rows(as_of):
    data = load_and_check(bundled_data_dir(), as_of)
    assert data.problems == []
    return {r.ref: r for r in compute(data.agreements.values(), data.meetings.values(), as_of)}


def test_every_tracked_commitment_has_the_hand_worked_status():
    assert {ref: r.status for ref, r in rows(date(2026, 2, 10)).items()} == EARLY
    assert {ref: r.status for ref, r in rows(date(2026, 11, 28)).items()} == LATE


def test_details_a_reader_of_the_sources_would_check():
    early = rows(date(2026, 2, 10))
    assert not any(r.unverified for r in early.values())  # reviewed 5 days before
    late = rows(date(2026, 11, 28))
    assert all(r.unverified and r.reviewed == date(2026, 2, 5) for r in late.values())
    first = late["commercial-dialogue-mou-2026/first-commercial-dialogue"]
    assert (first.due, first.deadline, first.days_left) == ("2026-H1", date(2026, 6, 30), -151)
    rounds = late["kr-cn-fta-2015/phase-2-rounds"]
    assert rounds.record == {
        "met": 1,
        "ended": 5,
        "missed": ["2026-03..2026-04", "2026-05..2026-06", "2026-07..2026-08", "2026-09..2026-10"],
    }
    assert (rounds.deadline, rounds.days_left) == (date(2026, 10, 31), -28)
    assert rounds.periods[0].meetings == ("kr-cn-fta-services-investment-negotiations-13",)
    ministers = late["env-climate-mou-2026/annual-ministers-meeting"]
    assert ministers.record == {"met": 1, "ended": 1, "missed": []}
    assert ministers.periods[0].meetings == ("kr-cn-environment-ministers-meeting-7",)
    dg = late["env-climate-mou-2026/dg-policy-dialogue"]
    assert dg.alternative_status == "upcoming"  # every other year: the period runs to 2027
    assert dg.days_left == 33
    digital = late["digital-mou-2026/ict-strategy-dialogue-5"]
    assert digital.responsible == ("kr-msit", "cn-miit") and "responsible" in digital.disputed
    survey = late["industrial-complex-mou-2026/investment-survey-team"]
    assert survey.fulfilled_by == ()  # the ambassador's visit is an update, not the team
    assert summary(late.values()) == {
        "overdue": 3,
        "due": 3,
        "stale": 0,
        "scheduled": 2,
        "upcoming": 0,
        "active": 11,
        "pending": 0,
        "met": 1,
        "ended": 0,
        "cancelled": 0,
        "superseded": 0,
    }


def test_history_is_not_tracked_but_is_there():
    data = load_and_check(bundled_data_dir(), date(2026, 11, 28))
    assert data.agreements["env-mou-2014"].status == "superseded"
    assert data.agreements["env-climate-mou-2026"].revises == "env-mou-2014"
    assert str(data.agreements["env-climate-mou-2026"].expires) == "2031-01-05"
    assert str(data.agreements["won-yuan-currency-swap-2025"].expires) == "2030"
    assert "74" not in data.agreements["env-mou-2014"].summary  # the 2015 agreement did that
    assert data.agreements["air-quality-data-sharing-2015"].signed.first == date(2015, 10, 31)
    held = [m for m in data.meetings.values() if m.series == "kr-cn-ict-strategy-dialogue"]
    assert sorted((m.number, str(m.date)) for m in held if m.status == "held") == [
        (1, "2013-12-06"),
        (2, "2014-10-28"),
        (3, "2015-12-17"),
        (4, "2018-12-10"),
    ]
    assert all(a.reviewed == date(2026, 2, 5) for a in data.agreements.values())
    assert len(data.agreements) == 28
