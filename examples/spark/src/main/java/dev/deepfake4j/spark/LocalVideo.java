package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video as a file on this executor's disk, which is what FFmpeg reads. A plain path or a {@code file:} URI is used
 * where it is (a shared mount such as NFS must be mounted at the same place on every node); any other Hadoop
 * file-system URI ({@code hdfs://}, {@code s3a://}, {@code abfs://}, …) is copied to a temporary file that
 * {@link #close()} deletes. The Hadoop configuration is the executor's ({@code core-site.xml} on its class path)
 * plus the job's {@code spark.hadoop.*} settings.
 *
 * <p>Not thread-safe; one instance per video, closed by the thread that opened it.
 */
final class LocalVideo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalVideo.class);
    /** A URI scheme of two or more characters, so that a Windows drive letter is not taken for one. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final Path file;
    private final boolean temporary;

    private LocalVideo(Path file, boolean temporary) {
        this.file = file;
        this.temporary = temporary;
    }

    /**
     * @param path a local path, a {@code file:} URI or a Hadoop file-system URI
     * @return the video as a local file
     * @throws DeepfakeException {@code FILE_NOT_FOUND} for a malformed or missing path, {@code UNSUPPORTED_INPUT}
     *         for a scheme no Hadoop file system serves, {@code IO_FAILURE} when a copy fails
     */
    static LocalVideo of(String path) throws DeepfakeException {
        if (!SCHEME.matcher(path).matches()) {
            try {
                return new LocalVideo(Path.of(path), false);
            } catch (InvalidPathException e) {
                throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Not a valid path: '" + path + "' ("
                        + e.getReason() + "); list one video path per line", null, e);
            }
        }
        URI uri;
        try {
            uri = new URI(path);
        } catch (URISyntaxException e) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "Not a valid URI: '" + path + "' ("
                    + e.getReason() + "); escape spaces as %20 or give a plain local path", null, e);
        }
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return new LocalVideo(Path.of(uri), false);
        }
        return copyToLocal(uri);
    }

    private static LocalVideo copyToLocal(URI uri) throws DeepfakeException {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(uri);
        Path local = null;
        try {
            FileSystem fs = remote.getFileSystem(executorHadoopConfiguration());
            local = Files.createTempFile("deepfake4j-", "-" + remote.getName());
            try (InputStream in = fs.open(remote)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.debug("Copied {} to {} ({} bytes)", uri, local, Files.size(local));
            return new LocalVideo(local, true);
        } catch (IOException e) {
            deleteQuietly(local);
            if (e instanceof FileNotFoundException) {
                throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "No such file: " + uri
                        + "; check the path in the input list", null, e);
            }
            if (e instanceof UnsupportedFileSystemException) {
                throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "No Hadoop file system for " + uri + " ("
                        + e.getMessage() + "); add its connector to the job's jars or use a local path", null, e);
            }
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot copy " + uri + " to this executor: " + e
                    + "; check that executors can read it", null, e);
        }
    }

    private static Configuration executorHadoopConfiguration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (scala.Tuple2<String, String> kv : env.conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(kv._1(), kv._2());
            }
        }
        return conf;
    }

    /** @return the local file to decode */
    Path file() {
        return file;
    }

    /** Deletes the local copy, if this is one. */
    @Override
    public void close() {
        if (temporary) {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete the temporary copy {}: {}", p, e.toString());
        }
    }
}
