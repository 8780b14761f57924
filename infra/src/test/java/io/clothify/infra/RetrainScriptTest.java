package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/bin/retrain} against a stand-in {@code aws} command that records its arguments and answers like the
 * AWS CLI: the dataset upload, the execution input (hyperparameters as strings), following the execution to its
 * end, and the exit codes that say whether the model was promoted.
 */
class RetrainScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = TestStacks.REPO_ROOT.resolve("infra/bin/retrain");
    private static final String BUCKET = "clothify-modelstore-bucket";
    private static final String MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:Pipeline";

    @TempDir
    Path dir;

    @Test
    void uploadsTheDatasetStartsTheStateMachineAndReportsThePromotion() throws IOException {
        Path data = dataset("my-clothes");
        Commands.Result result = retrain("SUCCEEDED", "--data", data.toString(), "--name", "run-1",
                "-p", "epochs=12", "-p", "architecture=photo-cnn", "--on-demand", "--max-runtime", "3600",
                "--wait");

        assertEquals(0, result.exitCode(), result.output());
        List<String> calls = calls();
        assertTrue(calls.contains("s3 sync " + data + " s3://" + BUCKET + "/data/my-clothes/ --exclude .* "
                + "--exclude */.* --only-show-errors"), calls.toString());
        String start = calls.stream().filter(c -> c.startsWith("stepfunctions start-execution")).findFirst()
                .orElseThrow(() -> new AssertionError("no start-execution in " + calls));
        assertTrue(start.contains("--state-machine-arn " + MACHINE + " --name run-1 "), start);
        JsonNode input = JSON.readTree(start.substring(start.indexOf("--input ") + 8, start.indexOf(" --query")));
        assertEquals("my-clothes", input.get("dataset").asText());
        assertEquals(false, input.get("useSpot").asBoolean());
        assertEquals(3600, input.get("maxRuntimeSeconds").asInt());
        assertEquals("12", input.get("hyperparameters").get("epochs").textValue(), "hyperparameters are strings");
        assertEquals("photo-cnn", input.get("hyperparameters").get("architecture").asText());
        assertTrue(result.output().contains("aws logs tail /aws/sagemaker/TrainingJobs --log-stream-name-prefix "
                + "clothify-run-1"), result.output());
        assertEquals("[\"train\",\"validation\",\"test\"]", input.get("channels").toString());
        assertTrue(result.output().contains("Verdict: promoted")
                && result.output().contains("candidate:  clothify-x  test accuracy 0.861")
                && result.output().contains("live model: default-0123456789ab  test accuracy 0.8522 (before)")
                && result.output().contains("\"modelVersion\""), result.output());
    }

    @Test
    void aRejectedModelExitsThreeAndSaysTheLiveModelIsUnchanged() throws IOException {
        Commands.Result result = retrain("FAILED", "--mode", "tune", "--tuning-jobs", "4", "--wait");

        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("Verdict: rejected")
                && result.output().contains("candidate:  clothify-x  test accuracy 0.41")
                && result.output().contains("live model: default-0123456789ab  test accuracy 0.8522")
                && result.output().contains("floor:      0.5")
                && result.output().contains("unchanged")
                && result.output().contains("retrain promote clothify-"), result.output());
        String start = calls().stream().filter(c -> c.startsWith("stepfunctions start-execution")).findFirst()
                .orElseThrow();
        assertTrue(start.contains("--input {\"mode\":\"tune\",\"tuningMaxJobs\":4,\"channels\":[\"train\",\"test\"]}"),
                "channels detected in S3 (this dataset has no validation/): " + start);
    }

    @Test
    void fineTuningStartsFromTheLiveModel() throws IOException {
        Commands.Result result = retrain("SUCCEEDED", "--fine-tune", "-p", "freeze_backbone=true");

        assertEquals(0, result.exitCode(), result.output());
        String start = calls().stream().filter(c -> c.startsWith("stepfunctions start-execution")).findFirst()
                .orElseThrow();
        JsonNode input = JSON.readTree(start.substring(start.indexOf("--input ") + 8, start.indexOf(" --query")));
        assertEquals("s3://" + BUCKET + "/models/clothify-x/model.tar.gz", input.get("pretrainedModelUri").asText());
        assertEquals("true", input.get("hyperparameters").get("freeze_backbone").asText());
    }

    @Test
    void aModelZooBackboneIsAStaticHyperparameterOfEveryTuningJob() throws IOException {
        Commands.Result result = retrain("SUCCEEDED", "--mode", "tune", "-p", "backbone=resnet18",
                "-p", "freeze_backbone=true", "--wait");

        assertEquals(0, result.exitCode(), result.output());
        JsonNode input = startInput();
        assertEquals("tune", input.get("mode").asText());
        assertEquals("resnet18", input.get("hyperparameters").get("backbone").asText());
        assertEquals("true", input.get("hyperparameters").get("freeze_backbone").asText());
        assertTrue(!input.has("backboneUri") && result.output().contains("Verdict: promoted"), result.output());
    }

    @Test
    void aLocalBackboneIsUploadedUnderItsDigestAndAnS3OneIsPassedAsTheChannel() throws IOException {
        Path file = dir.resolve("resnet18.pt");
        Files.writeString(file, "torchscript bytes");
        String key = "models/backbones/" + sha256Prefix(file) + "/resnet18.pt";
        Commands.Result local = retrain("SUCCEEDED", "-p", "backbone=" + file, "-p", "epochs=10");

        assertEquals(0, local.exitCode(), local.output());
        assertTrue(calls().contains("s3 cp " + file + " s3://" + BUCKET + "/" + key + " --only-show-errors"),
                calls().toString());
        JsonNode input = startInput();
        assertEquals("s3://" + BUCKET + "/" + key, input.get("backboneUri").asText());
        assertTrue(!input.get("hyperparameters").has("backbone"), "the job takes the channel's file: " + input);

        Files.delete(log());
        Commands.Result s3 = retrain("SUCCEEDED", "-p", "backbone=s3://" + BUCKET + "/models/backbones/r50.pt");
        assertEquals(0, s3.exitCode(), s3.output());
        assertEquals("s3://" + BUCKET + "/models/backbones/r50.pt", startInput().get("backboneUri").asText());
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("s3 cp")), calls().toString());

        Commands.Result dryRun = retrain("SUCCEEDED", "--dry-run", "-p", "backbone=" + file);
        assertEquals(0, dryRun.exitCode(), dryRun.output());
        assertTrue(dryRun.output().contains("s3://<ModelBucketName>/" + key), dryRun.output());
    }

    @Test
    void badBackbonesAreRefusedWithTheKnownNames() throws IOException {
        Commands.Result unknown = retrain("SUCCEEDED", "-p", "backbone=xception");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("resnet18 or resnet50"), unknown.output());
        for (List<String> args : List.of(
                List.of("-p", "backbone=s3://" + BUCKET + "/data/x.pt"),
                List.of("-p", "backbone=djl://"),
                List.of("--fine-tune", "-p", "backbone=resnet18"),
                List.of("-p", "backbone=resnet18", "-p", "backbone=s3://" + BUCKET + "/models/backbones/r.pt"))) {
            Commands.Result result = retrain("SUCCEEDED", args.toArray(String[]::new));
            assertEquals(2, result.exitCode(), args + ": " + result.output());
        }
        assertTrue(retrain("SUCCEEDED", "-p", "backbone=resnet18", "-p", "backbone=resnet50").output()
                .contains("-p backbone given twice"));
        assertEquals(List.of(), calls());
        Commands.Result otherBucket = retrain("SUCCEEDED", "-p", "backbone=s3://other/models/backbones/r.pt");
        assertEquals(2, otherBucket.exitCode(), otherBucket.output());
        assertTrue(otherBucket.output().contains("not in this stack's bucket"), otherBucket.output());
        assertTrue(calls().stream().noneMatch(c -> c.contains("start-execution")), calls().toString());
    }

    @Test
    void aNetworkIsolatedStackRefusesModelZooBackbonesBeforeUploadingOrStarting() throws IOException {
        Path data = dataset("my-clothes");
        for (String backbone : List.of("resnet18", "djl://ai.djl.pytorch/resnet18_embedding")) {
            Commands.Result refused = retrain(Map.of("FAKE_ISOLATION", "true"), "SUCCEEDED", "--data",
                    data.toString(), "-p", "backbone=" + backbone);
            assertEquals(2, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("backbone " + backbone + ": stack Clothify runs training jobs"
                    + " network-isolated") && refused.output().contains("-p backbone=./resnet18.pt")
                    && refused.output().contains("s3://" + BUCKET + "/models/backbones/"), refused.output());
            assertTrue(calls().stream().noneMatch(c -> c.startsWith("s3 ") || c.contains("start-execution")),
                    "nothing uploaded, nothing started: " + calls());
        }

        Path file = dir.resolve("resnet18.pt");
        Files.writeString(file, "torchscript bytes");
        Commands.Result fromFile = retrain(Map.of("FAKE_ISOLATION", "true"), "SUCCEEDED", "-p", "backbone=" + file);
        assertEquals(0, fromFile.exitCode(), "a file travels as the channel, which isolation allows: "
                + fromFile.output());
        assertTrue(startInput().has("backboneUri"), startInput().toString());

        Files.delete(log());
        Commands.Result online = retrain("SUCCEEDED", "-p", "backbone=resnet18");
        assertEquals(0, online.exitCode(), online.output());
        assertTrue(calls().stream().anyMatch(c -> c.contains("describe-stacks") && c.contains(
                ClothifyStack.NETWORK_ISOLATION_OUTPUT)), "the stack's setting was read: " + calls());
        assertEquals("resnet18", startInput().get("hyperparameters").get("backbone").asText());
    }

    @Test
    void badInputIsRefusedBeforeAnyAwsCall() throws IOException {
        for (List<String> args : List.of(
                List.of("-p", "epochs"),
                List.of("-p", "epochs=1;rm"),
                List.of("--mode", "tune", "-p", "learning_rate=0.1"),
                List.of("--mode", "serve"),
                List.of("--name", "has_underscore"),
                List.of("--name", "ends-with-hyphen-"),
                List.of("--name", "-starts-with-hyphen"),
                List.of("--name", "a".repeat(55)),
                List.of("promote", "not-a-clothify-job"),
                List.of("--pretrained", "s3://bucket/training/job/output/model.tar.gz"),
                List.of("--data", dir.resolve("missing").toString()))) {
            Commands.Result result = retrain("SUCCEEDED", args.toArray(String[]::new));
            assertEquals(2, result.exitCode(), args + ": " + result.output());
        }
        assertEquals(List.of(), calls());
    }

    @Test
    void anotherRunningExecutionIsRefusedUnlessForced() throws IOException {
        Commands.Result refused = retrain(Map.of("FAKE_RUNNING", "retrain-20261204-101010"), "SUCCEEDED");
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("retrain-20261204-101010") && refused.output().contains("--force"),
                refused.output());
        assertTrue(calls().stream().noneMatch(c -> c.contains("start-execution")), calls().toString());

        Commands.Result forced = retrain(Map.of("FAKE_RUNNING", "retrain-20261204-101010"), "SUCCEEDED", "--force");
        assertEquals(0, forced.exitCode(), forced.output());
        assertTrue(calls().stream().anyMatch(c -> c.contains("start-execution")), calls().toString());
    }

    @Test
    void fineTuningWithoutALiveModelSaysSoInsteadOfARawAwsError() throws IOException {
        Commands.Result result = retrain(Map.of("FAKE_NO_POINTER", "1"), "SUCCEEDED", "--fine-tune");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("--fine-tune: there is no live model"), result.output());
        assertTrue(calls().stream().noneMatch(c -> c.contains("start-execution")), calls().toString());
    }

    @Test
    void promoteAndRollbackStartThePipelinesPointerActions() throws IOException {
        Commands.Result promote = retrain("SUCCEEDED", "promote", "clothify-retrain-1", "--wait");
        assertEquals(0, promote.exitCode(), promote.output());
        assertTrue(calls().stream().anyMatch(c -> c.startsWith("stepfunctions start-execution")
                && c.contains("--input {\"action\":\"promote\",\"candidate\":\"clothify-retrain-1\"}")),
                calls().toString());
        Commands.Result rollback = retrain("SUCCEEDED", "rollback");
        assertEquals(0, rollback.exitCode(), rollback.output());
        assertTrue(calls().stream().anyMatch(c -> c.contains("--input {\"action\":\"rollback\"}")),
                calls().toString());
    }

    @Test
    void aDatasetWithoutTestIsRefusedBeforeAnyAwsCall() throws IOException {
        Path data = dir.resolve("no-test");
        Files.createDirectories(data.resolve("train").resolve("shirt"));
        Commands.Result result = retrain("SUCCEEDED", "--data", data.toString());
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("no test/ folder"), result.output());
    }

    private JsonNode startInput() throws IOException {
        String start = calls().stream().filter(c -> c.startsWith("stepfunctions start-execution")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no start-execution"));
        return JSON.readTree(start.substring(start.indexOf("--input ") + 8, start.indexOf(" --query")));
    }

    static String sha256Prefix(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file))).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path dataset(String name) throws IOException {
        Path data = dir.resolve(name);
        for (String split : List.of("train", "validation", "test")) {
            Files.createDirectories(data.resolve(split).resolve("shirt"));
        }
        return data;
    }

    private Commands.Result retrain(String finalStatus, String... args) throws IOException {
        return retrain(Map.of(), finalStatus, args);
    }

    private Commands.Result retrain(Map<String, String> extraEnv, String finalStatus, String... args)
            throws IOException {
        Path fake = dir.resolve("aws");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_AWS_LOG"
                case "$*" in
                  *describe-stacks*ModelBucketName*) echo "%s" ;;
                  *describe-stacks*StateMachineArn*) echo "%s" ;;
                  *describe-stacks*TrainingNetworkIsolation*) echo "${FAKE_ISOLATION:-false}" ;;
                  *list-executions*) echo "${FAKE_RUNNING:-}" ;;
                  *start-execution*) echo "arn:aws:states:eu-west-1:123456789012:execution:Pipeline:x" ;;
                  *describe-execution*"--query status"*) echo "$FAKE_STATUS" ;;
                  *describe-execution*"--query output"*) echo '{"summary":"verdict=promoted action=retrain candidate=clothify-x candidateAccuracy=0.861 live=default-0123456789ab liveAccuracy=0.8522"}' ;;
                  *describe-execution*) printf 'ModelRejected\tverdict=rejected candidate=clothify-x candidateAccuracy=0.41 live=default-0123456789ab liveAccuracy=0.8522 floor=0.5: models/current.json is unchanged\n' ;;
                  *"s3 ls"*) printf '                           PRE test/\n                           PRE train/\n' ;;
                  *"s3 cp"*) [[ -n "${FAKE_NO_POINTER:-}" ]] && { echo "fatal error: An error occurred (404)" >&2; exit 1; }
                    echo '{"modelUri":"s3://%s/models/clothify-x/model.tar.gz","modelVersion":"clothify-x"}' ;;
                esac
                """.formatted(BUCKET, MACHINE, BUCKET));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_CLI", fake.toString(),
                "FAKE_AWS_LOG", log().toString(), "FAKE_STATUS", finalStatus, "RETRAIN_POLL_SECONDS", "0"));
        env.putAll(extraEnv);
        return Commands.run(dir, env, 60, command);
    }

    private Path log() {
        return dir.resolve("aws-calls.log");
    }

    private List<String> calls() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }
}
