package io.clothify.function.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code evaluate}: sends every image of a folder-per-class dataset to the API and prints accuracy, per-class
 * recall, the confusion matrix and latency p50/p95 (the seeds' "verify the endpoint with unseen test data").
 */
final class EvaluateCommand {
    private EvaluateCommand() {}

    /** One image's outcome. */
    record Outcome(String actual, String predicted, double millis) {}

    /** The whole evaluation. */
    record Report(List<String> classes, List<Outcome> outcomes, int failures) {
        double accuracy() {
            long right = outcomes.stream().filter(o -> o.actual().equals(o.predicted())).count();
            return outcomes.isEmpty() ? 0 : (double) right / outcomes.size();
        }
    }

    static int run(List<String> argList, PrintStream out) throws Exception {
        Args args = new Args(argList, Set.of("--api", "--data", "--concurrency", "--limit-per-class"), Set.of());
        Report report = evaluate(new ApiClient(args.require("--api")), Path.of(args.require("--data")),
                args.intValue("--concurrency", 1), args.intValue("--limit-per-class", Integer.MAX_VALUE), out);
        print(report, out);
        return report.failures() == 0 ? 0 : 1;
    }

    static Report evaluate(ApiClient client, Path data, int concurrency, int limitPerClass, PrintStream out)
            throws IOException, InterruptedException {
        List<String> classes = new ArrayList<>();
        List<Path[]> work = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(data)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                classes.add(dir.getFileName().toString());
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|webp)$")).sorted()
                            .limit(limitPerClass).forEach(f -> work.add(new Path[] {dir, f}));
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("No class folders in " + data);
        }
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        int failures = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency))) {
            List<Future<ApiClient.Answer>> answers = new ArrayList<>();
            for (Path[] item : work) {
                answers.add(pool.submit(() -> client.predictBytes(Files.readAllBytes(item[1]))));
            }
            for (int i = 0; i < work.size(); i++) {
                ApiClient.Answer answer;
                try {
                    answer = answers.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    out.println("failed " + work.get(i)[1] + ": " + e.getCause());
                    failures++;
                    continue;
                }
                if (!answer.ok()) {
                    out.println("failed " + work.get(i)[1] + ": " + answer.status() + " " + answer.body());
                    failures++;
                    continue;
                }
                outcomes.add(new Outcome(work.get(i)[0].getFileName().toString(),
                        folderName(answer.body().get("label").asText()), answer.millis()));
            }
        }
        return new Report(classes, outcomes, failures);
    }

    /** A label as a class folder is named: a '/' (Fashion-MNIST's {@code t-shirt/top}) cannot be in a file name. */
    static String folderName(String label) {
        return label.replace('/', '_');
    }

    static void print(Report report, PrintStream out) {
        List<String> classes = report.classes();
        out.printf(Locale.ROOT, "images: %d  failed requests: %d%n", report.outcomes().size(), report.failures());
        out.printf(Locale.ROOT, "accuracy: %.4f%n", report.accuracy());
        out.println("per-class recall:");
        Map<String, int[]> counts = new TreeMap<>();
        for (Outcome o : report.outcomes()) {
            int[] c = counts.computeIfAbsent(o.actual(), k -> new int[2]);
            c[1]++;
            if (o.actual().equals(o.predicted())) {
                c[0]++;
            }
        }
        for (String name : classes) {
            int[] c = counts.getOrDefault(name, new int[2]);
            out.printf(Locale.ROOT, "  %-12s %.4f (%d/%d)%n", name, c[1] == 0 ? 0.0 : (double) c[0] / c[1], c[0], c[1]);
        }
        out.println("confusion matrix (rows: actual, columns: predicted):");
        StringBuilder header = new StringBuilder(String.format("%-12s", ""));
        for (String name : classes) {
            header.append(String.format(" %6.6s", name));
        }
        out.println(header.append("  other"));
        for (String actual : classes) {
            StringBuilder row = new StringBuilder(String.format("%-12.12s", actual));
            int other = 0;
            int[] cells = new int[classes.size()];
            for (Outcome o : report.outcomes()) {
                if (o.actual().equals(actual)) {
                    int col = classes.indexOf(o.predicted());
                    if (col < 0) {
                        other++;
                    } else {
                        cells[col]++;
                    }
                }
            }
            for (int cell : cells) {
                row.append(String.format(" %6d", cell));
            }
            out.println(row.append(String.format(" %6d", other)));
        }
        List<Double> latencies = report.outcomes().stream().map(Outcome::millis).toList();
        out.printf(Locale.ROOT, "latency ms: p50 %.1f  p95 %.1f%n", Stats.percentile(latencies, 50),
                Stats.percentile(latencies, 95));
    }
}
