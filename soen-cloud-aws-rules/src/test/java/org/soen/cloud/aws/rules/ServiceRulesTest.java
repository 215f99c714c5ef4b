package org.soen.cloud.aws.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.soen.cloud.aws.rules.Violation.Part;
import org.soen.cloud.aws.rules.Violation.Rule;

class ServiceRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServiceRules rules = ServiceRules.load();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static ObjectNode validCreate() throws Exception {
    return (ObjectNode) json("{'TrainingJobName':'soen-a-1','RoleArn':'arn:aws:iam::123456789012:role/R',"
        + "'AlgorithmSpecification':{'TrainingImage':'1.dkr.ecr.us-east-1.amazonaws.com/x:1','TrainingInputMode':'File'},"
        + "'OutputDataConfig':{'S3OutputPath':'s3://b/p/output/'},"
        + "'ResourceConfig':{'InstanceType':'ml.p5.48xlarge','InstanceCount':1,'VolumeSizeInGB':50},"
        + "'StoppingCondition':{'MaxRuntimeInSeconds':3600},'Environment':{'A':'b'},"
        + "'Tags':[{'Key':'soen:project','Value':'demo'}]}");
  }

  @Test
  void source_namesTheModelsRepositoryAndCommit() {
    assertThat(rules.source()).startsWith("https://github.com/aws/api-models-aws at 56c8953e (2025-04-02)")
        .contains("sagemaker-2017-07-24.json");
  }

  @Test
  void everyPatternInTheResource_compilesInJava() {
    for (String service : List.of("sagemaker", "logs", "s3", "sts", "secretsmanager", "pricing")) {
      assertThat(rules.operations(service)).isNotEmpty();
    }
    assertThat(rules.pattern("sagemaker", "TagValue")).map(Pattern::pattern)
        .contains("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    assertThat(rules.maxLength("sagemaker", "TrainingEnvironmentMap")).contains(100L);
  }

  @Test
  void check_whenRequestIsValid_findsNothing() throws Exception {
    assertThat(rules.check("sagemaker", "CreateTrainingJob", validCreate())).isEmpty();
  }

  @Test
  void check_whenRequiredMemberMissing_reportsMustNotBeNull() throws Exception {
    ObjectNode in = validCreate();
    in.remove("RoleArn");
    List<Violation> v = rules.check("sagemaker", "CreateTrainingJob", in);
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo(Rule.REQUIRED);
      assertThat(x.awsMessage()).isEqualTo("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    });
  }

  @Test
  void check_whenTagValueHasComma_reportsTagPathInAwsWording() throws Exception {
    ObjectNode in = validCreate();
    in.set("Tags", json("[{'Key':'soen:project','Value':'demo'},{'Key':'team','Value':'a,b'}]"));
    List<Violation> v = rules.check("sagemaker", "CreateTrainingJob", in);
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.members()).containsExactly("Tags", "Value");
      assertThat(x.index()).isEqualTo(1);
      assertThat(ServiceRules.validationMessage(v)).isEqualTo("1 validation error detected: Value 'a,b' at "
          + "'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    });
  }

  @Test
  void check_whenEnvironmentValueTooLong_reportsMapValueWithItsKey() throws Exception {
    ObjectNode in = validCreate();
    in.set("Environment", JSON.createObjectNode().put("BIG", "x".repeat(513)));
    List<Violation> v = rules.check("sagemaker", "CreateTrainingJob", in);
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.part()).isEqualTo(Part.MAP_VALUE);
      assertThat(x.mapKey()).isEqualTo(Optional.of("BIG"));
      assertThat(x.allowed()).isEqualTo("at most 512 characters");
      assertThat(x.awsMessage()).endsWith("at 'environment' failed to satisfy constraint: Map value must satisfy "
          + "constraint: [Member must have length less than or equal to 512]");
    });
  }

  @Test
  void check_whenRangeAndEnumBroken_reportsBoth() throws Exception {
    ObjectNode in = validCreate();
    ((ObjectNode) in.path("ResourceConfig")).put("InstanceType", "ml.g9.huge");
    ((ObjectNode) in.path("StoppingCondition")).put("MaxRuntimeInSeconds", 0);
    List<Violation> v = rules.check("sagemaker", "CreateTrainingJob", in);
    assertThat(v).extracting(Violation::awsPath).containsExactlyInAnyOrder("resourceConfig.instanceType",
        "stoppingCondition.maxRuntimeInSeconds");
    assertThat(ServiceRules.validationMessage(v)).startsWith("2 validation errors detected: Value ");
  }

  @Test
  void check_whenTagKeyRepeated_reportsTheRepeatAsDocumentedUnique() throws Exception {
    ObjectNode in = validCreate();
    in.set("Tags", json("[{'Key':'soen:project','Value':'demo'},{'Key':'soen:project','Value':'other'}]"));
    List<Violation> v = rules.check("sagemaker", "CreateTrainingJob", in);
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo(Rule.UNIQUE);
      assertThat(x.index()).isEqualTo(1);
      assertThat(x.mapKey()).contains("soen:project");
      assertThat(x.awsMessage()).isEqualTo("Value '[{Key=soen:project, Value=demo}, {Key=soen:project, Value=other}]' "
          + "at 'tags' failed to satisfy constraint: Member must not repeat a Key (Keys must be unique per resource)");
    });
  }

  @Test
  void check_whenOperationUnknown_listsTheKnownOnes() {
    assertThatThrownBy(() -> rules.check("sagemaker", "DeleteEverything", JSON.createObjectNode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rules for sagemaker DeleteEverything; known: [CreateTrainingJob");
  }
}
