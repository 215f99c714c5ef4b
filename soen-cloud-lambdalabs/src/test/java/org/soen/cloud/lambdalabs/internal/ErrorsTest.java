package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.soen.cloud.SoenCloudException;

class ErrorsTest {
  @Test
  void describe_whenTheExceptionHasNoMessage_usesTheFirstMessageOnItsCauses() {
    assertThat(Errors.describe(new ConnectException())).isEqualTo("ConnectException without further detail");
    IOException wrapped = new IOException((String) null, new ConnectException("Connection refused"));
    assertThat(Errors.describe(wrapped)).isEqualTo("Connection refused (ConnectException)");
  }

  @Test
  void describe_neverSaysNull() {
    assertThat(Errors.describe(new EOFException())).isEqualTo("EOFException without further detail");
    assertThat(Errors.describe(new RuntimeException((String) null))).doesNotContain("null");
  }

  @Test
  void describe_ofOurOwnException_isItsMessageAlone() {
    assertThat(Errors.describe(new SoenCloudException("the training command exited with code 3")))
        .isEqualTo("the training command exited with code 3");
    assertThat(Errors.describe(new IOException("Broken pipe"))).isEqualTo("Broken pipe (IOException)");
  }

  @Test
  void describe_ofACauseCycle_ends() {
    IOException a = new IOException((String) null);
    IOException b = new IOException((String) null, a);
    a.initCause(b);
    assertThat(Errors.describe(a)).isEqualTo("IOException without further detail");
  }
}
