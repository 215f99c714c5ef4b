package org.soen.cloud.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.soen.cloud.spi.AtomicFiles;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;

/**
 * The testkit's FakeSageMaker as a process of its own, for benchmarks that run the
 * {@code soen-cloud} command against servers outside its JVM.
 *
 * <p>{@code java -cp <benchmarks classpath> org.soen.cloud.bench.FakeSageMakerServer <store> <info file> <bucket>...}
 * starts an S3 server over the folder {@code store} (the fake reads and writes job data there) and
 * the fake SageMaker / CloudWatch Logs / STS endpoint on 127.0.0.1, then writes
 * {@code sagemaker=<endpoint>}, {@code s3=<endpoint>}, {@code access_key_id=} and
 * {@code secret_access_key=} (the credentials both accept) to the info file, and serves until its
 * standard input closes.
 */
public final class FakeSageMakerServer {
  private FakeSageMakerServer() {}

  /** Serves until standard input ends; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: FakeSageMakerServer <store folder> <info file> <bucket>...; got "
          + args.length + " arguments");
    }
    Path store = Files.createDirectories(Path.of(args[0]));
    Path info = Path.of(args[1]);
    String[] buckets = Arrays.copyOfRange(args, 2, args.length);
    try (EmbeddedS3 s3 = EmbeddedS3.startOnDisk(store, buckets);
        FakeSageMaker sagemaker = FakeSageMaker.start(Clock.systemUTC(), s3)) {
      AtomicFiles.writeString(info, "sagemaker=" + sagemaker.endpoint() + "\ns3=" + s3.endpoint() + "\naccess_key_id="
          + s3.accessKeyId() + "\nsecret_access_key=" + s3.secretAccessKey() + "\n");
      InputStream in = System.in;
      while (in.read() >= 0) {
        // serve until the benchmark closes our standard input
      }
    }
  }
}
