package io.clothify.function.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code predict}: sends one image (by URL or from a file) and prints the answer. */
final class PredictCommand {
    private PredictCommand() {}

    static int run(List<String> argList, PrintStream out) throws Exception {
        Args args = new Args(argList, Set.of("--api", "--url", "--file", "--top-k"), Set.of());
        ApiClient client = new ApiClient(args.require("--api"));
        if (args.get("--url").isPresent() == args.get("--file").isPresent()) {
            throw new IllegalArgumentException("Give exactly one of --url and --file");
        }
        ApiClient.Answer answer = args.get("--url").isPresent()
                ? client.predictUrl(args.require("--url"), args.intValue("--top-k", 0))
                : client.predictBytes(Files.readAllBytes(Path.of(args.require("--file"))));
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer.body()));
        return answer.ok() ? 0 : 1;
    }
}
