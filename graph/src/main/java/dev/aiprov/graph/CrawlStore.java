package dev.aiprov.graph;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Batched, idempotent writes of crawl results ({@code UNWIND $rows … MERGE}): writing the same rows
 * twice creates no duplicate node or relationship. Each call is one write transaction.
 */
public final class CrawlStore {
    /** At most this many repo keys are remembered (~100 bytes each); past it, edges ensure their ends again. */
    static final int KNOWN_CAP = 250_000;

    private final Graph graph;
    /**
     * Keys of repo nodes a committed write of this store left in the graph (written, or ensured as the
     * end of an edge). aiprov never deletes repo nodes, so an edge to one of them needs no ensuring
     * {@code MERGE}: a crawl writes a base in one chunk and its derivatives in the next ones. Should
     * one be deleted all the same, the edge statement finds fewer ends than rows
     * ({@link GraphWrites.MissingEnds}) and the chunk is written again with every end ensured.
     */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

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
        Set<String> written = GraphWrites.keys(batch.repos());
        try {
            GraphWrites.write(graph, statements(batch, k -> written.contains(k) || known.contains(k)));
        } catch (GraphWrites.MissingEnds e) {
            // a remembered repo is gone (deleted outside aiprov): forget them all, ensure every end, write again
            known.clear();
            GraphWrites.write(graph, statements(batch, written::contains));
        }
        // committed: the batch's repos and both ends of its edges now exist
        remember(written);
        for (CrawlRows.Lineage l : batch.lineage()) {
            if (l.child().equals(l.parent())) continue;   // a self-reference is skipped, its end not ensured
            remember(GraphWrites.key(RepoType.MODEL, l.child()));
            remember(GraphWrites.key(RepoType.MODEL, l.parent()));
        }
        for (CrawlRows.TrainedOn t : batch.trainedOn()) remember(GraphWrites.key(RepoType.MODEL, t.model()));
    }

    private static List<GraphWrites.Statement> statements(CrawlRows.Batch batch, Predicate<String> exists) {
        List<GraphWrites.Statement> all = new java.util.ArrayList<>();
        all.addAll(GraphWrites.repoStatements(batch.repos()));
        all.addAll(GraphWrites.renames(batch.renames()));
        all.addAll(GraphWrites.lineageStatements(batch.lineage(), exists));
        all.addAll(GraphWrites.trainedOnStatements(batch.trainedOn(), exists));
        all.addAll(GraphWrites.usesStatements(batch.uses()));
        all.addAll(GraphWrites.revisionStatements(batch.revisions()));
        all.addAll(GraphWrites.fileStatements(batch.files()));
        return all;
    }

    private void remember(Set<String> keys) {
        for (String k : keys) remember(k);
    }

    private void remember(String key) {
        if (known.size() < KNOWN_CAP) known.add(key);
    }

    /** How many repo keys this store vouches for (tests). */
    int knownKeys() {
        return known.size();
    }
}
