package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.SoenCloudException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * FakeSageMaker's Price List, asked by the real SDK's {@link PricingClient} over HTTP on
 * 127.0.0.1: it answers in the service's shape and refuses what the service refuses, and
 * {@link AwsErrors} translates the refusals with the cause kept.
 */
class FakePriceListIT {
  @TempDir Path tmp;
  @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp);
  private AwsClients clients;

  @BeforeEach
  void start() {
    clients = AwsClients.create(aws.config(tmp).build(), aws.env());
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  private AwsServiceException refused(Consumer<GetProductsRequest.Builder> request) {
    return catchThrowableOfType(AwsServiceException.class, () -> clients.pricing().getProducts(request));
  }

  private static Consumer<GetProductsRequest.Builder> sageMaker(Consumer<GetProductsRequest.Builder> more) {
    return b -> more.accept(b.serviceCode("AmazonSageMaker"));
  }

  @Test
  void getProducts_answersPriceListItemsAsJsonStrings_pagedByMaxResults() {
    aws.fake.priceList().putTraining("us-east-1", "ml.p5.48xlarge", new BigDecimal("55.04"))
        .putTraining("us-east-1", "ml.g5.xlarge", new BigDecimal("1.41"))
        .putTraining("eu-west-1", "ml.p5.48xlarge", new BigDecimal("60.00"));

    GetProductsResponse first = clients.pricing().getProducts(sageMaker(b -> b.maxResults(1)
        .filters(f -> f.type("TERM_MATCH").field("regionCode").value("us-east-1"))));
    GetProductsResponse second = clients.pricing().getProducts(sageMaker(b -> b.maxResults(1)
        .nextToken(first.nextToken())));

    assertThat(first.formatVersion()).isEqualTo("aws_v1");
    assertThat(first.priceList()).singleElement().satisfies(item -> assertThat(item)
        .contains("\"instanceName\":\"ml.p5.48xlarge\"").contains("\"component\":\"Training\"")
        .contains("\"pricePerUnit\":{\"USD\":\"55.0400000000\"}"));
    assertThat(SageMakerLivePrices.onDemandHourly(first.priceList().get(0), "ml.p5.48xlarge"))
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("55.04"));
    assertThat(second.priceList()).singleElement().satisfies(item -> assertThat(item).contains("ml.g5.xlarge"));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void getProducts_withAFieldNoProductHas_matchesNothing() {
    aws.fake.priceList().putTraining("us-east-1", "ml.p5.48xlarge", new BigDecimal("55.04"));

    assertThat(clients.pricing().getProducts(sageMaker(b -> b.filters(f -> f.type("TERM_MATCH").field("instanceType")
        .value("ml.p5.48xlarge")))).priceList()).isEmpty();
  }

  @Test
  void getProducts_withMaxResultsOutsideTheModelsRange_isAValidationException() {
    assertThat(refused(sageMaker(b -> b.maxResults(0)))).satisfies(e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '0' at 'maxResults' "
          + "failed to satisfy constraint: Member must have value greater than or equal to 1");
    });
    assertThat(refused(sageMaker(b -> b.maxResults(101))).awsErrorDetails().errorMessage())
        .contains("Member must have value less than or equal to 100");
  }

  @Test
  void getProducts_withAFilterTypeOutsideTheModelsEnum_isAValidationException() {
    AwsServiceException e = refused(sageMaker(b -> b.filters(f -> f.type("EQUALS").field("regionCode").value("us-east-1"))));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage()).contains("at 'filters.1.member.type'")
        .contains("Member must satisfy enum value set: [TERM_MATCH]");
  }

  @Test
  void getProducts_withTooManyFiltersOrAnEmptyValue_isAValidationException() {
    List<software.amazon.awssdk.services.pricing.model.Filter> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add(software.amazon.awssdk.services.pricing.model.Filter.builder().type("TERM_MATCH").field("f" + i)
          .value("v").build());
    }
    assertThat(refused(sageMaker(b -> b.filters(many))).awsErrorDetails().errorMessage())
        .contains("at 'filters'").contains("Member must have length less than or equal to 50");
    assertThat(refused(sageMaker(b -> b.filters(f -> f.type("TERM_MATCH").field("regionCode").value(""))))
        .awsErrorDetails().errorMessage()).contains("Member must have length greater than or equal to 1");
  }

  @Test
  void getProducts_withoutOrWithABadServiceCode_isRefusedAsTheServiceDoes() {
    assertThat(refused(b -> b.formatVersion("aws_v1")).awsErrorDetails().errorMessage())
        .contains("at 'serviceCode' failed to satisfy constraint: Member must not be null");
    AwsServiceException empty = refused(b -> b.serviceCode(""));
    assertThat(empty.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
    assertThat(empty.awsErrorDetails().errorMessage()).isEqualTo("Input Parameters are invalid. serviceCode cannot be null or empty");
    assertThat(refused(b -> b.serviceCode("Amazon SageMaker")).awsErrorDetails().errorMessage())
        .isEqualTo("ServiceCode can only contain a-z, A-Z, 0-9");
    assertThat(refused(b -> b.serviceCode("AmazonSageMakr")).awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
  }

  @Test
  void getProducts_withAFormatVersionOtherThanAwsV1OrAForeignToken_isRefused() {
    assertThat(refused(sageMaker(b -> b.formatVersion("aws_v2"))).awsErrorDetails().errorCode())
        .isEqualTo("InvalidParameterException");
    assertThat(refused(sageMaker(b -> b.nextToken("not-a-token"))).awsErrorDetails().errorCode())
        .isEqualTo("InvalidNextTokenException");
  }

  @Test
  void refusals_areTranslatedByAwsErrors_keepingTheCause() {
    AwsServiceException invalid = refused(b -> b.serviceCode(""));
    SoenCloudException translated = AwsErrors.translate("read prices", invalid);
    assertThat(translated).isInstanceOf(ConfigurationException.class).hasCause(invalid)
        .hasMessageContaining("AWS rejected the request to read prices: Input Parameters are invalid.");

    AwsServiceException unknown = refused(b -> b.serviceCode("AmazonSageMakr"));
    assertThat(AwsErrors.translate("read prices", unknown)).isInstanceOf(NotFoundException.class).hasCause(unknown)
        .hasMessage("not found while trying to read prices: Service code AmazonSageMakr not found");
  }
}
