"""The queue and the worker: Celery in the app, the grading task, putting submissions on the queue."""
