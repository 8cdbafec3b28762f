"""Pages of the routines app: routines and their versions (`routines`), journeys (`journeys`)."""
