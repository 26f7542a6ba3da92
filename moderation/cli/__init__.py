"""flask commands of the moderation package."""
