package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.sama.model.ModelSpec;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExampleRulesTest {

    @Test
    void aLabelIsAClassOfTheTask() {
        assertThat(ExampleRules.label(0, 2)).isEmpty();
        assertThat(ExampleRules.label(1, 2)).isEmpty();
        assertThat(ExampleRules.label(2, 2)).hasValue("label 2 is outside [0, 2)");
        assertThat(ExampleRules.label(Example.NO_LABEL, 2)).hasValue("label -1 is outside [0, 2)");
    }

    @Test
    void votesAreAbsentOrOnePerLabelingFunction() {
        assertThat(ExampleRules.voteCount(0, 10)).isEmpty();
        assertThat(ExampleRules.voteCount(10, 10)).isEmpty();
        assertThat(ExampleRules.voteCount(3, 10)).hasValue("3 votes, but the task has 10 labeling functions");
    }

    @Test
    void aVoteAbstainsOrNamesAClass() {
        assertThat(ExampleRules.vote(0, Example.ABSTAIN, 3)).isEmpty();
        assertThat(ExampleRules.vote(0, 2, 3)).isEmpty();
        assertThat(ExampleRules.vote(4, 3, 3)).hasValue("vote 3 of labeling function 4 is neither -1 (abstain) nor a class in [0, 3)");
        assertThat(ExampleRules.vote(1, -2, 3)).isPresent();
    }

    @Test
    void theTrainerRefusesWhatTheRulesRefuseWithTheSameMessage() {
        TrainerConfig config = TrainerConfig.builder(new ModelSpec.Mlp(new int[] {4, 8, 2}, 0.0), 2).build();
        try (SamaTrainer trainer = SamaTrainer.create(config)) {
            assertThatThrownBy(() -> trainer.train(List.of(Example.dense("bad", new float[4], 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("example bad: label 2 is outside [0, 2)");
        }
    }
}
