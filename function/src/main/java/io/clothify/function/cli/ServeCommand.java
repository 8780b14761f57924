package io.clothify.function.cli;

import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.api.ModelUnavailableException;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.server.LocalServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code serve}: the Lambda handler behind a local HTTP server on 127.0.0.1, with the page on {@code /}. Without
 * {@code --model} it serves the clothing model shipped inside the jar.
 */
final class ServeCommand {
    private ServeCommand() {}

    /** A running local server and the handler behind it; closing stops both. */
    record Serving(LocalServer server, PredictHandler handler, String model) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            handler.service().close();
        }
    }

    static int run(List<String> argList, PrintStream out) throws Exception {
        Serving serving = start(argList);
        Runtime.getRuntime().addShutdownHook(new Thread(serving::close));
        announce(serving, out);
        return 0;
    }

    static void announce(Serving serving, PrintStream out) {
        out.println("Serving " + serving.model() + " (POST /predict, GET /health); Ctrl-C stops");
        out.println("Open " + serving.server().url() + " in a browser to try it");
    }

    /** Loads the model and starts serving; returns once the server answers. */
    static Serving start(List<String> argList) throws IOException {
        Args args = new Args(argList, Set.of("--model", "--port", "--threads", "--poll-seconds"),
                Set.of("--allow-loopback-urls"));
        String model = args.get("--model").orElse(null);
        String description = model;
        if (model == null) {
            model = ShippedModel.extract().toString();
            description = ShippedModel.DESCRIPTION;
        }
        FunctionConfig config = FunctionConfig.forModel(model).withAllowLoopbackUrls(args.flag("--allow-loopback-urls"));
        Functions.configureEngineThreads();
        PredictHandler handler = new PredictHandler(Functions.service(config));
        try {
            handler.service().models().refreshIfDue();
            try {
                handler.service().health();
            } catch (ModelUnavailableException e) {
                throw new IllegalArgumentException("Could not load " + description + ": " + e.getMessage(), e);
            }
            LocalServer server = LocalServer.start(handler, args.intValue("--port", 8080),
                    args.intValue("--threads", Math.max(2, Runtime.getRuntime().availableProcessors())));
            return new Serving(server, handler, description);
        } catch (IOException | RuntimeException e) {
            handler.service().close();
            throw e;
        }
    }
}
