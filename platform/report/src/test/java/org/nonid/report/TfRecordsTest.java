package org.nonid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TfRecordsTest {

    @Test
    void theMaskedChecksumIsCrc32cRotatedAndOffsetAsTfRecordSays() {
        // CRC-32C("123456789") = 0xE3069283, the standard check value; rotated right by 15, plus 0xa282ead8
        assertEquals(0xE3069283, (int) crc("123456789"));
        assertEquals(0xC78AB0E5, TfRecords.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    private static long crc(String text) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}
