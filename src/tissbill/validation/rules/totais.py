"""Rules: totais."""
