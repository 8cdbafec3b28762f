"""Imports of children and guardians from the school administration system (CSV or Excel)."""
