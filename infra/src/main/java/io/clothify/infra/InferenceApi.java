package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;

import io.clothify.model.contract.FunctionEnvironment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.DockerImageCode;
import software.amazon.awscdk.services.lambda.DockerImageFunction;
import software.amazon.awscdk.services.lambda.EcrImageCodeProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The inference API: the function's container image on Lambda (x86_64, the architecture of the PyTorch natives in
 * the image) behind an API Gateway HTTP API with {@code POST /predict} and {@code GET /health}, stage throttling and
 * JSON access logs. The function serves the model named by {@code models/current.json} and may read only
 * {@code models/}.
 *
 * <p>With {@link InferenceApiProps#iamAuth()} every route (the page's included) requires SigV4-signed requests from
 * a principal allowed {@code execute-api:Invoke}; otherwise the endpoint is public and throttling bounds the cost
 * of abuse.
 */
public final class InferenceApi extends Construct {

    /** API Gateway HTTP APIs end every integration at 30 s; the function must answer before. */
    public static final Duration MAX_TIMEOUT = Duration.seconds(29);

    /**
     * @param image the function image asset
     * @param store the model bucket
     * @param memoryMb Lambda memory (CPU scales with it)
     * @param timeout the function timeout, at most {@link #MAX_TIMEOUT}
     * @param iamAuth require IAM (SigV4) authorization on the routes
     * @param urlHosts the function's URL_HOSTS: which hosts image URLs may name ({@code none}: URL intake off)
     * @param rateLimit stage steady-state requests per second
     * @param burstLimit stage burst
     * @param logRetention retention of the function and access logs
     * @param retainLogs keep the log groups on destroy
     */
    public record InferenceApiProps(DockerImageAsset image, ModelStore store, int memoryMb, Duration timeout,
            boolean iamAuth, String urlHosts, int rateLimit, int burstLimit, RetentionDays logRetention, boolean retainLogs) {
        public InferenceApiProps {
            if (timeout.toSeconds().intValue() > MAX_TIMEOUT.toSeconds().intValue()) {
                throw new IllegalArgumentException("The function timeout must stay under API Gateway's 30 s, got "
                        + timeout.toSeconds() + " s");
            }
        }
    }

    private final DockerImageFunction function;
    private final HttpApi api;
    private final HttpStage stage;

    public InferenceApi(Construct scope, String id, InferenceApiProps props) {
        super(scope, id);
        RemovalPolicy logRemoval = props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        LogGroup functionLogs = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(props.logRetention())
                .removalPolicy(logRemoval)
                .build();
        // An explicit role: logs to its own log group only (no AWS managed policy), reads models/ only.
        Role role = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Clothing classifier function: writes its log group, reads models/")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(functionLogs.getLogGroupArn()))
                .build());
        this.function = DockerImageFunction.Builder.create(this, "Function")
                .role(role)
                .description("Clothing classifier: serves the model named by s3://<bucket>/" + POINTER_KEY)
                .code(DockerImageCode.fromEcr(props.image().getRepository(),
                        EcrImageCodeProps.builder().tagOrDigest(props.image().getImageTag()).build()))
                .architecture(Architecture.X86_64)
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .environment(new TreeMap<>(Map.of(
                        FunctionEnvironment.MODEL_BUCKET, props.store().bucket().getBucketName(),
                        FunctionEnvironment.MODEL_POINTER_KEY, POINTER_KEY,
                        FunctionEnvironment.URL_HOSTS, props.urlHosts(),
                        FunctionEnvironment.POWERTOOLS_SERVICE_NAME, FunctionEnvironment.SERVICE_NAME,
                        FunctionEnvironment.POWERTOOLS_METRICS_NAMESPACE, FunctionEnvironment.METRICS_NAMESPACE)))
                .logGroup(functionLogs)
                .build();
        props.store().grantReadModels(function);

        this.api = HttpApi.Builder.create(this, "HttpApi")
                .description("Clothing classifier: POST /predict, GET /health, GET / (a page to try it)")
                .createDefaultStage(false)
                .build();

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(props.logRetention())
                .removalPolicy(logRemoval)
                .build();
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(props.rateLimit())
                        .burstLimit(props.burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();

        HttpLambdaIntegration integration = HttpLambdaIntegration.Builder.create("Classifier", function).build();
        IHttpRouteAuthorizer authorizer = props.iamAuth() ? new HttpIamAuthorizer() : null;
        api.addRoutes(AddRoutesOptions.builder()
                .path("/predict").methods(List.of(HttpMethod.POST)).integration(integration)
                .authorizer(authorizer).build());
        Acknowledgments.acknowledge(role, "AwsSolutions-IAM5[Resource::" + Acknowledgments.ref(
                        props.store().bucket(), "Arn") + "/models/*]",
                "The function serves whichever model " + POINTER_KEY + " names: promoted models are keyed by"
                        + " training job name (models/<job>/model.tar.gz), unknown at deploy. Read-only, models/ only.");
        if (!props.iamAuth()) {
            Acknowledgments.acknowledge(api, "AwsSolutions-APIG4",
                    "Public on purpose: a demo classifier called with curl. Image URL fetching is off unless hosts are"
                            + " allowed (clothify:urlHosts), so a stranger can only send bytes, bounded by stage"
                            + " throttling; -c clothify:iamAuth=true requires SigV4 (IAM) on every route.");
        }
        api.addRoutes(AddRoutesOptions.builder()
                .path("/health").methods(List.of(HttpMethod.GET)).integration(integration)
                .authorizer(authorizer).build());
        // The page to try the API from a browser, served by the same function (function: PageAssets).
        for (String path : List.of("/", "/assets/{file}")) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(path).methods(List.of(HttpMethod.GET)).integration(integration)
                    .authorizer(authorizer).build());
        }
    }

    /** One JSON object per request. */
    static final String ACCESS_LOG_FORMAT = """
            {"requestId":"$context.requestId","ip":"$context.identity.sourceIp",\
            "requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status",\
            "protocol":"$context.protocol","responseLength":"$context.responseLength",\
            "latencyMs":"$context.responseLatency","integrationLatencyMs":"$context.integrationLatency",\
            "integrationError":"$context.integrationErrorMessage","caller":"$context.identity.caller"}""";

    public IFunction function() {
        return function;
    }

    public HttpApi api() {
        return api;
    }

    /**
     * The invoke URL of the {@code $default} stage, without a trailing slash: routes are {@code url() + "/predict"}
     * (the client CLI's {@code --api} takes exactly this).
     */
    public String url() {
        return api.getApiEndpoint();
    }

    public HttpStage stage() {
        return stage;
    }
}
