# The hub's image, built from the repository: docker build -t tongfa/hub .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests -pl hub-core -am package

FROM eclipse-temurin:17-jre
# curl for docker-compose.yml's healthcheck (/actuator/health/readiness).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 tongfa && mkdir -p /data/portal && chown -R tongfa /data
WORKDIR /app
COPY --from=build /src/hub-core/target/hub-core-*.jar /app/hub.jar
USER tongfa
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/hub.jar"]
