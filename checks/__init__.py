"""The checks: seeded cases per task, one tolerance, and the pure comparing and scoring."""
