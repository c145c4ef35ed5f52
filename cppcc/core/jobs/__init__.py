"""Long jobs in the background: exports and imports too large for a request, run by the task queue
(Huey) as the user who started them, with their progress, their file and their failure kept on a
``Job`` (the framework's one model, so it lives in an app of its own)."""
