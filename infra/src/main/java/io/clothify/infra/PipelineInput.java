package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.BACKBONES_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DATA_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DEFAULT_DATASET;
import static io.clothify.model.contract.ModelStoreLayout.MODELS_PREFIX;

import io.clothify.infra.TrainingPipeline.TrainingPipelineProps;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.ModelZooBackbones;
import io.clothify.model.contract.TrainingChannels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.constructs.Construct;

/**
 * The execution input: defaults for every field, the shipped model's recipe as default hyperparameters (for its
 * dataset), validation, the action ({@code retrain}, {@code promote}, {@code rollback}), capacity (spot or
 * on-demand) and the data channels that exist. Ends in the SageMaker jobs, or directly in the gate.
 */
final class PipelineInput extends Construct {
    static final String RETRAIN = "retrain";
    /** The data channels; train and test are required (the gate reads test_accuracy), validation is optional. */
    static final List<String> CHANNELS = TrainingChannels.DATA;
    /** The one optional channel training starts from: a pretrained artifact or a backbone (input validation). */
    private static final String START_FROM = "$.channels.startFrom";

    private final TrainingPipeline pipeline;
    private final IChainable start;

    /** The states the input leads to. */
    record Targets(IChainable train, IChainable tune, IChainable promote, IChainable readLive) {}

    PipelineInput(TrainingPipeline pipeline, String id, TrainingPipelineProps props, Targets targets) {
        super(pipeline, id);
        this.pipeline = pipeline;
        Fail invalid = Fail.Builder.create(this, "InvalidInput")
                .error("InvalidInput")
                .cause("Expected action retrain, promote (with a candidate clothify-... job name) or rollback; mode"
                        + " 'train' or 'tune'; a string dataset; channels holding train and test; boolean useSpot;"
                        + " numeric limits; maxWaitSeconds > maxRuntimeSeconds when useSpot is true; and at most one"
                        + " of a pretrainedModelUri under s3://<bucket>/" + MODELS_PREFIX + " and a backboneUri under"
                        + " s3://<bucket>/" + BACKBONES_PREFIX)
                .build();

        Pass applyDefaults = Pass.Builder.create(this, "ApplyDefaults")
                .comment("Defaults for every input field; the execution input overrides them")
                .parameters(Json.obj("defaults", defaults(props), "input", JsonPath.getEntirePayload()))
                .build();
        Pass merge = Pass.Builder.create(this, "MergeInput")
                .parameters(Json.obj("config", JsonPath.jsonMerge(JsonPath.objectAt("$.defaults"),
                        JsonPath.objectAt("$.input"))))
                .build();
        String config = "$.config.hyperparameters";
        Pass withRecipe = resolve("ResolveJobWithRecipe",
                "The shipped model's recipe, then the input's hyperparameters: a plain retrain reproduces the live"
                        + " model",
                "States.JsonMerge(States.JsonMerge($.config.recipe.hyperparameters, $.config.recipe.tuned, false), "
                        + config + ", false)",
                "States.JsonMerge($.config.recipe.hyperparameters, " + config + ", false)");
        Pass withoutRecipe = resolve("ResolveJob",
                "Another dataset than the shipped model's, or transfer learning (another architecture): the"
                        + " training job's defaults for it, then the input's",
                config, config);
        Choice recipe = Choice.Builder.create(this, "RecipeApplies").build()
                .when(Condition.and(Condition.isString("$.config.dataset"),
                        Condition.stringEqualsJsonPath("$.config.dataset", "$.config.recipe.dataset"),
                        Condition.isNotPresent("$.config.hyperparameters." + Hyperparameter.BACKBONE),
                        Condition.isNotPresent("$.config.backboneUri")), withRecipe)
                .otherwise(withoutRecipe);
        Choice validate = validation(invalid);
        if (pipeline.networkIsolation()) {
            refuseModelZooBackbones(validate);
        }
        withRecipe.next(validate);
        withoutRecipe.next(validate);

        Choice action = Choice.Builder.create(this, "Action").build()
                .when(Condition.stringEquals("$.config.action", RETRAIN), capacity(channels(targets, invalid)))
                .when(Condition.and(Condition.stringEquals("$.config.action", GateAndPromotion.PROMOTE),
                        Condition.isPresent("$.config.candidate"), Condition.isString("$.config.candidate"),
                        Condition.stringMatches("$.config.candidate", TrainingPipeline.JOB_PREFIX + "*")),
                        targets.promote())
                .when(Condition.stringEquals("$.config.action", GateAndPromotion.ROLLBACK), targets.readLive())
                .when(Condition.and(Condition.stringEquals("$.config.action", GateAndPromotion.ADOPT_DEFAULT),
                        Condition.isPresent("$.config.defaultPointer.modelVersion")), targets.readLive())
                .otherwise(invalid);
        validate.otherwise(action);
        this.start = applyDefaults.next(merge).next(recipe);
    }

