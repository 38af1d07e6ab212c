# Runtime image for aiprov; build the jar first with: mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
COPY cli/target/aiprov.jar /opt/aiprov/aiprov.jar
ENV AIPROV_HOME=/var/lib/aiprov
VOLUME /var/lib/aiprov
ENTRYPOINT ["java", "-Xmx1g", "-jar", "/opt/aiprov/aiprov.jar"]
