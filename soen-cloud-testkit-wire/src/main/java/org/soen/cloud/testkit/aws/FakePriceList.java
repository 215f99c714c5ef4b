package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;

/**
 * The AWS Price List Query API as {@link FakeSageMaker} serves it on the same endpoint (AWS JSON
 * 1.1, {@code X-Amz-Target: AWSPriceListService.GetProducts}): {@code GetProducts} over the products
 * a test puts in ({@link #putTraining}), answered in the service's shape: {@code PriceList} is a list
 * of JSON documents as strings ({@code product.attributes}, {@code terms.OnDemand.*.priceDimensions}),
 * paged by {@code MaxResults} and {@code NextToken}. Filters are {@code TERM_MATCH} on a product
 * attribute ({@code regionCode}, {@code instanceName}, {@code component} ...), {@code productFamily}
 * or {@code ServiceCode}; a field no product has matches nothing, as on AWS.
 *
 * <p>It refuses what the service refuses: the pricing model's constraints ({@code ServiceCode}
 * required, {@code Filter.Type} one of the model's {@code FilterType} values, {@code Field} and
 * {@code Value} 1-1024 characters, at most 50 filters, {@code MaxResults} 1-100) as a
 * {@code ValidationException}; an empty or non-alphanumeric {@code ServiceCode}, or a
 * {@code FormatVersion} other than {@code aws_v1}, as {@code InvalidParameterException} (the texts
 * AWS answers, as reported in aws/aws-sdk-js#3329 and cloud-barista/cb-spider#1055); a service code
 * it has no offer for as {@code NotFoundException}; a token it did not issue as
 * {@code InvalidNextTokenException}.
 */
public final class FakePriceList {
  /** The service codes this fake has an offer for. */
  public static final Set<String> SERVICE_CODES = Set.of("AmazonSageMaker");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceRules RULES = ServiceRules.load();
  private static final Pattern SERVICE_CODE = Pattern.compile("[a-zA-Z0-9]+");
  private static final String ON_DEMAND = "JRTCKXETXF";
  private static final String PER_HOUR = "6YS6EN2CT7";

  /** One product of the offer: its service code, family and attributes, and its on-demand hourly price. */
  private record Product(String serviceCode, String sku, String family, Map<String, String> attributes, BigDecimal usd) {}

  private final List<Product> products = new ArrayList<>();
  private final Map<String, List<String>> pending = new LinkedHashMap<>();

  FakePriceList() {}

  /**
   * Adds SageMaker training's on-demand price of {@code instanceType} in {@code region}, as the
   * {@code AmazonSageMaker} offer lists it ({@code productFamily: ML Instance},
   * {@code component: Training}, {@code usagetype: <region prefix>-Train:<type>}).
   */
  public synchronized FakePriceList putTraining(String region, String instanceType, BigDecimal usdPerHour) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("servicecode", "AmazonSageMaker");
    a.put("servicename", "Amazon SageMaker");
    a.put("regionCode", region);
    a.put("locationType", "AWS Region");
    a.put("instanceName", instanceType);
    a.put("component", "Training");
    a.put("computeType", instanceType.startsWith("ml.p") || instanceType.startsWith("ml.g") ? "GPU" : "CPU");
    a.put("usagetype", region.toUpperCase(Locale.ROOT).replace("-", "") + "-Train:" + instanceType);
    a.put("operation", "RunInstance");
    products.add(new Product("AmazonSageMaker", sku(), "ML Instance", a, usdPerHour));
    return this;
  }

  /** Forgets every product and every issued token. */
  public synchronized FakePriceList clear() {
    products.clear();
    pending.clear();
    return this;
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    if (!"GetProducts".equals(operation)) {
      throw new FakeSageMaker.Failure("UnknownOperationException", "Unknown operation AWSPriceListService." + operation);
    }
    List<Violation> violations = RULES.check("pricing", operation, in);
    if (!violations.isEmpty()) {
      throw new FakeSageMaker.Failure("ValidationException", ServiceRules.validationMessage(violations));
    }
    String code = in.path("ServiceCode").asText("");
    if (code.isEmpty()) {
      throw invalid("Input Parameters are invalid. serviceCode cannot be null or empty");
    }
    if (!SERVICE_CODE.matcher(code).matches()) {
      throw invalid("ServiceCode can only contain a-z, A-Z, 0-9");
    }
    if (in.has("FormatVersion") && !"aws_v1".equals(in.path("FormatVersion").asText())) {
      throw invalid("Input Parameters are invalid. FormatVersion must be aws_v1");
    }
    if (!SERVICE_CODES.contains(code)) {
      throw new FakeSageMaker.Failure("NotFoundException", "Service code " + code + " not found");
    }
    List<String> items;
    if (in.hasNonNull("NextToken")) {
      items = pending.remove(in.path("NextToken").asText());
      if (items == null) {
        throw new FakeSageMaker.Failure("InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.");
      }
    } else {
      items = new ArrayList<>();
      for (Product p : products) {
        if (p.serviceCode().equals(code) && matches(p, in.path("Filters"))) {
          items.add(document(p));
        }
      }
    }
    int max = in.path("MaxResults").asInt(100);
    ObjectNode out = JSON.createObjectNode().put("FormatVersion", "aws_v1");
    items.subList(0, Math.min(max, items.size())).forEach(out.putArray("PriceList")::add);
    if (items.size() > max) {
      String token = UUID.randomUUID() + "==";
      pending.put(token, new ArrayList<>(items.subList(max, items.size())));
      out.put("NextToken", token);
    }
    return out;
  }

  private static FakeSageMaker.Failure invalid(String message) {
    return new FakeSageMaker.Failure("InvalidParameterException", message);
  }

  private static boolean matches(Product p, JsonNode filters) {
    for (JsonNode f : filters) {
      String field = f.path("Field").asText();
      String value = f.path("Value").asText();
      String actual = field.equalsIgnoreCase("ServiceCode") ? p.serviceCode()
          : field.equals("productFamily") ? p.family() : p.attributes().get(field);
      if (!value.equals(actual)) {
        return false;
      }
    }
    return true;
  }

  /** One {@code PriceList} item: the product and its on-demand term, serialised as the service does. */
  private static String document(Product p) {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode product = doc.putObject("product").put("productFamily", p.family());
    ObjectNode attributes = product.putObject("attributes");
    p.attributes().forEach(attributes::put);
    product.put("sku", p.sku());
    doc.put("serviceCode", p.serviceCode());
    String term = p.sku() + "." + ON_DEMAND;
    ObjectNode onDemand = doc.putObject("terms").putObject("OnDemand").putObject(term);
    ObjectNode dimension = onDemand.putObject("priceDimensions").putObject(term + "." + PER_HOUR);
    dimension.put("unit", "Hrs").put("endRange", "Inf").put("beginRange", "0").put("rateCode", term + "." + PER_HOUR)
        .put("description", "$" + p.usd().toPlainString() + " per On Demand " + p.attributes().get("instanceName")
            + " " + p.attributes().get("component") + " Instance Hour");
    dimension.putArray("appliesTo");
    dimension.putObject("pricePerUnit").put("USD", p.usd().setScale(10).toPlainString());
    onDemand.put("sku", p.sku()).put("effectiveDate", "2026-11-01T00:00:00Z").put("offerTermCode", ON_DEMAND)
        .putObject("termAttributes");
    doc.put("version", "20261101000000").put("publicationDate", "2026-11-01T00:00:00Z");
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a price list item", e);
    }
  }

  private static String sku() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
  }
}