    IChainable start() {
        return start;
    }

    private static Map<String, Object> defaults(TrainingPipelineProps props) {
        Map<String, String> staticRecipe = new TreeMap<>(props.recipe());
        Map<String, String> tuned = new TreeMap<>();
        SageMakerJobs.TUNED.forEach(name -> {
            if (staticRecipe.containsKey(name)) {
                tuned.put(name, staticRecipe.remove(name));
            }
        });
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("action", RETRAIN);
        defaults.put("mode", "train");
        defaults.put("dataset", DEFAULT_DATASET);
        defaults.put("channels", CHANNELS);
        defaults.put("instanceType", props.instanceType());
        defaults.put("volumeSizeGb", 30);
        defaults.put("useSpot", props.useSpot());
        defaults.put("maxRuntimeSeconds", props.maxRuntimeSeconds());
        defaults.put("maxWaitSeconds", props.maxWaitSeconds());
        defaults.put("minTestAccuracy", props.gateFloor());
        defaults.put("tuningMaxJobs", 8);
        defaults.put("tuningMaxParallelJobs", 2);
        defaults.put("hyperparameters", Json.obj());
        defaults.put("recipe", Json.obj("dataset", props.recipeDataset(), "hyperparameters", staticRecipe,
                "tuned", tuned));
        return defaults;
    }

    private Pass resolve(String id, String comment, String hyperparameters, String staticHyperparameters) {
        return Pass.Builder.create(this, id)
                .comment(comment)
                .parameters(Json.obj(
                        "config", JsonPath.objectAt("$.config"),
                        "jobName", JsonPath.format(TrainingPipeline.JOB_PREFIX + "{}", JsonPath.getExecutionName()),
                        "hyperparameters.$", hyperparameters,
                        "staticHyperparameters.$", staticHyperparameters))
                .build();
    }

    private Choice validation(Fail invalid) {
        return Choice.Builder.create(this, "ValidateInput").build()
                .when(Condition.or(
                        Condition.isNotString("$.config.action"),
                        Condition.isNotString("$.config.mode"),
                        Condition.isNotString("$.config.dataset"),
                        Condition.isNotString("$.config.instanceType"),
                        Condition.isNotBoolean("$.config.useSpot"),
                        Condition.isNotNumeric("$.config.maxRuntimeSeconds"),
                        Condition.isNotNumeric("$.config.maxWaitSeconds"),
                        Condition.isNotNumeric("$.config.minTestAccuracy"),
                        Condition.isNotNumeric("$.config.volumeSizeGb")), invalid)
                .when(Condition.and(
                        Condition.booleanEquals("$.config.useSpot", true),
                        Condition.numberLessThanEqualsJsonPath("$.config.maxWaitSeconds",
                                "$.config.maxRuntimeSeconds")), invalid)
                .when(notAnObjectUnder("$.config.pretrainedModelUri", MODELS_PREFIX), invalid)
                .when(notAnObjectUnder("$.config.backboneUri", BACKBONES_PREFIX), invalid)
                .when(Condition.and(Condition.isPresent("$.config.pretrainedModelUri"),
                        Condition.isPresent("$.config.backboneUri")), invalid);
    }

