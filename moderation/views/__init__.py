"""Queue views; each module adds routes to moderation.bp."""
