"""The XML layer: writing models as TISS XML, reading them back, safe parsing, epílogo hash."""
