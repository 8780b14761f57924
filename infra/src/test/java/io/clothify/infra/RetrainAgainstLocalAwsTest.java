package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/bin/retrain} run by the real AWS CLI against S3Proxy (S3, filesystem backend) and stand-in Step
 * Functions, SageMaker and CloudFormation endpoints, all on 127.0.0.1 (the CLI's AWS_ENDPOINT_URL_&lt;SERVICE&gt;
 * variables point it there): the upload, channel detection from what is really in the bucket, the execution input,
 * the fine-tune pointer read, the verdict, and {@code retrain stop}'s StopExecution + Stop*Job calls.
 */
class RetrainAgainstLocalAwsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = TestStacks.REPO_ROOT.resolve("infra/bin/retrain");
    private static final String BUCKET = "clothify-model-bucket";
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Pipeline";
    private static final String SUMMARY = "verdict=promoted action=retrain candidate=clothify-run-1"
            + " candidateAccuracy=0.8631 live=default-0123456789ab liveAccuracy=0.8522";

    @TempDir
    Path dir;
    private S3Proxy s3;
    private FakeAwsEndpoint aws;
    private Path blobs;

    @BeforeEach
    void start() throws Exception {
        Path cli = awsCli();
        assumeTrue(cli != null, "Skipped: no aws CLI on PATH");
        blobs = Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(blobs.resolve(BUCKET));
        s3 = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(blobs.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "local-access", "local-secret").build();
        s3.start();
        for (int i = 0; i < 500 && !"STARTED".equals(s3.getState()); i++) {
            Thread.sleep(10);
        }
        aws = new FakeAwsEndpoint(BUCKET, MACHINE, target -> switch (target) {
            case "AWSStepFunctions.ListExecutions" -> "{\"executions\":[]}";
            case "AWSStepFunctions.StartExecution" -> "{\"executionArn\":\"" + execution("run-1")
                    + "\",\"startDate\":1764806400}";
            case "AWSStepFunctions.DescribeExecution" -> JSON.createObjectNode()
                    .put("executionArn", execution("run-1")).put("stateMachineArn", MACHINE)
                    .put("status", "SUCCEEDED").put("startDate", 1764806400)
                    .put("output", "{\"summary\":\"" + SUMMARY + "\"}").toString();
            case "AWSStepFunctions.StopExecution" -> "{\"stopDate\":1764806500}";
            case "AWSStepFunctions.GetExecutionHistory" -> """
                    {"events":[{"timestamp":1764806400,"type":"TaskScheduled","id":7,"previousEventId":6,
                     "taskScheduledEventDetails":{"resourceType":"aws-sdk:sagemaker",
                     "resource":"createHyperParameterTuningJob","region":"us-east-1",
                     "parameters":"{\\"HyperParameterTuningJobName\\":\\"clothify-tune-ab12cd34\\"}"}}]}""";
            case "SageMaker.StopTrainingJob" ->
                    "{\"__type\":\"ValidationException\",\"message\":\"Requested resource not found.\"}";
            case "SageMaker.StopHyperParameterTuningJob" -> "{}";
            default -> throw new AssertionError("unexpected call " + target);
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    void uploadsDetectsTheChannelsInTheBucketStartsAndPrintsTheVerdict() throws IOException {
        Path data = dir.resolve("my-clothes");
        for (String split : List.of("train", "test")) { // no validation/: the trainer holds out part of train
            Files.createDirectories(data.resolve(split).resolve("shirt"));
            Files.writeString(data.resolve(split).resolve("shirt").resolve("a.jpg"), "not really a jpeg");
        }
        Files.createDirectories(blobs.resolve(BUCKET).resolve("models"));
        Files.writeString(blobs.resolve(BUCKET).resolve("models/current.json"), "{\"modelVersion\":\"clothify-run-1\"}");
        Commands.Result result = retrain("--data", data.toString(), "--name", "run-1", "--wait");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Files.isRegularFile(blobs.resolve(BUCKET).resolve("data/my-clothes/train/shirt/a.jpg")),
                "uploaded to S3Proxy");
        JsonNode start = aws.body("AWSStepFunctions.StartExecution");
        assertEquals(MACHINE, start.get("stateMachineArn").asText());
        assertEquals("run-1", start.get("name").asText());
        JsonNode input = JSON.readTree(start.get("input").asText());
        assertEquals("my-clothes", input.get("dataset").asText());
        assertEquals("[\"train\",\"test\"]", input.get("channels").toString());
        assertTrue(result.output().contains("Verdict: promoted")
                && result.output().contains("candidate:  clothify-run-1  test accuracy 0.8631")
                && result.output().contains("live model: default-0123456789ab  test accuracy 0.8522 (before)")
                && result.output().contains("{\"modelVersion\":\"clothify-run-1\"}"),
                result.output());

        // A second run without --data finds the channels by listing the bucket.
        Files.createDirectories(blobs.resolve(BUCKET).resolve("data/my-clothes/validation/shirt"));
        Files.writeString(blobs.resolve(BUCKET).resolve("data/my-clothes/validation/shirt/b.jpg"), "x");
        Commands.Result again = retrain("--dataset", "my-clothes", "--name", "run-2");
        assertEquals(0, again.exitCode(), again.output());
        List<String> starts = aws.calls().stream().filter(c -> c.startsWith("AWSStepFunctions.StartExecution"))
                .toList();
        JsonNode second = JSON.readTree(JSON.readTree(starts.get(1).substring(starts.get(1).indexOf(' ') + 1))
                .get("input").asText());
        assertEquals("[\"train\",\"validation\",\"test\"]", second.get("channels").toString());
    }

    @Test
    void fineTuneReadsTheLivePointerFromTheBucketOrSaysThereIsNone() throws IOException {
        Files.createDirectories(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/train"));
        Files.writeString(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/train/x.jpg"), "x");
        Files.createDirectories(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/test"));
        Files.writeString(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/test/x.jpg"), "x");

        Commands.Result none = retrain("--fine-tune");
        assertEquals(2, none.exitCode(), none.output());
        assertTrue(none.output().contains("--fine-tune: there is no live model"), none.output());

        Files.createDirectories(blobs.resolve(BUCKET).resolve("models"));
        Files.writeString(blobs.resolve(BUCKET).resolve("models/current.json"), "{\"modelUri\":\"s3://" + BUCKET
                + "/models/default-0123456789ab/model.tar.gz\",\"modelVersion\":\"default-0123456789ab\","
                + "\"testAccuracy\":0.8522,\"promotedAt\":\"1970-01-01T00:00:00Z\"}");
        Commands.Result tuned = retrain("--fine-tune", "-p", "epochs=20");
        assertEquals(0, tuned.exitCode(), tuned.output());
        JsonNode input = JSON.readTree(aws.body("AWSStepFunctions.StartExecution").get("input").asText());
        assertEquals("s3://" + BUCKET + "/models/default-0123456789ab/model.tar.gz",
                input.get("pretrainedModelUri").asText());
    }

    @Test
    void aLocalBackboneIsUploadedToTheBucketAndNamedInTheInput() throws IOException {
        for (String split : List.of("train", "test")) {
            Files.createDirectories(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/" + split));
            Files.writeString(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/" + split + "/x.jpg"), "x");
        }
        Path backbone = dir.resolve("tiny-backbone.pt");
        Files.write(backbone, new byte[] {1, 2, 3, 4});
        Commands.Result result = retrain("-p", "backbone=" + backbone, "-p", "freeze_backbone=true", "--name",
                "run-1", "--wait");

        assertEquals(0, result.exitCode(), result.output());
        String key = "models/backbones/" + RetrainScriptTest.sha256Prefix(backbone) + "/tiny-backbone.pt";
        assertTrue(Files.isRegularFile(blobs.resolve(BUCKET).resolve(key)), "uploaded to S3Proxy: " + key);
        JsonNode input = JSON.readTree(aws.body("AWSStepFunctions.StartExecution").get("input").asText());
        assertEquals("s3://" + BUCKET + "/" + key, input.get("backboneUri").asText());
        assertEquals("true", input.get("hyperparameters").get("freeze_backbone").asText());
        assertTrue(result.output().contains("Verdict: promoted"), result.output());
    }

    @Test
    void aNetworkIsolatedStackRefusesAModelZooBackboneAndAnOlderStackWithoutTheOutputDoesNot() throws IOException {
        for (String split : List.of("train", "test")) {
            Files.createDirectories(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/" + split));
            Files.writeString(blobs.resolve(BUCKET).resolve("data/clothing-dataset-small/" + split + "/x.jpg"), "x");
        }
        Commands.Result older = retrain("-p", "backbone=resnet50", "--name", "run-1");
        assertEquals(0, older.exitCode(), "no TrainingNetworkIsolation output: not isolated. " + older.output());

        aws.output(ClothifyStack.NETWORK_ISOLATION_OUTPUT, "true");
        Commands.Result refused = retrain("-p", "backbone=resnet50", "--name", "run-2");
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("runs training jobs network-isolated"), refused.output());
        assertEquals(1, aws.calls().stream().filter(c -> c.startsWith("AWSStepFunctions.StartExecution")).count(),
                "only the first run started: " + aws.calls());
    }

    @Test
    void stopStopsTheExecutionAndTheJobsItStarted() throws IOException {
        Commands.Result result = retrain("stop", "run-1");

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(execution("run-1"), aws.body("AWSStepFunctions.StopExecution").get("executionArn").asText());
        assertEquals("clothify-run-1", aws.body("SageMaker.StopTrainingJob").get("TrainingJobName").asText());
        assertEquals("clothify-tune-ab12cd34", aws.body("SageMaker.StopHyperParameterTuningJob")
                .get("HyperParameterTuningJobName").asText());
        assertTrue(result.output().contains("Stopped tuning job clothify-tune-ab12cd34"), result.output());
    }

    private Commands.Result retrain(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "local-access");
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3.getPort());
        for (String service : List.of("SFN", "SAGEMAKER", "CLOUDFORMATION")) {
            env.put("AWS_ENDPOINT_URL_" + service, aws.endpoint().toString());
        }
        env.put("RETRAIN_POLL_SECONDS", "0");
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return Commands.run(dir, env, 120, command);
    }

    private static String execution(String name) {
        return MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    private static Path awsCli() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(entry, "aws");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
