package dev.aiprov.crawler.hub;

import dev.aiprov.graph.RepoType;
import java.util.List;

/**
 * What the crawl needs from {@code GET /api/{models|datasets|spaces}/{id}}. {@code id} is the
 * canonical id the Hub answered with (differs from {@code requestedId} after a rename). {@code gated}
 * is {@code "false"}, {@code "auto"} or {@code "manual"}. {@code baseModels}, {@code cardDatasets}
 * come from cardData (a string or a list there); {@code spaceModels}/{@code spaceDatasets} are a
 * Space's declared dependencies. {@code siblings} are the file names of the head revision (no sizes),
 * as info and {@code expand=siblings} listings send them.
 */
public record RepoInfo(RepoType type, String requestedId, String id, String hubId, String author, String sha,
                       String lastModified, String createdAt, Boolean isPrivate, String gated, Boolean disabled,
                       Long downloads, Long likes, String license, String pipelineTag, String libraryName,
                       List<String> tags, String sdk, List<String> baseModels, String baseModelRelation,
                       List<String> cardDatasets, List<String> spaceModels, List<String> spaceDatasets,
                       List<String> siblings) {
    public RepoInfo {
        tags = List.copyOf(tags);
        baseModels = List.copyOf(baseModels);
        cardDatasets = List.copyOf(cardDatasets);
        spaceModels = List.copyOf(spaceModels);
        spaceDatasets = List.copyOf(spaceDatasets);
        siblings = List.copyOf(siblings);
    }

    public boolean renamed() {
        return !id.equals(requestedId);
    }
}
