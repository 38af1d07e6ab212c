package dev.aiprov.inventory;

import dev.aiprov.graph.RepoId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a repo id in a manifest and a revision look like. A manifest's repo id is a
 * {@link RepoId} with an owner ({@code org/name}); the grammar itself lives in {@link RepoId} only.
 */
public final class RepoIds {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]{0,254}");

    /** First parts of MIME types: {@code text/plain} is not a repo. */
    private static final Set<String> MIME_TOPS = Set.of("text", "application", "image", "audio", "video",
            "multipart", "font", "message", "chemical");
    /** Owner names that only appear in examples and templates. */
    private static final Set<String> PLACEHOLDER_OWNERS = Set.of("org", "your-org", "your_org", "yourorg",
            "my-org-name", "username", "your-username", "your_username", "yourusername", "user", "your-name",
            "namespace", "owner", "xxx", "foo", "organization", "your-hf-username", "hf-user", "repo-owner");
    private static final Set<String> PLACEHOLDER_NAMES = Set.of("name", "model", "model-name", "model_name",
            "your-model", "your_model", "repo", "repo-name", "repo_name", "dataset", "dataset-name", "your-dataset",
            "xxx", "bar", "space-name");
    /** A trailing file extension marks a path, not a repo ({@code data/train.csv}). */
    private static final Pattern FILE_EXTENSION = Pattern.compile(
            "(?i).*\\.(json|jsonl|csv|tsv|txt|py|ipynb|yaml|yml|toml|md|bin|pt|pth|ckpt|pkl|pickle|safetensors|onnx"
                    + "|gguf|ggml|h5|hdf5|keras|parquet|arrow|zip|tar|gz|tgz|npz|npy|png|jpg|jpeg|wav|mp3|html|js|sh)");

    private RepoIds() {
    }

    /** True when {@code id} is a Hub repo id with an owner ({@code org/name}). */
    public static boolean isValid(String id) {
        return RepoId.tryParse(id).filter(RepoId::hasOwner).isPresent();
    }

    /**
     * Stricter, for ids found in source: the shape is valid and it is not a MIME type, a template
     * placeholder or a file path.
     */
    public static boolean isPlausibleReference(String id) {
        if (!isValid(id)) return false;
        String owner = id.substring(0, id.indexOf('/')).toLowerCase(Locale.ROOT);
        String name = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (MIME_TOPS.contains(owner)) return false;
        if (PLACEHOLDER_OWNERS.contains(owner) && PLACEHOLDER_NAMES.contains(name)) return false;
        if (owner.equals("your-org") || owner.startsWith("your") || owner.equals("username")) return false;
        return !FILE_EXTENSION.matcher(name).matches();
    }

    /** A full 40-hex commit sha: the only revision that pins content. */
    public static boolean isCommit(String revision) {
        return revision != null && COMMIT.matcher(revision).matches();
    }

    /** A commit, a branch or a tag name. */
    public static boolean isValidRevision(String revision) {
        return revision != null && REVISION.matcher(revision).matches() && !revision.contains("..");
    }

    /** Commits are lower-cased so that {@code ABC…} and {@code abc…} are one revision. */
    public static String normalizeRevision(String revision) {
        return isCommit(revision) ? revision.toLowerCase(Locale.ROOT) : revision;
    }
}
