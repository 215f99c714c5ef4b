package org.soen.cloud.aws.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.soen.cloud.spi.DidYouMean;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;

/**
 * The names SageMaker and S3 accept, checked before anything is sent: bucket names, regions, role
 * ARNs, training image URIs and training instance types. Every check is pure and returns an empty
 * {@code Optional} when the value is fine, else a message that says what was wrong and what is
 * allowed, without the key path (the caller adds it). Values checked here are names, never
 * secrets, so messages may quote them.
 *
 * <p>Sources, so each rule can be traced:
 * <ul>
 *   <li>Bucket names: Amazon S3 User Guide, "General purpose bucket naming rules"
 *       (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html, as published in
 *       2025: 3–63 characters; lowercase letters, digits, dots and hyphens; begin and end with a
 *       letter or digit; no two adjacent periods; not an IP address; reserved prefixes {@code xn--},
 *       {@code sthree-} (which covers {@code sthree-configurator}), {@code amzn-s3-demo-}; reserved
 *       suffixes {@code -s3alias}, {@code --ol-s3}, {@code .mrap}, {@code --x-s3},
 *       {@code --table-s3}). "No hyphen next to a period" is the DNS label rule the AWS SDK's own
 *       {@code BucketUtils} enforces. The page's later rule that buckets in an account regional
 *       namespace end in {@code -an} is not enforced: a global bucket of that name may exist.</li>
 *   <li>Regions: {@link Region#regions()} of the AWS SDK on the class path, without its global
 *       pseudo-regions; newer regions are let in by {@code cloud.extra_regions}.</li>
 *   <li>Role ARN, training image and instance types: the SageMaker API model
 *       ({@code CreateTrainingJob}: {@code RoleArn} pattern and length 20–2048,
 *       {@code TrainingImage} at most 255 characters matching {@code [\S]+}, and the SDK's
 *       {@link TrainingInstanceType} enum generated from that model). The ECR repository and tag
 *       grammar is Amazon ECR's.</li>
 * </ul>
 */
public final class AwsNameRules {
  /** SageMaker's RoleArn pattern (CreateTrainingJob, API model). */
  public static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");
  /** The setting that allows regions newer than the SDK, and its place in cloud_config.yaml. */
  public static final String EXTRA_REGIONS_KEY = "cloud.extra_regions";

