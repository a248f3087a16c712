package org.nonid.backend.nd4j;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.testkit.BackendAgreement;

/** The same Transformer, seed and data train to the same losses on the cpu and nd4j backends. */
class SameModelOnBothBackendsTest {
    @Test
    void lossCurvesAndPredictionsAgree() {
        CpuBackend cpu = new CpuBackend(2);
        try {
            BackendAgreement.trainsAlike(new TransformerFamily(), Map.of("dModel", 16, "heads", 4, "layers", 2,
                    "feedForward", 32, "dropout", 0.1, "positional", "learned"), cpu, new Nd4jBackend());
        } finally {
            cpu.close();
        }
    }
}
