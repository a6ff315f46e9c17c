"""The students' pages: upload, a submission's results as they come, their history."""
