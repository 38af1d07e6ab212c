package dev.aiprov.crawler.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.InvalidTokenException;
import dev.aiprov.crawler.hub.RepoId;
import dev.aiprov.crawler.job.Seed;
import dev.aiprov.crawler.job.internal.FrontierItem.Direction;
import dev.aiprov.graph.RepoType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * First step: puts the seeds in the frontier; an author seed expands to all the author's models,
 * datasets and Spaces through the list endpoints (paginated by {@code Link}), whose {@code expand=}
 * items are kept so that the crawl step needs no info request for them. Models and datasets seeded by
 * id (an inventory's artifacts) are looked up the same way when several share an owner: that owner's
 * listing is read for at most one page fewer than there are such repos, and stops once it has shown
 * them all; any it did not show are asked for by id as before.
 */
public final class SeedTasklet implements Tasklet {
    /** Most repos one author seed adds per repo type. */
    public static final int MAX_REPOS_PER_AUTHOR = 100_000;

    private final HubClient hub;
    private final Frontier frontier;
    private final String runKey;
    private final List<Seed> seeds;
    private final CrawlStats stats;

    public SeedTasklet(HubClient hub, Frontier frontier, String runKey, List<Seed> seeds, CrawlStats stats) {
        this.hub = hub;
        this.frontier = frontier;
        this.runKey = runKey;
        this.seeds = seeds;
        this.stats = stats;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        List<FrontierItem> items = new ArrayList<>();
        List<Frontier.Listed> listed = new ArrayList<>();
        for (Seed s : seeds) {
            if (s.kind() != Seed.Kind.AUTHOR) {
                items.add(FrontierItem.discovered(s.repoType(), s.value(), 0, Direction.SEED));
                continue;
            }
            for (RepoType type : RepoType.values()) {
                try {
                    for (JsonNode item : hub.listRepos(type, Map.of("author", s.value()), MAX_REPOS_PER_AUTHOR).items()) {
                        String id = item.path("id").asText("");
                        if (RepoId.tryParse(id).isEmpty()) {
                            hub.settings().log().info("skipped: the Hub listed " + s + "'s " + type.key() + " "
                                    + "'" + RepoId.printable(id) + "', which is not a repo id");
                            continue;
                        }
                        items.add(FrontierItem.discovered(type, id, 0, Direction.SEED));
                        if (type != RepoType.SPACE) {
                            // a Space listing cannot expand `gated` (hf-api.md §1): its info is still read
                            listed.add(new Frontier.Listed(type, id, item.toString()));
                        }
                    }
                } catch (InvalidTokenException e) {
                    throw e;
                } catch (HubException e) {
                    stats.errors.incrementAndGet();
                }
            }
        }
        listed.addAll(byOwner(seeds));
        frontier.addIfAbsent(runKey, items, Frontier.PENDING);
        frontier.saveListed(runKey, listed);
        return RepeatStatus.FINISHED;
    }

    /**
     * Listing items for models and datasets seeded by id, read from their owner's listing where at
     * least two share an owner not seeded as an author; the rest are left to an info request each.
     */
    private List<Frontier.Listed> byOwner(List<Seed> seeds) {
        java.util.Set<String> authors = new java.util.HashSet<>();
        seeds.stream().filter(s -> s.kind() == Seed.Kind.AUTHOR).forEach(s -> authors.add(s.value()));
        Map<String, java.util.Set<String>> wanted = new java.util.TreeMap<>();
        for (Seed s : seeds) {
            int slash = s.value().indexOf('/');
            if (s.kind() == Seed.Kind.AUTHOR || s.repoType() == RepoType.SPACE || slash < 0
                    || authors.contains(s.value().substring(0, slash))) {
                continue;
            }
            wanted.computeIfAbsent(s.repoType().name() + " " + s.value().substring(0, slash), k -> new java.util.HashSet<>())
                    .add(s.value());
        }
        List<Frontier.Listed> out = new ArrayList<>();
        for (Map.Entry<String, java.util.Set<String>> e : wanted.entrySet()) {
            java.util.Set<String> ids = e.getValue();
            if (ids.size() < 2) continue;
            RepoType type = RepoType.valueOf(e.getKey().substring(0, e.getKey().indexOf(' ')));
            String owner = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            try {
                List<JsonNode> page = hub.listRepos(type, Map.of("author", owner), MAX_REPOS_PER_AUTHOR, ids.size() - 1,
                        got -> got.stream().filter(i -> ids.contains(i.path("id").asText())).count() == ids.size()).items();
                for (JsonNode item : page) {
                    String id = item.path("id").asText("");
                    if (ids.contains(id)) out.add(new Frontier.Listed(type, id, item.toString()));
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
