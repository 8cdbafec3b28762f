"""The intake app's business actions (concern reports, requests, the deadline scan)."""
