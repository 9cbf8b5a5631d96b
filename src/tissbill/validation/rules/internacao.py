"""Rules: internacao."""
