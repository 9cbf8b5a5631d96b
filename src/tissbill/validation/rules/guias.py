"""Rules: guias."""
