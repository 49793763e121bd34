package io.winnow.jobs.config;

import java.io.Serializable;

/** The topics of a curation job (defaults in io.winnow.schemas.Topics). */
public record TopicNames(String samples, String trusted, String curated, String metrics, String deadLetters,
        String predictions, String pretrainingWeights) implements Serializable {}
