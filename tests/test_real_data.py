"""The bundled data set as of 2026-11-28, with every expected status worked out by hand
from the records' sources (seen up to about April 2026; no follow-up meeting after 2026-01-05 was
found, and the 5th ICT dialogue and 16th S&T committee were announced for 2026)."""

from datetime import date

from kcbilat.loader import bundled_data_dir
from kcbilat.status import compute, summary
from kcbilat.validate import load_and_check

AS_OF = date(2026, 11, 28)

EXPECTED = {
    # environment and climate MOU, signed 2026-01-05
    "env-climate-mou-2026/annual-ministers-meeting": "met",  # 7th AEMM held 2026-01-05
    "env-climate-mou-2026/dg-policy-dialogue": "due",  # annual; none found in 2026; 33 days left
    "env-climate-mou-2026/carbon-markets-cooperation": "active",  # signed < 12 months ago
    "env-climate-mou-2026/air-climate-joint-research": "active",  # discussed at the 7th AEMM
    "env-climate-mou-2026/impact-assessment-noise-light": "active",
    "env-climate-mou-2026/sector-cooperation-plans": "active",
    "env-climate-mou-2026/ecc-implementing-body": "active",
    # commercial dialogue MOU
    "commercial-dialogue-mou-2026/first-commercial-dialogue": "overdue",  # due 2026-H1
    "commercial-dialogue-mou-2026/annual-commercial-dialogue": "due",
    # industrial-complex MOU
    "industrial-complex-mou-2026/investment-survey-team": "due",  # within 2026, none found
    "industrial-complex-mou-2026/complex-links": "active",
    # science and technology MOU
    "sci-tech-mou-2026/sci-tech-joint-committee-16": "scheduled",  # announced for 2026
    "sci-tech-mou-2026/global-challenges-research": "active",
    # digital MOU
    "digital-mou-2026/ict-strategy-dialogue-5": "scheduled",  # announced for 2026, Beijing
    "digital-mou-2026/digital-cooperation": "active",
}


def rows():
    data = load_and_check(bundled_data_dir(), AS_OF)
    assert data.problems == []
    return compute(data.agreements.values(), data.meetings.values(), AS_OF)


def test_every_tracked_commitment_has_the_hand_worked_status():
    assert {r.ref: r.status for r in rows()} == EXPECTED


def test_details_a_reader_of_facts_would_check():
    by_ref = {r.ref: r for r in rows()}
    first = by_ref["commercial-dialogue-mou-2026/first-commercial-dialogue"]
    assert (first.due, first.deadline, first.days_left) == ("2026-H1", date(2026, 6, 30), -151)
    ministers = by_ref["env-climate-mou-2026/annual-ministers-meeting"]
    assert ministers.record == {"met": 1, "ended": 1, "missed": []}
    assert ministers.periods[0].meetings == ("kr-cn-environment-ministers-meeting-7",)
    dg = by_ref["env-climate-mou-2026/dg-policy-dialogue"]
    assert dg.alternative_status == "upcoming"  # every other year: the period runs to 2027
    assert dg.days_left == 33
    digital = by_ref["digital-mou-2026/ict-strategy-dialogue-5"]
    assert digital.responsible == ("kr-msit", "cn-miit") and "responsible" in digital.disputed
    assert all(r.unverified for r in by_ref.values())  # no agreement records a review date
    assert summary(by_ref.values()) == {
        "overdue": 1,
        "due": 3,
        "stale": 0,
        "scheduled": 2,
        "upcoming": 0,
        "active": 8,
        "pending": 0,
        "met": 1,
        "ended": 0,
        "cancelled": 0,
        "superseded": 0,
    }


def test_history_is_not_tracked_but_is_there():
    data = load_and_check(bundled_data_dir(), AS_OF)
    assert data.agreements["env-mou-2014"].status == "superseded"
    assert data.agreements["env-climate-mou-2026"].revises == "env-mou-2014"
    assert str(data.agreements["env-climate-mou-2026"].expires) == "2031-01-05"
    assert len(data.agreements) == 22
