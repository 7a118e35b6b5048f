"""`kcbilat calendar`: an RFC 5545 file of open deadlines and planned meetings."""

from datetime import date

import pytest
from conftest import agreement, kcbilat, meeting
from icalendar import Calendar

AS_OF = "2026-11-28"

COMMITMENTS = """\
- id: ict
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026-H1
  sources:
    - url: https://example.org/ict
      title: The ICT announcement
- id: forum
  title: Digital forum
  sectors: [digital]
  responsible: [kr-msit]
  due: 2026
- id: done
  title: Done already
  sectors: [climate]
  responsible: [kr-mcee]
  due: 2026
- id: ministers
  title: Annual ministers' meeting
  sectors: [climate]
  responsible: [kr-mcee, cn-mee]
  recurs: {every: annual, from: 2026}
- id: quarterly
  title: Quarterly working group
  sectors: [climate]
  responsible: [kr-mcee]
  recurs: {every: quarterly, from: 2026-01, until: 2027-03}
- id: carbon
  title: Carbon markets cooperation
  sectors: [carbon-markets]
  responsible: [kr-mcee, cn-mee]
  review: 6 months
- id: dropped
  title: Dropped plan
  sectors: [climate]
  responsible: [kr-mcee]
  due: 2027
  status: cancelled
  status_date: 2026-05-01
  status_note: Both sides dropped it.
"""


def run(*args):
    return kcbilat(*args, env={"KCBILAT_AS_OF": AS_OF})


@pytest.fixture
def sample(data_dir):
    return data_dir(
        [agreement(commitments=COMMITMENTS)],
        [
            meeting("m1", "2026-03-01", ["mou/ministers", "mou/done", "mou/carbon"]),
            meeting("forum-plan", "2026-12-10", ["mou/forum"], status="scheduled"),
            meeting("wg-plan", "2027-Q1", ["mou/quarterly"], status="scheduled"),
            meeting("gone", "2026-09-01", ["mou/forum"], status="cancelled"),
        ],
    )


