"""The pure rules behind task 15's grading and the release of results: the release rule and
what a student sees while results are withheld, the grading queue's order, the rubric, and
which of a blog post's URLs may be links."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from web.rules import blogpost, gradebook, gradingqueue, release, rubric
from web.rules.latepolicy import Lateness

DUE = datetime(2026, 11, 1, 12, 0)
STOPPED = "stopped while the hidden cases ran (the reason is shown to staff only)"


# ---------------------------------------------------------------- the release rule


def test_at_once_always_shows_and_after_the_deadline_waits_for_the_students_own_deadline():
    assert release.released("at_once", DUE, DUE - timedelta(days=3))
    assert not release.released("after_deadline", DUE, DUE - timedelta(minutes=1))
    assert not release.released("after_deadline", DUE, DUE)  # the deadline itself: still open
    assert release.released("after_deadline", DUE, DUE + timedelta(minutes=1))
    assert release.released("after_deadline", None, DUE)  # no deadline: nothing to wait for


def check(name: str, visibility: str, passed: bool, worth: float = 1.0) -> dict:
    return {"name": name, "kind": "correctness", "visibility": visibility, "passed": passed,
            "score": worth if passed else 0.0, "max_score": worth, "message": "ok", "mistake": None}


def result(*checks: dict, status: str = "partial", message: str = "") -> dict:
    return {"task": 5, "file": "5-momentum.py", "status": status, "message": message,
            "score": sum(c["score"] for c in checks), "max_score": sum(c["max_score"] for c in checks),
            "checks": list(checks)}


def test_withholding_drops_hidden_checks_and_judges_the_task_by_the_visible_ones():
    hidden_failed = result(check("spec", "public", True, 2.0), check("style", "public", True, 0.4),
                           check("t1", "hidden", False, 0.8), check("big", "hidden", True, 0.8),
                           message="note: x\n" + STOPPED)
    shown = release.withhold(hidden_failed, DUE, STOPPED)
    assert [c["name"] for c in shown["checks"]] == ["spec", "style"]
    assert (shown["score"], shown["max_score"], shown["status"]) == (2.4, 2.4, "passed")
    assert shown["withheld"] == {"max_score": 1.6, "checks": 2, "until": "2026-11-01T12:00:00Z"}
    assert shown["message"] == "note: x"  # the hidden run's line goes too
    assert "t1" not in str(shown)

    public_failed = release.withhold(result(check("spec", "public", False, 2.0),
                                            check("t1", "hidden", True, 2.0)), DUE)
    assert (public_failed["score"], public_failed["status"]) == (0.0, "failed")
    untouched = result(check("spec", "public", True), status="passed")
    assert release.withhold(untouched, DUE) is untouched  # nothing hidden: nothing changes
    missing = release.withhold(result(check("t1", "hidden", False), status="missing"), DUE)
    assert missing["status"] == "missing" and missing["score"] == 0.0


def row(student_id: int, name: str, graded: bool = True, manual: float | None = None,
        automatic: float = 40.0, late: Lateness | None = None) -> gradebook.Row:
    submission = gradebook.Graded(student_id * 10, student_id, DUE, {
        0: gradebook.Cell(automatic, 56.0, "partial")}) if graded else None
    email = f"{name.split()[0].lower()}{student_id}@example.org"
    return gradebook.Row(gradebook.Student(student_id, email, name),
                         submission, int(graded), late or (Lateness(DUE, 0, 0.0) if graded else None),
                         gradebook.Manual(manual, "ok") if manual is not None else None,
                         dict(submission.tasks) if submission else {})


def test_the_total_a_student_is_shown_while_withheld_is_the_visible_points_after_the_penalty():
    late = row(1, "Ada Lovelace", manual=3.0, automatic=40.0, late=Lateness(DUE, 2, 0.2))
    held = release.shown(late, False, DUE, visible=(30.0, 14.0))
    assert (held.automatic, held.after_penalty, held.manual, held.withheld_points, held.total) == (
        30.0, 24.0, None, 14.0, 24.0)  # no manual grade, no hidden points
    out = release.shown(late, True, DUE, visible=(30.0, 14.0))
    assert (out.automatic, out.after_penalty, out.manual.score, out.total) == (40.0, 32.0, 3.0, 35.0)
    assert out.total == late.total  # released: exactly the grade book's total
    nothing = release.shown(row(2, "Bo", graded=False, manual=None), False, DUE)
    assert (nothing.automatic, nothing.total) == (None, 0.0)


# ---------------------------------------------------------------- the grading queue


def test_the_queue_walks_the_class_by_name_skipping_graded_students_and_those_without_work():
    rows = [row(1, "Zoe Adams"), row(2, "ada Byron"), row(3, "Cy Chen", manual=4.0),
            row(4, "Bea Dunn", graded=False), row(5, "Ada Byron")]
    assert [r.student.id for r in gradingqueue.waiting(rows)] == [2, 5, 1]  # name, then e-mail
    assert gradingqueue.next_ungraded(rows).student.id == 2
    assert gradingqueue.next_ungraded(rows, after=2).student.id == 5
    assert gradingqueue.next_ungraded(rows, after=5).student.id == 1
    assert gradingqueue.next_ungraded(rows, after=1).student.id == 2  # skipped ones: from the start
    assert gradingqueue.next_ungraded(rows, after=3).student.id == 1  # after a graded one: its place
    assert gradingqueue.next_ungraded(rows, after=99).student.id == 2
    everyone = [row(1, "A", manual=1.0), row(2, "B", graded=False)]
    assert gradingqueue.next_ungraded(everyone) is None


def test_the_queue_order_does_not_depend_on_the_order_rows_come_in():
    rows = [row(n, name) for n, name in enumerate(("Omar", "Jia", "Lena", "Amir", "Dana"), 1)]
    assert [r.student.name for r in gradingqueue.waiting(rows[::-1])] == \
        [r.student.name for r in gradingqueue.waiting(rows)] == ["Amir", "Dana", "Jia", "Lena", "Omar"]


# ---------------------------------------------------------------- the rubric


def test_a_rubric_is_read_from_its_lines_and_must_add_up_to_the_tasks_worth():
    items = rubric.parse(" 2 | explains each optimizer \n\n1|has an example\n1 | a picture", 4.0)
    assert items == (rubric.Item("explains each optimizer", 2.0), rubric.Item("has an example", 1.0),
                     rubric.Item("a picture", 1.0))
    assert rubric.parse(rubric.to_text(items), 4.0) == items
    assert sum(i.points for i in rubric.DEFAULT) == gradebook.MANUAL_MAX
    for text, said in (("2 | a\n1 | b", "add up to 3; they must add up to 4"),
                       ("4 explains", "is not \"points | label\""), ("x | a", "'x' is not a number"),
                       ("0 | a\n4 | b", "above 0"), ("nan | a", "above 0"), ("", "at least one item"),
                       ("2 | a\n2 | A", "same label")):
        with pytest.raises(rubric.RubricError, match=said):
            rubric.parse(text, 4.0)
    assert rubric.from_json(None) == rubric.DEFAULT and rubric.from_json([{"x": 1}]) == rubric.DEFAULT


def test_a_grade_is_the_sum_of_the_ticked_items_with_the_reused_comments_first():
    items = (rubric.Item("explains", 2.0), rubric.Item("example", 1.0), rubric.Item("picture", 1.0))
    made = rubric.grade(items, ("Good.", "Add a picture."), ["0", "1", "1"], ["1"], " More maths. ")
    assert made.score == 3.0 and made.comment == "Add a picture.\nMore maths."
    assert [d["given"] for d in made.given] == [True, True, False]
    assert rubric.given_labels(made.given) == ["explains (2)", "example (1)"]
    assert rubric.grade(items, (), [], [], "not a blog post").score == 0.0
    for ticked, reused, free, said in (([], [], "  ", "or say in a comment why"),
                                       (["3"], [], "", "rubric item '3' does not exist"),
                                       (["-1"], [], "", "does not exist"),
                                       ([], ["0"], "", "reusable comment '0' does not exist"),
                                       (["0"], [], "x" * 4001, "at most 4000")):
        with pytest.raises(rubric.RubricError, match=said):
            rubric.grade(items, (), ticked, reused, free)
    assert rubric.fingerprint(items) != rubric.fingerprint(items[:2] + (rubric.Item("picture", 1.5),))


def test_reusable_comments_are_one_a_line_without_repeats():
    assert rubric.parse_comments("Good.\n\n  Good. \nAdd a  picture.\n") == ("Good.", "Add a picture.")
    with pytest.raises(rubric.RubricError, match="longer than 500"):
        rubric.parse_comments("x" * 501)


# ---------------------------------------------------------------- the blog post's URLs


@pytest.mark.parametrize("url, link", [
    ("https://medium.com/@ada/optimizers", True), ("http://example.org/a?b=1#c", True),
    ("HTTPS://Example.org/", True), ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("vbscript:msgbox", False),
    ("java\tscript:alert(1)", False), ("https:/no-host", False), ("//example.org/x", False),
    ("ftp://example.org/x", False), ("https://example.org/\u202egnp.exe", False), ("http://[bad", False), ("https://a.org/" + "x" * 2000, False),
])
def test_only_plain_http_and_https_urls_become_links(url, link):
    assert (blogpost.href(url) == url) is link
    assert blogpost.href(url) in (url, None)


def test_the_urls_of_a_post_are_found_once_each_hostile_ones_too():
    texts = blogpost.text_files({"README.md": b"# Post\nhttps://medium.com/@a/p.\njavascript:alert(1)\n"
                                              b"again https://medium.com/@a/p",
                                 "0-norm_constants.py": b"# http://not-the-post.example"})
    assert list(texts) == ["README.md"]
    found = blogpost.urls(texts, stored=["https://linkedin.com/x", "https://medium.com/@a/p"])
    assert [(u.text, u.href) for u in found] == [
        ("https://linkedin.com/x", "https://linkedin.com/x"),
        ("https://medium.com/@a/p", "https://medium.com/@a/p"),
        ("javascript:alert(1", None)]
