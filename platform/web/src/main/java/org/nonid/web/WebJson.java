package org.nonid.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dashboard's JSON, written and read with one configured mapper. */
final class WebJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private WebJson() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object as a map; text that is not one gives an empty map (a run's stored text is trusted but old). */
    static Map<String, Object> object(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** A request body that must be a JSON object. */
    static Map<String, Object> request(InputStream body) throws ApiError {
        try {
            return MAPPER.readValue(body, OBJECT);
        } catch (IOException e) {
            throw new ApiError(400, "the body is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A value for a JSON number: null for NaN and the infinities, which JSON does not have. */
    static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
