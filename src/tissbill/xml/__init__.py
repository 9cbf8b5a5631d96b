"""The XML layer: writing models to TISS XML, reading them back, safe parsing and the epílogo hash."""
