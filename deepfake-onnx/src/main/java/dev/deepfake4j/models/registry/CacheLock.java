package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one cache file, across threads and processes: a JVM-wide lock per path, then an OS
 * file lock ({@link FileChannel#lock()}) on {@code <file>.lock} beside it. Another process that wants the same file
 * waits until this one has stored it, then finds it in place. Release with {@link #close()}.
 *
 * <p>The JVM-wide lock comes first because the OS lock belongs to the whole process: a second thread asking for
 * it would get {@link java.nio.channels.OverlappingFileLockException} instead of waiting. The {@code .lock} file
 * stays after release: deleting it would let a waiter hold a lock on an unlinked file while a newcomer locks a new
 * one. Not for sharing between threads: the thread that acquired it closes it.
 */
final class CacheLock implements AutoCloseable {
    /** Per absolute target path; one entry per model file ever pulled, so the map stays small. */
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock inJvm;
    private final FileChannel channel;
    private final FileLock osLock;

    private CacheLock(ReentrantLock inJvm, FileChannel channel, FileLock osLock) {
        this.inJvm = inJvm;
        this.channel = channel;
        this.osLock = osLock;
    }

    /**
     * Blocks until this thread holds the lock for {@code target}.
     *
     * @param target the cache file about to be written (its folder is created)
     * @return the held lock
     * @throws DeepfakeException {@link ErrorCode#CANCELLED} when interrupted while waiting,
     *         {@link ErrorCode#IO_FAILURE} when the lock file cannot be created
     */
    static CacheLock acquire(Path target) throws DeepfakeException {
        Path key = target.toAbsolutePath().normalize();
        ReentrantLock inJvm = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            inJvm.lockInterruptibly();
        } catch (InterruptedException e) {
            throw DeepfakeException.cancelled("waiting for another thread to fetch " + target);
        }
        Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new CacheLock(inJvm, channel, channel.lock());
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
            closeQuietly(channel);
            inJvm.unlock();
            throw DeepfakeException.cancelled("waiting for another process to fetch " + target);
        } catch (IOException e) {
            closeQuietly(channel);
            inJvm.unlock();
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot lock " + lockFile + " in the model cache: "
                    + e.getMessage() + "; set " + RegistryConfig.HOME_ENV + " to a writable folder", lockFile, e);
        }
    }

    /** Releases the OS lock, then the JVM-wide one. Idempotence is not needed: try-with-resources closes once. */
    @Override
    public void close() {
        try {
            osLock.release();
        } catch (IOException ignored) {
            // closing the channel below releases the lock too
        } finally {
            closeQuietly(channel);
            inJvm.unlock();
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was written through it; the OS drops the lock with the descriptor
        }
    }
}
