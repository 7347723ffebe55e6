package dev.deepfake4j.spark;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.VideoInput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listed video, opened for the detector. A plain path or a {@code file:} URI is handed over as a path (a shared
 * mount such as NFS must be mounted at the same place on every node); any other Hadoop file-system URI
 * ({@code hdfs://}, {@code s3a://}, {@code abfs://}, …) is opened through Hadoop's {@link FileSystem} and read in
 * place through a {@link HadoopChannel}: FFmpeg seeks in it as the container needs, and nothing is written to the
 * executor's disk. The Hadoop configuration is the executor's ({@code core-site.xml} on its class path) plus the
 * job's {@code spark.hadoop.*} settings.
 *
 * <p>The input's {@linkplain VideoInput#name() name} is the path exactly as listed, so reports and error messages
 * name what the user wrote. Not thread-safe; one instance per video, closed by the thread that opened it.
 */
final class HadoopVideo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopVideo.class);
    /** A URI scheme of two or more characters, so that a Windows drive letter is not taken for one. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final VideoInput input;
    private final HadoopChannel channel;

    private HadoopVideo(VideoInput input, HadoopChannel channel) {
        this.input = input;
        this.channel = channel;
    }

    /**
     * @param path a local path, a {@code file:} URI or a Hadoop file-system URI
     * @return the video, opened (close it)
     * @throws DeepfakeException {@code FILE_NOT_FOUND} for a malformed or missing path or a folder,
     *         {@code UNSUPPORTED_INPUT} for a scheme no Hadoop file system serves, {@code IO_FAILURE} when the file
     *         system cannot open it
     */
    static HadoopVideo open(String path) throws DeepfakeException {
        if (!SCHEME.matcher(path).matches()) {
            try {
                return new HadoopVideo(VideoInput.of(Path.of(path)), null);
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
            return new HadoopVideo(VideoInput.of(Path.of(uri)), null);
        }
        HadoopChannel channel = openChannel(path, uri, executorHadoopConfiguration());
        return new HadoopVideo(VideoInput.of(channel, path), channel);
    }

    /**
     * Opens a Hadoop file as a channel, whatever its scheme (also {@code file:}).
     *
     * @param name the name for error messages
     * @param uri the file
     * @param conf the Hadoop configuration
     * @return the open channel; the caller closes it
     * @throws DeepfakeException as {@link #open(String)}
     */
    static HadoopChannel openChannel(String name, URI uri, Configuration conf) throws DeepfakeException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = file.getFileSystem(conf); // cached per scheme and user: not closed here
            FileStatus status = fs.getFileStatus(file);
            if (status.isDirectory()) {
                throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, name + " is a folder, not a video; list "
                        + "the videos in it, or give the folder itself as INPUT", null);
            }
            FSDataInputStream in = fs.open(status.getPath());
            LOG.debug("Streaming {} ({} bytes) from {}", name, status.getLen(), fs.getScheme());
            return new HadoopChannel(in, status.getLen());
        } catch (FileNotFoundException e) {
            throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "No such file: " + name
                    + "; check the path in the input list", null, e);
        } catch (UnsupportedFileSystemException e) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "No Hadoop file system for " + name + " ("
                    + e.getMessage() + "); add its connector to the job's jars or use a local path", null, e);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot open " + name + " on this executor: " + e
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

    /** @return the video for {@link dev.deepfake4j.DeepfakeDetector#analyze(VideoInput)} */
    VideoInput input() {
        return input;
    }

    /** Closes the stream of a Hadoop file; a path has nothing to close. */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the stream of {}: {}", input.name(), e.toString());
        }
    }
}
