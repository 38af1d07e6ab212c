package dev.aiprov.cli.render;

import dev.aiprov.graph.lineage.DeploymentBom;
import dev.aiprov.graph.lineage.DeploymentBom.Component;
import dev.aiprov.graph.lineage.DeploymentBom.FileRef;
import dev.aiprov.graph.lineage.DeploymentBom.FindingRef;
import dev.aiprov.graph.lineage.DeploymentBom.Parent;
import dev.aiprov.graph.lineage.LineageGraph.NodeKind;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Ancestors;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Pedigree;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.ModelCard;
import org.cyclonedx.model.component.data.ComponentData;
import org.cyclonedx.model.component.data.DatasetChoice;
import org.cyclonedx.model.component.modelCard.ModelParameters;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A CycloneDX 1.6 ML-BOM of one deployment, built with cyclonedx-core-java: models as
 * {@code machine-learning-model} components (model card with task and training datasets, pedigree
 * ancestors from the lineage, files with SHA-256 as nested {@code file} components), datasets as
 * {@code data}, Spaces as {@code application}, the dependency graph, and findings as vulnerabilities.
 */
public final class CycloneDxBom {
    private CycloneDxBom() {
    }

    public static Bom build(DeploymentBom d, Date timestamp) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((d.name() + "@" + timestamp.getTime()).getBytes(StandardCharsets.UTF_8)));
        bom.setVersion(1);

        Metadata md = new Metadata();
        md.setTimestamp(timestamp);
        org.cyclonedx.model.Component tool = new org.cyclonedx.model.Component();
        tool.setType(org.cyclonedx.model.Component.Type.APPLICATION);
        tool.setName("aiprov");
        String version = CycloneDxBom.class.getPackage().getImplementationVersion();
        if (version != null) tool.setVersion(version);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        md.setToolChoice(tools);
        org.cyclonedx.model.Component app = new org.cyclonedx.model.Component();
        app.setType(org.cyclonedx.model.Component.Type.APPLICATION);
        app.setBomRef(deploymentRef(d.name()));
        app.setName(d.name());
        if (d.env() != null) app.addProperty(new Property("aiprov:env", d.env()));
        if (d.owner() != null) app.addProperty(new Property("aiprov:owner", d.owner()));
        for (DeploymentBom.Use u : d.uses()) {
            app.addProperty(new Property("aiprov:uses", u.key() + (u.revision() == null ? "" : "@" + u.revision())
                    + (u.pinned() ? " (pinned)" : " (unpinned)")));
        }
        md.setComponent(app);
        bom.setMetadata(md);

        Map<String, Component> byKey = new HashMap<>();
        for (Component c : d.components()) byKey.put(c.key(), c);
        List<Vulnerability> vulns = new ArrayList<>();
        Set<String> vulnRefs = new HashSet<>();
        for (Component c : d.components()) {
            bom.addComponent(component(c, byKey));
            for (FindingRef f : c.findings()) {
                Vulnerability v = new Vulnerability();
                String ref = "finding:" + c.key() + "#" + f.path() + "#" + f.rule();
                if (!vulnRefs.add(ref)) continue;
                v.setBomRef(ref);
                v.setId(f.rule());
                Vulnerability.Source src = new Vulnerability.Source();
                src.setName("aiprov");
                v.setSource(src);
                Vulnerability.Rating rating = new Vulnerability.Rating();
                rating.setSource(src);
                rating.setSeverity(severity(f.severity()));
                v.addRating(rating);
                v.setDescription(f.message() == null ? f.rule() : f.message());
                v.setDetail("in " + f.path() + " at revision " + c.revision());
                Vulnerability.Affect affect = new Vulnerability.Affect();
                affect.setRef(fileRef(c.key(), f.path()));
                v.setAffects(List.of(affect));
                vulns.add(v);
            }
        }
        if (!vulns.isEmpty()) bom.setVulnerabilities(vulns);

        List<Dependency> deps = new ArrayList<>();
        Dependency root = new Dependency(deploymentRef(d.name()));
        for (DeploymentBom.Use u : d.uses()) if (byKey.containsKey(u.key())) root.addDependency(new Dependency(u.key()));
        deps.add(root);
        for (Component c : d.components()) {
            Dependency dep = new Dependency(c.key());
            for (Parent p : c.parents()) if (byKey.containsKey(p.key())) dep.addDependency(new Dependency(p.key()));
            for (String ds : c.datasets()) if (byKey.containsKey(ds)) dep.addDependency(new Dependency(ds));
            deps.add(dep);
        }
        bom.setDependencies(deps);
        return bom;
    }

    public static String json(DeploymentBom d, Date timestamp) {
        try {
            return new BomJsonGenerator(build(d, timestamp), Version.VERSION_16).toJsonString();
        } catch (GeneratorException e) {
            throw new IllegalStateException("cannot write the CycloneDX document: " + e.getMessage(), e);
        }
    }

    private static org.cyclonedx.model.Component component(Component c, Map<String, Component> byKey) {
        org.cyclonedx.model.Component out = base(c);
        out.setBomRef(c.key());
        if (c.kind() == NodeKind.MODEL) {
            ModelCard card = new ModelCard();
            ModelParameters params = new ModelParameters();
            if (c.pipelineTag() != null) params.setTask(c.pipelineTag());
            List<DatasetChoice> datasets = new ArrayList<>();
            for (String ds : c.datasets()) {
                if (!byKey.containsKey(ds)) continue;
                DatasetChoice choice = new DatasetChoice();
                choice.setRef(ds);
                datasets.add(choice);
            }
            if (!datasets.isEmpty()) params.setDatasets(datasets);
            if (c.pipelineTag() != null || !datasets.isEmpty()) {
                card.setModelParameters(params);
                out.setModelCard(card);
            }
            if (!c.parents().isEmpty()) {
                Ancestors ancestors = new Ancestors();
                for (Parent p : c.parents()) {
                    Component pc = byKey.get(p.key());
                    org.cyclonedx.model.Component a = pc != null ? base(pc) : unknownModel(p.key());
                    a.addProperty(new Property("aiprov:relation", p.relation()));
                    ancestors.addComponent(a);
                }
                Pedigree pedigree = new Pedigree();
                pedigree.setAncestors(ancestors);
                out.setPedigree(pedigree);
            }
        } else if (c.kind() == NodeKind.DATASET) {
            ComponentData data = new ComponentData();
            data.setType(ComponentData.ComponentDataType.DATASET);
            data.setName(c.id());
            out.setData(List.of(data));
        }
        for (FileRef f : c.files()) {
            org.cyclonedx.model.Component file = new org.cyclonedx.model.Component();
            file.setType(org.cyclonedx.model.Component.Type.FILE);
            file.setBomRef(fileRef(c.key(), f.path()));
            file.setName(f.path());
            if (f.sha256() != null && f.sha256().matches("[0-9a-f]{64}")) file.addHash(new Hash(Hash.Algorithm.SHA_256, f.sha256()));
            file.addProperty(new Property("aiprov:size", Long.toString(f.size())));
            out.addComponent(file);
        }
        return out;
    }

    /** Name, group, version, purl, licence and status: what the component and its pedigree copies share. */
    private static org.cyclonedx.model.Component base(Component c) {
        org.cyclonedx.model.Component out = new org.cyclonedx.model.Component();
        out.setType(switch (c.kind()) {
            case MODEL -> org.cyclonedx.model.Component.Type.MACHINE_LEARNING_MODEL;
            case DATASET -> org.cyclonedx.model.Component.Type.DATA;
            default -> org.cyclonedx.model.Component.Type.APPLICATION;
        });
        int slash = c.id().indexOf('/');
        if (slash > 0) out.setGroup(c.id().substring(0, slash));
        out.setName(slash > 0 ? c.id().substring(slash + 1) : c.id());
        if (c.revision() != null) out.setVersion(c.revision());
        if (c.author() != null) out.setPublisher(c.author());
        if (c.kind() == NodeKind.MODEL && !c.unresolved()) {
            out.setPurl("pkg:huggingface/" + c.id() + (c.revision() == null ? "" : "@" + c.revision().toLowerCase(Locale.ROOT)));
        }
        if (c.license() != null) {
            License l = new License();
            l.setName(c.license());
            LicenseChoice lc = new LicenseChoice();
            lc.addLicense(l);
            out.setLicenses(lc);
        }
        out.addProperty(new Property("aiprov:key", c.key()));
        if (c.unresolved()) out.addProperty(new Property("aiprov:unresolved", "true"));
        return out;
    }

    private static org.cyclonedx.model.Component unknownModel(String key) {
        org.cyclonedx.model.Component a = new org.cyclonedx.model.Component();
        a.setType(org.cyclonedx.model.Component.Type.MACHINE_LEARNING_MODEL);
        String id = key.startsWith("model:") ? key.substring(6) : key;
        int slash = id.indexOf('/');
        if (slash > 0) a.setGroup(id.substring(0, slash));
        a.setName(slash > 0 ? id.substring(slash + 1) : id);
        a.addProperty(new Property("aiprov:key", key));
        a.addProperty(new Property("aiprov:beyond-depth", "true"));
        return a;
    }

    private static Vulnerability.Rating.Severity severity(String s) {
        if (s == null) return Vulnerability.Rating.Severity.UNKNOWN;
        try {
            return Vulnerability.Rating.Severity.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Vulnerability.Rating.Severity.UNKNOWN;
        }
    }

    static String deploymentRef(String name) {
        return "deployment:" + name;
    }

    static String fileRef(String key, String path) {
        return key + "#" + path;
    }
}
