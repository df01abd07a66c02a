"""Turning Vietnamese administrative documents into searchable records."""
