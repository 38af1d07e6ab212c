package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.Severity;

/**
 * The credential families the secrets detector knows, each with its {@link Rule} (which gives the
 * severity) and the {@link dev.aiprov.scanner.SecretRef#type()} it reports. Declaration order is
 * strength order: when two matches overlap, the one declared first wins (so a Hugging Face token
 * assigned to {@code token = "..."} is reported once, as a Hugging Face token, not also as generic).
 */
public enum SecretKind {
    PRIVATE_KEY(Rule.SECRET_PRIVATE_KEY, "private-key", "PEM private key"),
    GCP_SERVICE_ACCOUNT(Rule.SECRET_GCP_SERVICE_ACCOUNT, "gcp-service-account",
            "Google Cloud service-account key (private_key with client_email)"),
    AWS_CREDENTIALS(Rule.SECRET_AWS_CREDENTIALS, "aws", "AWS access key id with its secret key"),
    HUGGINGFACE_TOKEN(Rule.SECRET_HUGGINGFACE_TOKEN, "huggingface", "Hugging Face user access token"),
    HUGGINGFACE_ORG_TOKEN(Rule.SECRET_HUGGINGFACE_ORG_TOKEN, "huggingface-org", "Hugging Face organization API token"),
    OPENAI_KEY(Rule.SECRET_OPENAI_KEY, "openai", "OpenAI API key"),
    OPENROUTER_KEY(Rule.SECRET_OPENROUTER_KEY, "openrouter", "OpenRouter API key"),
    ANTHROPIC_KEY(Rule.SECRET_ANTHROPIC_KEY, "anthropic", "Anthropic API key"),
    GOOGLE_API_KEY(Rule.SECRET_GOOGLE_API_KEY, "google-api-key", "Google API key"),
    GITHUB_TOKEN(Rule.SECRET_GITHUB_TOKEN, "github", "GitHub token (checksum valid)"),
    GITHUB_FINE_GRAINED_PAT(Rule.SECRET_GITHUB_FINE_GRAINED_PAT, "github-pat", "GitHub fine-grained personal access token"),
    GITLAB_TOKEN(Rule.SECRET_GITLAB_TOKEN, "gitlab", "GitLab personal access token"),
    SLACK_TOKEN(Rule.SECRET_SLACK_TOKEN, "slack", "Slack token"),
    SLACK_WEBHOOK(Rule.SECRET_SLACK_WEBHOOK, "slack-webhook", "Slack incoming webhook URL"),
    STRIPE_KEY(Rule.SECRET_STRIPE_KEY, "stripe", "Stripe live secret or restricted key"),
    REPLICATE_TOKEN(Rule.SECRET_REPLICATE_TOKEN, "replicate", "Replicate API token"),
    GROQ_KEY(Rule.SECRET_GROQ_KEY, "groq", "Groq API key"),
    PERPLEXITY_KEY(Rule.SECRET_PERPLEXITY_KEY, "perplexity", "Perplexity API key"),
    XAI_KEY(Rule.SECRET_XAI_KEY, "xai", "xAI API key"),
    LANGSMITH_KEY(Rule.SECRET_LANGSMITH_KEY, "langsmith", "LangSmith API key"),
    PINECONE_KEY(Rule.SECRET_PINECONE_KEY, "pinecone", "Pinecone API key"),
    TOGETHER_KEY(Rule.SECRET_TOGETHER_KEY, "together", "Together AI API key"),
    TELEGRAM_BOT_TOKEN(Rule.SECRET_TELEGRAM_BOT_TOKEN, "telegram", "Telegram bot token"),
    COHERE_KEY(Rule.SECRET_COHERE_KEY, "cohere", "Cohere API key"),
    MISTRAL_KEY(Rule.SECRET_MISTRAL_KEY, "mistral", "Mistral API key"),
    WANDB_KEY(Rule.SECRET_WANDB_KEY, "wandb", "Weights & Biases API key"),
    AZURE_OPENAI_KEY(Rule.SECRET_AZURE_OPENAI_KEY, "azure-openai", "Azure OpenAI key"),
    AWS_SECRET_KEY(Rule.SECRET_AWS_SECRET_KEY, "aws-secret", "AWS secret access key"),
    CONNECTION_URI(Rule.SECRET_CONNECTION_URI, "connection-uri", "database/broker connection URI with a password"),
    URL_CREDENTIALS(Rule.SECRET_URL_CREDENTIALS, "url-credentials", "URL with user:password credentials"),
    BASIC_AUTH(Rule.SECRET_BASIC_AUTH, "basic-auth", "HTTP Basic credentials"),
    JWT(Rule.SECRET_JWT, "jwt", "JSON Web Token"),
    AWS_ACCESS_KEY_ID(Rule.SECRET_AWS_ACCESS_KEY_ID, "aws-key-id", "AWS access key id (no secret key nearby)"),
    URL_TOKEN_PARAM(Rule.SECRET_URL_TOKEN_PARAM, "url-token", "token in a URL query parameter"),
    GENERIC(Rule.SECRET_GENERIC, "generic", "high-entropy value assigned to a secret-like name");

    private final Rule rule;
    private final String type;
    private final String description;

    SecretKind(Rule rule, String type, String description) {
        this.rule = rule;
        this.type = type;
        this.description = description;
    }

    /** The rule findings of this kind carry, e.g. {@code SECRET_HUGGINGFACE_TOKEN}. */
    public Rule rule() {
        return rule;
    }

    /** Short type reported in {@link dev.aiprov.scanner.SecretRef#type()}. */
    public String type() {
        return type;
    }

    public Severity severity() {
        return rule.severity();
    }

    public String description() {
        return description;
    }
}
