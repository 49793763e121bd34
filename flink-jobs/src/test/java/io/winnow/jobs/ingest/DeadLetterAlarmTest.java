package io.winnow.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeadLetterAlarmTest {

    @Test
    void aStreamOfMostlyBadRecordsWarnsAtDoublingCountsNotOncePerRecord() {
        DeadLetterAlarm alarm = new DeadLetterAlarm("winnow.samples");
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Optional<String> warning = i % 10 == 0 ? alarm.accepted() : alarm.rejected("WRONG_DIMENSION, 5 features");
            warning.ifPresent(warnings::add);
        }
        assertThat(warnings).hasSize(6); // at 16, 32, 64, 128, 256 and 512 records
        assertThat(warnings.get(0)).contains("14 of the 16 records read from winnow.samples")
                .contains("WRONG_DIMENSION, 5 features").contains("check the task's configuration");
        assertThat(alarm.atEnd()).as("some records were accepted").isEmpty();
    }

    @Test
    void theOddBadRecordStaysQuiet() {
        DeadLetterAlarm alarm = new DeadLetterAlarm("winnow.samples");
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            (i % 50 == 0 ? alarm.rejected("NOT_FINITE, feature 3 is NaN") : alarm.accepted()).ifPresent(warnings::add);
        }
        assertThat(warnings).isEmpty();
        assertThat(alarm.atEnd()).isEmpty();
    }

    @Test
    void anInputThatEndsWithNothingAcceptedSaysSo() {
        DeadLetterAlarm alarm = new DeadLetterAlarm("samples.jsonl");
        for (int i = 0; i < 5; i++) {
            alarm.rejected("VOTE_OUT_OF_RANGE, 10 votes, but the task has 0 labeling functions");
        }
        assertThat(alarm.atEnd()).hasValueSatisfying(message -> assertThat(message)
                .contains("every one of the 5 records read from samples.jsonl").contains("nothing was curated")
                .contains("labeling functions"));
    }
}
