"""Rules: despesas."""
