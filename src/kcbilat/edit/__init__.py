"""Editing: record files written in the canonical layout (fmt, new, review)."""
