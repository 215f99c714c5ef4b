package org.soen.examples.plainapp;

import java.util.Set;
import org.soen.cloud.CloudTrainer;

/** Lists the providers a plain application finds on its class path. */
public final class PlainApp {
  private PlainApp() {}

  /** The provider ids {@link CloudTrainer#create()} discovers. */
  public static Set<String> providers() {
    try (CloudTrainer trainer = CloudTrainer.create()) {
      return trainer.operations().providerIds();
    }
  }

  /**
   * Prints the discovered provider ids.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println(String.join(", ", providers()));
  }
}
