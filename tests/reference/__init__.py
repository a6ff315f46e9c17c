"""Tests of the reference implementations against the spec."""
