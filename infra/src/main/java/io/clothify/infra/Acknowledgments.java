package io.clothify.infra;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Acknowledged policy-validation findings (cdk-nag's AwsSolutions pack, run in the tests). Each one names the exact
 * finding (for IAM5, the exact wildcard) and says why it is right here; everything else must pass.
 */
final class Acknowledgments {
    static final String PACK = "AwsSolutions::";

    private Acknowledgments() {}

    static void acknowledge(IConstruct scope, String rule, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(PACK + rule).reason(reason).build());
    }

    /** How cdk-nag spells a resource's attribute in a finding: {@code <LogicalId.Attr>}. */
    static String ref(IConstruct resource, String attribute) {
        Stack stack = Stack.of(resource);
        IConstruct cfn = resource instanceof CfnElement ? resource : resource.getNode().getDefaultChild();
        String logicalId = (String) stack.resolve(stack.getLogicalId((CfnElement) cfn));
        return "<" + logicalId + (attribute == null ? "" : "." + attribute) + ">";
    }
}
