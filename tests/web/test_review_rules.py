"""The review's pure rules alone: late policy, counted submission, grade-book rows, CSV, class table."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from web.rules import classtable, gradebook
from web.rules.gradebook import Cell, Course, Graded, Manual, Student
from web.rules.latepolicy import Policy, Terms, due, lateness, penalised

DEADLINE = datetime(2026, 11, 1, 23, 59)
POLICY = Policy(DEADLINE, penalty_per_day=10.0, grace_days=0)


@pytest.mark.parametrize("after, days, penalty", [
    (timedelta(0), 0, 0.0),                 # on the deadline itself: on time
    (timedelta(seconds=1), 1, 0.1),         # a started day counts whole
    (timedelta(days=1), 1, 0.1),
    (timedelta(days=1, seconds=1), 2, 0.2),
    (timedelta(days=30), 30, 1.0),          # never more than the whole score
])
def test_days_late_and_penalty(after, days, penalty):
    late = lateness(DEADLINE + after, POLICY)
    assert (late.days_late, late.penalty) == (days, pytest.approx(penalty))


def test_grace_days_and_extensions_move_the_students_own_deadline():
    two_days_late = DEADLINE + timedelta(days=1, hours=12)
    assert lateness(two_days_late, POLICY).days_late == 2
    assert lateness(two_days_late, Policy(DEADLINE, 10.0, grace_days=1)).days_late == 1
    # a student's own grace days replace the course's, even with fewer
    assert lateness(two_days_late, Policy(DEADLINE, 10.0, 1), Terms(grace_days=0)).days_late == 2
    assert lateness(two_days_late, POLICY, Terms(extension_days=2)).days_late == 0
    assert due(POLICY, Terms(extension_days=2, grace_days=1)) == DEADLINE + timedelta(days=3)
    assert lateness(two_days_late, Policy(None)).days_late == 0  # no deadline: never late
    assert penalised(40.0, lateness(two_days_late, POLICY)) == 32.0


def _graded(number: int, student: int, at: datetime, scores: dict[int, float]) -> Graded:
    return Graded(number, student, at, {task: Cell(score, 4.0, "passed" if score == 4 else "partial")
                                        for task, score in scores.items()})


def test_the_counted_submission_is_the_latest_or_the_best_after_its_penalty():
    early = _graded(1, 7, DEADLINE - timedelta(days=1), {0: 3.0, 1: 3.0})   # 6, on time
    late = _graded(2, 7, DEADLINE + timedelta(hours=5), {0: 4.0, 1: 2.8})   # 6.8 - 10% = 6.12
    worse = _graded(3, 7, DEADLINE + timedelta(days=3), {0: 4.0, 1: 4.0})   # 8 - 30% = 5.6
    assert gradebook.counted([early, late, worse], Course(POLICY, "latest"), Terms()).id == 3
    assert gradebook.counted([early, late, worse], Course(POLICY, "best"), Terms()).id == 2
    # with a 3-day extension nothing is late, and the best is the last
    assert gradebook.counted([early, late, worse], Course(POLICY, "best"), Terms(3)).id == 3
    same = _graded(4, 7, DEADLINE - timedelta(hours=1), {0: 3.0, 1: 3.0})
    assert gradebook.counted([early, same], Course(POLICY, "best"), Terms()).id == 4  # ties: latest
    assert gradebook.counted([], Course(), Terms()) is None


def _book():
    students = [Student(1, "ada@example.org", "Ada"), Student(2, "bob@example.org", "=HYPERLINK(1)"),
                Student(3, "cy@example.org", "Cy")]
    graded = [_graded(10, 1, DEADLINE - timedelta(days=1), {0: 4.0, 1: 4.0}),
              _graded(11, 2, DEADLINE + timedelta(hours=2), {0: 4.0, 1: 1.0})]
    manual = {1: Manual(3.5, "clear post", "prof@example.org")}
    return gradebook.rows(students, graded, Course(POLICY), {}, manual)


def test_rows_total_the_penalised_automatic_score_and_the_manual_grade():
    ada, bob, cy = _book()
    assert (ada.automatic, ada.total, ada.late.days_late) == (8.0, 11.5, 0)
    assert (bob.automatic, bob.after_penalty, bob.total, bob.late.days_late) == (5.0, 4.5, 4.5, 1)
    assert cy.submission is None and cy.total == 0.0 and cy.cells == {}
    record = bob.to_dict()
    assert record["tasks"]["1"] == {"score": 1.0, "max_score": 4.0, "status": "partial"}
    assert record["tasks"]["5"] is None and record["penalty_percent"] == 10.0
    assert record["total"] == 4.5 and record["max_total"] == 64.0


def test_the_csv_has_one_line_per_row_with_the_same_numbers_and_no_formulas():
    book = _book()
    lines = list(csv.DictReader(io.StringIO(gradebook.to_csv(book))))
    assert [line["email"] for line in lines] == [row.student.email for row in book]
    assert [float(line["total"]) for line in lines] == [row.total for row in book]
    assert lines[0]["task_15_manual"] == "3.5" and lines[0]["task_15_comment"] == "clear post"
    assert lines[1]["days_late"] == "1" and lines[1]["penalty_percent"] == "10"
    assert lines[1]["name"] == "'=HYPERLINK(1)"  # a name is never run as a spreadsheet formula
    assert lines[2]["submission"] == "" and lines[2]["task_0"] == ""


def test_sorting_puts_rows_without_the_value_last_and_filtering_matches_text_and_kind():
    book = _book()
    emails = lambda rows: [row.student.email for row in rows]  # noqa: E731
    assert emails(classtable.sort_rows(book, "total", descending=True)) == [
        "ada@example.org", "bob@example.org", "cy@example.org"]
    assert emails(classtable.sort_rows(book, "task1")) == ["bob@example.org", "ada@example.org",
                                                          "cy@example.org"]
    assert emails(classtable.sort_rows(book, "task1", True)) == ["ada@example.org", "bob@example.org",
                                                                "cy@example.org"]
    assert emails(classtable.filter_rows(book, "BOB")) == ["bob@example.org"]
    assert emails(classtable.filter_rows(book, show="late")) == ["bob@example.org"]
    assert emails(classtable.filter_rows(book, show="none")) == ["cy@example.org"]
    assert emails(classtable.filter_rows(book, show="incomplete")) == ["bob@example.org"]
    assert emails(classtable.filter_rows(book, show="ungraded")) == ["bob@example.org", "cy@example.org"]


def test_cells_are_shaded_by_how_much_they_got():
    assert classtable.shade(Cell(4.0, 4.0, "passed")) == "full"
    assert classtable.shade(Cell(2.2, 4.0, "partial")) == "partial"
    assert classtable.shade(Cell(0.0, 4.0, "failed")) == "zero"
    assert classtable.shade(Cell(0.0, 4.0, "missing")) == "missing"
    assert classtable.shade(None) == "none"


def test_failure_rates_per_task_and_per_check():
    book = _book()
    rates = {rate.task: (rate.failed, rate.counted) for rate in classtable.task_failure_rates(book)}
    assert rates[0] == (0, 2) and rates[1] == (1, 2) and rates[5] == (0, 0)
    results = [
        {"task": 3, "status": "partial", "checks": [{"name": "even: batches", "passed": False},
                                                     {"name": "uneven: batches", "passed": True}]},
        {"task": 3, "status": "failed", "checks": [{"name": "even: batches", "passed": False},
                                                    {"name": "uneven: batches", "passed": False}]},
        {"task": 9, "status": "missing", "checks": [{"name": "spec: values", "passed": False}]},
    ]
    top = classtable.check_failure_rates(results)
    assert [(r.task, r.label, r.failed, r.counted) for r in top] == [
        (3, "even: batches", 2, 2), (3, "uneven: batches", 1, 2)]  # a missing file is not counted
    assert top[0].rate == 1.0


def test_a_deadline_moved_past_the_calendar_never_crashes():
    """An instructor's year-9999 deadline plus grace days, or an extension of 2**31 - 1 days
    (was an OverflowError, a 500 on every page that shows the student)."""
    from datetime import datetime

    from web.rules.latepolicy import Policy, Terms, due, lateness
    policy = Policy(deadline=datetime(9999, 12, 30), grace_days=5)
    assert due(policy) == datetime.max
    assert lateness(datetime(2026, 12, 2), policy).days_late == 0
    assert due(Policy(deadline=datetime(2026, 1, 1)), Terms(extension_days=2 ** 31 - 1)) == datetime.max
