package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.contract.ModelStoreLayout;
import io.clothify.model.contract.TrainingChannels;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The retraining state machine and the first model, asserted on the synthesized template (default context). */
class PipelineTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;
    private static JsonNode resources;
    private static JsonNode states;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestStacks.stack(TestStacks.app(Map.of())));
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
        states = StateMachineDefinition.of(template).get("States");
    }

    /** A key retrain misspelt would be ignored by the state machine's merge, and its default would win silently. */
    @Test
    void everyInputKeyTheRetrainScriptWritesIsOneTheStateMachineReads() throws IOException {
        String script = Files.readString(TestStacks.REPO_ROOT.resolve("infra/bin/retrain"));
        Matcher written = Pattern.compile("\\\\\"([A-Za-z]+)\\\\\":").matcher(script);
        JsonNode defaults = state("ApplyDefaults").get("Parameters").get("defaults");
        String definition = StateMachineDefinition.text(template);
        Set<String> keys = new TreeSet<>();
        while (written.find()) {
            keys.add(written.group(1));
        }
        assertTrue(keys.containsAll(Set.of("mode", "useSpot", "maxRuntimeSeconds", "backboneUri", "candidate")),
                keys.toString());
        for (String key : keys) {
            boolean read = Pattern.compile("\\$\\.config\\." + key + "\\b").matcher(definition).find();
            assertTrue(defaults.has(key) || read,
                    "infra/bin/retrain writes \"" + key + "\", which the state machine never reads");
        }
    }

    @Test
    void defaultHyperparametersAreTheShippedModelsRecipeOnItsDataset() {
        ShippedArtifact shipped = ShippedArtifact.read(TestStacks.FIXTURE_ARTIFACT);
        JsonNode recipe = state("ApplyDefaults").get("Parameters").get("defaults").get("recipe");
        assertEquals(shipped.dataset(), recipe.get("dataset").asText());
        assertEquals("90", recipe.get("hyperparameters").get("epochs").asText());
        assertEquals("1", recipe.get("hyperparameters").get("seed").asText());
        assertEquals("0.002", recipe.get("tuned").get("learning_rate").asText());
        for (String tuned : SageMakerJobs.TUNED) {
            assertFalse(recipe.get("hyperparameters").has(tuned), tuned + " must not be a static tuning value");
        }
        assertEquals("ResolveJobWithRecipe", state("RecipeApplies").get("Choices").get(0).get("Next").asText());
        assertTrue(state("RecipeApplies").toString().contains("\"StringEqualsPath\":\"$.config.recipe.dataset\""));
        assertTrue(state("RecipeApplies").toString().contains("{\"Variable\":\"$.config.hyperparameters.backbone\","
                + "\"IsPresent\":false},{\"Variable\":\"$.config.backboneUri\",\"IsPresent\":false}"),
                "transfer learning is another architecture than the shipped recipe's: " + state("RecipeApplies"));
        JsonNode resolved = state("ResolveJobWithRecipe").get("Parameters");
        assertEquals("States.JsonMerge(States.JsonMerge($.config.recipe.hyperparameters, $.config.recipe.tuned, false),"
                + " $.config.hyperparameters, false)", resolved.get("hyperparameters.$").asText(),
                "the input's hyperparameters come last and win");
        assertEquals("States.JsonMerge($.config.recipe.hyperparameters, $.config.hyperparameters, false)",
                resolved.get("staticHyperparameters.$").asText());
        assertEquals(SageMakerJobs.JOB_HYPERPARAMETERS, state("TrainModel").get("Parameters").get("HyperParameters.$")
                .asText());
        assertEquals(SageMakerJobs.STATIC_HYPERPARAMETERS, state("StartTuningJob").get("Parameters")
                .get("TrainingJobDefinition").get("StaticHyperParameters.$").asText());
        assertEquals("$.config.hyperparameters", state("ResolveJob").get("Parameters").get("hyperparameters.$")
                .asText(), "another dataset gets the training job's own defaults");
    }

    @Test
    void awsSdkErrorsAreNamedAsStepFunctionsRaisesThemAndOnlyTransientOnesAreRetried() {
        Set<String> transientErrors = new java.util.HashSet<>(AwsErrors.SAGEMAKER_TRANSIENT);
        transientErrors.addAll(AwsErrors.S3_TRANSIENT);
        List<String> checked = new ArrayList<>();
        states.fields().forEachRemaining(entry -> {
            for (JsonNode retry : entry.getValue().path("Retry")) {
                retry.get("ErrorEquals").forEach(error -> assertTrue(transientErrors.contains(error.asText()),
                        entry.getKey() + " retries " + error));
                checked.add(entry.getKey());
            }
            for (JsonNode catcher : entry.getValue().path("Catch")) {
                catcher.get("ErrorEquals").forEach(error -> assertTrue(
                        error.asText().matches("States\\.ALL|(S3|SageMaker)\\.[A-Z][A-Za-z]+Exception"),
                        entry.getKey() + " catches " + error));
            }
        });
        String text = states.toString();
        assertFalse(text.contains("AmazonSageMakerException") || text.contains("SdkClientException")
                || text.contains("S3.S3Exception"), "names Step Functions never raises");
        assertFalse(state("TrainModel").has("Retry"), "a retried CreateTrainingJob.sync can meet its own job name");
        assertFalse(state("StartTuningJob").has("Retry"));
        assertTrue(checked.containsAll(List.of("DescribeTuningJob", "StopTrainingJob", "ReadLivePointer",
                "WritePointerIfMatch")), checked.toString());
    }

    @Test
    void everyFailureOfARunningJobStopsItBeforeTheExecutionFails() {
        assertCatchAllTo("TrainModel", "StopTrainingJob");
        assertEquals("arn:aws:states:::aws-sdk:sagemaker:stopTrainingJob", state("StopTrainingJob").get("Resource")
                .asText());
        assertEquals("$.jobName", state("StopTrainingJob").get("Parameters").get("TrainingJobName.$").asText());
        assertEquals("TrainingFailed", state("StopTrainingJob").get("Next").asText());
        assertCatchAllTo("StopTrainingJob", "TrainingFailed");
        for (String tuning : List.of("StartTuningJob", "DescribeTuningJob")) {
            assertCatchAllTo(tuning, "StopTuningJob");
        }
        assertEquals("arn:aws:states:::aws-sdk:sagemaker:stopHyperParameterTuningJob", state("StopTuningJob")
                .get("Resource").asText());
        assertEquals("$.tuning.name", state("StopTuningJob").get("Parameters")
                .get("HyperParameterTuningJobName.$").asText());
        assertCatchAllTo("StopTuningJob", "TuningFailed");
        String policy = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertTrue(policy.contains("sagemaker:stopHyperParameterTuningJob") && policy.contains("sagemaker:stopTrainingJob"),
                "IAM action names are case-insensitive; CDK writes the aws-sdk ones as called");
    }

    @Test
    void onlyTheChannelsTheInputListsArePassedAndTrainAndTestAreRequired() {
        assertEquals(List.of("train", "validation", "test"), JSON.convertValue(
                state("ApplyDefaults").get("Parameters").get("defaults").get("channels"), List.class));
        assertEquals("States.ArrayContains($.config.channels, 'validation')",
                state("DataChannels").get("Parameters").get("has_validation.$").asText());
        assertEquals("InvalidInput", state("HasTrainAndTest").get("Default").asText());
        Map<String, String> lists = Map.of(
                "Channels", "States.Array($.channels.train, $.channels.test)",
                "ChannelsWithValidation", "States.Array($.channels.train, $.channels.validation, $.channels.test)",
                "ChannelsWithStartFrom", "States.Array($.channels.train, $.channels.test, $.channels.startFrom)",
                "ChannelsWithValidationWithStartFrom",
                "States.Array($.channels.train, $.channels.validation, $.channels.test, $.channels.startFrom)");
        lists.forEach((name, list) -> assertEquals(list, state(name).get("Parameters").get("list.$").asText()));
        List<String> targets = new ArrayList<>();
        state("SelectChannels").get("Choices").forEach(c -> targets.add(c.get("Next").asText()));
        assertEquals(Set.copyOf(lists.keySet()), Set.copyOf(targets));
        assertEquals("$.inputs.list", state("TrainModel").get("Parameters").get("InputDataConfig.$").asText());
        assertEquals("$.inputs.list", state("StartTuningJob").get("Parameters").get("TrainingJobDefinition")
                .get("InputDataConfig.$").asText());
    }

    @Test
    void aBackboneUriBecomesTheBackboneChannelOfTheTrainingJobAndOfEveryTuningJob() {
        JsonNode backbone = state("BackboneChannel").get("Parameters");
        assertEquals(TrainingChannels.BACKBONE, backbone.get("ChannelName").asText());
        assertEquals("$.config.backboneUri", backbone.get("DataSource").get("S3DataSource").get("S3Uri.$").asText());
        assertEquals("$.channels.startFrom", state("BackboneChannel").get("ResultPath").asText());
        assertEquals("$.channels.startFrom", state("PretrainedChannel").get("ResultPath").asText());
        assertEquals("SelectChannels", state("BackboneChannel").get("Next").asText());
        JsonNode choices = state("WhatToStartFrom").get("Choices");
        assertEquals("$.config.pretrainedModelUri", choices.get(0).get("Variable").asText());
        assertEquals("PretrainedChannel", choices.get(0).get("Next").asText());
        assertEquals("$.config.backboneUri", choices.get(1).get("Variable").asText());
        assertEquals("BackboneChannel", choices.get(1).get("Next").asText());
        assertEquals("SelectChannels", state("WhatToStartFrom").get("Default").asText());
        // the same $.inputs.list feeds both job kinds (asserted above), so every tuning job gets the channel

        String validation = state("ValidateInput").toString();
        assertTrue(validation.contains("\"Variable\":\"$.config.backboneUri\",\"IsString\":false"), validation);
        assertTrue(validation.contains("/" + ModelStoreLayout.BACKBONES_PREFIX + "*"), validation);
        assertTrue(validation.contains("{\"And\":[{\"Variable\":\"$.config.pretrainedModelUri\",\"IsPresent\":true},"
                + "{\"Variable\":\"$.config.backboneUri\",\"IsPresent\":true}]"), "not both: " + validation);
        assertTrue(ModelStoreLayout.BACKBONES_PREFIX.startsWith(ModelStoreLayout.MODELS_PREFIX),
                "training jobs may read models/ (no new IAM grant, no new cdk-nag acknowledgment)");
    }

    @Test
    void everyPointerWriteIsConditionalOnTheETagReadAndALostRaceGoesBackToTheGate() {
        List<String> writes = new ArrayList<>();
        states.fields().forEachRemaining(e -> {
            if (e.getValue().path("Resource").asText().endsWith(":s3:putObject")) {
                writes.add(e.getKey());
            }
        });
        assertEquals(List.of("WritePointerIfMatch", "WritePointerIfNoneMatch"), writes.stream().sorted().toList());
        assertEquals("$.ETag", state("ReadLivePointer").get("ResultSelector").get("etag.$").asText());
        assertEquals("$.live.etag", state("WritePointerIfMatch").get("Parameters").get("IfMatch.$").asText());
        assertEquals("*", state("WritePointerIfNoneMatch").get("Parameters").get("IfNoneMatch").asText());
        assertEquals("WritePointerIfMatch", state("HadLivePointer").get("Choices").get(0).get("Next").asText());
        for (String write : writes) {
            JsonNode parameters = state(write).get("Parameters");
            assertEquals(POINTER_KEY, parameters.get("Key").asText());
            JsonNode lost = state(write).get("Catch").get(0);
            assertEquals(AwsErrors.S3_CONDITION_LOST, JSON.convertValue(lost.get("ErrorEquals"), List.class));
            assertEquals("PointerChangedMeanwhile", lost.get("Next").asText());
        }
        assertEquals("ReadLivePointer", state("PointerChangedMeanwhile").get("Next").asText());
        assertEquals("GateRollbackOrAdopt", state("ReadLivePointer").get("Next").asText());
        assertEquals("QualityGate", state("GateRollbackOrAdopt").get("Default").asText());
    }

    @Test
    void promoteAndRollbackMoveThePointerThroughTheSameWrite() {
        String action = state("Action").get("Choices").toString();
        assertTrue(action.contains("\"StringEquals\":\"promote\"") && action.contains("\"Next\":\"DescribeCandidate\""),
                action);
        assertEquals("$.config.candidate", state("DescribeCandidate").get("Parameters").get("TrainingJobName.$")
                .asText());
        assertEquals("HasMetrics", state("DescribeCandidate").get("Next").asText());
        JsonNode override = state("QualityGate").get("Choices").get(0);
        assertEquals("promote", override.get("StringEquals").asText());
        assertEquals("CopyArtifactToModels", override.get("Next").asText());
        assertTrue(state("BuildPointer").get("Parameters").has("promotedBy.$"), "an override is logged in the pointer");

        assertEquals("ListPointerVersions", state("GateRollbackOrAdopt").get("Choices").get(0).get("Next").asText());
        assertEquals(GateExpressions.PREVIOUS_VERSION_ID, state("ReadPreviousPointer").get("Parameters")
                .get("VersionId.$").asText());
        assertEquals("HadLivePointer", state("RestorePreviousPointer").get("Next").asText());
        assertEquals("HadLivePointer", state("BuildPointer").get("Next").asText());
        assertEquals("NothingToRollBack", state("HasPreviousPointer").get("Default").asText());
        String policy = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertTrue(policy.contains("s3:ListBucketVersions") && policy.contains("s3:GetObjectVersion"), policy);
    }

    @Test
    void theDefaultModelIsContentAddressedAndANewDefaultMovesOnlyADefaultPointer() {
        String key = ModelStoreLayout.defaultModelKey(ShippedArtifact.read(TestStacks.FIXTURE_ARTIFACT).shortHash());
        assertTrue(key.matches("models/default-[0-9a-f]{12}/model\\.tar\\.gz"), key);
        String copy = findOne("Custom::AWS", "CopyDefaultModel").toString();
        assertTrue(copy.contains("copyObject") && copy.contains(key), copy);
        JsonNode pointer = findOne("Custom::AWS", "InitialPointer").get("Properties");
        assertTrue(pointer.has("Create") && !pointer.has("Update"), "written on create only: " + pointer);
        String create = pointer.get("Create").toString().replace("\\", "");
        assertTrue(create.contains("IfNoneMatch") && create.contains("PreconditionFailed") && create.contains(key),
                create);
        assertTrue(create.contains("\"testAccuracy\":0.61,"), "the shipped model's accuracy from its metadata");

        JsonNode adopt = findOne("Custom::AWS", "AdoptNewDefault").get("Properties");
        assertEquals(adopt.get("Create"), adopt.get("Update"), "also on create, for a retained bucket's pointer");
        String update = adopt.get("Update").toString().replace("\\", "");
        assertTrue(update.contains("startExecution") && update.contains("\"action\":\"adopt-default\"")
                && update.contains(key), update);
        assertEquals("DefaultAlreadyLive", state("LiveIsADefault").get("Choices").get(0).get("Next").asText());
        String live = state("LiveIsADefault").toString();
        assertTrue(live.contains("\"StringMatches\":\"default-*\"") && live.contains("\"Next\":\"UseNewDefault\""),
                live);
        assertEquals("KeepPromotedModel", state("LiveIsADefault").get("Default").asText());
        assertEquals("HadLivePointer", state("UseNewDefault").get("Next").asText());
    }

    @Test
    void everyLogGroupHasARetentionGoesWithTheStackAndEveryFunctionLogsToOne() {
        JsonNode groups = JSON.valueToTree(template.findResources("AWS::Logs::LogGroup"));
        assertTrue(groups.size() >= 5, groups.toString());
        groups.forEach(group -> {
            assertEquals(30, group.get("Properties").get("RetentionInDays").asInt(), group.toString());
            assertEquals("Delete", group.get("DeletionPolicy").asText(), group.toString());
        });
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName",
                "/aws/vendedlogs/states/Clothify-retrain"));
        JSON.valueToTree(template.findResources("AWS::Lambda::Function")).forEach(function ->
                assertTrue(function.get("Properties").path("LoggingConfig").has("LogGroup"),
                        "a function without its own group makes /aws/lambda/<name>, which destroy leaves: " + function));
    }

    private static void assertCatchAllTo(String from, String to) {
        JsonNode catcher = state(from).get("Catch").get(0);
        assertEquals("[\"States.ALL\"]", catcher.get("ErrorEquals").toString(), from);
        assertEquals(to, catcher.get("Next").asText(), from);
    }

    static JsonNode state(String name) {
        JsonNode state = states.get(name);
        assertTrue(state != null, "no state " + name);
        return state;
    }

    private static JsonNode findOne(String type, String logicalIdPrefix) {
        var found = JSON.valueToTree(template.findResources(type)).fields();
        while (found.hasNext()) {
            var entry = found.next();
            if (entry.getKey().contains(logicalIdPrefix)) {
                return entry.getValue();
            }
        }
        throw new AssertionError("No " + type + " named like " + logicalIdPrefix);
    }
}
