package dev.aiprov.crawler.job.internal;

import dev.aiprov.crawler.hub.HubLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shared job repository of earlier versions ({@code $AIPROV_HOME/crawl/jobs.mv.db}, one for every
 * graph). When a graph's own crawl state is created, the repo states recorded for that graph are
 * copied from it (read-only), so the first crawl after the upgrade still skips unchanged repos. Its
 * unfinished jobs are not taken over: they could belong to any graph. A file that cannot be opened
 * (in use, damaged) is left alone.
 */
public final class LegacyState {
    private LegacyState() {
    }

    /** Copies {@code graphKey}'s repo states from the legacy file into {@code target}; returns how many. */
    public static int adopt(Path home, String legacyUrl, DataSource target, String graphKey, HubLog log) {
        Path file = home.resolve("crawl").resolve("jobs.mv.db");
        if (!Files.isRegularFile(file)) return 0;
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(legacyUrl + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r", "sa", "")) {
            try (ResultSet t = c.getMetaData().getTables(null, null, "AIPROV_REPO_STATE", null)) {
                if (!t.next()) return 0;
            }
            try (var st = c.prepareStatement("""
                    SELECT REPO_TYPE, REPO_ID, SHA, HAS_ADAPTER, ADAPTER_BASE FROM AIPROV_REPO_STATE WHERE GRAPH_KEY = ?""")) {
                st.setString(1, graphKey);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {graphKey, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                rs.getString(5)});
                    }
                }
            }
        } catch (SQLException e) {
            log.info("crawl state: the shared " + file + " of an earlier version could not be read (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); unchanged repos are read again once");
            return 0;
        }
        new JdbcTemplate(target).batchUpdate("""
                INSERT INTO AIPROV_REPO_STATE (GRAPH_KEY, REPO_TYPE, REPO_ID, SHA, HAS_ADAPTER, ADAPTER_BASE)
                VALUES (?, ?, ?, ?, ?, ?)""", rows);
        if (!rows.isEmpty()) {
            log.info("crawl state: " + rows.size() + " repo states of this graph taken over from the shared " + file
                    + " of an earlier version (delete it once every graph has crawled)");
        }
        return rows.size();
    }
}
