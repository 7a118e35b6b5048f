"""Renderers: each output format is a small function over the same result objects."""
