package dev.aiprov.bench.scanner;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Scanner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shows that the safetensors and GGUF detectors cost their headers, not their tensors: builds a
 * sparse safetensors file and a sparse GGUF file, each declaring 4 GiB of tensor data, scans them
 * repeatedly and prints files per second and bytes read per file.
 */
public final class FormatsBenchmark {
    private static final long DATA = 4L << 30;
    private static final int TENSORS = 1024;
    private static final long SECONDS = 3;

    private FormatsBenchmark() {
    }

    public static void run(PrintStream out, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path st = safetensors(workDir.resolve("bench-sparse.safetensors"));
            Path gguf = gguf(workDir.resolve("bench-sparse.gguf"));
            Scanner scanner = Scanner.withDefaults();
            measure(out, scanner, st);
            measure(out, scanner, gguf);
            Files.deleteIfExists(st);
            Files.deleteIfExists(gguf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void measure(PrintStream out, Scanner scanner, Path file) throws IOException {
        FileResult first;
        try (var src = new dev.aiprov.scanner.io.FileSource(file)) {
            first = scanner.scan(file.toString(), src, null).get(0);
        }
        for (long warm = System.nanoTime(); System.nanoTime() - warm < 1_000_000_000L; ) {
            try (var src = new dev.aiprov.scanner.io.FileSource(file)) {
                scanner.scan(file.toString(), src, null);
            }
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long files = 0;
        long bytes = 0;
        while (System.nanoTime() - start < SECONDS * 1_000_000_000L) {
            // scan without the SHA-256 pass, which would read the whole (sparse) file
            try (var src = new dev.aiprov.scanner.io.FileSource(file)) {
                List<FileResult> r = scanner.scan(file.toString(), src, null);
                bytes += r.get(0).bytesRead();
            }
            files++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        out.printf("%s: size %,d bytes, format %s, judged %s, findings %d%n", file.getFileName(), Files.size(file),
                first.format(), first.judged(), first.findings().size());
        out.printf("  %,.0f files/s wall (%,.0f per CPU-second) over %d scans, %,d bytes read per file (%.4f%% of"
                + " the file)%n", files / secs, files / cpu, files, bytes / files, 100.0 * bytes / files / Files.size(file));
    }

    private static Path safetensors(Path file) throws IOException {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long per = DATA / TENSORS;
        for (int i = 0; i < TENSORS; i++) {
            h.append(",\"layers.").append(i).append(".weight\":{\"dtype\":\"F32\",\"shape\":[").append(per / 4 / 1024)
                    .append(",1024],\"data_offsets\":[").append(i * per).append(',').append((i + 1) * per).append("]}");
        }
        h.append('}');
        while (h.length() % 8 != 0) h.append(' ');
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + DATA);
        }
        return file;
    }

    private static Path gguf(Path file) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int vocab = 32_000;
        b.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        u32(b, 3);
        u64(b, TENSORS);
        u64(b, 3);
        str(b, "general.architecture");
        u32(b, 8);
        str(b, "llama");
        str(b, "tokenizer.ggml.tokens");
        u32(b, 9);
        u32(b, 8);
        u64(b, vocab);
        for (int i = 0; i < vocab; i++) str(b, "tok" + i);
        str(b, "tokenizer.chat_template");
        u32(b, 8);
        str(b, "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
                + " + '<|im_end|>\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}");
        long per = DATA / TENSORS;
        for (int i = 0; i < TENSORS; i++) {
            str(b, "blk." + i + ".weight");
            u32(b, 2);
            u64(b, per / 4 / 1024);
            u64(b, 1024);
            u32(b, 0);
            u64(b, i * per);
        }
        while (b.size() % 32 != 0) b.write(0);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(b.toByteArray());
            f.setLength(b.size() + DATA);
        }
        return file;
    }

    private static void str(ByteArrayOutputStream b, String s) {
        byte[] x = s.getBytes(StandardCharsets.UTF_8);
        u64(b, x.length);
        b.writeBytes(x);
    }

    private static void u32(ByteArrayOutputStream b, long v) {
        b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    private static void u64(ByteArrayOutputStream b, long v) {
        b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
