package dev.aiprov.graph.lineage;

import dev.aiprov.graph.EmbeddedGraphTest;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.RepoType;
import dev.aiprov.graph.TestGraphs;
import dev.aiprov.graph.lineage.Exposure.Affected;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.aiprov.graph.lineage.LineageFixtures.Q0;
import static dev.aiprov.graph.lineage.LineageFixtures.Q1;
import static dev.aiprov.graph.lineage.LineageFixtures.R1;
import static dev.aiprov.graph.lineage.LineageFixtures.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureQueriesTest extends EmbeddedGraphTest {
    ExposureQueries queries;

    @BeforeEach
    void seed() {
        LineageFixtures.scenario(graph);
        queries = new ExposureQueries(graph);
    }

    private Exposure exposure(String artifact) {
        return queries.exposure(ArtifactRef.parse(artifact), null, null);
    }

    private static Map<String, Affected> byName(Exposure e) {
        return e.affected().stream().collect(Collectors.toMap(Affected::name, Function.identity()));
    }

    private static Set<String> notAffected(Exposure e) {
        return e.notAffected().stream().map(Exposure.NotAffected::name).collect(Collectors.toSet());
    }

    @Test
    void aCompromisedBaseReachesEveryDeploymentWithTheShortestPath() {
        Exposure e = exposure("model:base/root");
        Map<String, Affected> a = byName(e);
        assertEquals(Set.of("prod-chat", "staging-bot", "pinned-old", "pinned-new", "sp/demo"), a.keySet());
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/merged", "model:a/left", "model:base/root"),
                a.get("prod-chat").path());
        assertEquals("team-chat", a.get("prod-chat").owner());
        assertTrue(a.get("prod-chat").pinned());
        assertEquals(List.of("deployment:staging-bot", "model:base/root"), a.get("staging-bot").path());
        assertFalse(a.get("staging-bot").pinned());
        assertEquals("space", a.get("sp/demo").kind());
        assertEquals(List.of("space:sp/demo", "model:a/quant", "model:a/merged", "model:a/left", "model:base/root"),
                a.get("sp/demo").path());
        assertEquals(List.of("model:base/root", "model:a/left", "model:a/right", "model:a/merged", "model:a/quant"), e.artifacts());
        assertTrue(e.notAffected().isEmpty());
        assertEquals("deployment", e.affected().get(0).kind());
    }

    @Test
    void aCompromisedRevisionSparesDeploymentsPinnedToAnother() {
        Exposure e = exposure("model:base/root@" + R2);
        Map<String, Affected> a = byName(e);
        assertTrue(a.containsKey("pinned-new"));
        assertTrue(a.get("pinned-new").reason().contains("pinned to affected revision"), a.get("pinned-new").reason());
        assertTrue(a.containsKey("staging-bot"), "unpinned follows main");
        assertTrue(a.get("staging-bot").reason().contains("unpinned"));
        assertFalse(a.containsKey("pinned-old"));
        assertEquals(Set.of("pinned-old"), notAffected(e));
        Exposure.NotAffected old = e.notAffected().get(0);
        assertEquals(R1, old.revision());
        assertTrue(old.revisionDate().startsWith("2024-01-01"), old.revisionDate());
        assertEquals(List.of("deployment:pinned-new", "model:base/root", "model:base/root@" + R2), a.get("pinned-new").path());
        assertEquals(R1, e.seeds().get(0).knownGood());
    }

    @Test
    void anAuthorWindowSelectsTheRevisionsCreatedInIt() {
        Exposure early = queries.exposure(ArtifactRef.parse("author:base"), OffsetDateTime.parse("2023-12-01T00:00Z"),
                OffsetDateTime.parse("2024-02-01T00:00Z"));
        assertEquals(List.of(R1), early.seeds().get(0).revisions());
        Map<String, Affected> a = byName(early);
        assertTrue(a.containsKey("pinned-old"));
        assertTrue(a.containsKey("staging-bot"));
        assertEquals(Set.of("pinned-new"), notAffected(early));
        assertEquals(List.of("deployment:pinned-old", "model:base/root", "author:base"), a.get("pinned-old").path());

        Exposure late = queries.exposure(ArtifactRef.parse("author:base"), OffsetDateTime.parse("2024-02-15T00:00Z"), null);
        assertEquals(List.of(R2), late.seeds().get(0).revisions());
        assertEquals(Set.of("pinned-old"), notAffected(late));

        Exposure none = queries.exposure(ArtifactRef.parse("author:base"), OffsetDateTime.parse("2025-01-01T00:00Z"), null);
        assertTrue(none.affected().isEmpty());
        assertTrue(none.seeds().isEmpty());
        assertTrue(none.notes().get(0).contains("model:base/root"), none.notes().toString());
    }

    @Test
    void aTrainingDatasetExposesTheModelsTrainedOnItAndTheirUsers() {
        Exposure e = exposure("dataset:ds/chat");
        assertEquals(Set.of("prod-chat", "sp/demo"), byName(e).keySet());
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/merged", "model:a/left", "dataset:ds/chat"),
                byName(e).get("prod-chat").path());
        assertEquals(List.of("dataset:ds/chat", "model:a/left", "model:a/merged", "model:a/quant"), e.artifacts());
    }

    @Test
    void aFileContentIsFoundWhereverItAppears() {
        String sha = "d".repeat(40);
        new LineageFixtures(graph).revision(RepoType.MODEL, "a/right", sha, "2024-02-10T00:00:00.000Z")
                .file(RepoType.MODEL, "a/right", sha, "adapter_model.bin", LineageFixtures.WEIGHTS_SHA256);
        Exposure e = exposure("file:" + LineageFixtures.WEIGHTS_SHA256);
        assertEquals("model:a/right", e.seeds().get(0).key());
        assertEquals(List.of(sha), e.seeds().get(0).revisions());
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/merged", "model:a/right",
                "file:" + LineageFixtures.WEIGHTS_SHA256), byName(e).get("prod-chat").path());
    }

    @Test
    void aLeakedSecretExposesTheRepoThatLeaksItWithTheFileAsEvidence() {
        String sha = "c".repeat(40);
        new LineageFixtures(graph).revision(RepoType.MODEL, "a/left", sha, "2024-02-10T00:00:00.000Z")
                .file(RepoType.MODEL, "a/left", sha, "config.json", null)
                .finding(RepoType.MODEL, "a/left", sha, "config.json", "SECRET_HF_TOKEN", "HIGH", LineageFixtures.SECRET_SHA256);
        Exposure e = exposure("secret:" + LineageFixtures.SECRET_SHA256);
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/merged", "model:a/left",
                "model:a/left@" + sha + ":config.json", "secret:" + LineageFixtures.SECRET_SHA256), byName(e).get("prod-chat").path());
        assertTrue(e.seeds().get(0).why().contains("config.json"));
    }

    @Test
    void aRuleExposesEveryArtifactWithThatFindingAndRespectsPins() {
        LineageFixtures f = new LineageFixtures(graph);
        f.file(RepoType.MODEL, "a/quant", Q1, "model.pkl", null)
                .finding(RepoType.MODEL, "a/quant", Q1, "model.pkl", "PICKLE_GLOBAL_OS_SYSTEM", "CRITICAL", null)
                .deployment("legacy", "prod", "team-legacy", "model:a/quant", Q0, true);
        Exposure e = exposure("rule:PICKLE_GLOBAL_OS_SYSTEM");
        Map<String, Affected> a = byName(e);
        assertEquals(Set.of("prod-chat", "sp/demo"), a.keySet());
        assertEquals(List.of("deployment:prod-chat", "model:a/quant", "model:a/quant@" + Q1 + ":model.pkl",
                "rule:PICKLE_GLOBAL_OS_SYSTEM"), a.get("prod-chat").path());
        assertEquals(Set.of("legacy"), notAffected(e));
        assertEquals(Q0, e.seeds().get(0).knownGood());
    }

    @Test
    void approvalsOfAffectedArtifactsAreReturnedForRevocation() {
        new LineageFixtures(graph).approval("APR-7", "model:a/quant", Q1).approval("APR-9", "model:c/x", null);
        Exposure e = exposure("model:a/left");
        assertEquals(List.of("APR-7"), e.approvals().stream().map(Exposure.Approval::id).toList());
    }

    @Test
    void approvalsReadAllAtOnceForAWideWalkAreTheSameAsLookedUpByKey() {
        new LineageFixtures(graph).approval("APR-7", "model:a/quant", Q1).approval("APR-8", "model:a/quant", null)
                .approval("APR-9", "model:c/x", null);
        ArtifactRef seed = ArtifactRef.parse("model:a/left");
        Exposure byKey = new ExposureQueries(graph, Integer.MAX_VALUE).exposure(seed, null, null);
        Exposure readAll = new ExposureQueries(graph, 0).exposure(seed, null, null);
        assertEquals(List.of("APR-7", "APR-8"), readAll.approvals().stream().map(Exposure.Approval::id).toList());
        assertEquals(byKey, readAll);
    }

    @Test
    void theListenerHearsEverythingOfTheAnswerNearestFirstWhileTheWalkRuns() {
        List<String> events = new java.util.ArrayList<>();
        List<Exposure.Seed> seeds = new java.util.ArrayList<>();
        List<Affected> affected = new java.util.ArrayList<>();
        List<Integer> levels = new java.util.ArrayList<>();
        List<String> reached = new java.util.ArrayList<>();
        ExposureQueries.Listener listener = new ExposureQueries.Listener() {
            @Override
            public void seeds(List<Exposure.Seed> s) {
                events.add("seeds");
                seeds.addAll(s);
            }

            @Override
            public void affected(int level, Affected a) {
                events.add("affected " + level + " " + a.name());
                levels.add(level);
                affected.add(a);
            }

            @Override
            public void level(int level, List<String> artifacts, int affectedSoFar) {
                events.add("level " + level);
                reached.addAll(artifacts);
                assertEquals(affected.size(), affectedSoFar, "level " + level + " counts what was heard so far");
            }
        };
        Exposure e = queries.exposure(ArtifactRef.parse("model:base/root"), null, null, ExposureQueries.DEFAULT_DEPTH, listener);
        assertEquals(e, exposure("model:base/root"), "listening changes nothing in the answer");
        assertEquals("seeds", events.get(0));
        assertEquals(e.seeds(), seeds);
        assertEquals(Set.copyOf(e.affected()), Set.copyOf(affected));
        assertEquals(e.affected().size(), affected.size(), "each affected deployment or Space is heard once");
        assertEquals(levels.stream().sorted().toList(), levels, "nearest first");
        // a deployment one hop from the base is heard before the walk reaches the deepest level
        int firstAffected = events.indexOf("affected 1 staging-bot");
        assertTrue(firstAffected > 0 && firstAffected < events.lastIndexOf("level 2"), events.toString());
        // the seeds' artifacts, then each level's in order, are the answer's artifacts
        List<String> all = new java.util.ArrayList<>(List.of("model:base/root"));
        all.addAll(reached);
        assertEquals(e.artifacts(), all);
    }

    @Test
    void aSeedSpaceIsHeardAsAffectedAtLevelZero() {
        List<String> heard = new java.util.ArrayList<>();
        queries.exposure(ArtifactRef.parse("space:sp/demo"), null, null, ExposureQueries.DEFAULT_DEPTH, new ExposureQueries.Listener() {
            @Override
            public void affected(int level, Affected a) {
                heard.add(level + " " + a.kind() + " " + a.name());
            }
        });
        assertTrue(heard.contains("0 space sp/demo"), heard.toString());
    }

    @Test
    void anExposureWithNoAnswerSaysSo() {
        Exposure e = exposure("secret:" + "99".repeat(32));
        assertTrue(e.none());
        assertTrue(e.affected().isEmpty() && e.artifacts().isEmpty() && e.seeds().isEmpty());
        assertFalse(e.notes().isEmpty());
        Exposure unused = exposure("model:c/z");
        assertTrue(unused.affected().isEmpty());
        assertEquals(List.of("model:c/z"), unused.artifacts());
    }

    @Test
    void badArtifactsAreRefusedWithAReadableMessage() {
        assertThrows(IllegalArgumentException.class, () -> ArtifactRef.parse("org/model"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactRef.parse("bucket:x/y"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactRef.parse("file:abc"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactRef.parse("rule:lower_case"));
        ArtifactRef r = ArtifactRef.parse("model:org/m@" + R1);
        assertEquals(R1, r.revision());
        assertEquals("model:org/m", r.repoKey());
    }
}
