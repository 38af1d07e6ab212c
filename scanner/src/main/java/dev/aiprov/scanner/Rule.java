package dev.aiprov.scanner;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule a finding can carry: its stable id (stored in graphs, SARIF, allowlists and events,
 * so it never changes once released), the severity it is reported with unless the detector grades
 * it (a zip tampering is high in a model, medium in a plain archive), and the section of
 * {@code docs/} that describes it. {@link Finding}s are built from these constants only.
 */
public enum Rule {
    // --- never fail open: a file that could not be judged (AbstractDetector, Scanner, ScanContext) ---
    SCAN_TIMEOUT(Severity.MEDIUM, Doc.COVERAGE),
    SCAN_LIMIT_EXCEEDED(Severity.MEDIUM, Doc.COVERAGE),
    SCAN_CRASH(Severity.MEDIUM, Doc.COVERAGE),
    SCAN_IO_ERROR(Severity.MEDIUM, Doc.COVERAGE),
    SCAN_ERROR(Severity.MEDIUM, Doc.COVERAGE),
    SCAN_NESTING_TOO_DEEP(Severity.MEDIUM, Doc.COVERAGE),
    UNSUPPORTED_FORMAT(Severity.LOW, Doc.COVERAGE),
    // <FORMAT>_MALFORMED and <FORMAT>_TRUNCATED, one pair per detector id (see failure())
    PICKLE_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    PICKLE_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    PICKLE_TORCH_STORAGES_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    PICKLE_TORCH_STORAGES_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    PICKLE_TORCH_TENSORS_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    PICKLE_TORCH_TENSORS_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    NPY_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    NPY_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    ZIP_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    ZIP_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    TAR_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    TAR_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    SEVENZ_MALFORMED("7Z_MALFORMED", Severity.MEDIUM, Doc.COVERAGE),
    SEVENZ_TRUNCATED("7Z_TRUNCATED", Severity.MEDIUM, Doc.COVERAGE),
    COMPRESSED_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    COMPRESSED_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    DATA_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    DATA_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    KERAS_CONFIG_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    KERAS_CONFIG_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    HDF5_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    HDF5_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    SAVEDMODEL_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    SAVEDMODEL_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    ONNX_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    ONNX_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    GGUF_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    GGUF_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    SAFETENSORS_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    SAFETENSORS_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    COMPILED_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    COMPILED_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    TEXT_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    TEXT_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    HF_CONFIG_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    HF_CONFIG_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),
    PYTHON_MALFORMED(Severity.MEDIUM, Doc.COVERAGE),
    PYTHON_TRUNCATED(Severity.MEDIUM, Doc.COVERAGE),

    // --- what a directory walk meets (Walk) ---
    SYMLINK_NOT_FOLLOWED(Severity.INFO, Doc.SYMLINKS),
    SYMLINK_DANGLING(Severity.LOW, Doc.SYMLINKS),
    SYMLINK_OUT_OF_TREE(Severity.MEDIUM, Doc.SYMLINKS),
    SPECIAL_FILE_SKIPPED(Severity.INFO, Doc.SYMLINKS),

    // --- pickle, PyTorch, NumPy, joblib ---
    PICKLE_CALL_CRITICAL(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_GLOBAL_CRITICAL(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_GLOBAL_DUNDER(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_CALL_UNKNOWN(Severity.HIGH, Doc.PICKLE),
    PICKLE_GLOBAL_UNKNOWN(Severity.MEDIUM, Doc.PICKLE),
    PICKLE_GLOBAL_LIBRARY(Severity.MEDIUM, Doc.PICKLE),
    PICKLE_CALL_DYNAMIC(Severity.HIGH, Doc.PICKLE),
    PICKLE_CALL_INVALID(Severity.MEDIUM, Doc.PICKLE),
    PICKLE_GLOBAL_MUTATION(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_STACK_GLOBAL_DYNAMIC(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_EXT_UNREGISTERED(Severity.HIGH, Doc.PICKLE),
    PICKLE_NESTED_LOADS(Severity.CRITICAL, Doc.PICKLE),
    PICKLE_NESTED_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),
    PICKLE_STREAM_BROKEN(Severity.MEDIUM, Doc.PICKLE),
    PICKLE_TRAILING_DATA(Severity.LOW, Doc.PICKLE),
    NPY_OBJECT_ARRAY(Severity.MEDIUM, Doc.PICKLE),
    NPY_PICKLE_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),
    NPY_DATA_TRUNCATED(Severity.MEDIUM, Doc.PICKLE),
    NPY_TRAILING_DATA(Severity.LOW, Doc.PICKLE),

    // --- archives and compression ---
    ZIP_PREFIXED_DATA(Severity.HIGH, Doc.HARDENING),
    ZIP_DUPLICATE_NAME(Severity.HIGH, Doc.PICKLE),
    ZIP_ENCRYPTED_FLAG(Severity.HIGH, Doc.PICKLE),
    ZIP_LOCAL_HEADER_MISSING(Severity.HIGH, Doc.PICKLE),
    ZIP_NAME_MISMATCH(Severity.HIGH, Doc.PICKLE),
    ZIP_HEADER_MISMATCH(Severity.HIGH, Doc.PICKLE),
    ZIP_DATA_DESCRIPTOR_MISMATCH(Severity.HIGH, Doc.PICKLE),
    ZIP_EXTREME_RATIO(Severity.MEDIUM, Doc.PICKLE),
    ZIP_UNSUPPORTED_COMPRESSION(Severity.HIGH, Doc.RED_TEAM),
    ZIP_UNUSUAL_COMPRESSION(Severity.MEDIUM, Doc.PICKLE),
    ZIP_OVERLAPPING_ENTRIES(Severity.HIGH, Doc.PICKLE),
    ZIP_CRC_MISMATCH(Severity.HIGH, Doc.PICKLE),
    ZIP_MEMBER_UNREADABLE(Severity.MEDIUM, Doc.PICKLE),
    ZIP_MEMBER_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),
    TORCHSCRIPT_CODE(Severity.MEDIUM, Doc.PICKLE),
    TAR_MEMBER_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),
    SEVENZ_MEMBER_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),
    ARCHIVE_LINK(Severity.LOW, Doc.HARDENING),
    ARCHIVE_LINK_ESCAPE(Severity.HIGH, Doc.HARDENING),
    ARCHIVE_PATH_TRAVERSAL(Severity.MEDIUM, Doc.HARDENING),
    ARCHIVE_MEMBER_TOO_LARGE(Severity.MEDIUM, Doc.PICKLE),
    ARCHIVE_STREAM_BROKEN(Severity.MEDIUM, Doc.PICKLE),
    COMPRESSED_STREAM_BROKEN(Severity.MEDIUM, Doc.PICKLE),
    COMPRESSED_TRAILING_DATA(Severity.MEDIUM, Doc.HARDENING),
    COMPRESSED_EMPTY(Severity.LOW, Doc.PICKLE),
    COMPRESSED_CONTENT_UNJUDGED(Severity.MEDIUM, Doc.PICKLE),

    // --- other model formats ---
    KERAS_LAMBDA_LAYER(Severity.HIGH, Doc.FORMATS),
    KERAS_LAMBDA_BYTECODE(Severity.CRITICAL, Doc.FORMATS),
    KERAS_TFSM_LAYER(Severity.HIGH, Doc.FORMATS),
    KERAS_UNSAFE_MODULE(Severity.CRITICAL, Doc.FORMATS),
    KERAS_CUSTOM_OBJECT(Severity.MEDIUM, Doc.FORMATS),
    KERAS_CONFIG_DUPLICATE_KEY(Severity.LOW, Doc.FORMATS),
    HDF5_KERAS_CONFIG_UNREADABLE(Severity.MEDIUM, Doc.FORMATS),
    SAVEDMODEL_NO_GRAPH(Severity.LOW, Doc.FORMATS),
    SAVEDMODEL_ASSET_PATH_ESCAPE(Severity.HIGH, Doc.FORMATS),
    SAVEDMODEL_PYFUNC_OP(Severity.CRITICAL, Doc.FORMATS),
    SAVEDMODEL_FILE_WRITE_OP(Severity.HIGH, Doc.FORMATS),
    SAVEDMODEL_FILE_READ_OP(Severity.MEDIUM, Doc.FORMATS),
    SAVEDMODEL_CHECKPOINT_PATH(Severity.HIGH, Doc.FORMATS),
    ONNX_CUSTOM_OP_DOMAIN(Severity.MEDIUM, Doc.FORMATS),
    ONNX_EXTERNAL_DATA(Severity.INFO, Doc.FORMATS),
    ONNX_EXTERNAL_DATA_ABSOLUTE_PATH(Severity.CRITICAL, Doc.FORMATS),
    ONNX_EXTERNAL_DATA_PATH_TRAVERSAL(Severity.CRITICAL, Doc.FORMATS),
    ONNX_EXTERNAL_DATA_BAD_LOCATION(Severity.HIGH, Doc.FORMATS),
    ONNX_EXTERNAL_DATA_TRUNCATED(Severity.MEDIUM, Doc.HARDENING),
    GGUF_CHAT_TEMPLATE_TOO_LARGE(Severity.HIGH, Doc.FORMATS),
    GGUF_CHAT_TEMPLATE_PYTHON_INTERNALS(Severity.CRITICAL, Doc.FORMATS),
    GGUF_CHAT_TEMPLATE_CODE_EXECUTION(Severity.CRITICAL, Doc.FORMATS),
    GGUF_CHAT_TEMPLATE_SANDBOX_ESCAPE(Severity.HIGH, Doc.FORMATS),
    GGUF_CHAT_TEMPLATE_DYNAMIC_ATTRIBUTE(Severity.HIGH, Doc.RED_TEAM),
    SAFETENSORS_HEADER_TOO_LARGE(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_HEADER_BEYOND_FILE(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_INVALID_JSON(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_DUPLICATE_KEY(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_TRAILING_DATA(Severity.MEDIUM, Doc.FORMATS),
    SAFETENSORS_OVERLAPPING_TENSORS(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_DATA_HOLE(Severity.MEDIUM, Doc.FORMATS),
    SAFETENSORS_BAD_METADATA(Severity.MEDIUM, Doc.FORMATS),
    SAFETENSORS_BAD_TENSOR_ENTRY(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_OFFSETS_OUT_OF_BOUNDS(Severity.HIGH, Doc.FORMATS),
    SAFETENSORS_SIZE_MISMATCH(Severity.HIGH, Doc.FORMATS),
    COMPILED_PYTHON(Severity.MEDIUM, Doc.HARDENING),
    COMPILED_PYTHON_CACHE(Severity.INFO, Doc.HARDENING),
    NATIVE_LIBRARY(Severity.MEDIUM, Doc.HARDENING),

    // --- remote code (config.json auto_map, Python sources) ---
    REMOTE_CODE_AUTO_MAP(Severity.HIGH, Doc.REMOTE_CODE),
    REMOTE_CODE_EXTERNAL_REPO(Severity.HIGH, Doc.REMOTE_CODE),
    REMOTE_CODE_CUSTOM_PIPELINE(Severity.HIGH, Doc.REMOTE_CODE),
    PY_TRUST_REMOTE_CODE(Severity.MEDIUM, Doc.REMOTE_CODE),
    PY_DYNAMIC_IMPORT(Severity.HIGH, Doc.REMOTE_CODE),
    PY_DYNAMIC_ATTRIBUTE(Severity.HIGH, Doc.REMOTE_CODE),
    PY_DYNAMIC_EXEC(Severity.HIGH, Doc.REMOTE_CODE),
    PY_PROCESS_EXECUTION(Severity.HIGH, Doc.REMOTE_CODE),
    PY_EXEC_DECODED_PAYLOAD(Severity.CRITICAL, Doc.REMOTE_CODE),
    PY_NETWORK_AT_IMPORT(Severity.HIGH, Doc.REMOTE_CODE),
    PY_WRITE_OUTSIDE_CACHE(Severity.HIGH, Doc.REMOTE_CODE),

    // --- leaked credentials (one per SecretKind) ---
    SECRETS_TOO_MANY(Severity.MEDIUM, Doc.SECRET_LIMITS),
    SECRET_PRIVATE_KEY(Severity.CRITICAL, Doc.SECRETS),
    SECRET_GCP_SERVICE_ACCOUNT(Severity.CRITICAL, Doc.SECRETS),
    SECRET_AWS_CREDENTIALS(Severity.CRITICAL, Doc.SECRETS),
    SECRET_HUGGINGFACE_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_HUGGINGFACE_ORG_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_OPENAI_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_OPENROUTER_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_ANTHROPIC_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_GOOGLE_API_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_GITHUB_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_GITHUB_FINE_GRAINED_PAT(Severity.HIGH, Doc.SECRETS),
    SECRET_GITLAB_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_SLACK_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_SLACK_WEBHOOK(Severity.HIGH, Doc.SECRETS),
    SECRET_STRIPE_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_REPLICATE_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_GROQ_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_PERPLEXITY_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_XAI_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_LANGSMITH_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_PINECONE_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_TOGETHER_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_TELEGRAM_BOT_TOKEN(Severity.HIGH, Doc.SECRETS),
    SECRET_COHERE_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_MISTRAL_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_WANDB_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_AZURE_OPENAI_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_AWS_SECRET_KEY(Severity.HIGH, Doc.SECRETS),
    SECRET_CONNECTION_URI(Severity.HIGH, Doc.SECRETS),
    SECRET_URL_CREDENTIALS(Severity.HIGH, Doc.SECRETS),
    SECRET_BASIC_AUTH(Severity.HIGH, Doc.SECRETS),
    SECRET_JWT(Severity.MEDIUM, Doc.SECRETS),
    SECRET_AWS_ACCESS_KEY_ID(Severity.MEDIUM, Doc.SECRETS),
    SECRET_URL_TOKEN_PARAM(Severity.MEDIUM, Doc.SECRETS),
    SECRET_GENERIC(Severity.MEDIUM, Doc.SECRETS);

    /** The sections of {@code docs/} that describe rules (GitHub heading anchors). */
    static final class Doc {
        static final String COVERAGE = "threats.md#threat-coverage";
        static final String PICKLE = "threats.md#pickle-pytorch-numpy-joblib-and-archives";
        static final String HARDENING = "threats.md#hardening-no-payload-a-real-loader-runs-may-pass-as-safe-issue-12-issue-18-probes-issue-116";
        static final String FORMATS = "threats.md#other-model-formats-items-11-15";
        static final String RED_TEAM = "threats.md#red-team-follow-up-to-issue-12";
        static final String SECRETS = "secrets.md#detected-families";
        static final String SECRET_LIMITS = "secrets.md#limits-and-figures";
        static final String REMOTE_CODE = "secrets.md#remote-code-risks";
        static final String SYMLINKS = "security.md#116-symlinks-are-reported-not-followed";

        private Doc() {
        }
    }

    private static final Map<String, Rule> BY_ID = new HashMap<>();

    static {
        for (Rule r : values()) BY_ID.put(r.id, r);
    }

    private final String id;
    private final Severity severity;
    private final String doc;

    Rule(Severity severity, String doc) {
        this.id = name();
        this.severity = severity;
        this.doc = doc;
    }

    Rule(String id, Severity severity, String doc) {
        this.id = id;
        this.severity = severity;
        this.doc = doc;
    }

    /** The stable id findings carry, e.g. {@code PICKLE_GLOBAL_CRITICAL}. */
    public String id() {
        return id;
    }

    /** The severity reported unless the detector grades the finding. */
    public Severity severity() {
        return severity;
    }

    /** The describing section, relative to {@code docs/}: {@code threats.md#other-model-formats-items-11-15}. */
    public String doc() {
        return doc;
    }

    public static Optional<Rule> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /**
     * The rule a parse failure of {@code detectorId}'s format is reported under:
     * {@code <FORMAT>_MALFORMED} or {@code <FORMAT>_TRUNCATED}.
     *
     * @throws IllegalStateException when the detector's format has no registered failure rules
     */
    public static Rule failure(String detectorId, ScanException.Failure failure) {
        if (failure != ScanException.Failure.MALFORMED && failure != ScanException.Failure.TRUNCATED) {
            throw new IllegalArgumentException("not a format failure: " + failure);
        }
        String id = detectorId.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + failure.name();
        Rule r = BY_ID.get(id);
        if (r == null) throw new IllegalStateException("no rule registered for " + id);
        return r;
    }
}
