package dev.aiprov.crawler.job.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.crawler.hub.HubClient;
import dev.aiprov.crawler.hub.HubException;
import dev.aiprov.crawler.hub.InvalidTokenException;
import dev.aiprov.graph.RepoId;
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
 * id (an inventory's artifacts) are looked up the same way when several share an owner ({@link OwnerListings}).
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

    /** Listing items for models and datasets seeded by id under a repeated owner not seeded as an author ({@link OwnerListings}). */
    private List<Frontier.Listed> byOwner(List<Seed> seeds) {
        java.util.Set<String> authors = new java.util.HashSet<>();
        seeds.stream().filter(s -> s.kind() == Seed.Kind.AUTHOR).forEach(s -> authors.add(s.value()));
        List<Map.Entry<RepoType, String>> byId = new ArrayList<>();
        for (Seed s : seeds) {
            if (s.kind() != Seed.Kind.AUTHOR && !authors.contains(s.value().substring(0, Math.max(0, s.value().indexOf('/'))))) {
                byId.add(Map.entry(s.repoType(), s.value()));
            }
        }
        return OwnerListings.read(hub, byId);
    }
}
