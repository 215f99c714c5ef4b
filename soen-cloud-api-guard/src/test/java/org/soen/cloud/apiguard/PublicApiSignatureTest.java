package org.soen.cloud.apiguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published jars' public API must match {@code api-signature.txt}, the recorded baseline: a
 * change to it (a method added, removed or changed, a type opened or closed) fails here with the
 * lines that differ, so it is made on purpose and reviewed in the diff of that file. Run with
 * {@code -Dapi.update=true} to record the API as it is now.
 *
 * <p>Why a signature file and not japicmp against the previous release: nothing is published yet,
 * so there is no released jar to resolve as the baseline, and this build may not install one. A
 * text file in the repository is the baseline instead: it works offline, and every API change
 * shows up in review as a readable diff. Once 0.1.0 is on Maven Central, japicmp against it can
 * add binary-compatibility rules (semantic versioning) on top.
 */
class PublicApiSignatureTest {
  private static final Path SIGNATURE = Path.of("api-signature.txt");

  @Test
  void publicApi_matchesTheRecordedSignature() throws IOException {
    PublicApi api = PublicApi.of(PublishedClasses.load());
    System.out.println("public API: " + api.summary());
    if (Boolean.getBoolean("api.update")) {
      Files.writeString(SIGNATURE, api.text(), StandardCharsets.UTF_8);
    }
    List<String> recorded = Files.readAllLines(SIGNATURE, StandardCharsets.UTF_8);

    assertThat(diff(recorded, api.lines()))
        .as("the public API changed; if on purpose, run this test with -Dapi.update=true and commit "
            + SIGNATURE.toAbsolutePath() + " (- recorded, + now)")
        .isEmpty();
  }

  @Test
  void publicApi_namesNoInternalType() {
    PublicApi api = PublicApi.of(PublishedClasses.load());

    assertThat(api.lines()).noneMatch(l -> l.contains(".internal."));
    assertThat(api.count("type")).isPositive();
  }

  private static List<String> diff(List<String> recorded, List<String> now) {
    Set<String> was = new LinkedHashSet<>(recorded);
    Set<String> is = new LinkedHashSet<>(now);
    List<String> out = new ArrayList<>();
    was.stream().filter(l -> !is.contains(l)).forEach(l -> out.add("- " + l));
    is.stream().filter(l -> !was.contains(l)).forEach(l -> out.add("+ " + l));
    return out;
  }
}
