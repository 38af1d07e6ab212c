package dev.aiprov.graph.internal;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphException;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real Neo4j started inside this process, reached through the Java driver over Bolt on a free
 * loopback port, so embedded and server graphs share one code path.
 */
public final class EmbeddedGraph implements Graph {
    private final Path home;
    private final DatabaseManagementService dbms;
    private final Driver driver;

    private EmbeddedGraph(Path home, DatabaseManagementService dbms, Driver driver) {
        this.home = home;
        this.dbms = dbms;
        this.driver = driver;
    }

    public static EmbeddedGraph start(Path home) {
        try {
            Files.createDirectories(home);
        } catch (Exception e) {
            throw new GraphException("cannot create graph directory " + home + ": " + e.getMessage(), e);
        }
        Map<Setting<?>, Object> cfg = new HashMap<>();
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0));
        cfg.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        cfg.put(GraphDatabaseSettings.auth_enabled, false);
        // queries see only the graph: no LOAD CSV from files (and no import directory), no URL of any address
        cfg.put(GraphDatabaseSettings.allow_file_urls, false);
        cfg.put(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                java.util.List.of(new inet.ipaddr.IPAddressString("0.0.0.0/0"), new inet.ipaddr.IPAddressString("::/0")));
        cfg.put(GraphDatabaseSettings.pagecache_memory, Long.getLong("aiprov.pagecache", 128L << 20));
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, 512L << 20);
        cfg.put(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(5));
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1));
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home).setConfig(cfg).build();
        } catch (RuntimeException e) {
            String why = rootMessage(e);
            if (why.toLowerCase().contains("lock")) {
                throw new GraphException("the graph at " + home + " is in use by another aiprov process", e);
            }
            throw new GraphException("cannot start the embedded graph at " + home + ": " + why, e);
        }
        try {
            GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database("neo4j");
            int port = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
            Logger.getLogger("org.neo4j.driver").setLevel(Level.WARNING);
            Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                    Config.builder().withoutEncryption().withLogging(org.neo4j.driver.Logging.none()).build());
            driver.verifyConnectivity();
            return new EmbeddedGraph(home, dbms, driver);
        } catch (RuntimeException e) {
            dbms.shutdown();
            throw new GraphException("embedded graph at " + home + " started but is not reachable: " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder();
        while (t != null) {
            if (t.getMessage() != null) sb.append(t.getMessage()).append(' ');
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.toString().trim();
    }

    @Override
    public Driver driver() {
        return driver;
    }

    @Override
    public String describe() {
        return "embedded Neo4j at " + home;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            dbms.shutdown();
        }
    }
}
