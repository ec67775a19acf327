package dev.lineup.api.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTest {

    @Test
    void findsTheProducerOfAKey() {
        ApiKeys keys = ApiKeys.parse(" salon:salon-key-123 , clinic-2:clinic:key:456");

        assertThat(keys.producerOf("salon-key-123")).hasValue("salon");
        assertThat(keys.producerOf("clinic:key:456")).hasValue("clinic-2");
        assertThat(keys.producerOf("salon-key-12")).isEmpty();
        assertThat(keys.producerOf("")).isEmpty();
        assertThat(keys.producers()).containsExactly("salon", "clinic-2");
    }

    @Test
    void nothingConfiguredRefusesEveryKey() {
        ApiKeys keys = ApiKeys.parse("");

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.producerOf("anything-at-all")).isEmpty();
    }

    @Test
    void badSettingsAreRefusedWithoutEchoingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("salon-key-123"))
                .withMessageContaining("entry 1 of 1")
                .withMessageContaining("producer:key")
                .withMessageNotContaining("salon-key-123");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("Salon:salon-key-123"))
                .withMessageContaining("producer name 'Salon'")
                .withMessageNotContaining("salon-key-123");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("salon:short"))
                .withMessageContaining("at least 8 characters")
                .withMessageNotContaining("short'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("salon:salon-key-123,salon:salon-key-456"))
                .withMessageContaining("entry 2 of 2")
                .withMessageContaining("listed twice");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("salon:shared-key-1,clinic:shared-key-1"))
                .withMessageContaining("same key")
                .withMessageNotContaining("shared-key-1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("salon:salon-key-123,"))
                .withMessageContaining("entry 2 of 2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse("a" + "b".repeat(32) + ":long-enough-key"))
                .withMessageContaining("1 to 32");
    }
}
