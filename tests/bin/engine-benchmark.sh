#!/usr/bin/env bash
# The engine benchmark of issue 3: Millrace against Operaton, same one-service-task process, same
# workload, each side in its own JVM, one after the other in the same run; prints one table with
# throughput, latencies and the ratio. Options (all --key=value) go to the driver, for example:
#   tests/bin/engine-benchmark.sh --runs=3
#   tests/bin/engine-benchmark.sh --warmup-s=30 --saturation-s=30 --window=1000 --rate=500
#   tests/bin/engine-benchmark.sh --jfr-dir=tests/target/engine-benchmark/jfr   (JFR profile per side)
# See tests/README.md for what is measured and how.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The same JDK choice as ./mvnw (a JDK >= 21; exits with a reason when there is none).
. .mvn/wrapper/select-jdk.sh
set +f
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

./mvnw -B -q -pl tests/engine-benchmark,tests/operaton-peer -am package -DskipTests

classpath() {
  echo "tests/$1/target/classes:$(cat "tests/$1/target/classpath.txt")"
}

out=tests/target/engine-benchmark
mkdir -p "$out"
log="$out/engine-benchmark-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "$(date -u +%FT%TZ) on $(nproc) cores; $("$java" -version 2>&1 | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$java" -cp "$(classpath benchmark-harness)" dev.millrace.benchmark.EngineBenchmark \
    --millrace-classpath="$(classpath engine-benchmark)" \
    --operaton-classpath="$(classpath operaton-peer)" \
    --data-dir="$out/data" \
    "$@"
} 2>&1 | tee "$log"
echo "Saved to $log"
