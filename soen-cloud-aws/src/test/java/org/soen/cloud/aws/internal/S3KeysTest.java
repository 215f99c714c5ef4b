package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3KeysTest {
  @Test
  void segment_isInjectiveAndSafeForAnyUnicodeName() {
    qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 12),
            strings().allPossible().ofLengthBetween(0, 12))
        .check((a, b) -> a.equals(b) == S3Keys.segment(a).equals(S3Keys.segment(b)) && safe(S3Keys.segment(a)));
  }

  @Test
  void path_isInjectiveOverSegmentListsAndNeverEscapesItsPrefix() {
    qt().withExamples(1000).forAll(
            lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 4)).ofSizeBetween(1, 4),
            lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 4)).ofSizeBetween(1, 4))
        .check((a, b) -> a.equals(b) == S3Keys.path(a).equals(S3Keys.path(b))
            && java.util.Arrays.stream(S3Keys.path(a).split("/", -1)).allMatch(S3KeysTest::safe));
  }

  private static boolean safe(String segment) {
    return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..") && !segment.startsWith(".")
        && segment.matches("[A-Za-z0-9._~-]+");
  }

  @Test
  void segment_escapesTraversalSlashesAndSpaces() {
    assertThat(S3Keys.segment("..")).isEqualTo("~2E.");
    assertThat(S3Keys.segment("a/b")).isEqualTo("a~2Fb");
    assertThat(S3Keys.segment("cat 1.jpg")).isEqualTo("cat~201.jpg");
    assertThat(S3Keys.segment(".datasets")).isEqualTo("~2Edatasets");
    assertThat(S3Keys.path(List.of("images", "train", "x.png"))).isEqualTo("images/train/x.png");
  }

  @Test
  void jobPrefix_followsTheDocumentedLayout() {
    assertThat(S3Keys.jobPrefix("default", "mnist", "soen-mnist-20261122210509-ab12", Instant.parse("2026-11-22T21:05:09Z")))
        .isEqualTo("soen/default/mnist/soen-mnist-20261122210509-ab12/20261122-210509/");
  }
}
