package com.example.nonid;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nonid.testkit.LanguageConformance;

class AnB2nLanguageTest {

    @TestFactory
    Stream<DynamicTest> theLanguageKitPasses() {
        LanguageConformance kit = new LanguageConformance(new AnB2nLanguage(), Map.of("maxLength", 12))
                .grammatical("abb", "aabbbb", "aaabbbbbb")
                .ungrammatical("ab", "abbb", "bba", "aabbbbb", "aaaaabbbbbbbbbb")
                .rule("R1", "abb", true).rule("R1", "bab", true).rule("R1", "aabb", false)
                .rule("R2", "aabbbb", true).rule("R2", "abab", false);
        return kit.checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> c.body().run()));
    }
}
