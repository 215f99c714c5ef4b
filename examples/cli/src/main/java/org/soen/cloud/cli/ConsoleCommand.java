package org.soen.cloud.cli;

import java.util.concurrent.CountDownLatch;
import org.soen.cloud.CloudTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud console [--port P] [--no-browser]}. */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = {"Serve the web console on 127.0.0.1: Jobs (live logs, epoch charts, stop), Submit,",
        "Credentials (settings, doctor, Save as Default) and Pricing. Opens the browser with a per-start",
        "token unless --no-browser; Ctrl-C ends the console, never a job."})
final class ConsoleCommand extends BaseCommand {
  @Option(names = "--port", paramLabel = "P", description = "Listen on this port (default: a free one).")
  int port;

  @Option(names = "--no-browser", description = "Print the URL instead of opening a browser.")
  boolean noBrowser;

  @Override
  int execute() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw usage("--port must be between 1 and 65535 (or left out for a free port), was " + port);
    }
    ConsoleFeeds feeds = new ConsoleFeeds();
    CountDownLatch ended = new CountDownLatch(1);
    try (CloudTrainer trainer = trainer(feeds);
        ConsoleServer server = ConsoleServer.start(trainer, feeds, ctx, port);
        CliContext.Registration hook = ctx.interrupts().register(ended::countDown)) {
      // The URL holds this start's token: it goes to stdout (or the browser), never to a log.
      ctx.out().println("soen-cloud console: " + server.url());
      ctx.out().flush();
      if (!noBrowser && !Browser.open(server.url())) {
        out().info("Open the URL above in a browser (no browser could be started here).");
      }
      out().info("Ctrl-C ends the console; jobs keep running.");
      ended.await();
    }
    return ExitCodes.OK;
  }
}
