package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deploy-time choices: defaults, strings from {@code -c key=value}, and refusals with a message. */
class StackConfigTest {

    private static StackConfig config(Map<String, Object> context) {
        return StackConfig.fromContext(TestStacks.app(context).getNode(), TestStacks.REPO_ROOT);
    }

    @Test
    void defaultsLeaveNothingBehindKeepTheApiPublicAndTrainOnDemand() {
        StackConfig config = config(Map.of());
        assertEquals("Clothify", config.stackName());
        assertFalse(config.retainData());
        assertFalse(config.iamAuth());
        assertFalse(config.useSpot(), "spot quotas are often 0 in new accounts: spot is opt-in");
        assertTrue(config.maxWaitSeconds() > config.maxRuntimeSeconds());
        assertEquals(0.5, config.gateFloor());
        assertEquals("none", config.urlHosts(), "no anonymous caller can make the function fetch URLs");
        assertFalse(config.trainingNetworkIsolation(), "model-zoo backbones need the job's internet");
    }

    @Test
    void commandLineContextArrivesAsStrings() {
        StackConfig config = config(Map.of("iamAuth", "true", "retainData", "TRUE", "functionMemoryMb", "3008",
                "gateFloor", "0.7", "useSpot", "true", "urlHosts", ".example.com, cdn.shop.test"));
        assertEquals(".example.com, cdn.shop.test", config.urlHosts());
        assertEquals("*", config(Map.of("urlHosts", "*")).urlHosts(), "the open mode, one flag away");
        assertTrue(config.iamAuth());
        assertTrue(config.retainData());
        assertEquals(3008, config.functionMemoryMb());
        assertEquals(0.7, config.gateFloor());
        assertTrue(config.useSpot());
        assertTrue(config(Map.of("trainingNetworkIsolation", "true")).trainingNetworkIsolation());
    }

    @Test
    void mistakesFailSynthWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("iamAuth", "yes")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("trainingNetworkIsolation", "on")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("urlHosts", "http://evil.test/")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("functionMemoryMb", "lots")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("functionMemoryMb", 64)));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("gateFloor", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("trainingInstanceType", "m5.xlarge")));
        IllegalArgumentException spot = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("maxRuntimeSeconds", 7200, "maxWaitSeconds", 3600)));
        assertTrue(spot.getMessage().contains("maxWaitSeconds"), spot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClothifyStack.retention(45));
    }
}
