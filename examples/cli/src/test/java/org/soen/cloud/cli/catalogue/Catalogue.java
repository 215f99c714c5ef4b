package org.soen.cloud.cli.catalogue;

import java.util.ArrayList;
import java.util.List;

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
    return all;
  }

  static List<CatalogueCase> good() {
    return GoodConfigs.all();
  }

  /** The bad cases marked with a JSON code, run again with {@code --json}. */
  static List<CatalogueCase> json() {
    return bad().stream().filter(c -> c.jsonCode() != null).map(CatalogueCase::asJson).toList();
  }
}
