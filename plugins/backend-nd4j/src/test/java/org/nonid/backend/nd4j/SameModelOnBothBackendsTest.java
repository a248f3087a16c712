package org.nonid.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.nn.optim.AdamW;

/** The same Transformer, seed and data train to the same losses on the cpu and nd4j backends. */
class SameModelOnBothBackendsTest {

    private static double[] train(ComputeBackend backend, TokenBatch batch, int steps, float[] logProbsOut) {
        TransformerFamily family = new TransformerFamily();
        Config hp = family.hyperparameters().resolve("model", Map.of("dModel", 16, "heads", 4, "layers", 2,
                "feedForward", 32, "dropout", 0.1, "positional", "learned"));
        double[] losses = new double[steps];
        try (Model model = family.create(new ModelContext(backend, 5, 12, 42), hp);
             AdamW optimizer = new AdamW(backend, model.parameters(), 0.9f, 0.999f, 1e-8f, 0.01f)) {
            for (int s = 0; s < steps; s++) {
                for (Parameter p : model.parameters()) {
                    backend.fill(p.gradient(), 0f);
                }
                losses[s] = model.lossAndGradients(batch);
                optimizer.step(3e-3f);
            }
            model.setTraining(false);
            try (Decoder d = model.decoder(2, 4)) {
                d.step(new int[] {0, 0});
                float[] lp = d.step(new int[] {3, 4});
                System.arraycopy(lp, 0, logProbsOut, 0, lp.length);
            }
        }
        return losses;
    }

    @Test
    void lossCurvesAndPredictionsAgree() {
        SplittableRandom r = new SplittableRandom(3);
        int batch = 4;
        int length = 9;
        int[] inputs = new int[batch * length];
        int[] targets = new int[batch * length];
        float[] weights = new float[batch * length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i % length == 0 ? 0 : 1 + r.nextInt(4);
            targets[i] = 1 + r.nextInt(4);
            weights[i] = 1f / inputs.length;
        }
        TokenBatch tb = new TokenBatch(batch, length, inputs, targets, weights);
        float[] cpuLogProbs = new float[10];
        float[] nd4jLogProbs = new float[10];
        CpuBackend cpu = new CpuBackend(2);
        double[] onCpu = train(cpu, tb, 30, cpuLogProbs);
        double[] onNd4j = train(new Nd4jBackend(), tb, 30, nd4jLogProbs);
        cpu.close();
        for (int s = 0; s < onCpu.length; s++) {
            assertEquals(onNd4j[s], onCpu[s], 1e-3 * Math.max(1, Math.abs(onNd4j[s])), "step " + s);
        }
        assertEquals(true, onCpu[29] < onCpu[0] - 0.2, "the loss fell: " + onCpu[0] + " -> " + onCpu[29]);
        for (int i = 0; i < cpuLogProbs.length; i++) {
            assertEquals(nd4jLogProbs[i], cpuLogProbs[i], 2e-3, "log-probability " + i);
        }
    }
}
