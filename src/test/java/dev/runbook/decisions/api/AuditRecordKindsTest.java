package dev.runbook.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;

import dev.runbook.decisions.domain.RecordKind;

/** Every record kind the service writes can be asked for by name (ACTION_SUCCEEDED used to answer 400). */
@QuarkusTest
class AuditRecordKindsTest {

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void everyKindIsAFilter(RecordKind kind) {
        given().when().get("/api/v1/audit/records?kind=" + kind)
                .then().statusCode(200)
                .body("items.kind", everyItem(equalTo(kind.name())));
    }
}
