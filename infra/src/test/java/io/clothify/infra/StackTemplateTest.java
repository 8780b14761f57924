package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the stack must say, asserted on the synthesized template of the default configuration. */
class StackTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestStacks.stack(TestStacks.app(Map.of())));
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
    }

    @Test
    void functionIsAnX86ContainerImageSizedAndTimedForTheApi() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "PackageType", "Image",
                "Architectures", List.of("x86_64"),
                "MemorySize", 1769,
                "Timeout", 28,
                "Environment", Map.of("Variables", Map.of(
                        "MODEL_BUCKET", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("ModelStoreBucket.*"))),
                        "MODEL_POINTER_KEY", POINTER_KEY,
                        "URL_HOSTS", "none",
                        "POWERTOOLS_SERVICE_NAME", "clothify-predict",
                        "POWERTOOLS_METRICS_NAMESPACE", "Clothify")))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void httpApiRoutesPredictAndHealthWithThrottlingAndAccessLogs() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route",
                Map.of("RouteKey", "POST /predict", "AuthorizationType", "NONE"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route",
                Map.of("RouteKey", "GET /health", "AuthorizationType", "NONE"));
        for (String page : List.of("GET /", "GET /assets/{file}")) { // the page to try the API, same function
            template.hasResourceProperties("AWS::ApiGatewayV2::Route",
                    Map.of("RouteKey", page, "AuthorizationType", "NONE"));
        }
        template.resourceCountIs("AWS::ApiGatewayV2::Route", 4);
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40),
                "AccessLogSettings", Match.objectLike(Map.of(
                        "Format", Match.stringLikeRegexp(".*\\$context.requestId.*\\$context.status.*"))))));
    }

    @Test
    void modelBucketIsEncryptedPrivateVersionedTlsOnlyAndExpiresTrainingLeftovers() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "model-store/")),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Prefix", "training/", "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Prefix", "checkpoints/", "ExpirationInDays", 7))))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(
                        Map.of("Effect", "Deny", "Condition",
                                Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        // Default: nothing billable left behind by cdk destroy.
        template.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        template.hasResourceProperties("Custom::S3AutoDeleteObjects", Match.anyValue());
    }

    @Test
    void functionMayOnlyReadModels() {
        String policy = policyOf("InferenceApiFunctionRole");
        assertTrue(policy.contains("/models/*"), policy);
        assertFalse(policy.contains("s3:PutObject") || policy.contains("s3:DeleteObject"), policy);
        assertFalse(policy.contains("/data/*") || policy.contains("/training/*"), policy);
    }

    @Test
    void sageMakerRoleReadsDataAndModelsAndWritesOnlyItsOutputAndCheckpoints() {
        String policy = policyOf("TrainingPipelineSageMakerRole");
        assertTrue(policy.contains("/data/*") && policy.contains("/training/*") && policy.contains("/checkpoints/*"),
                policy);
        JsonNode statements = JSON.valueToTree(findPolicy("TrainingPipelineSageMakerRole"))
                .get("Properties").get("PolicyDocument").get("Statement");
        for (JsonNode statement : statements) {
            if (statement.get("Resource").toString().contains("/models/")) {
                assertEquals("\"s3:GetObject\"", statement.get("Action").toString(),
                        "training jobs may read a model to fine-tune from, never write one: " + statement);
            }
        }
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("AssumeRolePolicyDocument",
                Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "sagemaker.amazonaws.com")))))))));
    }

    @Test
    void stateMachineMayPassOnlyTheSageMakerRoleAndTouchOnlyItsJobs() {
        String policy = policyOf("TrainingPipelineStateMachineRole");
        JsonNode statements = JSON.valueToTree(findPolicy("TrainingPipelineStateMachineRole"))
                .get("Properties").get("PolicyDocument").get("Statement");
        for (JsonNode statement : statements) {
            if (statement.get("Action").toString().contains("iam:PassRole")) {
                assertTrue(statement.get("Resource").toString().contains("TrainingPipelineSageMakerRole"),
                        statement.toString());
                assertEquals("sagemaker.amazonaws.com",
                        statement.get("Condition").get("StringEquals").get("iam:PassedToService").asText());
            }
        }
        assertTrue(policy.contains("training-job/clothify-*"), policy);
        for (JsonNode statement : statements) {
            if (statement.get("Resource").asText().equals("*")) {
                // Only log delivery and X-Ray tracing, whose APIs take no resource.
                assertTrue(statement.get("Action").toString().matches("\\[(\"(logs:[A-Za-z]+|xray:[A-Za-z]+)\",?)+]"),
                        "an action on every resource: " + statement);
            }
        }
    }

    @Test
    void outputsNameTheApiBucketStateMachineAndNextCommands() {
        for (String output : List.of("ApiUrl", "ModelBucketName", "StateMachineArn", "PredictCommand",
                "UploadDataCommand", "RetrainCommand", "PointerCommand", "HealthCommand", "ClientCommand")) {
            template.hasOutput(output, Match.anyValue());
        }
        // The base URL has no trailing slash: the client CLI and the commands append /predict and /health.
        JsonNode outputs = JSON.valueToTree(template.toJSON()).get("Outputs");
        assertEquals("ApiEndpoint", outputs.get("ApiUrl").get("Value").get("Fn::GetAtt").get(1).asText());
        assertTrue(outputs.get("PredictCommand").toString().contains("/predict"));
    }

    /** The inline policy attached to the role whose logical id starts with {@code rolePrefix}. */
    private static Object findPolicy(String rolePrefix) {
        var it = resources.fields();
        while (it.hasNext()) {
            var entry = it.next();
            JsonNode r = entry.getValue();
            if (r.get("Type").asText().equals("AWS::IAM::Policy")
                    && r.get("Properties").get("Roles").toString().contains(rolePrefix)) {
                return r;
            }
        }
        throw new AssertionError("No policy for role " + rolePrefix);
    }

    private static String policyOf(String rolePrefix) {
        return JSON.valueToTree(findPolicy(rolePrefix)).get("Properties").get("PolicyDocument").toString();
    }
}
