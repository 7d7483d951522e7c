"""Training code: building corpora and models from ../shared/data (not used at analysis time)."""
