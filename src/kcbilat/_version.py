"""The version, kept in a tiny module so `--version` needs no importlib.metadata."""

__version__ = "0.1.0"
