package io.winnow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.CurationOutcome;
import io.winnow.sama.Example;
import io.winnow.sama.MetaStepReport;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The operator's input and output records carry the engine's own outcome types; Flink must still
 * serialise every one of them field by field (POJO and record serializers), never through Kryo.
 */
class OperatorRecordTypesTest {

    @Test
    void everyRecordAndEveryFieldHasAFlinkSerializerOfItsOwn() {
        for (Class<?> type : List.of(TaskSample.class, CuratedRecord.class, MetricsRecord.class,
                PretrainingWeightRecord.class, PredictionRecord.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int f = 0; f < pojo.getArity(); f++) {
                assertThat(pojo.getPojoFieldAt(f).getTypeInformation())
                        .as(type.getSimpleName() + "." + pojo.getPojoFieldAt(f).getField().getName())
                        .isNotInstanceOf(GenericTypeInfo.class);
            }
        }
    }

    /** The operator's keyed state holds pending samples of this type. */
    @Test
    void aTaskSampleSurvivesItsSerializerWithItsExample() throws IOException {
        TaskSample dense = TaskSample.of("spam", true, new Example("d", new float[] {0.5f, -1f}, null, 1, new int[] {-1, 1}), 7L);
        assertThat(roundTrip(dense, TaskSample.class)).isEqualTo(dense);
        TaskSample text = TaskSample.evaluation("topics", Example.tokens("t", new int[] {3, 9, 3}, Example.NO_LABEL), 8L);
        TaskSample copy = roundTrip(text, TaskSample.class);
        assertThat(copy).isEqualTo(text);
        assertThat(copy.evaluation).isTrue();
        assertThat(copy.example.tokens()).containsExactly(3, 9, 3);
    }

    @Test
    void aCuratedRecordAndAMetricsRecordSurviveTheirSerializers() throws IOException {
        CurationOutcome outcome = new CurationOutcome("s1", 0.25, 2, new float[] {0.1f, 0.2f, 0.7f}, 0, 1.5, 0.125, 9);
        CuratedRecord copy = roundTrip(CuratedRecord.of("spam", outcome, 1234L), CuratedRecord.class);
        assertThat(copy.task).isEqualTo("spam");
        assertThat(copy.eventTime).isEqualTo(1234L);
        assertThat(copy.outcome).usingRecursiveComparison().isEqualTo(outcome);

        MetaStepReport report = new MetaStepReport(3, 30, 0.5, Double.NaN, 64, 0.9, 0.1, 0.0, 1.0, 0.05, 100.0, false);
        MetricsRecord metrics = roundTrip(MetricsRecord.of("spam", report), MetricsRecord.class);
        assertThat(metrics.task).isEqualTo("spam");
        assertThat(metrics.report).isEqualTo(report);
    }

    private static <T> T roundTrip(T value, Class<T> type) throws IOException {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
