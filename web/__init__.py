"""The upload portal (Flask). Not built yet: it is the service issue's work; see the README."""
