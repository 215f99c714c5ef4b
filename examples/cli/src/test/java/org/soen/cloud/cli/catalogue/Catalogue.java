package org.soen.cloud.cli.catalogue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every case of the catalogue, bad ones first, in a stable order. */
final class Catalogue {
  private Catalogue() {}

  static List<CatalogueCase> bad() {
    List<CatalogueCase> all = new ArrayList<>();
    all.addAll(KeyCases.all());
    all.addAll(ValueCases.all());
    all.addAll(FileCases.all());
    all.addAll(ProviderCases.all());
    all.addAll(LayerCases.all());
    all.addAll(CommandLineCases.all());
    return unique(all);
  }

  static List<CatalogueCase> good() {
    return unique(GoodConfigs.all());
  }

  /** {@code cases}, checked to have distinct names, so the report and the test list are unambiguous. */
  private static List<CatalogueCase> unique(List<CatalogueCase> cases) {
    Set<String> seen = new HashSet<>();
    for (CatalogueCase c : cases) {
      if (!seen.add(c.name())) {
        throw new IllegalStateException("two cases are named \"" + c.name() + "\"");
      }
    }
    return cases;
  }

  /** The bad cases marked with a JSON code, run again with {@code --json}. */
  static List<CatalogueCase> json() {
    return bad().stream().filter(c -> c.jsonCode() != null).map(CatalogueCase::asJson).toList();
  }
}
