package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsNameRulesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String ECR = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com";
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  /** The seed of the bucket properties, printed so that a failure can be replayed with -Dawsrules.seed. */
  private static final long SEED = Long.getLong("awsrules.seed", System.nanoTime());

  static {
    System.out.println("AwsNameRulesTest bucket properties: -Dawsrules.seed=" + SEED);
  }

  @Nested
  class BucketName {
    @ParameterizedTest
    @ValueSource(strings = {"abc", "my-bucket", "my.bucket.example", "bucket--with-double-hyphens", "0x1",
        "192.168.5.4a", "docexamplebucket1", "an-bucket-an", "sthree", "xn-bucket"})
    void bucketName_whenValid_isEmpty(String name) {
      assertThat(AwsNameRules.bucketName(name)).isEmpty();
    }

    @Test
    void bucketName_whenLengthIsThreeOrSixtyThree_isEmpty() {
      assertThat(AwsNameRules.bucketName("a1b")).isEmpty();
      assertThat(AwsNameRules.bucketName("a".repeat(63))).isEmpty();
    }

    @Test
    void bucketName_whenTooShortOrTooLong_namesTheLengthRule() {
      assertThat(AwsNameRules.bucketName("ab")).contains(
          "\"ab\" is not a valid S3 bucket name: must be 3 to 63 characters long, was 2");
      assertThat(AwsNameRules.bucketName("a".repeat(64))).hasValueSatisfying(
          m -> assertThat(m).endsWith(": must be 3 to 63 characters long, was 64"));
      assertThat(AwsNameRules.bucketName("")).contains(
          "\"\" is not a valid S3 bucket name: must be 3 to 63 characters long, was 0");
    }

    @Test
    void bucketName_whenUppercase_saysLowercaseAndOffersTheLowercasedName() {
      assertThat(AwsNameRules.bucketName("MyBucket")).contains("\"MyBucket\" is not a valid S3 bucket name: may "
          + "contain only lowercase letters, digits, periods (.) and hyphens (-), found 'M', 'B' "
          + "(uppercase letters are not allowed: \"mybucket\" would be)");
    }

    @Test
    void bucketName_whenUnderscoreOrOtherCharacters_listsEachOnce() {
      assertThat(AwsNameRules.bucketName("my_bucket_ü")).contains("\"my_bucket_ü\" is not a valid S3 bucket name: "
          + "may contain only lowercase letters, digits, periods (.) and hyphens (-), found '_', 'ü'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bucket", "bucket-", ".bucket", "bucket."})
    void bucketName_whenStartsOrEndsWithDotOrHyphen_namesTheBeginEndRule(String name) {
      assertThat(AwsNameRules.bucketName(name)).contains(
          "\"" + name + "\" is not a valid S3 bucket name: must begin and end with a lowercase letter or digit");
    }

    @Test
    void bucketName_whenTwoAdjacentPeriods_namesThatRule() {
      assertThat(AwsNameRules.bucketName("my..bucket")).contains(
          "\"my..bucket\" is not a valid S3 bucket name: must not contain two adjacent periods (\"..\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-.bucket", "my.-bucket"})
    void bucketName_whenHyphenNextToPeriod_namesThatRule(String name) {
      assertThat(AwsNameRules.bucketName(name)).contains("\"" + name + "\" is not a valid S3 bucket name: must not "
          + "have a hyphen next to a period (\".-\" or \"-.\"): each dot-separated part must begin and end with a "
          + "letter or digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.5.4", "10.0.0.1", "1.2.3.4"})
    void bucketName_whenFormattedAsIpAddress_namesThatRule(String name) {
      assertThat(AwsNameRules.bucketName(name)).contains("\"" + name + "\" is not a valid S3 bucket name: "
          + "must not be formatted as an IP address (like 192.168.5.4)");
    }

    @Test
    void bucketName_whenReservedPrefix_namesThePrefixAndWhatItIsFor() {
      assertThat(AwsNameRules.bucketName("xn--bucket")).contains("\"xn--bucket\" is not a valid S3 bucket name: "
          + "must not start with \"xn--\", a prefix S3 reserves for internationalized (punycode) domain names");
      assertThat(AwsNameRules.bucketName("sthree-bucket")).contains("\"sthree-bucket\" is not a valid S3 bucket "
          + "name: must not start with \"sthree-\", a prefix S3 reserves for Amazon S3 itself");
      assertThat(AwsNameRules.bucketName("sthree-configurator")).hasValueSatisfying(
          m -> assertThat(m).contains("must not start with \"sthree-\""));
      assertThat(AwsNameRules.bucketName("amzn-s3-demo-bucket")).contains("\"amzn-s3-demo-bucket\" is not a valid "
          + "S3 bucket name: must not start with \"amzn-s3-demo-\", a prefix S3 reserves for examples in AWS "
          + "documentation");
    }

    @Test
    void bucketName_whenReservedSuffix_namesTheSuffixAndWhatItIsFor() {
      assertThat(AwsNameRules.bucketName("data-s3alias")).hasValueSatisfying(m -> assertThat(m).endsWith(
          "must not end with \"-s3alias\", a suffix S3 reserves for access point aliases"));
      assertThat(AwsNameRules.bucketName("data--ol-s3")).hasValueSatisfying(m -> assertThat(m).endsWith(
          "must not end with \"--ol-s3\", a suffix S3 reserves for Object Lambda Access Point aliases"));
      assertThat(AwsNameRules.bucketName("data.mrap")).hasValueSatisfying(m -> assertThat(m).endsWith(
          "must not end with \".mrap\", a suffix S3 reserves for Multi-Region Access Points"));
      assertThat(AwsNameRules.bucketName("data--usw2-az1--x-s3")).hasValueSatisfying(m -> assertThat(m).endsWith(
          "must not end with \"--x-s3\", a suffix S3 reserves for directory buckets"));
      assertThat(AwsNameRules.bucketName("data--table-s3")).hasValueSatisfying(m -> assertThat(m).endsWith(
          "must not end with \"--table-s3\", a suffix S3 reserves for S3 Tables buckets"));
    }

    @Test
    void bucketName_whenSeveralRulesBroken_namesEachOnce() {
      assertThat(AwsNameRules.bucketName("xn--Data..s3alias-")).contains("\"xn--Data..s3alias-\" is not a valid S3 "
          + "bucket name: may contain only lowercase letters, digits, periods (.) and hyphens (-), found 'D' "
          + "(uppercase letters are not allowed: \"xn--data..s3alias-\" would be); "
          + "must begin and end with a lowercase letter or digit; "
          + "must not contain two adjacent periods (\"..\"); "
          + "must not start with \"xn--\", a prefix S3 reserves for internationalized (punycode) domain names");
    }

    @Test
    void bucketDotsNote_whenDottedAndVirtualHosted_explainsTheCertificateMismatch() {
      assertThat(AwsNameRules.bucketDotsNote("my.bucket", false)).contains("bucket \"my.bucket\" contains dots: "
          + "with virtual-hosted-style addressing its host name my.bucket.s3.<region>.amazonaws.com is not covered "
          + "by S3's wildcard TLS certificate (*.s3.<region>.amazonaws.com), so HTTPS requests fail the "
          + "certificate check; set cloud.s3_path_style: true, or use a bucket name without dots");
    }

    @Test
    void bucketDotsNote_whenPathStyleOrNoDots_isEmpty() {
      assertThat(AwsNameRules.bucketDotsNote("my.bucket", true)).isEmpty();
      assertThat(AwsNameRules.bucketDotsNote("my-bucket", false)).isEmpty();
    }
  }

  @Nested
  class Regions {
    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"})
    void region_whenKnownToTheSdk_isEmpty(String region) {
      assertThat(AwsNameRules.region(region, List.of())).isEmpty();
    }

    @Test
    void region_whenTypo_suggestsTheClosestAndTheExtraRegionsSetting() {
      assertThat(AwsNameRules.region("us-est-1", List.of())).hasValueSatisfying(m -> assertThat(m)
          .startsWith("unknown AWS region \"us-est-1\"; did you mean us-east-1? Regions known to AWS SDK 2.")
          .contains("af-south-1, ap-east-1, ")
          .endsWith(". A region newer than this SDK can be allowed with the setting cloud.extra_regions "
              + "(a list; aws.extra_regions in cloud_config.yaml)"));
    }

    @Test
    void region_whenNumberMissing_suggestsTheFirstOfItsFamily() {
      assertThat(AwsNameRules.region("eu-west", List.of())).hasValueSatisfying(
          m -> assertThat(m).startsWith("unknown AWS region \"eu-west\"; did you mean eu-west-1? "));
    }

    @Test
    void region_whenUppercase_suggestsTheLowercaseRegion() {
      assertThat(AwsNameRules.region("US-EAST-1", List.of())).hasValueSatisfying(
          m -> assertThat(m).startsWith("unknown AWS region \"US-EAST-1\"; did you mean us-east-1? "));
    }

    @Test
    void region_whenNothingIsClose_saysWhatIsKnownWithoutAGuess() {
      assertThat(AwsNameRules.region("xx-nowhere-99", List.of())).hasValueSatisfying(m -> assertThat(m)
          .startsWith("unknown AWS region \"xx-nowhere-99\". Regions known to AWS SDK ")
          .doesNotContain("did you mean")
          .contains("cloud.extra_regions"));
    }

    @Test
    void region_whenListedInExtraRegions_isEmpty() {
      assertThat(AwsNameRules.region("xx-nowhere-99", List.of("xx-nowhere-99"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws-global", "aws-cn-global", "aws-us-gov-global", "aws-iso-global", "aws-iso-b-global",
        "aws-eusc-global"})
    void region_whenGlobalPseudoRegion_isRefusedEvenIfListedAsExtra(String region) {
      String expected = "\"" + region + "\" is a global pseudo-region of the AWS SDK, not a region SageMaker runs in: "
          + "give a regional code such as us-east-1";
      assertThat(AwsNameRules.region(region, List.of())).contains(expected);
      assertThat(AwsNameRules.region(region, List.of(region))).contains(expected);
    }

    @Test
    void region_whenEmpty_asksForARegion() {
      assertThat(AwsNameRules.region("", List.of())).contains("must not be empty: give an AWS region such as us-east-1");
    }

    @Test
    void knownRegions_isSortedFromTheSdkWithoutGlobalOnes() {
      List<String> regions = AwsNameRules.knownRegions();
      assertThat(regions).isSorted().contains("us-east-1", "eu-west-1", "ap-northeast-1", "sa-east-1")
          .noneMatch(r -> r.endsWith("-global"))
          .hasSizeGreaterThan(30);
    }
  }

  @Nested
  class RoleArns {
    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/SageMakerRole",
        "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20240101T000000",
        "arn:aws-cn:iam::123456789012:role/Training", "arn:aws-us-gov:iam::000000000001:role/a+b=c,d.e@f-g_h"})
    void roleArn_whenSageMakerPatternMatches_isEmpty(String arn) {
      assertThat(AwsNameRules.roleArn(arn)).isEmpty();
    }

    @Test
    void roleArn_whenUserArn_saysARoleIsNeeded() {
      assertThat(AwsNameRules.roleArn("arn:aws:iam::123456789012:user/alice")).contains(
          "\"arn:aws:iam::123456789012:user/alice\" is an IAM user ARN: SageMaker needs an IAM role it can assume, "
              + "e.g. arn:aws:iam::123456789012:role/SageMakerRole");
    }

    @Test
    void roleArn_whenBareRoleName_suggestsTheFullArnForm() {
      assertThat(AwsNameRules.roleArn("SageMakerRole")).contains("\"SageMakerRole\" is a role name, not a role ARN: "
          + "give the full ARN arn:aws:iam::<12-digit account id>:role/SageMakerRole "
          + "(`aws iam get-role --role-name SageMakerRole --query Role.Arn` prints it)");
    }

    @Test
    void roleArn_whenBareRoleNameWithPath_looksUpTheNameWithoutThePath() {
      assertThat(AwsNameRules.roleArn("service-role/Exec")).hasValueSatisfying(m -> assertThat(m)
          .contains("role/service-role/Exec").contains("--role-name Exec "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", ""})
    void roleArn_whenAccountIdIsNotTwelveDigits_saysSo(String account) {
      String arn = "arn:aws:iam::" + account + ":role/SageMakerRole";
      assertThat(AwsNameRules.roleArn(arn)).contains("the account id \"" + account + "\" in \"" + arn + "\" must be "
          + "exactly 12 digits (keep leading zeros), e.g. arn:aws:iam::123456789012:role/SageMakerRole");
    }

    @Test
    void roleArn_whenAssumedRoleSession_givesTheRoleArn() {
      assertThat(AwsNameRules.roleArn("arn:aws:sts::123456789012:assumed-role/SageMakerRole/botocore-session-1"))
          .contains("\"arn:aws:sts::123456789012:assumed-role/SageMakerRole/botocore-session-1\" is an STS "
              + "assumed-role session ARN: give the IAM role's ARN, arn:aws:iam::123456789012:role/SageMakerRole "
              + "(with the role's path, if it has one)");
    }

    @Test
    void roleArn_whenLongerThan2048_namesTheLengthLimit() {
      String arn = "arn:aws:iam::123456789012:role/" + "r".repeat(2048);
      assertThat(AwsNameRules.roleArn(arn)).contains("must be 20 to 2048 characters long, was " + arn.length());
    }

    @Test
    void roleArn_whenShorterThan20_namesTheLengthLimit() {
      assertThat(AwsNameRules.roleArn("arn:aws:s3:::bucket")).contains("must be 20 to 2048 characters long, was 19");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/My Role", "arn:aws:iam:us-east-1:123456789012:role/R",
        "arn:aws:s3:::my-training-bucket", "arn:aws:iam::123456789012:policy/Training"})
    void roleArn_whenOtherwiseMalformed_givesTheFormAndPattern(String arn) {
      assertThat(AwsNameRules.roleArn(arn)).contains("\"" + arn + "\" is not an IAM role ARN: expected the form "
          + "arn:aws:iam::123456789012:role/SageMakerRole (SageMaker's pattern "
          + "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$)");
    }

    @Test
    void roleArn_whenEmpty_asksForTheRoleArn() {
      assertThat(AwsNameRules.roleArn("")).contains(
          "must not be empty: give the execution role ARN, e.g. arn:aws:iam::123456789012:role/SageMakerRole");
    }
  }

  @Nested
  class ImageUris {
    @ParameterizedTest
    @ValueSource(strings = {
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker",
        ECR + "/train", ECR + "/team/project/train:v1_2.3-rc", ECR + "/train@" + DIGEST,
        ACCOUNT + ".dkr.ecr.cn-north-1.amazonaws.com.cn/train:latest"})
    void imageUri_whenEcrImage_isEmpty(String uri) {
      assertThat(AwsNameRules.imageUri(uri)).isEmpty();
    }

    @Test
    void imageUri_whenLongerThan255_namesTheLimit() {
      String uri = ECR + "/" + "a".repeat(255 - ECR.length());
      assertThat(AwsNameRules.imageUri(uri)).contains(
          "must be at most 255 characters (SageMaker's TrainingImage limit), was 256");
      assertThat(AwsNameRules.imageUri(uri.substring(0, 255))).isEmpty();
    }

    @Test
    void imageUri_whenWhitespace_namesThePattern() {
      assertThat(AwsNameRules.imageUri(ECR + "/train :v1")).contains(
          "must not contain whitespace (SageMaker's TrainingImage pattern [\\S]+)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", "ubuntu", "ultralytics/ultralytics"})
    void imageUri_whenDockerHub_saysOnlyEcrIsUsedAndHowToPush(String uri) {
      assertThat(AwsNameRules.imageUri(uri)).contains("\"" + uri + "\" is a Docker Hub image: SageMaker pulls "
          + "training images from Amazon ECR private repositories; other registries need TrainingImageConfig, "
          + "which soen-cloud does not set. Push the image to ECR (docker tag, then docker push) and give "
          + "<12-digit account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>|@sha256:<digest>]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/org/train:1", "public.ecr.aws/org/train:1", "localhost:5000/train"})
    void imageUri_whenOtherRegistry_namesTheRegistry(String uri) {
      String registry = uri.substring(0, uri.indexOf('/'));
      assertThat(AwsNameRules.imageUri(uri)).hasValueSatisfying(m -> assertThat(m)
          .startsWith("\"" + uri + "\" is on registry " + registry + ": SageMaker pulls training images from Amazon "
              + "ECR private repositories; other registries need TrainingImageConfig"));
    }

    @Test
    void imageUri_whenEcrHostMalformed_showsTheForm() {
      assertThat(AwsNameRules.imageUri("12345.dkr.ecr.us-east-1.amazonaws.com/train")).contains(
          "\"12345.dkr.ecr.us-east-1.amazonaws.com\" is not an ECR registry host: expected <12-digit account>"
              + ".dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>|@sha256:<digest>] (the account id is 12 "
              + "digits)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Train", "train__x", "train/", "-train", "train..x", ""})
    void imageUri_whenRepositoryNameBreaksEcrRules_saysWhatIsAllowed(String repository) {
      assertThat(AwsNameRules.imageUri(ECR + "/" + repository + ":v1")).contains("the repository name \"" + repository
          + "\" must be lowercase letters and digits, with single '.', '_' or '-' between them and '/' between path "
          + "parts (ECR's pattern (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)");
    }

    @Test
    void imageUri_whenTagBreaksRules_saysWhatIsAllowed() {
      String allowed = "\" must be 1 to 128 letters, digits, underscores, periods or hyphens";
      assertThat(AwsNameRules.imageUri(ECR + "/train:")).contains("the tag \"" + allowed);
      assertThat(AwsNameRules.imageUri(ECR + "/train:v1+cuda")).contains("the tag \"v1+cuda" + allowed);
      assertThat(AwsNameRules.imageUri(ECR + "/train:" + "t".repeat(129))).contains(
          "the tag \"" + "t".repeat(129) + allowed);
      assertThat(AwsNameRules.imageUri(ECR + "/train:" + "t".repeat(128))).isEmpty();
    }

    @Test
    void imageUri_whenDigestMalformed_saysWhatIsAllowed() {
      assertThat(AwsNameRules.imageUri(ECR + "/train@sha256:abc")).contains(
          "the digest \"sha256:abc\" must be sha256: followed by 64 lowercase hex digits");
      assertThat(AwsNameRules.imageUri(ECR + "/train@" + DIGEST.toUpperCase(java.util.Locale.ROOT))).isNotEmpty();
    }

    @Test
    void imageUri_whenTagAndDigest_asksForOne() {
      assertThat(AwsNameRules.imageUri(ECR + "/train:v1@" + DIGEST)).contains(
          "give either a tag (:tag) or a digest (@sha256:...), not both");
    }

    @Test
    void imageUri_whenEmpty_asksForAnEcrUri() {
      assertThat(AwsNameRules.imageUri("")).contains("must not be empty: give an Amazon ECR image URI "
          + "<12-digit account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:<tag>|@sha256:<digest>]");
    }

    @Test
    void ecrRegion_readsTheRegistryRegion() {
      assertThat(AwsNameRules.ecrRegion(ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/train:v1")).contains("eu-west-1");
      assertThat(AwsNameRules.ecrRegion("pytorch/pytorch")).isEmpty();
    }
  }

  @Nested
  class InstanceTypes {
    @ParameterizedTest
    @ValueSource(strings = {"ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.g6.xlarge", "ml.g6e.xlarge", "ml.trn1.32xlarge",
        "ml.m5.large", "ml.g5.xlarge"})
    void instanceType_whenSageMakerTrainingType_isEmpty(String type) {
      assertThat(AwsNameRules.instanceType(type)).isEmpty();
    }

    @Test
    void trainingInstanceTypes_comeSortedFromTheSdkModel() {
      assertThat(AwsNameRules.trainingInstanceTypes()).isSorted().doesNotHaveDuplicates()
          .allMatch(t -> t.matches("ml\\.[a-z0-9]+\\.[a-z0-9]+"))
          .contains("ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.g6.xlarge", "ml.g6e.xlarge", "ml.trn1.32xlarge")
          .hasSizeGreaterThan(100);
    }

    @Test
    void instanceType_whenXlargeAbbreviated_suggestsTheFullName() {
      assertThat(AwsNameRules.instanceType("ml.p4d.24xl")).contains("unknown SageMaker training instance type "
          + "\"ml.p4d.24xl\"; did you mean ml.p4d.24xlarge? ml.p4d comes in: ml.p4d.24xlarge");
    }

    @Test
    void instanceType_whenMlPrefixMissing_suggestsItWithThePrefix() {
      assertThat(AwsNameRules.instanceType("p5.48xlarge")).contains("unknown SageMaker training instance type "
          + "\"p5.48xlarge\"; did you mean ml.p5.48xlarge? ml.p5 comes in: ml.p5.48xlarge");
    }

    @Test
    void instanceType_whenUppercase_suggestsTheLowercaseName() {
      assertThat(AwsNameRules.instanceType("ML.G5.XLARGE")).hasValueSatisfying(m -> assertThat(m)
          .startsWith("unknown SageMaker training instance type \"ML.G5.XLARGE\"; did you mean ml.g5.xlarge? "
              + "ml.g5 comes in: ml.g5.12xlarge, "));
    }

    @Test
    void instanceType_whenSizeUnknown_listsTheSizesOfItsFamily() {
      assertThat(AwsNameRules.instanceType("ml.p4d.48xlarge")).contains("unknown SageMaker training instance type "
          + "\"ml.p4d.48xlarge\"; did you mean ml.p4d.24xlarge? ml.p4d comes in: ml.p4d.24xlarge");
    }

    @Test
    void instanceType_whenNothingIsClose_listsTheFamilies() {
      assertThat(AwsNameRules.instanceType("banana")).hasValueSatisfying(m -> assertThat(m)
          .startsWith("unknown SageMaker training instance type \"banana\". SageMaker training types are "
              + "ml.<family>.<size>; families known to AWS SDK 2.")
          .contains(": c4, c5, c5n, ")
          .contains(", p4d, p4de, p5, ")
          .doesNotContain("did you mean"));
    }
  }

  /** Properties over generated names, seeded by {@link #SEED}; the affix lists are the S3 page's. */
  @Nested
  class BucketProperties {
    private final List<String> reservedPrefixes = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private final List<String> reservedSuffixes = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    @Test
    void randomValidBucketNames_pass() {
      qt().withFixedSeed(SEED).withExamples(3000).forAll(longs().all())
          .checkAssert(s -> {
            String name = validBucket(new Random(s));
            assertThat(AwsNameRules.bucketName(name)).as(name).isEmpty();
            assertThat(AwsNameRules.bucketDotsNote(name, false).isPresent()).as(name).isEqualTo(name.contains("."));
          });
    }

    @Test
    void validBucketNamesWithAnUppercaseLetter_fail() {
      qt().withFixedSeed(SEED).withExamples(2000).forAll(longs().all(), integers().between(0, 25))
          .checkAssert((s, letter) -> {
            Random random = new Random(s);
            String name = validBucket(random);
            int at = random.nextInt(name.length());
            char upper = (char) ('A' + letter);
            String bad = name.substring(0, at) + upper + name.substring(at + 1);
            assertThat(AwsNameRules.bucketName(bad)).as(bad).hasValueSatisfying(m -> assertThat(m)
                .contains("may contain only lowercase letters, digits, periods (.) and hyphens (-), found '"
                    + upper + "'"));
          });
    }

    @Test
    void validBucketNamesWithAReservedPrefixOrSuffix_fail() {
      qt().withFixedSeed(SEED).withExamples(2000)
          .forAll(longs().all(), integers().between(0, reservedPrefixes.size() + reservedSuffixes.size() - 1))
          .checkAssert((s, which) -> {
            String name = validBucket(new Random(s));
            boolean prefix = which < reservedPrefixes.size();
            String affix = prefix ? reservedPrefixes.get(which) : reservedSuffixes.get(which - reservedPrefixes.size());
            String body = name.substring(0, Math.min(name.length(), 63 - affix.length()));
            String bad = prefix ? affix + body : body + affix;
            String rule = prefix ? "must not start with \"" + affix + "\"" : "must not end with \"" + affix + "\"";
            assertThat(AwsNameRules.bucketName(bad)).as(bad).hasValueSatisfying(m -> assertThat(m).contains(rule));
          });
    }

    /**
     * A valid bucket name of 3 to 63 characters: letters, digits, hyphens (also several in a row)
     * and single dots between letters or digits. It starts with a letter other than a, s and x and
     * ends with a character other than s, p and 3, so it never carries a reserved prefix or suffix
     * and is never an IP address.
     */
    private String validBucket(Random random) {
      String first = "bcdefghijklmnopqrtuvwyz";
      String last = "abcdefghijklmnoqrtuvwxyz012456789";
      String middle = "abcdefghijklmnopqrstuvwxyz0123456789";
      int length = 3 + random.nextInt(61);
      StringBuilder name = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
      while (name.length() < length - 1) {
        char previous = name.charAt(name.length() - 1);
        int roll = random.nextInt(10);
        if (roll == 0 && previous != '.' && previous != '-') {
          name.append('.');
        } else if (roll == 1 && previous != '.') {
          name.append('-');
        } else {
          name.append(middle.charAt(random.nextInt(middle.length())));
        }
      }
      return name.append(last.charAt(random.nextInt(last.length()))).toString();
    }
  }
}
