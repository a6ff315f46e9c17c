"""Tests of the grader: the plain-data channel, submissions and the harness."""
