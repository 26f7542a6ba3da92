"""Flask-WTF forms of the moderation package: field rules only."""
