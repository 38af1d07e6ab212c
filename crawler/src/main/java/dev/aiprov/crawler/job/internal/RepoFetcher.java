package dev.aiprov.crawler.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.graph.Availability;
import dev.aiprov.crawler.hub.CommitInfo;
import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.InvalidTokenException;
import dev.aiprov.graph.RepoId;
import dev.aiprov.crawler.hub.RepoInfo;
import dev.aiprov.crawler.hub.TreeEntry;
import dev.aiprov.crawler.hub.internal.HubJson;
import dev.aiprov.crawler.job.internal.FrontierItem.Direction;
import dev.aiprov.crawler.lineage.HubIds;
import dev.aiprov.crawler.lineage.Links;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.RepoType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Fetches each repo of a batch: info (unless a listing already carried it; asked with
 * {@code If-None-Match} when an earlier answer had an {@code ETag}), then (unless the sha is unchanged
 * since the last crawl) tree, commits and a PEFT adapter_config.json; derives lineage and the repos to
 * visit next, descendants from {@code filter=base_model:} listings that carry their info. A
 * metadata-only crawl (one without a scan step) reads no tree, and commits only of the repos seeded
 * by id. Access errors become rows with a status; only a rejected token escapes (and fails the step).
 */
public final class RepoFetcher implements ItemProcessor<FrontierBatch, List<RepoResult>> {
    /** adapter_config.json is a few hundred bytes; anything above this is not read. */
    public static final long MAX_ADAPTER_CONFIG_BYTES = 1 << 20;
    private static final com.fasterxml.jackson.databind.ObjectMapper LISTED = new com.fasterxml.jackson.databind.ObjectMapper();

    private final HubClient hub;
    private final Frontier frontier;
    private final String graphKey;
    private final int lineageDepth;
    private final boolean descendants;
    private final boolean refresh;
    private final int maxFiles;
    private final int maxCommits;
    private final int maxChildren;
    private final String runKey;
    private final boolean metadataOnly;
    private final java.util.Set<String> historyFor;

    /**
     * @param stateKey     where repo state (last sha seen) is kept: the graph's key, or a separate one
     *                     for metadata-only crawls, whose state must not make a full crawl skip files
     * @param metadataOnly read no tree: whether there is an adapter_config.json comes from the info's
     *                     or listing's {@code siblings}, the head revision from its {@code sha} and
     *                     {@code lastModified}; no files are recorded; commits only for {@code historyFor}
     * @param historyFor   {@code model:org/name} keys whose commit list a metadata-only crawl still reads:
     *                     the repos seeded by id (inventory artifacts, named repos), whose history
     *                     incident response uses (exposure windows, last known-good revision)
     */
    public RepoFetcher(HubClient hub, Frontier frontier, String runKey, String stateKey, int lineageDepth,
                       boolean descendants, boolean refresh, int maxFiles, int maxCommits, int maxChildren,
                       boolean metadataOnly, java.util.Set<String> historyFor) {
        this.hub = hub;
        this.historyFor = java.util.Set.copyOf(historyFor);
        this.frontier = frontier;
        this.runKey = runKey;
        this.metadataOnly = metadataOnly;
        this.graphKey = stateKey;
        this.lineageDepth = lineageDepth;
        this.descendants = descendants;
        this.refresh = refresh;
        this.maxFiles = maxFiles;
        this.maxCommits = maxCommits;
        this.maxChildren = maxChildren;
    }

    @Override
    public List<RepoResult> process(FrontierBatch batch) {
        List<RepoResult> out = new ArrayList<>(batch.items().size());
        for (FrontierItem item : batch.items()) {
            out.add(fetch(item));
        }
        return out;
    }

    /** What the seed step's listing said of this repo, or null when it was not listed. */
    private RepoInfo listedInfo(FrontierItem item) {
        String body = frontier.listed(runKey, item.type(), item.id());
        if (body == null) return null;
        try {
            return HubJson.repoInfo(item.type(), item.id(), LISTED.readTree(body));
        } catch (java.io.IOException e) {
            return null;   // kept by us, so not expected; ask the Hub instead
        }
    }

    /**
     * The repo's info by id, asked with the {@code ETag} of the last answer: a 304 re-reads the body
     * kept with it. The validator is kept at once (it stands alone: etag and body together).
     */
    private RepoInfo infoById(FrontierItem item) {
        Frontier.Validated last = refresh ? null : frontier.validated(graphKey, item.type(), item.id());
        HubClient.ConditionalInfo answer = hub.repoInfo(item.type(), item.id(), last == null ? null : last.etag());
        if (answer.notModified()) {
            try {
                return HubJson.repoInfo(item.type(), item.id(), LISTED.readTree(last.body()));
            } catch (java.io.IOException e) {
                frontier.saveValidated(graphKey, item.type(), item.id(), null);   // kept by us: not expected
                return hub.repoInfo(item.type(), item.id());
            }
        }
        if (answer.etag() != null || last != null) {
            frontier.saveValidated(graphKey, item.type(), item.id(),
                    answer.etag() == null ? null : new Frontier.Validated(answer.etag(), answer.body()));
        }
        return answer.info();
    }

