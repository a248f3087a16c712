package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;

class ArgumentsTest {
    @Test
    void stepsGivenTwiceAreRefusedWhicheverWay() {
        assertEquals("-n 5 and training.steps=10 both set the steps; give one of them", assertThrows(
                ConfigException.class, () -> Arguments.stepsOnce(5, List.of("dModel=8", "training.steps=10")))
                .getMessage());
        assertThrows(ConfigException.class, () -> Arguments.stepsOnce(5, List.of("steps=10")));
        Arguments.stepsOnce(5, List.of("dModel=8", "training.lr=1e-3"));
        Arguments.stepsOnce(0, List.of("training.steps=10"));
    }
}
