/**
 * Winnow's wire contract: the Avro records on its Kafka topics ({@link io.winnow.schemas.Topics}), generated
 * into {@code io.winnow.schemas.avro} from the {@code .avsc} files that also ship in this jar under
 * {@code avro/}, and the codecs that read and write them.
 *
 * <p>Every value is Avro's single-object encoding ({@link io.winnow.schemas.SingleObjectFormat}). Start with
 * {@link io.winnow.schemas.SampleDecoder} to read samples (Avro or JSON) and {@link io.winnow.schemas.Codecs}
 * to write curated samples, metrics and dead letters.
 *
 * <p><b>Avro's class allow-list.</b> Avro 1.12 refuses to instantiate generated classes outside trusted
 * packages when it decodes. A JVM that decodes Winnow records must either run with
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas} or call
 * {@link io.winnow.schemas.AvroTrust#trustGeneratedClasses()} once before decoding; decoders check this when
 * they are created and fail with an {@link IllegalStateException} that says so, instead of sending every
 * record to the dead-letter topic.
 */
package io.winnow.schemas;
