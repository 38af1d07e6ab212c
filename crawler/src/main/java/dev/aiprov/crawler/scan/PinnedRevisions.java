package dev.aiprov.crawler.scan;

import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.InvalidTokenException;
import dev.aiprov.crawler.hub.TreeEntry;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.CrawlStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.ScanStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The crawl reads the tree of a repo's head only; a deployment pinned to an older revision (the
 * incident runbook's "pin the last known-good revision") needs that revision's files too, or the gate
 * can only say "never scanned". This lists the tree of each pinned revision whose files the graph does
 * not hold yet (one request per revision, once): the scan then fetches only contents not judged before.
 */
public final class PinnedRevisions {
    /** What {@link #list} did: revisions listed, file rows written, revisions the Hub did not serve. */
    public record Outcome(int revisions, int files, int failed) {
    }

    private PinnedRevisions() {
    }

    /** Lists and records the files of pinned revisions of {@code repoKeys} (null: every repo) missing from the graph. */
    public static Outcome list(Graph graph, HubClient hub, List<String> repoKeys, int maxFiles) {
        CrawlStore store = new CrawlStore(graph);
        int revisions = 0;
        int files = 0;
        int failed = 0;
        for (ScanStore.PinnedRevision pin : new ScanStore(graph).pinnedRevisionsWithoutFiles(repoKeys)) {
            List<CrawlRows.File> rows = new ArrayList<>();
            try {
                for (TreeEntry e : hub.tree(pin.type(), pin.repo(), pin.sha(), maxFiles).items()) {
                    rows.add(new CrawlRows.File(pin.type(), pin.repo(), pin.sha(), e.path(), e.size(), e.sha256(), e.blobId(),
                            e.securityStatus()));
                }
            } catch (InvalidTokenException e) {
                throw e;
            } catch (HubException e) {
                failed++;   // a pin to a revision gone upstream stays "never scanned"; drift reports it as vanished
                continue;
            }
            store.upsertFiles(rows);
            revisions++;
            files += rows.size();
        }
        return new Outcome(revisions, files, failed);
    }
}
