package dev.runbook.decisions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** test-alert without --sender reads the sender from the payload's shape; the samples are each sender's own. */
class AlertSenderTest {

    @Test
    void eachSamplesSenderIsDetectedFromItsShape() throws IOException {
        assertEquals(AlertSender.ALERTMANAGER, AlertSender.detect(Files.readAllBytes(Path.of("samples/alertmanager/firing-group.json"))));
        assertEquals(AlertSender.GRAFANA, AlertSender.detect(Files.readAllBytes(Path.of("samples/grafana/firing.json"))));
        assertEquals(AlertSender.PAGERDUTY, AlertSender.detect(Files.readAllBytes(Path.of("samples/pagerduty/resolve.json"))));
        assertEquals(AlertSender.ALERTMANAGER, AlertSender.detect("not json".getBytes(StandardCharsets.UTF_8)),
                "unreadable: Alertmanager's parser names what is wrong");
    }

    @Test
    void sendersAreNamedAsInTheirPaths() {
        assertEquals(AlertSender.PAGERDUTY, AlertSender.named("pagerduty").orElseThrow());
        assertEquals("grafana", AlertSender.GRAFANA.path());
        assertEquals(Optional.empty(), AlertSender.named("nagios"));
    }
}
