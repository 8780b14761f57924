package io.clothify.function.cli;

import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.server.LocalServer;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code serve}: the Lambda handler behind a local HTTP server on 127.0.0.1. */
final class ServeCommand {
    private ServeCommand() {}

    static int run(List<String> argList, PrintStream out) throws Exception {
        Args args = new Args(argList, Set.of("--model", "--port", "--threads", "--poll-seconds"),
                Set.of("--allow-loopback-urls"));
        FunctionConfig config = FunctionConfig.forModel(args.require("--model"))
                .withAllowLoopbackUrls(args.flag("--allow-loopback-urls"));
        Functions.configureEngineThreads();
        PredictHandler handler = new PredictHandler(Functions.service(config));
        handler.service().models().refreshIfDue();
        LocalServer server = LocalServer.start(handler, args.intValue("--port", 8080),
                args.intValue("--threads", Math.max(2, Runtime.getRuntime().availableProcessors())));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            handler.service().close();
        }));
        out.println("Serving " + config.modelUri() + " on http://127.0.0.1:" + server.port()
                + " (POST /predict, GET /health); Ctrl-C stops");
        return 0;
    }
}
