package io.winnow.jobs.config;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/** The topic names one curation job uses, as configured (topics.*; defaults: {@link io.winnow.schemas.Topics}). */
@PublicEvolving
public record TopicNames(String samples, String trusted, String curated, String metrics, String deadLetters,
        String predictions, String pretrainingWeights) implements Serializable {}
