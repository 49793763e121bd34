package io.winnow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.DeadLetterReason;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** The registry wire format without a registry: framing, encoding, and what a decoder without one says. */
class RegistryFramingTest {

    @Test
    void aFrameIsTheMagicByteTheBigEndianIdAndTheBody() {
        byte[] framed = ConfluentWireFormat.frame(0x01020304, new byte[] {9, 8});
        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
        assertThat(ConfluentWireFormat.hasMagic(framed)).isTrue();
        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(0x01020304);
        assertThat(ConfluentWireFormat.hasMagic(Codecs.encode(Fixtures.dense()))).isFalse();
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[] {0, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCodecWritesTheFramedAvroBinaryOfTheCurrentSchema() throws Exception {
        CuratedSample curated = Fixtures.curated();
        byte[] framed = new RegistryCodec<>(CuratedSample.class).encode(curated, 42);
        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(42);
        byte[] body = Arrays.copyOfRange(framed, ConfluentWireFormat.HEADER_LENGTH, framed.length);
        CuratedSample read = new SpecificDatumReader<>(CuratedSample.class)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
        assertThat(read).isEqualTo(curated);
    }

    @Test
    void withoutARegistryAFramedSampleIsRefusedWithTheSettingToConfigure() {
        SampleDecoder decoder = new SampleDecoder();
        byte[] framed = ConfluentWireFormat.frame(7, new byte[] {2, 'a'});
        SampleDecodingException e = catchThrowableOfType(SampleDecodingException.class, () -> decoder.decode(framed));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("schema id 7").contains("schema-registry.url");
        SampleDecodingException truncated = catchThrowableOfType(SampleDecodingException.class,
                () -> decoder.decode(new byte[] {0, 0}));
        assertThat(truncated.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(truncated.getMessage()).startsWith("truncated schema-registry header: 2 bytes");
    }

    @Test
    void anUnreachableRegistryIsNotTheRecordsFault() {
        // Port 9 (discard) on loopback: nothing listens there in a test sandbox, so the connection is refused.
        SampleDecoder decoder = new SampleDecoder(1 << 20,
                new RegistryEndpoint(URI.create("http://127.0.0.1:9"), null, Duration.ofSeconds(2)));
        byte[] framed = ConfluentWireFormat.frame(1, new byte[] {2, 'a'});
        assertThatThrownBy(() -> decoder.decode(framed))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isZero());
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsAskedForOnceNotOncePerRecord() throws Exception {
        // A stand-in that answers 404 the way a registry does: the real one (SchemaRegistryITCase) cannot
        // count the requests it gets.
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SchemaRegistryClient client = new SchemaRegistryClient(
                    RegistryEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort()));
            for (int i = 0; i < 5; i++) {
                assertThat(client.schema(77)).isEmpty();
            }
            assertThat(client.schema(78)).isEmpty();
            assertThat(requests).hasValue(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEndpointChecksItsSettingsAndNeverShowsThePassword() {
        assertThatThrownBy(() -> RegistryEndpoint.of("ftp://registry"))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new RegistryEndpoint(URI.create("http://r"), "no-colon", Duration.ofSeconds(1)))
                .hasMessageContaining("user:password");
        RegistryEndpoint endpoint = new RegistryEndpoint(URI.create("https://r:8081"), "alice:s3cret", Duration.ofSeconds(1));
        assertThat(endpoint.toString()).contains("alice").doesNotContain("s3cret");
    }

    @Test
    void theDecoderStillNamesEveryFormatItReads() {
        SampleDecodingException e = catchThrowableOfType(SampleDecodingException.class,
                () -> new SampleDecoder().decode(new byte[] {5, 6}));
        assertThat(e.getMessage()).contains("single-object").contains("schema-registry framed").contains("JSON");
    }
}
