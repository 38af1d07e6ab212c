package dev.aiprov.inventory.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aiprov.graph.DriftQueries;
import dev.aiprov.graph.RepoType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookAlikeTest {
    @Test
    void damerauLevenshteinCountsAnAdjacentTranspositionAsOneEdit() {
        assertEquals(1, LookAlike.distance("bert-base-uncased", "bert-base-uncsaed", 2));
        assertEquals(1, LookAlike.distance("llama-2-7b", "llama-2-7b-", 2));
        assertEquals(2, LookAlike.distance("mistral-7b", "mistrl-7v", 2));
        assertEquals(0, LookAlike.distance("opt-125m", "opt-125m", 2));
        assertEquals(3, LookAlike.distance("gpt2", "bert-base", 2));   // capped at max + 1
        assertEquals(3, LookAlike.distance("a", "abcdef", 2));
    }

    private static final List<DriftQueries.Known> KNOWN = List.of(
            new DriftQueries.Known("model:meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-7b-hf", RepoType.MODEL, "meta-llama", 2_000_000),
            new DriftQueries.Known("model:other/Llama-2-7b-hf", "other/Llama-2-7b-hf", RepoType.MODEL, "other", 1_000),
            new DriftQueries.Known("dataset:meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-7b-hf", RepoType.DATASET, "meta-llama", 9_000_000));

    @Test
    void flagsACopiedNameUnderALookAlikeOrgWithAHundredTimesFewerDownloads() {
        List<LookAlike.Match> m = LookAlike.find("model:meta-IIama/Llama-2-7b-hf", "meta-IIama/Llama-2-7b-hf", "meta-IIama", 12L, KNOWN);
        assertEquals(1, m.size(), m.toString());   // not the 1,000-download copy (< 100x), not the dataset
        assertEquals("model:meta-llama/Llama-2-7b-hf", m.get(0).popularKey());
        assertEquals(0, m.get(0).distance());
        assertTrue(m.get(0).orgLookAlike());
    }

    @Test
    void theSameAuthorIsNeverItsOwnTyposquat() {
        assertEquals(List.of(), LookAlike.find("model:meta-llama/Llama-2-7b-chat", "meta-llama/Llama-2-7b-chat", "meta-llama", 0L, KNOWN));
    }

    @Test
    void aPopularRepoIsNotFlaggedAgainstAnEquallyPopularOne() {
        assertEquals(List.of(), LookAlike.find("model:mistral/Llama-2-7b-hf", "mistral/Llama-2-7b-hf", "mistral", 1_000_000L, KNOWN));
    }
}
