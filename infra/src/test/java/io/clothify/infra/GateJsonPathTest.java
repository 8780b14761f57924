package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The gate's and the promotion's JSONPath expressions, taken from the synthesized state machine and evaluated with
 * Jayway JsonPath (the implementation Step Functions' JSONPath follows) against response shapes from AWS's API
 * reference: DescribeTrainingJob (what {@code createTrainingJob.sync} returns), GetObject (the aws-sdk integration
 * returns {@code Body} as a string, {@code ETag} with its quotes) and ListObjectVersions (newest version first).
 */
class GateJsonPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration JAYWAY = Configuration.defaultConfiguration();
    /** DescribeTrainingJob, trimmed to the fields the pipeline reads (API reference: DescribeTrainingJob). */
    private static final String DESCRIBE_TRAINING_JOB = """
            {"TrainingJobName":"clothify-retrain-1","TrainingJobStatus":"Completed",
             "SecondaryStatus":"Completed","ModelArtifacts":{"S3ModelArtifacts":
             "s3://bucket/training/clothify-retrain-1/output/model.tar.gz"},
             "FinalMetricDataList":[
               {"MetricName":"train:loss","Timestamp":1.7335E9,"Value":0.41},
               {"MetricName":"validation:accuracy","Timestamp":1.7335E9,"Value":0.874},
               {"MetricName":"test:accuracy","Timestamp":1.7335E9,"Value":0.8602},
               {"MetricName":"test:loss","Timestamp":1.7335E9,"Value":0.47}]}""";
    /** GetObject through the aws-sdk integration: Body is the object's text. */
    private static final String GET_OBJECT = """
            {"AcceptRanges":"bytes","ContentLength":131,"ContentType":"application/json",
             "ETag":"\\"6805f2cfc46c0f04559748bb039d69ae\\"","VersionId":"3HL4kqtJlcpXroDTDmjVBH40Nrjfkd",
             "Body":"{\\"modelUri\\":\\"s3://bucket/models/default-0123456789ab/model.tar.gz\\",\\"modelVersion\\":\\"default-0123456789ab\\",\\"testAccuracy\\":0.8522,\\"promotedAt\\":\\"1970-01-01T00:00:00Z\\"}"}""";
    private static final String LIST_OBJECT_VERSIONS = """
            {"Name":"bucket","Prefix":"models/current.json","MaxKeys":2,"IsTruncated":true,
             "Versions":[
               {"Key":"models/current.json","VersionId":"v3","IsLatest":true,"ETag":"\\"c\\""},
               {"Key":"models/current.json","VersionId":"v2","IsLatest":false,"ETag":"\\"b\\""}]}""";

    private static JsonNode states;

    @BeforeAll
    static void synth() {
        states = StateMachineDefinition.of(Template.fromStack(TestStacks.stack(TestStacks.app(Map.of()))))
                .get("States");
    }

    @Test
    void theGateFindsTestAccuracyInFinalMetricDataList() {
        String extract = states.get("ExtractTestAccuracy").get("Parameters").get("values.$").asText();
        assertEquals(GateExpressions.TEST_ACCURACY_VALUES, extract);
        Object state = JAYWAY.jsonProvider().parse("{\"training\":" + DESCRIBE_TRAINING_JOB + "}");
        List<Double> values = JsonPath.read(state, extract);
        assertEquals(List.of(0.8602), values);

        Object gate = JAYWAY.jsonProvider().parse("{\"gate\":{\"values\":" + values + "}}");
        String select = states.get("SelectTestAccuracy").get("Parameters").get("testAccuracy.$").asText();
        assertEquals(0.8602, JsonPath.<Double>read(gate, select));
    }

    @Test
    void aJobThatLoggedNoTestAccuracyHasNoValueToSelect() {
        String extract = states.get("ExtractTestAccuracy").get("Parameters").get("values.$").asText();
        Object state = JAYWAY.jsonProvider().parse("{\"training\":{\"TrainingJobStatus\":\"Completed\","
                + "\"FinalMetricDataList\":[{\"MetricName\":\"train:loss\",\"Value\":0.4}]}}");
        List<Double> values = JsonPath.read(state, extract);
        assertEquals(List.of(), values);
        String present = states.get("HasTestMetric").get("Choices").get(0).get("Variable").asText();
        Object gate = JAYWAY.jsonProvider().parse("{\"gate\":{\"values\":[]}}");
        assertThrows(PathNotFoundException.class, () -> JsonPath.read(gate, present),
                "IsPresent is false: the execution ends in NoTestMetric");
    }

    @Test
    void theLivePointersAccuracyAndETagComeFromGetObject() throws Exception {
        JsonNode selector = states.get("ReadLivePointer").get("ResultSelector");
        assertEquals("States.StringToJson($.Body)", selector.get("pointer.$").asText());
        Object response = JAYWAY.jsonProvider().parse(GET_OBJECT);
        String body = JsonPath.read(response, "$.Body");
        String etag = JsonPath.read(response, selector.get("etag.$").asText());
        assertEquals("\"6805f2cfc46c0f04559748bb039d69ae\"", etag, "IfMatch takes the ETag as S3 gave it");

        // ResultPath $.live: {"pointer": StringToJson(Body), "etag": ETag}
        String live = "{\"live\":{\"pointer\":" + body + ",\"etag\":" + JSON.writeValueAsString(etag) + "},"
                + "\"gate\":{\"testAccuracy\":0.8602},\"config\":{\"minTestAccuracy\":0.5}}";
        Object state = JAYWAY.jsonProvider().parse(live);
        for (JsonNode rule : states.get("QualityGate").get("Choices").get(1).get("And")) {
            double left = JsonPath.<Double>read(state, rule.get("Variable").asText());
            double right = ((Number) JsonPath.read(state, rule.get("NumericGreaterThanEqualsPath").asText()))
                    .doubleValue();
            assertTrue(left >= right, rule + " with " + live);
        }
        assertEquals(0.8522, JsonPath.<Double>read(state, "$.live.pointer.testAccuracy"));
        String ifMatch = states.get("WritePointerIfMatch").get("Parameters").get("IfMatch.$").asText();
        assertEquals(etag, JsonPath.read(state, ifMatch));
        assertEquals("default-0123456789ab", JsonPath.read(state, "$.live.pointer.modelVersion"),
                "what LiveIsADefault matches against default-*");
    }

    @Test
    void rollbackRestoresTheVersionBeforeTheLiveOne() {
        String selector = states.get("ListPointerVersions").get("ResultSelector").get("versions.$").asText();
        Object listed = JsonPath.read(JAYWAY.jsonProvider().parse(LIST_OBJECT_VERSIONS), selector);
        Object state = JAYWAY.jsonProvider().parse("{\"rollback\":{\"versions\":"
                + JAYWAY.jsonProvider().toJson(listed) + "}}");
        String previous = states.get("ReadPreviousPointer").get("Parameters").get("VersionId.$").asText();
        assertEquals("v2", JsonPath.read(state, previous));

        Object onlyOne = JAYWAY.jsonProvider().parse("{\"rollback\":{\"versions\":[{\"VersionId\":\"v1\"}]}}");
        assertThrows(PathNotFoundException.class, () -> JsonPath.read(onlyOne, previous),
                "one version: HasPreviousPointer is false and the execution ends in NothingToRollBack");
    }
}
