package org.soen.cloud.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The servers the benchmark talks to, each a process of its own on 127.0.0.1: S3Proxy (its own
 * {@code Main}, a filesystem store) and {@link FakeSageMakerServer}, which accept one access key.
 */
final class Servers implements AutoCloseable {
  private final Process sagemaker;
  private final Process s3proxy;
  private final Properties info;
  private final String s3;
  private final Path store;

  private Servers(Process sagemaker, Process s3proxy, Properties info, String s3, Path store) {
    this.sagemaker = sagemaker;
    this.s3proxy = s3proxy;
    this.info = info;
    this.s3 = s3;
    this.store = store;
  }

  /** Starts both over the store {@code work/s3} with {@code buckets}, logging to {@code work/*.log}. */
  static Servers start(Path work, List<String> buckets) throws IOException, InterruptedException {
    Path store = Files.createDirectories(work.resolve("s3"));
    Path infoFile = work.resolve("sagemaker.properties");
    Files.deleteIfExists(infoFile);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> fake = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp,
        FakeSageMakerServer.class.getName(), store.toString(), infoFile.toString()));
    fake.addAll(buckets);
    Process sagemaker = new ProcessBuilder(fake).redirectErrorStream(true)
        .redirectOutput(work.resolve("fake-sagemaker.log").toFile()).start();
    while (!Files.exists(infoFile)) {
      if (sagemaker.waitFor(100, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("FakeSageMakerServer exited " + sagemaker.exitValue() + "; see fake-sagemaker.log");
      }
    }
    Properties info = new Properties();
    try (var in = Files.newBufferedReader(infoFile, StandardCharsets.UTF_8)) {
      info.load(in);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path conf = work.resolve("s3proxy.properties");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + info.getProperty("access_key_id"),
        "s3proxy.credential=" + info.getProperty("secret_access_key"),
        "s3proxy.v4-max-non-chunked-request-size=67108864",
        "jclouds.provider=filesystem",
        "jclouds.identity=identity",
        "jclouds.credential=credential",
        "jclouds.filesystem.basedir=" + store, ""));
    Process s3proxy = new ProcessBuilder(java, "-Xmx512m", "-cp", cp, "org.gaul.s3proxy.Main", "--properties",
        conf.toString()).redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile()).start();
    Servers servers = new Servers(sagemaker, s3proxy, info, "http://127.0.0.1:" + port, store);
    while (!listening(port)) {
      if (s3proxy.waitFor(100, TimeUnit.MILLISECONDS)) {
        servers.close();
        throw new IllegalStateException("S3Proxy exited " + s3proxy.exitValue() + "; see s3proxy.log");
      }
    }
    return servers;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String s3Endpoint() {
    return s3;
  }

  String sagemakerEndpoint() {
    return info.getProperty("sagemaker");
  }

  String accessKeyId() {
    return info.getProperty("access_key_id");
  }

  String secretAccessKey() {
    return info.getProperty("secret_access_key");
  }

  /** The CPU seconds (user and system) S3Proxy has used so far, from /proc; -1 where that cannot be read. */
  double s3CpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(s3proxy.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s on Linux
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Where S3Proxy keeps {@code bucket}'s objects. */
  Path bucketFolder(String bucket) {
    return store.resolve(bucket);
  }

  @Override
  public void close() throws IOException {
    s3proxy.destroy();
    sagemaker.getOutputStream().close();
    try {
      s3proxy.waitFor();
      sagemaker.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
