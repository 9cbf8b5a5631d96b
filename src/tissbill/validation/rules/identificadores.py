"""Rules: identificadores."""
