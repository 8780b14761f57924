package io.clothify.function.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar function.jar <command>}:
 *
 * <pre>
 * serve    [--model &lt;dir|archive|s3 uri&gt;] [--port 8080] [--threads 4] [--allow-loopback-urls]
 * predict  --api &lt;url&gt; (--url &lt;image url&gt; | --file &lt;path&gt;) [--top-k k]
 * evaluate --api &lt;url&gt; --data &lt;folder per class&gt; [--concurrency 1] [--limit-per-class n]
 * benchmark --model &lt;dir|archive|s3 uri&gt; --data &lt;folder per class&gt; [--images 200] [--clients 4]
 * warmup   [--tensorflow] (extracts the engines' natives; the container image build runs NativesWarmup itself)
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code != 0 || (args.length > 0 && !args[0].equals("serve"))) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code (serve returns once the server is up). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "serve" -> ServeCommand.run(rest, out);
                case "predict" -> PredictCommand.run(rest, out);
                case "evaluate" -> EvaluateCommand.run(rest, out);
                case "benchmark" -> BenchmarkCommand.run(rest, out);
                case "warmup" -> WarmupCommand.run(rest, out);
                case "-h", "--help", "help" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> throw new IllegalArgumentException("Unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
    }

    static String usage() {
        return """
                usage: java -jar function.jar <command> [options]
                  serve     [--model <dir|archive|s3 uri>] [--port 8080] [--threads 4] [--allow-loopback-urls]
                            (default: the shipped clothing model; the page is on http://127.0.0.1:<port>/)
                  predict   --api <url> (--url <image url> | --file <path>) [--top-k k]
                  evaluate  --api <url> --data <folder per class> [--concurrency 1] [--limit-per-class n]
                  benchmark --model <dir|archive|s3 uri> --data <folder per class> [--images 200] [--clients 4]
                  warmup    [--tensorflow] extract the engine natives now""";
    }
}
