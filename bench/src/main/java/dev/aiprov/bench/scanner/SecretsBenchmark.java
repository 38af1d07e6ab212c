package dev.aiprov.bench.scanner;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.io.FileSource;
import dev.aiprov.scanner.secrets.SecretsDetector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Throughput of the secrets detector on one core: generates realistic notebooks (code, training
 * logs with tqdm bars, base64 PNG outputs), minified JSON (weights and vocabularies) and thousands
 * of small configs/cards/apps, mostly clean with a few planted (generated, fake) secrets, then scans
 * them sequentially on one thread. Prints MB/s for the large files and µs per small file, and the
 * number of findings (which must equal the number planted).
 */
public final class SecretsBenchmark {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private SecretsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        run(System.out, Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"), "aiprov-secrets-bench"));
    }

    public static void run(PrintStream out, Path workDir) throws IOException {
        Files.createDirectories(workDir);

        Random rnd = new Random(1);
        List<Path> large = new ArrayList<>();
        int planted = 0;
        for (int i = 0; i < 4; i++) {
            Path p = workDir.resolve("train-" + i + ".ipynb");
            planted += notebook(p, 48L << 20, rnd);
            large.add(p);
        }
        for (int i = 0; i < 2; i++) {
            Path p = workDir.resolve("weights-" + i + ".json");
            planted += minifiedJson(p, 64L << 20, rnd);
            large.add(p);
        }
        Path smallDir = workDir.resolve("small");
        Files.createDirectories(smallDir);
        List<Path> small = new ArrayList<>();
        int smallPlanted = 0;
        for (int i = 0; i < 5000; i++) {
            Path p = smallDir.resolve(String.format("f%05d", i) + switch (i % 4) {
                case 0 -> "-config.json";
                case 1 -> "-README.md";
                case 2 -> "-app.py";
                default -> "-tokenizer_config.json";
            });
            boolean leak = i % 500 == 7;
            Files.writeString(p, smallFile(i % 4, rnd, leak));
            if (leak) smallPlanted++;
            small.add(p);
        }
        Scanner scanner = new Scanner(Limits.defaults(), List.of(new SecretsDetector()));
        scanAll(scanner, large);
        scanAll(scanner, small.subList(0, 1000));

        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (Path p : large) bytes += Files.size(p);
        long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
        int found = scanAll(scanner, large);
        double secs = (System.nanoTime() - t0) / 1e9, cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        out.printf("secrets, large files: %d files, %.1f MB; wall %.2f s = %.0f MB/s; thread CPU %.2f s = %.0f MB/s on one core;"
                        + " findings %d (planted %d)%n", large.size(), bytes / 1e6, secs, bytes / 1e6 / secs, cpu, bytes / 1e6 / cpu,
                found, planted);
        for (Path p : large) {
            long s0 = mx.getCurrentThreadCpuTime();
            scanAll(scanner, List.of(p));
            double s = (mx.getCurrentThreadCpuTime() - s0) / 1e9;
            out.printf("  %-20s %7.1f MB  %6.0f MB/s (thread CPU)%n", p.getFileName(), Files.size(p) / 1e6, Files.size(p) / 1e6 / s);
        }
        long smallBytes = 0;
        for (Path p : small) smallBytes += Files.size(p);
        long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
        int smallFound = scanAll(scanner, small);
        double s1 = (System.nanoTime() - t1) / 1e9, cpu1 = (mx.getCurrentThreadCpuTime() - c1) / 1e9;
        out.printf("secrets, small files: %d files, %.1f MB; wall %.0f µs/file; thread CPU %.0f µs/file (%.0f MB/s); findings %d (planted %d)%n",
                small.size(), smallBytes / 1e6, s1 * 1e6 / small.size(), cpu1 * 1e6 / small.size(), smallBytes / 1e6 / cpu1,
                smallFound, smallPlanted);
    }

    private static int scanAll(Scanner scanner, List<Path> files) throws IOException {
        int n = 0;
        for (Path p : files) {
            try (FileSource src = new FileSource(p)) {
                List<FileResult> r = scanner.scan(p.toString(), src, null);
                n += r.get(0).findings().size();
            }
        }
        return n;
    }

