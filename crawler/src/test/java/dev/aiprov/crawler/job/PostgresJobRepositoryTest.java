package dev.aiprov.crawler.job;

import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The job repository and frontier on PostgreSQL, as a multi-machine crawl keeps them (docs/scaling.md):
 * a crawl killed with SIGKILL mid-chunk resumes from PostgreSQL and loses nothing. Skipped cleanly
 * where Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresJobRepositoryTest {
    @Container
    static final GenericContainer<?> POSTGRES = new GenericContainer<>("postgres:16-alpine")
            .withEnv("POSTGRES_USER", "aiprov").withEnv("POSTGRES_PASSWORD", "aiprov").withEnv("POSTGRES_DB", "crawl")
            .withExposedPorts(5432)
            // the server logs "ready" twice: once for the init run, once for the real start
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));

    @StartStop
    public final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    @Test
    void resumesACrawlKilledMidChunkFromAPostgresJobRepository() throws Exception {
        String url = "jdbc:postgresql://" + POSTGRES.getHost() + ":" + POSTGRES.getMappedPort(5432)
                + "/crawl?user=aiprov&password=aiprov";
        KilledCrawlTest.killAndResume(server, dir, url);
    }
}
