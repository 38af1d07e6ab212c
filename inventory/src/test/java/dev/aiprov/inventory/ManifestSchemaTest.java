package dev.aiprov.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/aiprov.schema.json says what the parser accepts: same keys, same repo id and revision shapes. */
class ManifestSchemaTest {
    static JsonNode schema() throws Exception {
        return new ObjectMapper().readTree(Path.of("..", "docs", "aiprov.schema.json").toFile());
    }

    static Set<String> keys(JsonNode props) {
        Set<String> s = new TreeSet<>();
        props.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void schemaKeysAreTheKeysTheParserAllows() throws Exception {
        JsonNode s = schema();
        assertEquals(Set.of("version", "deployments"), keys(s.get("properties")));
        assertEquals(Set.of("name", "environment", "owner", "uses"), keys(s.at("/$defs/deployment/properties")));
        assertEquals(Set.of("model", "dataset", "space", "revision", "source", "pulled"), keys(s.at("/$defs/use/properties")));
    }

    @Test
    void schemaRepoIdPatternAgreesWithTheParser() throws Exception {
        JsonNode id = schema().at("/$defs/repoId");
        Pattern shape = Pattern.compile(id.get("pattern").asText());
        Pattern forbidden = Pattern.compile(id.at("/not/pattern").asText());
        for (String s : List.of("acme/x", "meta-llama/Llama-3.1-8B", "a/b", "acme", "acme/x/y", "acme/-x", "acme/x--y",
                "acme/x..y", "ac me/x", "acme/", "/abs", "./x", "acme/x.", "a".repeat(96) + "/x", "a".repeat(97) + "/x",
                "_acme/x_", "acme/x.git", "acme/%2e%2e", "acme\\x", "acme/x\n")) {
            boolean schemaSays = shape.matcher(s).matches() && !forbidden.matcher(s).find();
            assertEquals(RepoIds.isValid(s), schemaSays, s);
        }
        Pattern rev = Pattern.compile(schema().at("/$defs/use/properties/revision/pattern").asText());
        for (String r : List.of("a".repeat(40), "main", "v1.2", "refs/pr/1", "-x", "", "a b")) {
            assertEquals(RepoIds.isValidRevision(r), rev.matcher(r).matches(), r);
        }
    }
}
