"""flask commands of the forum package."""
