package org.nonid.api.language;

import java.util.List;

/**
 * Train, validation and test words (symbol ids, without SOS or EOS).
 */
public record Datasets(List<int[]> train, List<int[]> validation, List<int[]> test) {
    public Datasets {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }
}
