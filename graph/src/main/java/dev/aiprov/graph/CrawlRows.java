package dev.aiprov.graph;

import java.util.List;

/**
 * The rows a crawl hands to {@link CrawlStore}: plain values parsed from Hub responses. Dates are
 * ISO-8601 strings as the Hub sends them (converted with {@code datetime()} in Cypher); nulls mean
 * "not known".
 */
public final class CrawlRows {
    private CrawlRows() {
    }

    /**
     * A model, dataset or Space. {@code status} is {@code ok}, or why metadata was not available:
     * {@code gated}, {@code private}, {@code missing}, {@code disabled}, {@code error}
     * ({@code statusDetail} carries the Hub's X-Error-Code / message).
     */
    public record Repo(RepoType type, String id, String hubId, String author, String sha, String lastModified,
                       String createdAt, Boolean isPrivate, String gated, Boolean disabled, Long downloads,
                       Long likes, String license, String pipelineTag, String libraryName, List<String> tags,
                       String sdk, String status, String statusDetail) {
        public Repo {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        /** A repo known only by id whose metadata could not be read. */
        public static Repo unavailable(RepoType type, String id, String status, String detail) {
            return new Repo(type, id, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, List.of(), null, status, detail);
        }
    }

    /**
     * {@code child} was derived from {@code parent}. {@code relation}: finetune|adapter|quantized|merge|unknown;
     * {@code source}: cardData|tags|adapter_config. A parent the crawl has not reached is created as an
     * unresolved node, never dropped.
     */
    public record Lineage(String child, String parent, String relation, String source) {
    }

    /** {@code model} was trained on {@code dataset}; {@code source}: cardData|tags. */
    public record TrainedOn(String model, String dataset, String source) {
    }

    /** A Space uses a model or dataset (from the Space's {@code models}/{@code datasets} fields). */
    public record Uses(String space, RepoType targetType, String target) {
    }

    /** A commit of a repo. */
    public record Revision(RepoType type, String repo, String sha, String date, String title) {
    }

    /**
     * A file at a revision. {@code sha256} is the LFS oid (null for non-LFS files), {@code blobId}
     * the git blob sha1. {@code hubSecurityStatus} is the Hub's own verdict, kept as a claim.
     */
    public record File(RepoType type, String repo, String revision, String path, long size, String sha256,
                       String blobId, String hubSecurityStatus) {
    }

    /** A repo id that now redirects (307) to another id. */
    public record Rename(RepoType type, String from, String to) {
    }

    /** Everything one crawl chunk found, for {@link CrawlStore#upsertAll}. */
    public record Batch(List<Repo> repos, List<Rename> renames, List<Lineage> lineage, List<TrainedOn> trainedOn,
                        List<Uses> uses, List<Revision> revisions, List<File> files) {
        public Batch {
            repos = List.copyOf(repos);
            renames = List.copyOf(renames);
            lineage = List.copyOf(lineage);
            trainedOn = List.copyOf(trainedOn);
            uses = List.copyOf(uses);
            revisions = List.copyOf(revisions);
            files = List.copyOf(files);
        }
    }
}
