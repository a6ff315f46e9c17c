"""Tests of the optimization autograder."""
