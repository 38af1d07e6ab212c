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
import org.neo4j.driver.exceptions.AuthenticationException;
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
 * loopback port, so embedded and server graphs share one code path. Bolt requires the store's
 * secret ({@link StoreSecret}): another local user cannot read or write the graph while it runs.
 * Only one process holds a store ({@link StoreLock}); others share it through {@code aiprov serve}.
 */
public final class EmbeddedGraph implements Graph {
    private final Path home;
    private final StoreLock lock;
    private final DatabaseManagementService dbms;
    private final Driver driver;
    private final int boltPort;

    private EmbeddedGraph(Path home, StoreLock lock, DatabaseManagementService dbms, Driver driver, int boltPort) {
        this.home = home;
        this.lock = lock;
        this.dbms = dbms;
        this.driver = driver;
        this.boltPort = boltPort;
    }

    public static EmbeddedGraph start(Path home) {
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new GraphException("graph directory " + home + " is a file, not a directory");
        }
        try {
            Files.createDirectories(home);
        } catch (Exception e) {
            throw new GraphException("cannot create graph directory " + home + ": " + e.getMessage(), e);
        }
        StoreLock lock = StoreLock.acquire(home);
        try {
            return start(home, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Settings for a CLI-sized store: authenticated loopback Bolt, small unallocated transaction logs. */
    static Map<Setting<?>, Object> settings() {
        Map<Setting<?>, Object> cfg = new HashMap<>();
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0));
        cfg.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        cfg.put(GraphDatabaseSettings.auth_enabled, true);
        // no lock-out after failed logins: it cannot protect a 256-bit random secret, and would let
        // another local user lock aiprov out of its own graph
        cfg.put(GraphDatabaseSettings.auth_max_failed_attempts, 0);
        // queries see only the graph: no LOAD CSV from files (and no import directory), no URL of any address
        cfg.put(GraphDatabaseSettings.allow_file_urls, false);
        cfg.put(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                java.util.List.of(new inet.ipaddr.IPAddressString("0.0.0.0/0"), new inet.ipaddr.IPAddressString("::/0")));
        cfg.put(GraphDatabaseSettings.pagecache_memory, Long.getLong("aiprov.pagecache", 128L << 20));
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, 512L << 20);
        cfg.put(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(5));
        // a few hundred nodes must not cost two pre-allocated 256 MB logs (issue 18): grow on demand,
        // rotate at 8 MB and keep what recovery needs plus a little history
        cfg.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        cfg.put(GraphDatabaseSettings.preallocate_store_files, false);
        cfg.put(GraphDatabaseSettings.logical_log_rotation_threshold, 8L << 20);
        cfg.put(GraphDatabaseSettings.keep_logical_logs, "2 files");
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1));
        return cfg;
    }

    private static EmbeddedGraph start(Path home, StoreLock lock) {
        String secret = StoreSecret.read(home);
        if (secret == null) {
            // a new store, or one made by a version without authentication: give it a secret before
            // Bolt ever listens, so no one can log in with Neo4j's initial password in between
            secret = StoreSecret.create(home);
            provision(home, secret);
        }
        return start(home, lock, secret, true);
    }

    private static EmbeddedGraph start(Path home, StoreLock lock, String secret, boolean mayReset) {
        DatabaseManagementService dbms = build(home, settings());
        Driver driver;
        int port;
        try {
            GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database("neo4j");
            port = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
            Logger.getLogger("org.neo4j.driver").setLevel(Level.WARNING);
            driver = connect(port, secret);
        } catch (AuthenticationException e) {
            // the secret file is newer than the password (e.g. a crash between the two): we hold the
            // lock, so set it again with Bolt off, then start as usual
            dbms.shutdown();
            if (!mayReset) throw new GraphException("embedded graph at " + home + " refuses its own store secret", e);
            provision(home, secret);
            return start(home, lock, secret, false);
        } catch (RuntimeException e) {
            dbms.shutdown();
            throw new GraphException("embedded graph at " + home + " started but is not reachable: " + rootMessage(e), e);
        }
        return new EmbeddedGraph(home, lock, dbms, driver, port);
    }

    /** Starts the store with no Bolt connector, sets its password to {@code secret}, and stops it. */
    private static void provision(Path home, String secret) {
        Map<Setting<?>, Object> cfg = settings();
        cfg.put(BoltConnector.enabled, false);
        DatabaseManagementService dbms = build(home, cfg);
        try {
            setPassword(dbms, secret);
        } finally {
            dbms.shutdown();
        }
    }

    private static DatabaseManagementService build(Path home, Map<Setting<?>, Object> cfg) {
        try {
            return new DatabaseManagementServiceBuilder(home).setConfig(cfg).build();
        } catch (RuntimeException e) {
            String why = rootMessage(e);
            if (why.toLowerCase().contains("lock")) {
                throw new GraphException("the graph at " + home + " is in use by another process", e);
            }
            throw new GraphException("cannot start the embedded graph at " + home + ": " + why, e);
        }
    }

    /** Sets the store's Bolt password through the in-process API (which needs none). */
    private static void setPassword(DatabaseManagementService dbms, String secret) {
        dbms.database("system").executeTransactionally(
                "ALTER USER " + StoreSecret.USER + " SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", secret));
    }

    private static Driver connect(int port, String secret) {
        Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic(StoreSecret.USER, secret),
                Config.builder().withoutEncryption().withLogging(org.neo4j.driver.Logging.none()).build());
        try {
            driver.verifyConnectivity();
            return driver;
        } catch (RuntimeException e) {
            driver.close();
            throw e;
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

    /** The loopback Bolt port this store listens on (authenticated with {@link StoreSecret}). */
    public int boltPort() {
        return boltPort;
    }

    public Path home() {
        return home;
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
            try {
                dbms.shutdown();
            } finally {
                lock.close();
            }
        }
    }
}
