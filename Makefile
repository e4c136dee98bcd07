# The two commands of the README. Both install what is missing first (scripts/setup.sh).
.PHONY: serve test setup bench fuzz

serve:
	scripts/serve.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

bench:
	scripts/bench.sh

# Fuzzing, SECONDS per target (docs/fuzzing.md): make fuzz SECONDS=600
SECONDS ?= 60
fuzz:
	scripts/fuzz.sh $(SECONDS)
