package io.clothify.model.artifact;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.ArtifactFiles;
import io.clothify.model.contract.FileDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The artifact format: a directory holding {@value #METADATA_FILE} and the DJL parameters file it names (plus
 * optional reports), or the same files in a {@code .tar.gz}. Writing is crash-safe: the parameters are
 * written under a temporary name and renamed, and the metadata (which carries the parameters' digest) is
 * written last, so a half-written artifact is never mistaken for a whole one.
 */
public final class ModelArtifacts {
    public static final String METADATA_FILE = ArtifactFiles.METADATA_FILE;
    public static final String PARAMETERS_NAME = "model";
    public static final String ARCHIVE_NAME = ArtifactFiles.ARCHIVE_NAME;

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ModelArtifacts() {}

    /** Library versions recorded in every artifact. */
    public static Map<String, String> libraryVersions() {
        Engine engine = Engine.getEngine("PyTorch");
        return Map.of("djl", Engine.getDjlVersion(), "engine", engine.getEngineName(),
                "engineVersion", engine.getVersion(), "java", Runtime.version().toString());
    }

    /**
     * Saves a model's parameters and its metadata into {@code dir} (created if needed). The digest and the
     * parameters file name are filled in here.
     */
    public static ArtifactMetadata save(Model model, ArtifactMetadata metadata, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".params");
        try {
            model.save(staging, PARAMETERS_NAME);
            Path written;
            try (Stream<Path> s = Files.list(staging)) {
                written = s.filter(p -> p.getFileName().toString().endsWith(".params")).findFirst()
                        .orElseThrow(() -> new IOException("DJL wrote no parameters file in " + staging));
            }
            String fileName = written.getFileName().toString();
            Path target = dir.resolve(fileName);
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ArtifactMetadata complete = metadata.withParameters(fileName, sha256(target))
                    .withArchitecture(TorchScriptNet.inArtifact(metadata.architecture()));
            writeMetadata(complete, dir);
            return complete;
        } finally {
            AtomicFiles.deleteRecursively(staging);
        }
    }

    /** Writes (replaces) the metadata file atomically. */
    public static void writeMetadata(ArtifactMetadata metadata, Path dir) throws IOException {
        AtomicFiles.writeJson(dir.resolve(METADATA_FILE), metadata, JSON);
    }

    /**
     * Reads and validates an artifact directory's metadata.
     *
     * @throws ArtifactException if it is missing, malformed or of an unknown format
     */
    public static ArtifactMetadata readMetadata(Path dir) {
        Path file = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ArtifactException("Not a model artifact: " + file + " is missing");
        }
        ArtifactMetadata metadata;
        try {
            metadata = JSON.readValue(file.toFile(), ArtifactMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactException("Malformed " + file + ": " + e.getMessage(), e);
        }
        if (metadata.formatVersion() != ArtifactMetadata.FORMAT_VERSION) {
            throw new ArtifactException("Incompatible artifact " + dir + ": format version "
                    + metadata.formatVersion() + ", this build reads " + ArtifactMetadata.FORMAT_VERSION);
        }
        if (!ArtifactMetadata.KIND_DJL.equals(metadata.kind())) {
            throw new ArtifactException("Incompatible artifact " + dir + ": kind '" + metadata.kind()
                    + "', expected '" + ArtifactMetadata.KIND_DJL + "'");
        }
        if (metadata.architecture() == null || metadata.classNames() == null || metadata.input() == null
                || metadata.parametersFile() == null || metadata.parametersSha256() == null) {
            throw new ArtifactException("Incomplete " + file
                    + ": architecture, classNames, input, parametersFile and parametersSha256 are required");
        }
        if (!Architectures.NAMES.contains(metadata.architecture().name())) {
            throw new ArtifactException("Incompatible artifact " + dir + ": unknown architecture '"
                    + metadata.architecture().name() + "', this build knows " + Architectures.NAMES);
        }
        return metadata;
    }

    /**
     * Loads the network of an artifact directory, verifying the parameters' digest. The caller owns (closes)
     * the returned model.
     *
     * @throws ArtifactException if the artifact is missing, corrupt, truncated or incompatible
     */
    public static Model loadModel(Path dir, ArtifactMetadata metadata) {
        Path params = dir.resolve(metadata.parametersFile()).normalize();
        if (!params.startsWith(dir.normalize()) || !Files.isRegularFile(params)) {
            throw new ArtifactException("Corrupt artifact " + dir + ": parameters file "
                    + metadata.parametersFile() + " is missing");
        }
        String actual = sha256(params);
        if (!actual.equalsIgnoreCase(metadata.parametersSha256())) {
            throw new ArtifactException("Corrupt artifact " + dir + ": " + metadata.parametersFile()
                    + " has SHA-256 " + actual + " but the metadata records " + metadata.parametersSha256());
        }
        Model model = Model.newInstance(metadata.name() == null ? "model" : metadata.name(), "PyTorch");
        try {
            model.setBlock(Architectures.forParameters(metadata.architecture(), metadata.classNames().size(),
                    model.getNDManager()));
        } catch (IllegalArgumentException e) {
            model.close();
            throw new ArtifactException("Incompatible artifact " + dir + ": " + e.getMessage(), e);
        }
        try {
            String prefix = metadata.parametersFile().replaceFirst("-\\d{4}\\.params$", "");
            model.load(dir, prefix);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ArtifactException("Incompatible artifact " + dir + ": its parameters do not fit "
                    + metadata.architecture().name() + " " + metadata.architecture().args() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Loads the network of anything {@link OpenedArtifact} opens (a folder, a {@code .tar.gz} or a channel
     * folder), verifying the parameters' digest. An archive is unpacked into a temporary folder that is deleted
     * once the network is in memory. The caller closes the result.
     *
     * @throws ArtifactException if the artifact is missing, corrupt, truncated or incompatible
     */
    public static LoadedNetwork loadNetwork(Path location) {
        try (OpenedArtifact artifact = OpenedArtifact.open(location)) {
            ArtifactMetadata metadata = readMetadata(artifact.root());
            return new LoadedNetwork(metadata, loadModel(artifact.root(), metadata));
        }
    }

    /**
     * Loads a classifier from a folder, a {@code .tar.gz} or a channel folder ({@link #loadNetwork}).
     *
     * @throws ArtifactException if the artifact is missing, corrupt, truncated or incompatible
     */
    public static Classifier load(Path location) {
        LoadedNetwork network = loadNetwork(location);
        return new DjlClassifier(network.model(), network.metadata());
    }

    /** For tests and demos: writes a real artifact whose network has randomly initialized weights. */
    public static ArtifactMetadata createUntrained(Path dir, String architecture, List<String> classNames,
            InputSpec input, long seed) throws IOException {
        ArchitectureSpec spec = Architectures.defaults(architecture);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (Model model = Model.newInstance(architecture, "PyTorch")) {
            Block block = Architectures.build(spec, classNames.size(), model.getNDManager());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, Architectures.inputShape(input));
            ArtifactMetadata metadata = new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, architecture + "-untrained", "untrained-" + seed, spec,
                    classNames, input, null, null, Architectures.trainableParameters(block), false, 0, null, null,
                    Map.of("seed", seed), null, libraryVersions(), Instant.now().toString());
            return save(model, metadata, dir);
        }
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try {
            return FileDigest.sha256(file);
        } catch (IOException e) {
            throw new ArtifactException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
