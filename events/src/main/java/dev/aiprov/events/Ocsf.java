package dev.aiprov.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Builds events in the OCSF schema (1.3): one class per kind of event, {@code type_uid = class_uid * 100
 * + activity_id}, {@code category_uid = class_uid / 1000}. What OCSF has no attribute for goes in
 * {@code unmapped}. The aiprov event type ({@code crawl}, {@code alert}, …) is {@code metadata.event_code}.
 * Secrets appear only as their redacted form and sha256 (the callers never hold the clear text).
 */
public final class Ocsf {
    public static final String SCHEMA_VERSION = "1.3.0";
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    /** OCSF classes used. */
    public enum EventClass {
        COMPLIANCE_FINDING(2003, "Compliance Finding"),
        DETECTION_FINDING(2004, "Detection Finding"),
        ENTITY_MANAGEMENT(3004, "Entity Management"),
        SCAN_ACTIVITY(6007, "Scan Activity");

        public final int uid;
        public final String caption;

        EventClass(int uid, String caption) {
            this.uid = uid;
            this.caption = caption;
        }
    }

    /** aiprov's event types (stable; {@code metadata.event_code}). */
    public enum Type {
        CRAWL("crawl"), SCAN("scan"), FILE_SCANNED("file_scanned"), FINDING("finding"), ALERT("alert"),
        APPROVAL("approval"), POLICY("policy"), INVENTORY("inventory");

        public final String code;

