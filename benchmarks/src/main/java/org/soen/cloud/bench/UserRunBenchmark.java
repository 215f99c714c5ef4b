package org.soen.cloud.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stages data sets as users do, each tool a fresh process against S3Proxy and FakeSageMakerServer
 * running as processes of their own on 127.0.0.1: {@code soen-cloud train --detach} (provider
 * sagemaker), {@code rclone copy} and {@code aws s3 cp --recursive}; then the YOLO-like set again,
 * unchanged ({@code soen-cloud train --detach}, {@code rclone copy}, {@code aws s3 sync}); then
 * {@code soen-cloud list} with 1,000 jobs in the journal against {@code aws sagemaker
 * list-training-jobs} and rclone's start-up. Rounds are interleaved with the order rotating; it
 * prints the medians, spread, peak RSS and load as a markdown table ({@link Report}).
 *
 * <p>Arguments: {@code <work folder> <soen-cloud command> [rounds=3] [scale=1.0] [sets=abc] [another
 * soen-cloud commands]}; the last, when given, runs beside the first as "soen-cloud before" (an
 * earlier build, say) with the same work; several, separated by commas, run as "soen-cloud before",
 * then "soen-cloud &lt;file name of the command&gt;" each (JVM option variants, say). Run through {@code benchmarks/run.sh}. Not a test.
 */
public final class UserRunBenchmark {
  static final String SOEN = "soen-cloud train --detach";
  static final String BEFORE = "soen-cloud before";
  static final String RCLONE = "rclone copy";
  static final String AWS = "aws s3 cp --recursive";
  private static final String BUCKET = "soen-bench";

  private final Path work;
  private final String cli;
  private final Servers servers;
  private final String aws;
  private final Optional<String> before;
  /** Every soen-cloud command timed, by tool name: ours first, then the earlier builds or variants. */
  private final Map<String, String> soens = new java.util.LinkedHashMap<>();
  private final List<String> stagers;
  private final List<Timed.Run> runs = new ArrayList<>();

