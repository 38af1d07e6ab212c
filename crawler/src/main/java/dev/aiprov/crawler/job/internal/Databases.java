package dev.aiprov.crawler.job.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The job repository's database: H2 (pooled) or any JDBC URL (e.g. PostgreSQL), schema created when missing. */
public final class Databases {
    private Databases() {
    }

    /** A data source for the URL; credentials may be in the URL or in {@code AIPROV_JDBC_USER/PASSWORD}. */
    public static DataSource open(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            return JdbcConnectionPool.create(url, user == null ? "sa" : user, password == null ? "" : password);
        }
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        if (user != null) {
            ds.setUsername(user);
            ds.setPassword(password);
        }
        return ds;
    }

    public static void close(DataSource ds) {
        if (ds instanceof JdbcConnectionPool pool) {
            pool.dispose();
        }
    }

    /** Creates Spring Batch's tables from its bundled script when {@code BATCH_JOB_INSTANCE} is absent. */
    public static void ensureBatchSchema(DataSource ds) throws SQLException {
        String product;
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
            for (String name : new String[] {"BATCH_JOB_INSTANCE", "batch_job_instance"}) {
                try (ResultSet rs = md.getTables(null, null, name, null)) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
        }
        String script = product.contains("h2") ? "h2" : product.contains("postgres") ? "postgresql"
                : product.contains("mysql") ? "mysql" : product.contains("mariadb") ? "mariadb" : null;
        if (script == null) {
            throw new IllegalStateException("create the Spring Batch schema for " + product + " before crawling");
        }
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + script + ".sql"))
                .execute(ds);
    }
}
