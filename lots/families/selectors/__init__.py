"""Reads of the families app (see the modules)."""