def calendar(root, *args):
    result = run("calendar", "--data", str(root), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def events(body: bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(body)
    return {
        str(e["uid"]): {
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "summary": str(e["summary"]),
            "description": str(e["description"]),
        }
        for e in cal.walk("VEVENT")
    }


def test_events_dates_and_uids(sample):
    found = events(calendar(sample))
    assert set(found) == {
        "mou/ict/due@kcbilat",  # overdue, still open
        "mou/forum/due@kcbilat",  # scheduled
        "mou/ministers/2027@kcbilat",  # 2026 is met; the next period is upcoming
        "mou/quarterly/2026-Q4@kcbilat",  # the open period
        "mou/quarterly/2027-Q1@kcbilat",  # the last period, within the year ahead
        "mou/carbon/review@kcbilat",
        "meeting/forum-plan@kcbilat",
        "meeting/wg-plan@kcbilat",
    }  # `done` is met, `dropped` cancelled, `gone` a cancelled meeting: none has an event
    # all-day events: DTSTART is the day, DTEND the day after (exclusive)
    assert found["mou/ict/due@kcbilat"]["start"] == date(2026, 6, 30)
    assert found["mou/ict/due@kcbilat"]["end"] == date(2026, 7, 1)
    assert found["mou/forum/due@kcbilat"]["start"] == date(2026, 12, 31)
    assert found["mou/ministers/2027@kcbilat"]["start"] == date(2027, 12, 31)
    assert found["mou/quarterly/2026-Q4@kcbilat"]["start"] == date(2026, 12, 31)
    assert found["mou/carbon/review@kcbilat"]["start"] == date(2026, 9, 1)  # m1 + 6 months
    assert found["meeting/forum-plan@kcbilat"]["start"] == date(2026, 12, 10)
    assert found["meeting/forum-plan@kcbilat"]["end"] == date(2026, 12, 11)
    # a meeting planned for a quarter spans the quarter
    assert found["meeting/wg-plan@kcbilat"]["start"] == date(2027, 1, 1)
    assert found["meeting/wg-plan@kcbilat"]["end"] == date(2027, 4, 1)


def test_summaries_say_what_is_due_for_which_agreement_and_link_sources(sample):
    found = events(calendar(sample))
    assert found["mou/ict/due@kcbilat"]["summary"] == "Overdue: ICT dialogue (mou)"
    assert found["mou/forum/due@kcbilat"]["summary"] == "Due: Digital forum (mou)"
    assert found["mou/ministers/2027@kcbilat"]["summary"] == (
        "Due (2027): Annual ministers' meeting (mou)"
    )
    assert (
        found["mou/carbon/review@kcbilat"]["summary"] == "Review: Carbon markets cooperation (mou)"
    )
    assert found["meeting/forum-plan@kcbilat"]["summary"] == "Planned: A meeting (mou)"
    assert (
        "- The ICT announcement: https://example.org/ict"
        in found["mou/ict/due@kcbilat"]["description"]
    )
    # without sources of its own a commitment links its agreement's
    assert "- A source: https://example.org/x" in found["mou/forum/due@kcbilat"]["description"]


def test_uids_and_whole_file_are_stable_across_runs(sample):
    first, second = calendar(sample), calendar(sample)
    assert list(events(first)) == list(events(second))
    assert first == second  # DTSTAMP is the as-of date, not the clock


def test_the_file_is_rfc5545(sample):
    body = calendar(sample)
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kcbilat//kcbilat ")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded
    for event in Calendar.from_ical(body).walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
        assert event["DTSTART"].params["VALUE"] == "DATE"


def test_filters_apply_to_deadlines_and_meetings(sample):
    found = events(calendar(sample, "--kind", "recurring"))
    assert set(found) == {
        "mou/ministers/2027@kcbilat",
        "mou/quarterly/2026-Q4@kcbilat",
        "mou/quarterly/2027-Q1@kcbilat",
        "meeting/wg-plan@kcbilat",  # it serves a commitment shown
    }
    found = events(calendar(sample, "--status", "overdue"))  # quarterly missed 2026-Q3
    assert set(found) == {
        "mou/ict/due@kcbilat",
        "mou/quarterly/2026-Q4@kcbilat",
        "mou/quarterly/2027-Q1@kcbilat",
        "meeting/wg-plan@kcbilat",
    }
    found = events(calendar(sample, "--agreement", "mou", "--kind", "open"))
    assert set(found) == {"mou/carbon/review@kcbilat"}


def test_output_file_title_and_usage_errors(sample, tmp_path):
    target = tmp_path / "kcbilat.ics"
    result = run("calendar", "--data", str(sample), "-o", str(target), "--title", "Deadlines")
    assert result.exit_code == 0
    assert result.stdout == ""
    cal = Calendar.from_ical(target.read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "Deadlines"
    result = run("calendar", "--data", str(sample), "-o", str(tmp_path / "no" / "x.ics"))
    assert result.exit_code == 2
    result = run("calendar", "--data", str(sample), "--kind", "weekly")
    assert result.exit_code == 2


def test_bundled_data_calendar():
    result = run("calendar", "--as-of", AS_OF)
    assert result.exit_code == 0
    found = events(result.stdout_bytes)
    assert "commercial-dialogue-mou-2026/first-commercial-dialogue/due@kcbilat" in found
    assert "env-climate-mou-2026/annual-ministers-meeting/2027@kcbilat" in found
    assert "meeting/kr-cn-ict-strategy-dialogue-5@kcbilat" in found


def test_a_title_or_a_file_name_with_a_line_break_is_text(sample):
    """Found by tests/test_fuzz.py: the calendar's name and description (a --title, the
    name of a file left out) were written raw, and a line break in either was an internal
    error; a control character went out raw."""
    odd = sample / "agreements" / "new\nline\x1b[31m.yaml"
    odd.write_text((sample / "agreements" / "mou.yaml").read_text())
    result = run("calendar", "--data", str(sample), "--as-of", AS_OF, "--title", "a\nb;c")
    assert result.exit_code == 1, result.output  # a file was left out
    cal = Calendar.from_ical(result.stdout_bytes)
    assert str(cal["X-WR-CALNAME"]) == "a b;c"  # one line
    assert "new\\nline\\x1b[31m.yaml" in str(cal["X-WR-CALDESC"])
    assert b"\x1b" not in result.stdout_bytes
