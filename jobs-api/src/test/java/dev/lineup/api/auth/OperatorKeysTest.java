package dev.lineup.api.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@code LINEUP_API_OPERATORS}: which producers of {@code LINEUP_API_KEYS} act as operators. */
class OperatorKeysTest {

    private static final String KEYS = "salon:salon-key-123,clinic:clinic-key-456,ops:ops-key-789";

    @Test
    void namedProducersAreOperatorsAndNoOneElseIs() {
        ApiKeys keys = ApiKeys.parse(KEYS).withOperators(" ops , salon");

        assertThat(keys.isOperator("ops")).isTrue();
        assertThat(keys.isOperator("salon")).isTrue();
        assertThat(keys.isOperator("clinic")).isFalse();
        assertThat(keys.operators()).containsExactly("salon", "ops");
    }

    @Test
    void noSettingMeansNoOperators() {
        assertThat(ApiKeys.parse(KEYS).withOperators("").operators()).isEmpty();
        assertThat(ApiKeys.parse(KEYS).withOperators(null).isOperator("ops")).isFalse();
        assertThat(ApiKeys.parse(KEYS).isOperator("ops")).isFalse();
    }

    @Test
    void anOperatorWithoutAKeyStopsTheStartWithAMessageThatSaysWhatToFix() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(KEYS).withOperators("ops,admin"))
                .withMessageContaining("LINEUP_API_OPERATORS")
                .withMessageContaining("'admin'")
                .withMessageContaining("LINEUP_API_KEYS")
                .withMessageNotContaining("key-");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(KEYS).withOperators("ops,"))
                .withMessageContaining("''");
    }
}
