package org.soen.cloud.spi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that whoever reads it sees its old content or its new content, never a partial
 * file: the one way soen-cloud and its providers replace the files they keep (journal records,
 * caches, configuration, downloads).
 *
 * <p>The new content goes to a temporary file in the target's own folder, named hidden
 * {@code .<target name>.<random>.tmp} and created as {@link Files#createTempFile} creates one
 * (readable and writable by its owner only on POSIX file systems), which is then moved onto the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. Where the file system cannot move atomically
 * the move falls back to a plain {@link StandardCopyOption#REPLACE_EXISTING} move, which a reader
 * may see half done on such a file system only. When anything fails (the content callback throws,
 * the disk is full, the move is refused) the target is left as it was and the temporary file is
 * removed, and the exception reaches the caller. The folder is created when it is missing. The
 * content is not forced to the disk before the move: the guarantee is for readers while the
 * system runs, and after a power loss it is what the file system gives to a rename.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's new content; throwing abandons the write and leaves the target as it was. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content to {@code out}, which is buffered; {@link AtomicFiles} closes it afterwards. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with what {@code content} writes, or leaves it untouched when that fails; returns {@code target}. */
  public static Path write(Path target, Content content) throws IOException {
    Path tmp = temporary(target, content);
    try {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException | RuntimeException | Error e) {
      remove(tmp, e);
      throw e;
    }
  }

  /** Replaces {@code target} with {@code text} in UTF-8, as {@link #write(Path, Content)} does; returns {@code target}. */
  public static Path writeString(Path target, CharSequence text) throws IOException {
    return write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Creates {@code target} with what {@code content} writes unless it exists, never replacing it:
   * {@code false} when it was there already or another process created it meanwhile (its file then
   * stays, whole). Where the file system has hard links, the complete temporary file is linked as
   * the target, which fails when the target exists however close the race; elsewhere it is moved
   * without replacing, which checks just before moving, so only a race at that very instant can
   * still replace the other file.
   */
  public static boolean writeIfAbsent(Path target, Content content) throws IOException {
    if (Files.exists(target)) {
      return false;
    }
    Path tmp = temporary(target, content);
    boolean created;
    try {
      if (!linked(tmp, target)) {
        Files.move(tmp, target);
      }
      created = true;
    } catch (FileAlreadyExistsException e) {
      created = false;
    } catch (IOException | RuntimeException | Error e) {
      remove(tmp, e);
      throw e;
    }
    Files.deleteIfExists(tmp);
    return created;
  }

  /** Whether {@code target} was made a hard link to {@code tmp}; {@code false} where the file system has none. */
  private static boolean linked(Path tmp, Path target) throws FileAlreadyExistsException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /** A complete temporary file beside {@code target} holding what {@code content} writes; removed when writing fails. */
  private static Path temporary(Path target, Content content) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      content.writeTo(out);
    } catch (IOException | RuntimeException | Error e) {
      remove(tmp, e);
      throw e;
    }
    return tmp;
  }

  /** Removes {@code tmp} after {@code failure}, to which a failure to remove it is added as suppressed. */
  private static void remove(Path tmp, Throwable failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
