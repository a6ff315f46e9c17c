"""The web service: upload portal, queue and stored results (the app factory comes with the accounts)."""
