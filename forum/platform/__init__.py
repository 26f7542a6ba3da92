"""Infrastructure the domain stands on: database, sessions, caches, jobs, mail, logs, limits."""
