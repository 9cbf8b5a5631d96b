"""Rules: documento."""
