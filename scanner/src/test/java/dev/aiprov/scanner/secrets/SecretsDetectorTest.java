package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.aiprov.scanner.secrets.Keys.rules;
import static dev.aiprov.scanner.secrets.Keys.scan;
import static dev.aiprov.scanner.secrets.Keys.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsDetectorTest {
    private final Keys keys = new Keys(42);

    private static Finding only(List<Finding> fs, String rule) {
        assertEquals(List.of(rule), rules(fs), () -> "findings: " + fs);
        return fs.get(0);
    }

    @Test
    void flagsHuggingFaceTokenWithLineOffsetRedactionAndHash() {
        String tok = keys.hf();
        String text = "import gradio as gr\n\nHF_TOKEN = \"" + tok + "\"\n";
        Finding f = only(scan("app.py", text, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(3, f.location().line());
        assertEquals(text.indexOf(tok), f.location().offset());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("hf_…" + tok.substring(tok.length() - 4), f.secret().redacted());
        assertEquals(sha(tok), f.secret().sha256());
        assertEquals("huggingface", f.secret().type());
    }

    @Test
    void flagsEveryPrefixedFamilyWithItsOwnRule() {
        Map<String, String> samples = new java.util.LinkedHashMap<>();
        samples.put("SECRET_HUGGINGFACE_ORG_TOKEN", keys.hfOrg());
        samples.put("SECRET_OPENAI_KEY", keys.openaiProject());
        samples.put("SECRET_ANTHROPIC_KEY", keys.anthropic());
        samples.put("SECRET_GOOGLE_API_KEY", "AIza" + keys.random(Keys.URLSAFE, 35).replace('-', 'x').replace('_', 'y'));
        samples.put("SECRET_GITHUB_TOKEN", keys.github("ghp_"));
        samples.put("SECRET_GITHUB_FINE_GRAINED_PAT", "github_pat_" + keys.random(Keys.ALNUM, 22) + "_" + keys.random(Keys.ALNUM, 59));
        samples.put("SECRET_GITLAB_TOKEN", "glpat-" + keys.random(Keys.ALNUM, 20));
        samples.put("SECRET_SLACK_TOKEN", "xoxb-" + keys.random(Keys.DIGITS, 11) + "-" + keys.random(Keys.DIGITS, 12) + "-" + keys.random(Keys.ALNUM, 24));
        samples.put("SECRET_STRIPE_KEY", "sk_live_" + keys.random(Keys.ALNUM, 24));
        samples.put("SECRET_REPLICATE_TOKEN", "r8_" + keys.random(Keys.ALNUM, 37));
        samples.put("SECRET_GROQ_KEY", "gsk_" + keys.random(Keys.ALNUM, 52));
        samples.put("SECRET_PERPLEXITY_KEY", "pplx-" + keys.random(Keys.ALNUM, 48));
        samples.put("SECRET_XAI_KEY", "xai-" + keys.random(Keys.ALNUM, 80));
        samples.put("SECRET_LANGSMITH_KEY", "lsv2_pt_" + keys.random(Keys.HEX, 32) + "_" + keys.random(Keys.HEX, 10));
        samples.put("SECRET_PINECONE_KEY", "pcsk_" + keys.random(Keys.ALNUM, 5) + "_" + keys.random(Keys.ALNUM, 64));
        samples.put("SECRET_TELEGRAM_BOT_TOKEN", keys.random("123456789", 10) + ":AA" + keys.random(Keys.ALNUM, 33));
        samples.put("SECRET_OPENROUTER_KEY", "sk-or-v1-" + keys.random(Keys.HEX, 64));
        for (var e : samples.entrySet()) {
            String text = "config:\n  value: \"" + e.getValue() + "\"\n";
            Finding f = only(scan("settings.yaml", text, e.getValue()), e.getKey());
            assertEquals(2, f.location().line(), e.getKey());
            assertEquals(sha(e.getValue()), f.secret().sha256(), e.getKey());
        }
    }

    @Test
    void flagsLegacyOpenAiKeyAndGithubTokensOfEveryKind() {
        String legacy = keys.openaiLegacy();
        assertEquals("SECRET_OPENAI_KEY", only(scan("a.env", "OPENAI_API_KEY=" + legacy + "\n", legacy), "SECRET_OPENAI_KEY").rule());
        for (String p : List.of("gho_", "ghu_", "ghs_", "ghr_")) {
            String t = keys.github(p);
            only(scan("x.txt", "token " + t + "\n", t), "SECRET_GITHUB_TOKEN");
        }
    }

    @Test
    void findsTokenRightAfterAnEscapedNewlineInsideAJsonString() {
        String tok = keys.hf();
        String json = "{\"text\": \"login ok\\n" + tok + "\\n\"}";
        Finding f = only(scan("out.json", json, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(json.indexOf(tok), f.location().offset());
    }

    @Test
    void rejectsGithubTokenWithBadChecksum() {
        String good = keys.github("ghp_");
        char last = good.charAt(good.length() - 1);
        String bad = good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertEquals(List.of(), scan("x.txt", "value " + bad + "\n"));
    }

    @Test
    void rejectsTokensOfTheWrongLengthOrAlphabet() {
        String hf = keys.hf();
        String text = "a " + hf + "Q\nb " + hf.substring(0, 30) + "\nc " + hf + "9\n"
                + "d AIza" + keys.random(Keys.ALNUM, 30) + "\n";
        assertEquals(List.of(), scan("x.txt", text));
    }

    @Test
    void ignoresPlaceholdersAndEnvironmentReads() {
        String text = """
                HF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                HF_TOKEN = "hf_XXXXXXXX"
                token = "<your-token>"
                OPENAI_API_KEY = "sk-..."
                api_key = "YOUR_API_KEY"
                hf_token: ${HF_TOKEN}
                other = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"
                secret_key = "example_secret_abcd1234efgh5678"
                token = "dummy-token-8f3kd93kd93kd93kd9"
                api_key = "fake9d8s7f6g5h4j3k2l1qwerty"
                password = "aaaaaaaaaaaaaaaaaaaaaaaa"
                token = os.environ["HF_TOKEN"]
                token = os.getenv("HF_TOKEN")
                key = userdata.get('HF_TOKEN')
                api_key = st.secrets["OPENAI_API_KEY"]
                AWS_SECRET_ACCESS_KEY={{ secrets.AWS_SECRET_ACCESS_KEY }}
                """;
        assertEquals(List.of(), scan("app.py", text));
    }

    @Test
    void recognisesUnprefixedKeysByTheirContext() {
        String cohere = keys.random(Keys.ALNUM, 40);
        String mistral = keys.random(Keys.ALNUM, 32);
        String wandb = keys.random(Keys.HEX, 40);
        String azure = keys.random(Keys.HEX, 32);
        String pine = java.util.UUID.nameUUIDFromBytes(new byte[]{1, 2, 3}).toString();
        String together = keys.random(Keys.HEX, 64);
        String text = "import cohere\nco = cohere.Client(\"" + cohere + "\")\n"
                + "client = Mistral(api_key=\"" + mistral + "\")\n"
                + "wandb.login(key=\"" + wandb + "\")\n"
                + "AZURE_OPENAI_API_KEY=" + azure + "\n"
                + "PINECONE_API_KEY = '" + pine + "'\n"
                + "TOGETHER_API_KEY: " + together + "\n";
        List<Finding> fs = scan("app.py", text, cohere, mistral, wandb, azure, pine, together);
        assertEquals(List.of("SECRET_COHERE_KEY", "SECRET_MISTRAL_KEY", "SECRET_WANDB_KEY", "SECRET_AZURE_OPENAI_KEY",
                "SECRET_PINECONE_KEY", "SECRET_TOGETHER_KEY"), rules(fs));
        assertEquals(List.of(2, 3, 4, 5, 6, 7), fs.stream().map(f -> f.location().line()).toList());
    }

    @Test
    void flagsWandbKeyInNetrcButNotGitShasElsewhere() {
        String wandb = keys.random(Keys.HEX, 40);
        Finding f = only(scan(".netrc", "machine api.wandb.ai\n  login user\n  password " + wandb + "\n", wandb),
                "SECRET_WANDB_KEY");
        assertEquals(3, f.location().line());
        String sha = keys.random(Keys.HEX, 40);
        String uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        assertEquals(List.of(), scan("config.json", "{\"sha\": \"" + sha + "\", \"_commit_hash\": \"" + sha
                + "\", \"id\": \"" + uuid + "\", \"run_id\": \"" + uuid + "\"}"));
    }

    @Test
    void reportsAwsKeyIdTogetherWithItsSecret() {
        String id = keys.awsId(), secret = keys.awsSecret();
        String text = "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
        Finding f = only(scan("credentials", text, id + secret, secret), "SECRET_AWS_CREDENTIALS");
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(2, f.location().line());
        assertEquals(sha(id + ":" + secret), f.secret().sha256());
        Finding alone = only(scan("x.txt", "key id " + id + "\n"), "SECRET_AWS_ACCESS_KEY_ID");
        assertEquals(Severity.MEDIUM, alone.severity());
    }

    @Test
    void flagsServiceAccountJsonWithEscapedPemNewlines() {
        String body = keys.random(Keys.ALNUM + "+/", 64) + "\\n" + keys.random(Keys.ALNUM + "+/", 64) + "\\n"
                + keys.random(Keys.ALNUM + "+/", 40);
        String json = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo-project\",\n"
                + "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\\n\",\n"
                + "  \"client_email\": \"svc@demo-project.iam.gserviceaccount.com\"\n}\n";
        Finding f = only(scan("sa.json", json, body.replace("\\n", "")), "SECRET_GCP_SERVICE_ACCOUNT");
        assertEquals(4, f.location().line());
        assertEquals(Severity.CRITICAL, f.severity());
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + keys.random(Keys.ALNUM, 64) + "\n" + keys.random(Keys.ALNUM, 64)
                + "\n-----END RSA PRIVATE KEY-----\n";
        only(scan("id_rsa", "\n" + pem), "SECRET_PRIVATE_KEY");
        assertEquals(List.of(), scan("k.pem", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"));
    }

    @Test
    void flagsJwtOnlyWithADecodableHeaderNamingAlg() {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String jwt = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString("{\"sub\":\"1234567890\",\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + keys.random(Keys.URLSAFE, 43);
        only(scan("req.txt", "Authorization: Bearer " + jwt + "\n", jwt), "SECRET_JWT");
        String noAlg = enc.encodeToString("{\"typ\":\"JWT\",\"kid\":\"abc\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString("{\"sub\":\"1234567890\"}".getBytes(StandardCharsets.UTF_8)) + "." + keys.random(Keys.URLSAFE, 43);
        assertEquals(List.of(), scan("req.txt", "x " + noAlg + "\n"));
    }

    @Test
    void flagsConnectionUrisAndUrlCredentialsButNotDummyPasswords() {
        String pw = keys.random(Keys.ALNUM, 18);
        String tok = keys.random(Keys.ALNUM, 32);
        String text = "DATABASE_URL=postgresql://app:" + pw + "@db.internal:5432/prod\n"
                + "MONGO=mongodb+srv://admin:" + pw + "x@cluster0.mongodb.net/test\n"
                + "mirror: https://deploy:" + pw + "y@git.example.org/repo.git\n"
                + "url = \"https://api.example.org/v1/infer?model=x&access_token=" + tok + "&n=1\"\n"
                + "LOCAL=postgres://user:password@localhost/db\n"
                + "CACHE=redis://:${REDIS_PASSWORD}@cache:6379/0\n"
                + "DOCS=https://huggingface.co/docs?token=<your-token>\n";
        List<Finding> fs = scan(".env", text, pw, tok);
        assertEquals(List.of("SECRET_CONNECTION_URI", "SECRET_CONNECTION_URI", "SECRET_URL_CREDENTIALS",
                "SECRET_URL_TOKEN_PARAM"), rules(fs));
        assertEquals("postgresql://app:…" + pw.substring(14), fs.get(0).secret().redacted());
        assertEquals(sha(pw), fs.get(0).secret().sha256());
        assertEquals(List.of(1, 2, 3, 4), fs.stream().map(f -> f.location().line()).toList());
    }

    @Test
    void flagsSlackWebhook() {
        String url = "https://hooks.slack.com/services/T" + keys.random(Keys.UPPER + Keys.DIGITS, 8) + "/B"
                + keys.random(Keys.UPPER + Keys.DIGITS, 10) + "/" + keys.random(Keys.ALNUM, 24);
        only(scan("notify.py", "WEBHOOK = \"" + url + "\"\n", url), "SECRET_SLACK_WEBHOOK");
    }

    @Test
    void flagsGenericHighEntropySecretAtLowerSeverityOnly() {
        String v = keys.random(Keys.ALNUM, 28);
        Finding f = only(scan("settings.py", "DJANGO_SECRET_KEY = \"" + v + "\"\n", v), "SECRET_GENERIC");
        assertEquals(Severity.MEDIUM, f.severity());
        String text = """
                {"pad_token": "<pad>", "eos_token_id": 2, "max_tokens": 4096, "tokenizer_class": "BertTokenizer",
                 "token_type_ids": "a8977699a3d0820e80129fb3c93c20fb", "sha256": "68d45e234eb4a928074dfd868cead0219ab85354cc53d20e772753c6bb9169d3",
                 "password_hint": "Qm9vayBvZiB0aGUgTW9udGg1", "token": "tokenizer_config_for_bert_base", "api_key_env": "OPENAI_API_KEY"}
                """;
        assertEquals(List.of(), scan("config.json", text));
    }

    @Test
    void joinsConcatenatedStringLiterals() {
        String tok = keys.hf();
        String text = "x = 1\ntoken = \"hf_\" + \"" + tok.substring(3, 20) + "\" +\n    \"" + tok.substring(20) + "\"\n";
        Finding f = only(scan("app.py", text, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(2, f.location().line());
        assertEquals(text.indexOf("\"hf_\"") + 1, f.location().offset());
        assertEquals(sha(tok), f.secret().sha256());
        assertTrue(f.message().contains("concatenated"));
    }

    @Test
    void decodesJsonUnicodeEscapesAndPercentEncoding() {
        String tok = keys.hf();
        String esc = "\\u0068\\u0066\\u005f" + tok.substring(3);
        String json = "{\n \"a\": 1,\n \"t\": \"" + esc + "\"\n}\n";
        Finding f = only(scan("c.json", json, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(3, f.location().line());
        assertEquals(json.indexOf("\\u0068"), f.location().offset());
        assertEquals(sha(tok), f.secret().sha256());
        String tok2 = keys.hf();
        String url = "see https://example.org/cb?next=%2Fhome%3Fx%3D" + "hf%5F" + tok2.substring(3) + " now\n";
        Finding g = only(scan("log.txt", url, tok2), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(sha(tok2), g.secret().sha256());
    }

    @Test
    void decodesBase64InBasicAuthAndKubernetesSecrets() {
        String pw = keys.random(Keys.ALNUM, 20);
        String basic = Base64.getEncoder().encodeToString(("deploy:" + pw).getBytes(StandardCharsets.UTF_8));
        Finding b = only(scan("req.http", "GET / HTTP/1.1\nAuthorization: Basic " + basic + "\n", pw), "SECRET_BASIC_AUTH");
        assertEquals(2, b.location().line());
        String tok = keys.hf();
        String k8s = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: hf\ndata:\n  HF_TOKEN: "
                + Base64.getEncoder().encodeToString(tok.getBytes(StandardCharsets.UTF_8)) + "\n";
        Finding f = only(scan("secret.yaml", k8s, tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(6, f.location().line());
        assertEquals(sha(tok), f.secret().sha256());
        assertTrue(f.message().contains("base64"));
    }

    @Test
    void findsOneSecretInTheMiddleOfMegabytesOfMinifiedJson() {
        String tok = keys.hf();
        StringBuilder sb = new StringBuilder("{\"weights\":[");
        while (sb.length() < 3_000_000) sb.append("0.0123456789,-1.5e-3,").append(sb.length() % 997).append(',');
        sb.append("1],\"auth\":{\"hub\":\"").append(tok).append("\"},\"more\":[");
        int at = sb.indexOf(tok);
        while (sb.length() < 6_000_000) sb.append("{\"k\":\"v\",\"n\":12345},");
        sb.append("{}]}");
        Finding f = only(scan("big.json", sb.toString(), tok), "SECRET_HUGGINGFACE_TOKEN");
        assertEquals(at, f.location().offset());
        assertEquals(1, f.location().line());
    }

    @Test
    void findsSecretsOnBothSidesOfAWindowBoundaryOnceWithTheirLines() {
        String a = keys.hf(), b = keys.hf(), c = keys.github("ghp_");
        StringBuilder sb = new StringBuilder();
        int line = 1;
        while (sb.length() < SecretsDetector.WINDOW - 20) {
            sb.append("some log line number ").append(line).append('\n');
            line++;
        }
        int lineA = line;
        sb.append("tok ").append(a).append('\n');
        line++;
        while (sb.length() < SecretsDetector.WINDOW + 5000) {
            sb.append("x\n");
            line++;
        }
        sb.append(b).append(' ').append(c).append('\n');
        List<Finding> fs = scan("app.log", sb.toString(), a, b, c);
        assertEquals(List.of("SECRET_HUGGINGFACE_TOKEN", "SECRET_HUGGINGFACE_TOKEN", "SECRET_GITHUB_TOKEN"), rules(fs));
        assertEquals(lineA, fs.get(0).location().line());
        assertEquals(line, fs.get(1).location().line());
        assertEquals(line, fs.get(2).location().line());
    }

    @Test
    void hostileRepetitionsOfAnchorsYieldNoFindings() {
        String text = "-----BEGIN PRIVATE KEY-----\n".repeat(40_000) + "AKIAIOSFODNN7ABCDEFG ".repeat(5_000)
                + "\"a\" + \"b\" + ".repeat(20_000) + "\\u0041".repeat(50_000) + "k=".repeat(50_000);
        List<Finding> fs = scan("hostile.txt", text);
        assertTrue(fs.stream().allMatch(f -> f.rule().equals("SECRET_AWS_ACCESS_KEY_ID")), () -> "findings: " + rules(fs));
    }

    @Test
    void rejectsBinaryHeadsAndAcceptsTextNames() {
        assertTrue(TextProbe.isText(new dev.aiprov.scanner.Probe("app.py", 10, "import os\n".getBytes(), new byte[0])));
        assertTrue(!TextProbe.isText(new dev.aiprov.scanner.Probe("model.bin", 4, new byte[]{(byte) 0x80, 2, 0, 'c'}, new byte[0])));
        assertTrue(!TextProbe.isText(new dev.aiprov.scanner.Probe("x.md", 4, new byte[]{'a', 0, 'b', 'c'}, new byte[0])));
    }
}
