"""Rules: lote."""