    RepoResult fetch(FrontierItem item) {
        RepoInfo info;
        try {
            info = listedInfo(item);
            if (info == null) info = infoById(item);
        } catch (InvalidTokenException e) {
            throw e;
        } catch (HubException e) {
            CrawlRows.Repo row = CrawlRows.Repo.unavailable(item.type(), item.id(), e.availability().key(), e.detail());
            return RepoResult.unavailable(item, row, e.availability() == Availability.ERROR ? 1 : 0);
        }
        if (RepoId.tryParse(info.id()).isEmpty()) {
            // a renamed repo's new id comes from the answer: a hostile or broken Hub could send anything
            String why = "the Hub answered with '" + RepoId.printable(info.id()) + "', which is not a repo id";
            hub.settings().log().info("skipped " + item.type().key() + ":" + item.id() + ": " + why);
            CrawlRows.Repo row = CrawlRows.Repo.unavailable(item.type(), item.id(), Availability.ERROR.key(), why);
            return RepoResult.unavailable(item, row, 1);
        }
        int errors = 0;
        List<String> notes = new ArrayList<>();
        String id = info.id();
        Frontier.RepoState previous = refresh ? null : frontier.state(graphKey, item.type(), id);
        boolean unchanged = previous != null && info.sha() != null && info.sha().equals(previous.sha());
        List<CrawlRows.File> files = new ArrayList<>();
        List<CrawlRows.Revision> revisions = new ArrayList<>();
        boolean hasAdapter = false;
        String adapterBase = null;
        boolean filesComplete = false;
        if (unchanged) {
            hasAdapter = previous.hasAdapter();
            adapterBase = previous.adapterBase();
        } else if (info.sha() != null && metadataOnly) {
            hasAdapter = info.siblings().contains("adapter_config.json");
            filesComplete = true;   // nothing more to read: keep the state (under the metadata state key)
            if (historyFor.contains(item.type().key() + ":" + item.id())) {
                int before = notes.size();
                errors += commits(item, id, info, revisions, notes);
                filesComplete = notes.size() == before;   // a failed commit list is read again next crawl
            }
            if (revisions.isEmpty()) {
                revisions.add(new CrawlRows.Revision(item.type(), id, info.sha(), info.lastModified(), null));
            }
        } else if (info.sha() != null) {
            try {
                for (TreeEntry e : hub.tree(item.type(), id, info.sha(), maxFiles).items()) {
                    files.add(new CrawlRows.File(item.type(), id, info.sha(), e.path(), e.size(), e.sha256(), e.blobId(),
                            e.securityStatus()));
                    hasAdapter |= "adapter_config.json".equals(e.path());
                }
                filesComplete = true;
            } catch (InvalidTokenException e) {
                throw e;
            } catch (HubException e) {
                errors += e.availability() == Availability.ERROR ? 1 : 0;
                notes.add("files: " + e.availability().key());
            }
            errors += commits(item, id, info, revisions, notes);
        }
        if (!unchanged && info.sha() != null && hasAdapter && item.type() == RepoType.MODEL) {
            try {
                adapterBase = hub.resolveJson(item.type(), id, info.sha(), "adapter_config.json", MAX_ADAPTER_CONFIG_BYTES)
                        .map(n -> HubJson.text(n, "base_model_name_or_path")).orElse(null);
            } catch (InvalidTokenException e) {
                throw e;
            } catch (HubException e) {
                errors += e.availability() == Availability.ERROR ? 1 : 0;
                notes.add("adapter_config.json: " + e.availability().key());
            }
        }
        List<String> notIds = notIds(info, adapterBase);
        if (!notIds.isEmpty()) {
            notes.add("skipped " + notIds.size() + " references that are not repo ids");
            hub.settings().log().info("skipped in " + item.type().key() + ":" + id + ": references that are not repo ids: "
                    + String.join(", ", notIds.stream().limit(5).map(r -> "'" + RepoId.printable(r) + "'").toList()));
        }
        List<CrawlRows.Repo> repos = new ArrayList<>();
        repos.add(CrawlRows.Repo.builder(item.type(), id).hubId(info.hubId()).author(info.author()).sha(info.sha())
                .lastModified(info.lastModified()).createdAt(info.createdAt()).isPrivate(info.isPrivate())
                .gated(info.gated()).disabled(info.disabled()).downloads(info.downloads()).likes(info.likes())
                .license(info.license()).pipelineTag(info.pipelineTag()).libraryName(info.libraryName())
                .tags(info.tags()).sdk(info.sdk()).status("ok")
                .statusDetail(notes.isEmpty() ? null : String.join("; ", notes)).build());
        List<CrawlRows.Lineage> lineage = Links.lineage(info, adapterBase, hasAdapter);
        List<CrawlRows.TrainedOn> trainedOn = Links.trainedOn(info);
        List<CrawlRows.Uses> uses = Links.uses(info);
        List<FrontierItem> next = new ArrayList<>();
        if (item.depth() < lineageDepth) {
            int d = item.depth() + 1;
            if (item.direction() != Direction.DOWN) {
                lineage.forEach(l -> next.add(FrontierItem.discovered(RepoType.MODEL, l.parent(), d, Direction.UP)));
                uses.forEach(u -> next.add(FrontierItem.discovered(u.targetType(), u.target(), d, Direction.UP)));
            }
            trainedOn.forEach(t -> next.add(FrontierItem.discovered(RepoType.DATASET, t.dataset(), d, Direction.UP)));
            if (descendants && item.type() == RepoType.MODEL && item.direction() != Direction.UP) {
                try {
                    // the listing carries each child's info (expand=), kept so the child costs no request of its own
                    List<Frontier.Listed> listed = new ArrayList<>();
                    for (JsonNode c : hub.listRepos(RepoType.MODEL, Map.of("filter", "base_model:" + id), maxChildren).items()) {
                        String child = c.path("id").asText("");
                        if (RepoId.tryParse(child).isEmpty()) {
                            hub.settings().log().info("skipped: the Hub listed '" + RepoId.printable(child) + "' as a "
                                    + "descendant of model:" + id + ", which is not a repo id");
                        } else if (!child.equals(id)) {
                            next.add(FrontierItem.discovered(RepoType.MODEL, child, d, Direction.DOWN));
                            listed.add(new Frontier.Listed(RepoType.MODEL, child, c.toString()));
                        }
                    }
                    frontier.addListed(runKey, listed);
                } catch (InvalidTokenException e) {
                    throw e;
                } catch (HubException e) {
                    errors++;
                }
            }
        }
        // keep state only when the files were fully read, so a failed tree is retried next crawl
        String stateSha = unchanged || filesComplete ? info.sha() : null;
        return RepoResult.builder(item).repos(repos).lineage(lineage).trainedOn(trainedOn).uses(uses)
                .revisions(revisions).files(files).discovered(next).canonicalId(id).stateSha(stateSha)
                .adapter(hasAdapter, adapterBase).unchanged(unchanged).errors(errors).build();
    }

