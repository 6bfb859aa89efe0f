package dev.runbook.decisions.api;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import dev.runbook.decisions.support.CapturedLog;
import dev.runbook.decisions.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A caller that closes its connection halfway through its body, or before sending any of it (a client or balancer
 * timing out under load, wrk at the end of a run), is not a failure of the service: no error with a stack trace is
 * logged for it, nothing is decided, and the next caller is served as usual.
 */
@QuarkusTest
class CallerGoneTest {

    @Test
    void aCallerClosingMidBodyLogsNoErrorAndDecidesNothing() throws Exception {
        CapturedLog log = new CapturedLog();
        Logger.getLogger("").addHandler(log);
        try {
            for (int i = 0; i < 3; i++) {
                sendAndClose(true);
            }
            // Gone before the server reads the body at all: the body's stream finds the connection already closed.
            for (int i = 0; i < 5; i++) {
                sendAndClose(false);
            }
            // The server notices the closed connection on its worker thread; a request after it is served behind it.
            given().contentType("application/json").body("{\"service\":\"after-the-gone-caller\",\"errorRate\":0.2}")
                    .when().post("/api/v1/decisions").then().statusCode(200);
            Thread.sleep(500);
        } finally {
            Logger.getLogger("").removeHandler(log);
        }
        assertFalse(log.text().contains("Unexpected failure"), log.text());
        assertFalse(log.text().contains("HttpClosedException"), log.text());
        assertFalse(log.text().contains("ClosedChannelException"), log.text());
        assertEquals(0, decisionsOf("gone-caller"), "a request whose body never arrived is not decided");
        assertEquals(1, decisionsOf("after-the-gone-caller"));
    }

    /** The request's head announcing a body twice as long as what follows: half of it, or (not {@code half}) none. */
    private static void sendAndClose(boolean half) throws Exception {
        String body = "{\"service\":\"gone-caller\",\"errorRate\":0.2}";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-API-Key: " + TestKeys.ADMIN + "\r\nContent-Length: " + body.length() * 2 + "\r\n\r\n" + (half ? body : ""))
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (half) {
                Thread.sleep(200);
            }
        }
    }

    private static int decisionsOf(String service) {
        return given().queryParam("service", service).when().get("/api/v1/decisions").then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }
}
