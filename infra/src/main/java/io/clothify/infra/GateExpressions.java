package io.clothify.infra;

import io.clothify.model.contract.TrainingLog;

/**
 * The JSONPath expressions the gate and the promotion evaluate against AWS API responses, in one place so that a
 * test evaluates exactly these with a JSONPath implementation (Jayway, as Step Functions) against the response
 * shapes of AWS's API reference.
 */
final class GateExpressions {
    /** In Parameters (filters are allowed there): the gate metric's values in DescribeTrainingJob's result. */
    static final String TEST_ACCURACY_VALUES = "$.training.FinalMetricDataList[?(@.MetricName == '"
            + TrainingLog.GATE_METRIC + "')].Value";
    /** In ResultSelector, on ListObjectVersions' result: the pointer's versions, newest first. */
    static final String POINTER_VERSIONS = "$.Versions";
    /** The version before the live one. */
    static final String PREVIOUS_VERSION_ID = "$.rollback.versions[1].VersionId";

    private GateExpressions() {}
}
