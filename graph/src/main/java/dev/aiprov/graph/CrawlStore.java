package dev.aiprov.graph;

import java.util.List;

/**
 * Batched, idempotent writes of crawl results ({@code UNWIND $rows … MERGE}): writing the same rows
 * twice creates no duplicate node or relationship. Each call is one write transaction.
 */
public final class CrawlStore {
    private final Graph graph;

    public CrawlStore(Graph graph) {
        this.graph = graph;
    }

    public void upsertRepos(List<CrawlRows.Repo> rows) {
        GraphWrites.repos(graph, rows);
    }

    public void upsertLineage(List<CrawlRows.Lineage> rows) {
        GraphWrites.lineage(graph, rows);
    }

    public void upsertTrainedOn(List<CrawlRows.TrainedOn> rows) {
        GraphWrites.trainedOn(graph, rows);
    }

    public void upsertUses(List<CrawlRows.Uses> rows) {
        GraphWrites.uses(graph, rows);
    }

    public void upsertRevisions(List<CrawlRows.Revision> rows) {
        GraphWrites.revisions(graph, rows);
    }

    public void upsertFiles(List<CrawlRows.File> rows) {
        GraphWrites.files(graph, rows);
    }

    /** Everything one crawl chunk found, written in ONE transaction (repos first, so edges find them). */
    public void upsertAll(CrawlRows.Batch batch) {
        List<GraphWrites.Statement> all = new java.util.ArrayList<>();
        all.addAll(GraphWrites.repoStatements(batch.repos()));
        all.addAll(GraphWrites.renames(batch.renames()));
        java.util.Set<String> written = GraphWrites.keys(batch.repos());
        all.addAll(GraphWrites.lineageStatements(batch.lineage(), written));
        all.addAll(GraphWrites.trainedOnStatements(batch.trainedOn(), written));
        all.addAll(GraphWrites.usesStatements(batch.uses()));
        all.addAll(GraphWrites.revisionStatements(batch.revisions()));
        all.addAll(GraphWrites.fileStatements(batch.files()));
        GraphWrites.write(graph, all);
    }
}
