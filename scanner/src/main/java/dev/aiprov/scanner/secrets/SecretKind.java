package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Severity;

/**
 * The credential families the secrets detector knows, each with its stable rule id, the
 * {@link dev.aiprov.scanner.SecretRef#type()} it reports and its severity. Declaration order is
 * strength order: when two matches overlap, the one declared first wins (so a Hugging Face token
 * assigned to {@code token = "..."} is reported once, as a Hugging Face token, not also as generic).
 */
public enum SecretKind {
    PRIVATE_KEY("SECRET_PRIVATE_KEY", "private-key", Severity.CRITICAL, "PEM private key"),
    GCP_SERVICE_ACCOUNT("SECRET_GCP_SERVICE_ACCOUNT", "gcp-service-account", Severity.CRITICAL,
            "Google Cloud service-account key (private_key with client_email)"),
    AWS_CREDENTIALS("SECRET_AWS_CREDENTIALS", "aws", Severity.CRITICAL, "AWS access key id with its secret key"),
    HUGGINGFACE_TOKEN("SECRET_HUGGINGFACE_TOKEN", "huggingface", Severity.HIGH, "Hugging Face user access token"),
    HUGGINGFACE_ORG_TOKEN("SECRET_HUGGINGFACE_ORG_TOKEN", "huggingface-org", Severity.HIGH, "Hugging Face organization API token"),
    OPENAI_KEY("SECRET_OPENAI_KEY", "openai", Severity.HIGH, "OpenAI API key"),
    OPENROUTER_KEY("SECRET_OPENROUTER_KEY", "openrouter", Severity.HIGH, "OpenRouter API key"),
    ANTHROPIC_KEY("SECRET_ANTHROPIC_KEY", "anthropic", Severity.HIGH, "Anthropic API key"),
    GOOGLE_API_KEY("SECRET_GOOGLE_API_KEY", "google-api-key", Severity.HIGH, "Google API key"),
    GITHUB_TOKEN("SECRET_GITHUB_TOKEN", "github", Severity.HIGH, "GitHub token (checksum valid)"),
    GITHUB_FINE_GRAINED_PAT("SECRET_GITHUB_FINE_GRAINED_PAT", "github-pat", Severity.HIGH, "GitHub fine-grained personal access token"),
    GITLAB_TOKEN("SECRET_GITLAB_TOKEN", "gitlab", Severity.HIGH, "GitLab personal access token"),
    SLACK_TOKEN("SECRET_SLACK_TOKEN", "slack", Severity.HIGH, "Slack token"),
    SLACK_WEBHOOK("SECRET_SLACK_WEBHOOK", "slack-webhook", Severity.HIGH, "Slack incoming webhook URL"),
    STRIPE_KEY("SECRET_STRIPE_KEY", "stripe", Severity.HIGH, "Stripe live secret or restricted key"),
    REPLICATE_TOKEN("SECRET_REPLICATE_TOKEN", "replicate", Severity.HIGH, "Replicate API token"),
    GROQ_KEY("SECRET_GROQ_KEY", "groq", Severity.HIGH, "Groq API key"),
    PERPLEXITY_KEY("SECRET_PERPLEXITY_KEY", "perplexity", Severity.HIGH, "Perplexity API key"),
    XAI_KEY("SECRET_XAI_KEY", "xai", Severity.HIGH, "xAI API key"),
    LANGSMITH_KEY("SECRET_LANGSMITH_KEY", "langsmith", Severity.HIGH, "LangSmith API key"),
    PINECONE_KEY("SECRET_PINECONE_KEY", "pinecone", Severity.HIGH, "Pinecone API key"),
    TOGETHER_KEY("SECRET_TOGETHER_KEY", "together", Severity.HIGH, "Together AI API key"),
    TELEGRAM_BOT_TOKEN("SECRET_TELEGRAM_BOT_TOKEN", "telegram", Severity.HIGH, "Telegram bot token"),
    COHERE_KEY("SECRET_COHERE_KEY", "cohere", Severity.HIGH, "Cohere API key"),
    MISTRAL_KEY("SECRET_MISTRAL_KEY", "mistral", Severity.HIGH, "Mistral API key"),
    WANDB_KEY("SECRET_WANDB_KEY", "wandb", Severity.HIGH, "Weights & Biases API key"),
    AZURE_OPENAI_KEY("SECRET_AZURE_OPENAI_KEY", "azure-openai", Severity.HIGH, "Azure OpenAI key"),
    AWS_SECRET_KEY("SECRET_AWS_SECRET_KEY", "aws-secret", Severity.HIGH, "AWS secret access key"),
    CONNECTION_URI("SECRET_CONNECTION_URI", "connection-uri", Severity.HIGH, "database/broker connection URI with a password"),
    URL_CREDENTIALS("SECRET_URL_CREDENTIALS", "url-credentials", Severity.HIGH, "URL with user:password credentials"),
    BASIC_AUTH("SECRET_BASIC_AUTH", "basic-auth", Severity.HIGH, "HTTP Basic credentials"),
    JWT("SECRET_JWT", "jwt", Severity.MEDIUM, "JSON Web Token"),
    AWS_ACCESS_KEY_ID("SECRET_AWS_ACCESS_KEY_ID", "aws-key-id", Severity.MEDIUM, "AWS access key id (no secret key nearby)"),
    URL_TOKEN_PARAM("SECRET_URL_TOKEN_PARAM", "url-token", Severity.MEDIUM, "token in a URL query parameter"),
    GENERIC("SECRET_GENERIC", "generic", Severity.MEDIUM, "high-entropy value assigned to a secret-like name");

    private final String rule;
    private final String type;
    private final Severity severity;
    private final String description;

    SecretKind(String rule, String type, Severity severity, String description) {
        this.rule = rule;
        this.type = type;
        this.severity = severity;
        this.description = description;
    }

    /** Stable rule id, e.g. {@code SECRET_HUGGINGFACE_TOKEN}. */
    public String rule() {
        return rule;
    }

    /** Short type reported in {@link dev.aiprov.scanner.SecretRef#type()}. */
    public String type() {
        return type;
    }

    public Severity severity() {
        return severity;
    }

    public String description() {
        return description;
    }
}
