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
  void relative_ofAHoldablePath_isThePathItselfAndSplitsBackIntoItsSegments() {
    // Printable code points of every script up to U+2FFF (names with controls or surrogates are the
    // unholdable test's); the assumption then rarely filters, so the search never runs dry.
    qt().withExamples(2000).forAll(lists().of(strings().betweenCodePoints(0x20, 0x2FFF).ofLengthBetween(1, 8))
            .ofSizeBetween(1, 4))
        .assuming(segments -> segments.stream().noneMatch(s -> s.contains("/"))
            && S3Keys.unholdable(segments, 100).isEmpty())
        .check(segments -> List.of(S3Keys.relative(segments).split("/", -1)).equals(segments));
  }

  @Test
  void relative_keepsSpacesUnicodeAndReservedCharacters() {
    assertThat(S3Keys.relative(List.of("images", "my cat.png"))).isEqualTo("images/my cat.png");
    assertThat(S3Keys.relative(List.of("labels", "naïve+1 #%&=?.txt"))).isEqualTo("labels/naïve+1 #%&=?.txt");
    assertThat(S3Keys.unholdable(List.of("labels", "naïve+1 #%&=?.txt", "日本語 😀"), 100)).isEmpty();
  }

  @Test
  void unholdable_namesWhyAPathCannotBeAKey() {
    assertThat(S3Keys.unholdable(List.of("a", ".."), 10)).contains(
        "a folder or file named \"..\" cannot be a file name in the container");
    assertThat(S3Keys.unholdable(List.of("bad\u0007bell"), 10)).contains(
        "its name holds the control character U+0007, which S3 listings cannot carry");
    assertThat(S3Keys.unholdable(List.of("half\ud800"), 10)).contains(
        "its name holds an unpaired UTF-16 surrogate (U+D800), which is not UTF-8");
    assertThat(S3Keys.unholdable(List.of("é".repeat(128)), 10)).contains(
        "the name \"" + "é".repeat(128) + "\" is 256 bytes of UTF-8, over the 255 a file name in the container may have");
    assertThat(S3Keys.unholdable(List.of("a".repeat(200), "b".repeat(200), "c".repeat(200)), 430)).contains(
        "its S3 key would be 1032 bytes of UTF-8, over S3's 1024 (the staging prefix takes 430); shorten its path");
    assertThat(S3Keys.unholdable(List.of("a".repeat(200), "b".repeat(200), "c".repeat(200)), 422)).isEmpty();
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
  }

  @Test
  void jobPrefix_followsTheDocumentedLayout() {
    assertThat(S3Keys.jobPrefix("default", "mnist", "soen-mnist-20261122210509-ab12", Instant.parse("2026-11-22T21:05:09Z")))
        .isEqualTo("soen/default/mnist/soen-mnist-20261122210509-ab12/20261122-210509/");
  }
}
