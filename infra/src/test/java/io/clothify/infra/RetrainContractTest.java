package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.contract.ArtifactFiles;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.ModelStoreLayout;
import io.clothify.model.contract.ModelZooBackbones;
import io.clothify.model.contract.TrainingChannels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/bin/retrain} is a shell script and cannot import the contract: each of the contract's names it spells
 * is checked here, built from the constants, so a rename in Java fails this test instead of a retrain at run time.
 */
class RetrainContractTest {
    private static final Path SCRIPT = TestStacks.REPO_ROOT.resolve("infra/bin/retrain");

    private static String script() throws IOException {
        return Files.readString(SCRIPT);
    }

    private static void assertSpells(String expected, String what) throws IOException {
        assertTrue(script().contains(expected), "infra/bin/retrain should spell " + what + " as: " + expected);
    }

    @Test
    void readsThePointerWhereTheFunctionAndThePipelineDo() throws IOException {
        assertSpells("\"s3://$bucket/" + ModelStoreLayout.POINTER_KEY + "\"", "the pointer's key");
        assertSpells("[[ \"$live_uri\" == \"s3://$bucket/" + ModelStoreLayout.MODELS_PREFIX + "\"* ]]",
                "the models prefix a fine-tuning source must be under");
        assertSpells("^s3://[a-z0-9.-]+/" + ModelStoreLayout.MODELS_PREFIX + "[A-Za-z0-9._/-]+$",
                "the models prefix a --pretrained URI must be under");
    }

    @Test
    void uploadsAndListsTheChannelsThePipelineReads() throws IOException {
        assertSpells("\"s3://$bucket/" + ModelStoreLayout.DATA_PREFIX + "$dataset/\"", "the data prefix");
        assertSpells("for split in " + String.join(" ", TrainingChannels.DATA) + "; do", "the data channels");
        assertSpells("for split in " + TrainingChannels.TRAIN + " " + TrainingChannels.TEST + "; do",
                "the required channels");
        assertSpells("dataset=" + ModelStoreLayout.DEFAULT_DATASET, "the default dataset");
    }

    @Test
    void keepsTunedHyperparametersOutOfTheStaticOnes() throws IOException {
        assertSpells("\"$key\" =~ ^(" + String.join("|", Hyperparameter.TUNED_NAMES) + ")$", "the tuned names");
        String usage = script().substring(script().indexOf("<<'USAGE'"), script().indexOf("\nUSAGE\n"));
        Hyperparameter.TUNED_NAMES.forEach(name -> assertTrue(usage.contains(name), "--help should name " + name));
        assertSpells("recipe (" + ArtifactFiles.METADATA_FILE + ")", "the artifact's metadata file");
    }

    @Test
    void knowsTheModelZooBackbonesAndWhereBackboneFilesGo() throws IOException {
        assertSpells("        " + String.join("|", ModelZooBackbones.names()) + ") ;;", "the short backbone names");
        String usage = script().substring(script().indexOf("<<'USAGE'"), script().indexOf("\nUSAGE\n"));
        assertTrue(usage.contains(String.join(" or ", ModelZooBackbones.names())), "--help should name them");
        String backbones = ModelStoreLayout.BACKBONES_PREFIX;
        assertSpells("^s3://[a-z0-9.-]+/" + backbones + "[A-Za-z0-9._/-]+$", "the prefix a backbone URI must be under");
        assertSpells("\"s3://$bucket/" + backbones + "\"*", "the prefix checked against the stack's bucket");
        assertSpells("backbone_key=\"" + backbones + "$(sha256sum", "where a local backbone is uploaded");
        assertSpells("$(output " + ClothifyStack.NETWORK_ISOLATION_OUTPUT + ")\" == true",
                "the stack output that says its training jobs run network-isolated");
    }

    @Test
    void namesJobsAsThePipelineDoes() throws IOException {
        assertSpells("job=\"" + TrainingPipeline.JOB_PREFIX + "$name\"", "the training job's name");
    }
}