    /**
     * Under network isolation a job cannot download a model-zoo backbone, so the execution ends here with what to
     * pass instead, rather than a job that is billed until it fails at its start.
     */
    private void refuseModelZooBackbones(Choice validate) {
        String backbone = "$.config.hyperparameters." + Hyperparameter.BACKBONE;
        List<Condition> zoo = new ArrayList<>();
        zoo.add(Condition.stringMatches(backbone, "djl://*"));
        ModelZooBackbones.names().forEach(name -> zoo.add(Condition.stringEquals(backbone, name)));
        Fail isolated = Fail.Builder.create(this, "ModelZooBackboneIsolated")
                .error("InvalidInput")
                .cause("This stack runs training jobs network-isolated (clothify:trainingNetworkIsolation=true), so a"
                        + " job cannot download a model-zoo backbone (" + String.join(", ", ModelZooBackbones.names())
                        + ", djl://...). Pass the TorchScript file as backboneUri (s3://" + pipeline.bucketName()
                        + "/" + BACKBONES_PREFIX + "...), e.g. infra/bin/retrain -p backbone=./resnet18.pt")
                .build();
        validate.when(Condition.and(Condition.isPresent(backbone), Condition.isString(backbone),
                Condition.or(zoo.toArray(Condition[]::new))), isolated);
    }

    /** A field that is present but not an S3 URI under {@code prefix} of the model bucket. */
    private Condition notAnObjectUnder(String field, String prefix) {
        return Condition.and(Condition.isPresent(field), Condition.or(Condition.isNotString(field),
                Condition.not(Condition.stringMatches(field, "s3://" + pipeline.bucketName() + "/" + prefix + "*"))));
    }

    /** Spot or on-demand; either way the job learns its time limit, so it saves a model before it is stopped. */
    private IChainable capacity(IChainable next) {
        Map<String, Object> timeLimit = Json.obj(Hyperparameter.TIME_LIMIT_SECONDS,
                JsonPath.format("{}", JsonPath.stringAt("$.config.maxRuntimeSeconds")));
        Pass spot = Pass.Builder.create(this, "SpotCapacity")
                .comment("Managed spot training: MaxWaitTimeInSeconds > MaxRuntimeInSeconds, resumes from checkpoints")
                .parameters(Json.obj("spot", true, "stopping", Json.obj(
                        "MaxRuntimeInSeconds", JsonPath.numberAt("$.config.maxRuntimeSeconds"),
                        "MaxWaitTimeInSeconds", JsonPath.numberAt("$.config.maxWaitSeconds")),
                        "hyperparameters", timeLimit))
                .resultPath("$.capacity")
                .build();
        Pass onDemand = Pass.Builder.create(this, "OnDemandCapacity")
                .parameters(Json.obj("spot", false, "stopping", Json.obj(
                        "MaxRuntimeInSeconds", JsonPath.numberAt("$.config.maxRuntimeSeconds")),
                        "hyperparameters", timeLimit))
                .resultPath("$.capacity")
                .build();
        spot.next(next);
        onDemand.next(next);
        return Choice.Builder.create(this, "SpotOrOnDemand").build()
                .when(Condition.booleanEquals("$.config.useSpot", true), spot)
                .otherwise(onDemand);
    }