    /** Reads the newest commits into {@code revisions}; returns 1 on a Hub error (0 otherwise), noting any failure. */
    private int commits(FrontierItem item, String id, RepoInfo info, List<CrawlRows.Revision> revisions, List<String> notes) {
        try {
            for (CommitInfo c : hub.commits(item.type(), id, info.sha(), maxCommits).items()) {
                revisions.add(new CrawlRows.Revision(item.type(), id, c.sha(), c.date(), c.title()));
            }
            return 0;
        } catch (InvalidTokenException e) {
            throw e;
        } catch (HubException e) {
            notes.add("commits: " + e.availability().key());
            return e.availability() == Availability.ERROR ? 1 : 0;
        }
    }

    /**
     * References in the card, tags and adapter config that look like they name a repo (a Hub id or a
     * Hub URL) but are not one ({@code ../../etc}, {@code org/..}); {@link Links} leaves them out.
     * Local paths ({@code ./x}, {@code /models/x}) are what cards often hold and are not reported.
     */
    static List<String> notIds(RepoInfo info, String adapterBase) {
        List<String> refs = new ArrayList<>(info.baseModels());
        refs.addAll(info.cardDatasets());
        refs.addAll(info.spaceModels());
        refs.addAll(info.spaceDatasets());
        for (String tag : info.tags()) {
            if (tag.startsWith("base_model:")) refs.add(tag.substring(tag.lastIndexOf(':') + 1));
            if (tag.startsWith("dataset:")) refs.add(tag.substring("dataset:".length()));
        }
        if (adapterBase != null) refs.add(adapterBase);
        List<String> bad = new ArrayList<>();
        for (String r : refs) {
            if (r == null || r.isBlank() || r.startsWith("./") || r.startsWith("/") || r.startsWith("~")) continue;
            if (HubIds.normalize(r).isEmpty() && !bad.contains(r)) bad.add(r);
        }
        return bad;
    }
}
