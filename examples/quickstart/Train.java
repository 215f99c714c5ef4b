// A tiny trainer that runs on a bare JDK: `java Train.java`.
//
// It reads its inputs the way a cloud job does, from the environment soen-cloud sets:
//   SOEN_CONFIG      the staged training YAML (epochs and learning_rate are read from it)
//   SOEN_DATA_DIR    the staged data (points.csv: x1..x4,label)
//   SOEN_OUTPUT_DIR  where results go (model.txt, metrics.csv)
// and trains a logistic regression with full-batch gradient descent, one log line per epoch.

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Train {
  public static void main(String[] args) throws IOException {
    Path config = Path.of(require("SOEN_CONFIG"));
    Path data = Path.of(require("SOEN_DATA_DIR")).resolve("points.csv");
    Path output = Path.of(require("SOEN_OUTPUT_DIR"));
    String yaml = Files.readString(config);
    int epochs = (int) number(yaml, "epochs", 20);
    double rate = number(yaml, "learning_rate", 0.5);

    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (String line : Files.readAllLines(data).subList(1, Files.readAllLines(data).size())) {
      String[] f = line.split(",");
      double[] x = new double[f.length - 1];
      for (int i = 0; i < x.length; i++) {
        x[i] = Double.parseDouble(f[i]);
      }
      xs.add(x);
      ys.add(Integer.parseInt(f[f.length - 1].strip()));
    }
    int n = xs.size();
    int d = xs.get(0).length;
    System.out.printf(Locale.ROOT, "training logistic regression on %d samples x %d features, %d epochs, lr %.3f%n",
        n, d, epochs, rate);

    double[] w = new double[d];
    double b = 0;
    StringBuilder metrics = new StringBuilder("epoch,loss,accuracy\n");
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double[] gw = new double[d];
      double gb = 0;
      double loss = 0;
      int correct = 0;
      for (int i = 0; i < n; i++) {
        double[] x = xs.get(i);
        double z = b;
        for (int j = 0; j < d; j++) {
          z += w[j] * x[j];
        }
        double p = 1 / (1 + Math.exp(-z));
        int y = ys.get(i);
        loss -= y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12));
        if ((p >= 0.5 ? 1 : 0) == y) {
          correct++;
        }
        for (int j = 0; j < d; j++) {
          gw[j] += (p - y) * x[j];
        }
        gb += p - y;
      }
      for (int j = 0; j < d; j++) {
        w[j] -= rate * gw[j] / n;
      }
      b -= rate * gb / n;
      double accuracy = (double) correct / n;
      System.out.printf(Locale.ROOT, "epoch %d/%d loss=%.4f accuracy=%.4f%n", epoch, epochs, loss / n, accuracy);
      metrics.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", epoch, loss / n, accuracy));
      System.out.flush();
      pause();
    }
    StringBuilder model = new StringBuilder("# logistic regression: p = sigmoid(w . x + b)\n");
    for (int j = 0; j < d; j++) {
      model.append(String.format(Locale.ROOT, "w%d=%.6f%n", j + 1, w[j]));
    }
    model.append(String.format(Locale.ROOT, "b=%.6f%n", b));
    Files.createDirectories(output);
    Files.writeString(output.resolve("model.txt"), model);
    Files.writeString(output.resolve("metrics.csv"), metrics);
    System.out.println("wrote " + output.resolve("model.txt"));
  }

  /** Slows the demo down a little so the streamed epochs can be watched; set SOEN_DEMO_PAUSE_MS=0 to skip. */
  private static void pause() {
    long ms = Long.parseLong(System.getenv().getOrDefault("SOEN_DEMO_PAUSE_MS", "100"));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double number(String yaml, String key, double fallback) {
    Matcher m = Pattern.compile("(?m)^\\s+" + key + ":\\s*([0-9.eE+-]+)\\s*$").matcher(yaml);
    return m.find() ? Double.parseDouble(m.group(1)) : fallback;
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null) {
      System.err.println(name + " is not set: run this through soen-cloud (see README)");
      System.exit(2);
    }
    return value;
  }
}
