#!/usr/bin/env bash
# Runs the model runtime benchmarks (not part of ./mvnw verify). Arguments: training, server,
# latency or all (default). Each prints its baseline, Millrace and the ratio from the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
args="${*:-all}"
exec ./mvnw -B -q -Pbenchmarks -pl tests/runtime-benchmarks -am verify -DskipTests -DskipBaseModels \
  -Dbenchmark.args="$args"
