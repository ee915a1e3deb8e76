package dynarock.conformance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * The three ways SCENARIO.md points a client at dynarock. The env and profile
 * ways build their clients with nothing but {@code create()}: the SDK reads
 * endpoint, region and credentials from the process environment, which
 * {@link #environment} prepares for the JVM that plays the way.
 */
enum Way {
    ENV, PROFILE, CODE;

    /** Not us-east-1, so that ARNs and stream records show the region is taken from the configuration. */
    static final Region REGION = Region.US_WEST_2;
    static final String ACCESS_KEY = "AKIDDYNAROCKJAVA";
    static final String SECRET_KEY = "dynarock-java-secret";
    private static final String PROFILE_NAME = "dynarock";

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Way of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** Any client builder of the SDK (DynamoDB, DynamoDB Streams), configured as this way configures it. */
    <B extends AwsClientBuilder<B, C>, C> C build(B builder) {
        if (this != CODE) {
            return builder.build();
        }
        return builder
                .endpointOverride(URI.create(System.getenv("DYNAROCK_URL")))
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /**
     * The environment of the JVM that plays this way. Nothing AWS_* is
     * inherited and the shared config files are this way's own (empty unless
     * it is the profile way), so a developer's ~/.aws never reaches a run, and
     * only the code way sees DYNAROCK_URL.
     */
    Map<String, String> environment(Map<String, String> inherited, String url, Path dir) throws IOException {
        Map<String, String> env = new HashMap<>(inherited);
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.remove("DYNAROCK_URL");
        Path config = Files.writeString(dir.resolve(id() + "-config"), "");
        Path credentials = Files.writeString(dir.resolve(id() + "-credentials"), "");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        // With everything configured the SDK never asks the instance metadata service; if something
        // were missing, fail at once instead of timing out on 169.254.169.254.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        switch (this) {
            case ENV -> {
                env.put("AWS_ENDPOINT_URL_DYNAMODB", url);
                env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", url);
                env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
                env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
                env.put("AWS_REGION", REGION.id());
                env.put("AWS_DEFAULT_REGION", REGION.id());
            }
            case PROFILE -> {
                // A top-level endpoint_url applies to every service of the profile, streams included.
                Files.writeString(config, "[profile " + PROFILE_NAME + "]\n"
                        + "region = " + REGION.id() + "\n"
                        + "endpoint_url = " + url + "\n");
                Files.writeString(credentials, "[" + PROFILE_NAME + "]\n"
                        + "aws_access_key_id = " + ACCESS_KEY + "\n"
                        + "aws_secret_access_key = " + SECRET_KEY + "\n");
                env.put("AWS_PROFILE", PROFILE_NAME);
            }
            case CODE -> env.put("DYNAROCK_URL", url);
        }
        return env;
    }
}
