#!/usr/bin/env bash
# Mutation testing (not part of the test command): mutate the modules where a silent wrong answer would mislead
# a viewer (configured under [tool.mutmut] in pyproject.toml), run their fast unit tests against every mutant,
# and write the report to docs/mutation.md. About 20 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
rm -rf mutants
mkdir -p test-artifacts
# mutmut's progress bar goes to a log; the report below says what the run found either way.
if ! python3 -m mutmut run --max-children "${MUTATION_WORKERS:-2}" > test-artifacts/mutation-run.log 2>&1; then
  echo "mutmut stopped with an error: see test-artifacts/mutation-run.log" >&2
fi
python3 scripts/mutation_report.py docs/mutation.md
