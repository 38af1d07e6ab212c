package dev.aiprov.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a manifest as {@code aiprov.yaml} text that {@link ManifestParser} reads back unchanged. */
public final class ManifestWriter {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ManifestWriter() {
    }

    /** The manifest as YAML, preceded by a comment naming what produced it. */
    public static String write(Manifest manifest, String comment) {
        List<Object> deployments = new ArrayList<>();
        for (Manifest.Deployment d : manifest.deployments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            if (d.environment() != null) m.put("environment", d.environment());
            if (d.owner() != null) m.put("owner", d.owner());
            List<Object> uses = new ArrayList<>();
            for (Manifest.Use u : d.uses()) {
                Map<String, Object> um = new LinkedHashMap<>();
                um.put(u.type().key(), u.repo());
                if (u.revision() != null) um.put("revision", u.revision());
                if (u.source() != null) um.put("source", u.source());
                if (u.pulled() != null) um.put("pulled", u.pulled().toString());
                uses.add(um);
            }
            m.put("uses", uses);
            deployments.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deployments", deployments);
        try {
            String header = comment == null ? "" : "# " + comment.replace("\n", " ") + "\n";
            return header + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest YAML", e);
        }
    }
}
