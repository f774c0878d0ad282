"""A deterministic synthetic council for demonstrations, tests and benchmarks (`manage.py seed_council`)."""
