#!/usr/bin/env bash
# The benchmark: builds the server, then measures every operation against a private Redis it starts itself
# (never the shared one on 6379), with redis-benchmark and wrk as the physical limits in the same run.
# Usage: load-tests/benchmark.sh [seconds per measurement, default 10]   Results: load-tests/results/
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath 2>/dev/null \
  || mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
for tool in redis-benchmark wrk; do
  command -v "$tool" >/dev/null || echo "note: $tool is not installed, its baseline is skipped (Debian: apt-get install redis-tools wrk)" >&2
done
# The generator's own GC log: the benchmark reads it to tell whether a latency stall was the generator's pause. The
# generator's pauses fall into every latency it measures, so it runs with the young-generation setting the README
# recommends for the server (its histograms and connection pools live as long as a phase).
mkdir -p load-tests/results
exec java -Xms1g -Xmx2g -XX:MaxTenuringThreshold=1 -Xlog:gc,safepoint:file=load-tests/results/generator-gc.log:timemillis:filecount=0 \
  -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.auditcache.bench.Benchmark "$seconds" load-tests/results
