package org.nonid.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Availability;

/**
 * What the backend says and does where it cannot run (every machine without an NVIDIA driver and
 * GPU), and that it loads nothing native before it is asked.
 */
class CudaAvailabilityTest {
    private static final CudaBackend BACKEND = new CudaBackend();

    @Test
    void nothingIsLoadedBeforeTheFirstCheck() {
        assertTrue(new CudaBackend().availabilityIfKnown().isEmpty());
        assertEquals("cuda", BACKEND.name());
    }

    @Test
    void theReasonNamesWhatIsMissingOrTheDeviceIsDescribed() {
        Availability a = BACKEND.availability();
        Map<String, String> facts = BACKEND.facts();
        if (a.usable()) {
            assertTrue(facts.get("device").contains("of"), facts.toString());
            assertTrue(facts.get("compute capability").matches("\\d+\\.\\d"), facts.toString());
            return;
        }
        System.out.println("cuda backend unavailable here: " + a.reason());
        assertTrue(a.reason().matches("(?s).*(libcuda\\.so\\.1|libcudart|no CUDA device|cuBLAS|NVRTC).*"),
                "the reason names the missing piece: " + a.reason());
        assertEquals(a.reason(), facts.get("reason"));
        assertTrue(facts.get("needs").contains("NVIDIA driver"), facts.toString());
        assertEquals(a, BACKEND.availabilityIfKnown().orElseThrow());
    }

    @Test
    void withoutADeviceEveryKernelFailsWithTheReason() {
        Availability a = BACKEND.availability();
        assumeFalse(a.usable(), "a GPU is present: the GPU suites run instead");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BACKEND.zeros(3));
        assertTrue(e.getMessage().contains(a.reason()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> BACKEND.upload(new float[] {1f}, 1));
        assertThrows(IllegalStateException.class, () -> BACKEND.crossEntropy(null, 1, 1, new int[] {0}, null, null));
        assertFalse(BACKEND.availability().usable(), "asking again gives the same answer");
    }

    @Test
    void aSecondBackendInTheSameProcessGivesTheSameReason() {
        Availability first = BACKEND.availability();
        assumeFalse(first.usable(), "a GPU is present");
        String again = new CudaBackend().availability().reason();
        assertEquals(first.reason(), again);
        assertTrue(again.contains("cannot open shared object file") || again.contains("no CUDA device"),
                "the missing library is named again, not only 'not on java.library.path': " + again);
    }
}
