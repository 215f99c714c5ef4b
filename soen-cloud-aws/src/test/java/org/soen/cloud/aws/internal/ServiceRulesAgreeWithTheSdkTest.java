package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.SortBy;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * The rules resource comes from a published model (aws/api-models-aws) that may be newer than the
 * AWS SDK this project builds with; it must never be older: every value the SDK can send is one the
 * rules (and so the fake) accept.
 */
class ServiceRulesAgreeWithTheSdkTest {
  @Test
  void everyTrainingInstanceTypeOfTheSdk_isInTheModelsEnum() {
    List<String> model = SageMakerRequestRules.RULES.enumValues("sagemaker", "TrainingInstanceType");
    assertThat(model).containsAll(TrainingInstanceType.knownValues().stream().map(TrainingInstanceType::toString).toList());
  }

  @Test
  void theListingEnumsOfTheSdk_areInTheModel() {
    assertThat(SageMakerRequestRules.RULES.enumValues("sagemaker", "SortBy"))
        .containsAll(SortBy.knownValues().stream().map(Object::toString).toList());
    assertThat(SageMakerRequestRules.RULES.enumValues("sagemaker", "TrainingJobStatus"))
        .containsAll(TrainingJobStatus.knownValues().stream().map(Object::toString).toList());
  }

  @Test
  void jobNamePattern_isTheModels() {
    assertThat(SageMakerValidation.JOB_NAME.pattern()).isEqualTo("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
  }
}
