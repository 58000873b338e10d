#!/usr/bin/env bash
# The whole test suite, as CI runs it: ./test.sh
# Restores NuGet packages, builds the solution, runs every test project and ends with "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "${root}"
results="${root}/artifacts/test-results"
rm -rf "${results}"
mkdir -p "${results}"

"${root}/scripts/install-prerequisites.sh" || { echo "0 passed, 1 failed"; exit 1; }

if ! dotnet build Ivyo.slnx -c Release --nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Ivyo.slnx -c Release --no-build --nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "${results}" 2>&1 | grep -Ev '^\s*Passed ' || true

passed=0; failed=0; skipped=0; files=0
for trx in "${results}"/*.trx; do
  [[ -f "${trx}" ]] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "${trx}" | head -n 1)"
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"${counters}"; }
  passed=$((passed + $(value passed))); failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # VSTest's TRX leaves notExecuted at 0 for skipped tests; they are the ones counted but not executed.
  skipped=$((skipped + $(value total) - $(value executed)))
done

expected="$(grep -c 'Project Path="test/' Ivyo.slnx)"
if [[ "${files}" -ne "${expected}" ]]; then
  echo "only ${files} of ${expected} test projects produced results"
  failed=$((failed + expected - files))
fi

if [[ "${failed}" -ne 0 ]] && compgen -G "${results}/*.trx" > /dev/null; then
  echo "Failed tests:"
  python3 "${root}/scripts/failed-tests.py" "${results}"/*.trx || true
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[[ "${failed}" -eq 0 ]]
