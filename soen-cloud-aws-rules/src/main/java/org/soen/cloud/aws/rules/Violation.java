package org.soen.cloud.aws.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One broken constraint of a request: where ({@link #members()}, the list index and the map key),
 * which rule and its limit. {@link #value()} is the offending value as AWS prints it; it may be a
 * secret, so product messages use {@link #allowed()} and never the value.
 *
 * @param awsPath the path as AWS's validation messages write it, e.g. {@code tags.2.member.value}
 * @param members the model's member names from the operation's input down, e.g. {@code [Tags, Value]}
 * @param index the 0-based index of the innermost list element on the path, or -1
 * @param mapKey the key of the map entry at fault (a map's keys or values), or the repeated value ({@link Rule#UNIQUE})
 * @param part what of the member broke it: the member itself, a map's key or value, or a list's item
 * @param rule the rule broken
 * @param limit the rule's limit: a number, a pattern or the allowed values
 * @param unit what a length counts: characters, items or entries (empty for other rules)
 * @param value the offending value as AWS prints it (may be a secret)
 */
public record Violation(String awsPath, List<String> members, int index, Optional<String> mapKey, Part part, Rule rule,
    String limit, String unit, String value) {

  /** What of a member a rule was checked on. */
  public enum Part {
    /** The member's own value. */
    MEMBER,
    /** A key of a map member. */
    MAP_KEY,
    /** A value of a map member. */
    MAP_VALUE,
    /** An item of a list member whose items are not structures. */
    LIST_ITEM
  }

  /** The kinds of constraint a service model states. */
  public enum Rule {
    /** A required member is missing. */
    REQUIRED,
    /** Shorter (or fewer items) than the minimum length. */
    MIN_LENGTH,
    /** Longer (or more items) than the maximum length. */
    MAX_LENGTH,
    /** Does not match the pattern. */
    PATTERN,
    /** A number below the range's minimum. */
    MIN_VALUE,
    /** A number above the range's maximum. */
    MAX_VALUE,
    /** Not one of the enum's values. */
    ENUM,
    /** A list item repeats a member documented as unique per resource (the limit is that member). */
    UNIQUE
  }

  /** Checks the parts are present. */
  public Violation {
    Objects.requireNonNull(awsPath, "awsPath");
    members = List.copyOf(members);
    Objects.requireNonNull(mapKey, "mapKey");
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(rule, "rule");
  }

  /** The innermost member name, e.g. {@code Value} for a tag's value. */
  public String member() {
    return members.isEmpty() ? "" : members.get(members.size() - 1);
  }

  /** What the rule allows, in words, without the value: e.g. {@code at most 512 characters}. */
  public String allowed() {
    return switch (rule) {
      case REQUIRED -> "a value (required)";
      case MIN_LENGTH -> "at least " + limit + " " + unit;
      case MAX_LENGTH -> "at most " + limit + " " + unit;
      case PATTERN -> "only values matching " + limit;
      case MIN_VALUE -> "a value of at least " + limit;
      case MAX_VALUE -> "a value of at most " + limit;
      case ENUM -> "one of " + limit;
      case UNIQUE -> "each " + limit + " once";
    };
  }

  /**
   * The violation as AWS's validation messages state it, e.g. {@code Value 'x' at 'tags.1.member.value'
   * failed to satisfy constraint: Member must satisfy regular expression pattern: ...}.
   */
  public String awsMessage() {
    String constraint = switch (part) {
      case MEMBER -> constraint();
      case MAP_KEY -> "Map keys must satisfy constraint: [" + constraint() + "]";
      case MAP_VALUE -> "Map value must satisfy constraint: [" + constraint() + "]";
      case LIST_ITEM -> "Member must satisfy constraint: [" + constraint() + "]";
    };
    return "Value " + (rule == Rule.REQUIRED ? "null" : "'" + value + "'") + " at '" + awsPath
        + "' failed to satisfy constraint: " + constraint;
  }

  /** The constraint as AWS's validation messages state it, e.g. {@code Member must have length less than or equal to 63}. */
  public String constraint() {
    return switch (rule) {
      case REQUIRED -> "Member must not be null";
      case MIN_LENGTH -> "Member must have length greater than or equal to " + limit;
      case MAX_LENGTH -> "Member must have length less than or equal to " + limit;
      case PATTERN -> "Member must satisfy regular expression pattern: " + limit;
      case MIN_VALUE -> "Member must have value greater than or equal to " + limit;
      case MAX_VALUE -> "Member must have value less than or equal to " + limit;
      case ENUM -> "Member must satisfy enum value set: " + limit;
      case UNIQUE -> "Member must not repeat a " + limit + " (" + limit + "s must be unique per resource)";
    };
  }
}
