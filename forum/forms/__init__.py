"""Flask-WTF forms of the forum package: field rules only; services decide and save."""
