package com.example.nonid;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nonid.testkit.ModelConformance;

class BigramFamilyTest {

    @TestFactory
    Stream<DynamicTest> theModelKitPasses() {
        return new ModelConformance(new BigramFamily(), Map.of("initScale", 0.5)).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> c.body().run()));
    }
}