        Type(String code) {
            this.code = code;
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.code.equalsIgnoreCase(s) || t.name().equalsIgnoreCase(s)) return t;
            }
            throw new IllegalArgumentException("unknown event type '" + s + "' (one of crawl, scan, file_scanned, "
                    + "finding, alert, approval, policy, inventory)");
        }
    }

    private static volatile String version = "dev";

    private Ocsf() {
    }

    /** {@code 1 finding}, {@code 2 findings}: counts in event messages. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The product version written in {@code metadata.product.version}. */
    public static void productVersion(String v) {
        if (v != null && !v.isBlank()) version = v;
    }

    /** OCSF severity_id: 1 informational, 2 low, 3 medium, 4 high, 5 critical, 0 unknown. */
    public static int severityId(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase(Locale.ROOT)) {
            case "info", "informational" -> 1;
            case "low" -> 2;
            case "medium" -> 3;
            case "high" -> 4;
            case "critical" -> 5;
            default -> 0;
        };
    }

    public static String severityName(int id) {
        return switch (id) {
            case 1 -> "Informational";
            case 2 -> "Low";
            case 3 -> "Medium";
            case 4 -> "High";
            case 5 -> "Critical";
            case 6 -> "Fatal";
            default -> "Unknown";
        };
    }

    /** The common envelope. */
    public static ObjectNode base(EventClass cls, int activityId, String activityName, Type type, int severityId,
                                  Instant time, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("class_uid", cls.uid);
        e.put("class_name", cls.caption);
        e.put("category_uid", cls.uid / 1000);
        e.put("activity_id", activityId);
        e.put("activity_name", activityName);
        e.put("type_uid", cls.uid * 100L + activityId);
        e.put("severity_id", severityId);
        e.put("severity", severityName(severityId));
        e.put("time", time.toEpochMilli());
        e.put("message", message);
        ObjectNode meta = e.putObject("metadata");
        meta.put("version", SCHEMA_VERSION);
        meta.put("event_code", type.code);
        meta.put("uid", java.util.UUID.randomUUID().toString());
        ObjectNode product = meta.putObject("product");
        product.put("name", "aiprov");
        product.put("vendor_name", "aiprov");
        product.put("version", version);
        return e;
    }

    /** A repo as an OCSF resource: {@code uid} = {@code model:org/name}. */
    public static ObjectNode resource(ArrayNode resources, String key, String type) {
        ObjectNode r = resources.addObject();
        r.put("uid", key);
        r.put("name", key != null && key.contains(":") ? key.substring(key.indexOf(':') + 1) : key);
        r.put("type", type);
        return r;
    }

    /** Scan Activity [6007]: a crawl or scan run. activity 2 Completed, 6 Error (failed run). */
    public static ObjectNode scanRun(Type type, boolean completed, Instant start, Instant end, String name,
                                     long files, long detections, String message, Map<String, Object> unmapped) {
        ObjectNode e = base(EventClass.SCAN_ACTIVITY, completed ? 2 : 6, completed ? "Completed" : "Error", type,
                completed ? 1 : 3, end, message);
        e.put("start_time", start.toEpochMilli());
        e.put("end_time", end.toEpochMilli());
        e.put("num_files", files);
        e.put("num_detections", detections);
        ObjectNode scan = e.putObject("scan");
        scan.put("name", name);
        scan.put("type", type == Type.CRAWL ? "Hub crawl" : "Static file scan");
        scan.put("type_id", 99);
        e.put("status", completed ? "Success" : "Failure");
        e.put("status_id", completed ? 1 : 2);
        putUnmapped(e, unmapped);
        return e;
    }

    /** Scan Activity [6007] for one file: judged (Completed) or not judged (Error). */
    public static ObjectNode fileScanned(Instant time, String fileKey, String path, String repoKey, boolean judged,
                                         String why, String format, long findings) {
        String msg = (judged ? "judged " : "not judged ") + (repoKey == null ? "" : repoKey + " ") + path
                + (judged ? ": " + count(findings, "finding") : ": " + why);
        ObjectNode e = base(EventClass.SCAN_ACTIVITY, judged ? 2 : 6, judged ? "Completed" : "Error", Type.FILE_SCANNED,
                judged ? 1 : 3, time, msg);
        e.put("num_files", 1);
        e.put("num_detections", findings);
        e.put("status", judged ? "Success" : "Failure");
        e.put("status_id", judged ? 1 : 2);
        if (!judged && why != null) e.put("status_detail", why);
        ObjectNode file = e.putObject("file");
        file.put("name", path == null ? fileKey : path.substring(path.lastIndexOf('/') + 1));
        file.put("path", path);
        file.put("uid", fileKey);
        if (repoKey != null) resource(e.putArray("resources"), repoKey, "repo");
        if (format != null) e.putObject("unmapped").put("format", format);
        return e;
    }

    /** Detection Finding [2004], activity 1 Create: a scanner finding on a file. */
    public static ObjectNode finding(Instant time, FindingEvent finding) {
        String rule = finding.rule();
        String message = finding.message();
        String repoKey = finding.repoKey();
        String path = finding.path();
        String location = finding.location();
        String secretSha256 = finding.secretSha256();
        String secretRedacted = finding.secretRedacted();
        ObjectNode e = base(EventClass.DETECTION_FINDING, 1, "Create", Type.FINDING, severityId(finding.severity()), time,
                rule + ": " + message);
        ObjectNode info = e.putObject("finding_info");
        info.put("uid", finding.key());
        info.put("title", rule);
        info.put("desc", message);
        info.putArray("types").add("scanner_finding");
        info.put("created_time", time.toEpochMilli());
        ArrayNode res = e.putArray("resources");
        if (repoKey != null) resource(res, repoKey, "repo");
        if (path != null) {
            ObjectNode f = res.addObject();
            f.put("uid", (repoKey == null ? "" : repoKey + ":") + path);
            f.put("name", path);
            f.put("type", "file");
        }
        ObjectNode u = e.putObject("unmapped");
        u.put("rule", rule);
        if (location != null) u.put("location", location);
        if (secretSha256 != null) {
            u.put("secret_sha256", secretSha256);
            u.put("secret_redacted", secretRedacted);
        }
        return e;
    }

    /** Detection Finding [2004], activity 1 Create: a drift / supply-chain alert. */
    public static ObjectNode alert(String id, String alertType, String severity, String message, Instant at,
                                   String artifact, String deployment, java.util.Map<String, ?> details) {
        ObjectNode e = base(EventClass.DETECTION_FINDING, 1, "Create", Type.ALERT, severityId(severity), at, message);
        ObjectNode info = e.putObject("finding_info");
        info.put("uid", id);
        info.put("title", alertType);
        info.put("desc", message);
        info.putArray("types").add(alertType);
        info.put("created_time", at.toEpochMilli());
        ArrayNode res = e.putArray("resources");
        if (artifact != null) resource(res, artifact, "repo");
        if (deployment != null) deployment(res, deployment);
        ObjectNode u = e.putObject("unmapped");
        u.put("alert_type", alertType);
        if (details != null) u.set("details", JSON.valueToTree(details));
        return e;
    }

    /** Entity Management [3004], activity 1 Create: an approval or revocation fact. */
    public static ObjectNode approval(Instant at, String factId, String action, String artifact, String revision,
                                      String by, String reason, Instant expires) {
        ObjectNode e = base(EventClass.ENTITY_MANAGEMENT, 1, "Create", Type.APPROVAL, "revoke".equals(action) ? 3 : 1,
                at, action + " " + artifact + "@" + revision + " by " + by + ": " + reason);
        ObjectNode entity = e.putObject("entity");
        entity.put("uid", factId);
        entity.put("name", artifact + "@" + revision);
        entity.put("type", action);
        e.putObject("actor").putObject("user").put("name", by);
        ObjectNode u = e.putObject("unmapped");
        u.put("artifact", artifact);
        u.put("revision", revision);
        u.put("reason", reason);
        if (expires != null) u.put("expires", expires.toString());
        return e;
    }

    /** Entity Management [3004], activity 3 Update: deployments imported into the inventory. */
    public static ObjectNode inventoryImport(Instant at, String deployment, int uses, String manifest) {
        ObjectNode e = base(EventClass.ENTITY_MANAGEMENT, 3, "Update", Type.INVENTORY, 1, at,
                "imported deployment " + deployment + " (" + count(uses, "use") + ")");
        ObjectNode entity = e.putObject("entity");
        entity.put("uid", "deployment:" + deployment);
        entity.put("name", deployment);
        entity.put("type", "deployment");
        ObjectNode u = e.putObject("unmapped");
        u.put("uses", uses);
        if (manifest != null) u.put("manifest", manifest);
        return e;
    }

    /**
     * Compliance Finding [2003], activity 1 Create: one policy decision. {@code rule} null with
     * {@code pass} true is the overall decision of a check that found nothing.
     */
    public static ObjectNode policyDecision(Instant at, boolean pass, String rule, String deployment, String artifact,
                                            String revision, String message) {
        ObjectNode e = base(EventClass.COMPLIANCE_FINDING, 1, "Create", Type.POLICY, pass ? 1 : 4, at, message);
        ObjectNode c = e.putObject("compliance");
        c.put("status", pass ? "Pass" : "Fail");
        c.put("status_id", pass ? 1 : 3);
        c.put("control", rule == null ? "aiprov policy" : rule);
        c.putArray("standards").add("aiprov policy");
        ObjectNode info = e.putObject("finding_info");
        info.put("uid", (deployment == null ? "*" : deployment) + "|" + (artifact == null ? "*" : artifact) + "@"
                + revision + "|" + (rule == null ? "ALL" : rule));
        info.put("title", rule == null ? "policy check" : rule);
        info.put("desc", message);
        ArrayNode res = e.putArray("resources");
        if (artifact != null) resource(res, artifact, "repo");
        if (deployment != null) deployment(res, deployment);
        if (revision != null) e.putObject("unmapped").put("revision", revision);
        return e;
    }

    /** A deployment as an OCSF resource. */
    private static void deployment(ArrayNode res, String name) {
        ObjectNode d = res.addObject();
        d.put("uid", "deployment:" + name);
        d.put("name", name);
        d.put("type", "deployment");
    }

    private static void putUnmapped(ObjectNode e, Map<String, Object> unmapped) {
        if (unmapped == null || unmapped.isEmpty()) return;
        e.set("unmapped", JSON.valueToTree(unmapped));
    }

    /** Fields that hold ids and digests, never text a file supplied: not passed through the redaction. */
    private static final java.util.Set<String> NOT_TEXT = java.util.Set.of("metadata", "uid", "secret_sha256",
            "secret_redacted", "class_name", "activity_name", "severity", "status", "format", "type");

    /**
     * Replaces, in place, every credential the secrets detector finds in the event's text fields by its
     * redacted form: the last line of defence for values a rule quoted (paths, messages, details).
     */
    public static ObjectNode redact(ObjectNode event) {
        redactTree(event, 0);
        return event;
    }

    private static void redactTree(com.fasterxml.jackson.databind.JsonNode n, int depth) {
        if (depth > 32) return;
        if (n instanceof ObjectNode o) {
            var it = o.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (NOT_TEXT.contains(e.getKey())) continue;
                if (e.getValue().isTextual()) {
                    String v = e.getValue().asText();
                    String r = dev.aiprov.scanner.secrets.Redaction.redact(v);
                    if (!r.equals(v)) e.setValue(JSON.getNodeFactory().textNode(r));
                } else {
                    redactTree(e.getValue(), depth + 1);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    String v = a.get(i).asText();
                    String r = dev.aiprov.scanner.secrets.Redaction.redact(v);
                    if (!r.equals(v)) a.set(i, JSON.getNodeFactory().textNode(r));
                } else {
                    redactTree(a.get(i), depth + 1);
                }
            }
        }
    }

    /** The aiprov event type of an event ({@code metadata.event_code}). */
    public static String typeOf(com.fasterxml.jackson.databind.JsonNode e) {
        return e.path("metadata").path("event_code").asText(null);
    }
}
