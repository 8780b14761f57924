package io.clothify.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.training.data.DataLocation;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    static final Map<String, String> HP = Map.of("architecture", "photo-cnn", "widths", "8,16",
            "image_size", "32", "batch_size", "16", "max_batches", "3", "threads", "2", "augment", "none");

    @Test
    void aRestartedRunContinuesFromItsCheckpoint(@TempDir Path temp) throws IOException {
        Map<String, String> two = new HashMap<>(HP);
        two.put("epochs", "2");
        TrainingOutcome first = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()),
                temp.resolve("out"), two, new ByteArrayOutputStream());
        assertEquals(0, first.resumedFromEpoch());

        Map<String, String> three = new HashMap<>(HP);
        three.put("epochs", "3");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingOutcome second = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()),
                temp.resolve("out"), three, log);
        assertEquals(2, second.resumedFromEpoch());
        assertEquals(3, second.history().size());
        assertEquals(first.history(), second.history().subList(0, 2));
        assertTrue(log.toString().contains("epoch=3/3") && !log.toString().contains("epoch=1/3"), log.toString());
    }

    @Test
    void aCheckpointFromAnotherModelIsRefused(@TempDir Path temp) throws IOException {
        Map<String, String> hp = new HashMap<>(HP);
        hp.put("epochs", "1");
        TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("out"), hp,
                new ByteArrayOutputStream());
        hp.put("widths", "8,8");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()), temp.resolve("out"), hp,
                        new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("different run"), e.getMessage());
    }

    /** SageMaker stops a job (or a spot instance) with SIGTERM: the job saves a checkpoint and a rerun resumes. */
    @Test
    void sigtermSavesACheckpointThatTheNextRunResumes(@TempDir Path temp) throws Exception {
        Path output = temp.resolve("out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                TrainingJob.class.getName(), "--data", Fixtures.clothing().toString(), "--output",
                output.toString(), "--epochs", "50"));
        HP.forEach((k, v) -> command.addAll(List.of("--" + k, v)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("epoch=2/50")) {
                // wait until two epochs are done
            }
            process.destroy(); // SIGTERM (this also closes our end of its output)
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the job did not exit after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        assertEquals(TrainingJob.STOPPED, process.exitValue());
        JsonNode state = new ObjectMapper().readTree(output.resolve("checkpoints/checkpoint.json").toFile());
        int saved = state.get("epochsCompleted").asInt();
        assertTrue(saved >= 2, "checkpoint after epoch " + saved);

        Map<String, String> hp = new HashMap<>(HP);
        hp.put("epochs", String.valueOf(saved + 1));
        TrainingOutcome resumed = TrainingRunTest.run(DataLocation.fromDataDir(Fixtures.clothing()), output, hp,
                new ByteArrayOutputStream());
        assertEquals(saved, resumed.resumedFromEpoch());
        assertEquals(saved + 1, resumed.history().size());
        assertTrue(Files.isRegularFile(output.resolve("metadata.json")));
    }
}
