package org.nonid.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** The report's JSON files (maps, lists, strings, numbers; NaN and the infinities as null). */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Double.class, new FiniteOrNull()))
            .build();

    private Json() {
    }

    /** Indented, with a final newline. */
    static String write(Object value) {
        return text(value, true) + "\n";
    }

    /** On one line. */
    static String compact(Object value) {
        return text(value, false);
    }

    private static String text(Object value, boolean indent) {
        try {
            return (indent ? MAPPER.writer(SerializationFeature.INDENT_OUTPUT) : MAPPER.writer()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON has no NaN: a value that is not a finite number is written as null. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }
}
