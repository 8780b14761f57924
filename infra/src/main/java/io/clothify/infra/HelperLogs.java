package io.clothify.infra;

import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Log groups for the Lambda functions CDK adds on its own (the AwsCustomResource function that installs the first
 * model, and the function that empties the buckets on destroy). Without them Lambda creates
 * {@code /aws/lambda/<name>} at first run, with no retention, and {@code cdk destroy} leaves it behind. Each group
 * here has a retention and goes with the stack.
 */
final class HelperLogs extends Construct {
    /** Where CDK puts the provider of {@code autoDeleteObjects}, and its function. */
    static final String AUTO_DELETE_PROVIDER = "Custom::S3AutoDeleteObjectsCustomResourceProvider";

    private final RetentionDays retention;
    private final RemovalPolicy removal;
    private final LogGroup customResources;

    HelperLogs(Construct scope, String id, RetentionDays retention, boolean retain) {
        super(scope, id);
        this.retention = retention;
        this.removal = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        this.customResources = LogGroup.Builder.create(this, "CustomResourceLogs")
                .retention(retention)
                .removalPolicy(removal)
                .build();
    }

    ILogGroup customResources() {
        return customResources;
    }

    /**
     * Points the bucket-emptying function's logs at a group of this stack. The function runs during destroy, before
     * the group goes: the function depends on the group, so CloudFormation deletes the group last.
     */
    void adoptAutoDeleteProvider(Stack stack) {
        IConstruct provider = stack.getNode().tryFindChild(AUTO_DELETE_PROVIDER);
        if (provider == null) {
            return; // retainData: the buckets are kept, and no function empties them
        }
        CfnResource handler = (CfnResource) provider.getNode().findChild("Handler");
        LogGroup logs = LogGroup.Builder.create(this, "AutoDeleteObjectsLogs")
                .retention(retention)
                .removalPolicy(removal)
                .build();
        handler.addPropertyOverride("LoggingConfig.LogGroup", logs.getLogGroupName());
        handler.getNode().addDependency(logs);
    }
}
