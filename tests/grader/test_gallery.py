"""The gallery: correct-but-different submissions score full marks, wrong ones do not."""
from __future__ import annotations

import json

import pytest

from checks.mistakes import BY_ID
from tests.helpers import GALLERY, by_task, failures, reference_files

ENTRIES = sorted(p.name for p in GALLERY.iterdir() if (p / "expected.json").exists())


def test_gallery_has_correct_and_wrong_entries():
    """The regression gallery holds both kinds of submission."""
    assert len([e for e in ENTRIES if e.startswith("correct_")]) >= 3
    assert len([e for e in ENTRIES if e.startswith("wrong_")]) >= 15


@pytest.mark.parametrize("entry", ENTRIES)
def test_gallery_entry_is_graded_as_expected(entry, grade):
    """Each task of each entry gets full marks exactly when expected.json says so (style
    checks included: the gallery's files are written in the assignment's style)."""
    document = json.loads((GALLERY / entry / "expected.json").read_text())
    wanted, mistakes = document["tasks"], document.get("mistakes", {})
    results = by_task(grade(GALLERY / entry, tasks=[int(t) for t in wanted], style=True))
    for task, verdict in wanted.items():
        result = results[int(task)]
        if verdict == "full":
            assert result.status == "passed", f"task {task}:\n{failures(result)}"
            assert result.score == result.max_score == 4.0
        else:
            assert result.score < result.max_score, f"task {task} got full marks"
            assert result.status in ("partial", "failed")
        # the known mistake expected.json names, on some failed check, and no other one
        named = {c.mistake for c in result.checks if c.mistake}
        assert named == ({mistakes[task]} if task in mistakes else set()), f"task {task}"
        assert all(not c.passed for c in result.checks if c.mistake)


def test_every_known_mistake_is_shown_by_a_gallery_entry():
    """End to end, through the harness and TensorFlow: each catalogued mistake is diagnosed."""
    shown = {mistake for entry in ENTRIES for mistake in json.loads(
        (GALLERY / entry / "expected.json").read_text()).get("mistakes", {}).values()}
    assert shown == set(BY_ID)


def test_reference_source_as_a_submission_gets_full_marks(write_submission, grade):
    """The reference's own code, uploaded as a student would, passes every check of every task."""
    report = grade(write_submission(reference_files()))
    for result in report.tasks:
        assert result.status == "passed", f"task {result.task}:\n{failures(result)}"
    assert report.score == report.max_score == 60.0
