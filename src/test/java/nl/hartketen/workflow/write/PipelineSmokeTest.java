package nl.hartketen.workflow.write;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import nl.hartketen.testsupport.WritePipeline;

class PipelineSmokeTest {
    @Test
    void starts() {
        assertNotNull(WritePipeline.shared().writer());
    }
}
