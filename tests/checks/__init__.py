"""Unit tests of the pure checking code: tolerance, comparison, shuffles and scoring."""
