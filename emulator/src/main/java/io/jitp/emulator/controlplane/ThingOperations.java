package io.jitp.emulator.controlplane;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.IotState;
import io.jitp.emulator.state.ThingEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Things and their principals (reference section 2.3). */
final class ThingOperations {

    private static final String ATTRIBUTE_NAME = "[a-zA-Z0-9_.,@/:#-]{1,128}";
    private static final String ATTRIBUTE_VALUE = "[a-zA-Z0-9_.,@/:#-]{0,800}";

    private final IotState state;
    private final IotAccount account;

    ThingOperations(IotState state) {
        this.state = state;
        this.account = state.account();
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/things/{thingName}", "CreateThing", true, this::createThing),
                Route.of("GET", "/things/{thingName}", "DescribeThing", false, this::describeThing),
                Route.of("DELETE", "/things/{thingName}", "DeleteThing", true, this::deleteThing),
                Route.of("GET", "/things", "ListThings", false, this::listThings),
                Route.of("PUT", "/things/{thingName}/principals", "AttachThingPrincipal", true, this::attachPrincipal),
                Route.of("DELETE", "/things/{thingName}/principals", "DetachThingPrincipal", true,
                        this::detachPrincipal),
                Route.of("GET", "/things/{thingName}/principals", "ListThingPrincipals", false,
                        this::listThingPrincipals),
                Route.of("GET", "/principals/things", "ListPrincipalThings", false, this::listPrincipalThings));
    }

    private JsonNode createThing(ApiRequest request) {
        JsonNode payload = request.object("attributePayload");
        Map<String, String> attributes = ApiRequest.stringMap(payload, "attributes", "attributePayload.attributes");
        attributes.forEach((name, value) -> {
            if (!name.matches(ATTRIBUTE_NAME)) {
                throw IotServiceException.invalid("attributePayload.attributes: the name '" + name + "' must be 1 "
                        + "to 128 characters of [a-zA-Z0-9_.,@/:#-]");
            }
            if (!value.matches(ATTRIBUTE_VALUE)) {
                throw IotServiceException.invalid("attributePayload.attributes." + name + " must be at most 800 "
                        + "characters of [a-zA-Z0-9_.,@/:#-]");
            }
        });
        ThingEntry thing = state.createThing(request.label("thingName"), request.string("thingTypeName"), attributes,
                request.string("billingGroupName"));
        return Json.object()
                .put("thingName", thing.name())
                .put("thingArn", account.thingArn(thing.name()))
                .put("thingId", thing.id());
    }

    private JsonNode describeThing(ApiRequest request) {
        ThingEntry thing = state.thing(request.label("thingName"));
        ObjectNode response = Json.object()
                .put("defaultClientId", thing.name())
                .put("thingName", thing.name())
                .put("thingId", thing.id())
                .put("thingArn", account.thingArn(thing.name()));
        Json.put(response, "thingTypeName", thing.typeName());
        ObjectNode attributes = response.putObject("attributes");
        thing.attributes().forEach(attributes::put);
        response.put("version", thing.version());
        return Json.put(response, "billingGroupName", thing.billingGroupName());
    }

    private JsonNode deleteThing(ApiRequest request) {
        state.deleteThing(request.label("thingName"), request.queryLong("expectedVersion"));
        return Json.object();
    }

    private JsonNode listThings(ApiRequest request) {
        List<ThingEntry> things = state.things(request.query("attributeName"), request.query("attributeValue"),
                Boolean.TRUE.equals(request.queryBoolean("usePrefixAttributeValue")), request.query("thingTypeName"));
        Page<ThingEntry> page = Page.of(things, ThingEntry::name, request.query("nextToken"),
                request.queryInt("maxResults", 1, 250), false, "nextToken");
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("things");
        for (ThingEntry thing : page.items()) {
            ObjectNode item = array.addObject().put("thingName", thing.name());
            Json.put(item, "thingTypeName", thing.typeName()).put("thingArn", account.thingArn(thing.name()));
            ObjectNode attributes = item.putObject("attributes");
            thing.attributes().forEach(attributes::put);
            item.put("version", thing.version());
        }
        return Json.put(response, "nextToken", page.next());
    }

    private JsonNode attachPrincipal(ApiRequest request) {
        state.attachThingPrincipal(request.label("thingName"), request.header("x-amzn-principal"),
                request.query("thingPrincipalType"));
        return Json.object();
    }

    private JsonNode detachPrincipal(ApiRequest request) {
        state.detachThingPrincipal(request.label("thingName"), request.header("x-amzn-principal"));
        return Json.object();
    }

    private JsonNode listThingPrincipals(ApiRequest request) {
        return stringPage(request, state.thingPrincipals(request.label("thingName")), "principals");
    }

    private JsonNode listPrincipalThings(ApiRequest request) {
        return stringPage(request, state.principalThings(request.header("x-amzn-principal")), "things");
    }

    private static JsonNode stringPage(ApiRequest request, List<String> values, String member) {
        List<String> sorted = values.stream().sorted().toList();
        Page<String> page = Page.of(sorted, Function.identity(), request.query("nextToken"),
                request.queryInt("maxResults", 1, 250), false, "nextToken");
        ObjectNode response = Json.object();
        response.set(member, Json.strings(page.items()));
        return Json.put(response, "nextToken", page.next());
    }
}