  private static final String EXTRA_REGIONS_FILE_KEY = "aws.extra_regions";
  private static final String ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/SageMakerRole";
  private static final String ECR_FORM =
      "<12-digit account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>|@sha256:<digest>]";
  private static final int ROLE_MIN = 20;
  private static final int ROLE_MAX = 2048;
  private static final int IMAGE_MAX = 255;
  private static final Pattern IP_ADDRESS = Pattern.compile("(\\d+\\.){3}\\d+");
  private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]*");
  private static final Pattern IAM_PRINCIPAL =
      Pattern.compile("^arn:aws[a-z\\-]*:iam::([^:]*):(role|user)/(.*)$");
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("^arn:(aws[a-z\\-]*):sts::(\\d{12}):assumed-role/([^/]+)/.*$");
  private static final Pattern BARE_ROLE_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@\\-/]+");
  private static final Pattern ECR_HOST =
      Pattern.compile("^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
  private static final Pattern REPOSITORY =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  /** A reserved bucket name prefix or suffix and who it is reserved for. */
  private record Reserved(String affix, String reservedFor) {}

  private static final List<Reserved> RESERVED_PREFIXES = List.of(
      new Reserved("xn--", "internationalized (punycode) domain names"),
      new Reserved("sthree-", "Amazon S3 itself"),
      new Reserved("amzn-s3-demo-", "examples in AWS documentation"));
  private static final List<Reserved> RESERVED_SUFFIXES = List.of(
      new Reserved("-s3alias", "access point aliases"),
      new Reserved("--ol-s3", "Object Lambda Access Point aliases"),
      new Reserved(".mrap", "Multi-Region Access Points"),
      new Reserved("--x-s3", "directory buckets"),
      new Reserved("--table-s3", "S3 Tables buckets"));

  private static final List<String> GLOBAL_REGIONS = Region.regions().stream()
      .filter(Region::isGlobalRegion)
      .map(Region::id)
      .sorted()
      .toList();
  private static final List<String> KNOWN_REGIONS = Region.regions().stream()
      .filter(r -> !r.isGlobalRegion())
      .map(Region::id)
      .sorted()
      .toList();
  private static final List<String> TRAINING_INSTANCE_TYPES = TrainingInstanceType.knownValues().stream()
      .map(TrainingInstanceType::toString)
      .sorted()
      .toList();

  private AwsNameRules() {}

  /**
   * Every general purpose bucket naming rule of S3 that {@code bucket} breaks, one sentence per
   * rule, or empty when it is a valid bucket name. Dots are allowed here; see
   * {@link #bucketDotsNote(String, boolean)}.
   */
  public static Optional<String> bucketName(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    List<String> broken = new ArrayList<>();
    if (bucket.length() < 3 || bucket.length() > 63) {
      broken.add("must be 3 to 63 characters long, was " + bucket.length());
    }
    if (!BUCKET_CHARS.matcher(bucket).matches()) {
      broken.add(bucketCharacters(bucket));
    }
    // Other characters at either end are already reported as not allowed at all.
    if (!bucket.isEmpty() && (dotOrHyphen(bucket.charAt(0)) || dotOrHyphen(bucket.charAt(bucket.length() - 1)))) {
      broken.add("must begin and end with a lowercase letter or digit");
    }
    if (bucket.contains("..")) {
      broken.add("must not contain two adjacent periods (\"..\")");
    }
    if (bucket.contains(".-") || bucket.contains("-.")) {
      broken.add("must not have a hyphen next to a period (\".-\" or \"-.\"): each dot-separated part "
          + "must begin and end with a letter or digit");
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      broken.add("must not be formatted as an IP address (like 192.168.5.4)");
    }
    for (Reserved p : RESERVED_PREFIXES) {
      if (bucket.startsWith(p.affix())) {
        broken.add("must not start with \"" + p.affix() + "\", a prefix S3 reserves for " + p.reservedFor());
      }
    }
    for (Reserved s : RESERVED_SUFFIXES) {
      if (bucket.endsWith(s.affix())) {
        broken.add("must not end with \"" + s.affix() + "\", a suffix S3 reserves for " + s.reservedFor());
      }
    }
    if (broken.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("\"" + bucket + "\" is not a valid S3 bucket name: " + String.join("; ", broken));
  }

  /**
   * A warning when {@code bucket} has dots and is addressed virtual-hosted style
   * ({@code pathStyle} false): its host name then has more labels than S3's wildcard TLS
   * certificate covers, so HTTPS requests fail the certificate check. Empty when there are no dots
   * or path-style addressing is used. Whether to refuse is the caller's decision.
   */
  public static Optional<String> bucketDotsNote(String bucket, boolean pathStyle) {
    Objects.requireNonNull(bucket, "bucket");
    if (pathStyle || bucket.indexOf('.') < 0) {
      return Optional.empty();
    }
    return Optional.of("bucket \"" + bucket + "\" contains dots: with virtual-hosted-style addressing its host name "
        + bucket + ".s3.<region>.amazonaws.com is not covered by S3's wildcard TLS certificate "
        + "(*.s3.<region>.amazonaws.com), so HTTPS requests fail the certificate check; set "
        + "cloud.s3_path_style: true, or use a bucket name without dots");
  }

  /**
   * Whether {@code region} is a region SageMaker can run in: known to the AWS SDK or listed in
   * {@code extraAllowed} (the setting {@value #EXTRA_REGIONS_KEY}), and not a global
   * pseudo-region such as {@code aws-global}.
   */
  public static Optional<String> region(String region, Collection<String> extraAllowed) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(extraAllowed, "extraAllowed");
    if (region.isEmpty()) {
      return Optional.of("must not be empty: give an AWS region such as us-east-1");
    }
    if (isGlobal(region)) {
      return Optional.of("\"" + region + "\" is a global pseudo-region of the AWS SDK, not a region SageMaker runs "
          + "in: give a regional code such as us-east-1");
    }
    if (KNOWN_REGIONS.contains(region) || extraAllowed.contains(region)) {
      return Optional.empty();
    }
    String suggestion = DidYouMean.suggest(region, KNOWN_REGIONS);
    return Optional.of("unknown AWS region \"" + region + "\"" + (suggestion.isEmpty() ? "." : suggestion)
        + " Regions known to AWS SDK " + VersionInfo.SDK_VERSION + ": " + String.join(", ", KNOWN_REGIONS)
        + ". A region newer than this SDK can be allowed with the setting " + EXTRA_REGIONS_KEY
        + " (a list; " + EXTRA_REGIONS_FILE_KEY + " in cloud_config.yaml)");
  }

  /** The regions the AWS SDK on the class path knows, global pseudo-regions left out, sorted. */
  public static List<String> knownRegions() {
    return KNOWN_REGIONS;
  }

  /**
   * Whether {@code roleArn} is what SageMaker accepts as a training job's RoleArn, with a pointed
   * message for the usual mistakes: a bare role name, a user ARN, an assumed-role session ARN, an
   * account id that is not 12 digits.
   */
  public static Optional<String> roleArn(String roleArn) {
    Objects.requireNonNull(roleArn, "roleArn");
    if (roleArn.isEmpty()) {
      return Optional.of("must not be empty: give the execution role ARN, e.g. " + ROLE_EXAMPLE);
    }
    if (!roleArn.startsWith("arn:") && BARE_ROLE_NAME.matcher(roleArn).matches()) {
      return Optional.of("\"" + roleArn + "\" is a role name, not a role ARN: give the full ARN "
          + "arn:aws:iam::<12-digit account id>:role/" + roleArn + " (`aws iam get-role --role-name "
          + roleArn.substring(roleArn.lastIndexOf('/') + 1) + " --query Role.Arn` prints it)");
    }
    Matcher assumed = ASSUMED_ROLE.matcher(roleArn);
    if (assumed.matches()) {
      return Optional.of("\"" + roleArn + "\" is an STS assumed-role session ARN: give the IAM role's ARN, "
          + "arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3)
          + " (with the role's path, if it has one)");
    }
    Matcher principal = IAM_PRINCIPAL.matcher(roleArn);
    if (principal.matches() && principal.group(2).equals("user")) {
      return Optional.of("\"" + roleArn + "\" is an IAM user ARN: SageMaker needs an IAM role it can assume, "
          + "e.g. " + ROLE_EXAMPLE);
    }
    if (principal.matches() && !principal.group(1).matches("\\d{12}")) {
      return Optional.of("the account id \"" + principal.group(1) + "\" in \"" + roleArn + "\" must be exactly "
          + "12 digits (keep leading zeros), e.g. " + ROLE_EXAMPLE);
    }
    if (roleArn.length() < ROLE_MIN || roleArn.length() > ROLE_MAX) {
      return Optional.of("must be " + ROLE_MIN + " to " + ROLE_MAX + " characters long, was " + roleArn.length());
    }
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      return Optional.of("\"" + roleArn + "\" is not an IAM role ARN: expected the form " + ROLE_EXAMPLE
          + " (SageMaker's pattern " + ROLE_ARN.pattern() + ")");
    }
    if (roleArn.endsWith("/")) {
      // SageMaker's pattern lets "role/" pass (the slash counts as the name); IAM has no such role.
      return Optional.of("\"" + roleArn + "\" names no role after the last '/': expected the form " + ROLE_EXAMPLE);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code imageUri} is a training image SageMaker can pull: at most 255 characters
   * without whitespace, in an Amazon ECR private repository
   * ({@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>|@sha256:<digest>]}). Images in
   * Docker Hub or other registries are refused: SageMaker pulls them only through
   * TrainingImageConfig (private registry access in a VPC), which soen-cloud does not set.
   */
  public static Optional<String> imageUri(String imageUri) {
    Objects.requireNonNull(imageUri, "imageUri");
    if (imageUri.isEmpty()) {
      return Optional.of("must not be empty: give an Amazon ECR image URI " + ECR_FORM);
    }
    if (imageUri.length() > IMAGE_MAX) {
      return Optional.of("must be at most " + IMAGE_MAX + " characters (SageMaker's TrainingImage limit), was "
          + imageUri.length());
    }
    if (imageUri.chars().anyMatch(Character::isWhitespace)) {
      return Optional.of("must not contain whitespace (SageMaker's TrainingImage pattern [\\S]+)");
    }
    int slash = imageUri.indexOf('/');
    String registry = slash < 0 ? "" : imageUri.substring(0, slash);
    if (!ECR_HOST.matcher(registry).matches()) {
      return Optional.of(registryProblem(imageUri, registry));
    }
    return referenceProblem(imageUri.substring(slash + 1));
  }

  /** The region of an ECR image URI's registry, or empty when {@code imageUri} is not one. */
  public static Optional<String> ecrRegion(String imageUri) {
    Objects.requireNonNull(imageUri, "imageUri");
    int slash = imageUri.indexOf('/');
    Matcher m = ECR_HOST.matcher(slash < 0 ? "" : imageUri.substring(0, slash));
    return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
  }

  /** Every training instance type SageMaker accepts, from the AWS SDK's model enum, sorted. */
  public static List<String> trainingInstanceTypes() {
    return TRAINING_INSTANCE_TYPES;
  }

  /**
   * Whether SageMaker training accepts {@code instanceType}; for an unknown one, a did-you-mean
   * (also for a missing {@code ml.} or an {@code xl} short for {@code xlarge}) and the sizes of its
   * family, or the known families.
   */
  public static Optional<String> instanceType(String instanceType) {
    Objects.requireNonNull(instanceType, "instanceType");
    if (TRAINING_INSTANCE_TYPES.contains(instanceType)) {
      return Optional.empty();
    }
    String normalized = normalizeInstanceType(instanceType);
    Optional<String> guess = TRAINING_INSTANCE_TYPES.contains(normalized)
        ? Optional.of(normalized)
        : DidYouMean.closest(instanceType, TRAINING_INSTANCE_TYPES)
            .or(() -> DidYouMean.closest(normalized, TRAINING_INSTANCE_TYPES));
    String family = family(normalized);
    List<String> sizes = TRAINING_INSTANCE_TYPES.stream().filter(t -> family(t).equals(family)).toList();
    String allowed = sizes.isEmpty()
        ? " SageMaker training types are ml.<family>.<size>; families known to AWS SDK " + VersionInfo.SDK_VERSION
            + ": " + String.join(", ", families())
        : " ml." + family + " comes in: " + String.join(", ", sizes);
    return Optional.of("unknown SageMaker training instance type \"" + instanceType + "\""
        + guess.map(g -> "; did you mean " + g + "?").orElse(".") + allowed);
  }

  private static String bucketCharacters(String bucket) {
    String bad = bucket.codePoints()
        .filter(c -> !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-'))
        .mapToObj(c -> "'" + new String(Character.toChars(c)) + "'")
        .distinct()
        .collect(Collectors.joining(", "));
    String lower = bucket.toLowerCase(Locale.ROOT);
    String hint = !lower.equals(bucket) && BUCKET_CHARS.matcher(lower).matches()
        ? " (uppercase letters are not allowed: \"" + lower + "\" would be)"
        : "";
    return "may contain only lowercase letters, digits, periods (.) and hyphens (-), found " + bad + hint;
  }

  private static boolean dotOrHyphen(char c) {
    return c == '.' || c == '-';
  }

  private static boolean isGlobal(String region) {
    // Region.of would cache every string it is given, so only the SDK's own list is consulted.
    return region.endsWith("-global") || GLOBAL_REGIONS.contains(region);
  }

  private static String registryProblem(String imageUri, String registry) {
    boolean dockerHub = registry.isEmpty() || registry.indexOf('.') < 0 && registry.indexOf(':') < 0
        && !registry.equals("localhost");
    String where = dockerHub ? "a Docker Hub image" : "on registry " + registry;
    if (registry.contains(".dkr.ecr.")) {
      return "\"" + registry + "\" is not an ECR registry host: expected " + ECR_FORM
          + " (the account id is 12 digits)";
    }
    return "\"" + imageUri + "\" is " + where + ": SageMaker pulls training images from Amazon ECR private "
        + "repositories; other registries need TrainingImageConfig, which soen-cloud does not set. Push the "
        + "image to ECR (docker tag, then docker push) and give " + ECR_FORM;
  }

  private static Optional<String> referenceProblem(String reference) {
    int at = reference.indexOf('@');
    String repository;
    if (at >= 0) {
      repository = reference.substring(0, at);
      String digest = reference.substring(at + 1);
      if (repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
        return Optional.of("give either a tag (:tag) or a digest (@sha256:...), not both");
      }
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.of("the digest \"" + digest + "\" must be sha256: followed by 64 lowercase hex digits");
      }
    } else {
      int colon = reference.lastIndexOf(':');
      repository = colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
      if (colon > reference.lastIndexOf('/') && !TAG.matcher(reference.substring(colon + 1)).matches()) {
        return Optional.of("the tag \"" + reference.substring(colon + 1) + "\" must be 1 to 128 letters, digits, "
            + "underscores, periods or hyphens");
      }
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      return Optional.of("the repository name \"" + repository + "\" must be lowercase letters and digits, "
          + "with single '.', '_' or '-' between them and '/' between path parts (ECR's pattern "
          + REPOSITORY.pattern() + ")");
    }
    return Optional.empty();
  }

  private static String normalizeInstanceType(String given) {
    String t = given.trim().toLowerCase(Locale.ROOT);
    if (!t.startsWith("ml.")) {
      t = "ml." + t;
    }
    return t.endsWith("xl") ? t + "arge" : t;
  }

  /** The family of {@code ml.<family>.<size>}, e.g. {@code p4d}; empty when there is none. */
  private static String family(String instanceType) {
    String[] parts = instanceType.split("\\.");
    return parts.length == 3 ? parts[1] : "";
  }

  private static List<String> families() {
    return List.copyOf(TRAINING_INSTANCE_TYPES.stream().map(AwsNameRules::family)
        .collect(Collectors.toCollection(TreeSet::new)));
  }
}
