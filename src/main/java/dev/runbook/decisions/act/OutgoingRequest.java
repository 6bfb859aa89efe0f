package dev.runbook.decisions.act;

import java.net.URI;
import java.util.Map;

/** An HTTP POST a notifier wants sent: where, with which content type, and the JSON body. */
public record OutgoingRequest(URI uri, String contentType, Map<String, Object> body) {
}