    /**
     * Only the channels the input lists (retrain detects them in S3): SageMaker fails a job whose channel prefix is
     * empty, and a dataset without validation/ is one the trainer handles (it holds out part of train). Then the
     * channel training starts from, if any: {@code pretrained} (fine-tuning) or {@code backbone} (transfer learning).
     * A tuning job's training jobs get the same list.
     */
    private IChainable channels(Targets targets, Fail invalid) {
        Map<String, Object> data = new LinkedHashMap<>();
        CHANNELS.forEach(name -> data.put(name, channel(name, JsonPath.format("s3://" + pipeline.bucketName() + "/"
                + DATA_PREFIX + "{}/" + name + "/", JsonPath.stringAt("$.config.dataset")))));
        CHANNELS.forEach(name -> data.put("has_" + name,
                JsonPath.arrayContains(JsonPath.listAt("$.config.channels"), name)));
        Pass dataChannels = Pass.Builder.create(this, "DataChannels")
                .comment("The chosen dataset's channel prefixes, and which of them the input says exist")
                .parameters(data)
                .resultPath("$.channels")
                .build();
        Pass pretrained = Pass.Builder.create(this, "PretrainedChannel")
                .comment("Fine-tuning: the training job reads this artifact from its 'pretrained' channel")
                .parameters(channel(TrainingPipeline.PRETRAINED_CHANNEL,
                        JsonPath.stringAt("$.config.pretrainedModelUri")))
                .resultPath(START_FROM)
                .build();
        Pass backbone = Pass.Builder.create(this, "BackboneChannel")
                .comment("Transfer learning: the training job uses the TorchScript file of its 'backbone' channel")
                .parameters(channel(TrainingPipeline.BACKBONE_CHANNEL, JsonPath.stringAt("$.config.backboneUri")))
                .resultPath(START_FROM)
                .build();

        Choice mode = Choice.Builder.create(this, "TrainOrTune").build()
                .when(Condition.stringEquals("$.config.mode", "train"), targets.train())
                .when(Condition.stringEquals("$.config.mode", "tune"), targets.tune())
                .otherwise(invalid);
        Choice select = Choice.Builder.create(this, "SelectChannels").build();
        for (boolean withStart : List.of(true, false)) {
            for (boolean withValidation : List.of(true, false)) {
                StringBuilder stateId = new StringBuilder("Channels");
                StringBuilder list = new StringBuilder("States.Array($.channels.train");
                if (withValidation) {
                    stateId.append("WithValidation");
                    list.append(", $.channels.validation");
                }
                list.append(", $.channels.test");
                if (withStart) {
                    stateId.append("WithStartFrom");
                    list.append(", ").append(START_FROM);
                }
                Pass choose = Pass.Builder.create(this, stateId.toString())
                        .parameters(Json.obj("list.$", list.append(")").toString()))
                        .resultPath("$.inputs")
                        .build();
                choose.next(mode);
                Condition startCondition = withStart ? Condition.isPresent(START_FROM)
                        : Condition.isNotPresent(START_FROM);
                select.when(Condition.and(startCondition,
                        Condition.booleanEquals("$.channels.has_validation", withValidation)), choose);
            }
        }
        select.otherwise(invalid);
        Choice fineTune = Choice.Builder.create(this, "WhatToStartFrom").build()
                .when(Condition.isPresent("$.config.pretrainedModelUri"), pretrained)
                .when(Condition.isPresent("$.config.backboneUri"), backbone)
                .otherwise(select);
        pretrained.next(select);
        backbone.next(select);
        Choice required = Choice.Builder.create(this, "HasTrainAndTest").build()
                .when(Condition.and(Condition.booleanEquals("$.channels.has_train", true),
                        Condition.booleanEquals("$.channels.has_test", true)), fineTune)
                .otherwise(invalid);
        dataChannels.next(required);
        return dataChannels;
    }

    private static Map<String, Object> channel(String name, String s3Uri) {
        return Json.obj(
                "ChannelName", name,
                "DataSource", Json.obj("S3DataSource", Json.obj(
                        "S3DataType", "S3Prefix",
                        "S3DataDistributionType", "FullyReplicated",
                        "S3Uri", s3Uri)));
    }
}
