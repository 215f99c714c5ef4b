package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkBytes;

/**
 * An AWS SDK request as a JSON tree named by the service model's member names, the form
 * {@link org.soen.cloud.aws.rules.ServiceRules} checks (and the form AWS JSON 1.1 puts on the wire).
 */
final class SdkJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  /** {@code pojo} as a JSON object; unset members are left out. */
  static ObjectNode of(SdkPojo pojo) {
    ObjectNode out = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      JsonNode node = node(value);
      if (node != null) {
        out.set(field.memberName(), node);
      }
    }
    return out;
  }

  private static JsonNode node(Object value) {
    if (value == null || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?> l && l.isEmpty()
        || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?> m && m.isEmpty()) {
      return null;
    }
    if (value instanceof SdkPojo p) {
      return of(p);
    }
    if (value instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      list.forEach(v -> a.add(node(v)));
      return a;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, v) -> o.set(String.valueOf(k), node(v)));
      return o;
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return NODES.numberNode(new BigDecimal(n.toString()));
    }
    if (value instanceof Instant t) {
      return NODES.numberNode(BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3));
    }
    if (value instanceof SdkBytes) {
      return NODES.textNode("(bytes)");
    }
    return NODES.textNode(value.toString());
  }
}
