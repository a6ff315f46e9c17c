"""The tolerance rule |a - e| <= atol + rtol * |e|, with the expected value as the reference."""
from __future__ import annotations

import numpy as np

from checks.tolerance import EXACT, FLOAT64, Tolerance


def test_atol_alone_allows_exactly_atol():
    tol = Tolerance(rtol=0.0, atol=0.25)
    assert tol.close(1.25, 1.0)
    assert not tol.close(1.5, 1.0)


def test_rtol_scales_with_the_expected_value():
    tol = Tolerance(rtol=0.5, atol=0.0)
    assert tol.close(3.0, 2.0)
    assert not tol.close(3.5, 2.0)


def test_atol_and_rtol_add_up():
    tol = Tolerance(rtol=0.5, atol=0.25)
    assert tol.close(3.25, 2.0)
    assert not tol.close(3.5, 2.0)


def test_rule_is_asymmetric_expected_is_the_reference():
    tol = Tolerance(rtol=0.5, atol=0.0)
    assert tol.close(1.0, 2.0)        # allowance 0.5 * |2| = 1
    assert not tol.close(2.0, 1.0)    # allowance 0.5 * |1| = 0.5


def test_close_is_elementwise():
    tol = Tolerance(rtol=0.0, atol=0.1)
    result = tol.close(np.array([1.0, 2.5, 3.05]), np.array([1.0, 2.0, 3.0]))
    assert result.tolist() == [True, False, True]


def test_nan_received_never_matches_even_with_huge_tolerance():
    tol = Tolerance(rtol=1e10, atol=1e10)
    assert not tol.close(np.nan, 1.0)
    assert not tol.close(np.array([np.nan, 0.0]), np.array([0.0, 0.0]))[0]


def test_infinite_received_never_matches():
    tol = Tolerance(rtol=1e3, atol=1e3)
    assert not tol.close(np.inf, 1.0)
    assert not tol.close(-np.inf, -1e300)


def test_exact_means_equality():
    assert EXACT.close(1.0, 1.0)
    assert EXACT.close(0.0, -0.0)
    assert not EXACT.close(1.0 + 2 ** -52, 1.0)
    assert not EXACT.close(3, 4)


def test_float64_tolerance_accepts_rounding_drift_but_not_mistakes():
    assert FLOAT64.close(1.0 + 1e-9, 1.0)
    assert not FLOAT64.close(1.0 + 1e-4, 1.0)


def test_str_of_exact():
    assert str(EXACT) == "exact"


def test_str_of_a_tolerance_gives_both_numbers():
    assert str(Tolerance(rtol=1e-6, atol=1e-9)) == "rtol=1e-06, atol=1e-09"
    assert str(Tolerance(rtol=0.0, atol=0.5)) == "rtol=0, atol=0.5"
