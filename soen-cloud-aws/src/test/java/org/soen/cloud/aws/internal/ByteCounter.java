package org.soen.cloud.aws.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Records every upload the S3 client sends on the wire (PutObject and UploadPart): key and body length. */
final class ByteCounter implements ExecutionInterceptor {
  record Sent(String key, long bytes) {}

  final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    long length = context.httpRequest().firstMatchingHeader("x-amz-decoded-content-length")
        .or(() -> context.httpRequest().firstMatchingHeader("Content-Length")).map(Long::parseLong)
        .orElseGet(() -> context.requestBody().flatMap(b -> b.optionalContentLength()).orElse(-1L));
    if (context.request() instanceof PutObjectRequest put) {
      sent.add(new Sent(put.key(), length));
    } else if (context.request() instanceof UploadPartRequest part) {
      sent.add(new Sent(part.key(), length));
    }
  }

  /** Bytes sent to data-set objects (not configs or manifests). */
  long dataBytes() {
    return sent.stream().filter(s -> s.key().contains("/.datasets/") && !s.key().endsWith(".json"))
        .mapToLong(Sent::bytes).sum();
  }

  void reset() {
    sent.clear();
  }
}
