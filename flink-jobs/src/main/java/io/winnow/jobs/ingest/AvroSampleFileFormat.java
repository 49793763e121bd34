package io.winnow.jobs.ingest;

import io.winnow.schemas.Codecs;
import io.winnow.schemas.avro.Sample;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;

/**
 * Reads Avro object container files of {@link Sample} records (any compatible writer schema) and
 * hands each record on as the single-object bytes a Kafka producer would have written, so that
 * replays over files and over topics go through the same decoding and validation.
 */
@Internal
public final class AvroSampleFileFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;
    private final String logicalTopic;

    public AvroSampleFileFormat(String logicalTopic) {
        this.logicalTopic = logicalTopic;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) throws IOException {
        DataFileStream<Sample> samples = new DataFileStream<>(stream, new SpecificDatumReader<>(Sample.class));
        return new StreamFormat.Reader<>() {
            private long index;

            @Override
            public RawRecord read() {
                if (!samples.hasNext()) {
                    return null;
                }
                Sample sample = samples.next();
                return new RawRecord(logicalTopic, 0, index++, 0, null, Codecs.encode(sample));
            }

            @Override
            public void close() throws IOException {
                samples.close();
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
