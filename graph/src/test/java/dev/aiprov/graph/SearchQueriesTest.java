package dev.aiprov.graph;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The web front page's counts and search on the real embedded Neo4j. */
class SearchQueriesTest extends EmbeddedGraphTest {

    static CrawlRows.Repo repo(RepoType t, String id) {
        return CrawlRows.Repo.builder(t, id).hubId("x" + id).author(id.substring(0, id.indexOf('/'))).sha("a".repeat(40))
                .isPrivate(false).gated("false").disabled(false).downloads(1L).likes(1L).license("mit").build();
    }

    @Test
    void searchFindsEveryKindExactMatchesFirstAndCountsWhatTheGraphHolds() {
        new CrawlStore(graph).upsertRepos(List.of(repo(RepoType.MODEL, "acme/llm"), repo(RepoType.MODEL, "acme/llm-large"),
                repo(RepoType.DATASET, "acme/data"), repo(RepoType.SPACE, "other/acme-demo")));
        new InventoryStore(graph).importDeployments(List.of(new InventoryStore.DeploymentRow("bot", "prod", "team-acme", null,
                List.of(new InventoryStore.UseRow(RepoType.MODEL, "acme/llm", null, false, null, Instant.EPOCH, 1)))));

        SearchQueries q = new SearchQueries(graph);
        List<SearchQueries.Hit> hits = q.search("ACME", null, 50);
        assertEquals(List.of("author:acme", "model:acme/llm", "dataset:acme/data", "model:acme/llm-large",
                "deployment:bot", "space:other/acme-demo"), hits.stream().map(h -> h.kind() + ":" + h.id()).toList());
        assertEquals("team-acme", hits.get(4).detail());
        assertEquals(List.of("model:acme/llm"), q.search("acme/llm", null, 1).stream().map(h -> h.kind() + ":" + h.id()).toList());
        assertEquals(List.of("dataset:acme/data"), q.search("acme", "dataset", 50).stream().map(h -> h.kind() + ":" + h.id()).toList());
        assertEquals(0, q.search("nothing-like-it", null, 50).size());

        SearchQueries.Counts c = q.counts();
        assertEquals(new SearchQueries.Counts(2, 1, 1, c.authors(), 1, 0, 0), c);
    }
}
