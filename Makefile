# The two commands a newcomer needs (see README.md).
.PHONY: serve test setup bench

## Set everything up, then serve the app on http://127.0.0.1:8080 with a seeded local registry.
serve: setup
	scripts/serve

## Set everything up, then run every check and test (what CI runs).
test: setup
	scripts/test

setup:
	scripts/setup

## Benchmarks that print figures (see README): berth's pull against skopeo's.
bench: setup
	scripts/bench
