"""The store: models, the database and its migrations, accounts, quotas, the review's data."""
