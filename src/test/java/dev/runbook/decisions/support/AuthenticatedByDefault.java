package dev.runbook.decisions.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every REST Assured call of the Quarkus tests authenticates as admin unless it sets its own X-API-Key or
 * Authorization; the tests of who may do what set their own, or use a plain HTTP client for anonymous calls.
 */
public class AuthenticatedByDefault implements QuarkusTestBeforeEachCallback {

    private static final Filter ADMIN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("X-API-Key") && !request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("X-API-Key", TestKeys.ADMIN);
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(ADMIN);
    }
}
