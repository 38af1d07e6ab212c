package dev.aiprov.scanner.formats.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatTemplateRulesTest {

    private static List<String> rules(String template) {
        return ChatTemplateRules.check(template).stream().map(h -> h.rule().id()).toList();
    }

    @Test
    void wordsThatMerelyContainIndicatorsAreClean() {
        assertEquals(List.of(), rules("{{ bos_token }}{% if retrieval(x) %}{{ message.pos.x }}{% endif %}"
                + "{{ 'execute the plan' }}{{ 'system' }}{{ loop.index0 }}{{ tools | tojson(indent=4) }}"));
    }

    @Test
    void flagsOsPopenThroughAnAttrChainAsCodeExecution() {
        assertEquals(List.of("GGUF_CHAT_TEMPLATE_CODE_EXECUTION"), rules("{{ cfg.os . popen('id').read() }}"));
    }

    @Test
    void flagsGlobalsReachedThroughJinjaGlobalsAsBothInternalsAndEscape() {
        assertEquals(List.of("GGUF_CHAT_TEMPLATE_PYTHON_INTERNALS", "GGUF_CHAT_TEMPLATE_SANDBOX_ESCAPE"),
                rules("{{ cycler.__init__.__globals__ }}"));
    }

    @Test
    void flagsHexEscapedUnderscoresAsSandboxEscape() {
        assertEquals(List.of("GGUF_CHAT_TEMPLATE_SANDBOX_ESCAPE"), rules("{{ x['\\x5f\\x5fclass\\x5f\\x5f'] }}"));
    }
}
