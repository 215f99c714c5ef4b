package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;

/** The one table from exception to error code and exit code. */
class ExitCodesTest {
  @Test
  void classify_jobFailed_isJobFailedWithExit1() {
    JobStatus failed = JobStatus.builder().jobId("soen-x").provider("fake").state(JobState.FAILED)
        .observedAt(Instant.EPOCH).build();

    ExitCodes.Code code = ExitCodes.classify(new JobFailedException(failed));

    assertThat(code.id()).isEqualTo("job.failed");
    assertThat(code.exitCode()).isEqualTo(1);
  }

  @Test
  void classify_interruptWrappedByAProvider_isInterruptedWithExit130() {
    ExitCodes.Code code = ExitCodes.classify(new ProviderException("aborted", new InterruptedException()));

    assertThat(code.id()).isEqualTo("interrupted");
    assertThat(code.exitCode()).isEqualTo(130);
  }

  @Test
  void classify_providerNotFound_isAProviderError_unlikeAJobMissingFromTheJournal() {
    NotFoundException missing = new NotFoundException("no bucket soen-x");

    assertThat(ExitCodes.classify(missing)).isEqualTo(ExitCodes.Code.PROVIDER_ERROR);
    assertThat(ExitCodes.classify(new UnknownJobException(missing)).id()).isEqualTo("job.not_found");
    assertThat(ExitCodes.of(new UnknownJobException(missing))).isEqualTo(2);
  }

  @Test
  void classify_configurationAndJavaExceptions() {
    assertThat(ExitCodes.classify(new ConfigurationException("cloud.region", "not a region")).id()).isEqualTo("config.invalid");
    assertThat(ExitCodes.classify(new IllegalStateException("bug"))).isEqualTo(ExitCodes.Code.INTERNAL_ERROR);
    assertThat(ExitCodes.of(new NoClassDefFoundError("x"))).isEqualTo(3);
  }

  @Test
  void of_finalState_isZeroOnlyWhenCompleted() {
    assertThat(ExitCodes.of(JobState.COMPLETED)).isZero();
    assertThat(ExitCodes.of(JobState.STOPPED)).isEqualTo(1);
  }
}
