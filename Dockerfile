# syntax=docker/dockerfile:1
# Audit Cache image: docker build -t audit-cache:0.1.0 .
# Build stage: the README's build command. The Maven repository is a BuildKit cache mount, so rebuilds after a
# source change do not download the dependencies again.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY conf ./conf
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

# Runtime stage: JRE only, non-root user 10001 (numeric, so Kubernetes' runAsNonRoot can verify it).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 auditcache \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin auditcache
WORKDIR /app
COPY --from=build /src/target/audit-cache.jar /app/audit-cache.jar
USER 10001:10001
# Heap from the container's memory limit; Vert.x's start-up cache directory under /tmp, so the root filesystem can
# be read-only (mount a writable /tmp, as k8s/deployment.yaml does with an emptyDir); cached events promoted after
# one young collection instead of copied between survivor spaces for 15 (README, "The two commands").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:MaxTenuringThreshold=1 -Dvertx.cacheDirBase=/tmp/vertx-cache"
EXPOSE 8080
# The JVM is PID 1 and handles SIGTERM itself: readiness turns 503 for http.drainDelayMs, requests in flight get
# http.shutdownTimeoutMs, then it exits (0 or 143).
ENTRYPOINT ["java","-jar","/app/audit-cache.jar"]
