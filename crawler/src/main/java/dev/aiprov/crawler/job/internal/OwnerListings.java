package dev.aiprov.crawler.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.InvalidTokenException;
import dev.aiprov.graph.RepoId;
import dev.aiprov.graph.RepoType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Batches lookups by id: when at least two models (or two datasets) to be read by id share an owner,
 * the owner's {@code expand=} listing carries their info, at most one page fewer than there are such
 * repos and stopping once it has shown them all. Every item of the pages read is returned (other repos
 * of that owner, e.g. lineage parents, are often reached later in the same crawl and then need no
 * request). Repos the pages did
 * not show are left to an info request each. Spaces are not batched: their listing cannot carry
 * {@code gated} (hf-api.md §1).
 */
final class OwnerListings {
    private OwnerListings() {
    }

    /** Listing items covering {@code repos} (type and id) where owners repeat; empty where they do not. */
    static List<Frontier.Listed> read(HubClient hub, Collection<Map.Entry<RepoType, String>> repos) {
        Map<String, Set<String>> byOwner = new TreeMap<>();
        for (Map.Entry<RepoType, String> r : repos) {
            int slash = r.getValue().indexOf('/');
            if (r.getKey() == RepoType.SPACE || slash < 0 || RepoId.tryParse(r.getValue()).isEmpty()) continue;
            byOwner.computeIfAbsent(r.getKey().name() + " " + r.getValue().substring(0, slash), k -> new HashSet<>())
                    .add(r.getValue());
        }
        List<Frontier.Listed> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byOwner.entrySet()) {
            Set<String> ids = e.getValue();
            if (ids.size() < 2) continue;
            RepoType type = RepoType.valueOf(e.getKey().substring(0, e.getKey().indexOf(' ')));
            String owner = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            try {
                for (JsonNode item : hub.listRepos(type, Map.of("author", owner), SeedTasklet.MAX_REPOS_PER_AUTHOR,
                        ids.size() - 1, got -> got.stream().filter(i -> ids.contains(i.path("id").asText())).count() == ids.size())
                        .items()) {
                    String id = item.path("id").asText("");
                    if (RepoId.tryParse(id).isPresent()) out.add(new Frontier.Listed(type, id, item.toString()));
                }
            } catch (InvalidTokenException ex) {
                throw ex;
            } catch (HubException ex) {
                // not an error of the crawl: each of these repos is asked for by id
            }
        }
        return out;
    }
}
