package io.clothify.training.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.artifact.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint folder (SageMaker syncs {@code /opt/ml/checkpoints} to S3): the latest parameters
 * ({@value #LAST}), the best-by-validation parameters ({@value #BEST}) and {@value #STATE_FILE}, written last
 * and atomically, so a run killed at any moment resumes from the last complete epoch.
 */
public final class Checkpoints {
    static final String LAST = "last";
    static final String BEST = "best";
    static final String STATE_FILE = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a resumed run needs besides the parameters. */
    public record State(int epochsCompleted, long stepsCompleted, double bestValAccuracy, int bestEpoch,
            int epochsWithoutImprovement, List<EpochRecord> history, ArchitectureSpec architecture,
            List<String> classNames, InputSpec input, String datasetFingerprint) {}

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The saved state, if a previous run left one. */
    public Optional<State> read() throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), State.class));
    }

    public void saveLast(Model model, State state) throws IOException {
        saveParameters(model, LAST);
        AtomicFiles.writeJson(dir.resolve(STATE_FILE), state, JSON);
    }

    public void saveBest(Model model) throws IOException {
        saveParameters(model, BEST);
    }

    public boolean hasBest() {
        return Files.isRegularFile(dir.resolve(BEST + "-0000.params"));
    }

    /** Loads {@code name} ({@value #LAST} or {@value #BEST}) parameters into a model whose block is set. */
    public void load(Model model, String name) throws IOException {
        try {
            model.load(dir, name);
        } catch (MalformedModelException e) {
            throw new IOException("Checkpoint " + dir.resolve(name) + " is corrupt: " + e.getMessage(), e);
        }
    }

    private void saveParameters(Model model, String name) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, "." + name);
        try {
            model.save(staging, name);
            try (Stream<Path> s = Files.list(staging)) {
                for (Path p : s.toList()) {
                    Files.move(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            AtomicFiles.deleteRecursively(staging);
        }
    }
}
