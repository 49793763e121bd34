package io.winnow.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The four calls of the Confluent Schema Registry REST API that Winnow needs: a schema by id, register a
 * schema under a subject, and read or set a subject's compatibility level. Written by hand (JDK HTTP client
 * and Jackson) because no client of this API is on Maven Central: Confluent's own is published only to
 * Confluent's repository, and Apicurio's serdes speak Apicurio's native API, which Confluent's registry,
 * Karapace and Redpanda do not offer. Apicurio offers this API at {@code /apis/ccompat/v7}.
 *
 * <p>Thread-safe. Schemas by id are cached for the life of the client: a registry never changes what an
 * id means. Ids it does not know are remembered for {@link #UNKNOWN_ID_MEMORY} (at most
 * {@link #MAX_UNKNOWN_IDS} of them), so that a stream of records with made-up ids costs one request per
 * id, not one per record, while an id registered later is still found.
 */
public final class SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final String authorization;
    /** How long an id the registry did not know is answered as unknown without asking again. */
    public static final Duration UNKNOWN_ID_MEMORY = Duration.ofSeconds(30);
    static final int MAX_UNKNOWN_IDS = 10_000;

    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<Integer, Long> unknownUntil = new ConcurrentHashMap<>();

    public SchemaRegistryClient(RegistryEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(endpoint.timeout()).build();
        this.authorization = endpoint.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(endpoint.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The Avro schema a registry id stands for, or empty when the registry knows no such id.
     *
     * @throws SchemaRegistryException when the registry cannot be reached, refuses, or the id is not an Avro schema
     */
    public Optional<Schema> schema(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Long until = unknownUntil.get(id);
        if (until != null && System.nanoTime() - until < 0) {
            return Optional.empty();
        }
        Response response = send(request("schemas/ids/" + id).GET(), "read schema id " + id);
        if (response.status() == 404) {
            if (unknownUntil.size() >= MAX_UNKNOWN_IDS) {
                unknownUntil.clear();
            }
            unknownUntil.put(id, System.nanoTime() + UNKNOWN_ID_MEMORY.toNanos());
            return Optional.empty();
        }
        unknownUntil.remove(id);
        response.requireOk();
        String type = response.body().path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(response.status(), 0, "schema id " + id + " is a " + type
                    + " schema, not Avro", null);
        }
        try {
            Schema schema = new Schema.Parser().parse(response.body().path("schema").asText());
            byId.putIfAbsent(id, schema);
            return Optional.of(schema);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(response.status(), 0, "schema id " + id + " is not a valid Avro schema: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op returning the existing id when it is there
     * already) and returns its id.
     *
     * @throws SchemaRegistryException with status 409 when the subject's compatibility rule refuses it
     */
    public int register(String subject, Schema schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        Response response = send(request("subjects/" + path(subject) + "/versions")
                .header("Content-Type", CONTENT_TYPE).POST(json(body)), "register a schema under " + subject);
        response.requireOk();
        int id = response.body().path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(response.status(), 0, "registering under " + subject
                    + " returned no id: " + response.body(), null);
        }
        byId.putIfAbsent(id, schema);
        return id;
    }

    /** Sets a subject's compatibility level, e.g. {@code BACKWARD}. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send(request("config/" + path(subject)).header("Content-Type", CONTENT_TYPE).PUT(json(body)),
                "set the compatibility of " + subject).requireOk();
    }

    /** A subject's own compatibility level, or empty when it has none and the registry's default applies. */
    public Optional<String> compatibility(String subject) {
        Response response = send(request("config/" + path(subject)).GET(), "read the compatibility of " + subject);
        if (response.status() == 404) {
            return Optional.empty();
        }
        response.requireOk();
        JsonNode level = response.body().has("compatibilityLevel") ? response.body().get("compatibilityLevel")
                : response.body().get("compatibility");
        return Optional.ofNullable(level).map(JsonNode::asText);
    }

    private HttpRequest.Builder request(String path) {
        String base = endpoint.url().toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.endsWith("/") ? base + path : base + "/" + path))
                .timeout(endpoint.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private Response send(HttpRequest.Builder request, String what) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), parse(response.body()), what);
        } catch (IOException e) {
            throw new SchemaRegistryException(0, 0, "schema registry at " + endpoint.url() + " unreachable (" + what
                    + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, 0, "interrupted while asking the schema registry to " + what, e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Response(int status, JsonNode body, String what) {
        void requireOk() {
            if (status / 100 != 2) {
                throw new SchemaRegistryException(status, body.path("error_code").asInt(0), "schema registry refused to "
                        + what + ": HTTP " + status + " " + body.path("message").asText(body.toString()), null);
            }
        }
    }
}
