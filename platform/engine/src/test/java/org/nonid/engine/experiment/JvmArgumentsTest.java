package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmArgumentsTest {

    @Test
    void aStoreUrlsPasswordIsNotRecorded() {
        assertEquals(List.of("-Xmx1g", "-Dnonid.store=postgresql://nonid:***@db.cluster:5432/runs", "-Dnonid.store=",
                        "-Dnonid.store=postgresql://db/runs", "-Dother=postgresql://a:b@c/d"),
                JvmArguments.redacted(List.of("-Xmx1g", "-Dnonid.store=postgresql://nonid:s3cr%40t@db.cluster:5432/runs",
                        "-Dnonid.store=", "-Dnonid.store=postgresql://db/runs", "-Dother=postgresql://a:b@c/d")));
    }
}
