"""Writes of the routines app: versions and their steps (`versions`), journeys (`journeys`)."""
