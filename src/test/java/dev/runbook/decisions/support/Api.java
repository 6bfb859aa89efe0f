package dev.runbook.decisions.support;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;

/** Small REST calls shared by the storage tests. */
public final class Api {

    private Api() {
    }

    /** A service name no other test uses, so each test queries only what it wrote. */
    public static String uniqueService(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static JsonPath decide(String factsJson) {
        return given().contentType(ContentType.JSON).body(factsJson)
                .when().post("/api/v1/decisions")
                .then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath get(String path) {
        return given().when().get(path).then().statusCode(200).extract().jsonPath();
    }
}
