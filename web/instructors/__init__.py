"""The instructors' pages: the class view, the review, accounts, the JSON API, the demo class."""
