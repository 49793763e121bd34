package io.winnow.demo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsOverridesHelpAndMistakes() {
        DemoOptions defaults = DemoOptions.parse(new String[0]);
        assertThat(defaults.samples()).isEqualTo(6000);
        assertThat(defaults.epochs()).isEqualTo(4);
        assertThat(defaults.noise()).isEqualTo(0.4);
        assertThat(DemoOptions.parse(new String[] {"--samples", "640", "--noise=0.2"}).noise()).isEqualTo(0.2);
        assertThat(DemoOptions.parse(new String[] {"--help"}).help()).isTrue();
        assertThat(DemoOptions.usage()).contains("--samples", "--epochs", "--noise", "--seed");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--epochs", "x"})).hasMessageContaining("--epochs");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--noise", "0.9"})).hasMessageContaining("[0, 0.7]");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--sample", "100"})).hasMessageContaining("--sample");
    }
}
