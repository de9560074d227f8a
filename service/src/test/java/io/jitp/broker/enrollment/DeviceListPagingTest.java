package io.jitp.broker.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Enrollments;
import io.jitp.broker.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The device ledger a page at a time: keyset cursors in {@code Link: <…>; rel="next"}. */
@QuarkusTest
class DeviceListPagingTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");

    @TestHTTPResource(tls = true)
    URL url;

    @Test
    void pages_coverTheLedgerOnce_inOrder_andNewRowsDoNotShiftThem() {
        Enrollments fleet = Enrollments.fleet(url, "pages", false);
        String pattern = fleet.fleet() + "-d[0-9]+";
        String token = fleet.mint(Map.of("thingPattern", pattern, "uses", 10)).then().statusCode(201).extract()
                .path("token");
        for (int i = 1; i <= 7; i++) {
            enroll(fleet, token, fleet.fleet() + "-d" + i);
        }
        enroll(fleet, token, fleet.fleet() + "-d3"); // a renewal: two certificates of one thing, newest first
        List<Map<String, Object>> whole = Api.operator(url).get("/v1/devices?fleet=" + fleet.fleet()).jsonPath()
                .getList("$");
        assertThat(whole).hasSize(8);

        List<Map<String, Object>> paged = new ArrayList<>();
        String path = "/v1/devices?fleet=" + fleet.fleet() + "&limit=3";
        int pages = 0;
        while (path != null) {
            Response page = Api.operator(url).get(path);
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            paged.addAll(page.jsonPath().getList("$"));
            pages++;
            String link = page.header("Link");
            if (pages == 1) {
                // Enrolled after the first page was read: sorts last, so it appears on a later page, once.
                enroll(fleet, token, fleet.fleet() + "-d9");
            }
            Matcher next = link == null ? null : NEXT.matcher(link);
            path = next != null && next.find() ? next.group(1) : null;
            assertThat(page.jsonPath().getList("$")).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).hasSize(9);
        assertThat(paged.subList(0, 8)).isEqualTo(whole);
        assertThat(paged.get(8).get("thingName")).isEqualTo(fleet.fleet() + "-d9");
        assertThat(paged.stream().map(d -> d.get("certificateId")).distinct()).hasSize(9);
    }

    @Test
    void badCursorOrLimit_isA400NamingTheParameter() {
        Problems.assertProblem(Api.operator(url).get("/v1/devices?after=not-a-cursor"), 400, "invalid-input",
                "after");
        Problems.assertProblem(Api.operator(url).get("/v1/devices?after=YQ"), 400, "invalid-input", "after");
        Problems.assertProblem(Api.operator(url).get("/v1/devices?limit=0"), 400, "invalid-input", "limit");
        Problems.assertProblem(Api.operator(url).get("/v1/devices?limit=1001"), 400, "invalid-input", "limit");
    }

    private static void enroll(Enrollments fleet, String token, String thing) {
        fleet.enroll(token, Map.of("thingName", thing, "csr", Enrollments.csr(Enrollments.key(), "CN=" + thing)))
                .then().statusCode(201);
    }
}
