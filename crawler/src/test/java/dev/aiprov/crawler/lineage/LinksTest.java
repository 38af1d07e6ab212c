package dev.aiprov.crawler.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.crawler.hub.RepoInfo;
import dev.aiprov.graph.CrawlRows.Lineage;
import dev.aiprov.graph.CrawlRows.TrainedOn;
import dev.aiprov.graph.CrawlRows.Uses;
import dev.aiprov.graph.RepoType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinksTest {

    private static RepoInfo model(String id, List<String> tags, List<String> base, String relation, List<String> datasets) {
        return new RepoInfo(RepoType.MODEL, id, id, null, null, "a".repeat(40), null, null, false, "false", false,
                0L, 0L, null, null, null, tags, null, base, relation, datasets, List.of(), List.of(), List.of());
    }

    @Test
    void takesTheRelationOfASingleCardParentFromTheHubTags() {
        RepoInfo m = model("allenai/olmOCR-7B-0225-preview", List.of("base_model:Qwen/Qwen2-VL-7B-Instruct",
                "base_model:finetune:Qwen/Qwen2-VL-7B-Instruct"), List.of("Qwen/Qwen2-VL-7B-Instruct"), null, List.of());
        assertEquals(List.of(new Lineage("allenai/olmOCR-7B-0225-preview", "Qwen/Qwen2-VL-7B-Instruct", "finetune", "cardData")),
                Links.lineage(m, null, false));
    }

    @Test
    void callsSeveralCardParentsAMerge() {
        RepoInfo m = model("me/merged", List.of(), List.of("Endevor/InfinityRP-v1-7B", "l3utterfly/mistral-7b-v0.1-layla-v4"),
                null, List.of());
        List<Lineage> l = Links.lineage(m, null, false);
        assertEquals(2, l.size());
        assertTrue(l.stream().allMatch(e -> e.relation().equals("merge") && e.source().equals("cardData")));
    }

    @Test
    void prefersAnExplicitBaseModelRelation() {
        RepoInfo m = model("me/q", List.of("base_model:finetune:org/base"), List.of("org/base"), "Quantized", List.of());
        assertEquals("quantized", Links.lineage(m, null, false).get(0).relation());
    }

    @Test
    void fallsBackToTagsWhenTheCardIsSilent() {
        RepoInfo m = model("me/x", List.of("base_model:org/a", "base_model:adapter:org/a", "region:us"), List.of(), null, List.of());
        assertEquals(List.of(new Lineage("me/x", "org/a", "adapter", "tags")), Links.lineage(m, null, false));
    }

    @Test
    void marksASingleParentUnknownWithoutAnyHint() {
        RepoInfo m = model("me/x", List.of(), List.of("org/a"), null, List.of());
        assertEquals("unknown", Links.lineage(m, null, false).get(0).relation());
    }

    @Test
    void addsTheAdapterConfigBaseAsAnAdapterEdge() {
        RepoInfo m = model("me/lora", List.of(), List.of(), null, List.of());
        assertEquals(List.of(new Lineage("me/lora", "meta-llama/Llama-2-7b-hf", "adapter", "adapter_config")),
                Links.lineage(m, "meta-llama/Llama-2-7b-hf", true));
    }

    @Test
    void upgradesAnUnknownCardRelationWithTheAdapterConfig() {
        RepoInfo m = model("me/lora", List.of(), List.of("org/base"), null, List.of());
        assertEquals(List.of(new Lineage("me/lora", "org/base", "adapter", "cardData"),
                new Lineage("me/lora", "org/base", "adapter", "adapter_config")), Links.lineage(m, "org/base", true));
    }

    @Test
    void dropsSelfReferencesLocalPathsAndNonIds() {
        RepoInfo m = model("me/x", List.of("base_model:me/x"), List.of("me/x", "/home/user/ckpt", "./out", "a b",
                "https://huggingface.co/org/real/"), null, List.of());
        assertEquals(List.of(new Lineage("me/x", "org/real", "adapter", "cardData")), Links.lineage(m, "/tmp/base", true));
        assertEquals(List.of(), Links.lineage(model("me/y", List.of("base_model:me/y"), List.of(), null, List.of()), null, false));
    }

    @Test
    void normalizesHubIds() {
        assertEquals(Optional.of("gpt2"), HubIds.normalize(" gpt2 "));
        assertEquals(Optional.of("org/name-1.5_b"), HubIds.normalize("hf.co/org/name-1.5_b"));
        assertEquals(Optional.empty(), HubIds.normalize("org/../etc"));
        assertEquals(Optional.empty(), HubIds.normalize("a/b/c"));
        assertEquals(Optional.empty(), HubIds.normalize(""));
    }

    @Test
    void readsTrainingDatasetsFromTheCardElseFromTags() {
        RepoInfo card = model("me/x", List.of("dataset:org/ignored"), List.of(), null, List.of("bookcorpus", "wikipedia"));
        assertEquals(List.of(new TrainedOn("me/x", "bookcorpus", "cardData"), new TrainedOn("me/x", "wikipedia", "cardData")),
                Links.trainedOn(card));
        RepoInfo tags = model("me/x", List.of("dataset:allenai/olmOCR-mix-0225"), List.of(), null, List.of());
        assertEquals(List.of(new TrainedOn("me/x", "allenai/olmOCR-mix-0225", "tags")), Links.trainedOn(tags));
    }

    @Test
    void readsASpacesModelsAndDatasets() {
        RepoInfo space = new RepoInfo(RepoType.SPACE, "o/s", "o/s", null, null, null, null, null, false, "false", false,
                null, null, null, null, null, List.of(), "gradio", List.of(), null, List.of(), List.of("o/m"), List.of("o/d"), List.of());
        assertEquals(List.of(new Uses("o/s", RepoType.MODEL, "o/m"), new Uses("o/s", RepoType.DATASET, "o/d")), Links.uses(space));
    }
}
