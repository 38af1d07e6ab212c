package dev.aiprov.crawler.lineage;

import dev.aiprov.crawler.hub.RepoInfo;
import dev.aiprov.graph.CrawlRows;
import dev.aiprov.graph.RepoType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edges a repo declares: model lineage (cardData {@code base_model} + {@code base_model_relation},
 * else the Hub's {@code base_model:} tags, plus a PEFT {@code adapter_config.json}), training
 * datasets (cardData {@code datasets}, else {@code dataset:} tags) and a Space's models and datasets.
 * Self-references and ids that cannot be Hub ids are dropped; one row per parent and source
 * (the card or tags, plus the adapter config when it names the same parent).
 */
public final class Links {
    public static final Set<String> RELATIONS = Set.of("finetune", "adapter", "quantized", "merge");
    public static final String UNKNOWN = "unknown";

    private Links() {
    }

    /**
     * @param adapterBase {@code base_model_name_or_path} of the repo's adapter_config.json, or null
     * @param hasAdapterConfig whether the tree has a top-level adapter_config.json
     */
    public static List<CrawlRows.Lineage> lineage(RepoInfo info, String adapterBase, boolean hasAdapterConfig) {
        if (info.type() != RepoType.MODEL) {
            return List.of();
        }
        String child = info.id();
        Map<String, String> tagRelations = new LinkedHashMap<>();   // parent -> relation from base_model:<rel>:<id>
        List<String> tagParents = new ArrayList<>();
        for (String tag : info.tags()) {
            if (!tag.startsWith("base_model:")) {
                continue;
            }
            String rest = tag.substring("base_model:".length());
            int colon = rest.indexOf(':');
            if (colon > 0 && RELATIONS.contains(rest.substring(0, colon))) {
                HubIds.normalize(rest.substring(colon + 1)).ifPresent(p -> tagRelations.putIfAbsent(p, rest.substring(0, colon)));
            } else if (colon < 0) {
                HubIds.normalize(rest).ifPresent(tagParents::add);
            }
        }
        for (String p : tagRelations.keySet()) {
            if (!tagParents.contains(p)) {
                tagParents.add(p);
            }
        }
        Map<String, CrawlRows.Lineage> out = new LinkedHashMap<>();
        List<String> cardParents = new ArrayList<>();
        for (String ref : info.baseModels()) {
            HubIds.normalize(ref).filter(p -> !p.equals(child) && !cardParents.contains(p)).ifPresent(cardParents::add);
        }
        String explicit = relation(info.baseModelRelation());
        if (!cardParents.isEmpty()) {
            for (String p : cardParents) {
                String rel = explicit != null ? explicit
                        : tagRelations.containsKey(p) ? tagRelations.get(p)
                        : cardParents.size() > 1 ? "merge"
                        : hasAdapterConfig ? "adapter" : UNKNOWN;
                out.put(p, new CrawlRows.Lineage(child, p, rel, "cardData"));
            }
        } else {
            List<String> parents = tagParents.stream().filter(p -> !p.equals(child)).toList();
            for (String p : parents) {
                String rel = tagRelations.containsKey(p) ? tagRelations.get(p)
                        : parents.size() > 1 ? "merge" : hasAdapterConfig ? "adapter" : UNKNOWN;
                out.put(p, new CrawlRows.Lineage(child, p, rel, "tags"));
            }
        }
        List<CrawlRows.Lineage> rows = new ArrayList<>();
        Optional<String> adapterParent = HubIds.normalize(adapterBase).filter(p -> !p.equals(child));
        adapterParent.ifPresent(p -> out.computeIfPresent(p, (k, old) ->
                UNKNOWN.equals(old.relation()) ? new CrawlRows.Lineage(child, p, "adapter", old.source()) : old));
        rows.addAll(out.values());
        // the adapter config is a second witness of the same edge: the graph keeps every source
        adapterParent.ifPresent(p -> rows.add(new CrawlRows.Lineage(child, p, "adapter", "adapter_config")));
        return List.copyOf(rows);
    }

    /** Datasets a model names: cardData {@code datasets}, else its {@code dataset:} tags. */
    public static List<CrawlRows.TrainedOn> trainedOn(RepoInfo info) {
        if (info.type() != RepoType.MODEL) {
            return List.of();
        }
        Map<String, CrawlRows.TrainedOn> out = new LinkedHashMap<>();
        for (String ref : info.cardDatasets()) {
            HubIds.normalize(ref).ifPresent(d -> out.putIfAbsent(d, new CrawlRows.TrainedOn(info.id(), d, "cardData")));
        }
        if (out.isEmpty()) {
            for (String tag : info.tags()) {
                if (tag.startsWith("dataset:")) {
                    HubIds.normalize(tag.substring("dataset:".length()))
                            .ifPresent(d -> out.putIfAbsent(d, new CrawlRows.TrainedOn(info.id(), d, "tags")));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Models and datasets a Space declares. */
    public static List<CrawlRows.Uses> uses(RepoInfo info) {
        if (info.type() != RepoType.SPACE) {
            return List.of();
        }
        List<CrawlRows.Uses> out = new ArrayList<>();
        info.spaceModels().forEach(m -> HubIds.normalize(m).ifPresent(id -> out.add(new CrawlRows.Uses(info.id(), RepoType.MODEL, id))));
        info.spaceDatasets().forEach(d -> HubIds.normalize(d).ifPresent(id -> out.add(new CrawlRows.Uses(info.id(), RepoType.DATASET, id))));
        return out;
    }

    private static String relation(String s) {
        if (s == null) {
            return null;
        }
        String r = s.strip().toLowerCase(Locale.ROOT);
        return RELATIONS.contains(r) ? r : null;
    }
}
