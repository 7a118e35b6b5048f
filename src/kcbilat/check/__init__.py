"""Checking: the rules between records, validation as a whole, and the JSON Schemas."""
