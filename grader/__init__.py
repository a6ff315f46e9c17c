"""The autograder for the 'Optimization' assignment: run a submission's checks and score them."""
