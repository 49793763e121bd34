package io.winnow.jobs.config;

import java.io.Serializable;

/** The five topics of a curation job (defaults in io.winnow.schemas.Topics). */
public record TopicNames(String samples, String trusted, String curated, String metrics, String deadLetters,
        String predictions) implements Serializable {}
