package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.soen.cloud.ProviderException;
import org.soen.cloud.testkit.FakeJob;

/** Nothing the command line prints carries the value of a secret environment variable. */
class SecretRedactionTest {
  private static final String KEY = "abc\ndef-secret";

  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
    cli.writeConfig("train.yaml", "");
    // A variable secret by its name, that no setting reads: the config is valid and the secret
    // reaches the output only through a provider's error.
    cli.environment.put("PARTNER_API_KEY", KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--json"})
  void lambdaApiKeyWithANewline_isRefusedAsConfigWithoutEchoingIt(String flag) {
    cli.environment.put("LAMBDA_API_KEY", KEY);

    CliHarness.Result r = flag.isEmpty() ? cli.run("train", "--config", "train.yaml")
        : cli.run("train", "--config", "train.yaml", flag);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out() + r.err()).doesNotContain("def-secret").doesNotContain("abc\\ndef")
        .contains("environment variable LAMBDA_API_KEY").contains("cloud.lambda.api_key");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  private static void assertNoSecret(CliHarness.Result r) {
    String printed = r.out() + r.err();
    assertThat(printed).as(r.toString()).doesNotContain(KEY).doesNotContain("def-secret")
        .doesNotContain("abc\\ndef").contains(Redactor.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--json", "--verbose"})
  void providerError_echoingAnApiKeyWithANewline_isMasked(String flag) {
    cli.fake.enqueue(FakeJob.rejectsWith(() -> new ProviderException(
        "invalid header value for Authorization: Bearer " + KEY, 0, null, false, new IllegalArgumentException(KEY))));

    CliHarness.Result r = flag.isEmpty() ? cli.run("train", "--config", "train.yaml")
        : cli.run("train", "--config", "train.yaml", flag);

    assertThat(r.exitCode()).isEqualTo(3);
    assertNoSecret(r);
    assertThat(r.err()).contains("Bearer abc\n****");
  }

  @Test
  void internalError_withTheSecretInMessageAndStackTrace_isMasked() {
    cli.trainerFailure = new IllegalStateException("def-secret", new RuntimeException("key " + KEY));

    CliHarness.Result r = cli.run("list", "--verbose", "--json");

    assertThat(r.exitCode()).isEqualTo(3);
    assertNoSecret(r);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("internal.error");
  }

  @Test
  void secretByName_isMaskedInOrdinaryOutput_butSettingsThatLookSecretByNameAreNot() {
    cli.environment.put("MY_SERVICE_TOKEN", "tok-1234567");
    cli.environment.put("TOKEN_TTL_SECONDS", "3600");
    cli.environment.put("AWS_SESSION_TOKEN", "true-story");
    cli.fake.enqueue(FakeJob.rejectsWith(() -> new ProviderException(
        "rejected tok-1234567 and true-story after 3600 s", 0, null, false, null)));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.err()).contains("error: rejected **** and **** after 3600 s");
  }

  @Test
  void redactor_masksASecretPrintedInPiecesWithinALine() {
    Redactor redactor = Redactor.of(Map.of("DB_PASSWORD", "hunter22", "SHORT_KEY", "abc", "FLAG_KEY", "true"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    PrintStream out = redactor.wrap(target);
    out.print("pass: hun");
    out.print("ter22, short abc, flag true, ü ");
    out.println("done");
    out.print("progress hunter22 \u2588");
    out.flush();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("pass: ****, short abc, flag true, ü done\nprogress **** \u2588");
  }

  @Test
  void redactor_withoutSecrets_passesTextThroughUnchanged() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = Redactor.of(Map.of("HOME", "/home/u", "PATH", "/usr/bin"))
        .wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    out.println("/home/u/.soen/jobs \u2713");
    out.write('x');
    out.flush();

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("/home/u/.soen/jobs \u2713\nx");
  }
}
