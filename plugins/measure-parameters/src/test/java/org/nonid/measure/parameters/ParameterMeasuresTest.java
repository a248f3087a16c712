package org.nonid.measure.parameters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.nn.ParameterValues;
import org.nonid.reparam.core.FfnRescale;
import org.nonid.testkit.FixedMeasureContext;

class ParameterMeasuresTest {
    private static final AnBnLanguage PLUGIN = new AnBnLanguage();
    private static final FormalLanguage ANBN = PLUGIN.create(PLUGIN.parameters().resolve("language", Map.of("maxLength", 8)));

    static List<float[]> values(Model model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(model.backend().download(p.value()));
        }
        return out;
    }

    static MeasureContext context(Model model, List<float[]> start) {
        return FixedMeasureContext.of(model, ANBN).withPromptLength(4).withInitialParameters(start);
    }

    @Test
    void aReparametrisationMovesTheParametersButNotTheFunction() {
        Model model = SharpnessTest.tiny();
        List<float[]> start = values(model);
        new FfnRescale().apply(model, new FfnRescale().parameters().resolve("r", Map.of("alpha", 10)));
        List<float[]> rescaled = values(model);
        Map<String, Double> distance = new FunctionDistanceMeasure().evaluate(context(model, start));
        assertEquals(0, distance.get("val/kl_from_start"), 1e-6, "the same function, up to float rounding");
        Map<String, Double> norms = new ParameterNormsMeasure().evaluate(context(model, start));
        double moved = 0;
        for (int i = 0; i < start.size(); i++) {
            for (int j = 0; j < start.get(i).length; j++) {
                moved += Math.pow((double) rescaled.get(i)[j] - start.get(i)[j], 2);
            }
        }
        assertEquals(Math.sqrt(moved), norms.get("params/distance_from_start"), 1e-9 * Math.sqrt(moved));
        assertTrue(norms.get("params/distance_from_start") > 1, "other parameters");
        double ff2 = 0;
        for (float v : ParameterValues.read(model, "layers.0.ff2.weight")) {
            ff2 += (double) v * v;
        }
        assertEquals(Math.sqrt(ff2), norms.get("params/norm_tensor_layers.0.ff2.weight"), 1e-9);
        assertTrue(norms.containsKey("params/norm_layer_layers.0") && norms.containsKey("params/norm_layer_embedding"));
        for (int i = 0; i < rescaled.size(); i++) {
            assertArrayEquals(rescaled.get(i), values(model).get(i), "the measure puts the current parameters back");
        }
    }

    @Test
    void aChangedFunctionIsSomeDistanceAway() {
        Model model = SharpnessTest.tiny();
        List<float[]> start = values(model);
        ParameterValues.scale(model, "head.weight", 1.5);
        double d = new FunctionDistanceMeasure().evaluate(context(model, start)).get("val/kl_from_start");
        assertTrue(d > 1e-4, "moved by " + d);
    }
}