  private UserRunBenchmark(Path work, String cli, Servers servers, String aws, List<String> befores) {
    this.work = work;
    this.cli = cli;
    this.servers = servers;
    this.aws = aws;
    this.before = befores.stream().findFirst();
    soens.put(SOEN, cli);
    for (int i = 0; i < befores.size(); i++) {
      soens.put(i == 0 ? BEFORE : "soen-cloud " + Path.of(befores.get(i)).getFileName().toString().replaceAll("\\.sh$", ""),
          befores.get(i));
    }
    String peers = System.getenv().getOrDefault("BENCH_PEERS", "rclone,aws");
    List<String> all = new ArrayList<>(soens.keySet());
    if (peers.contains("rclone")) {
      all.add(RCLONE);
    }
    if (peers.contains("aws")) {
      all.add(AWS);
    }
    this.stagers = List.copyOf(all);
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: UserRunBenchmark <work folder> <soen-cloud command> [rounds] [scale] [sets]");
    }
    Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
    String cli = Path.of(args[1]).toAbsolutePath().toString();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    double scale = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    String sets = args.length > 4 ? args[4] : "abc";
    List<String> befores = args.length > 5 && !args[5].isBlank()
        ? java.util.Arrays.stream(args[5].split(",")).map(c -> Path.of(c).toAbsolutePath().toString()).toList()
        : List.of();
    Path[] data = DataSets.write(work.resolve("data"), scale);
    String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
    Report.header(work, aws);
    try (Servers servers = Servers.start(work, List.of(BUCKET, "rclone", "aws"))) {
      UserRunBenchmark bench = new UserRunBenchmark(work, cli, servers, aws, befores);
      bench.warmUp(data[2]);
      for (int round = 1; round <= rounds; round++) {
        for (int s = 0; s < data.length; s++) {
          String set = String.valueOf((char) ('a' + s));
          if (sets.contains(set)) {
            bench.stageRound(set, data[s], round, round + s);
          }
        }
      }
      if (!"off".equals(System.getenv("BENCH_LIST"))) {
        bench.listRounds(Math.max(5, rounds));
      }
      new Report(bench.runs, Map.of("a", Report.bytes(data[0]), "b", Report.bytes(data[1]), "c",
          Report.bytes(data[2]))).print();
    }
  }

  /** One untimed upload by each tool, so binaries and the CLI's class-data archive exist before timing. */
  private void warmUp(Path dataC) throws IOException, InterruptedException {
    Path tiny = work.resolve("warmup");
    if (!Files.exists(tiny)) {
      Files.createDirectories(tiny);
      try (Stream<Path> files = Files.list(dataC.resolve("shard0"))) {
        for (Path f : (Iterable<Path>) files.limit(20)::iterator) {
          Files.copy(f, tiny.resolve(f.getFileName()));
        }
      }
    }
    for (int i = 0; i < 2; i++) {
      for (String tool : stagers) {
        run("warmup", tool, 0, tiny, "warmup" + i, false);
      }
    }
  }

  /** Fresh uploads of {@code data} by each tool, the order rotated by {@code turn}; for B then a re-stage. */
  private void stageRound(String set, Path data, int round, int turn) throws IOException, InterruptedException {
    String id = set + "r" + round;
    clear(id);
    for (String tool : rotate(stagers, turn)) {
      runs.add(run(set, tool, round, data, id, false));
    }
    if (set.equals("b") && !"off".equals(System.getenv("BENCH_AGAIN"))) {
      for (String tool : rotate(stagers, turn)) {
        runs.add(run("b again", tool, round, data, id, true));
      }
    }
    clear(id);
  }

  /** Removes what an earlier run left under {@code id}: the uploads of every tool and soen-cloud's homes (journal, digest cache). */
  private void clear(String id) throws IOException {
    for (String tool : soens.keySet()) {
      deleteTree(servers.bucketFolder(BUCKET).resolve("soen").resolve(project(id, tool)));
      deleteTree(work.resolve("runs").resolve(id).resolve(home(tool)));
    }
    deleteTree(servers.bucketFolder("rclone").resolve(id));
    deleteTree(servers.bucketFolder("aws").resolve(id));
  }

  private Timed.Run run(String set, String tool, int round, Path data, String id, boolean again)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("runs").resolve(id));
    Path log = dir.resolve(tool.replaceAll("\\W+", "-") + (again ? "-again" : "") + ".log");
    Map<String, String> env = new HashMap<>(credentials());
    List<String> cmd;
    switch (soens.containsKey(tool) ? SOEN : tool) {
      case SOEN -> {
        Path yaml = dir.resolve("train-" + home(tool) + ".yaml");
        Files.writeString(yaml, trainYaml(project(id, tool), data), StandardCharsets.UTF_8);
        env.put("SOEN_HOME", dir.resolve(home(tool)).toString());
        env.put("AWS_ENDPOINT_URL", servers.sagemakerEndpoint());
        cmd = List.of(soens.get(tool), "train", "--config", yaml.toString(), "--detach");
      }
      // S3Proxy 2.5 refuses the signature of rclone 1.60's "text/plain; charset=utf-8" uploads
      case RCLONE -> cmd = List.of("rclone", "copy", data.toString(), "bench:rclone/" + id,
          "--header-upload", "Content-Type: application/octet-stream");
      default -> cmd = again
          ? List.of(aws, "--endpoint-url", servers.s3Endpoint(), "s3", "sync", data.toString(), "s3://aws/" + id + "/",
              "--only-show-errors")
          : List.of(aws, "--endpoint-url", servers.s3Endpoint(), "s3", "cp", data.toString(), "s3://aws/" + id + "/",
              "--recursive", "--only-show-errors");
    }
    return Timed.run(set, tool, round, cmd, env, log, servers::s3CpuSeconds);
  }

  /**
   * Start-up as users meet it, each command a fresh process through the launcher: {@code --version},
   * {@code list} with 1,000 finished jobs and with none, {@code status JOB} with 1,000 jobs (a job the
   * FakeSageMaker knows, in another journal, since list would ask the provider for it while it runs) and {@code train --detach} of a few small files, for soen-cloud (and the
   * "before" command), beside {@code aws sagemaker list-training-jobs} and rclone's start-up.
   * Untimed first: each launcher's class-data archive ({@code SOEN_CLOUD_CDS=now}) and one
   * {@code list} of the full journal (which builds its index).
   */
  private void listRounds(int rounds) throws IOException, InterruptedException {
    JournalFill.Filled full = JournalFill.fill(work.resolve("runs"), work.resolve("list-1000"), 1000, false);
    JournalFill.Filled known = JournalFill.fill(work.resolve("runs"), work.resolve("status-1000"), 1000, true);
    Path empty = Files.createDirectories(work.resolve("list-empty"));
    Path tiny = work.resolve("warmup");
    String train = "train --detach (" + count(tiny) + " small files)";
    Map<String, List<String>> tools = new java.util.LinkedHashMap<>();
    Map<String, Path> homes = new HashMap<>();
    Map<String, String> launchers = new java.util.LinkedHashMap<>();
    launchers.put("soen-cloud", cli);
    before.ifPresent(b -> launchers.put("soen-cloud before", b));
    launchers.forEach((name, command) -> {
      tools.put(name + " --version", List.of(command, "--version"));
      tools.put(name + " list (1,000 jobs)", List.of(command, "list"));
      homes.put(name + " list (1,000 jobs)", full.home());
      tools.put(name + " list (no jobs)", List.of(command, "list"));
      tools.put(name + " status JOB (1,000 jobs)", List.of(command, "status", known.knownJob()));
      homes.put(name + " status JOB (1,000 jobs)", known.home());
      tools.put(name + " " + train, List.of(command, "train", "--detach"));
    });
    tools.put("aws sagemaker list-training-jobs", List.of(aws, "--endpoint-url", servers.sagemakerEndpoint(),
        "sagemaker", "list-training-jobs"));
    tools.put("rclone lsd (start-up floor)", List.of("rclone", "lsd", "bench:"));
    Path logs = Files.createDirectories(work.resolve("runs").resolve("list"));
    for (String command : launchers.values()) {
      Map<String, String> env = new HashMap<>(credentials());
      env.put("SOEN_HOME", full.home().toString());
      env.put("SOEN_CLOUD_CDS", "now");
      Timed.run("list", "untimed", 0, List.of(command, "list"), env, logs.resolve("untimed.log"), () -> 0.0);
    }
    for (int round = 1; round <= rounds; round++) {
      for (String tool : rotate(new ArrayList<>(tools.keySet()), round)) {
        Map<String, String> env = new HashMap<>(credentials());
        env.put("SOEN_HOME", homes.getOrDefault(tool, empty).toString());
        env.put("AWS_ENDPOINT_URL", servers.sagemakerEndpoint());
        List<String> command = new ArrayList<>(tools.get(tool));
        if (tool.contains(" train ")) {
          Path dir = Files.createDirectories(work.resolve("runs").resolve("startup-r" + round));
          Path yaml = dir.resolve(tool.replaceAll("\\W+", "-") + ".yaml");
          Files.writeString(yaml, trainYaml("benchstartup" + round + (tool.contains("before") ? "b4" : ""), tiny),
              StandardCharsets.UTF_8);
          command.addAll(List.of("--config", yaml.toString()));
          env.put("SOEN_HOME", dir.resolve("home").toString());
        }
        runs.add(Timed.run("list", tool, round, command, env, logs.resolve(tool.replaceAll("\\W+", "-") + round + ".log"),
            servers::s3CpuSeconds));
      }
    }
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", servers.accessKeyId(), "AWS_SECRET_ACCESS_KEY", servers.secretAccessKey(),
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true",
        "RCLONE_CONFIG_BENCH_TYPE", "s3", "RCLONE_CONFIG_BENCH_PROVIDER", "Other",
        "RCLONE_CONFIG_BENCH_ENDPOINT", servers.s3Endpoint(),
        "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", servers.accessKeyId(),
        "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", servers.secretAccessKey());
  }

  private String trainYaml(String project, Path data) {
    return "cloud:\n  provider: sagemaker\n  project: " + project + "\n  experiment: bench\n  region: us-east-1\n"
        + "  role: arn:aws:iam::123456789012:role/SageMakerRole\n  bucket: " + BUCKET + "\n"
        + "  docker_image_pytorch: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311\n"
        + "  endpoints:\n    s3: " + servers.s3Endpoint() + "\n  s3_path_style: true\n"
        + "  instance:\n    instance_type: ml.g5.xlarge\n    max_runtime_hours: 1\n"
        + "  command: [python, train.py]\n  data: " + data + "\n";
  }

  private String project(String id, String tool) {
    int index = new ArrayList<>(soens.keySet()).indexOf(tool);
    return "bench" + id + (index == 0 ? "" : index == 1 ? "b4" : "v" + index);
  }

  /** The SOEN_HOME folder name of a soen-cloud command (journal, digest cache). */
  private String home(String tool) {
    int index = new ArrayList<>(soens.keySet()).indexOf(tool);
    return index == 0 ? "home" : index == 1 ? "home-before" : "home-v" + index;
  }

  static <T> List<T> rotate(List<T> items, int by) {
    List<T> out = new ArrayList<>(items);
    java.util.Collections.rotate(out, by % items.size());
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
