package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads a training job's CloudWatch log: every instance's stream under
 * {@code /aws/sagemaker/TrainingJobs/<job>/}, merged in time order, resumed from a cursor that
 * holds each stream's forward token. An ended job's log counts as complete once late lines can no
 * longer arrive ({@link #LOG_GRACE}) or several reads found nothing new.
 */
final class SageMakerLogs {
  static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";
  /** How long after a job ends its logs may still receive late lines. */
  static final Duration LOG_GRACE = Duration.ofMinutes(2);
  /** Reads of an ended job that found nothing new before its log counts as complete. */
  static final int COMPLETE_AFTER_EMPTY_READS = 3;
  private static final String EMPTY_READS = "~empty";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudWatchLogsClient logs;
  private final Clock clock;

  SageMakerLogs(CloudWatchLogsClient logs, Clock clock) {
    this.logs = logs;
    this.clock = clock;
  }

  /** The lines of job {@code jobId} (now in {@code status}) after {@code cursor}. */
  LogPage read(String jobId, JobStatus status, String cursor) {
    Map<String, String> tokens = new TreeMap<>(decodeCursor(cursor));
    int emptyReadsAfterEnd = Integer.parseInt(Optional.ofNullable(tokens.remove(EMPTY_READS)).orElse("0"));
    List<LogLine> lines = new ArrayList<>();
    Map<String, String> nextTokens = new TreeMap<>(tokens);
    for (LogStream stream : streams(jobId)) {
      String name = stream.logStreamName();
      String token = tokens.get(name);
      for (int round = 0; round < 10; round++) {
        String t = token;
        GetLogEventsResponse page = AwsErrors.call("read log stream " + name, () -> logs.getLogEvents(b -> b
            .logGroupName(LOG_GROUP).logStreamName(name).startFromHead(true).nextToken(t).limit(1000)));
        String shortName = name.substring(name.indexOf('/') + 1);
        for (OutputLogEvent e : page.events()) {
          lines.add(LogLine.of(Instant.ofEpochMilli(e.timestamp()), shortName, stripNewline(e.message())));
        }
        boolean same = page.nextForwardToken() == null || page.nextForwardToken().equals(token);
        if (page.nextForwardToken() != null) {
          token = page.nextForwardToken();
          nextTokens.put(name, token);
        }
        if (same || page.events().isEmpty()) {
          break;
        }
      }
    }
    lines.sort(Comparator.comparing(LogLine::at).thenComparing(LogLine::stream));
    boolean ended = status.state().isTerminal() && lines.isEmpty();
    int emptyReads = ended ? emptyReadsAfterEnd + 1 : 0;
    // CloudWatch may still ingest lines after the job ends: the log is complete once the grace
    // period has passed, or after several reads of the ended job found nothing new.
    boolean complete = ended && (emptyReads >= COMPLETE_AFTER_EMPTY_READS
        || status.endedAt().map(e -> !clock.instant().isBefore(e.plus(LOG_GRACE))).orElse(true));
    if (emptyReads > 0) {
      nextTokens.put(EMPTY_READS, String.valueOf(emptyReads));
    }
    return LogPage.of(lines, encodeCursor(nextTokens), complete);
  }

  private List<LogStream> streams(String jobId) {
    List<LogStream> streams = new ArrayList<>();
    try {
      String next = null;
      do {
        String page = next;
        var response = logs.describeLogStreams(b -> b.logGroupName(LOG_GROUP)
            .logStreamNamePrefix(jobId + "/").nextToken(page).limit(50));
        streams.addAll(response.logStreams());
        next = response.nextToken();
      } while (next != null);
    } catch (ResourceNotFoundException e) {
      streams.clear();
    } catch (SdkException e) {
      throw AwsErrors.translate("list log streams of " + jobId, e);
    }
    return streams;
  }

  private static String stripNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  static String encodeCursor(Map<String, String> tokens) {
    if (tokens.isEmpty()) {
      return "";
    }
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(tokens));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<Map<String, String>>() {});
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cursor", "not a log cursor from this provider; pass the cursor of the "
          + "previous page, or an empty one to start from the beginning");
    }
  }
}
