package org.soen.examples.plainapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlainAppTest {
  @Test
  void providers_withApiAwsAndLambdalabsOnTheClassPath_findsAllThree() {
    assertEquals(Set.of("lambdalabs", "local", "sagemaker"), new TreeSet<>(PlainApp.providers()));
  }
}