    private static String token(Random rnd) {
        StringBuilder sb = new StringBuilder("hf_");
        for (int i = 0; i < 34; i++) sb.append(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
        return sb.toString();
    }

    private static String png(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(magic, 0, b, 0, magic.length);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A notebook of {@code target} bytes; returns the number of secrets planted (one per 16 MB). */
    private static int notebook(Path p, long target, Random rnd) throws IOException {
        int planted = 0;
        long written = 0, nextLeak = 8L << 20;
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("{\n \"cells\": [\n");
            int cell = 0;
            while (written < target) {
                StringBuilder c = new StringBuilder();
                c.append(cell == 0 ? "" : ",\n").append("  {\n   \"cell_type\": \"code\",\n   \"execution_count\": ")
                        .append(cell).append(",\n   \"metadata\": {\"id\": \"").append(new java.util.UUID(rnd.nextLong(), rnd.nextLong()))
                        .append("\"},\n   \"source\": [\n");
                String[] src = {"import os\\n", "from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\\n",
                        "token = os.environ[\\\"HF_TOKEN\\\"]\\n", "args = TrainingArguments(output_dir=\\\"out\\\", learning_rate=3e-5, num_train_epochs=3)\\n",
                        "trainer = Trainer(model=model, args=args, train_dataset=ds[\\\"train\\\"])\\n", "trainer.train()\\n"};
                for (int i = 0; i < src.length; i++) c.append("    \"").append(src[i]).append(i + 1 < src.length ? "\",\n" : "\"\n");
                c.append("   ],\n   \"outputs\": [\n    {\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\n");
                for (int i = 0; i < 120; i++) {
                    int pct = i * 100 / 120;
                    c.append("     \"Epoch ").append(i / 40 + 1).append(": ").append(pct).append("%|")
                            .append("\\u2588".repeat(pct / 10)).append(" ".repeat(10 - pct / 10)).append("| ").append(i * 8)
                            .append("/960 [00:").append(10 + i % 50).append("<00:20, ").append(30 + rnd.nextInt(9)).append(".")
                            .append(rnd.nextInt(10)).append("it/s, loss=").append(String.format("%.4f", rnd.nextDouble()))
                            .append("]\\r\\n\",\n");
                }
                c.append("     \"{'train_runtime': 123.4, 'train_samples_per_second': 77.7, 'epoch': 3.0}\\n\"\n    ]}");
                if (written >= nextLeak) {
                    c.append(",\n    {\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"Logged in with ")
                            .append(token(rnd)).append("\\n\"]}");
                    planted++;
                    nextLeak += 16L << 20;
                }
                c.append(",\n    {\"data\": {\"image/png\": \"").append(png(rnd, 96 * 1024 + rnd.nextInt(64 * 1024)))
                        .append("\", \"text/plain\": [\"<Figure size 640x480 with 1 Axes>\"]}, \"metadata\": {}, \"output_type\": \"display_data\"}\n   ]\n  }");
                w.write(c.toString());
                written += c.length();
                cell++;
            }
            w.write("\n ],\n \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n");
        }
        return planted;
    }

    /** One-line JSON: a vocabulary and float arrays; one secret in the middle. */
    private static int minifiedJson(Path p, long target, Random rnd) throws IOException {
        long written = 0;
        boolean leaked = false;
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("{\"model_type\":\"llama\",\"vocab\":{");
            int id = 0;
            while (written < target / 2) {
                StringBuilder c = new StringBuilder();
                for (int i = 0; i < 1000; i++, id++) {
                    c.append(id == 0 ? "" : ",").append('"').append(i % 3 == 0 ? "\\u0120" : "").append(word(rnd))
                            .append("\":").append(id);
                }
                w.write(c.toString());
                written += c.length();
            }
            w.write("},\"auth\":{\"hub_token\":\"" + token(rnd) + "\"},\"weights\":[");
            leaked = true;
            boolean first = true;
            while (written < target) {
                StringBuilder c = new StringBuilder();
                for (int i = 0; i < 1000; i++) {
                    c.append(first ? "" : ",").append(String.format("%.6f", rnd.nextGaussian()));
                    first = false;
                }
                w.write(c.toString());
                written += c.length();
            }
            w.write("]}");
        }
        return leaked ? 1 : 0;
    }

    private static String word(Random rnd) {
        int n = 2 + rnd.nextInt(8);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + rnd.nextInt(26)));
        return sb.toString();
    }

    private static String smallFile(int kind, Random rnd, boolean leak) {
        String secret = leak ? token(rnd) : null;
        return switch (kind) {
            case 0 -> "{\n  \"_name_or_path\": \"acme/model-" + rnd.nextInt(1000) + "\",\n  \"architectures\": [\"LlamaForCausalLM\"],\n"
                    + "  \"hidden_size\": 4096,\n  \"intermediate_size\": 11008,\n  \"num_attention_heads\": 32,\n"
                    + "  \"rope_scaling\": null,\n  \"torch_dtype\": \"bfloat16\",\n  \"transformers_version\": \"4.44.0\",\n"
                    + "  \"_commit_hash\": \"" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()) + "\",\n"
                    + (leak ? "  \"hub_token\": \"" + secret + "\",\n" : "") + "  \"vocab_size\": 32000\n}\n";
            case 1 -> "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-2-7b-hf\ntags:\n- text-generation\n---\n\n# Model\n\n"
                    + "Fine-tuned with LoRA. Set `HF_TOKEN` before running.\n\n```python\nfrom huggingface_hub import login\n"
                    + "login(token=os.environ[\"HF_TOKEN\"])\n```\n".repeat(20)
                    + (leak ? "\nlogin(\"" + secret + "\")\n" : "") + "\n| sha256 | " + Long.toHexString(rnd.nextLong()) + " |\n";
            case 2 -> "import os\nimport gradio as gr\nfrom transformers import pipeline\n\n"
                    + "pipe = pipeline(\"text-generation\", model=\"acme/model\", token=os.getenv(\"HF_TOKEN\"))\n\n"
                    + "def respond(message, history):\n    out = pipe(message, max_new_tokens=256)\n    return out[0][\"generated_text\"]\n\n".repeat(10)
                    + (leak ? "HF_TOKEN = \"" + secret + "\"\n" : "") + "gr.ChatInterface(respond).launch()\n";
            default -> "{\n  \"add_bos_token\": true,\n  \"bos_token\": \"<s>\",\n  \"eos_token\": \"</s>\",\n  \"pad_token\": null,\n"
                    + "  \"chat_template\": \"{% for message in messages %}{{ message['content'] }}{% endfor %}\",\n"
                    + "  \"model_max_length\": 4096,\n  \"tokenizer_class\": \"LlamaTokenizer\"" + (leak ? ",\n  \"token\": \"" + secret + "\"" : "") + "\n}\n";
        };
    }
}
