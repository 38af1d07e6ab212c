package dev.aiprov.crawler.job;

import dev.aiprov.fakehub.FakeHub;
import dev.aiprov.graph.RepoType;

/**
 * A small Hub with every lineage form. Seed {@code me/lora}:
 * <pre>
 * me/lora      adapter_config.json -> org/chat                     (adapter, adapter_config)
 * org/chat     card base_model "org/base" + tag finetune           (finetune, cardData); card datasets [org/sft-data, org/off-data]
 * org/base     card base_model [org/a, org/b]                      (merge, cardData); gated manual, files 401 GatedRepo
 * org/a        card base_model org/root + base_model_relation quantized
 * org/b        tags only base_model:org/root, base_model:finetune:org/root  (finetune, tags)
 * org/root     card base_model [org/root (self), org/b, org/deleted (404)] relation finetune: cycle root -> b -> root
 * org/sft-data dataset; org/off-data dataset disabled
 * </pre>
 */
final class World {
    static final int OK_REPOS = 7;   // me/lora chat base a b root sft-data

    private World() {
    }

    static FakeHub lineage(FakeHub hub) {
        hub.add(RepoType.MODEL, "me/lora").putArray("tags").add("peft").add("region:us");
        hub.addAdapterConfig("me/lora", "org/chat");

        var chat = hub.add(RepoType.MODEL, "org/chat");
        chat.putArray("tags").add("base_model:org/base").add("base_model:finetune:org/base").add("license:mit");
        var chatCard = chat.putObject("cardData");
        chatCard.put("base_model", "org/base");
        chatCard.putArray("datasets").add("org/sft-data").add("org/off-data");

        var base = hub.add(RepoType.MODEL, "org/base");
        base.put("gated", "manual");
        base.putObject("cardData").putArray("base_model").add("org/a").add("org/b");
        hub.addAdapterConfig("org/base", "never/read");
        hub.resolveError(RepoType.MODEL, "org/base", 401, "GatedRepo", "Access to model org/base is restricted.");

        var a = hub.add(RepoType.MODEL, "org/a");
        var aCard = a.putObject("cardData");
        aCard.putArray("base_model").add("org/root");
        aCard.put("base_model_relation", "quantized");

        var b = hub.add(RepoType.MODEL, "org/b");
        b.putArray("tags").add("base_model:org/root").add("base_model:finetune:org/root");

        var root = hub.add(RepoType.MODEL, "org/root");
        var rootCard = root.putObject("cardData");
        rootCard.putArray("base_model").add("org/root").add("org/b").add("org/deleted");
        rootCard.put("base_model_relation", "finetune");

        hub.add(RepoType.DATASET, "org/sft-data");
        hub.error(RepoType.DATASET, "org/off-data", 403, null, "Access to this resource is disabled.");
        return hub;
    }
}
