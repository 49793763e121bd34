package io.winnow.jobs.ingest;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON-lines files of samples (one JSON object per line, the format producers may also send
 * to Kafka) as raw records of a logical topic; the line number stands in for the offset. Blank
 * lines are skipped.
 */
@Internal
public final class JsonLinesFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;
    private final String logicalTopic;

    public JsonLinesFormat(String logicalTopic) {
        this.logicalTopic = logicalTopic;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new StreamFormat.Reader<>() {
            private long lineNumber;

            @Override
            public RawRecord read() throws IOException {
                String line;
                do {
                    line = lines.readLine();
                    lineNumber++;
                } while (line != null && line.isBlank());
                return line == null ? null
                        : new RawRecord(logicalTopic, 0, lineNumber, 0, null, line.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
