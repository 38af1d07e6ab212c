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
            return builder(type, id).status(status).statusDetail(detail).build();
        }

        /** A repo row with every other value unknown (null) until set; {@code status} defaults to {@code ok}. */
        public static Builder builder(RepoType type, String id) {
            return new Builder(type, id);
        }
    }

    /** Names each value of a {@link Repo} as it is set. */
    public static final class Builder {
        private final RepoType type;
        private final String id;
        private String hubId;
        private String author;
        private String sha;
        private String lastModified;
        private String createdAt;
        private Boolean isPrivate;
        private String gated;
        private Boolean disabled;
        private Long downloads;
        private Long likes;
        private String license;
        private String pipelineTag;
        private String libraryName;
        private List<String> tags = List.of();
        private String sdk;
        private String status = "ok";
        private String statusDetail;

        private Builder(RepoType type, String id) {
            this.type = type;
            this.id = id;
        }

        public Builder hubId(String v) {
            hubId = v;
            return this;
        }

        public Builder author(String v) {
            author = v;
            return this;
        }

        public Builder sha(String v) {
            sha = v;
            return this;
        }

        public Builder lastModified(String v) {
            lastModified = v;
            return this;
        }

        public Builder createdAt(String v) {
            createdAt = v;
            return this;
        }

        public Builder isPrivate(Boolean v) {
            isPrivate = v;
            return this;
        }

        /** {@code false}, {@code auto} or {@code manual} as the Hub sends it. */
        public Builder gated(String v) {
            gated = v;
            return this;
        }

        public Builder disabled(Boolean v) {
            disabled = v;
            return this;
        }

        public Builder downloads(Long v) {
            downloads = v;
            return this;
        }

        public Builder likes(Long v) {
            likes = v;
            return this;
        }

        public Builder license(String v) {
            license = v;
            return this;
        }

        public Builder pipelineTag(String v) {
            pipelineTag = v;
            return this;
        }

        public Builder libraryName(String v) {
            libraryName = v;
            return this;
        }

        public Builder tags(List<String> v) {
            tags = v;
            return this;
        }

        public Builder sdk(String v) {
            sdk = v;
            return this;
        }

        public Builder status(String v) {
            status = v;
            return this;
        }

        public Builder statusDetail(String v) {
            statusDetail = v;
            return this;
        }

        public Repo build() {
            return new Repo(type, id, hubId, author, sha, lastModified, createdAt, isPrivate, gated, disabled, downloads,
                    likes, license, pipelineTag, libraryName, tags, sdk, status, statusDetail);
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
