package org.nonid.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownNameTest {
    private static final List<String> SECTIONS = List.of("name", "description", "language", "languages", "model",
            "models", "training", "evaluation", "reference", "conditions", "measures", "seed", "seeds", "backend",
            "sweep", "method", "parameters", "count", "run_cap", "parts", "finetune");

    @Test
    void aMisspeltKeyComesFirst() {
        assertEquals("training", UnknownName.nearest("trainig", SECTIONS, 3).get(0));
        assertEquals("unknown key 'model.dropuot'; nearest: model.dropout, model.dModel, model.heads",
                UnknownName.message("key", "model.dropuot",
                        List.of("model.dModel", "model.heads", "model.layers", "model.dropout")));
    }

    @Test
    void theLastDottedPartAloneIsMatchedToo() {
        assertEquals("training.steps",
                UnknownName.nearest("training.stpes", List.of("training.lr", "evaluation.every", "training.steps"), 1)
                        .get(0));
        assertEquals("trainSize", UnknownName.nearest("num_train", List.of("maxLength", "trainSize", "testSize"), 1)
                .get(0));
    }

    @Test
    void neverMoreThanTheFewNearest() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add("key" + i);
        }
        String message = UnknownName.message("key", "colour", many);
        assertEquals(3, message.substring(message.indexOf("nearest: ") + 9).split(", ").length, message);
        assertTrue(message.length() < 80, message);
        assertEquals("unknown measure 'x' (there are none)", UnknownName.message("measure", "x", List.of()));
    }
}
