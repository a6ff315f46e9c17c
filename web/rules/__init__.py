"""The pure rules of the service: late policy, grade book, class table, what a student may see."""
