# The two commands of the README. Both install what is missing first (scripts/setup.sh).
.PHONY: serve test setup bench

serve:
	scripts/serve.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

bench:
	scripts/bench.sh
