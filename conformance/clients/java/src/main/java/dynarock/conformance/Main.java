package dynarock.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Plays SCENARIO.md against the dynarock at DYNAROCK_URL once per {@link Way}.
 *
 * <p>Without arguments it starts one JVM per way and exits 0 only if every
 * way passed: the env and profile ways are read by the SDK from the process
 * environment, which a running JVM cannot change. With a way's name it plays
 * that way in this JVM.
 */
public final class Main {
    static final String TABLE_PREFIX = "java-sdk-v2";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(args.length == 0 ? playEveryWay() : play(Way.of(args[0])));
    }

    private static int playEveryWay() throws IOException, InterruptedException {
        String url = System.getenv("DYNAROCK_URL");
        if (url == null || url.isEmpty()) {
            System.err.println("DYNAROCK_URL is not set (start this through conformance/clients/with-dynarock)");
            return 2;
        }
        Path dir = Files.createTempDirectory("dynarock-java-");
        int passed = 0;
        int failed = 0;
        try {
            // One way after the other, not at once: DynamoDB documents that only one table with
            // secondary indexes may be CREATING at a time, and each way creates one.
            for (Way way : Way.values()) {
                int exit = playInChild(way, way.environment(System.getenv(), url, dir));
                if (exit == 0) {
                    passed++;
                } else {
                    failed++;
                    System.out.println("FAILED way " + way.id() + " (exit " + exit + ")");
                }
            }
        } finally {
            deleteTree(dir);
        }
        System.out.println("java: " + passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /** Plays one way in a JVM of its own, started with that way's environment. */
    private static int playInChild(Way way, Map<String, String> environment) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(List.of(java,
                // A short run: C1 alone starts the SDK faster than the full JIT.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), way.id()))
                .inheritIO();
        child.environment().clear();
        child.environment().putAll(environment);
        return child.start().waitFor();
    }

    private static int play(Way way) {
        try (DynamoDbClient dynamoDb = way.build(DynamoDbClient.builder());
             DynamoDbStreamsClient streams = way.build(DynamoDbStreamsClient.builder())) {
            new Scenario(way.id(), dynamoDb, streams, TABLE_PREFIX + "-" + way.id(), Way.REGION).play();
            return 0;
        } catch (Scenario.StepFailed e) {
            System.out.println("FAIL " + e.getMessage());
            if (!(e.getCause() instanceof Check.Failed)) {
                e.getCause().printStackTrace();
            }
            return 1;
        } catch (RuntimeException e) {
            // Thrown by a builder: the SDK could not configure a client this way.
            System.out.println("FAIL " + way.id() + " building the clients: " + e);
            return 1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
